"""Two-level analysis: which packages survive ratification at home.

Putnam (1988, "Diplomacy and Domestic Politics: The Logic of Two-Level Games",
*International Organization* 42(3)) calls a party's *win-set* the set of level-I
agreements its constituents would ratify. Here a package ``x`` is in party ``i``'s win-set
when every one of ``i``'s ratification stages approves it with probability at least one
half (:func:`approval`; a deterministic stage approves with probability 0 or 1). The
*level-2 zone of agreement* is the level-1 zone (every bargaining party accepts ``x``,
:mod:`accord.analysis.analyze`) intersected with every party's win-set. The acceptance
models and their formulas are in :mod:`accord.model.ratification` and docs/two-level.md.

Everything is computed over arrays of packages (``positions``: one row per package, one
column per issue, the option's position), as the analysis core does.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from accord.analysis import solutions as sol
from accord.analysis.result import (
    Analysis,
    HomeBlock,
    LevelMove,
    PartialTwoLevel,
    Point,
    RatifiedPoint,
    RequirementRef,
    StageCheck,
    TwoLevel,
)
from accord.model import OptionValue, Scenario
from accord.model.ratification import (
    BlocVoteModel,
    RatificationStage,
    ThresholdModel,
)
from accord.space import DEFAULT_MAX_OUTCOMES, CompiledScenario
from accord.space.ratification import (
    approval,
    expected_share,
    ruled_mask,
    stage_utility,
)
from accord.tolerance import TOLERANCE, below

__all__ = [
    "WIN",
    "approval",
    "expected_share",
    "p_ratified",
    "ruled_mask",
    "shortfall",
    "stage_utility",
    "stages_of",
    "two_level",
    "win_sets",
]

#: A package is in a win-set when each stage approves it with at least this probability
#: (less :data:`~accord.tolerance.TOLERANCE`: a share exactly at the majority, summed in
#: another order, must not fall either side by chance).
WIN = 0.5


def stages_of(scenario: Scenario, party_id: str) -> tuple[RatificationStage, ...]:
    """The ratification stages of party ``party_id``, in their order (empty when none)."""
    return scenario.stages_of(party_id)


def win_sets(
    scenario: Scenario, positions: NDArray[np.intp], settled: NDArray[np.bool_] | None = None
) -> dict[str, NDArray[np.bool_]]:
    """Per party with ratification stages (scenario order), which packages are in its
    win-set: every one of its stages approves with probability at least :data:`WIN`."""
    out: dict[str, NDArray[np.bool_]] = {}
    for party in scenario.parties:
        stages = stages_of(scenario, party.id)
        if not stages:
            continue
        ok = np.ones(positions.shape[0], dtype=bool)
        for stage in stages:
            ok &= ~below(approval(scenario, stage, positions, settled), WIN)
        out[party.id] = ok
    return out


# -- the two-level analysis --------------------------------------------------------------


def p_ratified(
    scenario: Scenario, positions: NDArray[np.intp], settled: NDArray[np.bool_] | None = None
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """For each package, the probability that every stage approves (the stages
    independent: the product of :func:`approval`), and ``(n, n_stages)`` which stages
    reject it (approval below :data:`WIN`), stages in scenario order."""
    n = positions.shape[0]
    p = np.ones(n)
    rejects = np.zeros((n, len(scenario.ratification)), dtype=bool)
    for j, stage in enumerate(scenario.ratification):
        a = approval(scenario, stage, positions, settled)
        p *= a
        rejects[:, j] = a < WIN - TOLERANCE
    return p, rejects


def _phi_inverse(q: float) -> float:
    """The standard normal quantile of ``q`` in (0, 1), by bisection on ``erfc``."""
    lo, hi = -40.0, 40.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if 0.5 * math.erfc(-mid / math.sqrt(2.0)) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def shortfall(
    scenario: Scenario, stage: RatificationStage, positions: NDArray[np.intp]
) -> tuple[NDArray[np.float64], str]:
    """How far each package is from the stage's approval, and in what unit: a threshold
    stage's bar minus its utility (``utility``); a bloc vote's majority minus its yes share
    (``share of the votes``); an electorate's expected yes share needed for an approval
    probability of one half, ``majority + sd * Phi^-1(0.5 / P(T >= quorum))``, minus
    ``m(x)`` (``yes share``; infinite when turnout alone keeps the chance below one half).
    Zero or less where it approves."""
    m = stage.model
    x = stage_utility(scenario, stage, positions)
    if isinstance(m, ThresholdModel):
        return m.threshold - x, "utility"
    if isinstance(m, BlocVoteModel):
        return m.majority - x, "share of the votes"
    if m.turnout_sd > 0:
        q = 0.5 * math.erfc(-(m.turnout - m.quorum) / m.turnout_sd / math.sqrt(2.0))
    else:
        q = 0.0 if below(m.turnout, m.quorum) else 1.0
    if q <= WIN:
        return np.full(x.shape, math.inf), "yes share"
    need = m.majority + m.sd * _phi_inverse(WIN / q)
    return need - x, "yes share"


def _point(cs: CompiledScenario, row: NDArray[np.intp]) -> Point:
    issues = cs.scenario.issues
    u = cs.utilities_of(row[None, :])[0].tolist()
    return Point(
        {issue.id: issue.options[int(j)] for issue, j in zip(issues, row, strict=True)},
        dict(zip(cs.party_ids, u, strict=True)),
    )


def _checked(
    cs: CompiledScenario,
    row: NDArray[np.intp],
    settled: NDArray[np.bool_] | None = None,
) -> RatifiedPoint:
    sc = cs.scenario
    p, rejects = p_ratified(sc, row[None, :], None if settled is None else settled[None, :])
    ids = tuple(s.id for s, r in zip(sc.ratification, rejects[0], strict=True) if r)
    return RatifiedPoint(_point(cs, row), float(p[0]), ids)


def _nash(cs: CompiledScenario, u: NDArray[np.float64]) -> int | None:
    b = cs.bargaining
    return sol.solve("nash", u[:, b], cs.reservation[b], cs.capability[b]) if u.size else None


def _options_rejected(
    sc: Scenario, stage: RatificationStage, pos: NDArray[np.intp], rejected: NDArray[np.bool_]
) -> tuple[str, ...]:
    """``issue = label`` of each option (of an issue the stage rules on) present in ``pos``
    whose every package there the stage rejects (the option alone explains the rejection)."""
    out: list[str] = []
    for k, issue in enumerate(sc.issues):
        if not stage.rules_on(issue.id):
            continue
        col = pos[:, k]
        present = np.bincount(col, minlength=issue.size)
        hit = np.bincount(col[rejected], minlength=issue.size)
        opts = [j for j in range(issue.size) if present[j] and hit[j] == present[j]]
        if opts:
            out.extend(f"{issue.id} = {issue.label(j)}" for j in opts)
    return tuple(out)


def _requirement_index(cs: CompiledScenario, ref: RequirementRef) -> int:
    for j, r in enumerate(cs.requirements):
        if r.party == ref.party and r.id == ref.red_line:
            return j
    raise KeyError(ref)


def _ref(cs: CompiledScenario, j: int) -> RequirementRef:
    r = cs.requirements[j]
    return RequirementRef(r.party, r.id, r.statement, r.issues)


def two_level(
    cs: CompiledScenario,
    level1: Analysis,
    *,
    top: int = 5,
    max_outcomes: int = DEFAULT_MAX_OUTCOMES,
) -> TwoLevel:
    """The two-level analysis of ``cs``'s scenario beside its level-1 analysis ``level1``.

    Enumerates the space (it needs every package: at most ``max_outcomes``). The *scope*
    is what the negotiators could agree on: the level-1 zone, or, when it is empty, the
    packages the level-1 relaxations open (each breaks only requirements its relaxation
    gives up). ``blocked`` names each stage rejecting packages of the scope; ``moves``
    (when the level-2 zone is empty) say which level must move: a ratifier (each stage
    whose sole rejection keeps packages of the scope out, at the least shortfall of
    :func:`shortfall`) or the negotiators (of the feasible packages every ratifier
    approves, one breaking the fewest requirements and, among those, asking least of the
    worst-off party; the requirements it breaks).
    """
    sc = cs.scenario
    stages = sc.ratification
    block = cs.table(max_outcomes)
    pos, u, feasible = block.positions, block.utilities, block.feasible
    viol = cs.violations(pos, u)
    acc = feasible & ~viol.any(axis=1)
    _, rejects = p_ratified(sc, pos)
    home: NDArray[np.bool_] = np.asarray(~rejects.any(axis=1), dtype=bool)
    zone = acc & home
    b = cs.bargaining
    d = cs.reservation[b]
    wins = win_sets(sc, pos)
    # the scope: the level-1 zone, else what the level-1 relaxations open
    if acc.any():
        scope, scope_what = acc, "the level-1 zone of agreement"
    else:
        scope = np.zeros(pos.shape[0], dtype=bool)
        rels = () if level1.deadlock is None else level1.deadlock.relaxations
        for r in rels:
            allowed = np.zeros(len(cs.requirements), dtype=bool)
            allowed[[_requirement_index(cs, c) for c in r.changes]] = True
            scope |= feasible & ~(viol & ~allowed).any(axis=1)
        scope_what = "the packages the level-1 relaxations open"
    checks = []
    blocked = []
    n_scope = int(scope.sum())
    for j, stage in enumerate(stages):
        rej = rejects[:, j]
        n_rej = int((rej & scope).sum())
        checks.append(
            StageCheck(
                stage.id,
                stage.name,
                stage.party,
                stage.kind,
                stage.issues,
                stage.duration_days,
                int((~rej & feasible).sum()),
                n_rej,
            )
        )
        if n_rej:
            opts = _options_rejected(sc, stage, pos[scope], rej[scope])
            blocked.append(HomeBlock(stage.id, stage.name, stage.party, n_rej, n_scope, opts))
    blocked.sort(key=lambda h: -h.rejects)
    # the level-2 zone, best first (Nash order), and its Nash solution
    zpos, zu = pos[zone], u[zone]
    nash_at = _nash(cs, zu)
    listed: list[RatifiedPoint] = []
    if zpos.shape[0] and top > 0:
        bu = zu[:, b]
        gain = np.clip(bu - d, 0.0, None)
        score = np.where((~below(bu, d)).all(axis=1), np.log(gain + 1e-300).sum(axis=1), -np.inf)
        order = np.lexsort((-bu.sum(axis=1), -score))[:top]
        listed = [_checked(cs, zpos[i]) for i in order]
    nash = None if nash_at is None else _checked(cs, zpos[nash_at])
    cost: dict[str, float] = {}
    l1 = level1.solutions.get("nash")
    if l1 is not None and nash is not None:
        cost = {
            cs.party_ids[int(i)]: l1.utilities[cs.party_ids[int(i)]]
            - nash.point.utilities[cs.party_ids[int(i)]]
            for i in b
        }
    # where it fails
    some_home = bool((feasible & home).any())
    if zone.any():
        fails = "none"
    elif acc.any():
        fails = "home"
    else:
        fails = "table" if some_home else "table and home"
    moves: list[LevelMove] = []
    if not zone.any():
        moves = _moves(cs, pos, u, feasible, viol, acc, home, rejects, scope)
    relaxations = tuple(
        _checked(cs, _row(sc, r.package.outcome))
        for r in (() if level1.deadlock is None else level1.deadlock.relaxations)
    )
    partial = tuple(_partial(cs, pa.issues, max_outcomes) for pa in level1.partial_agreements)
    notes = []
    if any(s.kind == "electorate" for s in stages):
        notes.append(
            "an electorate approves with a probability: a package is in a win-set when each "
            f"stage approves it with probability at least {WIN:g}; p_ratified is the product "
            "over the stages (taken as independent)"
        )
    return TwoLevel(
        stages=tuple(checks),
        win_sets={k: int((v & feasible).sum()) for k, v in wins.items()},
        n_feasible=int(feasible.sum()),
        zopa_size=int(acc.sum()),
        zone_size=int(zone.sum()),
        scope=scope_what,
        scope_size=n_scope,
        fails_at=fails,
        zone=tuple(listed),
        nash=nash,
        cost=cost,
        blocked=tuple(blocked),
        moves=tuple(moves),
        relaxations=relaxations,
        partial_agreements=partial,
        notes=tuple(notes),
    )


def _row(sc: Scenario, outcome: dict[str, OptionValue]) -> NDArray[np.intp]:
    return np.array([i.index(outcome[i.id]) for i in sc.issues], dtype=np.intp)


def _moves(
    cs: CompiledScenario,
    pos: NDArray[np.intp],
    u: NDArray[np.float64],
    feasible: NDArray[np.bool_],
    viol: NDArray[np.bool_],
    acc: NDArray[np.bool_],
    home: NDArray[np.bool_],
    rejects: NDArray[np.bool_],
    scope: NDArray[np.bool_],
) -> list[LevelMove]:
    """Which level must move for a deal that survives both: each ratifier whose rejection
    alone keeps packages of the scope out (the least it must give), then the negotiators
    (the feasible package every ratifier approves that asks least of the worst-off)."""
    sc = cs.scenario
    out: list[LevelMove] = []
    n_rej = rejects.sum(axis=1)
    for j, stage in enumerate(sc.ratification):
        only = scope & rejects[:, j] & (n_rej == 1)
        if not only.any():
            continue
        gap, unit = shortfall(sc, stage, pos[only])
        k = int(np.argmin(gap))
        row = pos[only][k]
        g = float(gap[k])
        verb = {
            "utility": "lower its bar by",
            "share of the votes": "find more votes:",
            "yes share": "gain support:",
        }[unit]
        what = (
            f"{stage.name} must accept what it now rejects: {verb} {g:.3f} ({unit})"
            if math.isfinite(g)
            else f"{stage.name} must accept what it now rejects: turnout keeps the vote "
            "short of its quorum"
        )
        out.append(LevelMove("home", stage.id, what, g, unit, _checked(cs, row)))
    b = cs.bargaining
    d = cs.reservation[b]
    cand = feasible & home & ~acc
    if cand.any():
        rows = np.flatnonzero(cand)
        # fewest requirements given up, then the least asked of the worst-off party
        gain = (u[rows][:, b] - d).min(axis=1)
        k = int(rows[int(np.lexsort((-gain, viol[rows].sum(axis=1)))[0])])
        broken = tuple(_ref(cs, int(j)) for j in np.flatnonzero(viol[k]))
        names = {p.id: p.name for p in sc.parties}
        who = "; ".join(
            f"{names.get(r.party, r.party)} "
            + (
                "accepts less than its reservation value"
                if r.red_line == "reservation_value"
                else f"drops {r.red_line}"
            )
            for r in broken
        )
        short = float(max(0.0, float(-(u[k][b] - d).min())))
        out.append(
            LevelMove(
                "table",
                ", ".join(sorted({r.party for r in broken})),
                f"the negotiators must move: {who}",
                short,
                "utility below a reservation value",
                _checked(cs, pos[k]),
                broken,
            )
        )
    out.sort(key=lambda m: (m.level != "home", m.cost))
    return out


def _partial(cs: CompiledScenario, issues: tuple[str, ...], max_outcomes: int) -> PartialTwoLevel:
    """One partial agreement (the other issues at their status quo) at both levels."""
    sc = cs.scenario
    sub = cs.restrict(frozenset(issues))
    block = sub.table(max_outcomes)
    pos = block.positions
    acc = block.feasible & ~sub.violations(pos, block.utilities).any(axis=1)
    settled = np.broadcast_to(np.array([i.id in issues for i in sc.issues], dtype=bool), pos.shape)
    _, rejects = p_ratified(sc, pos, settled)
    zone = acc & ~rejects.any(axis=1)
    blocked_by = tuple(s.id for j, s in enumerate(sc.ratification) if (rejects[:, j] & acc).any())
    at = _nash(sub, block.utilities[zone])
    solution = None if at is None else _checked(sub, pos[zone][at], settled[0].copy())
    return PartialTwoLevel(issues, int(acc.sum()), int(zone.sum()), blocked_by, solution)
