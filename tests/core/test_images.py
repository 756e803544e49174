"""Uploaded photos are checked, turned upright, shrunk and stripped of where they were taken."""

import datetime as dt
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from gamdong.core.images import (
    DATETIME_ORIGINAL,
    EXIF_IFD,
    GPS_IFD,
    OFFSET_TIME_ORIGINAL,
    ImageRejected,
    check_photo_count,
    photo_limits,
    validate_and_clean_image,
)

MB = 1024 * 1024
LIMITS = {"max_bytes": 10 * MB, "max_pixels": 50_000_000}
ORIENTATION = 0x0112
SEOUL_GPS = {1: "N", 2: (37.0, 30.0, 36.0), 3: "E", 4: (126.0, 52.0, 48.0), 6: 12.5}


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = SEOUL_GPS
    exif[EXIF_IFD] = {DATETIME_ORIGINAL: "2025:03:04 10:11:12", OFFSET_TIME_ORIGINAL: "+09:00"}
    return exif


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def with_xmp(jpeg: bytes, xmp: bytes) -> bytes:
    """`jpeg` with an XMP packet (APP1 segment) right after its start marker."""
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + xmp
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def assert_no_metadata(content: bytes) -> None:
    out = Image.open(io.BytesIO(content))
    exif = out.getexif()
    assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)
    assert len(exif) == 0
    assert "exif" not in out.info and "xmp" not in out.info and "XML:com.adobe.xmp" not in out.info
    assert b"Exif\x00" not in content and b"GPS" not in content and b"PhoneMaker" not in content
    assert b"ns.adobe.com/xap" not in content


