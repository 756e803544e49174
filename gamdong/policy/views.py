"""Pages of 정책화: every implementation for all staff, one implementation with its forms, and
the annual report.

Thin: forms parse, services decide (and refuse with PolicyError, shown next to the field),
selectors read. Residents and visitors get 403 on every page here.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gamdong.core.district_settings import district_setting
from gamdong.ideas.models import ADOPTED_STATUSES, Proposal
from gamdong.org.models import Department, Employee
from gamdong.org.permissions import employee_of
from gamdong.policy import forms, permissions, rules, selectors, services
from gamdong.policy.models import Implementation, ImplementationStatus, Milestone, OutcomeMeasure, StatusCheck
from gamdong.policy.report_xlsx import annual_report_workbook


def _forbidden(request: HttpRequest, message: str = "정책화 화면은 구청 직원만 볼 수 있습니다.") -> HttpResponse:
    return render(request, "policy/forbidden.html", {"message": message}, status=403)


def staff_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_view_policy(request.user):
            return _forbidden(request)
        try:
            return view(request, *args, **kwargs)
        except services.PolicyNotAllowed as exc:
            return _forbidden(request, exc.message)

    return wrapped


def _show_error(form, exc: services.PolicyError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _int(raw: str) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


# --- the list -----------------------------------------------------------------------------------


@staff_only
def index(request: HttpRequest) -> HttpResponse:
    """정책화 현황: every implementation, overdue checks first; filters by department and status."""
    today = timezone.localdate()
    department_id = _int(request.GET.get("department", ""))
    status = request.GET.get("status", "")
    if status not in ImplementationStatus.values:
        status = ""
    rows = selectors.implementations(today=today, department_id=department_id, status=status)
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    items = selectors.implementation_page(page.object_list)
    is_planner = permissions.is_planner(request.user)
    return render(request, "policy/index.html", {
        "page": page, "items": items, "today": today,
        "departments": selectors.departments_with_implementations(),
        "statuses": ImplementationStatus.choices, "filters": {"department": department_id, "status": status},
        "waiting": selectors.adopted_waiting() if is_planner else [],
        "can_report": permissions.can_view_report(request.user),
        "report_year": rules.annual_report_year(today, due=district_setting("proposals.annual_report_due")),
    })


# --- start --------------------------------------------------------------------------------------


def _startable_departments(user):
    if permissions.is_planner(user):
        return Department.objects.active().order_by("path")
    employee = employee_of(user)
    if employee is None:
        return Department.objects.none()
    headed = list(Department.objects.filter(head=employee))
    if not headed:
        return Department.objects.none()
    from functools import reduce
    from operator import or_

    from gamdong.org.models import subtree_q

    return Department.objects.active().filter(reduce(or_, [subtree_q(d.path) for d in headed])).order_by("path")


def _employees_of(departments):
    return (Employee.objects.active().filter(department__in=departments)
            .select_related("user", "department").order_by("department__path", "user__name"))


@staff_only
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("owner_department"), pk=proposal_pk)
    if hasattr(proposal, "implementation"):
        return redirect("policy:detail", pk=proposal.implementation.pk)
    departments = _startable_departments(request.user)
    if not departments.exists():
        return _forbidden(request, "제안·정책 담당 또는 부서장만 정책화에 착수할 수 있습니다.")
    employees = _employees_of(departments)
    if request.method == "POST":
        form = forms.StartForm(request.POST, departments=departments, employees=employees)
        if form.is_valid():
            data = form.cleaned_data
            try:
                impl = services.implementation_start(
                    proposal=proposal, owner_department=data["owner_department"], responsible=data["responsible"],
                    started_on=data["started_on"], actor=request.user)
            except services.PolicyError as exc:
                if isinstance(exc, services.PolicyNotAllowed):
                    raise
                _show_error(form, exc)
            else:
                messages.success(request, "정책화에 착수했습니다. 분기 점검 일정을 만들었습니다.")
                return redirect("policy:detail", pk=impl.pk)
        status = 400
    else:
        initial = {"started_on": timezone.localdate()}
        if proposal.owner_department_id and departments.filter(pk=proposal.owner_department_id).exists():
            initial["owner_department"] = proposal.owner_department_id
        form = forms.StartForm(departments=departments, employees=employees, initial=initial)
        status = 200
    return render(request, "policy/start.html", {
        "form": form, "proposal": proposal, "proposal_url": selectors.proposal_url(proposal),
        "adopted": proposal.status in ADOPTED_STATUSES}, status=status)


# --- one implementation -------------------------------------------------------------------------


def _detail_or_404(pk: int) -> Implementation:
    impl = selectors.implementation_detail(pk)
    if impl is None:
        raise Http404("정책화를 찾을 수 없습니다.")
    return impl


def _render_detail(request: HttpRequest, impl: Implementation, *, bound: dict | None = None,
                   status: int = 200) -> HttpResponse:
    """The implementation page; `bound` replaces blank forms by the ones just submitted."""
    bound = bound or {}
    today = timezone.localdate()
    can_manage = permissions.can_manage(request.user, impl) and not impl.is_finished
    can_grade = permissions.can_grade(request.user) and not impl.is_finished
    employees = _employees_of(Department.objects.subtree(impl.owner_department)) if can_manage else Employee.objects.none()
    measures = []
    for summary in impl.measure_summaries:
        pk = summary.measure.pk
        measures.append({
            "summary": summary, "chart": selectors.measure_chart(summary),
            "value_form": bound.get(f"value-{pk}") or forms.ValueForm(prefix=f"v{pk}", initial={"measured_on": today}),
            "target_form": bound.get(f"target-{pk}") or forms.TargetForm(prefix=f"t{pk}",
                                                                        initial={"target": summary.measure.target}),
            "may_count": summary.measure.is_automatic and today >= rules.add_months(
                impl.started_on, summary.measure.window_months),
            "count_from": rules.add_months(impl.started_on, summary.measure.window_months),
        })
    checks = selectors.check_rows(impl, today=today)
    for row in checks:
        pk = row["check"].pk
        row["form"] = bound.get(f"check-{pk}") or forms.CheckForm(prefix=f"c{pk}")
        row["open"] = not row["check"].is_done and row["check"].period_start <= today
    grade_from = selectors.may_grade_from(impl)
    context = {
        "impl": impl, "today": today, "measures": measures, "checks": checks,
        "milestones": list(impl.milestones.all()), "complaints": list(impl.proposal.complaints.all()),
        "proposal_url": selectors.proposal_url(impl.proposal),
        "can_manage": can_manage, "can_grade": can_grade,
        "grade": getattr(impl, "result_grade", None), "grade_from": grade_from, "may_grade": today >= grade_from,
        "may_finish": today > impl.follow_until or impl.status == ImplementationStatus.DROPPED,
        "update_form": bound.get("update") or forms.UpdateForm(prefix="up", employees=employees, initial={
            "version": impl.version, "status": impl.status, "status_reason": impl.status_reason,
            "progress_percent": impl.progress_percent, "responsible": impl.responsible_id,
            "owner_department": impl.owner_department_id,
            "effect_from": impl.effect_from}),
        "milestone_form": bound.get("milestone") or forms.MilestoneForm(prefix="ms"),
        "measure_form": bound.get("measure") or forms.MeasureForm(prefix="me"),
        "grade_form": bound.get("grade") or forms.NoteForm(prefix="gr"),
        "finish_form": bound.get("finish") or forms.NoteForm(prefix="fin"),
        "overdue_checks": sum(1 for c in checks if c["state"] == rules.OVERDUE),
    }
    return render(request, "policy/detail.html", context, status=status)


@staff_only
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _detail_or_404(pk))


def _act(request: HttpRequest, impl: Implementation, form, key: str, action, success: str, anchor: str):
    """Run `action(form.cleaned_data)` for a valid form; on a refusal show the page again with
    the message next to the field (400, or 409 for a conflict)."""
    status = 400
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except services.PolicyNotAllowed:
            raise
        except services.PolicyError as exc:
            _show_error(form, exc)
            status = exc.status
        else:
            messages.success(request, success)
            return redirect(reverse("policy:detail", args=[impl.pk]) + f"#{anchor}")
    return _render_detail(request, _detail_or_404(impl.pk), bound={key: form}, status=status)


@staff_only
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    impl = _detail_or_404(pk)
    employees = Employee.objects.active().select_related("user", "department")  # the service checks the department
    form = forms.UpdateForm(request.POST, prefix="up", employees=employees)

    def act(data):
        services.implementation_update(
            implementation=impl, expected_version=data["version"], actor=request.user, status=data["status"],
            status_reason=data["status_reason"], progress_percent=data["progress_percent"],
            owner_department=data["owner_department"], responsible=data["responsible"],
            effect_from=data["effect_from"])

    return _act(request, impl, form, "update", act, "추진 상황을 바꿨습니다.", "status")


@staff_only
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    impl = _detail_or_404(pk)
    form = forms.MilestoneForm(request.POST, prefix="ms")
    return _act(request, impl, form, "milestone", lambda d: services.milestone_add(
        implementation=impl, title=d["title"], due_on=d["due_on"], actor=request.user),
        "추진 단계를 추가했습니다.", "milestones")


@staff_only
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone, pk=pk)
    try:
        services.milestone_complete(milestone=milestone, actor=request.user)
    except services.PolicyNotAllowed:
        raise
    except services.PolicyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"'{milestone.title}' 단계를 완료했습니다.")
    return redirect(reverse("policy:detail", args=[milestone.implementation_id]) + "#milestones")


@staff_only
@require_POST
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    impl = _detail_or_404(pk)
    form = forms.MeasureForm(request.POST, prefix="me")
    return _act(request, impl, form, "measure", lambda d: services.measure_define(
        implementation=impl, name=d["name"], unit=d["unit"], baseline=d["baseline"], target=d["target"],
        direction=d["direction"], actor=request.user), "성과 지표를 정했습니다.", "measures")


@staff_only
@require_POST
def measure_target(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(OutcomeMeasure, pk=pk)
    impl = _detail_or_404(measure.implementation_id)
    form = forms.TargetForm(request.POST, prefix=f"t{pk}")
    return _act(request, impl, form, f"target-{pk}", lambda d: services.measure_set_target(
        measure=measure, target=d["target"], actor=request.user), "목표값을 바꿨습니다.", f"measure-{pk}")


@staff_only
@require_POST
def value_add(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(OutcomeMeasure, pk=pk)
    impl = _detail_or_404(measure.implementation_id)
    form = forms.ValueForm(request.POST, prefix=f"v{pk}")
    return _act(request, impl, form, f"value-{pk}", lambda d: services.measure_value_record(
        measure=measure, measured_on=d["measured_on"], value=d["value"], note=d["note"], actor=request.user),
        "측정값을 기록했습니다.", f"measure-{pk}")


@staff_only
@require_POST
def measure_count(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(OutcomeMeasure, pk=pk)
    try:
        row = services.complaint_measure_count(measure=measure, actor=request.user)
    except services.PolicyNotAllowed:
        raise
    except services.PolicyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"민원 {row.value:.0f}건을 세어 기록했습니다.")
    return redirect(reverse("policy:detail", args=[measure.implementation_id]) + f"#measure-{pk}")


@staff_only
@require_POST
def check_record(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_object_or_404(StatusCheck, pk=pk)
    impl = _detail_or_404(check.implementation_id)
    form = forms.CheckForm(request.POST, prefix=f"c{pk}")
    return _act(request, impl, form, f"check-{pk}", lambda d: services.status_check_record(
        check=check, progress_summary=d["progress_summary"], issues=d["issues"], actor=request.user),
        f"{check.number}회차 점검을 기록했습니다.", "checks")


@staff_only
@require_POST
def grade(request: HttpRequest, pk: int) -> HttpResponse:
    impl = _detail_or_404(pk)
    form = forms.NoteForm(request.POST, prefix="gr")
    return _act(request, impl, form, "grade", lambda d: services.result_grade(
        implementation=impl, note=d["note"], actor=request.user), "성과 등급을 매겼습니다.", "grade")


@staff_only
@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    impl = _detail_or_404(pk)
    form = forms.NoteForm(request.POST, prefix="fin")
    return _act(request, impl, form, "finish", lambda d: services.implementation_finish(
        implementation=impl, note=d["note"], actor=request.user), "사후관리를 끝냈습니다.", "grade")


# --- the annual report --------------------------------------------------------------------------


def _report(request: HttpRequest, year: int, form: str):
    if not permissions.can_view_report(request.user):
        raise services.PolicyNotAllowed("연간 보고는 제안·정책 담당과 구청장이 볼 수 있습니다.")
    try:
        return services.annual_report_produce(year=year, actor=request.user, download=form)
    except services.PolicyNotFound as exc:
        raise Http404(exc.message) from exc


@staff_only
def report(request: HttpRequest, year: int) -> HttpResponse:
    data = _report(request, year, "page")
    this_year = timezone.localdate().year
    return render(request, "policy/report.html", {
        "report": data, "years": list(range(this_year, this_year - 5, -1)),
    })


@staff_only
def report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    data = _report(request, year, "xlsx")
    response = HttpResponse(annual_report_workbook(data),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="proposal-report-{year}.xlsx"'
    return response
