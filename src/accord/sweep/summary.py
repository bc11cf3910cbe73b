"""What a sweep found: probabilities with Wilson intervals, agreed outcomes, binding red
lines and a sensitivity ranking, computed from the table of runs.

Sensitivity (a one-at-a-time screen over the Monte Carlo sample; Saltelli et al. 2008,
*Global Sensitivity Analysis: The Primer*, ch. 1): for each uncertain input, the
probability of the target (agreement when simulated, else a non-empty ZOPA) among the runs
with the input in its top quarter minus that in its bottom quarter (for a red line: firm
minus bluff), and Spearman's rank correlation of input and target. Inputs are ranked by
the absolute effect.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from accord.model import Scenario
from accord.sweep.simulate import ENDING_NAMES

Columns = dict[str, NDArray[np.generic]]

#: The standard normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (Wilson 1927, *JASA* 22:209).

    >>> lo, hi = wilson(45, 100)
    >>> round(lo, 4), round(hi, 4)
    (0.3561, 0.5475)
    """
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """How much one uncertain input moves the target probability."""

    input: str
    effect: float  # P(target | high) - P(target | low)
    p_low: float
    p_high: float
    spearman: float | None
    kind: str  # "continuous" or "binary"

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "effect": self.effect,
            "p_low": self.p_low,
            "p_high": self.p_high,
            "spearman": self.spearman,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class SweepSummary:
    """The figures of a sweep (see :func:`summarize`)."""

    scenario: str
    runs: int
    seed: int
    protocol: str | None
    p_zopa: float
    p_zopa_ci95: tuple[float, float]
    p_zopa_deadline: float
    p_agreement: float | None
    ci95: tuple[float, float] | None
    endings: dict[str, int]
    outcomes: dict[str, dict[str, float]]
    rounds: dict[str, float]
    binding_red_lines: dict[str, float]
    binding_reservations: dict[str, float]
    sensitivity: tuple[Sensitivity, ...]
    target: str
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = _clean(
            {
                "scenario": self.scenario,
                "runs": self.runs,
                "seed": self.seed,
                "protocol": self.protocol,
                "p_zopa": self.p_zopa,
                "p_zopa_ci95": list(self.p_zopa_ci95),
                "p_zopa_deadline": self.p_zopa_deadline,
                "p_agreement": self.p_agreement,
                "ci95": None if self.ci95 is None else list(self.ci95),
                "endings": self.endings,
                "outcomes": self.outcomes,
                "rounds": self.rounds,
                "binding_red_lines": self.binding_red_lines,
                "binding_reservations": self.binding_reservations,
                "sensitivity_target": self.target,
                "sensitivity": [s.to_dict() for s in self.sensitivity],
                "notes": list(self.notes),
            }
        )
        return out


def _clean(x: Any) -> Any:
    if isinstance(x, float):
        return None if math.isnan(x) else x
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x


def sensitivity(
    inputs: dict[str, NDArray[np.float64]], y: NDArray[np.bool_]
) -> tuple[Sensitivity, ...]:
    """The sensitivity table of target ``y`` to each input (see the module docstring)."""
    n = y.size
    out: list[Sensitivity] = []
    yf = y.astype(np.float64)
    for name, x in inputs.items():
        if n < 4 or np.all(x == x[0]):
            continue
        values = np.unique(x)
        if values.size == 2:
            low, high = x == values[0], x == values[1]
            kind = "binary"
        else:
            order = np.lexsort((np.arange(n), x))
            q = n // 4
            low = np.zeros(n, dtype=bool)
            high = np.zeros(n, dtype=bool)
            low[order[:q]] = True
            high[order[n - q :]] = True
            kind = "continuous"
        p_low = float(yf[low].mean())
        p_high = float(yf[high].mean())
        rho: float | None = None
        if not np.all(y == y[0]):
            r = float(stats.spearmanr(x, yf).statistic)
            rho = None if math.isnan(r) else r
        out.append(Sensitivity(name, p_high - p_low, p_low, p_high, rho, kind))
    out.sort(key=lambda s: (-abs(s.effect), -abs(s.spearman or 0.0), s.input))
    return tuple(out)


def summarize(
    scenario: Scenario,
    table: Columns,
    *,
    seed: int,
    protocol: str | None,
    notes: tuple[str, ...] = (),
) -> SweepSummary:
    """The summary of a complete table of runs (rows in run order)."""
    n = int(table["run"].size)
    zopa = np.asarray(table["zopa"], dtype=bool)
    n_zopa = int(zopa.sum())
    binding_red: dict[str, float] = {}
    binding_res: dict[str, float] = {}
    for name, col in table.items():
        if name.startswith("binding:"):
            key = name.removeprefix("binding:")
            share = float(np.asarray(col, dtype=bool).mean()) if n else math.nan
            if key.endswith(":reservation_value"):
                binding_res[key.removesuffix(":reservation_value")] = share
            else:
                binding_red[key] = share
    p_agreement: float | None = None
    ci: tuple[float, float] | None = None
    endings: dict[str, int] = {}
    outcomes: dict[str, dict[str, float]] = {}
    rounds: dict[str, float] = {}
    target = zopa
    if protocol is not None and "agreement" in table:
        agree = np.asarray(table["agreement"], dtype=bool)
        k = int(agree.sum())
        p_agreement = k / n if n else math.nan
        ci = wilson(k, n)
        target = agree
        ending = np.asarray(table["ending"])
        endings = {name: int((ending == j).sum()) for j, name in enumerate(ENDING_NAMES)}
        for issue in scenario.issues:
            col = np.asarray(table[f"outcome:{issue.id}"])[agree]
            counts = np.bincount(col.astype(np.intp), minlength=issue.size) if k else None
            outcomes[issue.id] = {
                str(opt): (float(counts[j]) / k if counts is not None else 0.0)
                for j, opt in enumerate(issue.options)
            }
        r = np.asarray(table["rounds"])[agree].astype(np.float64)
        if k:
            rounds = {
                "mean": float(r.mean()),
                "p10": float(np.quantile(r, 0.1)),
                "median": float(np.median(r)),
                "p90": float(np.quantile(r, 0.9)),
                "min": float(r.min()),
                "max": float(r.max()),
            }
    inputs = {
        name.removeprefix("input:"): np.asarray(col, dtype=np.float64)
        for name, col in table.items()
        if name.startswith("input:")
    }
    return SweepSummary(
        scenario=scenario.id,
        runs=n,
        seed=seed,
        protocol=protocol,
        p_zopa=n_zopa / n if n else math.nan,
        p_zopa_ci95=wilson(n_zopa, n),
        p_zopa_deadline=float(np.asarray(table["zopa_deadline"], dtype=bool).mean())
        if n
        else math.nan,
        p_agreement=p_agreement,
        ci95=ci,
        endings=endings,
        outcomes=outcomes,
        rounds=rounds,
        binding_red_lines=binding_red,
        binding_reservations=binding_res,
        sensitivity=sensitivity(inputs, target),
        target="agreement" if protocol is not None else "zopa",
        notes=notes,
    )
