"""Uploaded photos → checked, cleaned images (gamdong.core.images), all or none."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from gamdong.core.images import (
    CleanImage,
    ImageRejected,
    check_photo_count,
    photo_limits,
    validate_and_clean_image,
)


def clean_uploads(files: Sequence, *, existing: int = 0) -> list[CleanImage]:
    """Check the count and every file before anything is stored; raise ImageRejected (with a
    Korean message naming the file) at the first bad one, so nothing is written half-way."""
    limits = photo_limits()
    check_photo_count(existing=existing, adding=len(files), max_photos=limits.max_photos)
    cleaned = []
    for upload in files:
        try:
            cleaned.append(
                validate_and_clean_image(upload, max_bytes=limits.max_bytes, max_pixels=limits.max_pixels)
            )
        except ImageRejected as exc:
            name = getattr(upload, "name", "")
            raise ImageRejected(f"{name}: {exc.message}" if name else exc.message, exc.code) from exc
    return cleaned


def attach_uploads(*, complaint, actor, files: Sequence) -> list:
    """Photos added after filing (by the resident while the complaint is open, or by the office):
    every file checked and cleaned first, then all attached in one transaction, or none.
    Raises ComplaintError (400) with the Korean message of the first problem."""
    from gamdong.complaints.services import ComplaintError, complaint_add_photos

    files = [f for f in files if f]
    if not files:
        raise ComplaintError(_("올릴 사진을 골라 주세요."), code="required", field="photos")
    existing = complaint.photos.filter(visit__isnull=True).count()
    try:
        cleaned = clean_uploads(files, existing=existing)
    except ImageRejected as exc:
        raise ComplaintError(exc.message, code=exc.code, field="photos") from exc
    return complaint_add_photos(complaint=complaint, actor=actor, photos=cleaned)
