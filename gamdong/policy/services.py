"""Every action a person takes in 정책화. Each runs in a transaction, checks permission and the
rules (gamdong.policy.rules), writes its event, and sends its notices after commit.

Concurrency: a service that changes an implementation locks its row; `implementation_update`
also compares the version the person saw and refuses with PolicyConflict (409) if someone
else changed it meanwhile.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gamdong.complaints.models import Category
from gamdong.core.district_settings import district_setting
from gamdong.core.events import EventType, record_event, snapshot
from gamdong.ideas.models import ADOPTED_STATUSES, Proposal
from gamdong.org.models import Department, Employee
from gamdong.policy import notices, permissions, rules
from gamdong.policy.models import (
    STATUSES_WITH_REASON,
    Implementation,
    ImplementationStatus,
    MeasureSource,
    MeasureValue,
    Milestone,
    OutcomeMeasure,
    ResultGrade,
    StatusCheck,
)


class PolicyError(Exception):
    """A 정책화 action that cannot be done; `message` is for people (Korean)."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class PolicyNotAllowed(PolicyError):
    status = 403


class PolicyNotFound(PolicyError):
    status = 404


class PolicyConflict(PolicyError):
    status = 409


def _rule(violation: rules.RuleViolation) -> PolicyError:
    return PolicyError(violation.message, code=violation.code, field=violation.field)


IMPLEMENTATION_FIELDS = ["owner_department", "responsible", "status", "status_reason", "progress_percent",
                         "effect_from"]


def _today() -> dt.date:
    return timezone.localdate()


def _lock(implementation: Implementation) -> Implementation:
    return (Implementation.objects.select_for_update(of=("self",))
            .select_related("proposal", "owner_department", "responsible__user").get(pk=implementation.pk))


def _require_manage(actor, implementation: Implementation) -> None:
    if not permissions.can_manage(actor, implementation):
        raise PolicyNotAllowed("제안·정책 담당, 추진 부서장 또는 담당자만 할 수 있습니다.", code="forbidden")


def _require_open(implementation: Implementation) -> None:
    if implementation.is_finished:
        raise PolicyError("사후관리가 끝난 정책화는 바꿀 수 없습니다.", code="finished")


def _decimal(raw, field: str) -> Decimal:
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise PolicyError("숫자를 입력하세요.", code="invalid", field=field) from exc
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise PolicyError("숫자가 너무 큽니다.", code="invalid", field=field)
    return value.quantize(Decimal("0.01"))


def _check_responsible(responsible: Employee | None, owner_department: Department) -> None:
    if responsible is None:
        return
    if not responsible.active:
        raise PolicyError("재직 중인 직원을 담당자로 지정하세요.", code="responsible_inactive", field="responsible")
    inside = Department.objects.subtree(owner_department).filter(pk=responsible.department_id).exists()
    if not inside:
        raise PolicyError("담당자는 추진 부서(또는 그 하위 부서) 직원이어야 합니다.", code="responsible_outside",
                          field="responsible")


# --- start --------------------------------------------------------------------------------------


