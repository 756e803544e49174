"""The resident's pages: file a complaint (with similar ones nearby shown first), the receipt,
the list of one's complaints, one complaint with its timeline, and the resident's actions on it.

A resident sees only complaints they filed or follow; any other receipt number is a 404, so
that a page never tells whether someone else's complaint exists.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gamdong.complaints import intake, ratelimit, selectors
from gamdong.complaints.forms_resident import ComplaintFilingForm, new_token
from gamdong.complaints.models import OPEN_STATUSES, Channel, Complaint, Photo, Status
from gamdong.complaints.photos import attach_uploads
from gamdong.complaints.services import (
    ComplaintError,
    complaint_close,
    complaint_follow,
    complaint_rate,
    complaint_reopen,
)
from gamdong.core.district_settings import district_setting

MINE_PAGE_SIZE = 20
# The similar complaints shown before filing carry a signed stamp (who, category, place, when):
# a filing that brings one younger than this has been shown them and is not checked again.
SIMILAR_SEEN_SALT = "gamdong.complaints.similar-seen"
SIMILAR_SEEN_SECONDS = 10 * 60
COMMENT_MAX = 1000
REASON_MAX = 2000


def _visible(request: HttpRequest, receipt_number: str) -> tuple[Complaint, bool]:
    found = selectors.complaint_for_viewer(user=request.user, receipt_number=receipt_number)
    if found is None:
        raise Http404(gettext("민원을 찾을 수 없습니다."))
    return found


def _own(request: HttpRequest, receipt_number: str) -> Complaint:
    complaint, is_owner = _visible(request, receipt_number)
    if not is_owner:
        raise Http404(gettext("민원을 찾을 수 없습니다."))
    return complaint


# --- filing -------------------------------------------------------------------------------------


def _filing_page(request, form, *, token, status=200, similar=None, confirm=False, photo_error="",
                 photos_dropped=False):
    context = {
        "form": form, "token": token, "similar": similar, "confirm": confirm,
        "similar_stamp": _similar_stamp(form, request.user) if similar is not None else "",
        "groups": selectors.categories_grouped(), "max_photos": intake.max_photos(),
        "photo_error": photo_error, "photos_dropped": photos_dropped,
    }
    return render(request, "complaints/resident/new.html", context, status=status)


def _similar_for(form: ComplaintFilingForm, user):
    data = form.cleaned_data
    return selectors.complaints_similar_nearby(
        category=data["category"], latitude=data.get("latitude"), longitude=data.get("longitude"),
        dong=data.get("dong", ""), viewer=user,
    )


def _similar_receipts_for(form: ComplaintFilingForm, user) -> set[str]:
    data = form.cleaned_data
    return selectors.similar_receipt_numbers_nearby(
        category=data["category"], latitude=data.get("latitude"), longitude=data.get("longitude"),
        dong=data.get("dong", ""), viewer=user,
    )


def _place(data: dict) -> str:
    lat, lng = data.get("latitude"), data.get("longitude")
    return f"{lat},{lng}" if lat is not None and lng is not None else f"dong:{data.get('dong', '')}"


def _similar_stamp(form: ComplaintFilingForm, user) -> str:
    """Signed: this person was shown the similar complaints of this category at this place."""
    return signing.dumps([user.pk, form.cleaned_data["category"].pk, _place(form.cleaned_data)],
                         salt=SIMILAR_SEEN_SALT, compress=False)


def _similar_seen(request: HttpRequest, form: ComplaintFilingForm) -> bool:
    """The form brings a stamp of the similar complaints shown for the same category and place,
    younger than SIMILAR_SEEN_SECONDS: the resident has seen them, so they are not looked up again."""
    stamp = request.POST.get("similar_seen", "")
    if not stamp:
        return False
    try:
        seen = signing.loads(stamp, salt=SIMILAR_SEEN_SALT, max_age=SIMILAR_SEEN_SECONDS)
    except signing.BadSignature:  # also when it has expired
        return False
    return seen == [request.user.pk, form.cleaned_data["category"].pk, _place(form.cleaned_data)]


def too_many(request: HttpRequest) -> HttpResponse:
    limit = ratelimit.district_setting("complaints.submissions_per_hour")
    minutes = max(1, ratelimit.seconds_left() // 60)
    response = render(request, "complaints/resident/too_many.html", {"limit": limit, "minutes": minutes},
                      status=429)
    response["Retry-After"] = str(ratelimit.seconds_left())
    return response


@login_required
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    """Locate, classify and describe; see similar complaints nearby; file (or follow one)."""
    if request.method == "GET":
        initial = {}
        if str(request.GET.get("category", "")).isdigit():
            initial["category"] = request.GET["category"]
        return _filing_page(request, ComplaintFilingForm(initial=initial), token=new_token())

    token = (request.POST.get("token") or "")[: intake.TOKEN_MAX] or new_token()
    form = ComplaintFilingForm(request.POST)
    files = request.FILES.getlist("photos")
    if not form.is_valid():
        return _filing_page(request, form, token=token, status=400)
    # The same form sent twice (a double click, a retry) is recognised by its token when it is
    # filed (intake.file), and shows the first receipt.
    shown = set(request.POST.getlist("similar_shown"))
    if request.POST.get("step") == "check" or (
            not _similar_seen(request, form) and not _similar_receipts_for(form, request.user) <= shown):
        # Without JavaScript this is the 확인 step; with it, similar ones that appeared late.
        return _filing_page(request, form, token=token, similar=_similar_for(form, request.user), confirm=True,
                            photos_dropped=bool(files))
    try:
        photos = intake.photos_checked(files)
        complaint, _ = intake.file(request, form, photos=photos, channel=Channel.WEB, token=token)
    except intake.FilingRefused as exc:
        photo_error = ""
        for field, message in exc.errors:
            if field in form.fields:
                form.add_error(field, message)
            elif field == "photos":
                photo_error = message
            else:
                form.add_error(None, message)
        return _filing_page(request, form, token=token, status=400, photo_error=photo_error)
    except intake.TooManyFilings:
        return too_many(request)
    return redirect("complaints:receipt", receipt_number=complaint.receipt_number)


@login_required
@require_GET
def complaint_new_questions(request: HttpRequest) -> HttpResponse:
    """HTMX: the extra questions of the chosen category."""
    category = request.GET.get("category", "")
    form = ComplaintFilingForm(initial={"category": category} if category.isdigit() else {})
    return render(request, "complaints/resident/_questions.html", {"form": form})


@login_required
@require_GET
def complaint_new_similar(request: HttpRequest) -> HttpResponse:
    """HTMX: open complaints of the same category near the place being filled in."""
    form = ComplaintFilingForm({
        "category": request.GET.get("category", ""), "latitude": request.GET.get("latitude", ""),
        "longitude": request.GET.get("longitude", ""), "dong": request.GET.get("dong", ""),
    })
    form.is_valid()  # only the place and the category matter here
    data = form.cleaned_data
    similar = None
    place_ok = not any(form.has_error(f) for f in ("category", "latitude", "longitude", "dong"))
    if place_ok and data.get("category") and (data.get("latitude") is not None or data.get("dong")):
        similar = _similar_for(form, request.user)
    stamp = _similar_stamp(form, request.user) if similar is not None else ""
    return render(request, "complaints/resident/_similar.html",
                  {"similar": similar, "checked": similar is not None, "similar_stamp": stamp})


@login_required
@require_GET
def complaint_receipt(request: HttpRequest, receipt_number: str) -> HttpResponse:
    complaint = _own(request, receipt_number)
    return render(request, "complaints/resident/receipt.html", {"complaint": complaint})


# --- the resident's complaints ---------------------------------------------------------------------


@login_required
@require_GET
def complaint_mine(request: HttpRequest) -> HttpResponse:
    # of each complaint only what the list shows (not its body, nor the department)
    shown = (selectors.complaints_of_resident(user=request.user).select_related(None).select_related("category")
             .only("receipt_number", "title", "status", "due_at", "complainant", "submitted_at", "category__name"))
    page = Paginator(shown, MINE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"complaint": c, "is_owner": c.complainant_id == request.user.pk,
         "latest": selectors.TIMELINE_LABELS.get(c.latest_event_type, "")}
        for c in page.object_list
    ]
    return render(request, "complaints/resident/mine.html", {"page": page, "rows": rows})


@login_required
@require_GET
def complaint_detail(request: HttpRequest, receipt_number: str) -> HttpResponse:
    return _detail_page(request, receipt_number)


def _detail_page(request: HttpRequest, receipt_number: str, status: int = 200) -> HttpResponse:
    complaint, is_owner = _visible(request, receipt_number)
    answers = selectors.answers_of(complaint)
    now = timezone.now()
    context = {
        "complaint": complaint, "is_owner": is_owner, "answers": answers,
        "timeline": selectors.complaint_timeline(complaint=complaint),
        "extra_answers": selectors.extra_answers_labelled(complaint) if is_owner else [],
        "photos": list(complaint.photos.filter(visit__isnull=True)) if is_owner else [],
        "rateable": selectors.rateable_answer(complaint, answers) if is_owner else None,
        "can_reopen": is_owner and selectors.can_reopen(complaint, now=now),
        "can_withdraw": is_owner and selectors.can_withdraw(complaint),
        "can_add_photos": is_owner and complaint.status in (*OPEN_STATUSES, Status.ANSWERED),
        "max_photos": district_setting("complaints.max_photos"),
        "comment_max": COMMENT_MAX, "reason_max": REASON_MAX,
    }
    return render(request, "complaints/resident/detail.html", context, status=status)


@login_required
@require_GET
def complaint_photo(request: HttpRequest, receipt_number: str, photo_id: int, size: str) -> HttpResponse:
    """A photo of one's own complaint (stored without metadata), never a public URL."""
    if size not in ("thumb", "full"):
        raise Http404(gettext("사진을 찾을 수 없습니다."))
    complaint = _own(request, receipt_number)
    photo = get_object_or_404(Photo, pk=photo_id, complaint=complaint, visit__isnull=True)
    stored = photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image
    response = FileResponse(stored.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _action_failed(request, receipt_number: str, exc: ComplaintError) -> HttpResponse:
    messages.error(request, exc.message)
    return _detail_page(request, receipt_number, status=exc.status)


@login_required
@require_POST
def complaint_follow_view(request: HttpRequest, receipt_number: str) -> HttpResponse:
    complaint = Complaint.objects.filter(receipt_number=receipt_number).first()
    if complaint is None:
        raise Http404(gettext("민원을 찾을 수 없습니다."))
    try:
        complaint_follow(complaint=complaint, user=request.user)
    except ComplaintError as exc:
        return render(request, "complaints/resident/action_refused.html", {"message": exc.message},
                      status=exc.status)
    messages.success(request, gettext("민원 %(receipt_number)s을(를) 함께 지켜봅니다. 진행 상황을 여기서 확인할 수 있습니다.")
                     % {"receipt_number": complaint.receipt_number})
    return redirect("complaints:detail", receipt_number=complaint.receipt_number)


@login_required
@require_POST
def complaint_rate_view(request: HttpRequest, receipt_number: str) -> HttpResponse:
    complaint = _own(request, receipt_number)
    raw = request.POST.get("score", "")
    comment = request.POST.get("comment", "").strip()
    try:
        if not raw.isdigit():
            raise ComplaintError(gettext("만족도를 1점부터 5점 중에서 골라 주세요."), code="required", field="score")
        if len(comment) > COMMENT_MAX:
            raise ComplaintError(gettext("의견은 %(limit)s자 이내로 적어 주세요.") % {"limit": COMMENT_MAX}, code="too_long", field="comment")
        complaint_rate(complaint=complaint, resident=request.user, score=int(raw), comment=comment)
    except ComplaintError as exc:
        return _action_failed(request, receipt_number, exc)
    messages.success(request, gettext("만족도를 남겨 주셔서 고맙습니다."))
    return redirect("complaints:detail", receipt_number=receipt_number)


@login_required
@require_POST
def complaint_reopen_view(request: HttpRequest, receipt_number: str) -> HttpResponse:
    complaint = _own(request, receipt_number)
    reason = request.POST.get("reason", "").strip()
    try:
        if len(reason) > REASON_MAX:
            raise ComplaintError(gettext("내용은 %(limit)s자 이내로 적어 주세요.") % {"limit": REASON_MAX}, code="too_long", field="reason")
        complaint_reopen(complaint=complaint, resident=request.user, reason=reason)
    except ComplaintError as exc:
        return _action_failed(request, receipt_number, exc)
    messages.success(request, gettext("다시 처리해 달라는 요청을 접수했습니다."))
    return redirect("complaints:detail", receipt_number=receipt_number)


@login_required
@require_POST
def complaint_add_photos_view(request: HttpRequest, receipt_number: str) -> HttpResponse:
    complaint = _own(request, receipt_number)
    try:
        added = attach_uploads(complaint=complaint, actor=request.user, files=request.FILES.getlist("photos"))
    except ComplaintError as exc:
        return _action_failed(request, receipt_number, exc)
    messages.success(request, ngettext("사진 %(count)s장을 더했습니다.", "사진 %(count)s장을 더했습니다.", len(added))
                     % {"count": len(added)})
    return redirect("complaints:detail", receipt_number=receipt_number)


@login_required
@require_POST
def complaint_withdraw_view(request: HttpRequest, receipt_number: str) -> HttpResponse:
    complaint = _own(request, receipt_number)
    try:
        if not selectors.can_withdraw(complaint):
            raise ComplaintError(gettext("처리 중인 민원만 취하할 수 있습니다."), code="not_open")
        complaint_close(complaint=complaint, actor=request.user, note="민원인 취하")
    except ComplaintError as exc:
        return _action_failed(request, receipt_number, exc)
    messages.success(request, gettext("민원을 취하했습니다."))
    return redirect("complaints:detail", receipt_number=receipt_number)
