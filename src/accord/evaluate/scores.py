"""Proper scores of probability forecasts of binary events, their intervals and calibration.

For forecasts ``p_i`` of events with outcomes ``o_i`` in {0, 1}, ``i = 1..n``:

- **Brier score** (Brier 1950, *Monthly Weather Review* 78:1): ``B = (1/n) sum (p_i - o_i)^2``,
  0 for perfect forecasts, 0.25 for a constant 50/50, 1 for certain and always wrong.
- **Log score** (Good 1952; the logarithmic rule of Gneiting & Raftery 2007, *JASA*
  102:359, here negatively oriented, lower is better):
  ``L = -(1/n) sum [o_i ln p'_i + (1 - o_i) ln(1 - p'_i)]`` with ``p'_i`` the forecast
  clipped to ``[eps, 1 - eps]`` (:data:`EPS`), so a certain forecast that fails costs
  ``-ln(eps)``, not infinity. Both rules are strictly proper: a forecaster minimises the
  expected score only by stating its true belief (Gneiting & Raftery 2007, sec. 2-3).
- **Brier skill score** against a reference forecaster: ``1 - B / B_ref``; above 0 the
  forecasts beat the reference, 0 ties, below 0 loses (Murphy 1973, *J. Appl. Meteor.*
  12:595; Wilks 2011, *Statistical Methods in the Atmospheric Sciences*, ch. 8).
- **Reliability table**: forecasts binned by value, each bin's mean forecast beside the
  observed frequency of the event and the count (the reliability diagram of Murphy &
  Winkler 1977, *Applied Statistics* 26:41).

Intervals are percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13) that
resample *clusters* (the back-test's cut dates) with replacement, since the forecasts made
on one date share that date's information and are not independent.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from accord.errors import ParameterError
from accord.randomness import RNG, check_rng

#: The clipping of the log score: a forecast below ``EPS`` is read as ``EPS``, one above
#: ``1 - EPS`` as ``1 - EPS`` (a certain miss costs ``-ln(EPS)`` = 6.9).
EPS = 1e-3

#: Bootstrap resamples behind each interval.
RESAMPLES = 2000

#: Bins of the reliability table: ten of width 0.1, the last closed on the right.
BINS = 10


def _pair(p: ArrayLike, o: ArrayLike) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    pa = np.asarray(p, dtype=np.float64).ravel()
    oa = np.asarray(o, dtype=np.float64).ravel()
    if pa.shape != oa.shape:
        raise ParameterError(
            "forecasts", f"{pa.size} forecasts but {oa.size} outcomes; give one outcome each"
        )
    if pa.size and (np.any(~np.isfinite(pa)) or pa.min() < 0 or pa.max() > 1):
        raise ParameterError("forecasts", "must be probabilities in [0, 1]")
    if oa.size and not np.all((oa == 0) | (oa == 1)):
        raise ParameterError("outcomes", "must be 0 or 1 (the event did not or did happen)")
    return pa, oa


def brier(p: ArrayLike, o: ArrayLike) -> float:
    """The Brier score: the mean squared difference of forecast and outcome (NaN for none).

    >>> round(brier([0.8, 0.3], [1, 0]), 6)
    0.065
    """
    pa, oa = _pair(p, o)
    if not pa.size:
        return math.nan
    return float(np.mean((pa - oa) ** 2))


def log_score(p: ArrayLike, o: ArrayLike, *, eps: float = EPS) -> float:
    """The mean negative log-likelihood of the outcomes, forecasts clipped to
    ``[eps, 1 - eps]`` (lower is better; NaN for none).

    >>> round(log_score([0.8, 0.3], [1, 0]), 6)  # -(ln 0.8 + ln 0.7) / 2
    0.289909
    """
    if not 0 < eps < 0.5:
        raise ParameterError("eps", f"must be in (0, 0.5), got {eps}")
    pa, oa = _pair(p, o)
    if not pa.size:
        return math.nan
    q = np.clip(pa, eps, 1 - eps)
    return float(-np.mean(oa * np.log(q) + (1 - oa) * np.log(1 - q)))


def skill(score: float, reference: float) -> float:
    """The skill score ``1 - score / reference`` (NaN when the reference scores 0).

    >>> round(skill(0.15, 0.2), 6)
    0.25
    """
    if not reference > 0 or math.isnan(score):
        return math.nan
    return 1.0 - score / reference


@dataclass(frozen=True, slots=True)
class Interval:
    """A point estimate and its 95% percentile-bootstrap interval."""

    value: float
    low: float
    high: float

    def to_dict(self) -> dict[str, Any]:
        """``{"value", "ci95": [low, high]}``, NaN written as None."""
        return {"value": _num(self.value), "ci95": [_num(self.low), _num(self.high)]}


def _num(x: float) -> float | None:
    return None if math.isnan(x) else x


def cluster_weights(
    clusters: Sequence[object], resamples: int, rng: RNG
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """How often each item is drawn in each resample when whole clusters are resampled with
    replacement: ``(resamples, items)``."""
    check_rng(rng)
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    keys = sorted(set(clusters), key=str)
    index = np.array([keys.index(c) for c in clusters], dtype=np.intp)
    k = len(keys)
    if not k:
        return np.zeros((resamples, 0))
    draws = gen.multinomial(k, np.full(k, 1.0 / k), size=resamples).astype(np.float64)
    return draws[:, index]


def _weighted_brier(
    w: np.ndarray[Any, Any], p: np.ndarray[Any, Any], o: np.ndarray[Any, Any]
) -> Any:
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (w @ ((p - o) ** 2)) / total


def _weighted_log(
    w: np.ndarray[Any, Any], p: np.ndarray[Any, Any], o: np.ndarray[Any, Any], eps: float
) -> Any:
    q = np.clip(p, eps, 1 - eps)
    loss = -(o * np.log(q) + (1 - o) * np.log(1 - q))
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (w @ loss) / total


def _interval(value: float, samples: np.ndarray[Any, Any]) -> Interval:
    s = samples[np.isfinite(samples)]
    if not s.size or math.isnan(value):
        return Interval(value, math.nan, math.nan)
    return Interval(value, float(np.quantile(s, 0.025)), float(np.quantile(s, 0.975)))


@dataclass(frozen=True, slots=True)
class Scores:
    """Brier and log score of one forecaster on one set of events, with intervals, and
    (for accord) its Brier skill against the base rate."""

    n: int
    brier: Interval
    log: Interval
    skill_vs_base_rate: Interval | None = None

    def to_dict(self) -> dict[str, Any]:
        """The scores as JSON-ready data."""
        out: dict[str, Any] = {
            "n": self.n,
            "brier": self.brier.to_dict(),
            "log": self.log.to_dict(),
        }
        if self.skill_vs_base_rate is not None:
            out["skill_vs_base_rate"] = self.skill_vs_base_rate.to_dict()
        return out


def score_set(
    forecasts: dict[str, ArrayLike],
    outcomes: ArrayLike,
    clusters: Sequence[object],
    *,
    base: str | None = "base_rate",
    rng: RNG = 0,
    resamples: int = RESAMPLES,
    eps: float = EPS,
) -> dict[str, Scores]:
    """The scores of every forecaster of ``forecasts`` (name to forecasts, aligned with
    ``outcomes``), intervals from one cluster bootstrap shared by all (so differences are
    paired); each forecaster but ``base`` gets its Brier skill against ``base``."""
    o = np.asarray(outcomes, dtype=np.float64)
    w = cluster_weights(clusters, resamples, rng)
    out: dict[str, Scores] = {}
    base_samples = None
    base_value = math.nan
    if base is not None and base in forecasts:
        pb, _ = _pair(forecasts[base], o)
        base_value = brier(pb, o)
        base_samples = _weighted_brier(w, pb, o) if o.size else np.array([])
    for name, p in forecasts.items():
        pa, _ = _pair(p, o)
        b = brier(pa, o)
        lg = log_score(pa, o, eps=eps)
        bs = _weighted_brier(w, pa, o) if o.size else np.array([])
        ls = _weighted_log(w, pa, o, eps) if o.size else np.array([])
        sk = None
        if base_samples is not None and name != base:
            with np.errstate(invalid="ignore", divide="ignore"):
                ss = 1.0 - bs / base_samples
            sk = _interval(skill(b, base_value), ss)
        out[name] = Scores(int(o.size), _interval(b, bs), _interval(lg, ls), sk)
    return out


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """One bin of a reliability table: forecasts in ``[low, high)`` (the last bin closed),
    their mean, the observed frequency of the event among them and their count."""

    low: float
    high: float
    count: int
    mean_forecast: float
    observed: float

    def to_dict(self) -> dict[str, Any]:
        """The bin as JSON-ready data (NaN for an empty bin written as None)."""
        return {
            "low": self.low,
            "high": self.high,
            "count": self.count,
            "mean_forecast": _num(self.mean_forecast),
            "observed": _num(self.observed),
        }


def reliability(p: ArrayLike, o: ArrayLike, *, bins: int = BINS) -> tuple[ReliabilityBin, ...]:
    """The reliability table of forecasts ``p`` against outcomes ``o`` in ``bins`` equal bins
    of [0, 1].

    >>> [(b.count, b.mean_forecast, b.observed) for b in reliability([0.05, 0.15, 0.95, 1.0],
    ...                                                              [0, 1, 1, 1], bins=2)]
    [(2, 0.1, 0.5), (2, 0.975, 1.0)]
    """
    if bins <= 0:
        raise ParameterError("bins", f"must be > 0, got {bins}")
    pa, oa = _pair(p, o)
    which = np.minimum((pa * bins).astype(np.intp), bins - 1)
    out = []
    for k in range(bins):
        m = which == k
        n = int(m.sum())
        out.append(
            ReliabilityBin(
                k / bins,
                (k + 1) / bins,
                n,
                float(pa[m].mean()) if n else math.nan,
                float(oa[m].mean()) if n else math.nan,
            )
        )
    return tuple(out)
