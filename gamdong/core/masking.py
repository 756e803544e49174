"""Personal data shown masked: enough to recognise, not enough to read out (DESIGN.md,
Quality rules). One rule per kind of datum, used by every page, list and record:

    mask_name("김민수")            → "김*수"     mask_name("이영") → "이*"
    mask_phone("010-1234-5678")    → "010-****-5678"
    mask_email("jumin@example.kr") → "ju***@example.kr"
    mask_contact(text)             → whichever of the two `text` is

No Django import: these are pure and tested with hypothesis (tests/core/test_masking.py).
"""

from __future__ import annotations


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if not digits:
        return ""
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}-****-{digits[-4:]}"


def mask_email(email: str) -> str:
    if not email or "@" not in email:
        return ""
    local, _, domain = email.strip().rpartition("@")
    shown = local[:2] if len(local) > 2 else local[:1]
    return f"{shown}{'*' * max(1, len(local) - len(shown))}@{domain}"


def mask_contact(address: str) -> str:
    """An email address or a phone number, masked by its own rule."""
    return mask_email(address) if "@" in (address or "") else mask_phone(address)
