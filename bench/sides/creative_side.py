"""gamdong's creative administration (창의행정) at scale: run by bench/run-creative-progress through
bench/sides/driver.py (--side creative), in the repository's .venv, on gamdong.settings.

fill(n): the demo district with its 창의행정 (gamdong.demo.seed: staff, the year's 1직원 1제안
campaign, proposals through intake, review and policy, all through the services), staff scaled to
about STAFF employees (the campaign progress page's cost grows with staff), then n ideas and
proposals in bulk (half each) and COMMENTS_PER_ROW * n comments, supports and co-proposers, with
the counters the services keep (support_count, comment_count, last_activity_at) consistent with
the rows. Bulk rows have no events (the measured proposal is a demo one, with its real timeline).

operations(): the plaza (three sorts, first and a deep page, a search), a proposal's page as the
planner, and the campaign progress page as the mayor, as the head of the biggest 국 and as an
employee.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from pathlib import Path

from harness import Op

REPO_DIR = Path(__file__).resolve().parents[2]
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

DJANGO_SETTINGS_MODULE = "gamdong.settings"
VERSIONS_OF = ["Django", "psycopg"]

os.environ.setdefault("DATA_DIR", str(REPO_DIR / "bench" / ".data" / "creative-var"))
os.environ.setdefault("SECRET_KEY", "bench-gamdong-not-secret")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")

STAFF = int(os.environ.get("BENCH_CREATIVE_STAFF", "1500"))
COMMENTS_PER_ROW = 4  # 200k comments for 50k ideas and proposals
SUPPORTS_PER_ROW = 2
RESIDENTS = 2000
SEARCH_WORD = "가로등"
DEEP_PAGE = 200  # offset 3,980 of about 20k plaza ideas
BATCH = 2000


def available() -> tuple[bool, str]:
    import importlib.util

    if importlib.util.find_spec("gamdong.ideas") is None:
        return False, "gamdong.ideas is not on this branch"
    return True, ""


def _pick_status(rng: random.Random, table: list[tuple[str, float]]) -> str:
    x = rng.random()
    for value, weight in table:
        x -= weight
        if x < 0:
            return value
    return table[-1][0]


def fill(n, corpus):  # noqa: C901, PLR0915 - one linear recipe
    from django.db import transaction
    from django.utils import timezone
    from harness import progress

    from gamdong.accounts.models import User, UserKind
    from gamdong.demo import seed
    from gamdong.demo.ideas import PLAZA_IDEAS
    from gamdong.demo.names import korean_name
    from gamdong.ideas.models import (
        CoProposer,
        Idea,
        IdeaComment,
        IdeaStatus,
        IdeaSupport,
        Proposal,
        ProposalKind,
        ProposalStatus,
        Venue,
    )
    from gamdong.ideas.participation import participation_rebuild_all
    from gamdong.org.models import Department, DepartmentKind, Employee, Series
    from gamdong.org.services import EmployeeSpec, employees_create_many

    say = lambda text: progress(f"    creative: {text}")  # noqa: E731
    rng = random.Random(20261126)
    seed.seed_demo_district(progress=say, complaints=300, creative=True)
    counts: dict[str, int] = {}

    # --- staff up to about STAFF, spread over the teams and community centres ---------------------
    have = Employee.objects.filter(active=True).count()
    units = list(Department.objects.filter(kind__in=[DepartmentKind.TEAM, DepartmentKind.COMMUNITY_CENTRE])
                 .order_by("path"))
    series = list(Series.objects.all())
    specs = []
    for i in range(max(0, STAFF - have)):
        hired = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(28 * 365))
        specs.append(EmployeeSpec(
            employee_number=f"B{i:06d}", name=korean_name(rng), department=units[i % len(units)],
            grade=rng.choice((6, 7, 7, 8, 8, 9, 9)), series=rng.choice(series), hire_date=hired, position="주무관",
        ))
    say(f"직원 {len(specs)}명을 더합니다")
    employees_create_many(actor=None, specs=specs, note="bench")
    staff = list(Employee.objects.filter(active=True).values_list("user_id", "department_id"))
    counts["staff"] = len(staff)

    now = timezone.now()
    with transaction.atomic():
        residents = User.objects.bulk_create(
            [User(username=f"bench-cr{i}", name=korean_name(rng), kind=UserKind.RESIDENT, password="!")
             for i in range(RESIDENTS)], batch_size=BATCH)
    resident_ids = [u.pk for u in residents]

    # --- ideas: 80% plaza (staff), 20% idea house (residents), over three years ------------------
    n_ideas = n // 2
    n_proposals = n - n_ideas
    start = now - dt.timedelta(days=3 * 365)
    span = (now - start).total_seconds()
    ideas = []
    for i in range(n_ideas):
        title, body = rng.choice(PLAZA_IDEAS)
        created = start + dt.timedelta(seconds=span * (i + rng.random()) / n_ideas)
        if rng.random() < 0.8:
            author, department = rng.choice(staff)
            venue = Venue.PLAZA
            status = _pick_status(rng, [(IdeaStatus.OPEN, 0.7), (IdeaStatus.PROPOSED, 0.15),
                                        (IdeaStatus.CLOSED, 0.12), (IdeaStatus.HIDDEN, 0.03)])
        else:
            author, department, venue = rng.choice(resident_ids), None, Venue.HOUSE
            status = _pick_status(rng, [(IdeaStatus.OPEN, 0.5), (IdeaStatus.PROPOSED, 0.5)])
        ideas.append(Idea(
            venue=venue, author_id=author, department_id=department, title=f"{title} {i % 97 + 1}",
            body=body, status=status, created_at=created, last_activity_at=created,
        ))
    say(f"아이디어 {n_ideas:,}건")
    with transaction.atomic():
        ideas = Idea.objects.bulk_create(ideas, batch_size=BATCH)
    plaza = [x for x in ideas if x.venue == Venue.PLAZA]
    counts["ideas"] = len(ideas)

    # --- comments (heavy-tailed: some ideas are discussed a lot) and supports ---------------------
    weights = [rng.paretovariate(1.5) for _ in plaza]
    staff_users = [u for u, _d in staff]
    comment_total = COMMENTS_PER_ROW * n
    chosen = rng.choices(range(len(plaza)), weights=weights, k=comment_total)
    comments, per_idea, last = [], [0] * len(plaza), {}
    for k, index in enumerate(chosen):
        idea = plaza[index]
        at = idea.created_at + dt.timedelta(minutes=rng.randrange(1, 60 * 24 * 30))
        at = min(at, now)
        comments.append(IdeaComment(idea_id=idea.pk, author_id=rng.choice(staff_users),
                                    body=f"좋은 생각입니다. {k % 13 + 1}번째 의견: 현장에서도 필요합니다.", created_at=at))
        per_idea[index] += 1
        last[index] = max(last.get(index, at), at)
    say(f"댓글 {len(comments):,}건")
    with transaction.atomic():
        IdeaComment.objects.bulk_create(comments, batch_size=BATCH)
    counts["comments"] = len(comments)
    del comments

    supports, per_idea_supports = [], [0] * len(plaza)
    for index in rng.choices(range(len(plaza)), weights=weights, k=SUPPORTS_PER_ROW * n // 3):
        per_idea_supports[index] += 1
    for index, wanted in enumerate(per_idea_supports):
        if wanted:
            idea = plaza[index]
            for user_id in rng.sample(staff_users, min(wanted, len(staff_users))):
                supports.append(IdeaSupport(idea_id=idea.pk, user_id=user_id, created_at=idea.created_at))
            per_idea_supports[index] = min(wanted, len(staff_users))
    say(f"공감 {len(supports):,}건")
    with transaction.atomic():
        IdeaSupport.objects.bulk_create(supports, batch_size=BATCH)
        changed = []
        for index, idea in enumerate(plaza):
            if per_idea[index] or per_idea_supports[index]:
                idea.comment_count, idea.support_count = per_idea[index], per_idea_supports[index]
                idea.last_activity_at = last.get(index, idea.created_at)
                changed.append(idea)
        Idea.objects.bulk_update(changed, ["comment_count", "support_count", "last_activity_at"], batch_size=BATCH)
    counts["supports"] = len(supports)
    del supports

    # --- proposals: three years, 40% this year (the running 1직원 1제안 counts them) -------------
    year_start = dt.datetime(now.year, 1, 1, tzinfo=timezone.get_default_timezone())
    statuses = [
        (ProposalStatus.DRAFT, 0.05), (ProposalStatus.WITHDRAWN, 0.03), (ProposalStatus.SUBMITTED, 0.08),
        (ProposalStatus.SUPPLEMENT_REQUESTED, 0.03), (ProposalStatus.INELIGIBLE, 0.08), (ProposalStatus.REPEAT, 0.02),
        (ProposalStatus.UNDER_REVIEW, 0.15), (ProposalStatus.HELD, 0.03), (ProposalStatus.ADOPTED, 0.12),
        (ProposalStatus.ADOPTED_WITH_CHANGES, 0.04), (ProposalStatus.REJECTED, 0.37),
    ]
    house = [x for x in ideas if x.venue == Venue.HOUSE]
    proposals = []
    for i in range(n_proposals):
        this_year = rng.random() < 0.4
        lo = year_start if this_year else start
        hi = now if this_year else year_start
        submitted = lo + dt.timedelta(seconds=rng.random() * (hi - lo).total_seconds())
        status = _pick_status(rng, statuses)
        citizen = rng.random() < 0.1
        if citizen:
            proposer, department, kind = rng.choice(resident_ids), None, ProposalKind.CITIZEN
            idea = rng.choice(house).pk if house and rng.random() < 0.5 else None
        else:
            proposer, department = rng.choice(staff)
            kind, idea = ProposalKind.STAFF, (rng.choice(plaza).pk if rng.random() < 0.2 else None)
        title, body = rng.choice(PLAZA_IDEAS)
        proposals.append(Proposal(
            number=None if status == ProposalStatus.DRAFT else f"B{submitted.year}-{i:06d}",
            kind=kind, status=status, title=title, current_situation=body, problem=body, improvement=body,
            expected_effect="업무 시간이 줄고 주민 만족도가 오릅니다.", proposer_id=proposer, department_id=department,
            idea_id=idea, submitted_at=None if status == ProposalStatus.DRAFT else submitted,
            received_at=None if status in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED) else submitted,
            ineligible_reason="not_public" if status == ProposalStatus.INELIGIBLE else "",
            decision_due_at=submitted + dt.timedelta(days=90), created_at=submitted, updated_at=submitted,
        ))
    say(f"제안 {n_proposals:,}건")
    with transaction.atomic():
        proposals = Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        co = []
        for p in proposals:
            if p.kind == ProposalKind.STAFF and rng.random() < 0.2:
                for user_id in {rng.choice(staff_users) for _ in range(rng.choice((1, 1, 2)))} - {p.proposer_id}:
                    co.append(CoProposer(proposal_id=p.pk, user_id=user_id))
        CoProposer.objects.bulk_create(co, batch_size=BATCH)
    counts["proposals"] = len(proposals)
    counts["co_proposers"] = len(co)
    # the bulk rows went around the services, which keep the campaigns' participation: recount it, as
    # `rebuild_campaign_participation` would after any bulk load
    say("공모 참여 집계를 다시 셉니다")
    with transaction.atomic():
        counts["participation"] = sum(participation_rebuild_all().values())
    return counts


# --- measuring ------------------------------------------------------------------------------------


def _measured_proposal():
    """A demo proposal with an implementation (so a decision), given co-proposers, attachments and
    linked complaints if it has none, as a planner would open it."""
    from django.db.models import Count

    from gamdong.complaints.models import Complaint
    from gamdong.ideas.models import CoProposer, Proposal, ProposalAttachment
    from gamdong.ideas.participation import participation_refresh, standing_of
    from gamdong.org.models import Employee

    proposal = (Proposal.objects.filter(implementation__isnull=False)
                .annotate(c=Count("co_proposers", distinct=True) + Count("complaints", distinct=True)
                          + Count("attachments", distinct=True))
                .order_by("-c", "pk").first())
    if not proposal.co_proposers.exists():
        for e in Employee.objects.exclude(user=proposal.proposer_id).order_by("pk")[:2]:
            CoProposer.objects.create(proposal=proposal, user=e.user, share_percent=25)
        participation_refresh(before=None, after=standing_of(proposal))  # as the services would
    if not proposal.complaints.exists():
        proposal.complaints.add(*Complaint.objects.order_by("pk")[:3])
    if not proposal.attachments.exists():
        for k in range(2):
            ProposalAttachment.objects.create(proposal=proposal, file=f"proposals/bench/{k}.pdf", name=f"근거자료{k}.pdf",
                                              size=1024 * (k + 1), uploaded_by=proposal.proposer)
    return proposal


def operations(corpus):
    from django.test import Client
    from harness import expect, plain_static_files

    plain_static_files()

    from gamdong.accounts.models import User
    from gamdong.ideas.models import Campaign, CampaignKind
    from gamdong.ideas.services import is_planner
    from gamdong.org.models import Department, Employee

    def client_for(user):
        c = Client()
        c.force_login(user)
        return c

    campaign = Campaign.objects.filter(kind=CampaignKind.ONE_EACH).order_by("-starts_on").first()
    progress_url = f"/campaigns/{campaign.pk}/"
    employees = [client_for(e.user) for e in Employee.objects.filter(active=True, user__username__startswith="B")
                 .select_related("user").order_by("pk")[:20]]
    planner = User.objects.get(username="planner")  # the demo's 제안·정책 담당
    assert is_planner(planner)
    planner_client = client_for(planner)
    mayor = client_for(User.objects.get(username="mayor"))
    bureaus = list(Department.objects.filter(depth=1, head__isnull=False).select_related("head__user"))
    sizes = {b.pk: Employee.objects.filter(active=True, department__path__startswith=b.path).count() for b in bureaus}
    bureau = max(bureaus, key=lambda b: sizes[b.pk])
    supervisor = client_for(bureau.head.user)
    proposal = _measured_proposal()
    proposal_url = f"/ideas/proposals/{proposal.pk}/"

    def plaza(params):
        def fn(i):
            expect(employees[i % len(employees)].get("/ideas/", params), 200)
        return fn

    def one(client, url):
        def fn(i):
            expect(client.get(url), 200)
        return fn

    for c in [*employees, planner_client, mayor, supervisor]:
        expect(c.get("/ideas/"), 200)

    ops = {}
    for sort, label in (("newest", "newest"), ("supported", "most supported"), ("discussed", "most discussed")):
        ops[f"plaza_{sort}"] = Op(f"GET /ideas/?sort={sort} as an employee (plaza, {label}, first page)",
                                 plaza({"sort": sort}))
        ops[f"plaza_{sort}_deep"] = Op(f"GET /ideas/?sort={sort}&page={DEEP_PAGE} as an employee ({label}, a deep page)",
                                      plaza({"sort": sort, "page": DEEP_PAGE}))
    ops["plaza_search"] = Op(f"GET /ideas/?q={SEARCH_WORD} as an employee (plaza search, newest first)",
                             plaza({"q": SEARCH_WORD}))
    ops["proposal"] = Op(f"GET {proposal_url} as the planner (co-proposers, attachments, complaints, decision, "
                         "implementation)", one(planner_client, proposal_url))
    ops["progress_mayor"] = Op(f"GET {progress_url} (1직원 1제안 progress) as the mayor (whole office)",
                               one(mayor, progress_url))
    ops["progress_supervisor"] = Op(f"GET {progress_url} as the head of the biggest 국 ({bureau.name}, "
                                    f"{sizes[bureau.pk]} staff, with names)", one(supervisor, progress_url))
    ops["progress_employee"] = Op(f"GET {progress_url} as an employee (own progress)",
                                  lambda i: expect(employees[i % len(employees)].get(progress_url), 200))
    return ops
