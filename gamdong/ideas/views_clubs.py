"""Pages of research clubs (창의연구 동아리) and presentations (발표회), open to all staff.

Thin: forms parse, services_clubs decides (a ClubError is shown next to its field with its
status: 400, 403 or 409), selectors_clubs reads.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gamdong.ideas import forms_clubs as forms
from gamdong.ideas import selectors_clubs as selectors
from gamdong.ideas import services_clubs as services
from gamdong.ideas.models import Club, ClubRole, Presentation, PresentationStatus
from gamdong.org.models import Employee
from gamdong.org.permissions import employee_of


def _forbidden(request: HttpRequest, message: str = "연구 동아리 화면은 구청 직원만 볼 수 있습니다.") -> HttpResponse:
    return render(request, "ideas/clubs/forbidden.html", {"message": message}, status=403)


def staff_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_use_clubs(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def _show_error(form, exc: services.ClubError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- clubs ----------------------------------------------------------------------------------


@staff_only
@require_http_methods(["GET", "POST"])
def club_list(request: HttpRequest) -> HttpResponse:
    """Clubs by year (this year by default), and the form to start one."""
    today = timezone.localdate()
    years = selectors.club_years()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = today.year
    me = employee_of(request.user)
    can_pick_leader = services.can_manage_clubs(request.user)
    status = 200
    if request.method == "POST":
        form = forms.ClubForm(request.POST, can_pick_leader=can_pick_leader)
        if not can_pick_leader and me is not None:
            form.data = form.data.copy()
            form.data["leader"] = str(me.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                club = services.club_form(actor=request.user, name=data["name"], theme=data["theme"],
                                          year=data["year"], leader=data["leader"], members=list(data["members"]))
            except services.ClubError as exc:
                _show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, f"'{club.name}' 동아리를 만들었습니다.")
                return redirect("clubs:detail", pk=club.pk)
        status = status if status != 200 else 400
    else:
        form = forms.ClubForm(can_pick_leader=can_pick_leader,
                              initial={"year": today.year, "leader": me.pk if me else None})
    return render(request, "ideas/clubs/list.html", {
        "clubs": selectors.club_list(year=year), "year": year, "years": sorted(set(years) | {today.year},
                                                                              reverse=True),
        "form": form, "can_form": me is not None or can_pick_leader, "mine": selectors.memberships_of(employee=me),
    }, status=status)


def _club_page(request: HttpRequest, pk: int, *, meeting=None, report=None, member=None, status=200):
    club = selectors.club_detail(pk=pk)
    if club is None:
        raise Http404("동아리를 찾을 수 없습니다.")
    me = employee_of(request.user)
    my_membership = next((m for m in club.member_list if me is not None and m.employee_id == me.pk), None)
    can_manage = services.can_manage_clubs(request.user)
    can_record = can_manage or my_membership is not None
    return render(request, "ideas/clubs/detail.html", {
        "club": club, "me": me, "my_membership": my_membership,
        "is_leader": my_membership is not None and my_membership.role == ClubRole.LEADER,
        "can_manage_members": can_manage or (my_membership is not None and my_membership.role == ClubRole.LEADER),
        "can_record": can_record,
        "meeting_form": meeting or (forms.MeetingForm(prefix="meeting", members=club.member_list, initial={
            "held_at": timezone.localtime().replace(minute=0, second=0, microsecond=0)}) if can_record else None),
        "report_form": report or (forms.ReportForm(prefix="report") if can_record else None),
        "member_form": member or (forms.MemberForm(prefix="member") if can_manage or (
            my_membership is not None and my_membership.role == ClubRole.LEADER) else None),
    }, status=status)


@staff_only
def club_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _club_page(request, pk)


def _club(pk: int) -> Club:
    return get_object_or_404(Club, pk=pk)


@staff_only
@require_POST
def club_join(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.club_join(actor=request.user, club=_club(pk))
    except services.ClubError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "동아리에 가입했습니다.")
    return redirect("clubs:detail", pk=pk)


@staff_only
@require_POST
def club_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """A member leaves, or (with `employee`) the 회장 or the planner takes someone off the list."""
    club = _club(pk)
    raw = request.POST.get("employee", "")
    employee = Employee.objects.filter(pk=raw).select_related("user").first() if raw.isdigit() else employee_of(
        request.user)
    if employee is None:
        raise Http404("직원을 찾을 수 없습니다.")
    try:
        services.club_remove_member(actor=request.user, club=club, employee=employee)
    except services.ClubNotAllowed as exc:
        return _forbidden(request, exc.message)
    except services.ClubError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "탈퇴했습니다." if employee.user_id == request.user.pk
                         else f"{employee.user.name}님을 회원에서 뺐습니다.")
    return redirect("clubs:detail", pk=pk)


@staff_only
@require_POST
def club_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    club = _club(pk)
    raw = request.POST.get("employee", "")
    employee = Employee.objects.filter(pk=raw).select_related("user").first() if raw.isdigit() else None
    if employee is None:
        raise Http404("직원을 찾을 수 없습니다.")
    try:
        services.club_hand_over(actor=request.user, club=club, to=employee)
    except services.ClubNotAllowed as exc:
        return _forbidden(request, exc.message)
    except services.ClubError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{employee.user.name}님이 회장이 되었습니다.")
    return redirect("clubs:detail", pk=pk)


@staff_only
@require_POST
def club_add_member(request: HttpRequest, pk: int) -> HttpResponse:
    club = _club(pk)
    form = forms.MemberForm(request.POST, prefix="member")
    if form.is_valid():
        try:
            services.club_add_member(actor=request.user, club=club, employee=form.cleaned_data["employee"])
        except services.ClubNotAllowed as exc:
            return _forbidden(request, exc.message)
        except services.ClubError as exc:
            _show_error(form, exc)
            return _club_page(request, pk, member=form, status=exc.status)
        messages.success(request, f"{form.cleaned_data['employee'].user.name}님을 회원으로 더했습니다.")
        return redirect("clubs:detail", pk=pk)
    return _club_page(request, pk, member=form, status=400)


@staff_only
@require_POST
def club_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    club = _club(pk)
    members = list(club.memberships.select_related("employee__user").order_by("pk"))
    form = forms.MeetingForm(request.POST, prefix="meeting", members=members)
    if form.is_valid():
        data = form.cleaned_data
        attendees = [m.employee for m in members if m.employee_id in set(data["attendees"])]
        try:
            services.club_record_meeting(actor=request.user, club=club, held_at=data["held_at"],
                                         place=data["place"], minutes=data["minutes"], attendees=attendees)
        except services.ClubNotAllowed as exc:
            return _forbidden(request, exc.message)
        except services.ClubError as exc:
            _show_error(form, exc)
            return _club_page(request, pk, meeting=form, status=exc.status)
        messages.success(request, "모임을 기록했습니다.")
        return redirect("clubs:detail", pk=pk)
    return _club_page(request, pk, meeting=form, status=400)


@staff_only
@require_POST
def club_report(request: HttpRequest, pk: int) -> HttpResponse:
    club = _club(pk)
    form = forms.ReportForm(request.POST, request.FILES, prefix="report")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.club_submit_report(actor=request.user, club=club, title=data["title"], summary=data["summary"],
                                        findings=data["findings"], file=data["file"] or None)
        except services.ClubNotAllowed as exc:
            return _forbidden(request, exc.message)
        except services.ClubError as exc:
            _show_error(form, exc)
            return _club_page(request, pk, report=form, status=exc.status)
        messages.success(request, "연구 보고서를 제출했습니다.")
        return redirect("clubs:detail", pk=pk)
    return _club_page(request, pk, report=form, status=400)


@staff_only
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's file, for any staff member (reports are open to all staff)."""
    report = selectors.report_detail(pk=pk)
    if report is None or not report.file:
        raise Http404("보고서 파일이 없습니다.")
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404("보고서 파일이 없습니다.") from None
    return FileResponse(handle, as_attachment=True, filename=report.file.name.rsplit("/", 1)[-1])


