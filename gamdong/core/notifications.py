"""Notifications: Korean notices by SMS (알림톡-style text) and email, sent in the background.

    notify(recipient=user, template="account_welcome", context={...}, about=complaint)

renders the templates of `template` for each channel the recipient has an address for,
stores one `Notification` row per message, and queues delivery with
`transaction.on_commit`: a change that is rolled back sends nothing.

Templates live in gamdong/core/templates/notifications/ (any app may add its own under
its templates/notifications/):
    <key>.sms.txt      the text message (알림톡 or SMS/LMS)
    <key>.email.txt    the email body
    <key>.subject.txt  the email subject (one line)
Each key is registered with `register_template`. A *case notice* (a notice about a
complaint or another case) must name the handling department, the officer and a contact
(민원 처리에 관한 법률 시행령 §31): its context needs `department`, `officer` and `contact`,
and its templates end with {% include "notifications/_case_footer.txt" %}.

Delivery goes through pluggable backends:
    email  Django's EMAIL_BACKEND (file backend under DATA_DIR/outbox/email by default)
    sms    settings.SMS_BACKEND, a dotted path to a `SmsBackend` subclass
           (FileSmsBackend by default, ConsoleSmsBackend for development). A real
           알림톡/SMS gateway is one subclass that implements `send` (docs/operations.md).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import re
import sys
import uuid
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template import Context, engines
from django.utils import timezone
from django.utils.module_loading import import_string

from gamdong.core.models import Notification, NotificationChannel

logger = logging.getLogger(__name__)

CASE_NOTICE_FIELDS = ("department", "officer", "contact")  # 령 §31
DEFAULT_CHANNELS = (NotificationChannel.SMS, NotificationChannel.EMAIL)


class NotificationError(Exception):
    """A notice that cannot be made as asked (a programming error in the caller, not user input)."""


class UnknownTemplate(NotificationError):
    pass


class MissingNoticeContext(NotificationError):
    """A case notice without the department, officer or contact that 령 §31 requires."""


class DeliveryError(Exception):
    """A backend could not hand the message over; delivery is retried."""


# --- Templates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationTemplate:
    key: str
    title: str  # what an administrator reads, in Korean
    case_notice: bool = False  # names department, officer and contact (령 §31)
    required: tuple[str, ...] = ()  # other context keys the text needs
    channels: tuple[str, ...] = tuple(DEFAULT_CHANNELS)

    @property
    def required_context(self) -> tuple[str, ...]:
        return (CASE_NOTICE_FIELDS if self.case_notice else ()) + self.required


REGISTRY: dict[str, NotificationTemplate] = {}


def register_template(
    key: str,
    *,
    title: str,
    case_notice: bool = False,
    required: Iterable[str] = (),
    channels: Iterable[str] = DEFAULT_CHANNELS,
) -> NotificationTemplate:
    """Declare a notice template. Apps call this at import (e.g. in their notifications.py)."""
    template = NotificationTemplate(
        key=key, title=title, case_notice=case_notice, required=tuple(required), channels=tuple(channels)
    )
    REGISTRY[key] = template
    return template


def get_template(key: str) -> NotificationTemplate:
    try:
        return REGISTRY[key]
    except KeyError:
        raise UnknownTemplate(f"unknown notification template {key!r}") from None


def check_context(template: NotificationTemplate | str, context: Mapping[str, Any]) -> None:
    """Raise MissingNoticeContext unless every required value (for case notices: department,
    officer and contact, 령 §31) is present and not blank."""
    if isinstance(template, str):
        template = get_template(template)
    missing = [name for name in template.required_context if not str(context.get(name) or "").strip()]
    if missing:
        kind = "case notice" if template.case_notice else "notice"
        raise MissingNoticeContext(f"{kind} {template.key!r} needs {', '.join(missing)} in its context")


register_template("account_welcome", title="가입 환영", required=("name",))
register_template(
    "case_notice",
    title="민원·사건 안내(일반)",
    case_notice=True,
    required=("case_title", "message"),
)


_BLANK_LINES = re.compile(r"\n{3,}")


def _render_text(name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text template without HTML escaping; trim blank runs."""
    engine = engines["django"].engine
    text = engine.get_template(name).render(Context(dict(context), autoescape=False))
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return _BLANK_LINES.sub("\n\n", text)


