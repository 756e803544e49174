"""Research clubs and presentations in the JSON API (/api/v1/clubs/), with the pages' rules
(services_clubs). Errors are {code, message, field}; ClubError (400, 403, 409) is registered here.
Reports are sent as JSON here; a report's file is uploaded on the club page."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import django_auth

from gamdong.api import ApiError, register_domain_error
from gamdong.ideas import selectors_clubs as selectors
from gamdong.ideas import services_clubs as services
from gamdong.ideas.models import Club, ClubMeeting, ClubReport, Presentation
from gamdong.org.models import Employee

register_domain_error(services.ClubError)

router = Router(tags=["ideas"], auth=django_auth)


class MemberOut(Schema):
    employee_id: int
    name: str
    department: str
    role: str


class ClubOut(Schema):
    id: int
    name: str
    theme: str
    year: int
    status: str
    status_label: str


class MeetingOut(Schema):
    id: int
    held_at: dt.datetime
    place: str
    minutes: str
    attendee_ids: list[int]


class ReportOut(Schema):
    id: int
    club_id: int
    title: str
    summary: str
    findings: str
    has_file: bool
    submitted_at: dt.datetime
    presentation_id: int | None
    presentation_order: int


class ClubDetailOut(ClubOut):
    members: list[MemberOut]
    meetings: list[MeetingOut]
    reports: list[ReportOut]
    proposal_ids: list[int]


class ClubIn(Schema):
    name: str
    theme: str
    year: int
    leader_id: int | None = None  # default: the caller
    member_ids: list[int] = []


class MemberIn(Schema):
    employee_id: int


class MeetingIn(Schema):
    held_at: dt.datetime
    place: str
    minutes: str
    attendee_ids: list[int] = []


class ReportIn(Schema):
    title: str
    summary: str
    findings: str


class PresentationIn(Schema):
    title: str
    held_at: dt.datetime
    place: str
    description: str = ""


class PresentationOut(Schema):
    id: int
    title: str
    held_at: dt.datetime
    place: str
    description: str
    status: str
    result: str
    reports: list[ReportOut]


class ProgrammeIn(Schema):
    report_id: int


class HoldIn(Schema):
    result: str = ""


def _staff(request: HttpRequest) -> None:
    if not services.can_use_clubs(request.auth):
        raise ApiError("연구 동아리는 구청 직원만 볼 수 있습니다.", code="forbidden", status=403)


def _not_found(what: str) -> ApiError:
    return ApiError(f"{what}을(를) 찾을 수 없습니다.", code="not_found", status=404)


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _employees(ids: list[int], field: str) -> list[Employee]:
    found = list(Employee.objects.filter(pk__in=ids).select_related("user"))
    if len(found) != len(set(ids)):
        raise ApiError("없는 직원이 포함되어 있습니다.", code="not_found", field=field, status=404)
    return found


def _club(c: Club) -> dict:
    return {"id": c.pk, "name": c.name, "theme": c.theme, "year": c.year, "status": c.status,
            "status_label": c.get_status_display()}


def _meeting(m: ClubMeeting) -> dict:
    return {"id": m.pk, "held_at": m.held_at, "place": m.place, "minutes": m.minutes,
            "attendee_ids": [a.pk for a in m.attendees.all()]}


def _report(r: ClubReport) -> dict:
    return {"id": r.pk, "club_id": r.club_id, "title": r.title, "summary": r.summary, "findings": r.findings,
            "has_file": bool(r.file), "submitted_at": r.submitted_at, "presentation_id": r.presentation_id,
            "presentation_order": r.presentation_order}


def _detail(club_id: int) -> dict:
    c = selectors.club_detail(pk=club_id)
    if c is None:
        raise _not_found("동아리")
    return {**_club(c),
            "members": [{"employee_id": m.employee_id, "name": m.employee.user.name,
                         "department": m.employee.department.name, "role": m.role} for m in c.member_list],
            "meetings": [_meeting(m) for m in c.meeting_list], "reports": [_report(r) for r in c.report_list],
            "proposal_ids": [p.pk for p in c.proposal_list]}


def _get_club(club_id: int) -> Club:
    club = Club.objects.filter(pk=club_id).first()
    if club is None:
        raise _not_found("동아리")
    return club


@router.get("/", response=list[ClubOut], summary="연구 동아리 목록 (연도별)")
def list_clubs(request: HttpRequest, year: int | None = None):
    _staff(request)
    return [_club(c) for c in selectors.club_list(year=year)]


@router.post("/", response={201: ClubDetailOut}, summary="연구 동아리 만들기")
def form_club(request: HttpRequest, payload: ClubIn):
    _staff(request)
    if payload.leader_id is None:
        leader = Employee.objects.filter(user=request.auth, active=True).first()
    else:
        leader = Employee.objects.filter(pk=payload.leader_id).first()
    if leader is None:
        raise ApiError("회장을 찾을 수 없습니다.", code="not_found", field="leader_id", status=404)
    club = services.club_form(actor=request.auth, name=payload.name, theme=payload.theme, year=payload.year,
                              leader=leader, members=_employees(payload.member_ids, "member_ids"))
    return Status(201, _detail(club.pk))


@router.get("/presentations", response=list[PresentationOut], summary="발표회 목록")
def list_presentations(request: HttpRequest):
    _staff(request)
    return [_presentation(p.pk) for p in selectors.presentation_list()]


def _presentation(pk: int) -> dict:
    p = selectors.presentation_detail(pk=pk)
    if p is None:
        raise _not_found("발표회")
    return {"id": p.pk, "title": p.title, "held_at": p.held_at, "place": p.place, "description": p.description,
            "status": p.status, "result": p.result, "reports": [_report(r) for r in p.programme]}


@router.post("/presentations", response={201: PresentationOut}, summary="발표회 정하기 (제안 담당자)")
def schedule_presentation(request: HttpRequest, payload: PresentationIn):
    _staff(request)
    p = services.presentation_schedule(actor=request.auth, title=payload.title, held_at=_aware(payload.held_at),
                                       place=payload.place, description=payload.description)
    return Status(201, _presentation(p.pk))


@router.get("/presentations/{presentation_id}", response=PresentationOut, summary="발표회와 발표 순서")
def get_presentation(request: HttpRequest, presentation_id: int):
    _staff(request)
    return _presentation(presentation_id)


def _get_presentation(pk: int) -> Presentation:
    p = Presentation.objects.filter(pk=pk).first()
    if p is None:
        raise _not_found("발표회")
    return p


@router.post("/presentations/{presentation_id}/reports", response=PresentationOut,
             summary="발표 과제 더하기 (순서 끝에)")
def add_to_programme(request: HttpRequest, presentation_id: int, payload: ProgrammeIn):
    _staff(request)
    presentation = _get_presentation(presentation_id)
    report = ClubReport.objects.filter(pk=payload.report_id).first()
    if report is None:
        raise ApiError("보고서를 찾을 수 없습니다.", code="not_found", field="report_id", status=404)
    services.presentation_add_report(actor=request.auth, presentation=presentation, report=report)
    return _presentation(presentation_id)


@router.post("/presentations/{presentation_id}/hold", response=PresentationOut, summary="발표회 개최 기록")
def hold_presentation(request: HttpRequest, presentation_id: int, payload: HoldIn):
    _staff(request)
    services.presentation_hold(actor=request.auth, presentation=_get_presentation(presentation_id),
                               result=payload.result)
    return _presentation(presentation_id)


@router.get("/{club_id}", response=ClubDetailOut, summary="동아리 (회원, 모임, 보고서, 제안)")
def get_club(request: HttpRequest, club_id: int):
    _staff(request)
    return _detail(club_id)


@router.post("/{club_id}/members", response={201: MemberOut}, summary="회원 추가 (회장·제안 담당자)")
def add_member(request: HttpRequest, club_id: int, payload: MemberIn):
    _staff(request)
    employee = _employees([payload.employee_id], "employee_id")[0]
    m = services.club_add_member(actor=request.auth, club=_get_club(club_id), employee=employee)
    return Status(201, {"employee_id": m.employee_id, "name": employee.user.name,
                        "department": employee.department.name, "role": m.role})


@router.post("/{club_id}/leader", response=MemberOut, summary="회장 넘기기 (회장·제안 담당자)")
def hand_over(request: HttpRequest, club_id: int, payload: MemberIn):
    _staff(request)
    employee = _employees([payload.employee_id], "employee_id")[0]
    m = services.club_hand_over(actor=request.auth, club=_get_club(club_id), to=employee)
    return {"employee_id": employee.pk, "name": employee.user.name, "department": employee.department.name,
            "role": m.role}


@router.post("/{club_id}/join", response={201: MemberOut}, summary="동아리 가입 (본인)")
def join(request: HttpRequest, club_id: int):
    _staff(request)
    m = services.club_join(actor=request.auth, club=_get_club(club_id))
    e = m.employee
    return Status(201, {"employee_id": e.pk, "name": e.user.name, "department": e.department.name, "role": m.role})


@router.delete("/{club_id}/members/{employee_id}", response={204: None}, summary="탈퇴·회원에서 빼기")
def remove_member(request: HttpRequest, club_id: int, employee_id: int):
    _staff(request)
    employee = _employees([employee_id], "employee_id")[0]
    services.club_remove_member(actor=request.auth, club=_get_club(club_id), employee=employee)
    return Status(204, None)


@router.post("/{club_id}/meetings", response={201: MeetingOut}, summary="모임 기록")
def record_meeting(request: HttpRequest, club_id: int, payload: MeetingIn):
    _staff(request)
    meeting = services.club_record_meeting(
        actor=request.auth, club=_get_club(club_id), held_at=_aware(payload.held_at), place=payload.place,
        minutes=payload.minutes, attendees=_employees(payload.attendee_ids, "attendee_ids"),
    )
    return Status(201, _meeting(meeting))


@router.post("/{club_id}/reports", response={201: ReportOut}, summary="연구 보고서 제출 (파일 없이)")
def submit_report(request: HttpRequest, club_id: int, payload: ReportIn):
    _staff(request)
    report = services.club_submit_report(actor=request.auth, club=_get_club(club_id), title=payload.title,
                                         summary=payload.summary, findings=payload.findings)
    return Status(201, _report(report))