# --- presentations (발표회) ------------------------------------------------------------------


@staff_only
@require_http_methods(["GET", "POST"])
def presentation_list(request: HttpRequest) -> HttpResponse:
    can_manage = services.can_manage_clubs(request.user)
    status = 200
    form = None
    if request.method == "POST":
        if not can_manage:
            return _forbidden(request, "발표회는 제안 담당자가 정합니다.")
        form = forms.PresentationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                presentation = services.presentation_schedule(actor=request.user, title=data["title"],
                                                              held_at=data["held_at"], place=data["place"],
                                                              description=data["description"])
            except services.ClubError as exc:
                _show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, "발표회를 정했습니다. 발표할 보고서를 더하세요.")
                return redirect("clubs:presentation", pk=presentation.pk)
        status = status if status != 200 else 400
    elif can_manage:
        form = forms.PresentationForm()
    return render(request, "ideas/clubs/presentations.html", {
        "presentations": selectors.presentation_list(), "form": form, "can_manage": can_manage,
    }, status=status)


def _presentation_page(request, pk: int, *, programme=None, hold=None, status=200):
    presentation = selectors.presentation_detail(pk=pk)
    if presentation is None:
        raise Http404("발표회를 찾을 수 없습니다.")
    can_manage = services.can_manage_clubs(request.user) and presentation.status == PresentationStatus.SCHEDULED
    context = {"presentation": presentation, "can_manage": can_manage}
    if can_manage:
        waiting = selectors.reports_waiting_for_presentation()
        context["programme_form"] = programme or (forms.ProgrammeForm(reports=waiting) if waiting else None)
        context["hold_form"] = hold or forms.HoldForm()
    return render(request, "ideas/clubs/presentation.html", context, status=status)


