"""Reading a deadline question typed by a person or sent by a client (pure: no Django).

The API and the calculator page share these limits and their Korean messages. Each
parser returns clean values or raises `DeadlineInputError(message, field=, code=)`.
"""

from __future__ import annotations

import datetime as dt

# The years the calendar answers for: the holidays library knows Korea's holidays up to
# 2099, and a deadline received at the end of MAX_YEAR still ends inside that range.
MIN_YEAR = 2000
MAX_YEAR = 2098
HOLIDAY_LIST_MAX_YEAR = 2099
MAX_DAYS = 365  # days; longer periods are not processing periods of a complaint
MAX_HOURS = 365 * 8  # working hours

EXAMPLE = "2026-12-24T10:00:00+09:00"


class DeadlineInputError(ValueError):
    def __init__(self, message: str, *, field: str | None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


def parse_received_at(raw: str | None) -> dt.datetime:
    """An ISO 8601 date and time with its UTC offset (a `+` turned into a space by a
    query string that was not encoded is taken back)."""
    if raw is None or not raw.strip():
        raise DeadlineInputError(
            f"접수 일시(received_at)를 입력하세요. 예: {EXAMPLE}", field="received_at", code="required"
        )
    text = raw.strip()
    if "T" in text and " " in text:
        text = text.replace(" ", "+")
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise DeadlineInputError(
            f"접수 일시를 읽을 수 없습니다: '{raw[:40]}'. 시간대를 붙인 ISO 8601 형식으로 입력하세요. 예: {EXAMPLE}",
            field="received_at",
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise DeadlineInputError(
            f"접수 일시에 시간대(예: +09:00)를 붙여 주세요. 예: {EXAMPLE}", field="received_at"
        )
    check_year(value.year, field="received_at", what="접수 일시의 연도")
    return value


def check_year(year: int, *, field: str, what: str, last: int = MAX_YEAR) -> int:
    if not MIN_YEAR <= year <= last:
        raise DeadlineInputError(f"{what}는 {MIN_YEAR}년부터 {last}년 사이여야 합니다.", field=field)
    return year


def parse_year(raw: str | None) -> int:
    if raw is None or not str(raw).strip():
        raise DeadlineInputError("연도(year)를 입력하세요. 예: 2026", field="year", code="required")
    try:
        year = int(str(raw).strip())
    except ValueError:
        raise DeadlineInputError(f"연도는 숫자로 입력하세요: '{str(raw)[:20]}'", field="year") from None
    return check_year(year, field="year", what="연도", last=HOLIDAY_LIST_MAX_YEAR)


def _whole_number(raw: str, *, field: str, label: str, maximum: int, unit: str) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise DeadlineInputError(
            f"{label}은(는) 1 이상의 정수로 입력하세요: '{str(raw)[:20]}'", field=field
        ) from None
    if value < 1:
        raise DeadlineInputError(f"{label}은(는) 1{unit} 이상이어야 합니다.", field=field)
    if value > maximum:
        raise DeadlineInputError(f"{label}은(는) {maximum}{unit} 이하여야 합니다.", field=field)
    return value


def parse_period(days: str | None, hours: str | None) -> tuple[int | None, int | None]:
    """Exactly one of `days` (1–365) and `hours` (1–2920 working hours), as whole numbers."""
    has_days = days is not None and str(days).strip() != ""
    has_hours = hours is not None and str(hours).strip() != ""
    if has_days and has_hours:
        raise DeadlineInputError(
            "처리기간은 일(days)과 근무시간(hours) 중 하나만 입력하세요.", field="days", code="conflict"
        )
    if not has_days and not has_hours:
        raise DeadlineInputError(
            "처리기간을 일(days) 또는 근무시간(hours)으로 입력하세요.", field="days", code="required"
        )
    if has_days:
        return _whole_number(days, field="days", label="처리기간(일)", maximum=MAX_DAYS, unit="일"), None
    return None, _whole_number(
        hours, field="hours", label="처리기간(근무시간)", maximum=MAX_HOURS, unit="시간"
    )
