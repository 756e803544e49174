"""Pages of campaigns: the list (the running campaign first), opening and editing a campaign
(planner), and the progress page, whose sections depend on who looks (services_campaigns)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gamdong.ideas import selectors_campaigns as selectors
from gamdong.ideas import services_campaigns as services
from gamdong.ideas.forms_campaigns import CampaignForm


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "ideas/clubs/forbidden.html", {"message": message}, status=403)


def staff_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_view_campaigns(request.user):
            return _forbidden(request, "제안 공모 화면은 구청 직원만 볼 수 있습니다.")
        return view(request, *args, **kwargs)

    return wrapped


def _show_error(form, exc: services.CampaignError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@staff_only
def campaign_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    current = selectors.current_campaign(today=today)
    context = {
        "current": current,
        "campaigns": [c for c in selectors.campaign_list() if current is None or c.pk != current.pk],
        "today": today,
        "can_manage": services.can_manage_campaigns(request.user),
    }
    if current is not None:
        context["current_rate"] = selectors.overall_rate(current)
        context["mine"] = selectors.own_progress(current, user=request.user)
    return render(request, "ideas/campaigns/list.html", context)


@staff_only
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not services.can_manage_campaigns(request.user):
        return _forbidden(request, "제안 공모는 제안 담당자가 엽니다.")
    status = 200
    if request.method == "POST":
        form = CampaignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaign = services.campaign_open(
                    actor=request.user, kind=data["kind"], title=data["title"], theme=data["theme"],
                    starts_on=data["starts_on"], ends_on=data["ends_on"],
                    target_per_employee=data["target_per_employee"], departments=list(data["departments"]),
                )
            except services.CampaignError as exc:
                _show_error(form, exc)
            else:
                messages.success(request, f"'{campaign.title}' 공모를 열었습니다.")
                return redirect("campaigns:progress", pk=campaign.pk)
        status = 400
    else:
        today = timezone.localdate()
        form = CampaignForm(initial={"starts_on": today, "ends_on": today.replace(month=12, day=31),
                                     "title": f"{today.year}년 1직원 1제안", "target_per_employee": 1})
    return render(request, "ideas/campaigns/form.html", {"form": form, "campaign": None}, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_detail(pk=pk)
    if campaign is None:
        raise Http404("공모를 찾을 수 없습니다.")
    if not services.can_manage_campaigns(request.user):
        return _forbidden(request, "제안 공모는 제안 담당자가 바꿉니다.")
    status = 200
    if request.method == "POST":
        form = CampaignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.campaign_change(
                    actor=request.user, campaign=campaign, seen=data["seen"] or None,
                    departments=list(data["departments"]), kind=data["kind"], title=data["title"],
                    theme=data["theme"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                    target_per_employee=data["target_per_employee"],
                )
            except services.CampaignError as exc:
                _show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, "공모를 바꾸었습니다.")
                return redirect("campaigns:progress", pk=campaign.pk)
        status = status if status != 200 else 400
    else:
        form = CampaignForm(initial={
            **services.snapshot_values(campaign), "departments": list(campaign.departments.all()),
            "seen": services.fingerprint(campaign),
        })
    return render(request, "ideas/campaigns/form.html", {"form": form, "campaign": campaign}, status=status)


@staff_only
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Own progress for everyone; per team with names for supervisors; the office for the mayor
    and the planner, counts only."""
    campaign = selectors.campaign_detail(pk=pk)
    if campaign is None:
        raise Http404("공모를 찾을 수 없습니다.")
    user = request.user
    context = {
        "campaign": campaign,
        "mine": selectors.own_progress(campaign, user=user),
        "can_manage": services.can_manage_campaigns(user),
        "running": campaign.starts_on <= timezone.localdate() <= campaign.ends_on,
        # a supervised department outside the campaign's target departments has nothing to show
        "departments": [d for d in (selectors.department_progress(campaign, root=root)
                                    for root in selectors.supervised_roots(user)) if d.root.staff],
        "office": selectors.office_progress(campaign) if services.sees_whole_office(user) else None,
    }
    return render(request, "ideas/campaigns/progress.html", context)
