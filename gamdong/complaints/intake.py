"""A resident files a complaint, step by step, the same way from a page or the API:
check the form, check the photos, recognise a repeated request, check the hourly limit,
then file and count."""

from __future__ import annotations

from django.http import HttpRequest

from gamdong.complaints import ratelimit
from gamdong.complaints.forms_resident import ComplaintFilingForm
from gamdong.complaints.models import Complaint
from gamdong.complaints.photos import clean_uploads
from gamdong.complaints.services import ComplaintError, complaint_submit, complaint_with_idempotency_key
from gamdong.core import images
from gamdong.core.district_settings import district_setting

TOKEN_MAX = 64


class FilingRefused(Exception):
    """Bad input: `errors` is [(field, Korean message)]; nothing was stored."""

    def __init__(self, errors: list[tuple[str, str]], code: str = "invalid"):
        super().__init__(errors[0][1] if errors else "")
        self.errors, self.code = errors, code


class TooManyFilings(Exception):
    """The account or the address filed the hour's limit already."""


def photos_checked(files) -> list[images.CleanImage]:
    """Check the uploaded photos before anything is stored: at most complaints.max_photos, each
    a real image within the district's size limits, cleaned of its metadata. Raises
    FilingRefused with the first problem."""
    files = [f for f in files if f]
    if not files:
        return []
    try:
        return clean_uploads(files)
    except images.ImageRejected as exc:
        raise FilingRefused([("photos", exc.message)], code=exc.code) from exc


def max_photos() -> int:
    return district_setting("complaints.max_photos")


def already_filed(*, user, token: str) -> Complaint | None:
    """The complaint this person already filed with this form (a double click, a retry)."""
    if not token or not user.is_authenticated:
        return None
    return complaint_with_idempotency_key(f"{user.pk}:{token[:TOKEN_MAX]}")


def check_form(form: ComplaintFilingForm) -> None:
    if not form.is_valid():
        raise FilingRefused(form.first_errors(), code=form.first_error_code())


def file(request: HttpRequest, form: ComplaintFilingForm, *, photos: list[images.CleanImage], channel: str,
         token: str = "") -> tuple[Complaint, bool]:
    """File the (valid) form for the logged-in person; (complaint, created). The same token
    returns the complaint filed first; over the hourly limit raises TooManyFilings.

    The token is looked up only when a filing is refused, not before every filing: the unique
    index on it refuses a second complaint (complaint_submit then returns the first one), and
    a retry over the hourly limit of a filing that went through still gets its receipt."""
    token = token[:TOKEN_MAX]
    if not ratelimit.filing_allowed(request):
        existing = already_filed(user=request.user, token=token)
        if existing is not None:
            return existing, False
        raise TooManyFilings
    try:
        complaint, created = complaint_submit(
            submission=form.submission(user=request.user, channel=channel), complainant=request.user,
            photos=photos, idempotency_key=token, idempotency_checked=True,
        )
    except ComplaintError as exc:
        raise FilingRefused([(exc.field or "__all__", exc.message)], code=exc.code) from exc
    if created:
        ratelimit.count_filing(request)
    return complaint, created
