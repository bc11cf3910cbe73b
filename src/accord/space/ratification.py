"""How a ratification stage rules on packages: its acceptance model evaluated over an array
of packages (docs/two-level.md gives each formula). It sits with the compiled space, below
the analysis and the simulation, which both use it: the two-level analysis
(:mod:`accord.analysis.ratification`, which re-exports these names) and the simulation of
signing and entry into force (:mod:`accord.negotiation.in_force`).

References
----------
R. D. Putnam, "Diplomacy and Domestic Politics: The Logic of Two-Level Games",
*International Organization* 42(3) (1988) 427-460.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import ParameterError
from accord.model import Preference, Scenario
from accord.model.ratification import (
    BlocVoteModel,
    ElectorateModel,
    RatificationStage,
    ThresholdModel,
)
from accord.tolerance import TOLERANCE, below

__all__ = ["approval", "approval_drawn", "expected_share", "ruled_mask", "stage_utility"]


def ruled_mask(scenario: Scenario, stage: RatificationStage) -> NDArray[np.bool_]:
    """One bool per issue of ``scenario``: does ``stage`` rule on it."""
    return np.array([stage.rules_on(i.id) for i in scenario.issues], dtype=bool)


def _utility(
    scenario: Scenario, pref: Preference, positions: NDArray[np.intp]
) -> NDArray[np.float64]:
    """``sum_k w_k v_k(x_k)`` for each row of ``positions``."""
    u = np.zeros(positions.shape[0])
    for k, issue in enumerate(scenario.issues):
        if issue.id in pref.values:
            u += pref.issue_values(issue)[positions[:, k]]
    return u


def stage_utility(
    scenario: Scenario, stage: RatificationStage, positions: NDArray[np.intp]
) -> NDArray[np.float64]:
    """A threshold stage's utility of each package (``(n,)``); for a bloc vote the yes
    weight as a share of the total; for an electorate the expected yes share ``m(x)``.
    The quantity the stage's rule compares to its bar (:func:`approval`)."""
    m = stage.model
    if isinstance(m, ThresholdModel):
        return _utility(scenario, m.preference, positions)
    if isinstance(m, BlocVoteModel):
        total = sum(b.weight for b in m.blocs)
        yes = np.zeros(positions.shape[0])
        for b in m.blocs:
            ub = _utility(scenario, b.preference, positions)
            yes += b.weight * ~below(ub, b.threshold)
        return yes / total
    return expected_share(scenario, m, positions)


def expected_share(
    scenario: Scenario, m: ElectorateModel, positions: NDArray[np.intp]
) -> NDArray[np.float64]:
    """An electorate's expected yes share ``m(x) = clip(base + sum_k shift_k(x_k), 0, 1)``."""
    share = np.full(positions.shape[0], m.base)
    for k, issue in enumerate(scenario.issues):
        shifts = m.support.get(issue.id)
        if shifts:
            table = np.array([shifts.get(str(o), 0.0) for o in issue.options])
            share += table[positions[:, k]]
    out: NDArray[np.float64] = np.clip(share, 0.0, 1.0)
    return out


