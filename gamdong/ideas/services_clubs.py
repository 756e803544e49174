"""창의연구 동아리 (research clubs) and 발표회 (presentations): every action, one function each.

Membership (docs/campaigns-and-clubs.md): a club is a voluntary study group open to all staff.
Any staff member may form one (they become its 회장) or join an active club by themself, and
leave it; the 회장 and the 제안 담당 (planner) add and remove members. The 회장 cannot leave
until they (or the planner) hand the club over to another member. Meetings and research reports are recorded by members;
the planner may record for any club. Presentations are scheduled, filled and marked held by the
planner. Everything is readable by every staff member; residents see none of it.

Each function runs in a transaction, writes its event, and sends its notices after commit:
a person added to a club is told; when a club's report is put on a presentation's programme,
that club's members are told when and where they present.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gamdong.accounts.models import Role
from gamdong.core.events import EventType, record_event
from gamdong.core.notifications import notify, register_template
from gamdong.ideas.models import (
    Club,
    ClubMeeting,
    ClubMembership,
    ClubReport,
    ClubRole,
    ClubStatus,
    Presentation,
    PresentationStatus,
)
from gamdong.org.models import Employee
from gamdong.org.permissions import employee_of, is_staff_member

MANAGE_ROLES = (Role.PLANNER, Role.ADMIN)
MAX_NAME = 100
MAX_SHORT = 200
MAX_TEXT = 10_000
MAX_MEMBERS = 30
MAX_REPORT_BYTES = 20 * 1024 * 1024  # 20 MB: a report with figures, not a video
# What a report file may be, by extension, and how its first bytes must look.
REPORT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".hwp": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # 한글 (OLE compound file)
    ".hwpx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}

register_template("club_member_added", title="연구 동아리 회원 등록 안내", required=("club", "leader", "club_url"))
register_template("presentation_scheduled", title="발표회 발표 안내",
                  required=("presentation", "when", "place", "report", "presentation_url"))


class ClubError(Exception):
    """A club or presentation action that cannot be done; `message` is for people (Korean)."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class ClubNotAllowed(ClubError):
    status = 403


class ClubConflict(ClubError):
    status = 409


# --- who may --------------------------------------------------------------------------------


def can_use_clubs(user) -> bool:
    """Clubs, reports and presentations are open to every staff member."""
    return is_staff_member(user)


def can_manage_clubs(user) -> bool:
    return is_staff_member(user) and user.has_role(*MANAGE_ROLES)


def _membership(club: Club, user) -> ClubMembership | None:
    employee = employee_of(user)
    if employee is None:
        return None
    return ClubMembership.objects.filter(club=club, employee=employee).first()


def can_manage_members(user, club: Club) -> bool:
    if can_manage_clubs(user):
        return True
    membership = _membership(club, user)
    return membership is not None and membership.role == ClubRole.LEADER


def can_record_for(user, club: Club) -> bool:
    """Meetings and reports: members of the club, and the planner."""
    return can_manage_clubs(user) or _membership(club, user) is not None


# --- checks ---------------------------------------------------------------------------------


