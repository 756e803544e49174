"""The office's complaint pages: the inbox, a complaint's staff page with its action forms, the
logged reveal of the complainant's personal data, and registration of complaints that arrive
by phone, visit or letter.

Who: officers and supervisors (gamdong.complaints.selectors_office.office_scope); everyone
else gets 403. Each action form carries the complaint's version; a change made meanwhile by
someone else answers 409 with the fresh page and a Korean message.
"""

from __future__ import annotations

import dataclasses
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gamdong.complaints import reference
from gamdong.complaints import selectors_office as sel
from gamdong.complaints.actions_office import ACTIONS, MAX_TEXT, perform
from gamdong.complaints.models import OPEN_STATUSES, Category, Channel, Complaint, Kind, Status
from gamdong.complaints.selectors import STAFF_EVENT_LABELS
from gamdong.complaints.services import ComplaintError, Submission, complaint_submit
from gamdong.core.event_selectors import timeline_for
from gamdong.core.events import EventType, record_event

STAFF_CHANNELS = (Channel.PHONE, Channel.VISIT, Channel.LETTER)
COMPLAINANT = gettext_lazy("민원인")
FORBIDDEN = gettext_lazy("민원 업무를 맡은 직원(담당자, 부서장)만 볼 수 있습니다.")


def _forbidden(request: HttpRequest, message: str = FORBIDDEN) -> HttpResponse:
    return render(request, "complaints/office/forbidden.html", {"message": message}, status=403)


# --- inbox -------------------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    scope = sel.office_scope(request.user)
    if scope is None:
        return _forbidden(request)
    default_view = sel.DEPARTMENT if scope.supervisor else sel.MINE
    view = request.GET.get("view", default_view)
    if view not in (sel.DEPARTMENT, sel.MINE):
        view = default_view
    filters = sel.InboxFilters.from_params(request.GET)
    page_number = request.GET.get("page", "1")
    page_number = int(page_number) if page_number.isdigit() else 1
    page = sel.inbox_page(scope=scope, view=view, filters=filters, page=page_number)
    counts = sel.inbox_counts(scope=scope, view=view)
    base = {k: v for k, v in filters.as_params().items() if k not in ("overdue", "due_today", "assigned")}
    tab = _tab(filters)
    tabs = [
        ("all", _("전체"), counts.total, {}),
        ("overdue", _("기한 지남"), counts.overdue, {"overdue": "1"}),
        ("due_today", _("오늘 마감"), counts.due_today, {"due_today": "1"}),
        ("unassigned", _("미배정"), counts.unassigned, {"assigned": "no"}),
    ]
    current = {"view": view, **filters.as_params()}
    context = {
        "tabs": [
            {"key": key, "label": label, "count": count, "current": key == tab,
             "url": "?" + urlencode({"view": view, **base, **extra})}
            for key, label, count, extra in tabs
        ],
        "previous_url": "?" + urlencode({**current, "page": page.page - 1}),
        "next_url": "?" + urlencode({**current, "page": page.page + 1}),
        "view_urls": {v: "?" + urlencode({"view": v}) for v in (sel.DEPARTMENT, sel.MINE)},
        "scope": scope,
        "view": view,
        "page": page,
        "filters": filters,
        "params": filters.as_params(),
        "counts": counts,
        "tab": tab,
        "statuses": [(s, Status(s).label) for s in OPEN_STATUSES],
        "kinds": Kind.choices,
        "categories": reference.active_categories(),  # kept in the process: no query
    }
    template = "complaints/office/_inbox_results.html" if request.htmx else "complaints/office/inbox.html"
    return render(request, template, context)


def _tab(filters: sel.InboxFilters) -> str:
    if filters.overdue:
        return "overdue"
    if filters.due_today:
        return "due_today"
    if filters.assigned == "no":
        return "unassigned"
    return "all"


# --- one complaint ---


def staff_timeline(complaint: Complaint):
    """The complaint's timeline, each event named in the request's language, with the complainant
    shown as '민원인' (their name is personal data)."""
    complainant = complaint.complainant_id
    return [
        dataclasses.replace(
            e, label=str(STAFF_EVENT_LABELS.get(e.event.event_type, e.label)),
            actor=str(COMPLAINANT) if complainant is not None and e.event.actor_id == complainant else e.actor)
        for e in timeline_for(complaint)
    ]


# ----------------------------------------------------------------------------------------


def _get(pk: int) -> Complaint:
    complaint = sel.complaint_for_staff(pk=pk)
    if complaint is None:
        raise Http404(_("민원을 찾을 수 없습니다."))
    return complaint


