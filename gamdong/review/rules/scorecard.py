"""Scorecard arithmetic (심사표 집계).

A member scores each criterion (실시가능성, 창의성, 효율성·효과성, 적용범위, 계속성: 공무원 제안
규정 §7) on the committee's scale, `scale_min`..`scale_max` (1–10 by default). The decree sets
no weights; the committee's weights default to the district setting (equal).

Weighted total, on 100 points:

    total = 100 × Σ wᵢ·sᵢ / (scale_max × Σ wᵢ)

so that a sheet with the top mark everywhere scores 100 and the weights only shift the balance
between criteria. Totals are rounded to one decimal for display only; comparisons use the
unrounded values.

Spread of an agenda item: the population standard deviation and the range (max − min) of the
sheets' totals.

Outlier rule (이상 채점): with at least `OUTLIER_MIN_SHEETS` sheets, a sheet is an outlier when
its total is more than `OUTLIER_THRESHOLD_POINTS` away from the median of all totals. Every such
sheet is reported, the farthest first; the chair sees them highlighted and may ask the member
to explain. With fewer sheets there is no median worth the name and nothing is flagged.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

OUTLIER_THRESHOLD_POINTS = 20.0  # points on the 100-point total
OUTLIER_MIN_SHEETS = 3  # sheets needed before a median can single one out


class ScoreError(ValueError):
    """A scorecard that cannot be accepted; the message is Korean, for people."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """The weights as floats, or ScoreError: at least one criterion, none negative, some positive."""
    if not weights:
        raise ScoreError("심사 기준이 하나 이상 있어야 합니다.", field="weights")
    clean: dict[str, float] = {}
    for name, raw in weights.items():
        name = str(name).strip()
        if not name:
            raise ScoreError("심사 기준의 이름이 비어 있습니다.", field="weights")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ScoreError(f"'{name}'의 가중치는 숫자여야 합니다.", field="weights") from None
        if not math.isfinite(value) or value < 0:
            raise ScoreError(f"'{name}'의 가중치는 0 이상이어야 합니다.", field="weights")
        clean[name] = value
    if sum(clean.values()) <= 0:
        raise ScoreError("가중치의 합이 0보다 커야 합니다.", field="weights")
    return clean


def check_scale(scale_min: int, scale_max: int) -> None:
    if scale_min < 0 or scale_max <= scale_min:
        raise ScoreError("점수 범위는 0 이상이고 최저점이 최고점보다 낮아야 합니다.", field="scale_max")


def check_scores(scores: Mapping[str, int], weights: Mapping[str, float], scale_min: int, scale_max: int) -> dict[str, int]:
    """Every criterion scored once, each a whole number within the scale; or ScoreError."""
    missing = [name for name in weights if name not in scores]
    if missing:
        raise ScoreError(f"'{missing[0]}' 점수를 매겨 주세요.", field=missing[0])
    unknown = [name for name in scores if name not in weights]
    if unknown:
        raise ScoreError(f"'{unknown[0]}'은(는) 이 위원회의 심사 기준이 아닙니다.", field=unknown[0])
    clean: dict[str, int] = {}
    for name in weights:
        raw = scores[name]
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ScoreError(f"'{name}' 점수는 {scale_min}–{scale_max} 사이의 정수여야 합니다.", field=name) from None
        if isinstance(raw, float) and raw != value:
            raise ScoreError(f"'{name}' 점수는 {scale_min}–{scale_max} 사이의 정수여야 합니다.", field=name)
        if not scale_min <= value <= scale_max:
            raise ScoreError(f"'{name}' 점수는 {scale_min}–{scale_max} 사이여야 합니다.", field=name)
        clean[name] = value
    return clean


def weighted_total(scores: Mapping[str, int], weights: Mapping[str, float], scale_max: int) -> float:
    """The sheet's total on 100 points (see the module docstring)."""
    weight_sum = sum(weights.values())
    return 100.0 * sum(weights[name] * scores[name] for name in weights) / (scale_max * weight_sum)


def criterion_means(sheets: Sequence[Mapping[str, int]], criteria: Sequence[str]) -> dict[str, float | None]:
    """The mean score of each criterion over the sheets (None when there is no sheet)."""
    return {
        name: (statistics.fmean(sheet[name] for sheet in sheets) if sheets else None) for name in criteria
    }


@dataclass(frozen=True)
class Spread:
    count: int
    mean: float | None
    median: float | None
    stdev: float | None  # population standard deviation
    low: float | None
    high: float | None

    @property
    def range(self) -> float | None:
        return None if self.high is None or self.low is None else self.high - self.low


def spread(totals: Sequence[float]) -> Spread:
    if not totals:
        return Spread(0, None, None, None, None, None)
    return Spread(
        count=len(totals),
        mean=statistics.fmean(totals),
        median=statistics.median(totals),
        stdev=statistics.pstdev(totals),
        low=min(totals),
        high=max(totals),
    )


def outliers(
    totals: Mapping[object, float],
    *,
    threshold: float = OUTLIER_THRESHOLD_POINTS,
    min_sheets: int = OUTLIER_MIN_SHEETS,
) -> list[object]:
    """Keys of the sheets whose total lies more than `threshold` points from the median, the
    farthest first (ties by key order as given). Nothing with fewer than `min_sheets` sheets."""
    if len(totals) < min_sheets:
        return []
    median = statistics.median(totals.values())
    far = [(abs(total - median), position, key) for position, (key, total) in enumerate(totals.items())
           if abs(total - median) > threshold]
    far.sort(key=lambda item: (-item[0], item[1]))
    return [key for _, _, key in far]