def implementation_start(*, proposal: Proposal, owner_department: Department, actor,
                         responsible: Employee | None = None, started_on: dt.date | None = None,
                         today: dt.date | None = None) -> Implementation:
    """정책화 착수: an adopted proposal becomes an implementation, once.

    Creates the quarterly status checks of the whole follow-up period and, for a proposal that
    came from complaints, a complaint-count measure whose baseline is the count before adoption.
    """
    today = today or _today()
    started_on = started_on or today
    if not permissions.can_start(actor, owner_department):
        raise PolicyNotAllowed("제안·정책 담당 또는 추진 부서장만 정책화에 착수할 수 있습니다.", code="forbidden")
    if not owner_department.active:
        raise PolicyError("사용 중인 부서를 추진 부서로 정하세요.", code="department_inactive", field="owner_department")
    _check_responsible(responsible, owner_department)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status not in ADOPTED_STATUSES or proposal.decided_at is None:
            raise PolicyError("채택(수정 채택)된 제안만 정책화할 수 있습니다.", code="not_adopted")
        if Implementation.objects.filter(proposal=proposal).exists():
            raise PolicyConflict("이 제안은 이미 정책화에 착수했습니다.", code="already_started")
        adopted_on = timezone.localdate(proposal.decided_at)
        if started_on < adopted_on:
            raise PolicyError("착수일은 채택일 이후여야 합니다.", code="start_before_adoption", field="started_on")
        if started_on > today:
            raise PolicyError("착수일은 오늘 이전이어야 합니다.", code="start_in_future", field="started_on")
        follow_years = district_setting("proposals.adopted_follow_years")
        implementation = Implementation(
            proposal=proposal, owner_department=owner_department, responsible=responsible,
            status=ImplementationStatus.IN_PROGRESS, adopted_on=adopted_on, started_on=started_on,
            effect_from=started_on, follow_until=rules.follow_until(adopted_on, follow_years=follow_years),
            started_by=actor,
        )
        try:
            with transaction.atomic():
                implementation.save()
        except IntegrityError as exc:  # two starts at once: the one-to-one decides
            raise PolicyConflict("이 제안은 이미 정책화에 착수했습니다.", code="already_started") from exc
        schedule = rules.status_check_schedule(
            adopted_on, every_months=district_setting("proposals.status_check_months"), follow_years=follow_years,
        )
        StatusCheck.objects.bulk_create([
            StatusCheck(implementation=implementation, number=p.number, period_start=p.starts_on, due_on=p.due_on)
            for p in schedule
        ])
        record_event(EventType.IMPLEMENTATION_STARTED, actor=actor, subject=implementation,
                     after={**snapshot(implementation, IMPLEMENTATION_FIELDS), "proposal": proposal.pk,
                            "adopted_on": adopted_on.isoformat(), "started_on": started_on.isoformat(),
                            "follow_until": implementation.follow_until.isoformat(), "checks": len(schedule)})
        measure = _complaint_measure_from_evidence(implementation, actor=actor)
        if measure is not None:
            record_event(EventType.MEASURE_DEFINED, actor=actor, subject=measure,
                         after=_measure_snapshot(measure), note="근거 민원에서 자동 설정")
        notices.started(implementation)
    return implementation


def _complaint_measure_from_evidence(implementation: Implementation, *, actor) -> OutcomeMeasure | None:
    """For a proposal that came from complaints: count complaints of the same category (and 동,
    when the linked complaints share one) in the window before adoption."""
    from gamdong.policy.selectors import complaint_count

    linked = list(implementation.proposal.complaints.values_list("category_id", "dong"))
    if not linked:
        return None
    categories: dict[int, int] = {}
    for category_id, _dong in linked:
        categories[category_id] = categories.get(category_id, 0) + 1
    category_id = max(categories, key=lambda pk: (categories[pk], -pk))  # the most frequent category
    dongs = {dong for cid, dong in linked if cid == category_id}
    shared = sorted(dongs) if len(dongs) == 1 and "" not in dongs else []
    category = Category.objects.get(pk=category_id)
    months = rules.DEFAULT_COMPLAINT_WINDOW_MONTHS
    window = rules.window_before(implementation.adopted_on, months=months)
    baseline = Decimal(complaint_count(category=category, dongs=shared, window=window))
    where = f" ({', '.join(shared)})" if shared else ""
    return OutcomeMeasure.objects.create(
        implementation=implementation, name=f"'{category.name}' 민원 건수{where}", unit="건",
        baseline=baseline, target=baseline, direction=rules.LOWER, source=MeasureSource.COMPLAINT_COUNT,
        category=category, dongs=shared, window_months=months, baseline_from=window.starts_on,
        baseline_until=window.ends_before, created_by=actor,
    )


# --- change -------------------------------------------------------------------------------------

_UNSET = object()