def _phi(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """The standard normal CDF, exact to double precision (``erfc``), computed once per
    distinct value (a stage's shares take few distinct values)."""
    values, inverse = np.unique(z, return_inverse=True)
    cdf = np.array([0.5 * math.erfc(-float(v) / math.sqrt(2.0)) for v in values])
    if not values.size:
        return np.zeros(0)
    out: NDArray[np.float64] = cdf[np.asarray(inverse).reshape(-1)]
    return out


def _bar(stage: RatificationStage) -> float:
    m = stage.model
    if isinstance(m, ThresholdModel):
        return m.threshold
    return m.majority


def approval(
    scenario: Scenario,
    stage: RatificationStage,
    positions: NDArray[np.intp],
    settled: NDArray[np.bool_] | None = None,
) -> NDArray[np.float64]:
    """The probability that ``stage`` approves each package (``(n,)`` in ``[0, 1]``).

    ``positions`` is ``(n, n_issues)``, the option position of each issue per package
    (issues a partial deal leaves open at their status quo); ``settled`` ``(n, n_issues)``
    says which issues each deal settles (``None``: all). A stage none of whose issues a
    package settles approves it with probability 1 (it has nothing to rule on).

    * threshold: 1 if ``u(x) >= threshold`` else 0;
    * bloc vote: 1 if ``sum_b W_b [u_b(x) >= t_b] >= majority * sum_b W_b`` else 0;
    * electorate: ``Phi((m(x) - majority) / sd) * P(T >= quorum)``, with
      ``P(T >= quorum) = Phi((turnout - quorum) / turnout_sd)`` (0 or 1 when
      ``turnout_sd`` is 0).

    Comparisons allow :data:`accord.tolerance.TOLERANCE`.
    """
    pos = np.asarray(positions, dtype=np.intp)
    if pos.ndim != 2 or pos.shape[1] != len(scenario.issues):
        raise ParameterError(
            "positions",
            f"must be (n, {len(scenario.issues)}) option positions, got shape {pos.shape}",
        )
    n = pos.shape[0]
    m = stage.model
    x = stage_utility(scenario, stage, pos)
    if isinstance(m, ElectorateModel):
        p = _phi((x - m.majority) / m.sd)
        if m.turnout_sd > 0:
            p = p * 0.5 * math.erfc(-(m.turnout - m.quorum) / m.turnout_sd / math.sqrt(2.0))
        elif m.turnout < m.quorum - TOLERANCE:
            p = np.zeros(n)
    else:
        p = (~below(x, _bar(stage))).astype(np.float64)
    if settled is not None:
        rules = ruled_mask(scenario, stage)
        touched = np.asarray(settled, dtype=bool)[:, rules].any(axis=1)
        p = np.where(touched, p, 1.0)
    return np.asarray(p, dtype=np.float64)


def approval_drawn(
    scenario: Scenario,
    stage: RatificationStage,
    positions: NDArray[np.intp],
    settled: NDArray[np.bool_],
    values: dict[str, Any],
) -> NDArray[np.float64]:
    """:func:`approval` of each package under its own numbers of the stage: package ``i``
    is judged by ``stage.with_values(**{key: values[key][i]})`` (a sweep's draws of the
    stage's ``uncertainty:`` entry, one per run), all packages at once and with the same
    arithmetic, so each value equals that of :func:`approval` on the one package.

    ``values`` maps ``threshold``, ``base`` and ``turnout`` to ``(n,)`` arrays and
    ``bloc_thresholds`` to a dict of them by bloc id; a number for another kind of model
    is ignored, as :meth:`~accord.model.RatificationStage.with_values` does.
    """
    pos = np.asarray(positions, dtype=np.intp)
    n = pos.shape[0]
    m = stage.model

    def drawn(key: str, default: float) -> NDArray[np.float64]:
        x = values.get(key)
        return np.full(n, default) if x is None else np.asarray(x, dtype=np.float64)

    if isinstance(m, ThresholdModel):
        x = _utility(scenario, m.preference, pos)
        p = (x >= drawn("threshold", m.threshold) - TOLERANCE).astype(np.float64)
    elif isinstance(m, BlocVoteModel):
        bars = values.get("bloc_thresholds") or {}
        total = sum(b.weight for b in m.blocs)
        yes = np.zeros(n)
        for b in m.blocs:
            ub = _utility(scenario, b.preference, pos)
            bar = np.asarray(bars[b.id], dtype=np.float64) if b.id in bars else b.threshold
            yes += b.weight * ~below(ub, bar)
        p = (~below(yes / total, m.majority)).astype(np.float64)
    else:
        share = drawn("base", m.base).copy()
        for k, issue in enumerate(scenario.issues):
            shifts = m.support.get(issue.id)
            if shifts:
                table = np.array([shifts.get(str(o), 0.0) for o in issue.options])
                share += table[pos[:, k]]
        p = _phi((np.clip(share, 0.0, 1.0) - m.majority) / m.sd)
        turnout = drawn("turnout", m.turnout)
        if m.turnout_sd > 0:
            factor = np.array(
                [
                    math.erfc(-(t - m.quorum) / m.turnout_sd / math.sqrt(2.0))
                    for t in turnout.tolist()
                ]
            )
            p = p * 0.5 * factor
        else:
            p = np.where(turnout < m.quorum - TOLERANCE, 0.0, p)
    rules = ruled_mask(scenario, stage)
    touched = np.asarray(settled, dtype=bool)[:, rules].any(axis=1)
    return np.asarray(np.where(touched, p, 1.0), dtype=np.float64)