def render(template: NotificationTemplate | str, channel: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """Return (subject, body) of `template` for `channel`, after checking its context."""
    if isinstance(template, str):
        template = get_template(template)
    check_context(template, context)
    full = {"district_name": _district_name(), **context}
    if channel == NotificationChannel.SMS:
        return "", _render_text(f"notifications/{template.key}.sms.txt", full)
    if channel == NotificationChannel.EMAIL:
        subject = _render_text(f"notifications/{template.key}.subject.txt", full)
        subject = " ".join(subject.split())[:200]
        return subject, _render_text(f"notifications/{template.key}.email.txt", full)
    raise NotificationError(f"unknown channel {channel!r}")


def _district_name() -> str:
    from gamdong.core.district_settings import district_setting

    return district_setting("district.name")


# --- Making notices ------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """Someone without an account (a complainant who gave only a phone number)."""

    name: str = ""
    email: str = ""
    phone: str = ""
    user: Any = field(default=None, compare=False)


def _as_recipient(recipient) -> Recipient:
    if isinstance(recipient, Recipient):
        return recipient
    return Recipient(
        name=getattr(recipient, "name", "") or "",
        email=getattr(recipient, "email", "") or "",
        phone=getattr(recipient, "phone", "") or "",
        user=recipient if getattr(recipient, "pk", None) else None,
    )


_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar("notifications_suppressed", default=False)


@contextmanager
def suppressed():
    """Make no notices inside this block: for importing history (the demo's past year, a
    migration from a legacy system) whose notices were sent long ago, if ever."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def notify(
    *,
    recipient,
    template: str,
    context: Mapping[str, Any],
    channels: Iterable[str] = ("sms", "email"),
    about: models.Model | None = None,
) -> list[Notification]:
    """Render `template` for each of `channels` the recipient has an address for, store the
    messages and send them after the surrounding transaction commits.

    `recipient` is a User or a `Recipient`. A channel without an address is skipped, so the
    result may be empty; the caller decides whether that matters. Raises UnknownTemplate or
    MissingNoticeContext (before anything is written) when the call itself is wrong.
    """
    spec = get_template(template)
    check_context(spec, context)
    if _suppressed.get():
        return []
    person = _as_recipient(recipient)
    about_type = ContentType.objects.get_for_model(about, for_concrete_model=True) if about is not None else None
    context = {"recipient_name": person.name, **context}

    rows = []
    for channel in channels:
        if channel not in spec.channels:
            continue
        address = person.phone if channel == NotificationChannel.SMS else person.email
        if not address:
            continue
        subject, body = render(spec, channel, context)
        rows.append(
            Notification(
                recipient=person.user,
                recipient_name=person.name[:100],
                address=address,
                channel=channel,
                template=spec.key,
                subject=subject,
                body=body,
                about_type=about_type,
                about_id=str(about.pk) if about is not None else "",
            )
        )
    if rows:
        # One INSERT; no savepoint of its own: inside a caller's transaction, a failure here
        # fails that transaction anyway.
        with transaction.atomic(savepoint=False):
            Notification.objects.bulk_create(rows)
            for row in rows:
                queue_delivery(row.pk)
    return rows


class _DeliveryBatch:
    """The notifications made in one transaction: one task delivers them all after it commits."""

    def __init__(self):
        self.ids: list[int] = []
        self.enqueued = False

    def enqueue(self) -> None:
        from gamdong.core.tasks import deliver_notifications

        self.enqueued = True
        if self.ids:
            deliver_notifications(list(self.ids))


def queue_delivery(notification_id: int) -> None:
    """Enqueue delivery of one notification once the current transaction commits.

    All the notifications of one transaction travel in one task (one enqueue per request, not
    one per message). The batch joins a callback still waiting in this transaction; a callback
    discarded by a rolled-back savepoint (or already run) starts a new batch, so nothing made in
    a rolled-back block is sent and nothing committed is left out.
    """
    connection = transaction.get_connection()
    batch = None
    if connection.in_atomic_block:
        for _sids, callback, _robust in reversed(connection.run_on_commit):
            owner = getattr(callback, "__self__", None)
            if isinstance(owner, _DeliveryBatch) and not owner.enqueued:
                batch = owner
                break
    if batch is None:
        batch = _DeliveryBatch()
        batch.ids.append(notification_id)
        transaction.on_commit(batch.enqueue)
    else:
        batch.ids.append(notification_id)


# --- Backends ------------------------------------------------------------------------------


class SmsBackend:
    """Base class of SMS / 알림톡 backends. Subclass it and set settings.SMS_BACKEND.

    `send(notification)` hands one message (notification.address is the phone number,
    notification.body the text) to the gateway and returns the gateway's message id (or
    ""). It raises DeliveryError (or any exception) when the gateway refuses or cannot be
    reached: the message is then retried, and marked failed after the last retry.
    It must not touch the database: the caller records the outcome.
    """

    def send(self, notification: Notification) -> str:
        raise NotImplementedError


class FileSmsBackend(SmsBackend):
    """Writes each message to one file under settings.SMS_FILE_PATH (development, demo, tests)."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, notification: Notification) -> str:
        self.path.mkdir(parents=True, exist_ok=True)
        message_id = uuid.uuid4().hex
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = self.path / f"{stamp}-{notification.pk}-{message_id[:8]}.txt"
        target.write_text(_sms_text(notification, message_id), encoding="utf-8")
        return message_id