def implementation_update(*, implementation: Implementation, expected_version: int, actor,
                          owner_department: Department | None = None, responsible=_UNSET,
                          status: str | None = None, status_reason: str | None = None,
                          progress_percent: int | None = None, effect_from: dt.date | None = None) -> Implementation:
    """Change the owner department, the responsible employee, the status (a stop needs a reason),
    the progress or the day the effect began. Refuses a stale version with 409."""
    with transaction.atomic():
        impl = _lock(implementation)
        _require_manage(actor, impl)
        _require_open(impl)
        if impl.version != expected_version:
            raise PolicyConflict("다른 사람이 먼저 바꿨습니다. 화면을 새로 고쳐 확인한 뒤 다시 하세요.", code="conflict")
        before = snapshot(impl, IMPLEMENTATION_FIELDS)
        if owner_department is not None and owner_department.pk != impl.owner_department_id:
            if not owner_department.active:
                raise PolicyError("사용 중인 부서를 추진 부서로 정하세요.", code="department_inactive",
                                  field="owner_department")
            impl.owner_department = owner_department
        if responsible is not _UNSET:
            impl.responsible = responsible
        _check_responsible(impl.responsible, impl.owner_department)
        if status is not None:
            if status not in ImplementationStatus.values:
                raise PolicyError("추진 상태가 올바르지 않습니다.", code="invalid", field="status")
            impl.status = status
        if status_reason is not None:
            impl.status_reason = status_reason.strip()
        if impl.status in STATUSES_WITH_REASON and not impl.status_reason:
            raise PolicyError("중단·추진 중단에는 사유를 적어야 합니다.", code="reason_required", field="status_reason")
        if impl.status not in STATUSES_WITH_REASON and status is not None:
            impl.status_reason = ""
        if progress_percent is not None:
            if not 0 <= progress_percent <= 100:
                raise PolicyError("추진율은 0에서 100 사이여야 합니다.", code="invalid", field="progress_percent")
            impl.progress_percent = progress_percent
        if impl.status == ImplementationStatus.COMPLETED:
            impl.progress_percent = 100
        if effect_from is not None:
            if effect_from < impl.started_on:
                raise PolicyError("성과 측정 시작일은 착수일 이후여야 합니다.", code="invalid", field="effect_from")
            if hasattr(impl, "result_grade"):
                raise PolicyError("등급을 매긴 뒤에는 성과 측정 시작일을 바꿀 수 없습니다.", code="graded",
                                  field="effect_from")
            impl.effect_from = effect_from
        after = snapshot(impl, IMPLEMENTATION_FIELDS)
        if after == before:
            return impl
        impl.version = F("version") + 1
        impl.updated_at = timezone.now()
        impl.save()
        impl.refresh_from_db(fields=["version"])
        record_event(EventType.IMPLEMENTATION_CHANGED, actor=actor, subject=impl, before=before, after=after)
        if before["status"] != after["status"]:
            notices.status_changed(impl)
            if impl.status == ImplementationStatus.COMPLETED:
                _reward_implementer(impl, actor=actor)
    return impl


def _reward_implementer(impl: Implementation, *, actor) -> None:
    """The officer who carried an adopted proposal out is rewarded too where the district's
    ordinance says so (proposals.reward_implementer; 용산구 2020): a 실적가점 candidate when the
    implementation is completed, once per proposal and person."""
    from gamdong.review.models import Decision, MeritRecord, MeritRole

    if not district_setting("proposals.reward_implementer") or impl.responsible_id is None:
        return
    proposal = impl.proposal
    user_id = Employee.objects.values_list("user_id", flat=True).get(pk=impl.responsible_id)
    if MeritRecord.objects.filter(proposal=proposal, user_id=user_id, role=MeritRole.IMPLEMENTER).exists():
        return
    decision = Decision.objects.filter(proposal=proposal).order_by("-decided_at", "-pk").first()
    record = MeritRecord.objects.create(
        user_id=user_id, proposal=proposal, decision=decision, role=MeritRole.IMPLEMENTER,
        grade=proposal.grade, decided_at=timezone.now(),
    )
    record_event(EventType.MERIT_POINT_RECORDED, actor=actor, subject=record,
                 after={"user": user_id, "proposal": proposal.pk, "role": MeritRole.IMPLEMENTER},
                 note="채택제안 실시 공무원")


# --- milestones ---------------------------------------------------------------------------------


