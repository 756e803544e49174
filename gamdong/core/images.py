"""Uploaded photos: check that a file is a real image, clean it, and read where and when it was taken.

`validate_and_clean_image(file, max_bytes=..., max_pixels=...)` returns a `CleanImage`:
the picture turned upright (EXIF orientation applied), shrunk to at most LONG_SIDE pixels,
re-encoded without any metadata (no EXIF, GPS, XMP, IPTC or comments; the ICC colour profile
is kept, since it carries colours, not people), and a THUMB_SIDE thumbnail. What the original
EXIF said about the time and place of the shot is returned beside the bytes (`taken_at`,
`gps`) for staff to use internally; the bytes themselves never carry it, so a public copy
cannot leak a resident's home.

Every refusal is an `ImageRejected(message, code)` with a Korean message a person can act on;
no input makes it fail otherwise (random bytes included: tests/core/test_images.py).
Pure apart from `photo_limits()`, which reads the district settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import warnings
import zoneinfo
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

LONG_SIDE = 2560  # px, the longest side of the stored picture
THUMB_SIDE = 480  # px, the longest side of the thumbnail
JPEG_QUALITY = 85
WEBP_QUALITY = 85
# The formats accepted, as Pillow names them (MPO: the multi-picture JPEG many phones write).
ACCEPTED = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Where a photo without a time-zone offset in its EXIF was most likely taken.
DEFAULT_TZ = zoneinfo.ZoneInfo("Asia/Seoul")

# EXIF tags (numbers from the EXIF 2.32 standard).
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME, DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x0132, 0x9003, 0x9011
GPS_LAT_REF, GPS_LAT, GPS_LNG_REF, GPS_LNG = 1, 2, 3, 4
# ISO-BMFF brands of HEIF/HEIC/AVIF files (what iPhones save by default).
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}


class ImageRejected(ValueError):
    """An upload that is not accepted; `message` is Korean and says what to do, `code` is for APIs."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lng: float


@dataclass(frozen=True)
class CleanImage:
    content: bytes  # the cleaned picture
    content_type: str  # image/jpeg, image/png or image/webp
    extension: str  # jpg, png or webp
    width: int
    height: int
    sha256: str  # of `content`
    thumbnail: bytes  # same format as `content`
    thumbnail_width: int
    thumbnail_height: int
    original_sha256: str  # of the bytes uploaded (to notice the same file sent twice)
    original_format: str  # as Pillow named it: JPEG, MPO, PNG, WEBP
    taken_at: dt.datetime | None  # from the original EXIF, time-zone aware; for staff only
    gps: GeoPoint | None  # from the original EXIF; for staff only, never shown publicly


@dataclass(frozen=True)
class PhotoLimits:
    max_photos: int
    max_bytes: int
    max_pixels: int


def photo_limits() -> PhotoLimits:
    """The district's limits for complaint and visit photos (district settings)."""
    from gamdong.core.district_settings import district_setting

    return PhotoLimits(
        max_photos=district_setting("complaints.max_photos"),
        max_bytes=district_setting("complaints.photo_max_mb") * 1024 * 1024,
        max_pixels=district_setting("complaints.photo_max_megapixels") * 1_000_000,
    )


def check_photo_count(*, existing: int, adding: int, max_photos: int) -> None:
    """Refuse a batch that would take a complaint (or a visit) beyond `max_photos` photos."""
    if existing + adding > max_photos:
        room = max(max_photos - existing, 0)
        more = _(" 지금은 %(room)s장 더 올릴 수 있습니다.") % {"room": room} if existing else ""
        raise ImageRejected(_("사진은 최대 %(max_photos)s장까지 올릴 수 있습니다.") % {"max_photos": max_photos} + more,
                            "too_many_photos")


def _read_limited(uploaded_file, max_bytes: int) -> bytes:
    """All bytes of `uploaded_file` (a Django UploadedFile, a file object or bytes), or ImageRejected
    when there are more than `max_bytes`; never reads much more than that."""
    mb = max_bytes / (1024 * 1024)
    too_large = ImageRejected(_("사진 한 장은 %(mb)sMB 이하여야 합니다. 더 작은 사진을 올려 주세요.") % {"mb": f"{mb:g}"},
                              "too_large")
    if isinstance(uploaded_file, bytes | bytearray | memoryview):
        data = bytes(uploaded_file)
    else:
        size = getattr(uploaded_file, "size", None)
        if isinstance(size, int) and size > max_bytes:
            raise too_large
        if hasattr(uploaded_file, "seek"):
            uploaded_file.seek(0)
        data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large
    if not data:
        raise ImageRejected(_("빈 파일입니다. 사진 파일을 다시 선택해 주세요."), "empty")
    return data


def _is_heif(data: bytes) -> bool:
    return len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def _rational(value) -> float:
    if isinstance(value, tuple) and len(value) == 2:  # (numerator, denominator) in old EXIF readers
        return value[0] / value[1]
    return float(value)


def _gps(exif: Image.Exif) -> GeoPoint | None:
    """The position in the original EXIF, or None when absent or nonsensical."""
    try:
        gps = exif.get_ifd(GPS_IFD)
        if not gps or GPS_LAT not in gps or GPS_LNG not in gps:
            return None

        def degrees(parts, ref, negative: str) -> float:
            d, m, s = (_rational(p) for p in parts)
            value = d + m / 60 + s / 3600
            if isinstance(ref, bytes):
                ref = ref.decode("ascii", "ignore")
            return -value if str(ref).strip().upper() == negative else value

        lat = degrees(gps[GPS_LAT], gps.get(GPS_LAT_REF, "N"), "S")
        lng = degrees(gps[GPS_LNG], gps.get(GPS_LNG_REF, "E"), "W")
    except Exception:  # noqa: BLE001 - a broken GPS block means no position, not a refused photo
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or (lat == 0 and lng == 0):
        return None
    return GeoPoint(lat=round(lat, 7), lng=round(lng, 7))


