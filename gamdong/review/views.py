"""Pages of 심의: committees and meetings for members and the secretariat, the scoring page of
a member, the results page of the chair and the secretariat, pilots, decisions, downloads.

Thin: forms parse, services decide (ReviewError shown next to the field, with its 4xx status),
selectors read and apply the visibility rules. Residents and staff who are neither members
nor the secretariat get 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from gamdong.accounts.models import User
from gamdong.core.district_settings import district_setting
from gamdong.ideas.models import Proposal
from gamdong.review import documents, forms, permissions, selectors, services
from gamdong.review.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
    Pilot,
    PilotMeasure,
)
from gamdong.review.rules import awards
from gamdong.review.rules.scorecard import check_weights

FORBIDDEN = "심사위원회 화면은 위원과 제안 담당(간사)만 볼 수 있습니다."


def _forbidden(request: HttpRequest, message: str = FORBIDDEN) -> HttpResponse:
    return render(request, "review/forbidden.html", {"message": message}, status=403)


def review_user(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_use_review(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def _show(form, exc: services.ReviewError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _after(request: HttpRequest, exc: services.ReviewError, back: str) -> HttpResponse:
    """A refused button press: 403 for a right the person lacks, else the message on the page."""
    if isinstance(exc, services.ReviewNotAllowed):
        return _forbidden(request, exc.message)
    messages.error(request, exc.message)
    return redirect(back)


def _item(pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("meeting__committee", "proposal__proposer"), pk=pk)


# --- lists and committees ---------------------------------------------------------------------------


@review_user
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """심사위원회: the committees the person sits on (all for the secretariat) and the meetings to come."""
    can_form = permissions.can_form_committees(request.user)
    form = forms.CommitteeForm(request.POST or None) if can_form else None
    status = 200
    if request.method == "POST":
        if not can_form:
            return _forbidden(request, "심사위원회는 제안 담당(간사)만 구성할 수 있습니다.")
        if form.is_valid():
            try:
                committee = services.committee_form(actor=request.user, **form.cleaned_data)
            except services.ReviewError as exc:
                _show(form, exc)
                status = exc.status
            else:
                messages.success(request, f"{committee.name}을(를) 구성했습니다. 위원을 위촉해 주세요.")
                return redirect("review:committee", committee.pk)
        else:
            status = 400
    return render(request, "review/index.html", {
        "committees": selectors.committees_for(request.user),
        "meetings": selectors.meetings_for(request.user, when="upcoming"),
        "past_meetings": selectors.meetings_for(request.user, when="past", limit=10),
        "awaiting": selectors.proposals_awaiting_review(limit=20) if permissions.is_secretariat(request.user) else [],
        "form": form,
    }, status=status)


@review_user
@require_http_methods(["GET", "POST"])
def committee(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    if not permissions.can_view_committee(request.user, committee.pk):
        return _forbidden(request)
    manage = permissions.can_manage(request.user, committee.pk)
    action = request.POST.get("action", "")
    member_form = forms.MemberAddForm(request.POST if action == "add_member" else None)
    convene_form = forms.ConveneForm(request.POST if action == "convene" else None)
    settings_form = forms.CommitteeSettingsForm(request.POST if action == "settings" else None, initial={
        "weights": forms.weights_text(committee.criteria_weights), "scale_min": committee.scale_min,
        "scale_max": committee.scale_max, "external_share_required": committee.external_share_required,
        "exclude_proposer_department": committee.exclude_proposer_department, "version": committee.version,
    })
    status = 200
    if request.method == "POST":
        if not manage:
            return _forbidden(request, "위원회를 관리할 권한이 없습니다.")
        form = {"add_member": member_form, "convene": convene_form, "settings": settings_form}.get(action)
        if form is None:
            return redirect("review:committee", committee.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "add_member":
                    user = User.objects.filter(username=data["username"].strip()).first()
                    if user is None:
                        raise services.ReviewError("그 로그인 ID의 사용자가 없습니다.", field="username")
                    services.committee_member_add(actor=request.user, committee=committee, user=user, role=data["role"])
                    messages.success(request, f"{user.name}님을 위촉했습니다.")
                    return redirect("review:committee", committee.pk)
                if action == "convene":
                    meeting = services.meeting_convene(actor=request.user, committee=committee, title=data["title"],
                                                       scheduled_at=data["scheduled_at"], place=data["place"])
                    messages.success(request, "회의를 소집하고 위원들에게 알렸습니다.")
                    return redirect("review:meeting", meeting.pk)
                services.committee_change(
                    actor=request.user, committee=committee, weights=data["weights"], scale_min=data["scale_min"],
                    scale_max=data["scale_max"], external_share_required=data["external_share_required"],
                    exclude_proposer_department=data["exclude_proposer_department"], version=data["version"])
                messages.success(request, "위원회 설정을 바꿨습니다.")
                return redirect("review:committee", committee.pk)
            except services.ReviewError as exc:
                _show(form, exc)
                status = exc.status
        else:
            status = 400
    detail = selectors.committee_detail(committee)
    return render(request, "review/committee.html", {
        "committee": committee, **detail, "manage": manage,
        "problem": services.composition_problem(committee),
        "meetings": selectors.meetings_for(request.user, committee=committee),
        "member_form": member_form, "convene_form": convene_form, "settings_form": settings_form,
    }, status=status)


@review_user
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(CommitteeMember.objects.select_related("user"), pk=pk)
    back = reverse("review:committee", args=[member.committee_id])
    try:
        services.committee_member_remove(actor=request.user, member=member, reason=request.POST.get("reason", ""))
    except services.ReviewError as exc:
        return _after(request, exc, back)
    messages.success(request, f"{member.user.name}님을 해촉했습니다.")
    return redirect(back)


# --- meetings ----------------------------------------------------------------------------------------


@review_user
@require_http_methods(["GET", "POST"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if not permissions.can_view_committee(request.user, meeting.committee_id):
        return _forbidden(request)
    manage = permissions.can_manage(request.user, meeting.committee_id)
    minutes_form = forms.MinutesForm(request.POST if request.POST.get("action") == "minutes" else None,
                                     initial={"minutes": meeting.minutes, "version": meeting.version})
    status = 200
    if request.method == "POST":
        if not manage:
            return _forbidden(request, "회의를 관리할 권한이 없습니다.")
        back = reverse("review:meeting", args=[meeting.pk])
        action = request.POST.get("action", "")
        try:
            if action == "agenda":
                raw = request.POST.get("proposal", "")
                proposal = Proposal.objects.filter(pk=raw).first() if raw.isdigit() else None
                if proposal is None:
                    raise services.ReviewError("상정할 제안을 골라 주세요.", field="proposal")
                services.agenda_add(actor=request.user, meeting=meeting, proposal=proposal)
                messages.success(request, f"'{proposal.title}'을(를) 상정했습니다.")
            elif action == "attendance":
                ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
                services.meeting_record_attendance(actor=request.user, meeting=meeting,
                                                   present=list(CommitteeMember.objects.filter(pk__in=ids)))
                messages.success(request, "출석을 확인했습니다.")
            elif action in ("open", "close"):
                item = _item(int(request.POST.get("item", "0") or 0))
                if item.meeting_id != meeting.pk:
                    raise Http404
                (services.scoring_open if action == "open" else services.scoring_close)(actor=request.user, item=item)
                messages.success(request, f"안건 {item.order}의 채점을 {'시작' if action == 'open' else '마감'}했습니다.")
            elif action == "minutes":
                if not minutes_form.is_valid():
                    raise services.ReviewError("회의 내용을 적어 주세요.", field="minutes")
                services.meeting_record_minutes(actor=request.user, meeting=meeting,
                                                minutes=minutes_form.cleaned_data["minutes"],
                                                version=minutes_form.cleaned_data["version"])
                messages.success(request, "회의록을 저장했습니다.")
            return redirect(back)
        except services.ReviewNotAllowed as exc:
            return _forbidden(request, exc.message)
        except services.ReviewError as exc:
            if action == "minutes":
                _show(minutes_form, exc)
                status = exc.status
            else:
                messages.error(request, exc.message)
                return redirect(back)
    page = selectors.meeting_page(meeting, request.user)
    return render(request, "review/meeting.html", {
        **page, "manage": manage, "minutes_form": minutes_form, "now": timezone.now(),
        "awaiting": selectors.proposals_awaiting_review() if manage else [],
    }, status=status)


def _download(request: HttpRequest, document, fmt: str, back: str) -> HttpResponse:
    """The HWPX or PDF of `document`; a 400 page saying what is missing when it is incomplete
    (minutes without their proceedings, a rejection without reasons)."""
    if fmt not in documents.MEDIA_TYPES:
        raise Http404
    try:
        body = documents.render(document, fmt)
    except documents.DocumentIncomplete as exc:
        return render(request, "review/document_incomplete.html", {"message": str(exc), "back": back}, status=400)
    response = HttpResponse(body, content_type=documents.MEDIA_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, documents.download_name(document, fmt))
    return response


@review_user
def minutes_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if not permissions.can_view_committee(request.user, meeting.committee_id):
        return _forbidden(request)
    return _download(request, selectors.minutes_document(meeting), fmt, reverse("review:meeting", args=[meeting.pk]))


@login_required
def notice_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The decision notice: for its proposer (and co-proposers) and the committee's insiders."""
    decision = get_object_or_404(Decision.objects.select_related("proposal", "meeting"), pk=pk)
    proposer_ids = {decision.proposal.proposer_id, *decision.proposal.co_proposers.values_list("user_id", flat=True)}
    if request.user.pk not in proposer_ids and not permissions.can_view_committee(request.user, decision.meeting.committee_id):
        return _forbidden(request, "결정 통지서는 제안자와 심사위원회만 볼 수 있습니다.")
    return _download(request, selectors.decision_notice(decision), fmt,
                     reverse("ideas:proposal", args=[decision.proposal_id]))