def milestone_add(*, implementation: Implementation, title: str, due_on: dt.date, actor) -> Milestone:
    title = (title or "").strip()
    if not title:
        raise PolicyError("추진 단계 이름을 적으세요.", code="required", field="title")
    with transaction.atomic():
        impl = _lock(implementation)
        _require_manage(actor, impl)
        _require_open(impl)
        last = impl.milestones.order_by("-order").values_list("order", flat=True).first()
        milestone = Milestone.objects.create(implementation=impl, title=title[:200], due_on=due_on,
                                             order=(last or 0) + 1)
        record_event(EventType.MILESTONE_ADDED, actor=actor, subject=milestone,
                     after={"implementation": impl.pk, "title": milestone.title, "due_on": due_on.isoformat()})
    return milestone


def milestone_complete(*, milestone: Milestone, actor, done_on: dt.date | None = None) -> Milestone:
    done_on = done_on or _today()
    if done_on > _today():
        raise PolicyError("완료일은 오늘 이전이어야 합니다.", code="future", field="done_on")
    with transaction.atomic():
        impl = _lock(milestone.implementation)
        _require_manage(actor, impl)
        _require_open(impl)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on is not None:
            raise PolicyConflict("이미 완료한 단계입니다.", code="already_done")
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        record_event(EventType.MILESTONE_COMPLETED, actor=actor, subject=milestone,
                     after={"implementation": impl.pk, "done_on": done_on.isoformat()})
    return milestone


# --- measures and values ------------------------------------------------------------------------


def _measure_snapshot(measure: OutcomeMeasure) -> dict:
    return {**snapshot(measure, ["name", "unit", "baseline", "target", "direction", "source", "category",
                                 "dongs", "window_months"]), "implementation": measure.implementation_id}


def measure_define(*, implementation: Implementation, name: str, unit: str, baseline, target, direction: str,
                   actor) -> OutcomeMeasure:
    """A manual outcome measure: from a baseline toward a target, higher or lower being better."""
    name, unit = (name or "").strip(), (unit or "").strip()
    if not name:
        raise PolicyError("지표 이름을 적으세요.", code="required", field="name")
    if not unit:
        raise PolicyError("단위를 적으세요(예: 건, %, 일).", code="required", field="unit")
    baseline, target = _decimal(baseline, "baseline"), _decimal(target, "target")
    try:
        rules.check_measure_definition(baseline=baseline, target=target, direction=direction)
    except rules.RuleViolation as exc:
        raise _rule(exc) from exc
    with transaction.atomic():
        impl = _lock(implementation)
        _require_manage(actor, impl)
        _require_open(impl)
        last = impl.measures.order_by("-order").values_list("order", flat=True).first()
        measure = OutcomeMeasure.objects.create(
            implementation=impl, name=name[:200], unit=unit[:20], baseline=baseline, target=target,
            direction=direction, order=(last or 0) + 1, created_by=actor,
        )
        record_event(EventType.MEASURE_DEFINED, actor=actor, subject=measure, after=_measure_snapshot(measure))
    return measure


def measure_set_target(*, measure: OutcomeMeasure, target, actor) -> OutcomeMeasure:
    """Change a measure's target (the automatic complaint measure starts with target = baseline)."""
    target = _decimal(target, "target")
    with transaction.atomic():
        impl = _lock(measure.implementation)
        _require_manage(actor, impl)
        _require_open(impl)
        if hasattr(impl, "result_grade"):
            raise PolicyError("등급을 매긴 뒤에는 목표값을 바꿀 수 없습니다.", code="graded", field="target")
        measure = OutcomeMeasure.objects.select_for_update().get(pk=measure.pk)
        try:
            rules.check_measure_definition(baseline=measure.baseline, target=target, direction=measure.direction)
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc
        before = _measure_snapshot(measure)
        measure.target = target
        measure.save(update_fields=["target"])
        record_event(EventType.MEASURE_DEFINED, actor=actor, subject=measure, before=before,
                     after=_measure_snapshot(measure), note="목표값 변경")
    return measure


