"""Uploaded photos → checked, cleaned images (gamdong.core.images), all or none."""

from __future__ import annotations

from collections.abc import Sequence

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
