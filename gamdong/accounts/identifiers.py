"""What a person types to name themselves, made canonical. Pure rules: no Django import.

Residents log in and sign up with an email address or a Korean mobile number, typed in
whatever form they are used to (`010-1234-5678`, `010 1234 5678`, `+82 10-1234-5678`).
Everything that stores, looks up or rate-limits an address uses the canonical form
returned here, so that the same person is the same key everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from gamdong.core.masking import mask_email, mask_phone

Channel = Literal["email", "sms"]
EMAIL = "email"
SMS = "sms"
MAX_EMAIL_LENGTH = 254  # RFC 5321

# 010 + 8 digits; the older 011/016/017/018/019 numbers have 7 or 8 digits after the prefix.
_MOBILE = re.compile(r"^01(?:0\d{8}|[16789]\d{7,8})$")
# Characters people put between the digits of a phone number.
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-.()]+$")
# Deliberately loose: the form layer runs Django's EmailValidator as well.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(text: str) -> str:
    """Email addresses are compared without surrounding spaces and without case."""
    return text.strip().lower()


def normalize_phone(text: str) -> str | None:
    """The digits of a Korean mobile number (`01012345678`), or None if it is not one.

    Accepts separators (spaces, hyphens, dots, brackets) and the +82 country code with or
    without the trunk zero (`+82 10-…`, `+82 010-…`, `0082…`).
    """
    text = text.strip()
    if not text or not _PHONE_CHARS.match(text):
        return None
    digits = _PHONE_SEPARATORS.sub("", text)
    if digits.startswith("+82"):
        digits = digits[3:]
    elif digits.startswith("0082"):
        digits = digits[4:]
    elif digits.startswith("+"):
        return None
    if not digits.startswith("0"):
        digits = "0" + digits
    return digits if _MOBILE.match(digits) else None


def format_phone(digits: str) -> str:
    """`01012345678` → `010-1234-5678` (for people to read)."""
    if len(digits) == 11:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return digits


@dataclass(frozen=True)
class Address:
    """A place a one-time code can be sent: a channel and the canonical address."""

    channel: Channel
    value: str


def parse_address(text: str) -> Address | None:
    """An email address or a Korean mobile number in canonical form, or None."""
    text = (text or "").strip()
    if "@" in text:
        email = normalize_email(text)
        return Address(EMAIL, email) if len(email) <= MAX_EMAIL_LENGTH and _EMAIL.match(email) else None
    phone = normalize_phone(text)
    return Address(SMS, phone) if phone else None


def normalize_login(text: str) -> str:
    """The canonical form of what was typed in the login box.

    An email is lower-cased, a mobile number reduced to its digits; anything else (a staff
    login id such as an employee number) is kept as typed, without surrounding spaces.
    """
    address = parse_address(text)
    return address.value if address else (text or "").strip()


def mask(address: Address) -> str:
    """Show enough of an address to recognise it, not enough to read it out."""
    return mask_email(address.value) if address.channel == EMAIL else mask_phone(address.value)
