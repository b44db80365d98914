"""Paired change: each delegate compared with themselves, baseline to final, with a 95% confidence interval.

The interval is the t-interval for a mean: mean ± t(0.975, n-1) × s / √n, with s the sample
standard deviation of the changes (Python's `statistics`) and the t quantile from
`scipy.stats.t`, since `statistics` has no t-distribution. It needs two or more pairs.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from scipy.stats import t as t_distribution

CONFIDENCE_LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def mean_interval(values: Sequence[float]) -> Interval | None:
    """The 95% t-interval of the mean of `values`; None for fewer than two values."""
    n = len(values)
    if n < 2:
        return None
    mean = statistics.fmean(values)
    half = t_quantile(n - 1) * statistics.stdev(values) / math.sqrt(n)
    return Interval(mean - half, mean + half)


@lru_cache(maxsize=256)
def t_quantile(degrees_of_freedom: int) -> float:
    """t(0.975, df): the two-sided 95% critical value."""
    return float(t_distribution.ppf((1 + CONFIDENCE_LEVEL) / 2, degrees_of_freedom))


@dataclass(frozen=True)
class PairedChange:
    """How a group's ratings moved, person by person: each change is one delegate's final minus baseline."""

    changes: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.changes)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.changes) if self.changes else None

    @property
    def interval(self) -> Interval | None:
        return mean_interval(self.changes)

    @property
    def improved(self) -> int:
        return sum(1 for change in self.changes if change > 0)

    @property
    def same(self) -> int:
        return sum(1 for change in self.changes if change == 0)

    @property
    def worse(self) -> int:
        return sum(1 for change in self.changes if change < 0)
