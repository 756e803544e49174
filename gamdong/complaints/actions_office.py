"""The office's actions on one complaint, shared by the pages and the staff API.

Each action reads plain values (form fields or a JSON body), turns bad input into a
ComplaintError with a Korean message and the field at fault, and calls the service with the
version the person saw (`expected_version`), so that two people acting at once never lose a
change: the second gets ComplaintConflict (409).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gamdong.complaints import services
from gamdong.complaints.models import OPEN_STATUSES, Category, Complaint, Kind
from gamdong.complaints.photos import attach_uploads
from gamdong.complaints.selectors_office import OfficeScope, assignable_officers
from gamdong.complaints.services import ComplaintError, ComplaintNotAllowed
from gamdong.org.models import Department

MAX_TEXT = 4000


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # the button people press
    done: str  # the message after it worked
    run: Callable[..., Any]
    takes_files: bool = False  # the run function also receives the uploaded files


def _text(data: Mapping, name: str, *, required: bool = True, label: str = gettext_lazy("내용"), limit: int = MAX_TEXT) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise ComplaintError(_("%(label)s을(를) 적어 주세요.") % {"label": label}, code="required", field=name)
    if len(value) > limit:
        raise ComplaintError(_("%(label)s은(는) %(limit)s자 이내로 적어 주세요.") % {"label": label, "limit": limit}, code="too_long", field=name)
    return value


def _int(data: Mapping, name: str, *, label: str, required: bool = True) -> int | None:
    raw = data.get(name)
    if raw in (None, ""):
        if required:
            raise ComplaintError(_("%(label)s을(를) 골라 주세요.") % {"label": label}, code="required", field=name)
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ComplaintError(_("%(label)s 값이 올바르지 않습니다.") % {"label": label}, code="invalid", field=name) from None
    if value < 1:
        raise ComplaintError(_("%(label)s 값이 올바르지 않습니다.") % {"label": label}, code="invalid", field=name)
    return value


def expected_version(data: Mapping) -> int:
    """The version the person saw; every action needs it."""
    raw = data.get("expected_version", data.get("version"))
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ComplaintError(_("화면을 새로 고친 뒤 다시 시도해 주세요. (버전 정보 없음)"), code="required",
                             field="expected_version") from None


def _receive(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    category_id = _int(data, "category", label=_("민원 유형"), required=False)
    category = None
    if category_id is not None:
        category = Category.objects.filter(pk=category_id, active=True).first()
        if category is None:
            raise ComplaintError(_("없는 민원 유형입니다."), code="unknown_category", field="category")
    kind = str(data.get("kind") or "")
    if kind and kind not in Kind.values:
        raise ComplaintError(_("민원 종류가 올바르지 않습니다."), code="invalid", field="kind")
    department_id = _int(data, "department", label=_("처리 부서"), required=False)
    department = None
    if department_id is not None:
        department = Department.objects.filter(pk=department_id, active=True).first()
        if department is None:
            raise ComplaintError(_("없는 부서입니다."), code="unknown_department", field="department")
    return services.complaint_receive(complaint=c, actor=actor, category=category, kind=kind or None,
                                      department=department, expected_version=expected_version(data))


def _assign(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    officer_id = _int(data, "officer", label=_("담당자"))
    officer = assignable_officers(c).filter(pk=officer_id).first()
    if officer is None:
        raise ComplaintError(_("처리 부서(또는 그 아래 팀)의 재직 직원에게만 배정할 수 있습니다."),
                             code="wrong_department", field="officer")
    return services.complaint_assign(complaint=c, officer=officer, actor=actor,
                                     expected_version=expected_version(data))


def _transfer(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    department_id = _int(data, "to_department", label=_("이송할 부서"))
    department = Department.objects.filter(pk=department_id, active=True).first()
    if department is None:
        raise ComplaintError(_("없는 부서입니다."), code="unknown_department", field="to_department")
    reason = _text(data, "reason", label=_("이송 사유"))
    return services.complaint_transfer(complaint=c, to_department=department, actor=actor, reason=reason,
                                       expected_version=expected_version(data))


def _transfer_out(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    agency = _text(data, "agency", label=_("이송 기관"), limit=100)
    reason = _text(data, "reason", label=_("이송 사유"))
    return services.complaint_transfer_out(complaint=c, agency=agency, actor=actor, reason=reason,
                                           expected_version=expected_version(data))


def _extend(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    days = _int(data, "days", label=_("연장 일수"), required=False)
    hours = _int(data, "hours", label=_("연장 근무시간"), required=False)
    if (days is None) == (hours is None):
        raise ComplaintError(_("연장할 기간을 일수 또는 근무시간 중 하나로 적어 주세요."), code="invalid", field="days")
    reason = _text(data, "reason", label=_("연장 사유"))
    consent = _text(data, "consent_note", required=False, label=_("민원인 동의 내용"))
    return services.complaint_extend(complaint=c, actor=actor, reason=reason, days=days, hours=hours,
                                     consent_note=consent, expected_version=expected_version(data))


def _investigation_start(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    return services.complaint_investigation_start(complaint=c, actor=actor, expected_version=expected_version(data))


def _investigation_end(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    return services.complaint_investigation_end(complaint=c, actor=actor, expected_version=expected_version(data))


def _answer(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    body = _text(data, "body", label=_("답변 내용"))
    return services.complaint_answer(complaint=c, actor=actor, body=body, expected_version=expected_version(data))


def _refuse(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    reasons = _text(data, "reasons", label=_("거부 사유"))
    remedies = _text(data, "remedies", label=_("불복 방법"))
    body = _text(data, "body", required=False, label=_("안내 내용"))
    return services.complaint_refuse(complaint=c, actor=actor, reasons=reasons, remedies=remedies, body=body,
                                     expected_version=expected_version(data))


def _close(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    if c.status in OPEN_STATUSES:
        raise ComplaintError(_("답변하지 않은 민원은 종결할 수 없습니다. 먼저 답변하거나 거부 통지를 하세요."),
                             code="not_answered")
    note = _text(data, "note", required=False, label=_("종결 메모"), limit=500)
    return services.complaint_close(complaint=c, actor=actor, note=note, expected_version=expected_version(data))


def _mark_repeat(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    number = _text(data, "receipt_number", label=_("이전 민원의 접수번호"), limit=20)
    earlier = Complaint.objects.filter(receipt_number=number).first()
    if earlier is None:
        raise ComplaintError(_("접수번호 %(number)s인 민원이 없습니다.") % {"number": number}, code="unknown_complaint", field="receipt_number")
    return services.complaint_mark_repeat(complaint=c, of=earlier, actor=actor,
                                          expected_version=expected_version(data))


def _close_as_repeated(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    return services.complaint_close_as_repeated(complaint=c, actor=actor, expected_version=expected_version(data))


def _merge(c: Complaint, actor, data: Mapping, scope: OfficeScope):
    raw = data.getlist("members") if hasattr(data, "getlist") else data.get("members") or []
    try:
        ids = sorted({int(x) for x in raw})
    except (TypeError, ValueError):
        raise ComplaintError(_("병합할 민원 목록이 올바르지 않습니다."), code="invalid", field="members") from None
    others = list(
        Complaint.objects.filter(pk__in=ids).filter(scope.departments_q("department__")).exclude(pk=c.pk)
    )
    if len(others) != len([i for i in ids if i != c.pk]):
        raise ComplaintError(_("처리할 수 없는 민원이 목록에 있습니다."), code="forbidden_member", field="members")
    return services.complaints_merge_multi_party(lead=c, others=others, actor=actor,
                                                 expected_version=expected_version(data))


def _photos(c: Complaint, actor, data: Mapping, scope: OfficeScope, files: Sequence):
    """Photos taken by the office (before and after a repair, on the phone at the site)."""
    return attach_uploads(complaint=c, actor=actor, files=files)


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("receive", gettext_lazy("접수"), gettext_lazy("민원을 접수했습니다."), _receive),
        Action("assign", gettext_lazy("담당자 배정"), gettext_lazy("담당자를 배정했습니다."), _assign),
        Action("transfer", gettext_lazy("부서 이송"), gettext_lazy("다른 부서로 이송했습니다."), _transfer),
        Action("transfer_out", gettext_lazy("타기관 이송"), gettext_lazy("다른 기관으로 이송하고 민원인에게 알렸습니다."), _transfer_out),
        Action("extend", gettext_lazy("처리기간 연장"), gettext_lazy("처리기간을 연장하고 민원인에게 알렸습니다."), _extend),
        Action("investigation_start", gettext_lazy("현장조사 시작"), gettext_lazy("현장조사를 시작했습니다. 조사 기간은 처리기간에 넣지 않습니다."),
               _investigation_start),
        Action("investigation_end", gettext_lazy("현장조사 종료"), gettext_lazy("현장조사를 마쳤습니다. 처리기한을 다시 계산했습니다."),
               _investigation_end),
        Action("answer", gettext_lazy("답변"), gettext_lazy("답변을 보내고 민원인에게 알렸습니다."), _answer),
        Action("refuse", gettext_lazy("거부 통지"), gettext_lazy("거부 사유와 불복 방법을 민원인에게 알렸습니다."), _refuse),
        Action("close", gettext_lazy("종결"), gettext_lazy("민원을 종결했습니다."), _close),
        Action("mark_repeat", gettext_lazy("반복민원 지정"), gettext_lazy("이전 민원과 같은 민원으로 묶었습니다."), _mark_repeat),
        Action("close_as_repeated", gettext_lazy("반복민원 종결"), gettext_lazy("반복민원으로 종결하고 민원인에게 알렸습니다."), _close_as_repeated),
        Action("merge", gettext_lazy("다수인 민원 병합"), gettext_lazy("다수인 민원으로 병합했습니다."), _merge),
        Action("photos", gettext_lazy("사진 올리기"), gettext_lazy("사진을 올렸습니다."), _photos, takes_files=True),
    )
}


def perform(name: str, *, complaint: Complaint, actor, scope: OfficeScope, data: Mapping, files: Sequence = ()):
    """Run the action `name` on `complaint` for `actor`; raises ComplaintError (400/403/409)."""
    action = ACTIONS.get(name)
    if action is None:
        raise ComplaintError(_("알 수 없는 처리입니다."), code="unknown_action")
    if scope is None:
        raise ComplaintNotAllowed(_("이 민원을 처리할 권한이 없습니다."), code="forbidden")
    if action.takes_files:
        return action.run(complaint, actor, data, scope, files)
    return action.run(complaint, actor, data, scope)
