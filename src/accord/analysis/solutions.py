"""Bargaining solutions over a set of acceptable outcomes.

Each function takes the utilities ``u`` (``n x p``) of the candidate outcomes and the
disagreement point ``d`` (the parties' reservation values), and returns the row index of
the solution, or ``None`` when there is no candidate. Ties are broken towards the larger
sum of utilities, then the lower row index, so results are deterministic and
Pareto-optimal among the candidates.

All scores are *scores*: :func:`scores` gives the value each concept maximises, which the
ZOPA listing uses to rank the best K outcomes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from accord.arrays import Float
from accord.space.nash import nash_score
from accord.tolerance import TOLERANCE

CONCEPTS = ("nash", "nash_weighted", "kalai_smorodinsky", "egalitarian", "utilitarian")


def _argmax_tiebreak(score: Float, u: Float) -> int | None:
    if score.size == 0:
        return None
    best = float(np.max(score))
    # when every candidate scores -inf (someone gains nothing anywhere) all are tied
    tol = TOLERANCE * max(1.0, abs(best)) if np.isfinite(best) else 0.0
    tied = np.flatnonzero(score >= best - tol)
    if tied.size == 1:
        return int(tied[0])
    sums = u[tied].sum(axis=1)
    return int(tied[int(np.argmax(sums))])


def nash(u: Float, d: Float) -> int | None:
    """Nash bargaining solution: argmax of ``prod_i (u_i - d_i)`` (Nash 1950,
    "The Bargaining Problem", *Econometrica* 18(2)).

    >>> import numpy as np
    >>> nash(np.array([[0.9, 0.2], [0.6, 0.6], [0.2, 0.9]]), np.zeros(2))
    1
    """
    return _argmax_tiebreak(nash_score(u, d), u)


def nash_weighted(u: Float, d: Float, power: Float) -> int | None:
    """Asymmetric (power-weighted) Nash solution: argmax of ``prod_i (u_i - d_i)^c_i``
    with the parties' capabilities ``c`` as exponents (Kalai 1977, "Nonsymmetric Nash
    solutions and replications of 2-person bargaining", *Int. J. Game Theory* 6).
    All-zero capabilities fall back to the symmetric solution."""
    c = np.asarray(power, dtype=np.float64)
    if c.sum() <= 0:
        c = np.ones_like(c)
    return _argmax_tiebreak(nash_score(u, d, c / c.sum()), u)


def egalitarian_score(u: Float, d: Float) -> Float:
    """``min_i (u_i - d_i)``: the smallest gain, which the egalitarian solution maximises."""
    return np.asarray(np.min(u - d, axis=1), dtype=np.float64)


def egalitarian(u: Float, d: Float) -> int | None:
    """Egalitarian solution: argmax of ``min_i (u_i - d_i)``, the largest equal gain
    (Kalai 1977, "Proportional solutions to bargaining situations", *Econometrica* 45)."""
    return _argmax_tiebreak(egalitarian_score(u, d), u)


def utilitarian(u: Float, d: Float) -> int | None:
    """Utilitarian solution: argmax of ``sum_i u_i`` (maximum social welfare)."""
    return _argmax_tiebreak(u.sum(axis=1), u)


def ks_score(u: Float, d: Float, ideal: Float) -> Float:
    """``min_i (u_i - d_i) / (ideal_i - d_i)``, a party whose ideal is within the
    tolerance of its reservation value counting as fully served (``inf``)."""
    span = ideal - d
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(span > TOLERANCE, (u - d) / np.where(span > TOLERANCE, span, 1.0), np.inf)
    return np.asarray(np.min(ratio, axis=1), dtype=np.float64)


def kalai_smorodinsky(u: Float, d: Float, ideal: Float | None = None) -> int | None:
    """Kalai–Smorodinsky solution: among the candidates (pass the Pareto-optimal acceptable
    outcomes), argmax of ``min_i (u_i - d_i) / (ideal_i - d_i)``, where ``ideal_i`` is the
    best utility party ``i`` reaches among the candidates (Kalai & Smorodinsky 1975,
    "Other solutions to Nash's bargaining problem", *Econometrica* 43(3)). A party whose
    ideal equals its reservation value constrains nothing."""
    if u.shape[0] == 0:
        return None
    top = u.max(axis=0) if ideal is None else ideal
    return _argmax_tiebreak(ks_score(u, d, top), u)


def scores(concept: str, u: Float, d: Float, power: Float, ideal: Float) -> Float:
    """The quantity ``concept`` maximises, for ranking outcomes."""
    table: dict[str, Callable[[], Float]] = {
        "nash": lambda: nash_score(u, d),
        "nash_weighted": lambda: nash_score(
            u, d, (power / power.sum()) if power.sum() > 0 else None
        ),
        "kalai_smorodinsky": lambda: ks_score(u, d, ideal),
        "egalitarian": lambda: egalitarian_score(u, d),
        "utilitarian": lambda: np.asarray(u.sum(axis=1), dtype=np.float64),
    }
    return table[concept]()


def solve(concept: str, u: Float, d: Float, power: Float, ideal: Float | None = None) -> int | None:
    """Dispatch by concept name (one of :data:`CONCEPTS`)."""
    if concept == "nash":
        return nash(u, d)
    if concept == "nash_weighted":
        return nash_weighted(u, d, power)
    if concept == "kalai_smorodinsky":
        return kalai_smorodinsky(u, d, ideal)
    if concept == "egalitarian":
        return egalitarian(u, d)
    if concept == "utilitarian":
        return utilitarian(u, d)
    raise KeyError(concept)
