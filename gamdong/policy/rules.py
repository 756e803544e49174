"""The follow-up rules of adopted proposals (DOMAIN.md §2 "Follow-up"), as pure functions.

No Django here: every number comes in as an argument (from district settings), so that each
rule can be read, tested with hypothesis, and changed by a district in one place.

| rule                              | statute / source                | setting                          |
|-----------------------------------|---------------------------------|----------------------------------|
| adopted proposals followed 3 years| 공무원 제안 규정                 | proposals.adopted_follow_years   |
| status checked at least quarterly | 공무원 제안 규정                 | proposals.status_check_months    |
| results measured 1 year, graded   | 공무원 제안 규정                 | proposals.measure_years          |
|   수·우·미·양·가                   | 구 운영 기준 (achievement floors) | proposals.result_grade_floors    |
| annual report due 31 January      | 공무원 제안 규정                 | proposals.annual_report_due      |
| complaint count before / after    | 구 운영 기준 (same length windows)| OutcomeMeasure.window_months     |
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

HIGHER = "higher"  # a higher value is better (participation, satisfaction)
LOWER = "lower"  # a lower value is better (complaints, days taken, cost)

GRADES = ("수", "우", "미", "양", "가")  # best first
DEFAULT_GRADE_FLOORS = {"수": 0.9, "우": 0.7, "미": 0.5, "양": 0.3, "가": 0.0}
DEFAULT_COMPLAINT_WINDOW_MONTHS = 6  # 구 운영 기준: half a year before and after

# Check states, for pages and reminders.
DONE, UPCOMING, DUE_SOON, OVERDUE = "done", "upcoming", "due_soon", "overdue"


class RuleViolation(Exception):
    """An action the rules do not allow; the message is for people (Korean)."""

    def __init__(self, message: str, *, code: str, field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


# --- calendar months ---------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months; a day the target month lacks becomes its last day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


# --- follow-up period and the quarterly status checks ------------------------------------------


def follow_until(adopted_on: dt.date, *, follow_years: int) -> dt.date:
    """The last day of follow-up: an adopted proposal is managed for `follow_years` years from
    the decision (공무원 제안 규정: 3 years)."""
    return add_years(adopted_on, follow_years) - dt.timedelta(days=1)


@dataclass(frozen=True)
class CheckPeriod:
    number: int  # 1, 2, ... from adoption
    starts_on: dt.date
    due_on: dt.date  # the check is due on the last day of its period


def status_check_schedule(adopted_on: dt.date, *, every_months: int, follow_years: int) -> list[CheckPeriod]:
    """The status checks over the follow-up period: one every `every_months` months from the
    decision (at least quarterly), each due on the last day of its period; the last period ends
    with the follow-up, however the months divide the years."""
    if every_months < 1 or follow_years < 1:
        raise ValueError("every_months and follow_years must be positive")
    end = add_years(adopted_on, follow_years)
    periods: list[CheckPeriod] = []
    number = 1
    start = adopted_on
    while start < end:
        stop = min(add_months(adopted_on, number * every_months), end)
        periods.append(CheckPeriod(number, start, stop - dt.timedelta(days=1)))
        start = stop
        number += 1
    return periods


def check_state(*, due_on: dt.date, checked: bool, today: dt.date, remind_days: int) -> str:
    """DONE once recorded; OVERDUE after its due day; DUE_SOON within `remind_days` days of it
    (the due day included); else UPCOMING."""
    if checked:
        return DONE
    if today > due_on:
        return OVERDUE
    if (due_on - today).days <= remind_days:
        return DUE_SOON
    return UPCOMING


def checks_needing_attention(periods: list[CheckPeriod], checked_numbers: set[int], *, today: dt.date,
                             remind_days: int) -> dict[int, str]:
    """The unchecked periods that are due soon or overdue on `today`, by number."""
    out = {}
    for period in periods:
        state = check_state(due_on=period.due_on, checked=period.number in checked_numbers, today=today,
                            remind_days=remind_days)
        if state in (DUE_SOON, OVERDUE):
            out[period.number] = state
    return out


# --- achievement of a measure, and the grade -----------------------------------------------------


def check_measure_definition(*, baseline: Decimal, target: Decimal, direction: str) -> None:
    """A target lies on the better side of the baseline (or equals it, to hold a level)."""
    if direction not in (HIGHER, LOWER):
        raise RuleViolation("지표의 방향은 '높을수록 좋음' 또는 '낮을수록 좋음'이어야 합니다.", code="direction",
                            field="direction")
    if direction == HIGHER and target < baseline:
        raise RuleViolation("높을수록 좋은 지표의 목표값은 기준값 이상이어야 합니다.", code="target_side", field="target")
    if direction == LOWER and target > baseline:
        raise RuleViolation("낮을수록 좋은 지표의 목표값은 기준값 이하여야 합니다.", code="target_side", field="target")


def achievement(*, baseline: Decimal, target: Decimal, value: Decimal, direction: str) -> Decimal:
    """The share of the way from baseline to target that `value` has come, from 0 to 1.

    Direction-aware: for a lower-is-better measure, falling from baseline toward target is
    progress. Clamped: worse than the baseline counts 0, beyond the target counts 1.
    When baseline == target (the aim is to hold a level), the measure is achieved (1) if the
    value is at least as good as the target in its direction, and not at all (0) otherwise.
    """
    if baseline == target:
        good = value >= target if direction == HIGHER else value <= target
        return Decimal(1) if good else Decimal(0)
    ratio = (value - baseline) / (target - baseline)
    return min(Decimal(1), max(Decimal(0), ratio))


def check_grade_floors(floors: dict) -> None:
    """The floors name 수·우·미·양·가, lie in [0, 1], fall from 수 to 가, and 가 starts at 0."""
    if set(floors) != set(GRADES):
        raise ValueError("등급은 수·우·미·양·가 다섯 가지여야 합니다.")
    values = [floors[g] for g in GRADES]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1 for v in values):
        raise ValueError("달성률 하한은 0과 1 사이의 숫자여야 합니다.")
    if any(values[i] <= values[i + 1] for i in range(len(values) - 1)):
        raise ValueError("달성률 하한은 수에서 가로 갈수록 낮아져야 합니다.")
    if values[-1] != 0:
        raise ValueError("'가'의 하한은 0이어야 합니다.")


def grade_for(ratio: Decimal, floors: dict) -> str:
    """수·우·미·양·가 for an achievement ratio: the best grade whose floor the ratio reaches."""
    for grade in GRADES:
        if ratio >= Decimal(str(floors[grade])):
            return grade
    return GRADES[-1]


def overall_achievement(ratios: list[Decimal]) -> Decimal:
    """The achievement of an implementation: the mean of its measures' ratios, equally weighted."""
    if not ratios:
        raise RuleViolation("성과 지표의 측정값이 있어야 등급을 매길 수 있습니다.", code="no_values")
    return sum(ratios, Decimal(0)) / len(ratios)


