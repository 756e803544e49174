"""Reads for the idea and proposal pages and the API, each with a fixed number of queries.

Plaza lists sort on the counters the services keep (support_count, comment_count) so that
each sort is one range scan of the matching index (idea_newest, idea_most_supported,
idea_most_discussed). Search: every word must appear in the title or the body (a plain
substring match, so 1–2 syllable words such as 도로 or 길 are found; see docs/ideas.md for
why no trigram index is used at the plaza's size).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from gamdong.accounts.models import Role
from gamdong.core.event_selectors import events_for, related_labels, timeline_for, to_entry
from gamdong.core.events import EventType
from gamdong.ideas import rules
from gamdong.ideas.models import (
    ADOPTED_STATUSES,
    CoProposer,
    Idea,
    IdeaComment,
    IdeaRevision,
    IdeaStatus,
    IdeaSupport,
    Proposal,
    ProposalAttachment,
    ProposalKind,
    ProposalStatus,
    Venue,
)
from gamdong.ideas.services import can_use_plaza, is_planner
from gamdong.org.models import Department

PAGE_SIZE = 20
SORTS = {
    "newest": ("-created_at", "-id"),
    "supported": ("-support_count", "-id"),
    "discussed": ("-comment_count", "-id"),
}
SORT_LABELS = {"newest": "최신순", "supported": "공감 많은 순", "discussed": "댓글 많은 순"}
PLAZA_STATUSES = (IdeaStatus.OPEN, IdeaStatus.PROPOSED, IdeaStatus.CLOSED)
# Statuses a committee member may see (the proposal has passed intake).
REVIEW_STATUSES = (
    ProposalStatus.UNDER_REVIEW, ProposalStatus.PILOT, ProposalStatus.HELD, ProposalStatus.ADOPTED,
    ProposalStatus.ADOPTED_WITH_CHANGES, ProposalStatus.REJECTED, ProposalStatus.REREVIEW_REQUESTED,
)
SCREENING_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.SUPPLEMENT_REQUESTED)
# What the public sees of an idea-house proposal: only its outcome, never a name or a score.
PUBLIC_OUTCOME = {
    ProposalStatus.SUBMITTED: "접수 검토 중",
    ProposalStatus.SUPPLEMENT_REQUESTED: "접수 검토 중",
    ProposalStatus.UNDER_REVIEW: "심사 중",
    ProposalStatus.PILOT: "심사 중(현장 시뮬레이션)",
    ProposalStatus.HELD: "보류",
    ProposalStatus.ADOPTED: "채택",
    ProposalStatus.ADOPTED_WITH_CHANGES: "채택(수정)",
    ProposalStatus.REJECTED: "불채택",
    ProposalStatus.REREVIEW_REQUESTED: "재심사 중",
    ProposalStatus.INELIGIBLE: "제안 아님",
}


# --- 창의광장 --------------------------------------------------------------------------------


def _search(queryset: QuerySet, query: str) -> QuerySet:
    for word in rules.search_words(query):
        # A word with no letter case (Hangul, digits): a plain LIKE finds the same rows. On
        # PostgreSQL icontains is UPPER(column) LIKE UPPER(word): three times the work per row,
        # and an estimate so low that the planner read every idea and sorted them instead of
        # walking the sort index until the page was full (48 ms -> 1 ms for 가로등 at 25k ideas).
        lookup = "contains" if word.lower() == word.upper() else "icontains"
        queryset = queryset.filter(Q(**{f"title__{lookup}": word}) | Q(**{f"body__{lookup}": word}))
    return queryset


STATUS_TABS = {IdeaStatus.OPEN: "의견 나눔", IdeaStatus.PROPOSED: "제안으로 제출", IdeaStatus.CLOSED: "마감"}


@dataclass
class PlazaPage:
    """One page of plaza ideas. `count` and `pages` are None for a search: counting every match
    would read every row, while the page itself stops at the first `size + 1` matches."""

    object_list: list
    number: int
    has_next: bool
    count: int | None
    size: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def pages(self) -> int | None:
        return None if self.count is None else max(1, -(-self.count // self.size))


def plaza_page(*, user, sort: str = "newest", query: str = "", status: str = IdeaStatus.OPEN,
               page: int | str = 1, size: int = PAGE_SIZE) -> PlazaPage:
    """One page of plaza ideas of one status (open by default), sorted by newest / most
    supported / most discussed, with the author, the department and whether `user` supported
    each. One status at a time so that each sort walks its index (venue, status, key) in
    order and stops after the page; three queries without a search, two with one."""
    order = SORTS.get(sort, SORTS["newest"])
    status = status if status in STATUS_TABS else IdeaStatus.OPEN
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    ideas = Idea.objects.filter(venue=Venue.PLAZA, status=status)
    words = rules.search_words(query)
    count = None if words else ideas.count()
    if count is not None:
        number = min(number, max(1, -(-count // size)))
    # The page's ids first, from the sort index alone; then those rows with their author,
    # department and the viewer's support. Joining before the OFFSET made a deep page join every
    # skipped idea (PostgreSQL: 14 ms for page 200, most of it joins of rows never shown).
    window = _search(ideas, query).order_by(*order).values("pk")[(number - 1) * size: number * size + 1]
    rows = list(
        Idea.objects.filter(pk__in=window).order_by(*order).select_related("author", "department")
        .annotate(supported=Exists(IdeaSupport.objects.filter(idea=OuterRef("pk"), user=user.pk)))
    )
    return PlazaPage(object_list=rows[:size], number=number, has_next=len(rows) > size, count=count, size=size)


COMMENTS_PER_PAGE = 50
SUPPORTERS_SHOWN = 50
TIMELINE_SHOWN = 50
# Comments and supports have their own sections; the timeline shows the rest of the story.
TIMELINE_SKIP = (EventType.IDEA_COMMENTED, EventType.IDEA_SUPPORTED, EventType.IDEA_SUPPORT_WITHDRAWN)


@dataclass
class IdeaView:
    idea: Idea
    comments: list[IdeaComment]
    comments_page: int
    comments_pages: int
    revisions: list[IdeaRevision]
    supporters: list
    supported: bool
    proposals: list[Proposal]
    timeline: list

    @property
    def more_supporters(self) -> int:
        return max(0, self.idea.support_count - len(self.supporters))


def idea_detail(*, idea_id: int, user, comments_page: int | str = 1) -> IdeaView | None:
    """A plaza idea with a page of its comments (oldest first, 50 a page), the first supporters,
    its revisions, proposals and the latest timeline entries; None when it does not exist or
    `user` may not see it. A fixed number of queries however long the discussion."""
    if not can_use_plaza(user):
        return None
    idea = (
        Idea.objects.filter(pk=idea_id, venue=Venue.PLAZA, status__in=PLAZA_STATUSES)
        .select_related("author", "department", "campaign")
        .annotate(supported=Exists(IdeaSupport.objects.filter(idea=OuterRef("pk"), user=user.pk)))
        .prefetch_related(
            Prefetch("revisions", queryset=IdeaRevision.objects.select_related("editor")),
            Prefetch("proposals", queryset=Proposal.objects.exclude(status=ProposalStatus.DRAFT).only(
                "pk", "number", "title", "status", "idea_id")),
        )
        .first()
    )
    if idea is None:
        return None
    pages = max(1, -(-idea.comment_count // COMMENTS_PER_PAGE))
    try:
        number = min(max(1, int(comments_page)), pages)
    except (TypeError, ValueError):
        number = 1
    comments = list(
        IdeaComment.objects.filter(idea=idea, hidden=False).select_related("author").order_by("created_at", "id")
        [(number - 1) * COMMENTS_PER_PAGE: number * COMMENTS_PER_PAGE]
    )
    supporters = [s.user for s in IdeaSupport.objects.filter(idea=idea).select_related("user")
                  .order_by("created_at", "id")[:SUPPORTERS_SHOWN]]
    return IdeaView(
        idea=idea, comments=comments, comments_page=number, comments_pages=pages,
        revisions=list(idea.revisions.all()), supporters=supporters, supported=idea.supported,
        proposals=list(idea.proposals.all()), timeline=idea_timeline(idea),
    )


def idea_timeline(idea: Idea, *, limit: int = TIMELINE_SHOWN) -> list:
    """The idea's latest events (posting, revisions, proposals), oldest of them first."""
    events = list(events_for(idea).exclude(event_type__in=TIMELINE_SKIP).order_by("-occurred_at", "-id")[:limit])
    events.reverse()
    labels = related_labels(Idea, events)
    return [to_entry(event, model=Idea, labels=labels) for event in events]


