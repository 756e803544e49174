"""Pages of 현장행정: today's visits on a phone, scheduling and recording visits, dialogues.

Thin: forms parse, services decide (and refuse with FieldError, shown next to the field),
selectors read. Residents and visitors get 403 on every page here.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gamdong.complaints.models import Complaint
from gamdong.complaints.photos import clean_uploads
from gamdong.core.images import ImageRejected
from gamdong.field import forms, permissions, selectors, services
from gamdong.field.models import Dialogue, FieldVisit, VisitStatus
from gamdong.org.permissions import employee_of


def _forbidden(request: HttpRequest, message: str = gettext_lazy("현장행정 화면은 구청 직원만 볼 수 있습니다.")
               ) -> HttpResponse:
    return render(request, "field/forbidden.html", {"message": message}, status=403)


def staff_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_use_field(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def _show_error(form, exc: services.FieldError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _day(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


# --- field visits -------------------------------------------------------------------------------


@staff_only
def today(request: HttpRequest) -> HttpResponse:
    """오늘의 현장방문: the officer's visits of the day, in route order."""
    officer = employee_of(request.user)
    if officer is None:
        return _forbidden(request, _("직원 정보가 없어 현장방문을 볼 수 없습니다."))
    day = _day(request)
    visits = selectors.visits_for_day(officer=officer, day=day)
    planned = [v.pk for v in visits if v.status == VisitStatus.SCHEDULED]
    stops = [
        {
            "order": n, "lat": float(v.latitude), "lng": float(v.longitude), "address": v.address,
            "title": f"{n}. " + (v.address or _("방문지")), "time": timezone.localtime(v.scheduled_for).strftime("%H:%M"),
            "url": reverse("field:visit_record", args=[v.pk]), "done": v.status == VisitStatus.DONE,
        }
        for n, v in enumerate(visits, start=1)
        if v.latitude is not None
    ]
    return render(request, "field/today.html", {
        "day": day, "visits": visits, "planned": planned, "is_today": day == timezone.localdate(), "stops": stops,
        "previous_day": day - dt.timedelta(days=1), "next_day": day + dt.timedelta(days=1),
    })


@staff_only
@require_POST
def visit_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    """Move a planned visit one place earlier or later in the day's route."""
    visit = get_object_or_404(FieldVisit.objects.select_related("officer"), pk=pk)
    day = timezone.localdate(visit.scheduled_for)
    order = [v.pk for v in selectors.visits_for_day(officer=visit.officer, day=day)
             if v.status == VisitStatus.SCHEDULED]
    if pk in order:
        i = order.index(pk)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
    try:
        services.visits_reorder(officer=visit.officer, day=day, ordered_ids=order, actor=request.user)
    except services.FieldNotAllowed as exc:
        return _forbidden(request, exc.message)
    except services.FieldError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('field:today')}?day={day.isoformat()}")