def measurement_ends_on(effect_from: dt.date, *, measure_years: int) -> dt.date:
    """The first day a result may be graded: results are measured for `measure_years` years
    from the first effect (공무원 제안 규정: 1 year)."""
    return add_years(effect_from, measure_years)


def check_may_grade(*, effect_from: dt.date, today: dt.date, measure_years: int) -> None:
    ends = measurement_ends_on(effect_from, measure_years=measure_years)
    if today < ends:
        raise RuleViolation(
            f"성과 측정 기간({measure_years}년)이 끝나는 {ends:%Y-%m-%d}부터 등급을 매길 수 있습니다.",
            code="too_early",
        )


# --- complaint-count windows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    starts_on: dt.date  # included
    ends_before: dt.date  # excluded

    @property
    def days(self) -> int:
        return (self.ends_before - self.starts_on).days


def window_before(adopted_on: dt.date, *, months: int) -> Window:
    """The complaints counted as the baseline: the `months` months just before adoption."""
    return Window(add_months(adopted_on, -months), adopted_on)


def window_after(started_on: dt.date, *, months: int, today: dt.date) -> Window:
    """The complaints counted after: a window of the same length as the baseline's, the first
    one starting when implementation starts; once later windows have passed, the latest full
    one ending today, so that the measure follows the trend. Refused until the first window
    has ended, since a part window is not comparable with a full baseline."""
    first_end = add_months(started_on, months)
    if today < first_end:
        raise RuleViolation(
            f"착수 후 {months}개월이 지나는 {first_end:%Y-%m-%d}부터 민원 건수를 잴 수 있습니다.",
            code="window_open",
        )
    return Window(max(started_on, add_months(today, -months)), today)


# --- the annual report ----------------------------------------------------------------------------


def annual_report_due_on(year: int, *, due: str) -> dt.date:
    """The report on `year` is due on `due` ("MM-DD", 31 January by default) of the next year."""
    month, day = (int(part) for part in due.split("-"))
    return dt.date(year + 1, month, min(day, calendar.monthrange(year + 1, month)[1]))


def annual_report_year(today: dt.date, *, due: str) -> int:
    """The year whose report is being prepared on `today`: the year before the next due day
    (on 26 November 2026 that is 2026, due 31 January 2027; on 15 January 2027 still 2026)."""
    if today <= annual_report_due_on(today.year - 1, due=due):
        return today.year - 1
    return today.year


def annual_report_period(year: int) -> Window:
    return Window(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