def measure_value_record(*, measure: OutcomeMeasure, measured_on: dt.date, value, actor,
                         note: str = "") -> MeasureValue:
    """A value entered by a person (manual measures only: complaint counts are counted)."""
    value = _decimal(value, "value")
    if measured_on > _today():
        raise PolicyError("측정일은 오늘 이전이어야 합니다.", code="future", field="measured_on")
    with transaction.atomic():
        impl = _lock(measure.implementation)
        _require_manage(actor, impl)
        _require_open(impl)
        if measure.is_automatic:
            raise PolicyError("민원 건수 지표는 직접 입력하지 않고 자동으로 셉니다.", code="automatic")
        if measured_on < impl.started_on:
            raise PolicyError("측정일은 착수일 이후여야 합니다.", code="before_start", field="measured_on")
        row = MeasureValue.objects.create(measure=measure, measured_on=measured_on, value=value,
                                          note=(note or "").strip()[:300], recorded_by=actor)
        record_event(EventType.MEASURE_VALUE_RECORDED, actor=actor, subject=measure,
                     after={"measured_on": measured_on.isoformat(), "value": str(value), "value_id": row.pk})
    return row


def complaint_measure_count(*, measure: OutcomeMeasure, actor=None, today: dt.date | None = None) -> MeasureValue:
    """Count the complaints after implementation started (the same window length as the
    baseline) and record them as an automatic value; once per measure and day."""
    from gamdong.policy.selectors import complaint_count

    today = today or _today()
    with transaction.atomic():
        impl = _lock(measure.implementation)
        if actor is not None:
            _require_manage(actor, impl)
        _require_open(impl)
        measure = OutcomeMeasure.objects.select_for_update(of=("self",)).select_related("category").get(pk=measure.pk)
        if not measure.is_automatic:
            raise PolicyError("민원 건수 지표만 자동으로 셀 수 있습니다.", code="manual")
        try:
            window = rules.window_after(impl.started_on, months=measure.window_months, today=today)
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc
        if measure.values.filter(automatic=True, measured_on=today).exists():
            raise PolicyConflict("오늘은 이미 세었습니다.", code="already_counted")
        count = complaint_count(category=measure.category, dongs=measure.dongs, window=window)
        row = MeasureValue.objects.create(
            measure=measure, measured_on=today, value=Decimal(count), automatic=True,
            window_from=window.starts_on, window_until=window.ends_before,
            note=f"{window.starts_on:%Y-%m-%d}–{window.ends_before - dt.timedelta(days=1):%Y-%m-%d} 접수 민원",
        )
        record_event(EventType.MEASURE_AUTO_MEASURED, actor=actor, subject=measure,
                     after={"measured_on": today.isoformat(), "value": count, "window": [
                         window.starts_on.isoformat(), window.ends_before.isoformat()]})
    return row


# --- quarterly status checks --------------------------------------------------------------------


def status_check_record(*, check: StatusCheck, progress_summary: str, actor, issues: str = "",
                        now: dt.datetime | None = None) -> StatusCheck:
    """분기 추진상황 점검: what was done, the problems and what is being done about them; the
    implementation's progress at that moment is kept with it."""
    now = now or timezone.now()
    summary = (progress_summary or "").strip()
    if not summary:
        raise PolicyError("추진 상황을 적으세요.", code="required", field="progress_summary")
    with transaction.atomic():
        impl = _lock(check.implementation)
        _require_manage(actor, impl)
        _require_open(impl)
        check = StatusCheck.objects.select_for_update().get(pk=check.pk)
        if check.checked_at is not None:
            raise PolicyConflict("이미 기록한 점검입니다.", code="already_checked")
        if timezone.localdate(now) < check.period_start:
            raise PolicyError("아직 시작하지 않은 점검 기간입니다.", code="not_started")
        check.checked_at, check.checked_by = now, actor
        check.progress_summary, check.issues = summary, (issues or "").strip()
        check.progress_percent = impl.progress_percent
        check.save()
        record_event(EventType.STATUS_CHECK_RECORDED, actor=actor, subject=check,
                     after={"implementation": impl.pk, "number": check.number, "due_on": check.due_on.isoformat(),
                            "late": timezone.localdate(now) > check.due_on, "progress": impl.progress_percent})
    return check


# --- result grade and the end of follow-up -------------------------------------------------------


