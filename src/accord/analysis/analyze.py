"""The analysis of a scenario: zone of agreement, frontiers, solutions, deadlock diagnosis
and partial agreements, in one pass over the outcome space (two when there is a deadlock).

Definitions (d_i is party i's reservation value; only the bargaining parties count):

* a package is *feasible* when it satisfies every scenario constraint;
* it is *acceptable* when it is feasible, breaks no bargaining party's red line and gives
  every bargaining party at least d_i; the acceptable packages form the *zone of possible
  agreement* (ZOPA; Raiffa 1982, ch. 4);
* the bargaining solutions are computed over the ZOPA (see :mod:`accord.analysis.solutions`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accord.analysis import solutions as sol
from accord.analysis.deadlock import minimal_hitting_sets, minimal_sets, unique_patterns
from accord.analysis.frontier import Frontier, FrontierTooLarge, product_frontier
from accord.analysis.pareto import nondominated
from accord.analysis.result import (
    DECIMALS,
    Analysis,
    Cost,
    Deadlock,
    PartialAgreement,
    Point,
    Relaxation,
    RequirementRef,
)
from accord.errors import ScenarioError, SpaceTooLargeError
from accord.model import Scenario
from accord.space import DEFAULT_MAX_OUTCOMES, Block, CompiledScenario, compile_scenario
from accord.space.outcomes import DEFAULT_CHUNK

Float = NDArray[np.float64]
Index = NDArray[np.intp]
Bool = NDArray[np.bool_]

RANKED = ("nash", "nash_weighted", "egalitarian", "utilitarian")

#: Partial agreements enumerate issue subsets until this many outcomes were scanned.
DEFAULT_PARTIAL_BUDGET = 5_000_000


@dataclass
class _Top:
    """Running best-K of one concept over a stream."""

    k: int
    positions: Index
    utilities: Float
    score: Float

    def push(self, positions: Index, utilities: Float, score: Float) -> None:
        if self.k <= 0 or positions.shape[0] == 0:
            return
        pos = np.concatenate([self.positions, positions])
        u = np.concatenate([self.utilities, utilities])
        s = np.concatenate([self.score, score])
        order = np.lexsort((-u.sum(axis=1), -s))[: self.k]
        self.positions, self.utilities, self.score = pos[order], u[order], s[order]


@dataclass
class _Scan:
    n_feasible: int = 0
    zopa_size: int = 0
    feasible_frontier: Frontier | None = None
    zopa_frontier: Frontier | None = None
    top: dict[str, _Top] = field(default_factory=dict)


def _blocks(cs: CompiledScenario, stream: bool, max_outcomes: int, chunk: int) -> Iterator[Block]:
    if not stream or cs.n_outcomes <= min(max_outcomes, chunk):
        yield cs.table(max_outcomes)
    else:
        yield from cs.blocks(chunk)


def _zopa_product_frontier(cs: CompiledScenario, feasible: Frontier) -> Frontier:
    """Product-route frontier of the ZOPA: of the packages every red line allows (the
    feasible frontier when red lines remove no option), those meeting every reservation
    value (a package that dominates one of them meets them too)."""
    free = cs.option_masks(honour_red_lines=False)
    masks = cs.option_masks(honour_red_lines=True)
    same = all(np.array_equal(a, m) for a, m in zip(free, masks, strict=True))
    zf = feasible if same else product_frontier(cs, masks)
    ok = np.all(zf.utilities >= cs.reservation[cs.bargaining] - 1e-12, axis=1)
    return Frontier(zf.positions[ok], zf.utilities[ok])


def _acceptable(cs: CompiledScenario, block: Block) -> tuple[Bool, Bool]:
    viol = cs.violations(block.positions, block.utilities)
    return block.feasible & ~viol.any(axis=1), viol


def _scan(cs: CompiledScenario, *, top: int, stream: bool, max_outcomes: int, chunk: int) -> _Scan:
    b = cs.bargaining
    d = cs.reservation[b]
    power = cs.capability[b]
    k, p = len(cs.allowed), b.size
    out = _Scan()
    product = cs.additive and cs.product_structure
    if product:
        out.feasible_frontier = ff = product_frontier(cs, cs.option_masks(honour_red_lines=False))
        out.zopa_frontier = _zopa_product_frontier(cs, ff)
    else:
        out.feasible_frontier = Frontier.empty(k, p)
        out.zopa_frontier = Frontier.empty(k, p)
    out.top = {
        c: _Top(top, np.zeros((0, k), np.intp), np.zeros((0, p)), np.zeros(0)) for c in RANKED
    }
    for block in _blocks(cs, stream, max_outcomes, chunk):
        acc, _ = _acceptable(cs, block)
        u = block.utilities[:, b]
        out.n_feasible += int(block.feasible.sum())
        out.zopa_size += int(acc.sum())
        if not product:
            fu, fpos = u[block.feasible], block.positions[block.feasible]
            keep = nondominated(fu, DECIMALS)
            out.feasible_frontier = out.feasible_frontier.merge(fpos[keep], fu[keep])
        if acc.any():
            au, apos = u[acc], block.positions[acc]
            if not product:
                keep = nondominated(au, DECIMALS)
                out.zopa_frontier = out.zopa_frontier.merge(apos[keep], au[keep])
            if top > 0:
                ideal = au.max(axis=0)
                for c in RANKED:
                    score = sol.scores(c, au, d, power, ideal)
                    if score.size > top:
                        sel = np.argpartition(-score, top - 1)[:top]
                    else:
                        sel = np.arange(score.size)
                    out.top[c].push(apos[sel], au[sel], score[sel])
    return out


def _point(cs: CompiledScenario, positions: Index) -> Point:
    return _points(cs, positions[None, :])[0]


def _points(cs: CompiledScenario, positions: Index) -> tuple[Point, ...]:
    """Packages at ``positions`` (``m x n_issues``), utilities computed in one pass."""
    if positions.shape[0] == 0:
        return ()
    u = cs.utilities_of(positions).tolist()
    issues = cs.scenario.issues
    ids = cs.party_ids
    return tuple(
        Point(
            {issue.id: issue.options[j] for issue, j in zip(issues, row, strict=True)},
            dict(zip(ids, vals, strict=True)),
        )
        for row, vals in zip(positions.tolist(), u, strict=True)
    )


def _solutions(cs: CompiledScenario, zf: Frontier) -> dict[str, Point | None]:
    b = cs.bargaining
    d = cs.reservation[b]
    power = cs.capability[b]
    result: dict[str, Point | None] = {}
    for concept in sol.CONCEPTS:
        i = sol.solve(concept, zf.utilities, d, power) if zf.size else None
        result[concept] = None if i is None else _point(cs, zf.positions[i])
    return result


def _ref(cs: CompiledScenario, j: int) -> RequirementRef:
    r = cs.requirements[j]
    return RequirementRef(r.party, r.id, r.statement, r.issues)


def _patterns(cs: CompiledScenario, stream: bool, max_outcomes: int, chunk: int) -> Bool:
    pats = np.zeros((0, len(cs.requirements)), dtype=bool)
    for block in _blocks(cs, stream, max_outcomes, chunk):
        _, viol = _acceptable(cs, block)
        pats = unique_patterns(np.concatenate([pats, unique_patterns(viol[block.feasible])]))
    return pats


def _ideals(cs: CompiledScenario, stream: bool, max_outcomes: int, chunk: int) -> Float:
    """Per bargaining party, its best utility over feasible packages that keep all of its
    own red lines (what it would hold out for)."""
    b = cs.bargaining
    owners = [r.party for r in cs.requirements]
    best = np.full(b.size, -np.inf)
    for block in _blocks(cs, stream, max_outcomes, chunk):
        _, viol = _acceptable(cs, block)
        for j, i in enumerate(b):
            pid = cs.party_ids[int(i)]
            own = [
                k
                for k, r in enumerate(cs.requirements)
                if owners[k] == pid and r.kind == "red_line"
            ]
            ok = block.feasible & ~viol[:, own].any(axis=1)
            if ok.any():
                best[j] = max(best[j], float(block.utilities[ok, i].max()))
    return best


def _relaxation_of(
    cs: CompiledScenario, relaxed: Bool, positions: Index, ideals: Float, count: int | None
) -> Relaxation:
    """The relaxation of the requirements in ``relaxed`` with its package (option
    ``positions``): who gives up what, and what the package gives each bargaining party
    against its reservation value and its ideal (``ideals``, in bargaining order)."""
    package = _point(cs, positions)
    changes = tuple(_ref(cs, int(j)) for j in np.flatnonzero(relaxed))
    gives: dict[str, list[str]] = {}
    for ref in changes:
        gives.setdefault(ref.party, []).append(ref.red_line)
    costs = tuple(
        Cost(
            party=cs.party_ids[int(i)],
            utility=package.utilities[cs.party_ids[int(i)]],
            reservation_value=float(cs.reservation[int(i)]),
            gives_up=tuple(gives.get(cs.party_ids[int(i)], ())),
            ideal=float(ideals[n]),
        )
        for n, i in enumerate(cs.bargaining)
    )
    return Relaxation(changes, count, package, costs)


def _relaxation(
    cs: CompiledScenario,
    relaxed: Bool,
    ideals: Float,
    stream: bool,
    max_outcomes: int,
    chunk: int,
) -> Relaxation:
    b = cs.bargaining
    d = cs.reservation[b]
    count = 0
    best_pos: Index | None = None
    best_key = (-np.inf, -np.inf)
    for block in _blocks(cs, stream, max_outcomes, chunk):
        _, viol = _acceptable(cs, block)
        ok = block.feasible & ~np.any(viol & ~relaxed, axis=1)
        count += int(ok.sum())
        if ok.any():
            u = block.utilities[ok][:, b]
            i = sol.egalitarian(u, d)
            assert i is not None
            key = (float(np.min(u[i] - d)), float(u[i].sum()))
            if key > best_key:
                best_key, best_pos = key, block.positions[ok][i]
    assert best_pos is not None
    return _relaxation_of(cs, relaxed, best_pos, ideals, count)


def _deadlock(
    cs: CompiledScenario, n_feasible: int, stream: bool, max_outcomes: int, chunk: int
) -> Deadlock:
    if n_feasible == 0:
        return Deadlock((), (), infeasible=True)
    mcs = minimal_sets(_patterns(cs, stream, max_outcomes, chunk))
    mus = minimal_hitting_sets(mcs)
    conflicts = tuple(tuple(_ref(cs, int(j)) for j in np.flatnonzero(row)) for row in mus)
    ideals = _ideals(cs, stream, max_outcomes, chunk)
    relaxations = [_relaxation(cs, row, ideals, stream, max_outcomes, chunk) for row in mcs]
    relaxations.sort(
        key=lambda r: (len(r.changes), sum(c.shortfall for c in r.costs), -(r.zopa_size or 0))
    )
    return Deadlock(conflicts, tuple(relaxations))


def _partial(
    cs: CompiledScenario, budget: int, max_outcomes: int, notes: list[str]
) -> tuple[PartialAgreement, ...]:
    issues = cs.scenario.issues
    if len(issues) < 2:
        return ()
    no_sq = [i.id for i in issues if i.status_quo is None]
    # an issue without a status quo can't be left open, so it is in every subset
    required = frozenset(no_sq)
    optional = [i.id for i in issues if i.id not in required]
    found: dict[frozenset[str], tuple[int, Point | None]] = {}
    spent = 0
    truncated = False
    for size in range(1, len(optional)):
        for combo in itertools.combinations(optional, size):
            agreed = required | frozenset(combo)
            sub = cs.restrict(agreed)
            if spent + sub.n_outcomes > budget:
                truncated = True
                continue
            spent += sub.n_outcomes
            scan = _scan(sub, top=0, stream=False, max_outcomes=max_outcomes, chunk=DEFAULT_CHUNK)
            if scan.zopa_size:
                assert scan.zopa_frontier is not None
                nash = _solutions(sub, scan.zopa_frontier)["nash"]
                found[agreed] = (scan.zopa_size, nash)
    if truncated:
        notes.append(
            f"partial agreements: issue subsets beyond a budget of {budget:,} outcomes were "
            "not examined"
        )
    order = [i.id for i in issues]
    out = []
    for agreed, (size, point) in found.items():
        maximal = not any(agreed < other for other in found)
        out.append(PartialAgreement(tuple(i for i in order if i in agreed), size, point, maximal))
    out.sort(key=lambda a: (-len(a.issues), -a.zopa_size, a.issues))
    return tuple(out)


def _describe(scenario: Scenario, cs: CompiledScenario) -> tuple[dict[str, object], ...]:
    return tuple(
        {
            "id": p.id,
            "name": p.name,
            "role": str(p.role),
            "bargaining": p.bargaining,
            "capability": p.capability,
            "reservation_value": p.reservation_value,
        }
        for p in scenario.parties
    )


def _metadata(scenario: Scenario) -> dict[str, object]:
    md = scenario.metadata
    return {
        "id": md.id,
        "title": md.title,
        "start_date": md.start_date,
        "end_date": md.end_date,
        "venue": md.venue,
    }


def _issues(scenario: Scenario) -> tuple[dict[str, object], ...]:
    return tuple(
        {
            "id": i.id,
            "name": i.name,
            "kind": str(i.kind),
            "options": list(i.options),
            "status_quo": i.status_quo,
        }
        for i in scenario.issues
    )


def _analyze_with_solver(
    scenario: Scenario, cs: CompiledScenario, top: int, time_limit: float, max_sets: int
) -> Analysis:
    """The analysis without enumerating the space: frontiers issue by issue (additive
    utilities, single-issue constraints) and the deadlock diagnosis by CP-SAT
    (:mod:`accord.analysis.solver`). Nothing is counted: ZOPA sizes are ``None``."""
    from accord.analysis.solver import solver_diagnosis

    notes = [
        f"the space ({cs.n_outcomes:.3g} packages) was not enumerated: the diagnosis comes "
        "from a constraint solver (CP-SAT), and packages are not counted"
    ]
    b = cs.bargaining
    k, p = len(cs.allowed), b.size
    d = cs.reservation[b]
    if cs.additive and cs.product_structure:
        try:
            ff = product_frontier(cs, cs.option_masks(honour_red_lines=False))
            zf = _zopa_product_frontier(cs, ff).sorted()
            ff = ff.sorted()
        except FrontierTooLarge as exc:
            ff = zf = Frontier.empty(k, p)
            notes.append(f"{exc}; bargaining solutions are not computed")
    else:
        ff = zf = Frontier.empty(k, p)
        notes.append(
            "Pareto frontiers and bargaining solutions need enumeration here (non-additive "
            "utilities or constraints coupling issues); use --stream"
        )
    diag = solver_diagnosis(cs, max_sets=max_sets, time_limit=time_limit)
    notes.extend(diag.notes)
    deadlock: Deadlock | None = None
    if diag.infeasible:
        deadlock = Deadlock((), (), infeasible=True)
    elif diag.acceptable_exists is False:
        conflicts: tuple[tuple[RequirementRef, ...], ...] = ()
        if diag.complete:
            conflicts = tuple(
                tuple(_ref(cs, int(j)) for j in np.flatnonzero(row)) for row in diag.mus
            )
        relaxations = [
            _relaxation_of(cs, row, diag.packages[n], diag.ideals, None)
            for n, row in enumerate(diag.mcs)
        ]
        relaxations.sort(key=lambda r: (len(r.changes), sum(c.shortfall for c in r.costs)))
        deadlock = Deadlock(conflicts, tuple(relaxations))
    ks_top: tuple[Point, ...] = ()
    if zf.size and top > 0:
        ks = sol.ks_score(zf.utilities, d, zf.utilities.max(axis=0))
        order = np.lexsort((-zf.utilities.sum(axis=1), -ks))[:top]
        ks_top = _points(cs, zf.positions[order])
    return Analysis(
        scenario=_metadata(scenario),
        parties=_describe(scenario, cs),
        issues=_issues(scenario),
        n_outcomes=cs.n_outcomes,
        n_feasible=None,
        zopa_size=None,
        zopa_frontier=_points(cs, zf.positions),
        zopa_top={"kalai_smorodinsky": ks_top},
        pareto_frontier=_points(cs, ff.positions),
        solutions=_solutions(cs, zf),
        deadlock=deadlock,
        partial_agreements=(),
        notes=tuple(notes),
        zopa_exists=diag.acceptable_exists,
    )


def analyze(
    scenario: Scenario,
    *,
    top: int = 5,
    stream: bool = False,
    max_outcomes: int = DEFAULT_MAX_OUTCOMES,
    chunk: int = DEFAULT_CHUNK,
    partial: bool = True,
    partial_budget: int = DEFAULT_PARTIAL_BUDGET,
    solver: bool = False,
    time_limit: float = 60.0,
    max_sets: int = 1000,
) -> Analysis:
    """Analyse ``scenario``: ZOPA, Pareto frontiers, bargaining solutions, deadlock
    diagnosis (when the ZOPA is empty) and partial agreements.

    Parameters
    ----------
    top
        How many best packages of the ZOPA to list per solution concept.
    stream
        Enumerate the outcome space in blocks of ``chunk`` outcomes instead of holding it
        whole; needed above ``max_outcomes`` outcomes.
    partial
        Also look for partial agreements (issue subsets, the rest at status quo).
    solver
        Do not enumerate: frontiers issue by issue and the deadlock diagnosis by a
        constraint solver (CP-SAT, within ``time_limit`` seconds and ``max_sets``
        relaxations), for spaces too large to enumerate. Sizes are then not counted.
    """
    cs = compile_scenario(scenario)
    if cs.bargaining.size == 0:
        raise ScenarioError("the scenario has no bargaining party (role: party)", path="parties")
    if solver:
        return _analyze_with_solver(scenario, cs, top, time_limit, max_sets)
    if cs.n_outcomes > max_outcomes and not stream:
        raise SpaceTooLargeError(
            f"the outcome space has {cs.n_outcomes:,} outcomes, over the in-memory limit of "
            f"{max_outcomes:,}; ask for streaming (--stream), for the constraint solver "
            "(--solver), or raise the limit (--max-outcomes)"
        )
    scan = _scan(cs, top=top, stream=stream, max_outcomes=max_outcomes, chunk=chunk)
    assert scan.feasible_frontier is not None and scan.zopa_frontier is not None
    notes: list[str] = []
    zf = scan.zopa_frontier.sorted()
    ff = scan.feasible_frontier.sorted()
    deadlock = None
    if scan.zopa_size == 0:
        deadlock = _deadlock(cs, scan.n_feasible, stream, max_outcomes, chunk)
    partials: tuple[PartialAgreement, ...] = ()
    if partial:
        partials = _partial(cs, partial_budget, max_outcomes, notes)
    b = cs.bargaining
    d = cs.reservation[b]
    ks_top: tuple[Point, ...] = ()
    if zf.size and top > 0:
        ks = sol.ks_score(zf.utilities, d, zf.utilities.max(axis=0))
        order = np.lexsort((-zf.utilities.sum(axis=1), -ks))[:top]
        ks_top = _points(cs, zf.positions[order])
    zopa_top = {c: _points(cs, scan.top[c].positions) for c in RANKED} | {
        "kalai_smorodinsky": ks_top
    }
    return Analysis(
        scenario=_metadata(scenario),
        parties=_describe(scenario, cs),
        issues=_issues(scenario),
        n_outcomes=cs.n_outcomes,
        n_feasible=scan.n_feasible,
        zopa_size=scan.zopa_size,
        zopa_frontier=_points(cs, zf.positions),
        zopa_top=zopa_top,
        pareto_frontier=_points(cs, ff.positions),
        solutions=_solutions(cs, zf),
        deadlock=deadlock,
        partial_agreements=partials,
        notes=tuple(notes),
    )