class ConsoleSmsBackend(SmsBackend):
    """Prints each message to standard output (development)."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, notification: Notification) -> str:
        message_id = uuid.uuid4().hex
        stream = self.stream or sys.stdout
        stream.write(_sms_text(notification, message_id) + "\n" + "-" * 40 + "\n")
        stream.flush()
        return message_id


def _sms_text(notification: Notification, message_id: str) -> str:
    return (
        f"To: {notification.address}\n"
        f"Template: {notification.template}\n"
        f"Notification: {notification.pk}\n"
        f"Message-Id: {message_id}\n\n"
        f"{notification.body}\n"
    )


def get_sms_backend() -> SmsBackend:
    backend_class = import_string(settings.SMS_BACKEND)
    return backend_class()


def send_email(notification: Notification) -> str:
    """Send through Django's EMAIL_BACKEND; return the Message-ID."""
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
    )
    message_id = f"<gamdong-notification-{notification.pk}-{uuid.uuid4().hex[:12]}@gamdong>"
    message.extra_headers["Message-ID"] = message_id
    if message.send(fail_silently=False) != 1:
        raise DeliveryError("email backend accepted no message")
    return message_id


def hand_over(notification: Notification) -> str:
    """Give one message to its channel's backend; raise when that fails."""
    if notification.channel == NotificationChannel.SMS:
        return get_sms_backend().send(notification)
    if notification.channel == NotificationChannel.EMAIL:
        return send_email(notification)
    raise DeliveryError(f"unknown channel {notification.channel!r}")


# --- Delivery (called by the huey task) -------------------------------------------------------

RETRY_WINDOW = dt.timedelta(days=3)  # older failures are not retried by the nightly job


def max_attempts() -> int:
    """Total attempts after which the nightly job stops retrying a failed notification."""
    return int(getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 8))


def deliver(notification_id: int, *, final_attempt: bool) -> Notification | None:
    """Try once to hand a queued notification to its backend and record the outcome.

    Sent: status "sent", sent_at, a NOTIFICATION_SENT event. Failed on the final attempt:
    status "failed", a NOTIFICATION_FAILED event. Failed with tries left: the error is kept,
    the row stays queued, and DeliveryError is raised so that the task is retried. A row
    already sent is left alone (a repeated task never sends twice).
    """
    from gamdong.core.events import EventType, record_event
    from gamdong.core.models import NotificationStatus

    error = ""
    with transaction.atomic():
        # The row lock keeps two workers from sending the same message at once.
        row = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if row is None or row.status == NotificationStatus.SENT:
            return row
        before = {"status": row.status, "attempts": row.attempts}
        row.attempts += 1
        try:
            reference = hand_over(row)
        except Exception as exc:  # any backend failure is retried, whatever its type
            error = f"{type(exc).__name__}: {exc}"[:500]
            logger.warning("notification %s attempt %s failed: %s", row.pk, row.attempts, error)
            row.last_error = error
            if final_attempt:
                row.status = NotificationStatus.FAILED
                row.save(update_fields=["attempts", "last_error", "status"])
                record_event(
                    EventType.NOTIFICATION_FAILED,
                    actor=None,
                    subject=row,
                    before=before,
                    after={"status": row.status, "attempts": row.attempts},
                    note=error,
                )
            else:
                row.save(update_fields=["attempts", "last_error"])
        else:
            row.status = NotificationStatus.SENT
            row.sent_at = timezone.now()
            row.save(update_fields=["attempts", "status", "sent_at"])
            record_event(
                EventType.NOTIFICATION_SENT,
                actor=None,
                subject=row,
                before=before,
                after={"status": row.status, "attempts": row.attempts},
                note=str(reference or "")[:500],
            )
    if error and not final_attempt:
        raise DeliveryError(error)
    return row


def requeue_failed(*, now: dt.datetime | None = None) -> list[int]:
    """Put failed notifications younger than RETRY_WINDOW with fewer than max_attempts()
    attempts back in the queue (each gets a new round of tries). Return their ids."""
    from gamdong.core.events import EventType, record_event
    from gamdong.core.models import NotificationStatus

    now = now or timezone.now()
    ids = []
    with transaction.atomic():
        rows = (
            Notification.objects.select_for_update()
            .filter(
                status=NotificationStatus.FAILED,
                attempts__lt=max_attempts(),
                created_at__gte=now - RETRY_WINDOW,
            )
            .order_by("pk")
        )
        for row in rows:
            row.status = NotificationStatus.QUEUED
            row.save(update_fields=["status"])
            record_event(
                EventType.NOTIFICATION_REQUEUED,
                actor=None,
                subject=row,
                before={"status": NotificationStatus.FAILED, "attempts": row.attempts},
                after={"status": NotificationStatus.QUEUED, "attempts": row.attempts},
            )
            queue_delivery(row.pk)
            ids.append(row.pk)
    return ids
