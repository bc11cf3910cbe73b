"""The utility space of a scenario seen two parties at a time: what the plots show.

Every outcome falls in one of four categories, from worst to best:

* ``infeasible`` — breaks a scenario constraint;
* ``blocked`` — feasible but breaks a bargaining party's red line;
* ``below`` — keeps every red line but gives some bargaining party less than its
  reservation value;
* ``zopa`` — acceptable to every bargaining party (the zone of possible agreement,
  Raiffa 1982, ch. 4).

With ratification stages (docs/two-level.md), a pair's view also marks the outcomes in each
of its two parties' *win-sets* (every one of the party's ratification stages approves;
Putnam 1988) and the *level-2 zone* (the ZOPA outcomes every ratifier approves).

The Pareto frontier drawn on a pair's plot is the frontier of the *projection* on that pair
(Pareto 1906): packages no other feasible package beats for both of the two parties. The
status quo is the package that keeps every issue at its status quo, when the scenario gives
one for every issue.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accord.analysis import Analysis, nondominated
from accord.arrays import Float
from accord.model import Scenario
from accord.randomness import RNG, generator
from accord.space import compile_scenario

CATEGORIES = ("infeasible", "blocked", "below", "zopa")
INFEASIBLE, BLOCKED, BELOW, ZOPA = range(4)

#: Outcome spaces above this size are not plotted point by point.
MAX_PLOTTED_SPACE = 2_000_000


@dataclass(frozen=True, slots=True)
class PairView:
    """What one party-pair plot shows; ``x``/``y`` are party ids."""

    x: str
    y: str
    x_name: str
    y_name: str
    points: Float  # (m, 2) utilities of the plotted outcomes
    category: NDArray[np.int8]  # (m,) index into CATEGORIES
    frontier: Float  # (k, 2) Pareto frontier of the feasible outcomes, by x
    zopa_frontier: Float  # (k, 2) Pareto frontier of the ZOPA, by x
    reservation: tuple[float | None, float | None]  # None for a non-bargaining party
    solutions: dict[str, tuple[float, float]]
    status_quo: tuple[float, float] | None
    #: per party of the pair with ratification stages: which plotted outcomes are in its
    #: win-set (empty without stages)
    win_sets: dict[str, NDArray[np.bool_]] = field(default_factory=dict)
    #: which plotted outcomes are in the level-2 zone (``None`` without stages)
    level2: NDArray[np.bool_] | None = None


@dataclass(frozen=True, slots=True)
class UtilitySpace:
    """The pair views of a scenario and how many outcomes fall in each category."""

    pairs: tuple[PairView, ...]
    counts: dict[str, int]
    n_outcomes: int
    plotted: int  # outcomes drawn per pair (a sample when the space is large)


def _frontier(u: Float) -> Float:
    if u.shape[0] == 0:
        return np.zeros((0, 2))
    f = np.unique(u[nondominated(u)], axis=0)
    return f[np.argsort(f[:, 0], kind="stable")]


def party_pairs(scenario: Scenario, max_pairs: int = 6) -> list[tuple[int, int]]:
    """Pairs of party columns to plot: bargaining pairs first, then pairs with the other
    parties (mediators, observers), at most ``max_pairs``."""
    idx = list(range(len(scenario.parties)))
    bargaining = [i for i in idx if scenario.parties[i].bargaining]
    first = list(itertools.combinations(bargaining, 2))
    rest = [p for p in itertools.combinations(idx, 2) if p not in first]
    return (first + rest)[:max_pairs]


def utility_space(
    scenario: Scenario,
    analysis: Analysis,
    *,
    max_points: int = 20_000,
    max_pairs: int = 6,
    rng: RNG = 0,
) -> UtilitySpace:
    """The pair views of ``scenario`` (see the module docstring).

    Raises :class:`~accord.errors.SpaceTooLargeError` above :data:`MAX_PLOTTED_SPACE`
    outcomes. When the space has more than ``max_points`` outcomes a random sample (drawn
    from ``rng``: an int, a Generator, a SeedSequence or None, see
    :mod:`accord.randomness`) is drawn, keeping ZOPA packages first; frontiers always use
    every outcome.
    """
    cs = compile_scenario(scenario)
    block = cs.table(MAX_PLOTTED_SPACE)
    viol = cs.violations(block.positions, block.utilities)
    n_red = len(cs.engaged_red_lines)
    cat = np.full(block.feasible.shape[0], ZOPA, dtype=np.int8)
    cat[viol[:, n_red:].any(axis=1)] = BELOW
    cat[viol[:, :n_red].any(axis=1)] = BLOCKED
    cat[~block.feasible] = INFEASIBLE
    counts = {name: int((cat == k).sum()) for k, name in enumerate(CATEGORIES)}

    n = cat.shape[0]
    if n > max_points:
        gen = generator(rng)
        zopa_idx = np.flatnonzero(cat == ZOPA)
        other = np.flatnonzero(cat != ZOPA)
        if zopa_idx.size >= max_points:
            keep = gen.choice(zopa_idx, max_points, replace=False)
        else:
            extra = gen.choice(other, max_points - zopa_idx.size, replace=False)
            keep = np.concatenate([zopa_idx, extra])
        keep.sort()
    else:
        keep = np.arange(n)

    sol_u = {k: v.utilities for k, v in analysis.solutions.items() if v is not None}
    sq: Float | None = None
    if scenario.issues and all(i.status_quo is not None for i in scenario.issues):
        pos = np.array([[i.status_quo_index for i in scenario.issues]], dtype=np.intp)
        sq = cs.utilities_of(pos)[0]

    wins: dict[str, NDArray[np.bool_]] = {}
    level2: NDArray[np.bool_] | None = None
    if scenario.ratification:
        from accord.analysis.ratification import p_ratified, win_sets

        wins = {k: v[keep] for k, v in win_sets(scenario, block.positions).items()}
        _, rejects = p_ratified(scenario, block.positions)
        level2 = ((cat == ZOPA) & ~rejects.any(axis=1))[keep]
    pairs = []
    for a, b in party_pairs(scenario, max_pairs):
        pa, pb = scenario.parties[a], scenario.parties[b]
        u = block.utilities[:, [a, b]]
        pairs.append(
            PairView(
                x=pa.id,
                y=pb.id,
                x_name=pa.name,
                y_name=pb.name,
                points=u[keep],
                category=cat[keep],
                frontier=_frontier(u[block.feasible]),
                zopa_frontier=_frontier(u[cat == ZOPA]),
                reservation=(
                    pa.reservation_value if pa.bargaining else None,
                    pb.reservation_value if pb.bargaining else None,
                ),
                solutions={k: (v[pa.id], v[pb.id]) for k, v in sol_u.items()},
                status_quo=None if sq is None else (float(sq[a]), float(sq[b])),
                win_sets={k: v for k, v in wins.items() if k in (pa.id, pb.id)},
                level2=level2,
            )
        )
    return UtilitySpace(tuple(pairs), counts, n, int(keep.size))


def solution_groups(solutions: dict[str, tuple[float, float]]) -> list[list[str]]:
    """Solutions grouped by the point they sit on (within half a thousandth), so that the
    report's figure and the dashboard's SVG draw the solutions on one package as one fan.

    >>> points = {"nash": (0.5, 0.5), "egalitarian": (0.5, 0.5002), "utilitarian": (0.9, 0.2)}
    >>> solution_groups(points)
    [['nash', 'egalitarian'], ['utilitarian']]
    """
    groups: list[list[str]] = []
    for key, (a, b) in solutions.items():
        for g in groups:
            ga, gb = solutions[g[0]]
            if abs(ga - a) < 5e-4 and abs(gb - b) < 5e-4:
                g.append(key)
                break
        else:
            groups.append([key])
    return groups