def halves(size=(200, 100)) -> Image.Image:
    """Left half red, right half blue."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    return image


# --- Real photos ------------------------------------------------------------------------


def test_a_phone_jpeg_keeps_its_picture_but_loses_gps_exif_and_xmp():
    jpeg = encode(halves((800, 600)), "JPEG", exif=exif_with_gps(), quality=92)
    jpeg = with_xmp(jpeg, b'<x:xmpmeta><exif:GPSLatitude>37,30.6N</exif:GPSLatitude></x:xmpmeta>')

    clean = validate_and_clean_image(jpeg, **LIMITS)

    assert clean.content_type == "image/jpeg" and clean.extension == "jpg"
    assert (clean.width, clean.height) == (800, 600)
    assert_no_metadata(clean.content)
    assert_no_metadata(clean.thumbnail)
    # What the original said is handed to staff beside the bytes.
    assert clean.gps is not None
    assert clean.gps.lat == pytest.approx(37.51) and clean.gps.lng == pytest.approx(126.88)
    assert clean.taken_at == dt.datetime(2025, 3, 4, 10, 11, 12, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def test_southern_and_western_positions_are_negative():
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "S", 2: (33.0, 52.0, 0.0), 3: "W", 4: (151.0, 12.0, 0.0)}
    clean = validate_and_clean_image(encode(halves(), "JPEG", exif=exif), **LIMITS)
    assert clean.gps.lat == pytest.approx(-33.8667, abs=1e-4)
    assert clean.gps.lng == pytest.approx(-151.2, abs=1e-4)


def test_a_photo_without_offset_is_taken_to_be_seoul_time_and_one_without_exif_has_no_time_or_place():
    exif = Image.Exif()
    exif[EXIF_IFD] = {DATETIME_ORIGINAL: "2025:03:04 10:11:12"}
    clean = validate_and_clean_image(encode(halves(), "JPEG", exif=exif), **LIMITS)
    assert clean.taken_at.utcoffset() == dt.timedelta(hours=9)

    bare = validate_and_clean_image(encode(halves(), "JPEG"), **LIMITS)
    assert bare.taken_at is None and bare.gps is None


@pytest.mark.parametrize(
    ("orientation", "size", "top_colour"),
    [(1, (200, 100), None), (6, (100, 200), "red"), (8, (100, 200), "blue"), (3, (200, 100), None)],
)
def test_exif_orientation_is_applied_so_the_picture_stands_upright(orientation, size, top_colour):
    jpeg = encode(halves(), "JPEG", exif=exif_with_gps(orientation), quality=95)

    clean = validate_and_clean_image(jpeg, **LIMITS)
    out = Image.open(io.BytesIO(clean.content)).convert("RGB")

    assert out.size == size
    assert out.getexif().get(ORIENTATION) is None  # nothing left for a viewer to rotate again
    if top_colour:
        red, _, blue = out.getpixel((size[0] // 2, 20))
        assert (red > blue) == (top_colour == "red")
    elif orientation == 3:  # upside down: red moves to the right
        red, _, blue = out.getpixel((180, 50))
        assert red > blue


def test_png_keeps_transparency_and_loses_its_exif_and_text():
    image = Image.new("RGBA", (300, 200), (0, 128, 0, 128))
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "GPS 37.51 126.88 PhoneMaker")
    png = encode(image, "PNG", exif=exif_with_gps(), pnginfo=text)

    clean = validate_and_clean_image(png, **LIMITS)

    assert clean.content_type == "image/png"
    out = Image.open(io.BytesIO(clean.content))
    assert out.mode == "RGBA" and out.getpixel((5, 5))[3] == 128
    assert_no_metadata(clean.content)
    assert out.text == {}
    assert clean.gps is not None  # read before stripping


def test_webp_is_accepted_and_stays_webp_without_exif():
    webp = encode(halves((640, 480)), "WEBP", exif=exif_with_gps())
    clean = validate_and_clean_image(webp, **LIMITS)
    assert clean.content_type == "image/webp"
    assert_no_metadata(clean.content)
    assert clean.gps is not None


def test_a_large_photo_is_shrunk_to_the_long_side_and_gets_a_small_thumbnail():
    clean = validate_and_clean_image(encode(halves((4000, 3000)), "JPEG"), **LIMITS)
    assert (clean.width, clean.height) == (2560, 1920)
    assert (clean.thumbnail_width, clean.thumbnail_height) == (480, 360)
    thumb = Image.open(io.BytesIO(clean.thumbnail))
    assert thumb.size == (480, 360) and thumb.format == "JPEG"


def test_a_django_upload_is_read_and_the_same_file_twice_has_the_same_fingerprint():
    jpeg = encode(halves(), "JPEG")
    first = validate_and_clean_image(SimpleUploadedFile("a.jpg", jpeg, "image/jpeg"), **LIMITS)
    second = validate_and_clean_image(io.BytesIO(jpeg), **LIMITS)
    assert first.original_sha256 == second.original_sha256
    assert first.sha256 == second.sha256 and len(first.sha256) == 64


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(1, 900),
    height=st.integers(1, 900),
    mode=st.sampled_from(["RGB", "L", "RGBA", "P", "CMYK", "1", "LA"]),
    fmt=st.sampled_from(["JPEG", "PNG", "WEBP"]),
    orientation=st.integers(1, 8),
)
def test_real_images_of_any_size_mode_and_orientation_round_trip_without_gps(width, height, mode, fmt, orientation):
    if fmt == "JPEG" and mode not in {"RGB", "L", "CMYK"}:
        mode = "RGB"
    if fmt == "WEBP" and mode not in {"RGB", "RGBA"}:
        mode = "RGB"
    if fmt == "PNG" and mode == "CMYK":  # PNG has no CMYK
        mode = "RGB"
    image = Image.new(mode, (width, height))
    data = encode(image, fmt, exif=exif_with_gps(orientation))

    clean = validate_and_clean_image(data, **LIMITS)

    rotated = orientation in {5, 6, 7, 8}
    assert (clean.width, clean.height) == ((height, width) if rotated else (width, height))
    assert_no_metadata(clean.content)
    assert Image.open(io.BytesIO(clean.content)).format == {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}[fmt]
    assert clean.gps is not None


# --- Refusals ---------------------------------------------------------------------------


def rejection(data, **limits) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        validate_and_clean_image(data, **{**LIMITS, **limits})
    assert caught.value.message and any("\uac00" <= ch <= "\ud7a3" for ch in caught.value.message)
    return caught.value


def test_a_file_over_the_size_limit_is_refused_with_the_limit_in_the_message():
    upload = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (2 * MB), "image/jpeg")
    refused = rejection(upload, max_bytes=1 * MB)
    assert refused.code == "too_large" and "1MB" in refused.message
    assert rejection(b"\xff\xd8" + b"0" * (2 * MB), max_bytes=1 * MB).code == "too_large"


def test_an_empty_file_text_gif_and_truncated_jpeg_are_refused():
    assert rejection(b"").code == "empty"
    assert rejection("민원 내용입니다".encode()).code == "not_image"
    assert rejection(encode(Image.new("P", (10, 10)), "GIF")).code == "not_image"
    jpeg = encode(halves((400, 300)), "JPEG")
    assert rejection(jpeg[: len(jpeg) // 3]).code == "not_image"


def test_heic_from_an_iphone_gets_its_own_message():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
    refused = rejection(heic)
    assert refused.code == "heic_unsupported" and "HEIC" in refused.message


@pytest.mark.parametrize("side", [10_000, 15_000])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(side):
    bomb = encode(Image.new("1", (side, side)), "PNG")  # tiny file, hundreds of millions of pixels
    assert len(bomb) < 1 * MB
    refused = rejection(bomb)
    assert refused.code == "too_many_pixels" and "50백만 화소" in refused.message


@settings(max_examples=300, deadline=None)
@given(data=st.binary(min_size=0, max_size=4096))
def test_random_bytes_never_crash_it(data):
    with pytest.raises(ImageRejected):
        validate_and_clean_image(data, **LIMITS)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from([
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"\x89PNG\r\n\x1a\n",
        b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)),
        b"RIFF\x00\x01\x00\x00WEBPVP8 ",
    ]),
    rest=st.binary(max_size=2048),
)
def test_garbage_behind_a_real_image_signature_never_crashes_it(prefix, rest):
    with pytest.raises(ImageRejected):
        validate_and_clean_image(prefix + rest, **LIMITS)


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(0, 10_000), flip=st.integers(0, 10_000), byte=st.integers(0, 255))
def test_damaged_real_jpegs_either_clean_or_are_refused(cut, flip, byte):
    jpeg = bytearray(encode(halves((120, 90)), "JPEG", exif=exif_with_gps()))
    jpeg[flip % len(jpeg)] = byte
    data = bytes(jpeg[: max(1, len(jpeg) - cut % len(jpeg))])
    try:
        clean = validate_and_clean_image(data, **LIMITS)
    except ImageRejected:
        return
    assert_no_metadata(clean.content)


# --- Limits -----------------------------------------------------------------------------


def test_more_photos_than_the_limit_are_refused_saying_how_many_are_left():
    check_photo_count(existing=0, adding=5, max_photos=5)
    with pytest.raises(ImageRejected) as caught:
        check_photo_count(existing=3, adding=3, max_photos=5)
    assert caught.value.code == "too_many_photos"
    assert "최대 5장" in caught.value.message and "2장 더" in caught.value.message


@pytest.mark.django_db
def test_photo_limits_follow_the_district_settings():
    from gamdong.core.services import district_setting_change

    limits = photo_limits()
    assert (limits.max_photos, limits.max_bytes, limits.max_pixels) == (5, 10 * MB, 50_000_000)
    district_setting_change(actor=None, key="complaints.photo_max_mb", raw_value="4")
    district_setting_change(actor=None, key="complaints.max_photos", raw_value="3")
    from gamdong.core.district_settings import forget_cached

    forget_cached()
    limits = photo_limits()
    assert (limits.max_photos, limits.max_bytes) == (3, 4 * MB)