def idea_for_proposal(*, idea_id: int, user) -> Idea | None:
    """The idea a new proposal starts from (a plaza idea for staff; one's own house idea)."""
    idea = Idea.objects.filter(pk=idea_id).exclude(status=IdeaStatus.HIDDEN).select_related("author").first()
    if idea is None:
        return None
    if idea.venue == Venue.PLAZA and not can_use_plaza(user):
        return None
    if idea.venue == Venue.HOUSE and idea.author_id != user.pk:
        return None
    return idea


def idea_revisers(idea: Idea, *, exclude_user_id: int) -> list:
    """People who wrote the idea or improved it (suggested co-proposers), first come first."""
    seen: dict[int, object] = {}
    if idea.author_id != exclude_user_id and idea.author.is_employee:
        seen[idea.author_id] = idea.author
    for revision in IdeaRevision.objects.filter(idea=idea).select_related("editor").order_by("created_at", "id"):
        if revision.editor_id != exclude_user_id and revision.editor.is_employee:
            seen.setdefault(revision.editor_id, revision.editor)
    return list(seen.values())


# --- 아이디어하우스 -----------------------------------------------------------------------------


def my_house_ideas(*, user) -> list[Idea]:
    """The user's idea-house ideas with their proposal's status (newest first)."""
    return list(
        Idea.objects.filter(venue=Venue.HOUSE, author=user)
        .prefetch_related(Prefetch("proposals", queryset=Proposal.objects.only(
            "pk", "number", "status", "idea_id", "screening_note", "ineligible_reason", "decision_due_at")))
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class PublicResult:
    title: str
    summary: str
    outcome: str
    submitted_on: dt.date


def house_public_results(*, limit: int = 50) -> list[PublicResult]:
    """The public results of the idea house: title, a short summary, the outcome and the day;
    never the proposer's name or any score."""
    rows = (
        Proposal.objects.filter(idea__venue=Venue.HOUSE, status__in=list(PUBLIC_OUTCOME))
        .only("title", "improvement", "status", "submitted_at").order_by("-submitted_at", "-id")[:limit]
    )
    return [
        PublicResult(
            title=p.title, summary=(p.improvement[:120] + ("…" if len(p.improvement) > 120 else "")),
            outcome=PUBLIC_OUTCOME[p.status], submitted_on=timezone.localtime(p.submitted_at).date(),
        )
        for p in rows
    ]


# --- proposals -----------------------------------------------------------------------------------


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """Proposals `user` may open: their own and those they co-propose; a planner all but others'
    drafts; the head of the proposer's department that department's submitted ones; committee
    members (and the mayor) those that passed intake. A resident sees only their own."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    mine = Q(proposer=user) | Q(co_proposers__user=user)
    if user.is_resident:
        return Proposal.objects.filter(proposer=user)
    visible = mine
    if is_planner(user):
        visible |= ~Q(status=ProposalStatus.DRAFT)
    if user.has_role(Role.COMMITTEE, Role.MAYOR):
        visible |= Q(status__in=REVIEW_STATUSES)
    headed = list(user.employee.headed_departments.values_list("pk", flat=True)) if hasattr(user, "employee") else []
    if headed:
        visible |= Q(department__in=headed) & ~Q(status=ProposalStatus.DRAFT)
    ids = Proposal.objects.filter(visible).values("pk")
    return Proposal.objects.filter(pk__in=ids)


def can_view_proposal(user, proposal: Proposal, *, co_proposer_ids: set[int] | None = None) -> bool:
    """The rule of `proposals_visible_to` for one proposal already read (no scan of the table:
    at most one query, for the departments the user heads)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if proposal.proposer_id == user.pk:
        return True
    if user.is_resident:
        return False
    if co_proposer_ids is None:
        co_proposer_ids = set(proposal.co_proposers.values_list("user_id", flat=True))
    if user.pk in co_proposer_ids:
        return True
    if proposal.status == ProposalStatus.DRAFT:
        return False
    if is_planner(user):
        return True
    if user.has_role(Role.COMMITTEE, Role.MAYOR) and proposal.status in REVIEW_STATUSES:
        return True
    return bool(proposal.department_id) and Department.objects.filter(
        pk=proposal.department_id, head__user=user).exists()


@dataclass
class DeadlineView:
    label: str
    due: dt.datetime
    left: rules.TimeLeft


@dataclass
class ProposalView:
    proposal: Proposal
    current_situation: str
    links: list[str]
    co_proposers: list
    proposer_ids: frozenset[int]  # the proposer's and the co-proposers' user ids
    attachments: list
    complaints: list
    deadlines: list[DeadlineView]
    timeline: list
    is_proposer: bool
    can_screen: bool
    can_edit: bool
    can_withdraw: bool
    waiting_expert: bool
    supplement_allowed: bool


_PROPOSAL_FIELDS = tuple(f.name for f in Proposal._meta.concrete_fields)


def proposal_detail(*, proposal_id: int, user, now: dt.datetime | None = None) -> ProposalView | None:
    """A proposal with its sections, co-proposers, attachments, evidence, deadlines and
    timeline, or None when `user` may not see it."""
    moment = now or timezone.now()
    proposal = (
        Proposal.objects.filter(pk=proposal_id)
        # The links a proposal may have (idea, campaign, club, dialogue, first of a repeat) are
        # neither joined nor prefetched but read when the page shows them: a query only for one
        # that is set. Joined, the ten tables cost PostgreSQL 14-60 ms of planning for a 0.5 ms
        # run (bench/explain_pages.py --side creative); prefetched, Django's prefetch machinery
        # cost 3.4 ms per page even when all five were empty.
        # Of the joined rows only the names the page shows: a whole user and two whole
        # departments cost about 1 ms more to build and read on PostgreSQL here.
        .select_related("proposer", "department", "owner_department")
        .only(*_PROPOSAL_FIELDS, "proposer__name", "department__name", "owner_department__name")
        .first()
    )
    if proposal is None:
        return None
    # Co-proposers, attachments and evidence by plain filtered queries, not prefetch_related:
    # the same three queries without Django's prefetch machinery, which cost about 1 ms of CPU
    # per page here (bench/profile_ops.py --side creative --ops proposal).
    co_rows = list(CoProposer.objects.filter(proposal_id=proposal.pk).select_related("user__employee__department")
                   .only("user", "share_percent", "user__name", "user__employee__user",
                         "user__employee__department", "user__employee__department__name").order_by("pk"))
    co_proposers = [c.user for c in co_rows]
    co_ids = {u.pk for u in co_proposers}
    proposer_ids = frozenset({proposal.proposer_id, *co_ids})
    if not can_view_proposal(user, proposal, co_proposer_ids=co_ids):
        return None
    text, links = _split(proposal.current_situation)
    deadlines = []
    if proposal.status in SCREENING_STATUSES and proposal.supplement_due_at:
        deadlines.append(DeadlineView("보완 요구 기한", proposal.supplement_due_at,
                                      rules.time_left(proposal.supplement_due_at, moment)))
    if proposal.decision_due_at and proposal.decided_at is None and proposal.status not in (
            ProposalStatus.INELIGIBLE, ProposalStatus.REPEAT, ProposalStatus.WITHDRAWN):
        deadlines.append(DeadlineView("채택 여부 결정 기한", proposal.decision_due_at,
                                      rules.time_left(proposal.decision_due_at, moment)))
    planner = is_planner(user)
    is_proposer = proposal.proposer_id == user.pk
    return ProposalView(
        proposal=proposal, current_situation=text, links=links,
        co_proposers=co_proposers, proposer_ids=proposer_ids,
        attachments=list(ProposalAttachment.objects.filter(proposal_id=proposal.pk).order_by("pk")),
        complaints=list(_complaint_evidence().filter(proposals=proposal.pk).order_by("submitted_at", "pk")),
        deadlines=deadlines,
        timeline=proposal_timeline(proposal, user, proposer_ids=proposer_ids),
        is_proposer=is_proposer, can_screen=planner and proposal.status in SCREENING_STATUSES,
        can_edit=is_proposer and proposal.status in (ProposalStatus.DRAFT, ProposalStatus.SUPPLEMENT_REQUESTED),
        can_withdraw=is_proposer and proposal.status in (
            ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.SUPPLEMENT_REQUESTED),
        waiting_expert=any(end is None for _start, end in proposal.excluded_spans),
        supplement_allowed=proposal.status == ProposalStatus.SUBMITTED and (
            proposal.received_at is None or rules.supplement_still_allowed(moment, proposal.supplement_due_at)),
    )


# Who scored a proposal is the committee's business: the proposer, co-proposers and other staff
# see the review's steps (opened, closed, decided) but not each member's sheet.
COMMITTEE_ONLY_EVENTS = frozenset({EventType.SCORE_SUBMITTED})


def _proposal_field_labels() -> frozenset[str]:
    return frozenset(str(f.verbose_name) for f in Proposal._meta.get_fields() if getattr(f, "verbose_name", None))


def proposal_timeline(proposal: Proposal, user, *, proposer_ids: set[int]) -> list:
    """The proposal's history for `user`. Review and pilot events also carry bookkeeping (ids of
    meetings, items, recipients; the mean score) that is not the proposal's: only changes of the
    proposal's own fields are listed, so no one reads "item: 3" and a proposer never a score."""
    labels = _proposal_field_labels()
    insider = is_planner(user) or (user.has_role(Role.COMMITTEE) and user.pk not in proposer_ids)
    entries = []
    for entry in timeline_for(proposal):
        if not insider and entry.event.event_type in COMMITTEE_ONLY_EVENTS:
            continue
        entries.append(dataclasses.replace(entry, changes=[c for c in entry.changes if c.field in labels]))
    return entries


def _split(current_situation: str) -> tuple[str, list[str]]:
    from gamdong.ideas.services import split_links

    return split_links(current_situation)


def _complaint_evidence():
    from gamdong.complaints.models import Complaint

    return Complaint.objects.select_related("category").only(
        "pk", "receipt_number", "title", "dong", "status", "submitted_at", "category__name")


def complaints_for_prefill(ids: list[int]) -> list:
    return list(_complaint_evidence().filter(pk__in=ids).order_by("submitted_at", "pk"))


def my_proposals(*, user) -> list[Proposal]:
    """The user's proposals and those they co-propose, newest first."""
    return list(
        Proposal.objects.filter(Q(proposer=user) | Q(co_proposers__user=user)).distinct()
        .select_related("proposer").order_by("-created_at", "-id")
    )


def screening_queue(*, now: dt.datetime | None = None) -> list[Proposal]:
    """Proposals waiting for intake, the least time left first: not yet received (oldest
    submission first), then received ones by their supplement deadline, then those waiting
    for the proposer's supplement."""
    rows = list(
        Proposal.objects.filter(status__in=SCREENING_STATUSES)
        .select_related("proposer", "department").order_by("submitted_at", "pk")
    )
    moment = now or timezone.now()
    far = moment + dt.timedelta(days=3650)

    def key(p: Proposal):
        waiting = p.status == ProposalStatus.SUPPLEMENT_REQUESTED
        due = p.supplement_due_at if p.received_at else None
        return (waiting, p.received_at is not None, due or far, p.submitted_at or far)

    rows.sort(key=key)
    for p in rows:
        p.time_left = rules.time_left(p.supplement_due_at, moment) if p.supplement_due_at else None
        p.decision_left = rules.time_left(p.decision_due_at, moment) if p.decision_due_at else None
    return rows


def planner_list(*, status: str = "", kind: str = "", department_id: str = "", page: int | str = 1) -> Page:
    """Every submitted proposal, filterable by status, kind and the proposer's department."""
    rows = Proposal.objects.exclude(status=ProposalStatus.DRAFT).select_related("proposer", "department")
    if status in ProposalStatus.values:
        rows = rows.filter(status=status)
    if kind in ProposalKind.values:
        rows = rows.filter(kind=kind)
    if str(department_id).isdigit():
        rows = rows.filter(department_id=int(department_id))
    return Paginator(rows.order_by("-submitted_at", "-id"), PAGE_SIZE).get_page(page)


def counts_by_status() -> dict[str, int]:
    return dict(Proposal.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def adopted_count() -> int:
    return Proposal.objects.filter(status__in=ADOPTED_STATUSES).count()


def rejected_past_retention(*, today: dt.date | None = None) -> list[Proposal]:
    """불채택 제안 보존: rejected proposals are kept `proposals.rejected_keep_years` (2) from the
    decision; these are the ones whose period has ended, oldest decision first, for the records
    officer to dispose of under the records rules (nothing is deleted here: the audit trail
    stays whole). A proposal whose re-review is pending is not rejected and never listed."""
    from gamdong.core.district_settings import district_setting

    today = today or timezone.localdate()
    years = int(district_setting("proposals.rejected_keep_years"))
    try:
        cutoff_day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff_day = today.replace(year=today.year - years, day=28)
    cutoff = dt.datetime.combine(cutoff_day, dt.time.min, tzinfo=timezone.get_current_timezone())
    return list(Proposal.objects.filter(status=ProposalStatus.REJECTED, decided_at__lt=cutoff)
                .select_related("proposer", "department").order_by("decided_at", "pk"))
