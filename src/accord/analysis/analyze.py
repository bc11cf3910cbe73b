"""The analysis of a scenario: zone of agreement, frontiers, solutions, deadlock diagnosis
and partial agreements.

Definitions (d_i is party i's reservation value; only the bargaining parties count):

* a package is *feasible* when it satisfies every scenario constraint;
* it is *acceptable* when it is feasible, breaks no bargaining party's red line and gives
  every bargaining party at least d_i; the acceptable packages form the *zone of possible
  agreement* (ZOPA; Raiffa 1982, ch. 4);
* the bargaining solutions are computed over the ZOPA (see :mod:`accord.analysis.solutions`).

Two routes find the same things: *enumeration* visits every package (in one table or in
blocks; one pass, two when there is a deadlock) and counts; the *solver* route builds the
frontiers issue by issue and diagnoses a deadlock with CP-SAT
(:mod:`accord.analysis.solver`), counting nothing. Both hand their findings to one result
builder, which lists them within the same :class:`~accord.analysis.limits.Limits`, and
both look for partial agreements.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accord.analysis import solutions as sol
from accord.analysis.deadlock import (
    TooManyConflicts,
    minimal_hitting_sets,
    minimal_mask,
    pack,
    subset_matrix,
)
from accord.analysis.frontier import Frontier, FrontierTooLarge, product_frontier
from accord.analysis.limits import DEFAULT_PARTIAL_BUDGET, Cap, Clock, Limits
from accord.analysis.pareto import nondominated
from accord.analysis.result import (
    DECIMALS,
    Analysis,
    Cost,
    Deadlock,
    IssueInfo,
    PartialAgreement,
    PartyInfo,
    Point,
    Relaxation,
    RequirementRef,
    ScenarioInfo,
    Zopa,
)
from accord.arrays import Bool, Float, Index
from accord.counts import count_text
from accord.errors import ParameterError, ScenarioError, SpaceTooLargeError
from accord.model import Scenario
from accord.space import DEFAULT_MAX_OUTCOMES, Block, CompiledScenario, compile_scenario
from accord.space.outcomes import DEFAULT_CHUNK
from accord.tolerance import below

RANKED = ("nash", "nash_weighted", "egalitarian", "utilitarian")

__all__ = ["DEFAULT_PARTIAL_BUDGET", "RANKED", "Limits", "analyze"]

#: Up to this many (pattern, relaxation) subset tests, every minimal relaxation is costed
#: and the cheapest are listed; beyond, the fewest-change ones are costed (and the note
#: says so).
_RANK_WORK = 50_000_000
#: Relaxations the constraint solver seeks at most (one more than ``Limits.relaxations``
#: lists, so that the listing knows whether it is complete).
SOLVER_SETS = 1000


# -- enumeration ---------------------------------------------------------------------------


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
    top: dict[str, _Top] = field(default_factory=dict)


@dataclass
class _Space:
    """How the enumeration route walks a compiled space."""

    cs: CompiledScenario
    stream: bool
    max_outcomes: int
    chunk: int
    clock: Clock

    def blocks(self) -> Iterator[Block]:
        cs = self.cs
        self.clock.check()
        if not self.stream or cs.n_outcomes <= min(self.max_outcomes, self.chunk):
            yield cs.table(self.max_outcomes)
            return
        for block in cs.blocks(self.chunk):
            yield block
            self.clock.check()


def _zopa_product_frontier(cs: CompiledScenario, feasible: Frontier) -> Frontier:
    """Product-route frontier of the ZOPA: of the packages every red line allows (the
    feasible frontier when red lines remove no option), those meeting every reservation
    value (a package that dominates one of them meets them too)."""
    free = cs.option_masks(honour_red_lines=False)
    masks = cs.option_masks(honour_red_lines=True)
    same = all(np.array_equal(a, m) for a, m in zip(free, masks, strict=True))
    zf = feasible if same else product_frontier(cs, masks)
    ok = ~below(zf.utilities, cs.reservation[cs.bargaining]).any(axis=1)
    return Frontier(zf.positions[ok], zf.utilities[ok])


def _product_frontiers(cs: CompiledScenario, notes: list[str]) -> tuple[Frontier, Frontier]:
    """Both frontiers issue by issue (additive utilities, single-issue constraints), or
    empty ones with a note when a frontier is too large to hold."""
    k, p = len(cs.allowed), cs.bargaining.size
    try:
        ff = product_frontier(cs, cs.option_masks(honour_red_lines=False))
        return ff, _zopa_product_frontier(cs, ff)
    except FrontierTooLarge as exc:
        notes.append(f"{exc}; bargaining solutions are not computed")
        return Frontier.empty(k, p), Frontier.empty(k, p)


def _acceptable(cs: CompiledScenario, block: Block) -> tuple[Bool, Bool]:
    viol = cs.violations(block.positions, block.utilities)
    return block.feasible & ~viol.any(axis=1), viol


def _scan(space: _Space, *, top: int, product: bool) -> tuple[_Scan, Frontier, Frontier]:
    """Count, rank and (unless ``product``) build the frontiers block by block."""
    cs = space.cs
    b = cs.bargaining
    d = cs.reservation[b]
    power = cs.capability[b]
    k, p = len(cs.allowed), b.size
    out = _Scan()
    ff, zf = Frontier.empty(k, p), Frontier.empty(k, p)
    out.top = {
        c: _Top(top, np.zeros((0, k), np.intp), np.zeros((0, p)), np.zeros(0)) for c in RANKED
    }
    for block in space.blocks():
        acc, _ = _acceptable(cs, block)
        u = block.utilities[:, b]
        out.n_feasible += int(block.feasible.sum())
        out.zopa_size += int(acc.sum())
        if not product:
            fu, fpos = u[block.feasible], block.positions[block.feasible]
            keep = nondominated(fu, DECIMALS)
            ff = ff.merge(fpos[keep], fu[keep])
        if acc.any():
            au, apos = u[acc], block.positions[acc]
            if not product:
                keep = nondominated(au, DECIMALS)
                zf = zf.merge(apos[keep], au[keep])
            if top > 0:
                ideal = au.max(axis=0)
                for c in RANKED:
                    score = sol.scores(c, au, d, power, ideal)
                    if score.size > top:
                        sel = np.argpartition(-score, top - 1)[:top]
                    else:
                        sel = np.arange(score.size)
                    out.top[c].push(apos[sel], au[sel], score[sel])
    return out, ff, zf


@dataclass(frozen=True)
class _Patterns:
    """The distinct violation patterns of the feasible packages, in order of first
    occurrence, each with what the deadlock diagnosis needs of its packages."""

    rows: Bool  # (G, n_requirements)
    count: NDArray[np.int64]  # packages with this pattern
    first: NDArray[np.int64]  # outcome number of the first of them
    gain: Float  # best package: min_i (u_i - d_i) ...
    total: Float  # ... then sum_i u_i ...
    number: NDArray[np.int64]  # ... then the first in outcome order: its number
    position: Index  # (G, n_issues) its option positions
    umax: Float  # (G, n_bargaining) each bargaining party's best utility

    @property
    def size(self) -> int:
        return int(self.rows.shape[0])


def _group(
    keys: NDArray[np.uint8],
    rows: Bool,
    count: NDArray[np.int64],
    first: NDArray[np.int64],
    gain: Float,
    total: Float,
    number: NDArray[np.int64],
    position: Index,
    umax: Float,
) -> tuple[NDArray[np.uint8], _Patterns]:
    """Merge entries with equal pattern ``keys`` (packed ``rows``)."""
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    # per group, the best package first: larger gain, larger total, smaller number
    order = np.lexsort((number, -total, -gain, inverse))
    g = inverse[order]
    starts = np.flatnonzero(np.concatenate([[True], g[1:] != g[:-1]]))
    best = order[starts]
    counts = np.add.reduceat(count[order], starts)
    firsts = np.minimum.reduceat(first[order], starts)
    umaxes = np.maximum.reduceat(umax[order], starts, axis=0)
    by_first = np.argsort(firsts, kind="stable")
    pick = best[by_first]
    return keys[pick], _Patterns(
        rows=rows[pick],
        count=counts[by_first],
        first=firsts[by_first],
        gain=gain[pick],
        total=total[pick],
        number=number[pick],
        position=position[pick],
        umax=umaxes[by_first],
    )


def _patterns(space: _Space) -> _Patterns:
    """One pass over the space: the distinct violation patterns and their packages."""
    cs = space.cs
    b = cs.bargaining
    d = cs.reservation[b]
    n_req, k, p = len(cs.requirements), len(cs.allowed), b.size
    keys = np.zeros((0, (n_req + 7) // 8), dtype=np.uint8)
    acc = _Patterns(
        np.zeros((0, n_req), bool),
        np.zeros(0, np.int64),
        np.zeros(0, np.int64),
        np.zeros(0),
        np.zeros(0),
        np.zeros(0, np.int64),
        np.zeros((0, k), np.intp),
        np.zeros((0, p)),
    )
    for block in space.blocks():
        _, viol = _acceptable(cs, block)
        rows = np.flatnonzero(block.feasible)
        if rows.size == 0:
            continue
        v = viol[rows]
        u = block.utilities[rows][:, b]
        numbers = block.start + rows.astype(np.int64)
        bkeys, bpat = _group(
            np.packbits(v, axis=1),
            v,
            np.ones(rows.size, np.int64),
            numbers,
            np.min(u - d, axis=1) if p else np.zeros(rows.size),
            u.sum(axis=1),
            numbers,
            block.positions[rows],
            u,
        )
        keys, acc = _group(
            np.concatenate([keys, bkeys]),
            *(
                np.concatenate([getattr(acc, f), getattr(bpat, f)])
                for f in ("rows", "count", "first", "gain", "total", "number", "position", "umax")
            ),
        )
    return acc


def _ideals(cs: CompiledScenario, pats: _Patterns) -> Float:
    """Per bargaining party, its best utility over feasible packages that keep all of its
    own red lines (what it would hold out for)."""
    own = np.array(
        [
            [r.kind == "red_line" and r.party == cs.party_ids[int(i)] for r in cs.requirements]
            for i in cs.bargaining
        ],
        dtype=bool,
    ).reshape(cs.bargaining.size, len(cs.requirements))
    keeps = ~(pats.rows.astype(np.int64) @ own.T.astype(np.int64)).astype(bool)  # (G, P)
    best = np.where(keeps, pats.umax, -np.inf)
    return best.max(axis=0) if pats.size else np.full(cs.bargaining.size, -np.inf)


def _open(pats: _Patterns, mcs: Bool) -> tuple[NDArray[np.int64], NDArray[np.intp]]:
    """Per relaxation (rows of ``mcs``): how many packages break only requirements in it
    (the ZOPA it opens), and which pattern holds its max-min package."""
    rank = np.empty(pats.size, np.int64)
    rank[np.lexsort((pats.number, -pats.total, -pats.gain))] = np.arange(pats.size)
    words = pack(pats.rows)
    counts = np.zeros(mcs.shape[0], np.int64)
    best = np.zeros(mcs.shape[0], np.intp)
    step = max(1, (1 << 22) // max(1, pats.size))
    for s in range(0, mcs.shape[0], step):
        inside = subset_matrix(words, pack(mcs[s : s + step]))  # (G, step)
        counts[s : s + step] = pats.count @ inside
        best[s : s + step] = np.where(inside, rank[:, None], pats.size).argmin(axis=0)
    return counts, best


def _deadlock_enumerated(
    space: _Space, n_feasible: int, limits: Limits, caps: dict[str, Cap], notes: list[str]
) -> Deadlock:
    cs = space.cs
    if n_feasible == 0:
        return Deadlock((), (), infeasible=True)
    pats = _patterns(space)
    is_mcs = minimal_mask(pats.rows)
    mcs_at = np.flatnonzero(is_mcs)  # first-occurrence order
    mcs = pats.rows[mcs_at]
    conflicts = _conflicts(cs, mcs, limits, caps, notes, space.clock.check)
    ideals = _ideals(cs, pats)
    # which relaxations to cost: all when affordable, else the fewest-change ones
    chosen = np.arange(mcs_at.size)
    cap = limits.relaxations
    if cap is not None and mcs_at.size > cap and mcs_at.size * pats.size > _RANK_WORK:
        chosen = np.argsort(mcs.sum(axis=1), kind="stable")[:cap]
        notes.append(
            f"relaxations: {mcs_at.size:,} minimal relaxations; the {cap:,} with fewest "
            "changes were costed and are listed"
        )
    counts, best = _open(pats, mcs[chosen])
    space.clock.check()
    b = cs.bargaining
    relaxations = [
        _relaxation_of(cs, mcs[c], pats.position[best[n]], ideals, int(counts[n]))
        for n, c in enumerate(chosen)
    ]
    return _deadlock(conflicts, relaxations, mcs_at.size, limits, caps, b.size)


# -- shared by both routes -------------------------------------------------------------------


def _conflicts(
    cs: CompiledScenario,
    mcs: Bool,
    limits: Limits,
    caps: dict[str, Cap],
    notes: list[str],
    check: Callable[[], None],
) -> tuple[tuple[RequirementRef, ...], ...]:
    """The minimal conflicts (minimal hitting sets of the relaxations), listed within
    ``limits.conflicts``."""
    cap = limits.conflicts
    try:
        mus = minimal_hitting_sets(mcs, check=check)
        total: int | None = int(mus.shape[0])
    except TooManyConflicts as exc:
        mus, total = exc.found, None
        notes.append(
            f"conflicts: more than {exc.limit:,} candidate conflicts; "
            f"{exc.found.shape[0]:,} proven minimal conflicts are listed"
            + (f" (at most {cap:,})" if cap is not None else "")
        )
    listed = mus if cap is None else mus[:cap]
    if total is None or listed.shape[0] < total:
        caps["deadlock.conflicts"] = Cap(int(listed.shape[0]), total, "conflicts")
    return tuple(tuple(_ref(cs, int(j)) for j in np.flatnonzero(row)) for row in listed)


def _deadlock(
    conflicts: tuple[tuple[RequirementRef, ...], ...],
    relaxations: list[Relaxation],
    n_relaxations: int | None,
    limits: Limits,
    caps: dict[str, Cap],
    n_bargaining: int,
) -> Deadlock:
    """The deadlock, relaxations ranked (fewest changes, smallest total shortfall, largest
    ZOPA) and listed within ``limits.relaxations``; ``n_relaxations`` is how many exist
    (``None``: unknown)."""
    ranked = sorted(
        enumerate(relaxations),
        key=lambda nr: (
            len(nr[1].changes),
            sum(c.shortfall for c in nr[1].costs),
            -(nr[1].zopa_size or 0),
            nr[0],
        ),
    )
    listed = [r for _, r in ranked]
    cap = limits.relaxations
    if cap is not None:
        listed = listed[:cap]
    if n_relaxations is None or len(listed) < n_relaxations:
        caps["deadlock.relaxations"] = Cap(len(listed), n_relaxations, "relaxations")
    return Deadlock(conflicts, tuple(listed))


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


def _listed(
    cs: CompiledScenario, front: Frontier, cap: int | None, key: str, caps: dict[str, Cap]
) -> tuple[Point, ...]:
    """The frontier's packages, or an evenly spaced selection of ``cap`` of them (both
    ends included) with the cap recorded under ``key``."""
    if cap is None or front.size <= cap:
        return _points(cs, front.positions)
    caps[key] = Cap(cap, front.size, "frontier")
    if cap == 0:
        return ()
    at = np.unique(np.round(np.linspace(0, front.size - 1, cap)).astype(np.intp))
    return _points(cs, front.positions[at])


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


def _partial(
    cs: CompiledScenario, limits: Limits, clock: Clock, caps: dict[str, Cap], notes: list[str]
) -> tuple[PartialAgreement, ...]:
    """Issue subsets with a zone of agreement of their own (the other issues at status
    quo), smallest subsets first, within the outcome and subset budgets of ``limits``;
    each subset is enumerated (it is small when the budget allows it)."""
    issues = cs.scenario.issues
    if len(issues) < 2:
        return ()
    # an issue without a status quo can't be left open, so it is in every subset
    required = frozenset(i.id for i in issues if i.status_quo is None)
    optional = [i.id for i in issues if i.id not in required]
    size_of = {i.id: int(s) for i, s in zip(issues, cs.sizes, strict=True)}
    base = math.prod(size_of[i] for i in required)
    cheapest = sorted(size_of[i] for i in optional)
    budget, max_subsets = limits.partial_outcomes, limits.partial_subsets
    found: dict[frozenset[str], tuple[int, Point | None]] = {}
    spent = examined = 0
    skipped = False
    for size in range(1, len(optional)):
        if base * math.prod(cheapest[:size]) > budget - spent or examined >= max_subsets:
            skipped = True  # no subset of this size (or larger) fits what is left
            break
        for combo in itertools.combinations(optional, size):
            n = base * math.prod(size_of[i] for i in combo)
            if spent + n > budget:
                skipped = True
                continue
            if examined >= max_subsets:
                skipped = True
                break
            clock.check()
            spent += n
            examined += 1
            sub = cs.restrict(required | frozenset(combo))
            space = _Space(sub, False, DEFAULT_MAX_OUTCOMES, DEFAULT_CHUNK, clock)
            product = sub.additive and sub.product_structure
            scan, _, zf = _scan(space, top=0, product=product)
            if scan.zopa_size:
                if product:
                    _, zf = _product_frontiers(sub, [])
                found[sub.agreed] = (scan.zopa_size, _solutions(sub, zf.sorted())["nash"])
    if skipped:
        notes.append(
            f"partial agreements: issue subsets beyond a budget of {budget:,} outcomes or "
            f"{max_subsets:,} subsets were not examined"
        )
    order = [i.id for i in issues]
    out = []
    for agreed, (size, point) in found.items():
        maximal = not any(agreed < other for other in found)
        out.append(PartialAgreement(tuple(i for i in order if i in agreed), size, point, maximal))
    out.sort(key=lambda a: (-len(a.issues), -a.zopa_size, a.issues))
    cap = limits.partial_agreements
    if cap is not None and len(out) > cap:
        caps["partial_agreements"] = Cap(cap, len(out), "partial_agreements")
        out = out[:cap]
    return tuple(out)


def _describe(scenario: Scenario) -> tuple[PartyInfo, ...]:
    return tuple(
        PartyInfo(p.id, p.name, str(p.role), p.bargaining, p.capability, p.reservation_value)
        for p in scenario.parties
    )


def _metadata(scenario: Scenario) -> ScenarioInfo:
    md = scenario.metadata
    return ScenarioInfo(md.id, md.title, md.start_date, md.end_date, md.venue)


def _issues(scenario: Scenario) -> tuple[IssueInfo, ...]:
    return tuple(
        IssueInfo(i.id, i.name, str(i.kind), tuple(i.options), i.status_quo)
        for i in scenario.issues
    )


@dataclass
class _Findings:
    """What a route found, before listing."""

    n_feasible: int | None
    zopa: Zopa
    feasible_frontier: Frontier
    zopa_frontier: Frontier
    top: dict[str, Index]
    deadlock: Deadlock | None
    notes: list[str]
    caps: dict[str, Cap]


def _result(
    scenario: Scenario,
    cs: CompiledScenario,
    found: _Findings,
    *,
    top: int,
    partial: bool,
    limits: Limits,
    clock: Clock,
) -> Analysis:
    """The one result builder of both routes: solutions on the whole ZOPA frontier, the
    Kalai–Smorodinsky top-K, partial agreements, and listings within ``limits``."""
    caps, notes = found.caps, found.notes
    zf = found.zopa_frontier.sorted()
    ff = found.feasible_frontier.sorted()
    d = cs.reservation[cs.bargaining]
    zopa_top = {c: _points(cs, pos) for c, pos in found.top.items()}
    ks_top: tuple[Point, ...] = ()
    if zf.size and top > 0:
        ks = sol.ks_score(zf.utilities, d, zf.utilities.max(axis=0))
        order = np.lexsort((-zf.utilities.sum(axis=1), -ks))[:top]
        ks_top = _points(cs, zf.positions[order])
    zopa_top["kalai_smorodinsky"] = ks_top
    partials = _partial(cs, limits, clock, caps, notes) if partial else ()
    for key, cap in caps.items():
        more = "more" if cap.more is None else f"{cap.more:,} more"
        notes.append(f"{key}: {cap.listed:,} listed and {more} (limit: {cap.parameter})")
    return Analysis(
        scenario=_metadata(scenario),
        parties=_describe(scenario),
        issues=_issues(scenario),
        n_outcomes=cs.n_outcomes,
        n_feasible=found.n_feasible,
        zopa=found.zopa,
        zopa_frontier=_listed(cs, zf, limits.frontier, "zopa.pareto_frontier", caps),
        zopa_top=zopa_top,
        pareto_frontier=_listed(cs, ff, limits.frontier, "pareto_frontier", caps),
        solutions=_solutions(cs, zf),
        deadlock=found.deadlock,
        partial_agreements=partials,
        notes=tuple(notes),
        capped=dict(caps),
    )


# -- the two routes --------------------------------------------------------------------------


def _enumerate(space: _Space, top: int, limits: Limits) -> _Findings:
    cs = space.cs
    notes: list[str] = []
    caps: dict[str, Cap] = {}
    product = cs.additive and cs.product_structure
    scan, ff, zf = _scan(space, top=top, product=product)
    if product:
        ff, zf = _product_frontiers(cs, notes)
    deadlock = None
    if scan.zopa_size == 0:
        deadlock = _deadlock_enumerated(space, scan.n_feasible, limits, caps, notes)
    return _Findings(
        n_feasible=scan.n_feasible,
        zopa=Zopa(exists=scan.zopa_size > 0, size=scan.zopa_size),
        feasible_frontier=ff,
        zopa_frontier=zf,
        top={c: scan.top[c].positions for c in RANKED},
        deadlock=deadlock,
        notes=notes,
        caps=caps,
    )


def _solve(cs: CompiledScenario, time_limit: float, limits: Limits, clock: Clock) -> _Findings:
    """The findings without enumerating the space: frontiers issue by issue (additive
    utilities, single-issue constraints) and the deadlock diagnosis by CP-SAT
    (:mod:`accord.analysis.solver`). Nothing is counted: ZOPA sizes are ``None``."""
    from accord.analysis.solver import solver_diagnosis

    notes = [
        f"the space ({cs.n_outcomes:.3g} packages) was not enumerated: the diagnosis comes "
        "from a constraint solver (CP-SAT), and packages are not counted"
    ]
    caps: dict[str, Cap] = {}
    k, p = len(cs.allowed), cs.bargaining.size
    if cs.additive and cs.product_structure:
        ff, zf = _product_frontiers(cs, notes)
    else:
        ff = zf = Frontier.empty(k, p)
        notes.append(
            "Pareto frontiers and bargaining solutions need enumeration here (non-additive "
            "utilities or constraints coupling issues); use --stream"
        )
    remaining = clock.remaining()
    if remaining is not None:
        clock.check()
        time_limit = min(time_limit, remaining)
    # one set more than is listed tells whether the listing is complete
    cap = limits.relaxations
    sets = SOLVER_SETS if cap is None else min(SOLVER_SETS, cap + 1)
    diag = solver_diagnosis(cs, max_sets=sets, time_limit=time_limit)
    clock.check()
    notes.extend(diag.notes)
    deadlock: Deadlock | None = None
    if diag.infeasible:
        deadlock = Deadlock((), (), infeasible=True)
    elif diag.acceptable_exists is False:
        conflicts: tuple[tuple[RequirementRef, ...], ...] = ()
        if diag.complete:
            conflicts = _conflicts(cs, diag.mcs, limits, caps, notes, clock.check)
        relaxations = [
            _relaxation_of(cs, row, diag.packages[n], diag.ideals, None)
            for n, row in enumerate(diag.mcs)
        ]
        total = len(relaxations) if diag.complete else None
        deadlock = _deadlock(conflicts, relaxations, total, limits, caps, p)
    return _Findings(
        n_feasible=None,
        zopa=Zopa(exists=diag.acceptable_exists),
        feasible_frontier=ff,
        zopa_frontier=zf,
        top={},
        deadlock=deadlock,
        notes=notes,
        caps=caps,
    )


def analyze(
    scenario: Scenario,
    *,
    top: int = 5,
    stream: bool = False,
    max_outcomes: int = DEFAULT_MAX_OUTCOMES,
    chunk: int = DEFAULT_CHUNK,
    partial: bool = True,
    solver: bool = False,
    time_limit: float = 60.0,
    limits: Limits | None = None,
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
        constraint solver (CP-SAT, within ``time_limit`` seconds, seeking one relaxation
        more than ``limits.relaxations`` lists, at most :data:`SOLVER_SETS`), for spaces too
        large to enumerate. Sizes are then not counted.
    limits
        Caps on what is listed and a time budget (:class:`Limits`; default ``Limits()``).
        What was cut is in :attr:`Analysis.capped` and the notes.

    Raises
    ------
    ScenarioError
        No bargaining party.
    SpaceTooLargeError
        Over ``max_outcomes`` outcomes without ``stream`` or ``solver``.
    ConfigurationError
        A parameter out of range (the message names it).
    BudgetExceeded
        ``limits.seconds`` ran out.

    Examples
    --------
    >>> from accord.io import load_scenario
    >>> a = analyze(load_scenario("geneva-2026"), solver=True)
    >>> a.zopa.exists, [p.issues for p in a.partial_agreements if p.maximal][:1]
    (False, [('ceasefire_monitoring', 'energy_truce', 'prisoner_exchange')])
    """
    for name, value, low in (
        ("top", top, 0),
        ("max_outcomes", max_outcomes, 1),
        ("chunk", chunk, 1),
    ):
        if value < low:
            raise ParameterError(name, f"must be >= {low} (got {value})")
    if not time_limit > 0:
        raise ParameterError("time_limit", f"must be > 0 (got {time_limit})")
    limits = Limits() if limits is None else limits
    clock = Clock(limits.seconds)
    cs = compile_scenario(scenario)
    if cs.bargaining.size == 0:
        raise ScenarioError("the scenario has no bargaining party (role: party)", path="parties")
    if solver:
        found = _solve(cs, time_limit, limits, clock)
    else:
        if cs.n_outcomes > max_outcomes and not stream:
            raise SpaceTooLargeError(
                f"the outcome space has {count_text(cs.n_outcomes)} outcomes, over the in-memory "
                f"limit of {max_outcomes:,}; ask for streaming (--stream), for the constraint "
                "solver (--solver), or raise the limit (--max-outcomes)"
            )
        found = _enumerate(_Space(cs, stream, max_outcomes, chunk, clock), top, limits)
    result = _result(scenario, cs, found, top=top, partial=partial, limits=limits, clock=clock)
    if scenario.ratification:
        result = _with_two_level(cs, result, top, max_outcomes)
    return result


def _with_two_level(
    cs: CompiledScenario, result: Analysis, top: int, max_outcomes: int
) -> Analysis:
    """``result`` with the two-level analysis of the scenario's ratification stages
    (:func:`accord.analysis.ratification.two_level`), or a note when the space is too large
    to hold (the two-level analysis enumerates it)."""
    from dataclasses import replace

    from accord.analysis.ratification import two_level

    if cs.n_outcomes > max_outcomes:
        note = (
            f"two-level analysis: not done, the space ({count_text(cs.n_outcomes)} packages) is "
            f"over the in-memory limit of {max_outcomes:,} it needs"
        )
        return replace(result, notes=(*result.notes, note))
    return replace(result, two_level=two_level(cs, result, top=top, max_outcomes=max_outcomes))
