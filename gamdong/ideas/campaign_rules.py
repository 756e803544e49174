"""The counting rules of a 1직원 1제안 campaign, with no Django import (tested with hypothesis).

Who counts and what counts (docs/campaigns-and-clubs.md):

- A proposal counts for every person who proposed it: the lead proposer and each co-proposer.
  1직원 1제안 asks each employee to take part in at least one proposal; a joint proposal is
  taking part, so a co-proposer has proposed too.
- It counts when it was submitted inside the campaign's period (the first day 00:00 up to the
  end of the last day, in the district's time zone) and it is not a draft (never submitted) and
  not withdrawn (the proposer took it back). Every other status counts, whatever the decision:
  the campaign measures taking part, not adoption.
- A person's target is met when their count is at least the campaign's target per employee.
- A unit's participation rate is proposers / eligible staff (0 when it has no staff).
- Units are ranked by rate, highest first; equal rates share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

# Proposal statuses that never count (the values of ideas.models.ProposalStatus).
NOT_COUNTED_STATUSES = frozenset({"draft", "withdrawn"})


def period_bounds(starts_on: dt.date, ends_on: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The campaign's period as [start, end): from the first day's midnight to the midnight
    after the last day, both in `tz` (the district's zone)."""
    if ends_on < starts_on:
        raise ValueError("a campaign ends on or after the day it starts")
    start = dt.datetime.combine(starts_on, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def proposal_counts(status: str, submitted_at: dt.datetime | None, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether one proposal counts toward the campaign: submitted inside [start, end) and not a
    draft or withdrawn."""
    if status in NOT_COUNTED_STATUSES or submitted_at is None:
        return False
    return start <= submitted_at < end


@dataclass(frozen=True)
class ProposalFact:
    """What the rule needs of a proposal: its status, when it was submitted, who proposed it."""

    status: str
    submitted_at: dt.datetime | None
    lead: int
    co_proposers: tuple[int, ...] = ()

    @property
    def proposers(self) -> frozenset[int]:
        return frozenset((self.lead, *self.co_proposers))


def person_count(person: int, proposals: Iterable[ProposalFact], start: dt.datetime, end: dt.datetime) -> int:
    """How many counting proposals `person` took part in (as lead or co-proposer)."""
    return sum(
        1 for p in proposals if person in p.proposers and proposal_counts(p.status, p.submitted_at, start, end)
    )


def target_met(count: int, target: int) -> bool:
    """The target is met when the count reaches it; a target is at least 1."""
    if target < 1:
        raise ValueError("a campaign's target per employee is at least 1")
    return count >= target


def participation_rate(proposers: int, staff: int) -> Decimal:
    """Proposers as a percentage of eligible staff, to one decimal place (0 for no staff)."""
    if staff <= 0:
        return Decimal("0.0")
    proposers = max(0, min(proposers, staff))
    return (Decimal(proposers) * 100 / Decimal(staff)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


T = TypeVar("T")


def rank_by_rate(units: Sequence[tuple[T, int, int]]) -> list[tuple[T, int, Decimal]]:
    """Rank (unit, proposers, staff) rows by participation rate, highest first; equal rates
    share a rank and the next rank skips (1, 2, 2, 4). Ties keep their given order.

    The exact fraction decides, not the rounded percentage, so 1/3 ranks above 33/100."""
    from fractions import Fraction

    def exact(row) -> Fraction:
        _, proposers, staff = row
        return Fraction(max(0, min(proposers, staff)), staff) if staff > 0 else Fraction(0)

    ordered = sorted(units, key=exact, reverse=True)
    ranked: list[tuple[T, int, Decimal]] = []
    previous: Fraction | None = None
    rank = 0
    for position, row in enumerate(ordered, start=1):
        value = exact(row)
        if value != previous:
            rank, previous = position, value
        ranked.append((row[0], rank, participation_rate(row[1], row[2])))
    return ranked
