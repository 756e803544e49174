"""Idempotency-Key for every write of the JSON API.

A client that sends `Idempotency-Key: <unique string>` with a POST, PUT, PATCH or DELETE
under /api/v1/ gets, for a repeat of the same request (a retry after a timeout, a double
click), the stored answer of the first one instead of a second change. The same key with a
different request body is refused (422); a repeat that arrives while the first is still
being processed gets 409. Keys are per person (or per address for anonymous clients) and
kept for `IDEMPOTENCY_KEEP_HOURS` (24 h by default).

Crash safety: the request's own work and the stored answer commit in ONE transaction, so
after a crash (a killed server, a lost machine) a key is either answered (the work and its
answer are both there) or still marked in progress with none of its work committed. A key
left in progress longer than `IDEMPOTENCY_IN_PROGRESS_SECONDS` (longer than the server lets
a request run) belongs to a request that died: a retry takes it over and does the work. A
request that finds its key taken over when it finishes rolls its work back (409), so the
work is never done twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100
IN_PROGRESS = 0


def _owner(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.get_full_path().encode())
    digest.update(request.body)
    return digest.hexdigest()


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "field": HEADER}, status=status,
                        json_dumps_params={"ensure_ascii": False})


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if not key or request.method not in WRITE_METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH:
            return _error(400, "invalid", f"{HEADER}는 {MAX_KEY_LENGTH}자 이하여야 합니다.")
        from gamdong.core.models import IdempotencyRecord

        owner, fingerprint = _owner(request), _fingerprint(request)
        keep = dt.timedelta(hours=getattr(settings, "IDEMPOTENCY_KEEP_HOURS", 24))
        record = IdempotencyRecord.objects.filter(owner=owner, key=key, created_at__gte=timezone.now() - keep).first()
        if record is None:
            IdempotencyRecord.objects.filter(owner=owner, key=key).delete()  # an expired one
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        owner=owner, key=key, fingerprint=fingerprint, status_code=IN_PROGRESS
                    )
            except IntegrityError:
                return _in_progress()
            return self._process(request, record)
        if record.fingerprint != fingerprint:
            return _error(422, "key_reused", f"이 {HEADER}는 다른 요청에 이미 쓰였습니다.")
        if record.status_code == IN_PROGRESS:
            stale = dt.timedelta(seconds=getattr(settings, "IDEMPOTENCY_IN_PROGRESS_SECONDS", 90))
            if record.created_at > timezone.now() - stale:
                return _in_progress()
            # The request that claimed the key died (its work was rolled back with it): take over.
            claimed_at = timezone.now()
            taken = IdempotencyRecord.objects.filter(
                pk=record.pk, status_code=IN_PROGRESS, created_at=record.created_at
            ).update(created_at=claimed_at)
            if not taken:
                return _in_progress()
            record.created_at = claimed_at
            return self._process(request, record)
        response = HttpResponse(record.body, status=record.status_code, content_type=record.content_type)
        response["Idempotent-Replayed"] = "true"
        return response

    def _process(self, request: HttpRequest, record) -> HttpResponse:
        """Do the request's work and store its answer in the same transaction."""
        from gamdong.core.models import IdempotencyRecord

        mine = IdempotencyRecord.objects.filter(pk=record.pk, status_code=IN_PROGRESS, created_at=record.created_at)
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code >= 500:
                    raise _Discarded(response)
                stored = mine.update(
                    status_code=response.status_code,
                    content_type=response.get("Content-Type", "application/json"),
                    body=response.content.decode("utf-8", errors="replace"),
                )
                if not stored:  # another request took the key over meanwhile: it does the work
                    raise _Discarded(_in_progress())
        except _Discarded as discarded:
            if discarded.response.status_code >= 500:
                mine.delete()  # let the client retry a failure of ours
            return discarded.response
        except Exception:
            mine.delete()
            raise
        return response


class _Discarded(Exception):
    """Roll the request's work back and answer `response` instead."""

    def __init__(self, response: HttpResponse):
        super().__init__(response.status_code)
        self.response = response


def _in_progress() -> JsonResponse:
    return _error(409, "in_progress", "같은 요청을 처리하고 있습니다. 잠시 뒤 다시 확인해 주세요.")


def purge_expired(*, now: dt.datetime | None = None) -> int:
    from gamdong.core.models import IdempotencyRecord

    now = now or timezone.now()
    keep = dt.timedelta(hours=getattr(settings, "IDEMPOTENCY_KEEP_HOURS", 24))
    count, _ = IdempotencyRecord.objects.filter(created_at__lt=now - keep).delete()
    return count