def _detail(request: HttpRequest, complaint: Complaint, scope: sel.OfficeScope, *, status: int = 200,
            error: ComplaintError | None = None, form: dict | None = None, revealed: bool = False,
            action: str = "") -> HttpResponse:
    may_reveal = sel.can_reveal_personal_data(request.user, complaint, scope)
    is_open = complaint.status in OPEN_STATUSES
    context = {
        "complaint": complaint,
        "scope": scope,
        "row": sel.inbox_row(complaint, now=timezone.now()),
        "complainant": sel.complainant_view(complaint, reveal=revealed and may_reveal),
        "may_reveal": may_reveal,
        "revealed": revealed and may_reveal,
        "timeline": staff_timeline(complaint),
        "form_values": [v for k, v in (form or {}).items() if v and k not in ("token",)],
        "error": error,
        "error_action": action,
        "form": form or {},
        "is_open": is_open,
        "submitted": complaint.status == Status.SUBMITTED,
        "is_grievance": complaint.kind == Kind.GRIEVANCE,
        "investigating": bool(complaint.excluded_spans) and complaint.excluded_spans[-1][1] is None,
        "actions": ACTIONS,
        "max_text": MAX_TEXT,
        "proposals": list(complaint.proposals.only("pk", "number", "title", "status").order_by("-pk")),
        **sel.complaint_related(complaint),
    }
    if is_open:
        if complaint.status == Status.SUBMITTED:
            context["categories"] = Category.objects.filter(active=True).only("pk", "name")
            context["kinds"] = Kind.choices
        else:
            context["officers"] = list(sel.assignable_officers(complaint))
            context["merge_candidates"] = sel.merge_candidates(complaint, scope=scope)
        context["departments"] = list(sel.transfer_targets(exclude=complaint.department).only("pk", "name", "depth"))
    return render(request, "complaints/office/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = sel.office_scope(request.user)
    if scope is None:
        return _forbidden(request)
    complaint = _get(pk)
    if not sel.can_act(request.user, complaint, scope):
        return _forbidden(request, _("다른 부서의 민원입니다. 처리 부서의 직원만 볼 수 있습니다."))
    return _detail(request, complaint, scope)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """'개인정보 보기': the complainant's name and contact, shown once and logged with the reason."""
    scope = sel.office_scope(request.user)
    if scope is None:
        return _forbidden(request)
    complaint = _get(pk)
    if not sel.can_act(request.user, complaint, scope):
        return _forbidden(request, _("다른 부서의 민원입니다."))
    if not sel.can_reveal_personal_data(request.user, complaint, scope):
        return _forbidden(request, _("민원인의 개인정보는 담당자와 처리 부서의 부서장만 볼 수 있습니다."))
    reason = request.POST.get("reason", "").strip()
    if not reason or len(reason) > 200:
        error = ComplaintError(_("개인정보를 보는 이유를 200자 이내로 적어 주세요."), code="required", field="reason")
        return _detail(request, complaint, scope, status=400, error=error, action="reveal")
    log_personal_data_view(viewer=request.user, complaint=complaint, reason=reason)
    return _detail(request, complaint, scope, revealed=True)


def log_personal_data_view(*, viewer, complaint: Complaint, reason: str) -> None:
    record_event(
        EventType.PERSONAL_DATA_VIEWED, actor=viewer, subject=complaint,
        after={"complaint": complaint.receipt_number, "fields": ["complainant_name", "complainant_phone",
                                                                 "complainant_email"]},
        note=reason[:200],
    )


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    scope = sel.office_scope(request.user)
    if scope is None:
        return _forbidden(request)
    if action not in ACTIONS:
        raise Http404(_("알 수 없는 처리입니다."))
    complaint = _get(pk)
    if not sel.can_act(request.user, complaint, scope):
        return _forbidden(request, _("다른 부서의 민원은 처리할 수 없습니다."))
    try:
        perform(action, complaint=complaint, actor=request.user, scope=scope, data=request.POST,
                files=request.FILES.getlist("photos"))
    except ComplaintError as exc:
        if exc.status == 403:
            return _forbidden(request, exc.message)
        fresh = _get(pk)
        form = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "expected_version")}
        return _detail(request, fresh, scope, status=exc.status, error=exc, form=form, action=action)
    messages.success(request, ACTIONS[action].done)
    fresh = _get(pk)
    if not sel.can_act(request.user, fresh, scope):  # transferred away: back to the inbox
        return redirect("office:inbox")
    return redirect("office:detail", pk=pk)


