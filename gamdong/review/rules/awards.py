"""Grades and award amounts (시상 등급과 상금).

Two kinds of grade, both district settings:
- central grades (중앙우수제안: 금상, 은상, 동상, 장려상) with an amount range in won
  (`proposals.central_award_ranges_krw`); when at least `raise_min` people proposed together
  (the lead and the co-proposers: "3명 이상이 공동으로 제안한 경우") the cap rises by
  `raise_ratio` (half by default), the floor does not;
- the district's own grades (자체우수제안: 최우수, 우수, 장려) with a fixed amount from its
  ordinance (`proposals.district_awards_krw`): the amount may be lower (a shared or reduced
  award) but never higher, and the co-proposer raise does not apply.

An adopted proposal may have no grade (adopted without an award); a grade needs an
adoption; an amount needs a grade.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class AwardError(ValueError):
    def __init__(self, message: str, *, field: str = "award_krw"):
        super().__init__(message)
        self.message, self.field = message, field


@dataclass(frozen=True)
class AwardRange:
    grade: str
    low: int
    high: int
    raised: bool  # the cap was raised for co-proposers
    central: bool


def grade_names(central: Mapping[str, list[int]], district: Mapping[str, int]) -> list[str]:
    return [*district.keys(), *central.keys()]


def award_range(
    grade: str,
    *,
    central: Mapping[str, list[int]],
    district: Mapping[str, int],
    proposers: int,
    raise_min: int,
    raise_ratio: float,
) -> AwardRange:
    """The amounts allowed for `grade` (inclusive), or AwardError for an unknown grade."""
    if grade in district:
        return AwardRange(grade, 0, int(district[grade]), False, False)
    if grade in central:
        low, high = (int(v) for v in central[grade])
        raised = proposers >= raise_min
        if raised:
            high = int(round(high * (1 + raise_ratio)))
        return AwardRange(grade, low, high, raised, True)
    raise AwardError(f"'{grade}'은(는) 정해진 시상 등급이 아닙니다.", field="grade")


def check_award(
    *,
    adopted: bool,
    grade: str,
    amount: int | None,
    central: Mapping[str, list[int]],
    district: Mapping[str, int],
    proposers: int,
    raise_min: int,
    raise_ratio: float,
) -> int | None:
    """The amount to award (a district grade without an amount gets the ordinance's amount),
    or AwardError with a Korean message."""
    grade = (grade or "").strip()
    if not grade:
        if amount:
            raise AwardError("상금을 주려면 시상 등급을 골라 주세요.", field="grade")
        return None
    if not adopted:
        raise AwardError("채택된 제안에만 시상 등급을 줄 수 있습니다.", field="grade")
    allowed = award_range(grade, central=central, district=district, proposers=proposers,
                          raise_min=raise_min, raise_ratio=raise_ratio)
    if amount is None:
        if allowed.central:
            raise AwardError(f"{grade}의 상금을 {allowed.low:,}–{allowed.high:,}원 사이에서 정해 주세요.")
        return allowed.high
    if amount < 0 or not allowed.low <= amount <= allowed.high:
        note = " (공동제안 상한 상향 적용)" if allowed.raised else ""
        raise AwardError(f"{grade}의 상금은 {allowed.low:,}–{allowed.high:,}원 사이여야 합니다{note}.")
    return amount
