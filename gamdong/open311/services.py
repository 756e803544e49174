"""What people and outside systems do through Open311: issue and revoke a client's key, and
file a service request (a complaint) with it. Each in a transaction, with its event."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from gamdong.complaints.models import Channel, Complaint
from gamdong.complaints.services import ComplaintError, Submission, complaint_submit
from gamdong.core.events import EventType, record_event
from gamdong.open311 import keys
from gamdong.open311.models import ApiClient

WINDOW_SECONDS = 3600


class Open311Error(Exception):
    """A GeoReport error: `status` (400, 403, 404, 429) and a description for people."""

    def __init__(self, status: int, description: str, *, field: str | None = None):
        super().__init__(description)
        self.status, self.description, self.field = status, description, field


@dataclass(frozen=True)
class IssuedKey:
    client: ApiClient
    key: str  # shown once; only its hash is stored


def api_client_issue(*, name: str, actor=None, hourly_limit: int = 100) -> IssuedKey:
    name = (name or "").strip()
    if not name:
        raise Open311Error(400, "클라이언트 이름을 적어 주세요.", field="name")
    if hourly_limit < 1:
        raise Open311Error(400, "시간당 한도는 1 이상이어야 합니다.", field="hourly_limit")
    key = keys.new_key()
    with transaction.atomic():
        if ApiClient.objects.filter(name=name).exists():
            raise Open311Error(400, f"같은 이름의 클라이언트가 이미 있습니다: {name}", field="name")
        client = ApiClient.objects.create(name=name, key_prefix=keys.key_prefix(key), key_hash=keys.key_hash(key),
                                          hourly_limit=hourly_limit, created_by=actor)
        record_event(EventType.OPEN311_CLIENT_ISSUED, actor=actor, subject=client,
                     after={"name": name, "key_prefix": client.key_prefix, "hourly_limit": hourly_limit})
    return IssuedKey(client, key)


def api_client_revoke(*, client: ApiClient, actor=None) -> ApiClient:
    with transaction.atomic():
        locked = ApiClient.objects.select_for_update().get(pk=client.pk)
        if not locked.active:
            return locked
        locked.active, locked.revoked_at = False, timezone.now()
        locked.save(update_fields=["active", "revoked_at"])
        record_event(EventType.OPEN311_CLIENT_REVOKED, actor=actor, subject=locked,
                     before={"active": True}, after={"active": False})
    return locked


def client_for_key(key: str) -> ApiClient:
    """The active client whose key this is; Open311Error 403 otherwise."""
    if not key:
        raise Open311Error(403, "api_key가 필요합니다. 구청에서 발급한 키를 보내 주세요.", field="api_key")
    client = ApiClient.objects.filter(key_hash=keys.key_hash(key)).first()
    if client is None or not client.active:
        raise Open311Error(403, "api_key가 올바르지 않거나 사용이 중지되었습니다.", field="api_key")
    return client


def _window_counter(client: ApiClient) -> str:
    return f"open311:filed:{client.pk}:{int(timezone.now().timestamp() // WINDOW_SECONDS)}"


def _check_limit(client: ApiClient) -> None:
    if (cache.get(_window_counter(client)) or 0) >= client.hourly_limit:
        raise Open311Error(429, f"이 클라이언트는 한 시간에 {client.hourly_limit}건까지 신청할 수 있습니다.")


def _count_filing(client: ApiClient) -> None:
    counter = _window_counter(client)
    if cache.add(counter, 1, timeout=WINDOW_SECONDS + 60):
        return
    try:
        cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.add(counter, 1, timeout=WINDOW_SECONDS + 60)


def request_file(*, client: ApiClient, submission: Submission, idempotency_key: str = "") -> tuple[Complaint, bool]:
    """File a complaint for an outside system. The same Idempotency-Key from the same client
    returns the complaint filed first."""
    _check_limit(client)
    submission.channel = Channel.API
    try:
        complaint, created = complaint_submit(submission=submission, idempotency_key=idempotency_key[:64],
                                              idempotency_scope=f"open311-{client.pk}")
    except ComplaintError as exc:
        raise Open311Error(exc.status, exc.message, field=exc.field) from exc
    if created:
        _count_filing(client)
    return complaint, created