# --- scoring and results ---------------------------------------------------------------------------------


@review_user
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's scorecard for one proposal: each criterion on the committee's scale, a comment."""
    item = _item(pk)
    committee = item.meeting.committee
    if not permissions.can_view_committee(request.user, committee.pk):
        return _forbidden(request)
    criteria = list(check_weights(committee.criteria_weights))
    form = forms.ScoreForm(request.POST or None, criteria=criteria, scale_min=committee.scale_min,
                           scale_max=committee.scale_max)
    member = permissions.seat(request.user, committee.pk)
    refusal = services.scoring_refusal(item, member)
    status = 200
    if request.method == "POST":
        if isinstance(refusal, services.ReviewNotAllowed):
            return _forbidden(request, refusal.message)
        if form.is_valid():
            try:
                services.score_submit(actor=request.user, item=item, scores=form.scores(),
                                      comment=form.cleaned_data["comment"])
            except services.ReviewNotAllowed as exc:
                return _forbidden(request, exc.message)
            except services.ReviewError as exc:
                field = f"c{criteria.index(exc.field)}" if exc.field in criteria else None
                form.add_error(field, exc.message)
                status = exc.status
            else:
                messages.success(request, "심사표를 냈습니다. 다른 위원이 모두 채점하면 점수가 공개됩니다.")
                return redirect("review:results", item.pk)
        else:
            status = 400
    return render(request, "review/score.html", {
        "item": item, "proposal": item.proposal, "committee": committee, "form": form, "refusal": refusal,
        "already": refusal is not None and refusal.code == "already_scored",
    }, status=status)


@review_user
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Weighted totals and per-criterion means once everyone has scored; spread and outliers for the
    chair and the secretariat."""
    item = _item(pk)
    committee_id = item.meeting.committee_id
    if not permissions.can_view_committee(request.user, committee_id):
        return _forbidden(request, "심사 점수는 위원과 제안 담당(간사)만 볼 수 있습니다.")
    result = selectors.item_results(item, request.user)
    return render(request, "review/results.html", {
        "item": result.item, "result": result, "can_decide": permissions.can_decide(request.user, committee_id),
        "can_manage": permissions.can_manage(request.user, committee_id),
        "decision": Decision.objects.filter(item=item).first(),
    })


