"""The re-review window (재심사 요청): a rejected proposer may ask for a re-review within
`proposals.rereview_request_days` of the rejection notice (공무원 제안 규정; 15 days by default).
The due time itself comes from the district calendar (core/deadlines); this says only whether
a request made at `now` is in time.
"""

from __future__ import annotations

import datetime as dt


def rereview_in_time(*, now: dt.datetime, due_at: dt.datetime | None) -> bool:
    return due_at is not None and now <= due_at


def later_use_until(decided_at: dt.datetime, *, years: int) -> dt.datetime:
    """The end of the second window: when the office later carries out the same idea, the
    rejected proposer may ask for a re-review within `years` (2 by default,
    `proposals.later_use_rereview_years`) of the rejection — the same moment that many years
    on, 29 February becoming 28 February in a common year."""
    try:
        return decided_at.replace(year=decided_at.year + years)
    except ValueError:
        return decided_at.replace(year=decided_at.year + years, day=28)


def later_use_in_time(*, now: dt.datetime, decided_at: dt.datetime | None, years: int) -> bool:
    return decided_at is not None and years > 0 and now <= later_use_until(decided_at, years=years)