@staff_only
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest) -> HttpResponse:
    """Schedule a visit from a complaint: its place prefilled, other open complaints at the same
    place or in the same 동 offered for the same trip."""
    officer = employee_of(request.user)
    if officer is None:
        return _forbidden(request, _("직원 정보가 없어 현장방문을 정할 수 없습니다."))
    raw = request.POST.get("complaint") or request.GET.get("complaint", "")
    complaint = Complaint.objects.filter(pk=raw).select_related("category").first() if raw.isdigit() else None
    if complaint is None:
        raise Http404(_("민원을 찾을 수 없습니다."))
    if not selectors.visitable_complaints(officer=officer).filter(pk=complaint.pk).exists():
        return _forbidden(request, _("내 부서가 처리하는 진행 중 민원만 현장방문을 정할 수 있습니다."))
    nearby = selectors.complaints_at_same_place(complaint=complaint, officer=officer)
    choices = [(c.pk, f"{c.receipt_number} {c.title} ({c.address or c.dong})") for c in nearby]
    if request.method == "POST":
        form = forms.ScheduleForm(request.POST, choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            chosen = [complaint, *[c for c in nearby if c.pk in set(data["complaints"])]]
            try:
                visit = services.visit_schedule(
                    officer=officer, complaints=chosen, scheduled_for=data["scheduled_for"], actor=request.user,
                    address=data["address"], latitude=data["latitude"], longitude=data["longitude"],
                )
            except services.FieldNotAllowed as exc:
                return _forbidden(request, exc.message)
            except services.FieldError as exc:
                _show_error(form, exc)
            else:
                messages.success(request, _("현장방문을 예정했습니다 (민원 %(count)s건). 민원인에게 알렸습니다.")
                                 % {"count": len(chosen)})
                return redirect(f"{reverse('field:today')}?day={timezone.localdate(visit.scheduled_for).isoformat()}")
        status = 400
    else:
        start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        form = forms.ScheduleForm(choices=choices, initial={
            "scheduled_for": start, "address": complaint.address,
            "latitude": complaint.latitude, "longitude": complaint.longitude,
        })
        status = 200
    return render(request, "field/visit_new.html", {"form": form, "complaint": complaint}, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the visit on site: time (now by default), the phone's position or a typed one,
    and what was found."""
    visit = selectors.visit_detail(pk=pk)
    if visit is None:
        raise Http404(_("현장방문을 찾을 수 없습니다."))
    if not permissions.can_act_for(request.user, visit.officer):
        return _forbidden(request, _("이 현장방문을 기록할 권한이 없습니다."))
    if request.method == "POST":
        form = forms.RecordForm(request.POST)
        photos = []
        if form.is_valid():
            try:
                photos = clean_uploads(request.FILES.getlist("photos"))
            except ImageRejected as exc:
                form.add_error(None, exc.message)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.visit_record(visit=visit, actor=request.user, visited_at=data["visited_at"],
                                      latitude=data["latitude"], longitude=data["longitude"],
                                      findings=data["findings"], photos=photos)
            except services.FieldNotAllowed as exc:
                return _forbidden(request, exc.message)
            except services.FieldError as exc:
                _show_error(form, exc)
            else:
                messages.success(request, _("현장방문을 기록했습니다. 민원인에게 알렸습니다."))
                return redirect(f"{reverse('field:today')}?day={timezone.localdate(visit.scheduled_for).isoformat()}")
        status = 400 if form.errors else 409
    else:
        form = forms.RecordForm(initial={"visited_at": timezone.localtime().replace(second=0, microsecond=0)})
        status = 200
    return render(request, "field/visit_record.html", {"form": form, "visit": visit}, status=status)


@staff_only
@require_POST
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(FieldVisit, pk=pk)
    try:
        services.visit_cancel(visit=visit, actor=request.user, reason=request.POST.get("reason", ""))
    except services.FieldNotAllowed as exc:
        return _forbidden(request, exc.message)
    except services.FieldError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("현장방문을 취소했습니다."))
    return redirect(f"{reverse('field:today')}?day={timezone.localdate(visit.scheduled_for).isoformat()}")


# --- dialogues (주민과의 대화) ----------------------------------------------------------------------


def dialogue_managers_only(view):
    @staff_only
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_manage_dialogues(request.user):
            return _forbidden(request, _("주민과의 대화는 부서장과 구청장이 기록합니다."))
        return view(request, *args, **kwargs)

    return wrapped


@dialogue_managers_only
@require_http_methods(["GET", "POST"])
def dialogues(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = forms.DialogueForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            employee = employee_of(request.user)
            try:
                dialogue = services.dialogue_record(
                    host=request.user, held_at=data["held_at"], place=data["place"], title=data["title"],
                    attendees=data["attendees"], attendee_count=data["attendee_count"] or 0,
                    summary=data["summary"], department=employee.department if employee else None,
                )
            except services.FieldError as exc:
                _show_error(form, exc)
            else:
                messages.success(request, _("주민과의 대화를 기록했습니다. 제기된 사항을 등록하세요."))
                return redirect("field:dialogue", pk=dialogue.pk)
        status = 400
    else:
        form = forms.DialogueForm(initial={"held_at": timezone.localtime().replace(minute=0, second=0, microsecond=0)})
    return render(request, "field/dialogues.html",
                  {"form": form, "dialogues": selectors.dialogues_for(user=request.user)}, status=status)


def _dialogue_page(request, dialogue_pk: int, *, inconvenience=None, idea=None, status=200) -> HttpResponse:
    dialogue = selectors.dialogue_detail(pk=dialogue_pk)
    if dialogue is None:
        raise Http404(_("주민과의 대화를 찾을 수 없습니다."))
    return render(request, "field/dialogue.html", {
        "dialogue": dialogue, "items": list(dialogue.items.all()),
        "inconvenience_form": inconvenience or forms.InconvenienceForm(prefix="inc"),
        "idea_form": idea or forms.IdeaForm(prefix="idea"), "now": timezone.now(),
    }, status=status)


@dialogue_managers_only
def dialogue(request: HttpRequest, pk: int) -> HttpResponse:
    return _dialogue_page(request, pk)


@dialogue_managers_only
@require_POST
def dialogue_inconvenience(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = get_object_or_404(Dialogue.objects.select_related("host"), pk=pk)
    form = forms.InconvenienceForm(request.POST, prefix="inc")
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.dialogue_add_inconvenience(
                dialogue=dialogue, actor=request.user, text=data["text"], raised_by=data["raised_by"],
                category=data["category"], address=data["address"],
            )
        except services.FieldError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("불편사항을 민원 %(receipt_number)s(으)로 접수했습니다.")
                             % {"receipt_number": item.complaint.receipt_number})
            return redirect("field:dialogue", pk=pk)
    return _dialogue_page(request, pk, inconvenience=form, status=400)


@dialogue_managers_only
@require_POST
def dialogue_idea(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = get_object_or_404(Dialogue.objects.select_related("host"), pk=pk)
    form = forms.IdeaForm(request.POST, prefix="idea")
    if form.is_valid():
        try:
            services.dialogue_add_idea(dialogue=dialogue, actor=request.user, text=form.cleaned_data["text"],
                                       raised_by=form.cleaned_data["raised_by"])
        except services.FieldError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("제안·아이디어를 기록했습니다."))
            return redirect("field:dialogue", pk=pk)
    return _dialogue_page(request, pk, idea=form, status=400)
