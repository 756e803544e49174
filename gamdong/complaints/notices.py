"""The notices a complainant (and staff) receive about a complaint.

All of them are case notices: they name the handling department, the officer and a
contact (령 §31), through the shared `case_notice` template of gamdong.core.notifications.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation

from gamdong.core.district_settings import district_setting
from gamdong.core.notifications import Recipient, notify, register_template


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y년 %m월 %d일 %H:%M") if moment else "-"


def _korean(display) -> str:
    """A model's label (status, kind) as the notices say it: in the district's language, whatever
    language the person whose action sends the notice is using."""
    if translation.get_language() == settings.LANGUAGE_CODE:  # the usual case: no switching
        return display()
    with translation.override(settings.LANGUAGE_CODE):
        return display()


def _recipient(complaint) -> Recipient:
    user = complaint.complainant
    return Recipient(
        name=complaint.complainant_name,
        phone=complaint.complainant_phone or (user.phone if user else ""),
        email=complaint.complainant_email or (user.email if user else ""),
        user=user,
    )


def _context(complaint, message: str) -> dict:
    officer = complaint.officer
    department = complaint.department
    contact = (officer.office_phone if officer and officer.office_phone else "") or department.phone or \
        district_setting("district.phone")
    return {
        "case_title": f"민원 {complaint.receipt_number}",
        "message": message,
        "department": department.name,
        "officer": officer.user.name if officer else "배정 전(민원 담당)",
        "contact": contact,
        "case_url": f"/complaints/{complaint.receipt_number}/",
    }


def _send(complaint, message: str, *, to=None) -> None:
    notify(recipient=to or _recipient(complaint), template="case_notice", context=_context(complaint, message),
           about=complaint)


def received(complaint) -> None:
    if complaint.status == "submitted":
        message = (f"'{complaint.title}' 민원이 도착했습니다. 담당 부서를 정해 "
                   f"{_when(complaint.receipt_due_at)}까지 정식으로 접수합니다.")
    else:
        message = (f"'{complaint.title}' 민원을 {_korean(complaint.get_kind_display)}으로 접수했습니다. "
                   f"처리기한은 {_when(complaint.due_at)}입니다.")
    _send(complaint, message)


def extended(complaint, extension) -> None:
    _send(complaint, (f"처리기간을 {_when(extension.previous_due_at)}에서 {_when(extension.new_due_at)}(으)로 "
                      f"연장했습니다. 사유: {extension.reason}"))


def answered(complaint, answer, *, also=()) -> None:
    text = answer.body
    if answer.kind == "refusal":
        text = f"요청하신 내용을 받아들이기 어렵습니다.\n사유: {answer.refusal_reasons}\n불복 방법: {answer.remedies}"
    message = f"처리 결과를 알려 드립니다.\n{text}"
    _send(complaint, message)
    for member in also:  # every complainant of a 다수인 민원
        _send(member, message, to=_recipient(member))


def progress(complaint) -> None:
    _send(complaint, (f"민원을 처리하고 있습니다. 현재 상태: {_korean(complaint.get_status_display)}. "
                      f"처리 예정: {_when(complaint.due_at)}."))


def satisfaction_request(complaint) -> None:
    _send(complaint, "답변에 만족하셨는지 알려 주세요. 민원 화면에서 1~5점으로 평가할 수 있습니다.")


def due_soon(complaint) -> None:
    officer = complaint.officer
    if officer is None:
        return
    _send(complaint, f"담당 민원의 처리기한({_when(complaint.due_at)})이 다가옵니다.", to=officer.user)


def overdue(complaint, supervisor_user) -> None:
    _send(complaint, f"처리기한({_when(complaint.due_at)})이 지난 민원입니다. 처리를 독촉합니다.", to=supervisor_user)


def visit_scheduled(complaint, visit) -> None:
    """The complainant is told when the officer will come to the place (현장방문 예정)."""
    _send(complaint, f"{_when(visit.scheduled_for)}에 담당자가 현장({visit.address or complaint.address or '민원 장소'})을 "
                     "방문해 확인할 예정입니다.")


def visit_recorded(complaint, visit) -> None:
    _send(complaint, f"{_when(visit.visited_at)}에 담당자가 현장을 방문해 확인했습니다. 확인 내용: {visit.findings}")


def visit_cancelled(complaint, visit) -> None:
    _send(complaint, f"{_when(visit.scheduled_for)}로 예정했던 현장방문을 취소했습니다. 다시 정해지면 알려 드립니다.")


register_template(
    "complaint_status_report",
    title="민원 처리상황 점검(부서장)",
    required=("department", "as_of"),
    channels=("email",),
)


def status_report(*, department, head_user, open_count: int, overdue_count: int, overdue_lines, as_of) -> list:
    """The periodic status check (령 §22, §28) mailed to the head of a department."""
    return notify(
        recipient=head_user, template="complaint_status_report", channels=("email",), about=department,
        context={"department": department.name, "open_count": open_count, "overdue_count": overdue_count,
                 "overdue_list": list(overdue_lines), "as_of": _when(as_of)},
    )
