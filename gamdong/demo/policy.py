"""정책화 for the demo district: adopted proposals at every stage of follow-up.

For each stage below, an adopted proposal already in the database (not yet implemented, and
decided long enough ago for that stage) is used; when there is none, one is made with the ORM
(the review app is what adopts proposals; the demo only needs the result). Everything else
goes through gamdong.policy.services, so the demo holds the same rows and events an office
would have. Notices are not sent for this history.

| stage       | decided            | what it shows                                                    |
|-------------|--------------------|------------------------------------------------------------------|
| graded      | 16 months ago      | completed, monthly values over the past year, graded 수·우·미·양·가 |
| complaints  | 6 months + 20 days | from real demo complaints of one category and 동: the automatic    |
|             |                    | count before adoption and after the start                        |
| overdue     | 8 months ago       | in progress, one quarterly check overdue                          |
| suspended   | 5 months ago       | suspended with its reason                                         |
| recent      | 40 days ago        | just started: milestones planned, a measure with no value yet     |
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from gamdong.accounts.models import User
from gamdong.complaints.models import Complaint
from gamdong.core.events import EventType, record_events
from gamdong.core.notifications import suppressed
from gamdong.demo.seed import demo_planner
from gamdong.ideas.models import ADOPTED_STATUSES, Proposal, ProposalKind, ProposalStatus
from gamdong.ideas.services import next_proposal_number
from gamdong.org.models import Department, DepartmentKind, Employee
from gamdong.policy import rules, services
from gamdong.policy.models import Implementation, ImplementationStatus, StatusCheck

STAGES = ("graded", "complaints", "overdue", "suspended", "recent")
# The division that would own each idea in the demo's 감동구 (any division when it is missing).
OWNER_NAMES = {"graded": "민원여권과", "overdue": "어르신장애인과", "suspended": "안전재난과", "recent": "총무과"}

IDEAS = {
    "graded": ("인허가 민원 온라인 사전상담제", "인허가 서류가 미비해 여러 번 방문하는 민원인이 많다.",
               "접수 전 온라인으로 서류를 미리 확인해 주는 사전상담 창구를 운영한다.",
               ("사전상담 창구 개설", "상담 안내문 배포", "전 부서 확대")),
    "complaints": ("반복 민원 다발 지역 현장 정비", "같은 곳에서 같은 민원이 되풀이된다.",
                   "민원이 몰리는 곳을 현장에서 한 번에 정비하고 순찰 주기를 정한다.",
                   ("현장 합동 점검", "정비 공사", "정기 순찰 편성")),
    "overdue": ("어르신 디지털 민원 도우미", "무인민원발급기와 온라인 신청을 어려워하는 어르신이 많다.",
                "동 주민센터에 디지털 도우미를 배치해 신청을 돕는다.",
                ("도우미 모집", "교육", "동 주민센터 배치")),
    "suspended": ("골목길 야간 안심 조명 시범 설치", "골목길이 어두워 밤길이 불안하다는 의견이 많다.",
                  "태양광 안심 조명을 골목길에 시범 설치한다.", ("설치 지점 선정", "시범 설치")),
    "recent": ("공공청사 고효율 조명 교체", "청사 조명이 오래되어 전력 사용량이 많다.",
               "고효율 LED 조명으로 단계적으로 교체한다.", ("교체 대상 조사", "1단계 교체", "2단계 교체")),
}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _busiest_place(before: dt.datetime) -> tuple[int, str] | None:
    """The (category, 동) with the most complaints before `before`, or None without complaints."""
    row = (Complaint.objects.filter(submitted_at__lt=before).exclude(dong="").values("category_id", "dong")
           .annotate(n=Count("pk")).order_by("-n", "category_id", "dong").first())
    return (row["category_id"], row["dong"]) if row and row["n"] >= 3 else None


def _owner_department(rng: random.Random, used: set[int], preferred: Department | None,
                      name: str = "") -> Department:
    if preferred is not None and preferred.active:
        return preferred
    named = Department.objects.filter(name=name, kind=DepartmentKind.DIVISION, active=True).first() if name else None
    if named is not None:
        return named
    divisions = list(Department.objects.filter(kind=DepartmentKind.DIVISION, active=True, head__isnull=False)
                     .exclude(pk__in=used).order_by("path"))
    return rng.choice(divisions) if divisions else Department.objects.filter(kind=DepartmentKind.DISTRICT).first()


def _member(rng: random.Random, department: Department) -> Employee | None:
    staff = list(Employee.objects.active().in_subtree(department).exclude(position__in=("과장", "국장", "담당관"))
                 .select_related("user").order_by("pk")[:30])
    return rng.choice(staff) if staff else None


def _proposal(rng: random.Random, stage: str, decided: dt.date, *, owner: Department, title_suffix: str = "",
              complaints=()) -> Proposal:
    """An adopted proposal in the database decided by `decided`, or a new one."""
    existing = (Proposal.objects.filter(status__in=ADOPTED_STATUSES, implementation__isnull=True,
                                        decided_at__lte=_at(decided, 18))
                .order_by("decided_at", "pk"))
    if complaints:
        existing = existing.filter(complaints__isnull=False).distinct()
    found = existing.first()
    if found is not None:
        return found
    title, problem, improvement, _steps = IDEAS[stage]
    proposer = _member(rng, owner)
    if proposer is None:
        proposer = Employee.objects.active().select_related("user").order_by("pk").first()
    decided_at = _at(decided, 15)
    submitted_at = decided_at - dt.timedelta(days=35)
    proposal = Proposal.objects.create(
        number=next_proposal_number(submitted_at),
        kind=ProposalKind.INSTITUTIONAL if complaints else ProposalKind.STAFF,
        status=ProposalStatus.ADOPTED if rng.random() < 0.7 else ProposalStatus.ADOPTED_WITH_CHANGES,
        title=title + title_suffix, current_situation=problem, problem=problem, improvement=improvement,
        expected_effect="민원인의 불편과 행정 비용을 줄인다.", proposer=proposer.user, department=proposer.department,
        owner_department=owner, submitted_at=submitted_at,
        received_at=submitted_at + dt.timedelta(days=1), decided_at=decided_at,
        planned_implementation_on=decided + dt.timedelta(days=14), created_at=decided_at - dt.timedelta(days=36),
        updated_at=decided_at,
    )
    if complaints:
        proposal.complaints.set(complaints)
    # its past, as the services would have recorded it: submitted, received, decided
    planner = demo_planner()
    record_events(
        {"event_type": EventType.PROPOSAL_SUBMITTED, "actor": proposer.user, "subject": proposal,
         "note": proposal.number, "occurred_at": submitted_at},
        {"event_type": EventType.PROPOSAL_RECEIVED, "actor": planner, "subject": proposal,
         "occurred_at": proposal.received_at},
        {"event_type": EventType.PROPOSAL_DECIDED, "actor": planner, "subject": proposal,
         "after": {"status": proposal.status}, "note": proposal.get_status_display(), "occurred_at": decided_at},
    )
    return proposal


def _record_checks(implementation: Implementation, actor, *, today: dt.date, skip: set[int] = frozenset(),
                   rng: random.Random) -> None:
    """Record every check whose period has ended (a few days after its due day at most), but `skip`."""
    for check in implementation.checks.filter(due_on__lt=today).order_by("number"):
        if check.number in skip:
            continue
        checked_on = min(check.due_on - dt.timedelta(days=rng.randint(0, 6)), today)
        services.status_check_record(
            check=check, actor=actor, now=_at(max(checked_on, check.period_start), 16),
            progress_summary=rng.choice(["계획대로 추진 중", "단계별 일정 정상 진행", "관계 부서 협의 완료, 후속 조치 중"]),
            issues=rng.choice(["", "", "예산 집행 일정 조정 필요"]),
        )


def _milestones(implementation: Implementation, actor, steps, *, today: dt.date, done: int) -> None:
    start = implementation.started_on
    for i, title in enumerate(steps):
        due = start + dt.timedelta(days=45 * (i + 1))
        milestone = services.milestone_add(implementation=implementation, title=title, due_on=due, actor=actor)
        if i < done:
            services.milestone_complete(milestone=milestone, actor=actor, done_on=min(due, today))


def seed_policy(*, rng: random.Random, today: dt.date | None = None,
                progress: Callable[[str], None] = print) -> list[Implementation]:
    """Implementations of adopted proposals at each stage (see the table above); returns them.
    Does nothing (returns []) when the district has implementations already or no planner."""
    today = today or timezone.localdate()
    planner = demo_planner()
    if planner is None or Implementation.objects.exists():
        return []
    made: list[Implementation] = []
    used: set[int] = set()
    progress("채택 제안의 정책화(추진 단계, 성과 지표, 분기 점검, 성과 등급)를 만듭니다")
    with suppressed(), transaction.atomic():
        for stage in STAGES:
            impl = _stage(stage, rng=rng, today=today, planner=planner, used=used)
            if impl is not None:
                made.append(impl)
                used.add(impl.owner_department_id)
    progress(f"정책화 {len(made)}건")
    return made


def _stage(stage: str, *, rng: random.Random, today: dt.date, planner: User, used: set[int]) -> Implementation | None:
    months_ago = {"graded": 16, "overdue": 8, "suspended": 5}
    if stage == "complaints":
        decided = rules.add_months(today, -6) - dt.timedelta(days=20)
    elif stage == "recent":
        decided = today - dt.timedelta(days=40)
    else:
        decided = rules.add_months(today, -months_ago[stage])

    complaints, preferred, suffix = [], None, ""
    if stage == "complaints":
        place = _busiest_place(_at(decided))
        if place is None:
            return None
        category_id, dong = place
        complaints = list(Complaint.objects.filter(category_id=category_id, dong=dong, submitted_at__lt=_at(decided))
                          .select_related("category__department").order_by("-submitted_at")[:5])
        preferred = complaints[0].category.department
        suffix = f" ({dong} {complaints[0].category.name})"
    owner = _owner_department(rng, used, preferred, OWNER_NAMES.get(stage, ""))
    proposal = _proposal(rng, stage, decided, owner=owner, title_suffix=suffix, complaints=complaints)
    decided = timezone.localdate(proposal.decided_at)
    started_on = min(decided + dt.timedelta(days=rng.randint(5, 12)), today)
    responsible = _member(rng, owner)
    impl = services.implementation_start(proposal=proposal, owner_department=owner, responsible=responsible,
                                         started_on=started_on, actor=planner, today=today)
    steps = IDEAS[stage][3]

    if stage == "graded":
        _milestones(impl, planner, steps, today=today, done=len(steps))
        impl = services.implementation_update(implementation=impl, expected_version=impl.version, actor=planner,
                                              status=ImplementationStatus.COMPLETED)
        measure = services.measure_define(implementation=impl, name="인허가 평균 처리일수", unit="일", baseline=12,
                                          target=5, direction=rules.LOWER, actor=planner)
        visits = services.measure_define(implementation=impl, name="서류 미비 재방문율", unit="%", baseline=35,
                                         target=10, direction=rules.LOWER, actor=planner)
        for month in range(1, 13):
            day = min(rules.add_months(impl.effect_from, month) - dt.timedelta(days=1), today)
            services.measure_value_record(measure=measure, measured_on=day, actor=planner,
                                          value=Decimal(12 - month * 0.5 - rng.random()).quantize(Decimal("0.1")))
            services.measure_value_record(measure=visits, measured_on=day, actor=planner,
                                          value=Decimal(35 - month * 1.8 - rng.random() * 2).quantize(Decimal("0.1")))
        _record_checks(impl, planner, today=today, rng=rng)
        services.result_grade(implementation=impl, actor=planner, today=today,
                              note="처리일수와 재방문율이 모두 크게 줄었습니다.")
    elif stage == "complaints":
        _milestones(impl, planner, steps, today=today, done=2)
        impl = services.implementation_update(implementation=impl, expected_version=impl.version, actor=planner,
                                              progress_percent=70)
        measure = impl.measures.get(source="complaint_count")
        services.measure_set_target(measure=measure, actor=planner,
                                    target=(measure.baseline * Decimal("0.7")).quantize(Decimal("1")))
        first_window_end = rules.add_months(impl.started_on, measure.window_months)
        if today >= first_window_end:  # the first window after the start, as the monthly job counts it
            services.complaint_measure_count(measure=measure, today=first_window_end)
        _record_checks(impl, planner, today=today, rng=rng)
    elif stage == "overdue":
        _milestones(impl, planner, steps, today=today, done=1)
        impl = services.implementation_update(implementation=impl, expected_version=impl.version, actor=planner,
                                              progress_percent=40)
        helped = services.measure_define(implementation=impl, name="도움 받은 어르신", unit="명", baseline=0,
                                         target=600, direction=rules.HIGHER, actor=planner)
        for month in range(1, 8):
            day = rules.add_months(impl.started_on, month)
            if day <= today:
                services.measure_value_record(measure=helped, measured_on=day, actor=planner,
                                              value=month * rng.randint(35, 55))
        overdue = StatusCheck.objects.filter(implementation=impl, due_on__lt=today).order_by("-number").first()
        _record_checks(impl, planner, today=today, rng=rng, skip={overdue.number} if overdue else set())
    elif stage == "suspended":
        _milestones(impl, planner, steps, today=today, done=1)
        impl = services.implementation_update(implementation=impl, expected_version=impl.version, actor=planner,
                                              progress_percent=20, status=ImplementationStatus.SUSPENDED,
                                              status_reason="예산 조정으로 설치를 다음 회계연도로 미룸")
        _record_checks(impl, planner, today=today, rng=rng)
    else:  # recent
        _milestones(impl, planner, steps, today=today, done=0)
        impl = services.implementation_update(implementation=impl, expected_version=impl.version, actor=planner,
                                              status=ImplementationStatus.PLANNED)
        services.measure_define(implementation=impl, name="청사 월 전력 사용량", unit="kWh", baseline=48000,
                                target=40000, direction=rules.LOWER, actor=planner)
    return impl
