"""What people type to name themselves becomes one canonical key."""

from hypothesis import given
from hypothesis import strategies as st

from gamdong.accounts.identifiers import (
    EMAIL,
    SMS,
    Address,
    format_phone,
    mask,
    normalize_login,
    normalize_phone,
    parse_address,
)

prefixes = st.sampled_from(["010"])
separators = st.sampled_from(["", "-", " ", ".", " - "])


@given(middle=st.integers(0, 9999), last=st.integers(0, 9999), sep=separators, country=st.booleans())
def test_a_mobile_number_in_any_common_form_becomes_its_digits(middle, last, sep, country):
    digits = f"010{middle:04d}{last:04d}"
    typed = f"010{sep}{middle:04d}{sep}{last:04d}"
    if country:
        typed = f"+82{sep}10{sep}{middle:04d}{sep}{last:04d}"
    assert normalize_phone(typed) == digits
    assert parse_address(f"  {typed} ") == Address(SMS, digits)


@given(st.text(alphabet="0123456789-", max_size=14))
def test_only_korean_mobile_numbers_are_accepted(text):
    digits = normalize_phone(text)
    if digits is not None:
        assert digits.isdigit() and digits.startswith("01") and len(digits) in (10, 11)


def test_landlines_and_short_numbers_are_not_mobile_numbers():
    assert normalize_phone("02-123-4567") is None
    assert normalize_phone("010-123-456") is None
    assert normalize_phone("1588-1234") is None
    assert normalize_phone("011-234-5678") == "0112345678"


@given(
    local=st.from_regex(r"[a-zA-Z0-9._]{1,20}", fullmatch=True),
    domain=st.sampled_from(["Example.KR", "naver.com"]),
)
def test_an_email_is_compared_without_case_or_spaces(local, domain):
    assert parse_address(f" {local}@{domain} ") == Address(EMAIL, f"{local}@{domain}".lower())


def test_a_staff_login_id_is_kept_as_typed():
    assert normalize_login(" 2019001 ") == "2019001"
    assert normalize_login("Kim.Officer") == "Kim.Officer"
    assert normalize_login("010-1234-5678") == "01012345678"
    assert normalize_login("Jumin@Example.KR") == "jumin@example.kr"


def test_masked_addresses_hide_the_middle():
    assert mask(Address(SMS, "01012345678")) == "010-****-5678"
    assert mask(Address(EMAIL, "jumin@example.kr")) == "ju***@example.kr"
    assert format_phone("01012345678") == "010-1234-5678"
