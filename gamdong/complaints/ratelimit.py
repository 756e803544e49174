"""How many complaints one account, or one address, may file per hour
(district setting complaints.submissions_per_hour).

A fixed one-hour window counted in Django's cache: Redis in production, so that every app
server shares the count; the local-memory cache on one machine. A count lost with the cache
only ever lets a person file more, never less.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

from gamdong.core.district_settings import district_setting

WINDOW_SECONDS = 3600


def client_ip(request: HttpRequest) -> str:
    """The client's address as django-axes reads it (the same proxy configuration)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


def _keys(request: HttpRequest, now: float) -> list[str]:
    window = int(now // WINDOW_SECONDS)
    keys = [f"complaints:filed:ip:{client_ip(request)}:{window}"]
    if request.user.is_authenticated:
        keys.append(f"complaints:filed:user:{request.user.pk}:{window}")
    return keys


def seconds_left(now: float | None = None) -> int:
    now = time.time() if now is None else now
    return WINDOW_SECONDS - int(now % WINDOW_SECONDS)


def filing_allowed(request: HttpRequest, *, now: float | None = None) -> bool:
    """False when the account or the address has already filed the hour's limit."""
    now = time.time() if now is None else now
    limit = district_setting("complaints.submissions_per_hour")
    counts = cache.get_many(_keys(request, now))
    return all(count < limit for count in counts.values())


def count_filing(request: HttpRequest, *, now: float | None = None) -> None:
    """Count one complaint filed by this account and from this address."""
    now = time.time() if now is None else now
    for key in _keys(request, now):
        if cache.add(key, 1, timeout=WINDOW_SECONDS + 60):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=WINDOW_SECONDS + 60)
