"""The re-review window (재심사 요청): a rejected proposer may ask for a re-review within
`proposals.rereview_request_days` of the rejection notice (공무원 제안 규정; 15 days by default).
The due time itself comes from the district calendar (core/deadlines); this says only whether
a request made at `now` is in time.
"""

from __future__ import annotations

import datetime as dt


def rereview_in_time(*, now: dt.datetime, due_at: dt.datetime | None) -> bool:
    return due_at is not None and now <= due_at
