"""The calendar API: deadlines (처리기한) and the year's non-working days. Public."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from gamdong.api import ApiError
from gamdong.core import deadline_text
from gamdong.core.calendar_selectors import calendar_settings, calendar_year, compute_deadline
from gamdong.core.deadline_input import DeadlineInputError, parse_period, parse_received_at, parse_year

router = Router(tags=["calendar"])


class DueQuery(Schema):
    received_at: str | None = Field(
        None, description="접수 일시, 시간대를 붙인 ISO 8601 (예: 2026-12-24T10:00:00+09:00)"
    )
    days: str | None = Field(None, description="처리기간(일), 1–365. hours와 함께 쓸 수 없음")
    hours: str | None = Field(None, description="처리기간(근무시간), 1–2920. days와 함께 쓸 수 없음")


class SkippedDay(Schema):
    date: dt.date
    name: str
    source: str


class PeriodOut(Schema):
    days: int | None
    hours: int | float | None
    counting: str
    rule: str
    statute: str
    first_day_counted: bool
    counting_starts_at: str


class DueOut(Schema):
    due_at: str
    received_at: str
    counting: str
    working_hours_counted: int | float
    period: PeriodOut
    non_working_days_skipped: list[SkippedDay]
    answer: str


class CalendarDayOut(Schema):
    date: dt.date
    name: str
    source: str
    reason: str


class YearOut(Schema):
    year: int
    non_working_days: list[CalendarDayOut]
    working_days: list[CalendarDayOut]


def _as_api_error(exc: DeadlineInputError) -> ApiError:
    return ApiError(exc.message, code=exc.code, field=exc.field)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


@router.get("/due", response=DueOut, auth=None, summary="처리기한 계산")
def due(request: HttpRequest, query: Query[DueQuery]):
    """The due time of a period received at `received_at` (민원 처리에 관한 법률 §19).

    Give exactly one of `days` and `hours`. Periods of 5 days or less (district setting)
    and periods in hours are counted in working hours from the receipt; 6 days or more in
    days with the day of receipt counted, due at the end of the last working day.
    """
    try:
        received = parse_received_at(query.received_at)
        days, hours = parse_period(query.days, query.hours)
    except DeadlineInputError as exc:
        raise _as_api_error(exc) from None
    conf = calendar_settings()
    result = compute_deadline(received, days=days, hours=hours)
    return {
        "due_at": result.due_at.isoformat(),
        "received_at": result.received_at.isoformat(),
        "counting": result.counting,
        "working_hours_counted": _number(result.working_hours),
        "period": {
            "days": result.days,
            "hours": None if result.hours is None else _number(result.hours),
            "counting": result.counting,
            "rule": deadline_text.rule_text(
                result, hour_based_max_days=conf.hour_based_max_days, hours_per_day=conf.hours.hours_per_day
            ),
            "statute": deadline_text.statute(result),
            "first_day_counted": result.counting == "days"
            and result.counting_starts_at.date() == result.received_at.date(),
            "counting_starts_at": result.counting_starts_at.isoformat(),
        },
        "non_working_days_skipped": [
            {"date": d, "name": name, "source": source} for d, name, source in result.non_working_days
        ],
        "answer": deadline_text.answer_text(result),
    }


@router.get("/holidays", response=YearOut, auth=None, summary="연간 휴무일·근무일")
def holidays(request: HttpRequest, year: str | None = None):
    """The year's non-working days (법정공휴일 and 구 지정 휴무일; weekends are not listed)
    and the weekend days the district made working days (구 지정 근무일)."""
    try:
        value = parse_year(year)
    except DeadlineInputError as exc:
        raise _as_api_error(exc) from None
    days = calendar_year(value)
    return {
        "year": value,
        "non_working_days": [vars(day) for day in days["non_working_days"]],
        "working_days": [vars(day) for day in days["working_days"]],
    }
