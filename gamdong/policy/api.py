"""정책화 in the JSON API (/api/v1/policy/): implementations, milestones, measures and values,
status checks, grades and the annual report, with the pages' rules.

Errors are {code, message, field}: PolicyError (400, 403, 404, 409) is registered with the API
once, here; a resident or visitor gets 403 on everything.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.security import django_auth

from gamdong.api import ApiError, register_domain_error
from gamdong.ideas.models import Proposal
from gamdong.org.models import Department, Employee
from gamdong.policy import permissions, rules, selectors, services
from gamdong.policy.models import Implementation, Milestone, OutcomeMeasure, StatusCheck
from gamdong.policy.report_xlsx import annual_report_workbook

register_domain_error(services.PolicyError)

router = Router(tags=["policy"], auth=django_auth)


def _staff(request: HttpRequest) -> None:
    if not permissions.can_view_policy(request.auth):
        raise ApiError("정책화 기능은 구청 직원만 쓸 수 있습니다.", code="forbidden", status=403)


def _not_found(what: str, field: str | None = None) -> ApiError:
    return ApiError(f"{what}을(를) 찾을 수 없습니다.", code="not_found", field=field, status=404)


def _get(model, pk: int, what: str, field: str | None = None):
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise _not_found(what, field)
    return row


# --- schemas ------------------------------------------------------------------------------------


class ValueOut(Schema):
    id: int
    measured_on: dt.date
    value: Decimal
    note: str
    automatic: bool
    window_from: dt.date | None
    window_until: dt.date | None


class MeasureOut(Schema):
    id: int
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str
    source: str
    category: str | None
    dongs: list[str]
    window_months: int
    achievement: Decimal | None
    values: list[ValueOut]


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: dt.date
    done_on: dt.date | None
    order: int


class CheckOut(Schema):
    id: int
    number: int
    period_start: dt.date
    due_on: dt.date
    state: str
    checked_at: dt.datetime | None
    checked_by: str | None
    progress_summary: str
    issues: str
    progress_percent: int | None


class GradeOut(Schema):
    grade: str
    achievement: Decimal
    measured_from: dt.date
    measured_until: dt.date
    basis: list[dict]
    note: str
    graded_at: dt.datetime


class ImplementationOut(Schema):
    id: int
    proposal_id: int
    proposal_title: str
    owner_department_id: int
    owner_department: str
    responsible_id: int | None
    responsible: str | None
    status: str
    status_label: str
    status_reason: str
    progress_percent: int
    adopted_on: dt.date
    started_on: dt.date
    effect_from: dt.date
    follow_until: dt.date
    finished_at: dt.datetime | None
    version: int
    overdue_checks: int
    grade: str | None


class ImplementationDetailOut(ImplementationOut):
    milestones: list[MilestoneOut]
    measures: list[MeasureOut]
    checks: list[CheckOut]
    result: GradeOut | None
    evidence_complaints: list[str]


class StartIn(Schema):
    proposal_id: int
    owner_department_id: int
    responsible_id: int | None = None
    started_on: dt.date | None = None


class UpdateIn(Schema):
    version: int
    owner_department_id: int | None = None
    responsible_id: int | None = None
    clear_responsible: bool = False
    status: str | None = None
    status_reason: str | None = None
    progress_percent: int | None = None
    effect_from: dt.date | None = None


class MilestoneIn(Schema):
    title: str
    due_on: dt.date


class CompleteIn(Schema):
    done_on: dt.date | None = None


class MeasureIn(Schema):
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str = rules.HIGHER


class TargetIn(Schema):
    target: Decimal


class ValueIn(Schema):
    measured_on: dt.date
    value: Decimal
    note: str = ""


class CheckIn(Schema):
    progress_summary: str
    issues: str = ""


class NoteIn(Schema):
    note: str = ""


class ReportOut(Schema):
    year: int
    due_on: dt.date
    received_by_kind: dict[str, int]
    grades: dict[str, int]
    totals: dict[str, int]
    departments: list[dict]


# --- shaping ------------------------------------------------------------------------------------


def _summary(impl: Implementation, overdue: int) -> dict:
    grade = getattr(impl, "result_grade", None)
    return {
        "id": impl.pk, "proposal_id": impl.proposal_id, "proposal_title": impl.proposal.title,
        "owner_department_id": impl.owner_department_id, "owner_department": impl.owner_department.name,
        "responsible_id": impl.responsible_id,
        "responsible": impl.responsible.user.name if impl.responsible else None,
        "status": impl.status, "status_label": impl.get_status_display(), "status_reason": impl.status_reason,
        "progress_percent": impl.progress_percent, "adopted_on": impl.adopted_on, "started_on": impl.started_on,
        "effect_from": impl.effect_from, "follow_until": impl.follow_until, "finished_at": impl.finished_at,
        "version": impl.version, "overdue_checks": overdue, "grade": grade.grade if grade else None,
    }


def _detail(pk: int) -> dict:
    impl = selectors.implementation_detail(pk)
    if impl is None:
        raise _not_found("정책화")
    today = timezone.localdate()
    checks = selectors.check_rows(impl, today=today)
    grade = getattr(impl, "result_grade", None)
    return {
        **_summary(impl, sum(1 for c in checks if c["state"] == rules.OVERDUE)),
        "milestones": [{"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on, "order": m.order}
                       for m in impl.milestones.all()],
        "measures": [{
            "id": s.measure.pk, "name": s.measure.name, "unit": s.measure.unit, "baseline": s.measure.baseline,
            "target": s.measure.target, "direction": s.measure.direction, "source": s.measure.source,
            "category": s.measure.category.name if s.measure.category else None, "dongs": s.measure.dongs,
            "window_months": s.measure.window_months, "achievement": s.ratio,
            "values": [{"id": v.pk, "measured_on": v.measured_on, "value": v.value, "note": v.note,
                        "automatic": v.automatic, "window_from": v.window_from, "window_until": v.window_until}
                       for v in s.measure.values.all()],
        } for s in impl.measure_summaries],
        "checks": [{
            "id": c["check"].pk, "number": c["check"].number, "period_start": c["check"].period_start,
            "due_on": c["check"].due_on, "state": c["state"], "checked_at": c["check"].checked_at,
            "checked_by": c["check"].checked_by.name if c["check"].checked_by else None,
            "progress_summary": c["check"].progress_summary, "issues": c["check"].issues,
            "progress_percent": c["check"].progress_percent,
        } for c in checks],
        "result": None if grade is None else {
            "grade": grade.grade, "achievement": grade.achievement, "measured_from": grade.measured_from,
            "measured_until": grade.measured_until, "basis": grade.basis, "note": grade.note,
            "graded_at": grade.graded_at,
        },
        "evidence_complaints": [c.receipt_number for c in impl.proposal.complaints.all()],
    }


# --- implementations ----------------------------------------------------------------------------


@router.get("/implementations", response=list[ImplementationOut], summary="정책화 목록 (점검 기한 경과 먼저)")
def list_implementations(request: HttpRequest, department_id: int | None = None, status: str = "",
                         page: int = 1):
    _staff(request)
    rows = selectors.implementations(department_id=department_id, status=status)
    start = (max(page, 1) - 1) * selectors.PAGE_SIZE
    return [_summary(i, i.overdue_checks) for i in rows[start:start + selectors.PAGE_SIZE]]


@router.get("/implementations/{implementation_id}", response=ImplementationDetailOut, summary="정책화 한 건")
def get_implementation(request: HttpRequest, implementation_id: int):
    _staff(request)
    return _detail(implementation_id)


@router.post("/implementations", response={201: ImplementationDetailOut}, summary="정책화 착수 (채택 제안 한 건에 한 번)")
def start_implementation(request: HttpRequest, payload: StartIn):
    _staff(request)
    proposal = _get(Proposal, payload.proposal_id, "제안", "proposal_id")
    department = _get(Department, payload.owner_department_id, "부서", "owner_department_id")
    responsible = None
    if payload.responsible_id is not None:
        responsible = _get(Employee, payload.responsible_id, "직원", "responsible_id")
    impl = services.implementation_start(proposal=proposal, owner_department=department, responsible=responsible,
                                         started_on=payload.started_on, actor=request.auth)
    return 201, _detail(impl.pk)


@router.patch("/implementations/{implementation_id}", response=ImplementationDetailOut,
              summary="추진 부서·담당자·상태·추진율 변경 (version이 다르면 409)")
def update_implementation(request: HttpRequest, implementation_id: int, payload: UpdateIn):
    _staff(request)
    impl = _get(Implementation, implementation_id, "정책화")
    kwargs = {}
    if payload.owner_department_id is not None:
        kwargs["owner_department"] = _get(Department, payload.owner_department_id, "부서", "owner_department_id")
    if payload.clear_responsible:
        kwargs["responsible"] = None
    elif payload.responsible_id is not None:
        kwargs["responsible"] = _get(Employee, payload.responsible_id, "직원", "responsible_id")
    services.implementation_update(
        implementation=impl, expected_version=payload.version, actor=request.auth, status=payload.status,
        status_reason=payload.status_reason, progress_percent=payload.progress_percent,
        effect_from=payload.effect_from, **kwargs)
    return _detail(impl.pk)


@router.post("/implementations/{implementation_id}/milestones", response={201: MilestoneOut}, summary="추진 단계 추가")
def add_milestone(request: HttpRequest, implementation_id: int, payload: MilestoneIn):
    _staff(request)
    impl = _get(Implementation, implementation_id, "정책화")
    m = services.milestone_add(implementation=impl, title=payload.title, due_on=payload.due_on, actor=request.auth)
    return 201, {"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on, "order": m.order}


@router.post("/milestones/{milestone_id}/complete", response=MilestoneOut, summary="추진 단계 완료")
def complete_milestone(request: HttpRequest, milestone_id: int, payload: CompleteIn):
    _staff(request)
    m = services.milestone_complete(milestone=_get(Milestone, milestone_id, "추진 단계"), done_on=payload.done_on,
                                    actor=request.auth)
    return {"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on, "order": m.order}


@router.post("/implementations/{implementation_id}/measures", response={201: ImplementationDetailOut},
             summary="성과 지표 설정 (직접 입력)")
def define_measure(request: HttpRequest, implementation_id: int, payload: MeasureIn):
    _staff(request)
    impl = _get(Implementation, implementation_id, "정책화")
    services.measure_define(implementation=impl, name=payload.name, unit=payload.unit, baseline=payload.baseline,
                            target=payload.target, direction=payload.direction, actor=request.auth)
    return 201, _detail(impl.pk)


@router.post("/measures/{measure_id}/target", response=ImplementationDetailOut, summary="성과 지표 목표값 변경")
def set_target(request: HttpRequest, measure_id: int, payload: TargetIn):
    _staff(request)
    measure = _get(OutcomeMeasure, measure_id, "성과 지표")
    services.measure_set_target(measure=measure, target=payload.target, actor=request.auth)
    return _detail(measure.implementation_id)


@router.post("/measures/{measure_id}/values", response={201: ValueOut}, summary="성과 측정값 기록")
def record_value(request: HttpRequest, measure_id: int, payload: ValueIn):
    _staff(request)
    measure = _get(OutcomeMeasure, measure_id, "성과 지표")
    v = services.measure_value_record(measure=measure, measured_on=payload.measured_on, value=payload.value,
                                      note=payload.note, actor=request.auth)
    return 201, v


@router.post("/measures/{measure_id}/count", response={201: ValueOut}, summary="민원 건수 지금 세기 (자동 지표)")
def count_complaints(request: HttpRequest, measure_id: int):
    _staff(request)
    measure = _get(OutcomeMeasure, measure_id, "성과 지표")
    return 201, services.complaint_measure_count(measure=measure, actor=request.auth)


@router.post("/checks/{check_id}", response=CheckOut, summary="분기 추진상황 점검 기록")
def record_check(request: HttpRequest, check_id: int, payload: CheckIn):
    _staff(request)
    check = services.status_check_record(check=_get(StatusCheck, check_id, "점검"),
                                         progress_summary=payload.progress_summary, issues=payload.issues,
                                         actor=request.auth)
    state = rules.check_state(due_on=check.due_on, checked=True, today=timezone.localdate(), remind_days=0)
    return {"id": check.pk, "number": check.number, "period_start": check.period_start, "due_on": check.due_on,
            "state": state, "checked_at": check.checked_at, "checked_by": request.auth.name,
            "progress_summary": check.progress_summary, "issues": check.issues,
            "progress_percent": check.progress_percent}


@router.post("/implementations/{implementation_id}/grade", response={201: GradeOut},
             summary="성과 등급 평가 (측정 기간이 끝난 뒤)")
def grade_result(request: HttpRequest, implementation_id: int, payload: NoteIn):
    _staff(request)
    impl = _get(Implementation, implementation_id, "정책화")
    return 201, services.result_grade(implementation=impl, note=payload.note, actor=request.auth)


@router.post("/implementations/{implementation_id}/finish", response=ImplementationOut, summary="사후관리 종료")
def finish_implementation(request: HttpRequest, implementation_id: int, payload: NoteIn):
    _staff(request)
    impl = _get(Implementation, implementation_id, "정책화")
    services.implementation_finish(implementation=impl, note=payload.note, actor=request.auth)
    return _summary(selectors.implementation_detail(impl.pk), 0)


# --- the annual report --------------------------------------------------------------------------


@router.get("/report/{year}", response=ReportOut, summary="연간 제안 운영 보고 (1월 31일까지)")
def annual_report(request: HttpRequest, year: int):
    _staff(request)
    report = services.annual_report_produce(year=year, actor=request.auth, download="api")
    return {"year": report.year, "due_on": report.due_on, "received_by_kind": dict(report.received_by_kind),
            "grades": dict(report.grades), "totals": report.totals,
            "departments": [vars(r) for r in report.departments]}


@router.get("/report/{year}/xlsx", summary="연간 제안 운영 보고 엑셀(.xlsx)")
def annual_report_xlsx(request: HttpRequest, year: int):
    _staff(request)
    report = services.annual_report_produce(year=year, actor=request.auth, download="xlsx")
    response = HttpResponse(annual_report_workbook(report),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="proposal-report-{year}.xlsx"'
    return response
