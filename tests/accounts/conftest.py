"""Fixtures for accounts: an outbox folder per test, and people who can log in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gamdong.accounts.models import Role, RoleGrant, User, UserKind

STAFF_PASSWORD = "gamdong-staff-2026!"
RESIDENT_PASSWORD = "Haneul-river-77"


class Outbox:
    """The file backend's outbox, read as a person reading their messages would."""

    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self, to: str | None = None) -> list[str]:
        if not self.folder.exists():
            return []
        texts = [p.read_text(encoding="utf-8") for p in sorted(self.folder.glob("*.txt"))]
        return [t for t in texts if to is None or f"to: {to}\n" in t]

    def latest_code(self, to: str) -> str:
        text = self.messages(to)[-1]
        return re.search(r"인증번호 (\d{6})", text).group(1)


@pytest.fixture
def outbox(db, settings, tmp_path) -> Outbox:
    settings.DATA_DIR = tmp_path
    settings.VERIFICATION_BACKEND = "gamdong.accounts.verification.FileCodeSender"
    return Outbox(tmp_path / "outbox" / "codes")


@pytest.fixture
def staff(db) -> User:
    user = User.objects.create_user("2019001", STAFF_PASSWORD, name="김담당", kind=UserKind.STAFF)
    RoleGrant.objects.create(user=user, role=Role.OFFICER)
    return user


@pytest.fixture
def resident(db) -> User:
    """A resident who verified both an email address and a mobile number."""
    from django.utils import timezone

    user = User.objects.create_user(
        "r0000000001",
        RESIDENT_PASSWORD,
        name="이주민",
        kind=UserKind.RESIDENT,
        email="juminn@example.kr",
        email_verified_at=timezone.now(),
        phone="01098765432",
        phone_verified_at=timezone.now(),
    )
    RoleGrant.objects.create(user=user, role=Role.RESIDENT)
    return user


def events(event_type, **filters):
    from gamdong.core.models import Event

    return list(Event.objects.filter(event_type=event_type, **filters).order_by("id"))
