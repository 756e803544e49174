"""The rules of ideas and proposals (DOMAIN.md §2), as pure functions (no Django).

Numbers come in as arguments (from district settings), so each rule is read, tested with
hypothesis and changed by a district in one place.

How periods are counted (see docs/ideas.md): the proposal periods are set in days and
months by 공무원 제안 규정 / 국민 제안 규정, which give no counting rule of their own, so
the general rule applies (행정기본법 §6 → 민법 §157, §160, §161):
* the day of receipt is not counted (초일 불산입);
* a period in months ends on the day of the last month that corresponds to the day of
  receipt, or on the month's last day when there is no such day (1월 31일 + 1개월 = 2월 말일);
* a period ending on a non-working day (Saturday, Sunday, holiday) ends on the next working
  day.
This differs from the complaints act (민원처리법 §19), which counts the day of receipt
and, for short periods, working hours — those rules live in gamdong.core.deadlines.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

# Sections of a proposal, in the order of the form (field name, label shown).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("title", "제목"),
    ("current_situation", "현황"),
    ("problem", "문제점"),
    ("improvement", "개선 방안"),
    ("expected_effect", "기대 효과"),
)
# A resident writes 현황·문제점 as one section (아이디어하우스): 문제점 may stay empty.
CITIZEN_OPTIONAL = frozenset({"problem"})

WORKING_DAY_SEARCH_LIMIT = 366  # days looked ahead for a working day before giving up


class RuleViolation(Exception):
    """An action the rules do not allow; the message is for people (Korean)."""

    def __init__(self, message: str, *, code: str, field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


# --- sections ----------------------------------------------------------------------------


def missing_sections(values: Mapping[str, str], *, citizen: bool = False) -> list[tuple[str, str]]:
    """The (field, label) of each required section left empty (whitespace counts as empty)."""
    missing = []
    for name, label in SECTIONS:
        if citizen and name in CITIZEN_OPTIONAL:
            continue
        if not str(values.get(name) or "").strip():
            missing.append((name, label))
    return missing


def check_sections(values: Mapping[str, str], *, citizen: bool = False) -> None:
    """Raise RuleViolation naming the first empty section (the form shows it at that field)."""
    missing = missing_sections(values, citizen=citizen)
    if missing:
        name, label = missing[0]
        others = ", ".join(lab for _n, lab in missing[1:])
        more = f" (그 밖에 비어 있는 항목: {others})" if others else ""
        raise RuleViolation(f"'{label}' 항목을 적어 주세요.{more}", code="required", field=name)


# --- numbers -----------------------------------------------------------------------------


def proposal_number(year: int, sequence: int) -> str:
    """제안 번호: the year and a four-digit running number, e.g. 2026-0001."""
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{year}-{sequence:04d}"


# --- identical submissions (반복 제안) ------------------------------------------------------


def normalise_text(text: str) -> str:
    """Text reduced to what makes it the same proposal: compatibility-normalised (NFKC),
    lower case, and only letters and digits (spaces, punctuation and symbols dropped)."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in ("L", "N"))


def identity_key(title: str, improvement: str) -> str:
    """Two submissions are *identical* when their normalised title and normalised 개선 방안
    are both equal: a changed spacing, punctuation or letter case does not make a new
    proposal; a changed word does."""
    return normalise_text(title) + "\x1f" + normalise_text(improvement)


