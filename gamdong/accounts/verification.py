"""One-time codes: how they are made, stored, and sent.

Sending goes through a pluggable *code sender* named by ``settings.VERIFICATION_BACKEND``
(a dotted path to a class). Two senders come with gamdong:

- ``FileCodeSender`` (the default) writes each message as a text file under
  ``settings.DATA_DIR/outbox/codes/`` (or ``settings.VERIFICATION_OUTBOX_DIR``), one file per
  message, so that the demo user and the tests can read the code;
- ``ConsoleCodeSender`` prints each message to standard output.

A real SMS or email gateway is a subclass of ``CodeSender`` that implements ``send()``
(see ``CodeSender`` and docs/accounts.md). ``EnvironmentGatewaySender`` is a skeleton of one
that takes its credentials from the environment.

Times and counts are Django settings, each with a default (the names below):

    VERIFICATION_CODE_TTL_SECONDS        600  a code is good for 10 minutes
    VERIFICATION_MAX_ATTEMPTS              5  wrong tries per code before it is dead
    VERIFICATION_RESEND_INTERVAL_SECONDS  60  at most one code per address per minute
    VERIFICATION_MAX_PER_HOUR_ADDRESS      5  codes per address per hour
    VERIFICATION_MAX_PER_HOUR_IP          20  codes asked from one IP address per hour
    VERIFICATION_COMPLETE_WINDOW_SECONDS 1800 time from a verified code to finishing the form
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

CODE_LENGTH = 6  # digits

DEFAULTS: dict[str, int] = {
    "VERIFICATION_CODE_TTL_SECONDS": 600,
    "VERIFICATION_MAX_ATTEMPTS": 5,
    "VERIFICATION_RESEND_INTERVAL_SECONDS": 60,
    "VERIFICATION_MAX_PER_HOUR_ADDRESS": 5,
    "VERIFICATION_MAX_PER_HOUR_IP": 20,
    "VERIFICATION_COMPLETE_WINDOW_SECONDS": 1800,
}


def limit(name: str) -> int:
    """The value of one of the VERIFICATION_* settings above, or its default."""
    return int(getattr(settings, name, DEFAULTS[name]))


def new_code() -> str:
    """Six random digits, leading zeros allowed."""
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def hash_code(code: str, *, address: str, purpose: str) -> str:
    """An HMAC of the code bound to its address and purpose.

    A bare hash of six digits is reversed by trying a million values; the HMAC needs the
    SECRET_KEY as well, so a copy of the table alone does not reveal live codes.
    """
    return salted_hmac(
        "gamdong.accounts.verification", f"{purpose}:{address}:{code}", algorithm="sha256"
    ).hexdigest()


def code_matches(code: str, *, code_hash: str, address: str, purpose: str) -> bool:
    return constant_time_compare(hash_code(code, address=address, purpose=purpose), code_hash)


def message_text(code: str) -> str:
    """The words the person receives, in Korean."""
    minutes = max(1, limit("VERIFICATION_CODE_TTL_SECONDS") // 60)
    return f"[감동구] 인증번호 {code} ({minutes}분 안에 입력하세요)"


@dataclass(frozen=True)
class CodeMessage:
    """One message to deliver. `text` is what the person reads; `code` is inside it."""

    channel: str  # "email" or "sms"
    address: str  # canonical: lower-case email, or mobile digits such as 01012345678
    purpose: str  # "signup" or "password_reset"
    code: str
    text: str
    expires_at: datetime


class CodeSendError(Exception):
    """The gateway did not take the message; the person is told to try again later."""


class CodeSender:
    """The interface every code sender implements.

    ``send(message)`` delivers one ``CodeMessage`` and returns when the gateway has
    accepted it; it raises ``CodeSendError`` when it could not. It is called after the
    code is stored and outside any database transaction, once per code, from the web
    process (so it should answer within a few seconds). A sender is built with no
    arguments: read credentials from settings or the environment in ``__init__``.
    Never log the code itself in production.
    """

    def send(self, message: CodeMessage) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleCodeSender(CodeSender):
    """Prints each message to standard output (development)."""

    def send(self, message: CodeMessage) -> None:
        print(f"[{message.channel} → {message.address}] {message.text}", flush=True)  # noqa: T201


class FileCodeSender(CodeSender):
    """Writes each message as one text file in the outbox folder.

    The folder is ``settings.VERIFICATION_OUTBOX_DIR`` when set, else
    ``settings.DATA_DIR/outbox/codes``; it is read at send time, so a test may point
    DATA_DIR at a temporary folder. File names sort by time:
    ``20261126T104501123456-sms-01012345678.txt``. The file holds a few header lines
    (``to:``, ``channel:``, ``purpose:``, ``sent_at:``), a blank line and the text.
    """

    def outbox(self) -> Path:
        folder = getattr(settings, "VERIFICATION_OUTBOX_DIR", None)
        return Path(folder) if folder else Path(settings.DATA_DIR) / "outbox" / "codes"

    def send(self, message: CodeMessage) -> None:
        folder = self.outbox()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            now = timezone.now()
            safe = "".join(c if c.isalnum() or c in "@.-_" else "_" for c in message.address)
            path = folder / f"{now:%Y%m%dT%H%M%S%f}-{message.channel}-{safe}.txt"
            path.write_text(
                f"to: {message.address}\nchannel: {message.channel}\npurpose: {message.purpose}\n"
                f"sent_at: {timezone.localtime(now).isoformat()}\n\n{message.text}\n",
                encoding="utf-8",
            )
            path.chmod(0o644)
        except OSError as exc:
            raise CodeSendError(str(exc)) from exc


class EnvironmentGatewaySender(CodeSender):
    """Skeleton of a real gateway: credentials from the environment, one HTTP call per message.

    Copy it for your SMS or mail provider: read what it needs from the environment in
    ``__init__`` (so that secrets never sit in the repository), post the message in
    ``send()``, raise ``CodeSendError`` on any failure. Set
    ``VERIFICATION_BACKEND=yourpackage.senders.YourSender`` in the environment.
    """

    def __init__(self) -> None:
        self.url = os.environ.get("VERIFICATION_GATEWAY_URL", "")
        self.api_key = os.environ.get("VERIFICATION_GATEWAY_KEY", "")
        self.sender_id = os.environ.get("VERIFICATION_GATEWAY_SENDER", "")
        if not (self.url and self.api_key):
            raise CodeSendError("VERIFICATION_GATEWAY_URL and VERIFICATION_GATEWAY_KEY must be set")

    def send(self, message: CodeMessage) -> None:
        import json
        import urllib.request

        body = json.dumps(
            {"to": message.address, "channel": message.channel, "from": self.sender_id, "text": message.text}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configuration
            self.url,
            data=body,
            headers={"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status >= 300:
                    raise CodeSendError(f"gateway answered {response.status}")
        except OSError as exc:
            raise CodeSendError(str(exc)) from exc


def get_sender() -> CodeSender:
    """A new instance of the configured sender."""
    path = getattr(settings, "VERIFICATION_BACKEND", "gamdong.accounts.verification.FileCodeSender")
    return import_string(path)()
