"""The Wilson score interval of a share of runs: the simulation error of every probability a
sweep reports (:mod:`accord.sweep.summary`, :mod:`accord.sweep.headline`)."""

from __future__ import annotations

import math

#: The standard normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (Wilson 1927, *JASA* 22:209).

    >>> lo, hi = wilson(45, 100)
    >>> round(lo, 4), round(hi, 4)
    (0.3561, 0.5476)
    """
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # exact ends at 0 and n successes (the formula leaves rounding residue there)
    lo = 0.0 if successes <= 0 else max(0.0, centre - half)
    hi = 1.0 if successes >= n else min(1.0, centre + half)
    return (lo, hi)


__all__ = ["Z95", "wilson"]
