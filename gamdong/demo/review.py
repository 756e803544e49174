"""The review (심의) side of the demo district, made through the review services.

Takes the proposals waiting in status 심사 중 (the intake's seed leaves some; when there are
none, a few are written directly as the fallback), forms the staff proposal committee
(제안심사위원회: three external members of the demo's committee-ext1..3, the `committee` login and
one more official; the `planner` login is the secretary) and the residents' committee
(구민창안심사위원회), and holds a meeting two weeks ago: every member scored, one harsh sheet
stands out as an outlier, two proposals adopted with grades and awards, one adopted with
changes, one rejected (its re-review window open), one held, one sent to a field simulation that
is still running. The residents' committee meets next week. Notices of this history are not sent.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from gamdong.accounts.models import User, UserKind
from gamdong.core.notifications import suppressed
from gamdong.ideas.models import CoProposer, Proposal, ProposalKind, ProposalStatus
from gamdong.org.models import Employee
from gamdong.review import services
from gamdong.review.models import Committee, CommitteeKind, MemberRole

SEOUL = ZoneInfo("Asia/Seoul")
FALLBACK_STAFF = [
    ("민원서류 무인발급기 야간 운영", "무인발급기가 18시에 꺼집니다.", "직장인이 서류를 떼지 못합니다.",
     "주민센터 무인발급기를 22시까지 운영합니다.", "야간 방문 민원이 줄어듭니다."),
    ("불법 주정차 신고 사진 자동 분류", "신고 사진을 직원이 하나씩 봅니다.", "처리가 늦고 반복 신고가 많습니다.",
     "사진의 위치·시각으로 같은 차량 신고를 묶습니다.", "처리 시간이 절반으로 줄어듭니다."),
    ("보도블록 교체 주기 알림", "교체 시기를 놓쳐 파손 민원이 생깁니다.", "사후 보수 비용이 큽니다.",
     "구간별 설치일로 교체 알림을 보냅니다.", "파손 민원이 줄어듭니다."),
    ("복지 상담 예약 문자 안내", "상담 예약을 전화로만 받습니다.", "대기가 길고 통화가 몰립니다.",
     "예약 확정·변경을 문자로 안내합니다.", "전화 문의가 줄어듭니다."),
    ("공원 화장실 고장 QR 신고", "고장 신고 방법을 모릅니다.", "고장이 오래 방치됩니다.",
     "칸마다 QR을 붙여 바로 신고하게 합니다.", "수리가 빨라집니다."),
    ("청소차 운행 경로 공개", "수거 시간을 몰라 쓰레기를 일찍 내놓습니다.", "골목이 지저분해집니다.",
     "동별 수거 예정 시각을 누리집에 공개합니다.", "무단 투기 민원이 줄어듭니다."),
    ("회의 자료 종이 없는 보고", "회의마다 자료를 인쇄합니다.", "인쇄비와 시간이 듭니다.",
     "태블릿으로 자료를 공유합니다.", "인쇄비가 줄어듭니다."),
]
FALLBACK_CITIZEN = [
    ("어린이 통학로 노란 발자국", "통학로 횡단보도 앞 대기 위치가 없습니다.", "아이들이 차도에 가까이 섭니다.",
     "횡단보도 앞에 노란 발자국을 칠합니다.", "아이들이 안전한 곳에서 기다립니다."),
    ("경로당 무더위 쉼터 안내판", "쉼터 위치를 모르는 어르신이 많습니다.", "폭염 때 쓰러지는 분이 있습니다.",
     "버스정류장에 가까운 쉼터 안내판을 답니다.", "온열 질환이 줄어듭니다."),
]


def _fallback_proposals(rng: random.Random, today: dt.date) -> list[Proposal]:
    """Proposals under review written directly, for a demo whose intake seeded none."""
    staff = list(Employee.objects.filter(active=True, position="주무관").select_related("user", "department")
                 .exclude(department__name="창의혁신팀").order_by("employee_number"))
    residents = list(User.objects.filter(kind=UserKind.RESIDENT).order_by("pk")[:20])
    made = []
    received = dt.datetime.combine(today - dt.timedelta(days=20), dt.time(10, 0), tzinfo=SEOUL)
    for n, (title, situation, problem, improvement, effect) in enumerate(FALLBACK_STAFF, start=1):
        author = rng.choice(staff)
        proposal = Proposal.objects.create(
            number=f"{today.year}-D{n:03d}", kind=ProposalKind.STAFF, status=ProposalStatus.UNDER_REVIEW, title=title,
            current_situation=situation, problem=problem, improvement=improvement, expected_effect=effect,
            proposer=author.user, department=author.department, owner_department=author.department,
            submitted_at=received, received_at=received, created_at=received, updated_at=received,
        )
        co_count = 3 if n == 2 else (1 if n % 3 == 0 else 0)
        for co in rng.sample([s for s in staff if s.user_id != author.user_id], co_count):
            CoProposer.objects.create(proposal=proposal, user=co.user)
        made.append(proposal)
    for n, (title, situation, problem, improvement, effect) in enumerate(FALLBACK_CITIZEN, start=len(made) + 1):
        if not residents:
            break
        proposal = Proposal.objects.create(
            number=f"{today.year}-D{n:03d}", kind=ProposalKind.CITIZEN, status=ProposalStatus.UNDER_REVIEW, title=title,
            current_situation=situation, problem=problem, improvement=improvement, expected_effect=effect,
            proposer=rng.choice(residents), submitted_at=received, received_at=received, created_at=received,
            updated_at=received,
        )
        made.append(proposal)
    return made


def _committee(planner, name, kind, members) -> Committee:
    committee = Committee.objects.filter(name=name).first() or services.committee_form(actor=planner, name=name, kind=kind)
    for user, role in members:
        if not committee.members.filter(user=user, active=True).exists():
            services.committee_member_add(actor=planner, committee=committee, user=user, role=role)
    return committee


def seed_review(*, rng: random.Random, today: dt.date, progress: Callable[[str], None] = print) -> dict:
    """Seed committees, a held meeting with scores and decisions, a running pilot and an
    upcoming meeting; return what was made (for the caller's summary and the tests)."""
    planner = User.objects.get(username="planner")
    internal = User.objects.get(username="committee")
    externals = list(User.objects.filter(username__in=["committee-ext1", "committee-ext2", "committee-ext3"])
                     .order_by("username"))
    another = (Employee.objects.filter(active=True, position="과장").exclude(user=internal)
               .select_related("user").order_by("employee_number").first())
    with suppressed(), transaction.atomic():
        progress("제안심사위원회와 구민창안심사위원회를 구성합니다")
        staff_members = [(externals[0], MemberRole.CHAIR), (externals[1], MemberRole.MEMBER),
                         (externals[2], MemberRole.MEMBER), (internal, MemberRole.MEMBER),
                         (another.user, MemberRole.MEMBER), (planner, MemberRole.SECRETARY)]
        staff_committee = _committee(planner, "제안심사위원회", CommitteeKind.STAFF, staff_members)
        resident_committee = _committee(planner, "구민창안심사위원회", CommitteeKind.RESIDENT, [
            (externals[1], MemberRole.CHAIR), (externals[0], MemberRole.MEMBER), (externals[2], MemberRole.MEMBER),
            (internal, MemberRole.MEMBER), (planner, MemberRole.SECRETARY)])

        waiting = list(Proposal.objects.filter(status=ProposalStatus.UNDER_REVIEW).order_by("received_at", "pk"))
        if len(waiting) < 6:
            progress("심사 중인 제안이 부족해 데모 제안을 만듭니다")
            waiting += _fallback_proposals(rng, today)
        staff_queue = [p for p in waiting if p.kind != ProposalKind.CITIZEN]
        citizen_queue = [p for p in waiting if p.kind == ProposalKind.CITIZEN]

        progress("2주 전 제안심사위원회: 채점, 결정, 현장 시뮬레이션")
        held_at = dt.datetime.combine(today - dt.timedelta(days=14), dt.time(14, 0), tzinfo=SEOUL)
        meeting = services.meeting_convene(actor=planner, committee=staff_committee,
                                           title=f"{today.year}년 제4차 제안심사위원회", scheduled_at=held_at,
                                           place="구청 본관 3층 기획상황실")
        agenda = [services.agenda_add(actor=planner, meeting=meeting, proposal=p) for p in staff_queue[:6]]
        seats = list(staff_committee.members.filter(active=True))
        services.meeting_record_attendance(actor=planner, meeting=meeting, present=seats)
        scorers = [s for s in seats if s.votes]
        criteria = list(staff_committee.criteria_weights)
        # How good each proposal is (mean mark out of 10): adopted, adopted, changed, rejected, held, pilot.
        quality = [8.6, 7.8, 7.0, 4.2, 6.0, 7.2]
        for index, item in enumerate(agenda):
            item = services.scoring_open(actor=planner, item=item)
            for member in scorers:
                if services.scoring_refusal(item, member) is not None:
                    continue
                harsh = index == 0 and member.user_id == internal.pk  # the outlier of the demo
                base = 2.5 if harsh else quality[index]
                scores = {c: max(1, min(10, round(rng.gauss(base, 0.8)))) for c in criteria}
                services.score_submit(actor=member.user, item=item, scores=scores,
                                      comment="현장 적용 비용에 비해 효과가 작아 보입니다." if harsh else "")
            services.scoring_close(actor=planner, item=item)
        decided_at = held_at + dt.timedelta(hours=2)
        plans = [
            dict(outcome="adopted", grade="최우수", planned_implementation_on=today + dt.timedelta(days=60)),
            dict(outcome="adopted", grade="우수", planned_implementation_on=today + dt.timedelta(days=45)),
            dict(outcome="adopted_changed", grade="장려", reasons="시범 구간을 두 개 동으로 좁혀 채택합니다.",
                 planned_implementation_on=today + dt.timedelta(days=90)),
            dict(outcome="rejected", reasons="이미 시행 중인 제도와 내용이 거의 같습니다."),
            dict(outcome="held", reasons="내년 예산 편성을 확인한 뒤 다시 심사합니다."),
        ]
        decisions = []
        for item, plan in zip(agenda[:5], plans, strict=False):
            decisions.append(services.decision_record(actor=planner, item=item, now=decided_at, **plan))
        pilot = None
        if len(agenda) >= 6:
            pilot = services.pilot_start(
                actor=planner, item=agenda[5], plan="두 개 주민센터에서 한 달 동안 시범 운영합니다.",
                sites="감동1동 주민센터, 감동2동 주민센터", starts_on=today - dt.timedelta(days=10),
                ends_on=today + dt.timedelta(days=20),
                measures=[services.MeasureSpec("관련 민원 건수", 30, "건/월", higher_is_better=False),
                          services.MeasureSpec("이용 주민 만족도", 80, "점")])
            services.pilot_record_result(actor=planner, measure=pilot.measures.order_by("pk").first(), value=24,
                                         note="중간 집계(2주)")
        services.meeting_record_minutes(actor=planner, meeting=meeting, minutes=(
            "위원장이 개회를 선언하고 간사가 안건 6건을 보고하였다.\n\n"
            "안건별로 제안 내용을 검토한 뒤 위원별로 심사표를 제출하였다. 1번 안건은 한 위원의 점수가 다른 위원과 크게 달라 "
            "위원장이 그 이유를 들었다.\n\n6번 안건은 채택 여부를 정하기 전에 현장 시뮬레이션을 하기로 의결하였다."))

        progress("다음 주 구민창안심사위원회를 소집합니다")
        upcoming = services.meeting_convene(
            actor=planner, committee=resident_committee, title=f"{today.year}년 제2차 구민창안심사위원회",
            scheduled_at=dt.datetime.combine(today + dt.timedelta(days=7), dt.time(15, 0), tzinfo=SEOUL),
            place="구청 별관 2층 소회의실")
        for proposal in citizen_queue[:3]:
            services.agenda_add(actor=planner, meeting=upcoming, proposal=proposal)
    progress(f"완료: 위원회 2개, 결정 {len(decisions)}건, 현장 시뮬레이션 {1 if pilot else 0}건")
    return {"committees": [staff_committee, resident_committee], "meeting": meeting, "upcoming": upcoming,
            "decisions": decisions, "pilot": pilot}


def seed_review_now(progress: Callable[[str], None] = print) -> dict:
    """For a shell: seed the review side of an already seeded demo district, as of today."""
    return seed_review(rng=random.Random(2007), today=timezone.localdate(), progress=progress)
