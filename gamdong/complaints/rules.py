"""The statutory rules of complaint handling (DOMAIN.md §1), as pure functions.

No Django here: the numbers come in as arguments (from district settings), so that each
rule can be read, tested with hypothesis, and changed by a district in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

STATUTORY = "statutory"
INQUIRY_LAW = "inquiry_law"
INQUIRY_SYSTEM = "inquiry_system"
SUGGESTION = "suggestion"
OTHER = "other"
GRIEVANCE = "grievance"

# Which district setting holds each kind's period (법정민원: per category, 민원편람).
PERIOD_SETTING = {
    INQUIRY_LAW: ("days", "complaints.period_days.inquiry_law"),  # 령 §14
    INQUIRY_SYSTEM: ("days", "complaints.period_days.inquiry_system"),  # 령 §14
    SUGGESTION: ("days", "complaints.period_days.suggestion"),  # 령 §15
    OTHER: ("hours", "complaints.period_hours.other"),  # 령 §16, §19
    GRIEVANCE: ("days", "complaints.period_days.grievance"),  # 령 §17
}


def gettext_noop(message: str) -> str:
    """Marks `message` for translation without importing Django (makemessages finds it by this
    name); the services translate `RuleViolation.template` in the request's language."""
    return message


class RuleViolation(Exception):
    """An action the statute does not allow; the message is for people (Korean).

    `template` is the untranslated message with %(name)s placeholders filled from `params`."""

    def __init__(self, template: str, *, code: str, field: str | None = None, params: dict | None = None):
        self.template, self.params = template, params or {}
        message = template % self.params if params else template
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


@dataclass(frozen=True)
class Period:
    """A processing period: whole days or working hours (exactly one is set)."""

    days: int | None = None
    hours: int | None = None

    def __post_init__(self):
        if (self.days is None) == (self.hours is None):
            raise ValueError("a period is days or hours, not both")
        if (self.days or self.hours or 0) <= 0:
            raise ValueError("a period is positive")

    def working_hours(self, hours_per_day: int) -> int:
        return self.hours if self.hours is not None else self.days * hours_per_day

    def label(self) -> str:
        return f"{self.days}일" if self.days is not None else f"{self.hours}근무시간"


def period_for(kind: str, *, statutory_days: int | None, setting) -> Period:
    """The processing period of a complaint of `kind`; `setting(key)` reads district settings."""
    if kind == STATUTORY:
        if not statutory_days:
            raise RuleViolation(gettext_noop("법정민원 유형에 처리기간이 정해져 있지 않습니다."), code="no_statutory_period")
        return Period(days=statutory_days)
    unit, key = PERIOD_SETTING[kind]
    value = int(setting(key))
    return Period(days=value) if unit == "days" else Period(hours=value)


def check_extension(
    *,
    original: Period,
    requested: Period,
    extensions_so_far: int,
    consent: bool,
    max_without_consent: int,
    cap_ratio: float,
    hours_per_day: int,
    max_total: int = 2,
) -> None:
    """령 §21: extend once by at most the original period; a further extension only with the
    complainant's consent, capped likewise. Raise RuleViolation otherwise."""
    if extensions_so_far >= max_total:
        raise RuleViolation(
            gettext_noop("처리기간은 %(max_total)s회까지만 연장할 수 있습니다."), code="extension_limit", field="days",
            params={"max_total": max_total},
        )
    if extensions_so_far >= max_without_consent and not consent:
        raise RuleViolation(
            gettext_noop("두 번째 연장은 민원인의 동의가 있어야 합니다. 동의 내용을 기록해 주세요."),
            code="consent_required",
            field="consent",
        )
    cap = original.working_hours(hours_per_day) * cap_ratio
    if requested.working_hours(hours_per_day) > cap:
        if original.days is not None:
            template = gettext_noop("한 번에 처음 처리기간(%(days)s일)을 넘겨 연장할 수 없습니다.")
        else:
            template = gettext_noop("한 번에 처음 처리기간(%(hours)s근무시간)을 넘겨 연장할 수 없습니다.")
        raise RuleViolation(
            template,
            code="extension_too_long",
            field="days",
            params={"days": original.days, "hours": original.hours},
        )


def check_repeat_closure(
    *, kind: str, occurrences: int, notified_results: int, min_occurrences: int, min_notified: int
) -> None:
    """법 §23: the same complaint (법정민원 aside) received `min_occurrences` times or more,
    with its result notified at least `min_notified` times, may be closed with a notice."""
    if kind == STATUTORY:
        raise RuleViolation(gettext_noop("법정민원은 반복민원으로 종결할 수 없습니다."), code="statutory_not_repeatable")
    if occurrences < min_occurrences:
        raise RuleViolation(
            gettext_noop("같은 민원이 %(min_occurrences)s회 이상 접수되어야 반복민원으로 종결할 수 있습니다"
                         " (지금 %(occurrences)s회)."),
            code="not_enough_repeats",
            params={"min_occurrences": min_occurrences, "occurrences": occurrences},
        )
    if notified_results < min_notified:
        raise RuleViolation(
            gettext_noop("처리 결과를 %(min_notified)s회 이상 통지한 뒤에만 종결할 수 있습니다 (지금 %(notified)s회)."),
            code="not_enough_notices",
            params={"min_notified": min_notified, "notified": notified_results},
        )


def check_multi_party(*, count: int, minimum: int, same_category: bool) -> None:
    """령 §6: five or more complaints with the same purpose may be handled as one."""
    if not same_category:
        raise RuleViolation(gettext_noop("같은 유형의 민원만 다수인 민원으로 묶을 수 있습니다."), code="mixed_categories")
    if count < minimum:
        raise RuleViolation(
            gettext_noop("다수인 민원은 %(minimum)s건 이상이어야 합니다 (지금 %(count)s건)."), code="too_few_for_multi_party",
            params={"minimum": minimum, "count": count},
        )


def check_reopen(
    *, answered_at: dt.datetime | None, now: dt.datetime, window_days: int, reopened_before: int, max_reopens: int = 1
) -> None:
    """A resident may reopen an answered complaint once, within the district's window."""
    if answered_at is None:
        raise RuleViolation(gettext_noop("답변을 받은 민원만 다시 요청할 수 있습니다."), code="not_answered")
    if reopened_before >= max_reopens:
        raise RuleViolation(gettext_noop("이미 한 번 다시 요청한 민원입니다. 새 민원으로 신청해 주세요."), code="reopen_limit")
    if now > answered_at + dt.timedelta(days=window_days):
        raise RuleViolation(
            gettext_noop("답변 후 %(window_days)s일이 지나 다시 요청할 수 없습니다. 새 민원으로 신청해 주세요."),
            code="reopen_window_passed",
            params={"window_days": window_days},
        )


def progress_notice_due(*, received_at: dt.datetime, now: dt.datetime, last_notice_at: dt.datetime | None,
                        interval_days: int) -> bool:
    """령 §23: a complaint still open `interval_days` after receipt gets a progress notice,
    repeated every `interval_days`."""
    anchor = last_notice_at or received_at
    return now - anchor >= dt.timedelta(days=interval_days)


def receipt_number(year: int, sequence: int) -> str:
    """접수번호: year and a 7-digit sequence within it, e.g. 2026-0001234."""
    return f"{year}-{sequence:07d}"