def _text(value: str, *, field: str, label: str, limit: int = MAX_TEXT, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ClubError(f"{label}을(를) 적어 주세요.", code="required", field=field)
    if len(value) > limit:
        raise ClubError(f"{label}은(는) {limit}자까지 쓸 수 있습니다.", code="too_long", field=field)
    return value


def _moment(value, *, field: str, label: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ClubError(f"{label}를 정해 주세요.", code="required", field=field)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _active_employee(employee: Employee | None, *, field: str) -> Employee:
    if employee is None or not employee.active:
        raise ClubError("재직 중인 직원만 동아리 회원이 될 수 있습니다.", code="invalid", field=field)
    return employee


def check_report_file(upload: UploadedFile | None) -> None:
    """A report file is optional; when given, it is a PDF, 한글 or Office document of at most
    20 MB whose first bytes match its extension. Raises ClubError (400) before anything is stored."""
    if upload is None:
        return
    name = PurePath(getattr(upload, "name", "") or "").name
    suffix = PurePath(name.lower()).suffix
    if suffix not in REPORT_TYPES:
        raise ClubError("보고서 파일은 PDF, 한글(HWP·HWPX), 워드·파워포인트·엑셀(DOCX·PPTX·XLSX)만 올릴 수 있습니다.",
                        code="file_type", field="file")
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise ClubError("빈 파일입니다. 파일을 다시 골라 주세요.", code="file_empty", field="file")
    if size > MAX_REPORT_BYTES:
        raise ClubError(f"보고서 파일은 {MAX_REPORT_BYTES // (1024 * 1024)}MB까지 올릴 수 있습니다.",
                        code="file_too_large", field="file")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in REPORT_TYPES[suffix]):
        raise ClubError(f"{name}은(는) 확장자와 내용이 맞지 않는 파일입니다.", code="file_type", field="file")


# --- notices --------------------------------------------------------------------------------


def _notify_member_added(membership: ClubMembership, leader_name: str) -> None:
    club = membership.club
    notify(recipient=membership.employee.user, template="club_member_added",
           context={"club": club.name, "leader": leader_name, "club_url": f"/clubs/{club.pk}/"}, about=club)


def _notify_presenters(report: ClubReport, presentation: Presentation) -> None:
    when = timezone.localtime(presentation.held_at).strftime("%Y년 %m월 %d일 %H:%M")
    members = ClubMembership.objects.filter(club_id=report.club_id).select_related("employee__user").order_by("pk")
    for membership in members:
        notify(recipient=membership.employee.user, template="presentation_scheduled",
               context={"presentation": presentation.title, "when": when, "place": presentation.place,
                        "report": report.title, "presentation_url": f"/clubs/presentations/{presentation.pk}/"},
               about=presentation)


# --- clubs ----------------------------------------------------------------------------------


def club_form(
    *,
    actor,
    name: str,
    theme: str,
    year: int,
    leader: Employee,
    members: Sequence[Employee] = (),
    today: dt.date | None = None,
) -> Club:
    """Form a club with its 회장 and first members. Staff form their own club as 회장; the planner
    may form one for anyone. Members added are told."""
    if not can_use_clubs(actor):
        raise ClubNotAllowed("연구 동아리는 구청 직원만 만들 수 있습니다.", code="forbidden")
    leader = _active_employee(leader, field="leader")
    if not can_manage_clubs(actor) and leader.user_id != actor.pk:
        raise ClubNotAllowed("다른 직원을 회장으로 정하는 것은 제안 담당자만 할 수 있습니다.", code="forbidden",
                             field="leader")
    name = _text(name, field="name", label="동아리 이름", limit=MAX_NAME)
    theme = _text(theme, field="theme", label="연구 주제", limit=MAX_SHORT * 10)
    today = today or timezone.localdate()
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ClubError("활동 연도를 숫자로 적어 주세요.", code="invalid", field="year") from None
    if year not in (today.year, today.year + 1):
        raise ClubError(f"활동 연도는 {today.year}년 또는 {today.year + 1}년입니다.", code="invalid", field="year")
    others = sorted({m.pk: m for m in members if m.pk != leader.pk}.values(), key=lambda m: m.pk)
    for member in others:
        _active_employee(member, field="members")
    if len(others) + 1 > MAX_MEMBERS:
        raise ClubError(f"동아리 회원은 {MAX_MEMBERS}명까지입니다.", code="too_many", field="members")
    with transaction.atomic():
        if Club.objects.filter(year=year, name=name).exists():
            raise ClubConflict(f"{year}년에 같은 이름의 동아리가 이미 있습니다.", code="duplicate", field="name")
        try:
            with transaction.atomic():
                club = Club.objects.create(name=name, theme=theme, year=year, created_by=actor)
        except IntegrityError:
            raise ClubConflict(f"{year}년에 같은 이름의 동아리가 이미 있습니다.", code="duplicate", field="name") from None
        ClubMembership.objects.create(club=club, employee=leader, role=ClubRole.LEADER)
        added = [ClubMembership.objects.create(club=club, employee=m, role=ClubRole.MEMBER) for m in others]
        record_event(EventType.CLUB_FORMED, actor=actor, subject=club,
                     after={"name": name, "year": year, "leader": leader.pk, "members": [m.pk for m in others]},
                     note=theme[:200])
        for membership in added:
            record_event(EventType.CLUB_MEMBER_JOINED, actor=actor, subject=club,
                         after={"employee": membership.employee_id, "role": membership.role})
            _notify_member_added(membership, leader.user.name)
        if leader.user_id != actor.pk:
            membership = ClubMembership.objects.get(club=club, employee=leader)
            _notify_member_added(membership, leader.user.name)
    return club


def _lock_club(club: Club) -> Club:
    return Club.objects.select_for_update().get(pk=club.pk)


def _leader_name(club: Club) -> str:
    leader = ClubMembership.objects.filter(club=club, role=ClubRole.LEADER).select_related("employee__user").first()
    return leader.employee.user.name if leader else ""


def club_add_member(*, actor, club: Club, employee: Employee) -> ClubMembership:
    """The 회장 or the planner adds a member; the member is told."""
    employee = _active_employee(employee, field="employee")
    with transaction.atomic():
        locked = _lock_club(club)
        if not can_manage_members(actor, locked):
            raise ClubNotAllowed("회원은 동아리 회장이나 제안 담당자가 추가합니다.", code="forbidden")
        membership = _join(locked, employee, actor=actor)
        _notify_member_added(membership, _leader_name(locked))
    return membership


def club_join(*, actor, club: Club) -> ClubMembership:
    """A staff member joins an active club by themself."""
    if not can_use_clubs(actor):
        raise ClubNotAllowed("연구 동아리는 구청 직원만 가입할 수 있습니다.", code="forbidden")
    employee = _active_employee(employee_of(actor), field="employee")
    with transaction.atomic():
        return _join(_lock_club(club), employee, actor=actor)


def _join(club: Club, employee: Employee, *, actor) -> ClubMembership:
    if club.status != ClubStatus.ACTIVE:
        raise ClubConflict(f"'{club.get_status_display()}' 상태인 동아리에는 가입할 수 없습니다.", code="not_active")
    if ClubMembership.objects.filter(club=club, employee=employee).exists():
        raise ClubConflict(f"{employee.user.name}님은 이미 이 동아리 회원입니다.", code="already_member",
                           field="employee")
    if ClubMembership.objects.filter(club=club).count() >= MAX_MEMBERS:
        raise ClubError(f"동아리 회원은 {MAX_MEMBERS}명까지입니다.", code="too_many", field="employee")
    membership = ClubMembership.objects.create(club=club, employee=employee, role=ClubRole.MEMBER)
    record_event(EventType.CLUB_MEMBER_JOINED, actor=actor, subject=club,
                 after={"employee": employee.pk, "role": membership.role})
    return membership


def club_remove_member(*, actor, club: Club, employee: Employee) -> None:
    """A member leaves (themself), or the 회장 or planner removes them. The 회장 stays."""
    with transaction.atomic():
        locked = _lock_club(club)
        membership = ClubMembership.objects.select_for_update().filter(club=locked, employee=employee).first()
        if membership is None:
            raise ClubError("이 동아리 회원이 아닙니다.", code="not_member", field="employee")
        if employee.user_id != actor.pk and not can_manage_members(actor, locked):
            raise ClubNotAllowed("회원 탈퇴 처리는 본인, 동아리 회장, 제안 담당자만 할 수 있습니다.", code="forbidden")
        if membership.role == ClubRole.LEADER:
            raise ClubConflict("회장은 탈퇴할 수 없습니다. 먼저 다른 회원에게 회장을 넘겨 주세요.", code="leader_stays")
        membership.delete()
        record_event(EventType.CLUB_MEMBER_LEFT, actor=actor, subject=locked,
                     before={"employee": employee.pk, "role": ClubRole.MEMBER},
                     note="본인 탈퇴" if employee.user_id == actor.pk else "회원 제외")


def club_hand_over(*, actor, club: Club, to: Employee) -> ClubMembership:
    """The 회장 (or the planner) hands the club over to another member, who becomes 회장; the
    former 회장 stays a member."""
    with transaction.atomic():
        locked = _lock_club(club)
        if not can_manage_members(actor, locked):
            raise ClubNotAllowed("회장 변경은 지금 회장이나 제안 담당자가 합니다.", code="forbidden")
        memberships = {m.employee_id: m for m in ClubMembership.objects.select_for_update().filter(club=locked)
                       .order_by("pk")}
        new = memberships.get(to.pk)
        if new is None:
            raise ClubError("회장은 동아리 회원 중에서 정해 주세요.", code="not_member", field="employee")
        if new.role == ClubRole.LEADER:
            raise ClubConflict(f"{to.user.name}님은 이미 회장입니다.", code="already_leader", field="employee")
        old = next((m for m in memberships.values() if m.role == ClubRole.LEADER), None)
        if old is not None:  # one 회장 per club (a database constraint): step down first
            old.role = ClubRole.MEMBER
            old.save(update_fields=["role"])
        new.role = ClubRole.LEADER
        new.save(update_fields=["role"])
        record_event(EventType.CLUB_LEADER_CHANGED, actor=actor, subject=locked,
                     before={"leader": old.employee_id if old else None}, after={"leader": to.pk})
    return new


def club_record_meeting(
    *,
    actor,
    club: Club,
    held_at: dt.datetime,
    place: str,
    minutes: str,
    attendees: Sequence[Employee] = (),
    now: dt.datetime | None = None,
) -> ClubMeeting:
    """Record a meeting: when, where, who of the members came, and the minutes."""
    held_at = _moment(held_at, field="held_at", label="모임 일시")
    if held_at > (now or timezone.now()) + dt.timedelta(minutes=5):
        raise ClubError("아직 열리지 않은 모임은 기록할 수 없습니다.", code="invalid", field="held_at")
    place = _text(place, field="place", label="장소", limit=MAX_SHORT)
    minutes = _text(minutes, field="minutes", label="회의록")
    with transaction.atomic():
        locked = _lock_club(club)
        if not can_record_for(actor, locked):
            raise ClubNotAllowed("모임은 동아리 회원이 기록합니다.", code="forbidden")
        member_ids = set(ClubMembership.objects.filter(club=locked).values_list("employee_id", flat=True))
        chosen = sorted({a.pk for a in attendees})
        if not set(chosen) <= member_ids:
            raise ClubError("참석자는 동아리 회원 중에서 골라 주세요.", code="invalid", field="attendees")
        meeting = ClubMeeting.objects.create(club=locked, held_at=held_at, place=place, minutes=minutes,
                                             recorded_by=actor)
        meeting.attendees.set(chosen)
        record_event(EventType.CLUB_MEETING_RECORDED, actor=actor, subject=locked,
                     after={"meeting": meeting.pk, "held_at": held_at.isoformat(), "place": place,
                            "attendees": chosen},
                     note=minutes[:200])
    return meeting


def club_submit_report(
    *, actor, club: Club, title: str, summary: str, findings: str, file: UploadedFile | None = None
) -> ClubReport:
    """Submit a research report (title, summary, findings, an optional file). A bad file is
    refused before anything is stored."""
    title = _text(title, field="title", label="보고서 제목", limit=MAX_SHORT)
    summary = _text(summary, field="summary", label="연구 요약")
    findings = _text(findings, field="findings", label="연구 결과")
    check_report_file(file)
    stored = None
    try:
        with transaction.atomic():
            locked = _lock_club(club)
            if not can_record_for(actor, locked):
                raise ClubNotAllowed("연구 보고서는 동아리 회원이 제출합니다.", code="forbidden")
            if locked.status == ClubStatus.CLOSED:
                raise ClubConflict("해산한 동아리는 보고서를 낼 수 없습니다.", code="not_active")
            report = ClubReport(club=locked, title=title, summary=summary, findings=findings, submitted_by=actor)
            if file is not None:
                report.file.save(PurePath(file.name).name, file, save=False)
                stored = report.file
            report.save()
            record_event(EventType.CLUB_REPORT_SUBMITTED, actor=actor, subject=locked,
                         after={"report": report.pk, "title": title, "file": bool(file)}, note=summary[:200])
    except BaseException:
        # The file is written before the row: when the row is not, the file goes too.
        if stored is not None:
            stored.storage.delete(stored.name)
        raise
    return report


# --- presentations (발표회) ------------------------------------------------------------------


def presentation_schedule(*, actor, title: str, held_at: dt.datetime, place: str, description: str = "",
                          now: dt.datetime | None = None) -> Presentation:
    """The planner schedules a presentation; clubs' reports are added to its programme next."""
    if not can_manage_clubs(actor):
        raise ClubNotAllowed("발표회는 제안 담당자가 정합니다.", code="forbidden")
    title = _text(title, field="title", label="발표회 이름", limit=MAX_SHORT)
    held_at = _moment(held_at, field="held_at", label="발표회 일시")
    place = _text(place, field="place", label="장소", limit=MAX_SHORT)
    description = _text(description, field="description", label="안내", required=False)
    with transaction.atomic():
        presentation = Presentation.objects.create(title=title, held_at=held_at, place=place,
                                                   description=description, created_by=actor)
        record_event(EventType.PRESENTATION_SCHEDULED, actor=actor, subject=presentation,
                     after={"held_at": held_at.isoformat(), "place": place})
    return presentation


def presentation_add_report(*, actor, presentation: Presentation, report: ClubReport) -> ClubReport:
    """Put a club's report last on the programme; the club's members are told when and where."""
    if not can_manage_clubs(actor):
        raise ClubNotAllowed("발표 과제는 제안 담당자가 정합니다.", code="forbidden")
    with transaction.atomic():
        locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
        if locked.status != PresentationStatus.SCHEDULED:
            raise ClubConflict("이미 열린 발표회에는 과제를 더할 수 없습니다.", code="already_held")
        row = ClubReport.objects.select_for_update().select_related("club").get(pk=report.pk)
        if row.presentation_id is not None:
            raise ClubConflict("이 보고서는 이미 발표회 과제로 정해져 있습니다.", code="already_on_programme",
                               field="report")
        last = ClubReport.objects.filter(presentation=locked).aggregate(m=Max("presentation_order"))["m"] or 0
        row.presentation, row.presentation_order = locked, last + 1
        row.save(update_fields=["presentation", "presentation_order"])
        record_event(EventType.PRESENTATION_REPORT_ADDED, actor=actor, subject=locked,
                     after={"report": row.pk, "club": row.club_id, "order": row.presentation_order},
                     note=row.title[:200])
        _notify_presenters(row, locked)
    return row


def presentation_hold(*, actor, presentation: Presentation, result: str = "") -> Presentation:
    """Mark the presentation held; each club that presented has finished its research (연구 보고
    완료)."""
    if not can_manage_clubs(actor):
        raise ClubNotAllowed("발표회 개최는 제안 담당자가 기록합니다.", code="forbidden")
    result = _text(result, field="result", label="개최 결과", required=False)
    with transaction.atomic():
        locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
        if locked.status == PresentationStatus.HELD:
            raise ClubConflict("이미 개최를 기록한 발표회입니다.", code="already_held")
        club_ids = sorted(set(ClubReport.objects.filter(presentation=locked).values_list("club_id", flat=True)))
        if not club_ids:
            raise ClubError("발표 과제가 없는 발표회는 개최를 기록할 수 없습니다. 과제를 먼저 더해 주세요.",
                            code="no_reports")
        locked.status, locked.result = PresentationStatus.HELD, result
        locked.save(update_fields=["status", "result"])
        Club.objects.filter(pk__in=club_ids, status=ClubStatus.ACTIVE).update(status=ClubStatus.REPORTED)
        record_event(EventType.PRESENTATION_HELD, actor=actor, subject=locked,
                     before={"status": PresentationStatus.SCHEDULED},
                     after={"status": PresentationStatus.HELD, "clubs": club_ids}, note=result[:200])
    return locked