# --- registration by staff (phone, visit, letter) ---------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    scope = sel.office_scope(request.user)
    if scope is None:
        return _forbidden(request)
    categories = Category.objects.filter(active=True).only("pk", "name")
    context = {"categories": categories, "channels": [(c.value, c.label) for c in STAFF_CHANNELS],
               "form": {"channel": Channel.PHONE, "token": uuid.uuid4().hex}}
    if request.method == "GET":
        return render(request, "complaints/office/new.html", context)
    data = request.POST
    context["form"] = {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}
    try:
        submission = _staff_submission(data)
    except ComplaintError as exc:
        context["error"] = exc
        return render(request, "complaints/office/new.html", context, status=400)
    token = str(data.get("token", ""))[:40]
    try:
        complaint, created = complaint_submit(submission=submission, registered_by=request.user,
                                              idempotency_key=f"office-new:{token}" if token else "")
    except ComplaintError as exc:
        context["error"] = exc
        return render(request, "complaints/office/new.html", context, status=exc.status)
    messages.success(request, _("민원을 등록했습니다. 접수번호 %(receipt_number)s")
                     % {"receipt_number": complaint.receipt_number})
    if sel.can_act(request.user, complaint, scope):
        return redirect("office:detail", pk=complaint.pk)
    return redirect(reverse("office:inbox"))


def _staff_submission(data) -> Submission:
    def text(name: str, label: str, limit: int, required: bool = True) -> str:
        value = str(data.get(name, "")).strip()
        if required and not value:
            raise ComplaintError(_("%(label)s을(를) 적어 주세요.") % {"label": label}, code="required", field=name)
        if len(value) > limit:
            raise ComplaintError(_("%(label)s은(는) %(limit)s자 이내로 적어 주세요.") % {"label": label, "limit": limit}, code="too_long", field=name)
        return value

    category_raw = str(data.get("category", ""))
    category = Category.objects.filter(pk=int(category_raw), active=True).first() if category_raw.isdigit() else None
    if category is None:
        raise ComplaintError(_("민원 유형을 골라 주세요."), code="unknown_category", field="category")
    channel = str(data.get("channel", ""))
    if channel not in STAFF_CHANNELS:
        raise ComplaintError(_("접수 경로(전화, 방문, 우편·서면)를 골라 주세요."), code="invalid", field="channel")
    name = text("complainant_name", _("민원인 이름"), 50)
    phone = text("complainant_phone", _("민원인 연락처"), 20)
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not 9 <= len(digits) <= 11 or any(ch not in "0123456789- " for ch in phone):
        raise ComplaintError(_("연락처는 숫자와 '-'로 9~11자리를 적어 주세요. (예: 010-1234-5678)"), code="invalid",
                             field="complainant_phone")
    email = text("complainant_email", _("이메일"), 254, required=False)
    if email and ("@" not in email or " " in email):
        raise ComplaintError(_("이메일 주소가 올바르지 않습니다."), code="invalid", field="complainant_email")
    return Submission(
        category=category,
        title=text("title", _("제목"), 200),
        body=text("body", _("내용"), MAX_TEXT),
        complainant_name=name,
        complainant_phone=phone,
        complainant_email=email,
        address=text("address", _("주소·장소"), 200, required=False),
        dong=text("dong", _("동"), 30, required=False),
        channel=channel,
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """민원 검색: the complaints the staff member may see that contain every word typed,
    newest first (Korean 1–2 syllable words included; gamdong.complaints.search)."""
    from gamdong.complaints.search import (
        SearchQueryError,
        index_departments_for,
        search_complaints,
        searchable_complaints_for,
        visible_department_ids,
    )

    scope = sel.office_scope(request.user)
    if scope is None:
        return _forbidden(request)
    query = request.GET.get("q", "").strip()
    status_filter = request.GET.get("status", "")
    context = {"query": query, "status_filter": status_filter, "page": None, "error": "",
               "statuses": Status.choices}
    if not query:
        return render(request, "complaints/office/search.html", context)
    if status_filter and status_filter not in Status.values:
        status_filter = ""
    visible = visible_department_ids(request.user)
    base = searchable_complaints_for(viewer=request.user, status=status_filter, visible_ids=visible)
    try:
        page = search_complaints(query=query, base_queryset=base, cursor=request.GET.get("cursor") or None,
                                 departments=index_departments_for(request.user, visible_ids=visible))
    except SearchQueryError as exc:
        context["error"] = exc.message
        return render(request, "complaints/office/search.html", context, status=400)
    now = timezone.now()
    context["page"] = page
    context["rows"] = [sel.inbox_row(c, now=now) for c in page.complaints]
    if page.next_cursor:
        context["next_url"] = "?" + urlencode({"q": query, "status": status_filter, "cursor": page.next_cursor})
    return render(request, "complaints/office/search.html", context)
