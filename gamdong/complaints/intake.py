"""A resident files a complaint, step by step, the same way from a page or the API:
check the form, check the photos, recognise a repeated request, check the hourly limit,
then file and count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest

from gamdong.complaints import ratelimit
from gamdong.complaints.forms_resident import ComplaintFilingForm
from gamdong.complaints.models import Complaint
from gamdong.complaints.services import ComplaintError, complaint_submit
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


@dataclass(frozen=True)
class PhotoInput:
    """A photo checked and stripped of metadata, in the shape complaint_submit stores."""

    data: bytes
    thumbnail: bytes
    content_type: str
    extension: str
    width: int
    height: int
    sha256: str
    taken_at: dt.datetime | None
    latitude: float | None
    longitude: float | None


def photos_checked(files) -> list[PhotoInput]:
    """Check the uploaded photos: at most complaints.max_photos, each a real image within the
    district's size limits. Raises FilingRefused with the first problem."""
    files = [f for f in files if f]
    if not files:
        return []
    limits = images.photo_limits()
    try:
        images.check_photo_count(existing=0, adding=len(files), max_photos=limits.max_photos)
        cleaned = [images.validate_and_clean_image(f, max_bytes=limits.max_bytes, max_pixels=limits.max_pixels)
                   for f in files]
    except images.ImageRejected as exc:
        raise FilingRefused([("photos", exc.message)], code=exc.code) from exc
    return [
        PhotoInput(data=c.content, thumbnail=c.thumbnail, content_type=c.content_type, extension=c.extension,
                   width=c.width, height=c.height, sha256=c.sha256, taken_at=c.taken_at,
                   latitude=c.gps.lat if c.gps else None, longitude=c.gps.lng if c.gps else None)
        for c in cleaned
    ]


def max_photos() -> int:
    return district_setting("complaints.max_photos")


def already_filed(*, user, token: str) -> Complaint | None:
    """The complaint this person already filed with this form (a double click, a retry)."""
    if not token or not user.is_authenticated:
        return None
    return Complaint.objects.filter(idempotency_key=f"{user.pk}:{token[:TOKEN_MAX]}").first()


def check_form(form: ComplaintFilingForm) -> None:
    if not form.is_valid():
        raise FilingRefused(form.first_errors(), code=form.first_error_code())


def file(request: HttpRequest, form: ComplaintFilingForm, *, photos: list[PhotoInput], channel: str,
         token: str = "") -> tuple[Complaint, bool]:
    """File the (valid) form for the logged-in person; (complaint, created). The same token
    returns the complaint filed first; over the hourly limit raises TooManyFilings."""
    token = token[:TOKEN_MAX]
    existing = already_filed(user=request.user, token=token)
    if existing is not None:
        return existing, False
    if not ratelimit.filing_allowed(request):
        raise TooManyFilings
    try:
        complaint, created = complaint_submit(
            submission=form.submission(user=request.user, channel=channel), complainant=request.user,
            photos=photos, idempotency_key=token,
        )
    except ComplaintError as exc:
        raise FilingRefused([(exc.field or "__all__", exc.message)], code=exc.code) from exc
    if created:
        ratelimit.count_filing(request)
    return complaint, created