@staff_only
def presentation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _presentation_page(request, pk)


@staff_only
@require_POST
def presentation_add_report(request: HttpRequest, pk: int) -> HttpResponse:
    presentation = get_object_or_404(Presentation, pk=pk)
    form = forms.ProgrammeForm(request.POST, reports=selectors.reports_waiting_for_presentation())
    if form.is_valid():
        try:
            services.presentation_add_report(actor=request.user, presentation=presentation,
                                             report=form.cleaned_data["report"])
        except services.ClubNotAllowed as exc:
            return _forbidden(request, exc.message)
        except services.ClubError as exc:
            _show_error(form, exc)
            return _presentation_page(request, pk, programme=form, status=exc.status)
        messages.success(request, "발표 과제를 더했습니다. 동아리 회원에게 알렸습니다.")
        return redirect("clubs:presentation", pk=pk)
    if not services.can_manage_clubs(request.user):
        return _forbidden(request, "발표 과제는 제안 담당자가 정합니다.")
    return _presentation_page(request, pk, programme=form, status=400)


@staff_only
@require_POST
def presentation_hold(request: HttpRequest, pk: int) -> HttpResponse:
    presentation = get_object_or_404(Presentation, pk=pk)
    form = forms.HoldForm(request.POST)
    if form.is_valid():
        try:
            services.presentation_hold(actor=request.user, presentation=presentation,
                                       result=form.cleaned_data["result"])
        except services.ClubNotAllowed as exc:
            return _forbidden(request, exc.message)
        except services.ClubError as exc:
            _show_error(form, exc)
            return _presentation_page(request, pk, hold=form, status=exc.status)
        messages.success(request, "발표회 개최를 기록했습니다.")
        return redirect("clubs:presentation", pk=pk)
    return _presentation_page(request, pk, hold=form, status=400)