def _taken_at(exif: Image.Exif) -> dt.datetime | None:
    """When the photo was taken, from the original EXIF (DateTimeOriginal, else DateTime)."""
    try:
        sub = exif.get_ifd(EXIF_IFD)
        raw = sub.get(DATETIME_ORIGINAL) or exif.get(DATETIME)
        if not raw:
            return None
        if isinstance(raw, bytes):
            raw = raw.decode("ascii", "ignore")
        taken = dt.datetime.strptime(str(raw).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
        offset = sub.get(OFFSET_TIME_ORIGINAL)
        if isinstance(offset, bytes):
            offset = offset.decode("ascii", "ignore")
        if offset:
            sign = -1 if str(offset).startswith("-") else 1
            hours, minutes = str(offset).strip("+- \x00").split(":")
            tz = dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))
        else:
            tz = DEFAULT_TZ
        return taken.replace(tzinfo=tz)
    except Exception:  # noqa: BLE001 - an unreadable date means no date, not a refused photo
        return None


def _bare(image: Image.Image, fmt: str) -> Image.Image:
    """The pixels of `image` in a mode `fmt` can store, in a new image that carries no metadata."""
    has_alpha = image.mode in {"RGBA", "LA", "PA", "La", "RGBa"} or (
        image.mode == "P" and "transparency" in image.info
    )
    if fmt == "JPEG":
        mode = "L" if image.mode in {"L", "1"} else "RGB"
        if has_alpha:  # JPEG has no transparency: put the picture on white
            rgba = image.convert("RGBA")
            background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(background, rgba)
    else:
        mode = "RGBA" if has_alpha else ("L" if image.mode in {"L", "1"} else "RGB")
    if image.mode != mode:
        image = image.convert(mode)
    # A fresh image from the raw pixels: no EXIF, XMP, IPTC, comments or text chunks survive.
    return Image.frombytes(mode, image.size, image.tobytes())


def _encode(image: Image.Image, fmt: str, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    options: dict = {}
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **options)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4, **options)
    else:
        image.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


def validate_and_clean_image(
    uploaded_file,
    *,
    max_bytes: int,
    max_pixels: int,
    long_side: int = LONG_SIDE,
    thumb_side: int = THUMB_SIDE,
) -> CleanImage:
    """Check, clean and shrink one uploaded photo; ImageRejected (Korean) when it is not accepted.

    Refused: more than `max_bytes` bytes, an empty file, anything but JPEG/PNG/WebP (HEIC with its
    own message, since this server cannot decode it), more than `max_pixels` pixels (checked from
    the header, before decoding: a decompression bomb is refused without being expanded), and a
    file that claims to be an image but does not decode.
    """
    data = _read_limited(uploaded_file, max_bytes)
    if _is_heif(data):
        raise ImageRejected(
            _("HEIC(아이폰 기본 형식) 사진은 받을 수 없습니다. 휴대전화 설정에서 '호환성 우선'(JPEG)으로 찍거나,"
              " JPEG·PNG로 변환해서 올려 주세요."),
            "heic_unsupported",
        )
    not_image = ImageRejected(_("사진 파일이 아니거나 손상된 파일입니다. JPEG, PNG, WebP 사진을 올려 주세요."),
                              "not_image")
    too_many_pixels = ImageRejected(
        _("사진의 화소수가 너무 많습니다(최대 %(megapixels)s백만 화소). 크기를 줄여서 올려 주세요.")
        % {"megapixels": f"{max_pixels / 1_000_000:g}"},
        "too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # max_pixels is checked below
            source = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"])  # JPEG opens MPO too
            fmt_in = source.format or ""
            if fmt_in not in ACCEPTED:
                raise not_image
            width, height = source.size
            if width < 1 or height < 1:
                raise not_image
            if width * height > max_pixels:
                raise too_many_pixels
            fmt = ACCEPTED[fmt_in]
            exif = source.getexif()
            taken_at, gps = _taken_at(exif), _gps(exif)
            icc = source.info.get("icc_profile") or None
            if fmt == "JPEG":
                # Decode at a reduced scale when the picture is much larger than what is kept.
                source.draft(None, (long_side, long_side))
            source.load()
            upright = ImageOps.exif_transpose(source)
            upright.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
            picture = _bare(upright, fmt)
            thumb = picture.copy()
            thumb.thumbnail((thumb_side, thumb_side), Image.Resampling.LANCZOS)
            thumb = _bare(thumb, fmt)
            content = _encode(picture, fmt, icc)
            thumbnail = _encode(thumb, fmt, icc)
    except ImageRejected:
        raise
    except Image.DecompressionBombError:  # beyond twice Pillow's own limit, before max_pixels is read
        raise too_many_pixels from None
    except UnidentifiedImageError:
        raise not_image from None
    except MemoryError:
        raise too_many_pixels from None
    except Exception:  # noqa: BLE001 - Pillow's decoders raise many kinds on a damaged file
        raise not_image from None
    return CleanImage(
        content=content,
        content_type=CONTENT_TYPES[fmt],
        extension=EXTENSIONS[fmt],
        width=picture.width,
        height=picture.height,
        sha256=hashlib.sha256(content).hexdigest(),
        thumbnail=thumbnail,
        thumbnail_width=thumb.width,
        thumbnail_height=thumb.height,
        original_sha256=hashlib.sha256(data).hexdigest(),
        original_format=fmt_in,
        taken_at=taken_at,
        gps=gps,
    )