def result_grade(*, implementation: Implementation, actor, note: str = "", today: dt.date | None = None) -> ResultGrade:
    """Grade the result 수·우·미·양·가 after the measurement period (`proposals.measure_years`
    from the first effect): each measure's latest value in that period against its target,
    averaged; refused before the period ends, without values, or twice."""
    today = today or _today()
    if not permissions.can_grade(actor):
        raise PolicyNotAllowed("성과 등급은 제안·정책 담당이 매깁니다.", code="forbidden")
    measure_years = district_setting("proposals.measure_years")
    floors = district_setting("proposals.result_grade_floors")
    with transaction.atomic():
        impl = _lock(implementation)
        _require_open(impl)
        if ResultGrade.objects.filter(implementation=impl).exists():
            raise PolicyConflict("이미 등급을 매겼습니다.", code="already_graded")
        try:
            rules.check_may_grade(effect_from=impl.effect_from, today=today, measure_years=measure_years)
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc
        until = rules.measurement_ends_on(impl.effect_from, measure_years=measure_years)
        basis, ratios = [], []
        for measure in impl.measures.order_by("order", "pk"):
            latest = (measure.values.filter(measured_on__lte=until).order_by("-measured_on", "-pk").first())
            if latest is None:
                continue
            ratio = rules.achievement(baseline=measure.baseline, target=measure.target, value=latest.value,
                                      direction=measure.direction)
            ratios.append(ratio)
            basis.append({"measure": measure.name, "unit": measure.unit, "baseline": str(measure.baseline),
                          "target": str(measure.target), "direction": measure.direction,
                          "value": str(latest.value), "measured_on": latest.measured_on.isoformat(),
                          "achievement": str(ratio.quantize(Decimal("0.0001")))})
        try:
            overall = rules.overall_achievement(ratios)
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc
        grade = rules.grade_for(overall, floors)
        row = ResultGrade.objects.create(
            implementation=impl, grade=grade, achievement=overall.quantize(Decimal("0.0001")),
            measured_from=impl.effect_from, measured_until=until, basis=basis, floors=dict(floors),
            note=(note or "").strip(), graded_by=actor,
        )
        record_event(EventType.RESULT_GRADED, actor=actor, subject=impl,
                     after={"grade": grade, "achievement": str(row.achievement), "measures": len(basis)})
        notices.graded(impl, row)
    return row


def implementation_finish(*, implementation: Implementation, actor, note: str = "",
                          today: dt.date | None = None) -> Implementation:
    """End follow-up: after the follow-up period, or earlier for an implementation given up."""
    today = today or _today()
    if not permissions.can_grade(actor):
        raise PolicyNotAllowed("사후관리 종료는 제안·정책 담당이 합니다.", code="forbidden")
    with transaction.atomic():
        impl = _lock(implementation)
        _require_open(impl)
        if today <= impl.follow_until and impl.status != ImplementationStatus.DROPPED:
            raise PolicyError(f"사후관리 기간({impl.follow_until:%Y-%m-%d}까지)이 남았습니다. "
                              "추진을 중단한 경우에만 먼저 끝낼 수 있습니다.", code="follow_up_running")
        impl.finished_at, impl.finish_note = timezone.now(), (note or "").strip()
        impl.version = F("version") + 1
        impl.save(update_fields=["finished_at", "finish_note", "version"])
        impl.refresh_from_db(fields=["version"])
        record_event(EventType.IMPLEMENTATION_FINISHED, actor=actor, subject=impl,
                     after={"finished_at": impl.finished_at.isoformat(), "status": impl.status})
    return impl


# --- the annual report --------------------------------------------------------------------------


def annual_report_produce(*, year: int, actor, download: str = "page"):
    """연간 제안 운영 보고: the figures of `year`, recorded as produced (by whom, in which form)."""
    from gamdong.policy.selectors import annual_report

    if not permissions.can_view_report(actor):
        raise PolicyNotAllowed("연간 보고는 제안·정책 담당과 구청장이 볼 수 있습니다.", code="forbidden")
    this_year = _today().year
    if not 2000 <= year <= this_year:
        raise PolicyNotFound("그 해의 보고는 없습니다.", code="not_found", field="year")
    report = annual_report(year=year)
    with transaction.atomic():
        record_event(EventType.ANNUAL_REPORT_PRODUCED, actor=actor, subject=None,
                     after={"year": year, "form": download, "due_on": report.due_on.isoformat(),
                            **report.totals})
    return report
