"""How a deadline is told to people, in Korean (pure: no Django)."""

from __future__ import annotations

import datetime as dt

from gamdong.core.deadlines import DAYS, Deadline

WEEKDAYS = "월화수목금토일"
ACT = "민원 처리에 관한 법률"


def korean_datetime(moment: dt.datetime) -> str:
    """2026년 12월 24일(목) 10:00"""
    return f"{moment.year}년 {moment.month}월 {moment.day}일({WEEKDAYS[moment.weekday()]}) {moment:%H:%M}"


def korean_date(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일({WEEKDAYS[day.weekday()]})"


def period_text(result: Deadline) -> str:
    if result.days is not None:
        return f"{result.days}일"
    return f"{_number(result.hours)}근무시간"


def statute(result: Deadline) -> str:
    return f"{ACT} §19②" if result.counting == DAYS else f"{ACT} §19①"


def rule_text(result: Deadline, *, hour_based_max_days: int, hours_per_day: int) -> str:
    """The counting rule applied, in one or two sentences."""
    if result.counting == DAYS:
        return (
            f"처리기간이 {hour_based_max_days + 1}일 이상이므로 일 단위로 계산했습니다. 접수한 날을 첫날로 "
            f"산입하고(초일 산입), 토요일과 공휴일은 산입하지 않으며, 마지막 날 근무시간이 끝날 때가 기한입니다."
        )
    if result.days is not None:
        lead = (
            f"처리기간이 {hour_based_max_days}일 이하이므로 접수 시각부터 근무시간 단위로 계산했습니다"
            f"(1일 = {hours_per_day}근무시간, {result.days}일 = {_number(result.hours)}근무시간)."
        )
    else:
        lead = "처리기간이 근무시간으로 정해져 있어 접수 시각부터 근무시간 단위로 계산했습니다."
    return lead + " 점심시간, 근무시간 외, 토요일과 공휴일은 산입하지 않습니다."


def answer_text(result: Deadline) -> str:
    """접수 ... 처리기간 ...의 처리기한은 ...입니다."""
    return (
        f"{korean_datetime(result.received_at)}에 접수한 민원의 처리기간 {period_text(result)}의 "
        f"처리기한은 {korean_datetime(result.due_at)}입니다."
    )


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
