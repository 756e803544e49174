"""Pages of 창의광장, 아이디어하우스 and the formal proposal up to its referral to review.

Thin: forms parse, services decide (IdeaError → the message next to its field, 400; 403; 404;
409 on a conflicting edit), selectors read.
"""

from __future__ import annotations

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gamdong.ideas import forms, selectors, services
from gamdong.ideas.models import (
    Campaign,
    Club,
    Idea,
    IdeaStatus,
    Proposal,
    ProposalAttachment,
    ProposalKind,
    ProposalStatus,
    Venue,
)
from gamdong.org.models import Department
from gamdong.policy import selectors as policy_selectors
from gamdong.review import selectors as review_selectors


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "ideas/forbidden.html", {"message": message}, status=403)


def plaza_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_use_plaza(request.user):
            return _forbidden(request, "창의광장은 구청 직원만 이용할 수 있습니다.")
        return view(request, *args, **kwargs)

    return wrapped


def planner_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.is_planner(request.user):
            return _forbidden(request, "제안 접수 심사는 제안·정책 담당자만 할 수 있습니다.")
        return view(request, *args, **kwargs)

    return wrapped


def _status_of(exc: services.IdeaError) -> int:
    return exc.status


def _show_error(form, exc: services.IdeaError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _token() -> str:
    return uuid.uuid4().hex


# --- 창의광장 ------------------------------------------------------------------------------------


@login_required
def plaza(request: HttpRequest) -> HttpResponse:
    """창의광장: ideas by newest, most supported or most discussed; residents go to the idea house."""
    if request.user.is_resident:
        return redirect("ideas:house")
    if not services.can_use_plaza(request.user):
        return _forbidden(request, "창의광장은 구청 직원만 이용할 수 있습니다.")
    sort = request.GET.get("sort", "newest")
    sort = sort if sort in selectors.SORTS else "newest"
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", IdeaStatus.OPEN)
    status = status if status in selectors.STATUS_TABS else IdeaStatus.OPEN
    page = selectors.plaza_page(user=request.user, sort=sort, query=query, status=status,
                                page=request.GET.get("page", 1))
    return render(request, "ideas/plaza.html", {
        "page": page, "sort": sort, "query": query, "status": status, "sorts": selectors.SORT_LABELS.items(),
        "tabs": selectors.STATUS_TABS.items(),
    })


@plaza_only
@require_http_methods(["GET", "POST"])
def idea_new(request: HttpRequest) -> HttpResponse:
    form = forms.IdeaForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                idea = services.idea_post(author=request.user, **form.cleaned_data)
            except services.IdeaError as exc:
                _show_error(form, exc)
            else:
                messages.success(request, "아이디어를 올렸습니다. 동료들과 함께 다듬어 보세요.")
                return redirect("ideas:idea", pk=idea.pk)
        status = 400
    return render(request, "ideas/idea_form.html", {"form": form, "heading": "아이디어 올리기"}, status=status)


def _idea_page(request, pk: int, *, comment_form=None, status: int = 200) -> HttpResponse:
    view = selectors.idea_detail(idea_id=pk, user=request.user, comments_page=request.GET.get("comments", 1))
    if view is None:
        raise Http404("아이디어를 찾을 수 없습니다.")
    return render(request, "ideas/idea.html", {
        "view": view, "idea": view.idea, "comment_form": comment_form or forms.CommentForm(),
    }, status=status)


@plaza_only
def idea(request: HttpRequest, pk: int) -> HttpResponse:
    return _idea_page(request, pk)


@plaza_only
@require_POST
def idea_comment(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.idea_comment(idea_id=pk, author=request.user, body=form.cleaned_data["body"])
        except services.IdeaNotFound as exc:
            raise Http404(exc.message) from exc
        except services.IdeaError as exc:
            _show_error(form, exc)
            return _idea_page(request, pk, comment_form=form, status=exc.status)
        messages.success(request, "댓글을 달았습니다.")
        return redirect(reverse("ideas:idea", args=[pk]) + "#comments")
    return _idea_page(request, pk, comment_form=form, status=400)


@plaza_only
@require_POST
def idea_support(request: HttpRequest, pk: int) -> HttpResponse:
    """공감 or, with action=withdraw, 공감 취소 (one support per person)."""
    try:
        if request.POST.get("action") == "withdraw":
            services.idea_unsupport(idea_id=pk, user=request.user)
            messages.success(request, "공감을 취소했습니다.")
        else:
            services.idea_support(idea_id=pk, user=request.user)
            messages.success(request, "공감했습니다.")
    except services.IdeaNotFound as exc:
        raise Http404(exc.message) from exc
    except services.IdeaError as exc:
        messages.error(request, exc.message)
        return _idea_page(request, pk, status=exc.status)
    return redirect("ideas:idea", pk=pk)


@plaza_only
@require_http_methods(["GET", "POST"])
def idea_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Improve an open idea together; a stale version is refused (409) with the current text."""
    current = get_object_or_404(Idea, pk=pk, venue=Venue.PLAZA, status__in=selectors.PLAZA_STATUSES)
    if request.method == "GET":
        form = forms.ReviseForm(initial={"title": current.title, "body": current.body, "version": current.version})
        return render(request, "ideas/idea_form.html", {"form": form, "idea": current, "heading": "아이디어 다듬기"})
    form = forms.ReviseForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_revise(idea_id=pk, editor=request.user, title=data["title"], body=data["body"],
                                 note=data["note"], expected_version=data["version"])
        except services.IdeaError as exc:
            _show_error(form, exc)
            status = exc.status
            if isinstance(exc, services.IdeaConflict):
                current.refresh_from_db()
                form.data = form.data.copy()
                form.data["version"] = str(current.version)  # saving again overwrites knowingly
        else:
            messages.success(request, "아이디어를 다듬었습니다. 수정 이력에 남았습니다.")
            return redirect("ideas:idea", pk=pk)
    return render(request, "ideas/idea_form.html", {
        "form": form, "idea": current, "heading": "아이디어 다듬기", "conflict": status == 409,
    }, status=status)


# --- 아이디어하우스 -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def house(request: HttpRequest) -> HttpResponse:
    """아이디어하우스: anyone logged in submits an idea all year; the public results below."""
    status = 200
    if request.method == "POST":
        form = forms.HouseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            key = f"house:{request.user.pk}:{data['form_token']}" if data["form_token"] else ""
            try:
                services.house_submit(author=request.user, title=data["title"], situation=data["situation"],
                                      improvement=data["improvement"], effect=data["effect"], idempotency_key=key)
            except services.IdeaNotAllowed as exc:
                return _forbidden(request, exc.message)
            except services.IdeaError as exc:
                _show_error(form, exc)
            else:
                messages.success(request, "아이디어를 냈습니다. 검토 상황은 '내 아이디어'에서 볼 수 있습니다.")
                return redirect("ideas:mine")
        status = 400
    else:
        form = forms.HouseForm(initial={"form_token": _token()})
    return render(request, "ideas/house.html", {
        "form": form, "results": selectors.house_public_results(),
    }, status=status)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """내 아이디어: the user's idea-house ideas and where each stands."""
    ideas = selectors.my_house_ideas(user=request.user)
    rows = []
    for idea in ideas:
        proposal = next(iter(idea.proposals.all()), None)
        rows.append({"idea": idea, "proposal": proposal})
    return render(request, "ideas/mine.html", {"rows": rows})


# --- the formal proposal -----------------------------------------------------------------------------


def _ids(raw: str) -> list[int]:
    try:
        return forms.parse_ids(raw)
    except Exception:  # noqa: BLE001 - a bad query parameter prefills nothing
        return []


def _int(raw) -> int | None:
    return int(raw) if str(raw or "").isdigit() else None


def _prefill(request: HttpRequest) -> tuple[dict, dict]:
    """(initial form values, what the page shows about the source) from ?idea= / ?club= /
    ?campaign= / ?complaints= / ?dialogue_item=, so that other pages can link here."""
    from gamdong.field.models import DialogueItem, DialogueItemKind

    initial: dict = {"form_token": _token()}
    source: dict = {}
    user = request.user
    idea_id = _int(request.GET.get("idea"))
    if idea_id:
        idea = selectors.idea_for_proposal(idea_id=idea_id, user=user)
        if idea is not None:
            initial.update(idea=idea.pk, title=idea.title, current_situation=idea.body)
            revisers = selectors.idea_revisers(idea, exclude_user_id=user.pk)
            if revisers:
                initial["co_proposers"] = ", ".join(forms.staff_label(u) for u in revisers)
            source["idea"] = idea
            source["suggested"] = revisers
    club_id = _int(request.GET.get("club"))
    if club_id and (club := Club.objects.filter(pk=club_id).first()):
        initial["club"] = club.pk
        initial.setdefault("title", club.theme[:200])
        source["club"] = club
    campaign_id = _int(request.GET.get("campaign"))
    if campaign_id and (campaign := Campaign.objects.filter(pk=campaign_id).first()):
        initial["campaign"] = campaign.pk
        source["campaign"] = campaign
    complaint_ids = _ids(request.GET.get("complaints", ""))
    if complaint_ids:
        complaints = selectors.complaints_for_prefill(complaint_ids)
        if complaints:
            initial["complaints"] = ",".join(str(c.pk) for c in complaints)
            titles = "\n".join(f"- {c.receipt_number} {c.title} ({c.category.name}, {c.dong or '동 미상'})"
                               for c in complaints)
            initial.setdefault("current_situation", f"다음 민원 {len(complaints)}건이 제기되었습니다.\n{titles}")
            source["complaints"] = complaints
    item_id = _int(request.GET.get("dialogue_item"))
    if item_id:
        item = DialogueItem.objects.filter(pk=item_id, kind=DialogueItemKind.IDEA).select_related("dialogue").first()
        if item is not None:
            initial["dialogue_item"] = item.pk
            initial.setdefault("current_situation", f"주민과의 대화({item.dialogue.title})에서 제기된 의견: {item.text}")
            source["dialogue_item"] = item
    return initial, source


def _draft_from(form: forms.ProposalForm, files) -> services.ProposalDraft:
    data = form.cleaned_data
    complaints = data.get("complaints") or []
    return services.ProposalDraft(
        title=data.get("title", ""), current_situation=data.get("current_situation", ""),
        problem=data.get("problem", ""), improvement=data.get("improvement", ""),
        expected_effect=data.get("expected_effect", ""), co_proposer_ids=data.get("co_proposers") or [],
        idea_id=data.get("idea"), club_id=data.get("club"), campaign_id=data.get("campaign"),
        complaint_ids=complaints, dialogue_item_id=data.get("dialogue_item"), links=data.get("links", ""),
        files=files, kind=ProposalKind.INSTITUTIONAL if complaints else ProposalKind.STAFF,
    )


def _citizen_form(form: forms.ProposalForm) -> forms.ProposalForm:
    """A resident supplements in the idea house's plain words."""
    for name in ("problem", "co_proposers", "links"):
        form.fields.pop(name, None)
    form.fields["current_situation"].label = "지금 불편한 점(현황·문제점)"
    form.fields["improvement"].label = "이렇게 바꾸면 좋겠어요(개선 방안)"
    form.fields["expected_effect"].label = "바뀌면 좋아지는 점(기대 효과)"
    return form


def _proposal_form_page(request, form, *, source=None, proposal=None, status=200) -> HttpResponse:
    allowed, max_bytes, max_count = services.attachment_limits()
    return render(request, "ideas/proposal_form.html", {
        "form": form, "source": source or {}, "proposal": proposal, "allowed_types": ", ".join(allowed),
        "max_mb": max_bytes // (1024 * 1024), "max_count": max_count,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: HttpRequest) -> HttpResponse:
    """새 제안: staff write the formal proposal (residents use the idea house)."""
    if not services.can_use_plaza(request.user):
        if request.user.is_resident:
            return redirect("ideas:house")
        return _forbidden(request, "제안서는 구청 직원이 씁니다. 주민은 아이디어하우스를 이용해 주세요.")
    if request.method == "GET":
        initial, source = _prefill(request)
        return _proposal_form_page(request, forms.ProposalForm(initial=initial), source=source)
    form = forms.ProposalForm(request.POST)
    return _save_proposal(request, form)


def _save_proposal(request, form, *, proposal: Proposal | None = None) -> HttpResponse:
    submit = request.POST.get("action") == "submit"
    files = request.FILES.getlist("attachments")
    if form.is_valid():
        data = form.cleaned_data
        key = f"page:{request.user.pk}:{data['form_token']}" if data["form_token"] and proposal is None else ""
        try:
            saved = services.proposal_save(
                proposer=request.user, draft=_draft_from(form, files), submit=submit,
                proposal_id=proposal.pk if proposal else None, expected_version=data["version"],
                idempotency_key=key,
            )
        except services.IdeaNotAllowed as exc:
            return _forbidden(request, exc.message)
        except services.IdeaError as exc:
            if exc.code == "not_editable" and proposal is not None:
                return redirect("ideas:proposal", pk=proposal.pk)
            _show_error(form, exc)
            return _proposal_form_page(request, form, proposal=proposal, status=exc.status)
        if saved.status == ProposalStatus.REPEAT:
            messages.warning(request, "같은 내용을 여러 번 제출해 반복 제안으로 처리되었습니다.")
        elif submit:
            messages.success(request, f"제안을 제출했습니다. 제안 번호 {saved.number}")
        else:
            messages.success(request, "임시 저장했습니다.")
        return redirect("ideas:proposal", pk=saved.pk)
    return _proposal_form_page(request, form, proposal=proposal, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Finish a draft, or supplement a proposal the planner asked to complete."""
    proposal = get_object_or_404(Proposal, pk=pk, proposer=request.user)
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.SUPPLEMENT_REQUESTED):
        return redirect("ideas:proposal", pk=pk)
    if request.method == "GET":
        text, links = services.split_links(proposal.current_situation)
        co = ", ".join(forms.staff_label(c.user) for c in proposal.co_proposers.select_related("user__employee"))
        form = forms.ProposalForm(initial={
            "title": proposal.title, "current_situation": text, "problem": proposal.problem,
            "improvement": proposal.improvement, "expected_effect": proposal.expected_effect,
            "co_proposers": co, "links": "\n".join(links), "idea": proposal.idea_id, "club": proposal.club_id,
            "campaign": proposal.campaign_id, "dialogue_item": proposal.dialogue_item_id,
            "complaints": ",".join(str(i) for i in proposal.complaints.values_list("pk", flat=True)),
            "version": proposal.version,
        })
        if proposal.kind == ProposalKind.CITIZEN:
            form = _citizen_form(form)
        return _proposal_form_page(request, form, proposal=proposal)
    form = forms.ProposalForm(request.POST)
    if proposal.kind == ProposalKind.CITIZEN:
        form = _citizen_form(form)
    return _save_proposal(request, form, proposal=proposal)


@login_required
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.proposal_detail(proposal_id=pk, user=request.user)
    if view is None:
        raise Http404("제안을 찾을 수 없습니다.")
    return render(request, "ideas/proposal.html", {
        "view": view, "proposal": view.proposal,
        "review_panel": review_selectors.proposal_panel(view.proposal, request.user, proposer_ids=view.proposer_ids),
        "policy_panel": policy_selectors.proposal_panel(view.proposal, request.user),
        "supplement_form": forms.SupplementForm(), "ineligible_form": forms.IneligibleForm(prefix="ineligible"),
        "accept_form": forms.AcceptForm(), "expert_form": forms.ExpertForm(),
    })


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """Download an attachment: only those who may see the proposal."""
    item = ProposalAttachment.objects.filter(pk=attachment_id, proposal_id=pk).select_related("proposal").first()
    if item is None or not selectors.can_view_proposal(request.user, item.proposal):
        raise Http404("첨부파일을 찾을 수 없습니다.")
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.proposal_withdraw(proposal_id=pk, actor=request.user)
    except services.IdeaNotFound as exc:
        raise Http404(exc.message) from exc
    except services.IdeaNotAllowed as exc:
        return _forbidden(request, exc.message)
    except services.IdeaError as exc:
        messages.error(request, exc.message)
        return redirect("ideas:proposal", pk=pk)
    messages.success(request, "제안을 철회했습니다.")
    return redirect("ideas:proposal", pk=pk)


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    if request.user.is_resident:
        return redirect("ideas:mine")
    return render(request, "ideas/my_proposals.html", {"proposals": selectors.my_proposals(user=request.user)})


# --- intake screening (planner) -------------------------------------------------------------------


@planner_only
def queue(request: HttpRequest) -> HttpResponse:
    """접수 심사 대기: the least time left first."""
    return render(request, "ideas/queue.html", {"proposals": selectors.screening_queue()})


@planner_only
def all_proposals(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    department = request.GET.get("department", "")
    page = selectors.planner_list(status=status, kind=kind, department_id=department, page=request.GET.get("page", 1))
    departments = Department.objects.filter(active=True).order_by("path").only("pk", "name", "depth")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ideas/all_proposals.html", {
        "page": page, "status": status, "kind": kind, "department": department, "departments": departments,
        "statuses": [s for s in ProposalStatus.choices if s[0] != ProposalStatus.DRAFT],
        "kinds": ProposalKind.choices, "querystring": query.urlencode(),
    })


SCREEN_ACTIONS = ("receive", "supplement", "ineligible", "expert_start", "expert_end", "accept")


@planner_only
@require_POST
def screen(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One screening action on a proposal; a refusal shows its Korean reason (4xx)."""
    if action not in SCREEN_ACTIONS:
        raise Http404
    version = _int(request.POST.get("version"))
    user = request.user
    try:
        if action == "receive":
            services.proposal_receive(proposal_id=pk, actor=user, expected_version=version)
            done = "접수했습니다."
        elif action == "supplement":
            form = forms.SupplementForm(request.POST)
            missing = form.data.get("missing", "")
            services.proposal_request_supplement(proposal_id=pk, actor=user, missing=missing, expected_version=version)
            done = "보완을 요구했습니다. 제안자에게 알렸습니다."
        elif action == "ineligible":
            services.proposal_rule_ineligible(
                proposal_id=pk, actor=user, reason=request.POST.get("ineligible-reason", ""),
                note=request.POST.get("ineligible-note", ""), expected_version=version)
            done = "제안 아님으로 처리하고 제안자에게 사유를 알렸습니다."
        elif action == "expert_start":
            services.proposal_expert_opinion_start(proposal_id=pk, actor=user, note=request.POST.get("note", ""))
            done = "전문가 의견 대기를 기록했습니다. 기다리는 기간은 결정 기한에 산입하지 않습니다."
        elif action == "expert_end":
            services.proposal_expert_opinion_end(proposal_id=pk, actor=user)
            done = "전문가 의견 접수를 기록하고 결정 기한을 다시 계산했습니다."
        else:
            services.proposal_accept_for_review(
                proposal_id=pk, actor=user, owner_department_id=_int(request.POST.get("owner_department")),
                expected_version=version)
            done = "심사에 회부했습니다."
    except services.IdeaNotFound as exc:
        raise Http404(exc.message) from exc
    except services.IdeaError as exc:
        view = selectors.proposal_detail(proposal_id=pk, user=user)
        if view is None:
            raise Http404 from exc
        return render(request, "ideas/proposal.html", {
            "view": view, "proposal": view.proposal, "screen_error": exc.message,
            "supplement_form": forms.SupplementForm(request.POST if action == "supplement" else None),
            "ineligible_form": forms.IneligibleForm(request.POST if action == "ineligible" else None,
                                                    prefix="ineligible"),
            "accept_form": forms.AcceptForm(), "expert_form": forms.ExpertForm(),
        }, status=exc.status)
    messages.success(request, done)
    return redirect("ideas:proposal", pk=pk)


def idea_status_label(idea: Idea) -> str:
    return IdeaStatus(idea.status).label