def is_identical(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two (title, improvement) pairs are the same submission."""
    return identity_key(*a) == identity_key(*b)


def is_repeat(earlier_identical: int, *, min_count: int) -> bool:
    """A submission is handled as a repeat when, counting itself, the same proposer has
    submitted the identical proposal `min_count` (3) times or more (DOMAIN.md §2)."""
    return earlier_identical + 1 >= min_count


# --- periods -----------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The day `months` calendar months after `day`; the month's last day when that month
    is shorter (민법 §160③: 1월 31일 + 1개월 = 2월 28일 또는 29일)."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def next_working_day(day: dt.date, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """`day` itself when it is a working day, else the next one (민법 §161)."""
    for offset in range(WORKING_DAY_SEARCH_LIMIT):
        candidate = day + dt.timedelta(days=offset)
        if is_working_day(candidate):
            return candidate
    raise ValueError("no working day within a year")


def supplement_due_date(received: dt.date, *, days: int, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """The last day a supplement may be requested: `days` days after the day of receipt
    (초일 불산입), moved to the next working day if it falls on a non-working day."""
    if days < 1:
        raise ValueError("days must be at least 1")
    return next_working_day(received + dt.timedelta(days=days), is_working_day)


def decision_due_date(
    received: dt.date, *, months: int, excluded_days: int = 0, is_working_day: Callable[[dt.date], bool]
) -> dt.date:
    """The last day to decide (채택 여부 결정): `months` calendar months after the day of
    receipt, plus the days not counted (waiting for an expert opinion), moved to the next
    working day if it falls on a non-working day."""
    if months < 1:
        raise ValueError("months must be at least 1")
    if excluded_days < 0:
        raise ValueError("excluded_days must not be negative")
    end = add_months(received, months) + dt.timedelta(days=excluded_days)
    return next_working_day(end, is_working_day)


def excluded_days(spans: Iterable[Sequence[dt.datetime | None]], *, now: dt.datetime, max_days: int) -> int:
    """Whole days not counted for the expert-opinion waits in `spans` ([start, end] with end
    None while still waiting, counted up to `now`). Each wait counts in started days and at
    most `max_days` (3주: waiting longer does not move the deadline further)."""
    total = 0
    for start, end in spans:
        stop = end if end is not None else now
        if stop <= start:
            continue
        days = math.ceil((stop - start).total_seconds() / 86400)
        total += min(days, max_days)
    return total


def supplement_still_allowed(now: dt.datetime, supplement_due_at: dt.datetime | None) -> bool:
    """A supplement may be requested only until the supplement deadline (DOMAIN.md §2)."""
    return supplement_due_at is not None and now <= supplement_due_at


@dataclass(frozen=True)
class TimeLeft:
    overdue: bool
    days: int
    hours: int

    @property
    def text(self) -> str:
        if self.overdue:
            return f"{self.days}일 {self.hours}시간 지남" if self.days else f"{self.hours}시간 지남"
        if self.days:
            return f"{self.days}일 {self.hours}시간 남음"
        return f"{self.hours}시간 남음"


def time_left(due: dt.datetime, now: dt.datetime) -> TimeLeft:
    """Calendar time from `now` to `due` in days and hours (rounded down), or past it."""
    delta = due - now
    overdue = delta.total_seconds() < 0
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    return TimeLeft(overdue=overdue, days=days, hours=rest // 3600)


# --- attachments -------------------------------------------------------------------------


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_attachment(name: str, size: int, *, allowed: Iterable[str], max_bytes: int) -> None:
    """Refuse a file of a type not allowed or larger than `max_bytes` (a Korean message)."""
    allowed_set = {a.lower().lstrip(".") for a in allowed}
    extension = extension_of(name)
    if extension not in allowed_set:
        kinds = ", ".join(sorted(allowed_set))
        raise RuleViolation(
            f"'{name}' 파일은 첨부할 수 없는 형식입니다. 첨부할 수 있는 형식: {kinds}", code="file_type", field="attachments"
        )
    if size > max_bytes:
        limit = max_bytes / (1024 * 1024)
        raise RuleViolation(
            f"'{name}' 파일이 너무 큽니다. 한 파일에 {limit:g}MB까지 첨부할 수 있습니다.",
            code="file_too_large", field="attachments",
        )
    if size == 0:
        raise RuleViolation(f"'{name}' 파일이 비어 있습니다.", code="file_empty", field="attachments")


# --- search ------------------------------------------------------------------------------


def search_words(query: str, *, max_words: int = 5, max_chars: int = 100) -> list[str]:
    """The words of a search box, at most `max_words`, each kept whole (1-syllable words too)."""
    words = [w for w in (query or "")[:max_chars].split() if w]
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return seen[:max_words]