# --- decisions ------------------------------------------------------------------------------------------


@review_user
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    if not permissions.can_decide(request.user, item.meeting.committee_id):
        return _forbidden(request, "채택 여부는 위원장과 간사가 기록합니다.")
    grades = awards.grade_names(district_setting("proposals.central_award_ranges_krw"),
                                district_setting("proposals.district_awards_krw"))
    form = forms.DecisionForm(request.POST or None, grades=grades)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                decision = services.decision_record(actor=request.user, item=item, **form.cleaned_data)
            except services.ReviewNotAllowed as exc:
                return _forbidden(request, exc.message)
            except services.ReviewError as exc:
                _show(form, exc)
                status = exc.status
            else:
                messages.success(request, f"'{decision.get_outcome_display()}'(으)로 기록하고 제안자에게 알렸습니다.")
                return redirect("review:meeting", item.meeting_id)
        else:
            status = 400
    result = selectors.item_results(item, request.user)
    return render(request, "review/decide.html", {
        "item": item, "form": form, "result": result,
        "central": district_setting("proposals.central_award_ranges_krw"),
        "district_awards": district_setting("proposals.district_awards_krw"),
        "raise_min": district_setting("proposals.co_proposer_raise_min"),
        "raise_ratio": district_setting("proposals.co_proposer_raise_ratio"),
        "decision": Decision.objects.filter(item=item).first(),
    }, status=status)


@login_required
@require_POST
def rereview(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposer's re-review request, from the proposal panel."""
    proposal = get_object_or_404(Proposal, pk=pk)
    form = forms.RereviewForm(request.POST)
    back = request.POST.get("next") or reverse("review:proposal_panel", args=[proposal.pk])
    if not back.startswith("/"):
        back = "/"
    if not form.is_valid():
        messages.error(request, "재심사 요청 사유를 적어 주세요.")
        return redirect(back)
    try:
        services.rereview_request(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
    except services.ReviewError as exc:
        return _after(request, exc, back)
    messages.success(request, "재심사를 요청했습니다. 심사위원회에 다시 상정됩니다.")
    return redirect(back)


@login_required
def proposal_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The review panel of a proposal on its own page (the proposal page includes the same panel)."""
    proposal = get_object_or_404(Proposal.objects.select_related("proposer"), pk=pk)
    panel = selectors.proposal_panel(proposal, request.user)
    if not (panel["is_proposer"] or panel["insider"]):
        return _forbidden(request, "이 제안의 심사 결과는 제안자와 심사위원회만 볼 수 있습니다.")
    return render(request, "review/proposal.html", {"panel": panel, "proposal": proposal})


# --- pilots ---------------------------------------------------------------------------------------------


@review_user
@require_http_methods(["GET", "POST"])
def pilot_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    if not permissions.can_manage(request.user, item.meeting.committee_id):
        return _forbidden(request, "현장 시뮬레이션은 간사가 정합니다.")
    form = forms.PilotForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                pilot = services.pilot_start(actor=request.user, item=item, **form.cleaned_data)
            except services.ReviewError as exc:
                _show(form, exc)
                status = exc.status
            else:
                messages.success(request, "현장 시뮬레이션에 회부하고 제안자에게 알렸습니다.")
                return redirect("review:pilot", pilot.pk)
        else:
            status = 400
    return render(request, "review/pilot_new.html", {"item": item, "form": form}, status=status)


@review_user
@require_http_methods(["GET", "POST"])
def pilot(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = get_object_or_404(Pilot.objects.select_related("item__meeting"), pk=pk)
    committee_id = pilot.item.meeting.committee_id if pilot.item else None
    if not (permissions.is_secretariat(request.user) or (committee_id and permissions.can_view_committee(request.user, committee_id))):
        return _forbidden(request)
    manage = permissions.is_secretariat(request.user) or bool(committee_id and permissions.can_manage(request.user, committee_id))
    finish_form = forms.PilotFinishForm(request.POST if request.POST.get("action") == "finish" else None)
    status = 200
    if request.method == "POST":
        if not manage:
            return _forbidden(request, "현장 시뮬레이션 결과는 간사가 기록합니다.")
        back = reverse("review:pilot", args=[pilot.pk])
        try:
            if request.POST.get("action") == "result":
                raw = request.POST.get("measure", "")
                measure = get_object_or_404(PilotMeasure, pk=raw if raw.isdigit() else 0, pilot=pilot)
                result_form = forms.PilotResultForm(request.POST)
                if not result_form.is_valid():
                    raise services.ReviewError("측정값을 숫자로 적어 주세요.", field="value")
                services.pilot_record_result(actor=request.user, measure=measure, **result_form.cleaned_data)
                messages.success(request, f"'{measure.name}' 결과를 기록했습니다.")
                return redirect(back)
            if finish_form.is_valid():
                services.pilot_finish(actor=request.user, pilot=pilot, summary=finish_form.cleaned_data["summary"])
                messages.success(request, "현장 시뮬레이션을 마치고 심사위원회에 다시 회부했습니다.")
                return redirect(back)
            status = 400
        except services.ReviewNotAllowed as exc:
            return _forbidden(request, exc.message)
        except services.ReviewError as exc:
            if request.POST.get("action") == "finish":
                _show(finish_form, exc)
                status = exc.status
            else:
                messages.error(request, exc.message)
                return redirect(back)
    return render(request, "review/pilot.html", {**selectors.pilot_page(pilot), "manage": manage,
                                                 "finish_form": finish_form, "today": timezone.localdate()},
                  status=status)
