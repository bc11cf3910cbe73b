"""Simulating many scenario variants at once under alternating offers.

The sweep's adapter to the batch engine (:func:`accord.negotiation.batch.alternate`): every
run has its own variant, so each party's side is per-run utilities (sorted per variant in
one ``argsort`` over a ``(runs, outcomes)`` array), the firm red lines of each variant as
its acceptable mask, its drifting reservation value as a per-round floor, and targets from
the strategy's concession curve. The engine follows the state machine of
:mod:`accord.negotiation.alternating` step by step, so without drift it gives the same
agreement, outcome and rounds as the step engine on
:func:`accord.sweep.variants.variant_scenario` (a test checks this).

It handles :class:`~accord.negotiation.strategy.ScheduledStrategy` strategies whose target
is ``best - alpha(t) * (best - worst)`` (the time-dependent family, staller, hardliner);
this is checked on probe views when the sweep starts. Other strategies and protocols run
variant by variant on the negotiation package's engines (:func:`simulate_fallback`).

Drifting reservation values: at round ``r`` a party's floor is its reservation value at
``r`` (see :mod:`accord.sweep.variants`). It offers the outcome of lowest utility at or
above ``max(target, floor)``, accepts only offers at or above its floor, and walks away
when no outcome it may accept is left. Its concession curve runs from its best outcome to
its worst outcome acceptable at the deadline. Without drift these are exactly the step
engine's rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Bool, Float, Index
from accord.errors import ConfigurationError
from accord.negotiation.acceptance import Acceptance
from accord.negotiation.alternating import run_alternating
from accord.negotiation.batch import (
    InverseUtilities,
    Side,
    alternate,
    concession_targets,
    run_batch,
)
from accord.negotiation.registry import ALTERNATING, get_protocol
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ScheduledStrategy, Strategy, round_times
from accord.negotiation.tracks import text_settlement
from accord.negotiation.view import PartyView
from accord.space import CompiledScenario, compile_scenario
from accord.sweep.variants import Base, Variants, variant_scenario

AGREEMENT, DEADLINE, WALK_OUT = 0, 1, 2
ENDING_NAMES = ("agreement", "deadline", "walk_out")


@dataclass(frozen=True, slots=True, eq=False)
class Simulated:
    """Per run: ``ending`` code, agreed ``outcome`` (-1 without), ``rounds`` held, and
    (``open``, ``(runs, issues)``, or ``None`` when every agreement settles every issue)
    the issues each run's agreement leaves open. On a scenario with tracks, per run and
    settlement group: ``group_agreed`` (``(runs, groups)``) and ``group_rounds`` (the
    rounds held when the group settled, or in all)."""

    ending: NDArray[np.int8]
    outcome: NDArray[np.int64]
    rounds: NDArray[np.int32]
    open: Bool | None = None
    group_agreed: Bool | None = None
    group_rounds: NDArray[np.int32] | None = None
    group_ending: NDArray[np.int8] | None = None
    group_outcome: NDArray[np.int64] | None = None
    group_held: NDArray[np.int32] | None = None


@dataclass(frozen=True, slots=True, eq=False)
class GroupSpace:
    """One settlement group of a scenario with tracks
    (:func:`accord.model.track.settlement_groups`) in the sweep's base space: its ``id``,
    ``tracks``, ``issues`` (positions), ``sub`` (the full-space outcomes where every other
    issue is at its status quo) and ``red`` (which of the base's engaged red lines it
    engages: those whose trigger issue is in the group). ``whole``: the core group beside
    separable tracks, which negotiates the whole package (every outcome, every red line):
    what it agrees is the full agreement."""

    id: str
    tracks: tuple[str, ...]
    issues: Index
    sub: Index
    red: Bool
    whole: bool = False


def group_spaces(base: Base) -> tuple[GroupSpace, ...]:
    """The settlement groups of ``base``'s scenario as sub-spaces (``()`` without tracks)."""
    from accord.model.track import settlement_groups

    sc = base.scenario
    ids = tuple(i.id for i in sc.issues)
    groups = settlement_groups(sc.tracks, ids)
    if not groups:
        return ()
    sq = []
    for issue in sc.issues:
        k = issue.status_quo_index
        if k is None:
            raise ConfigurationError(
                f"issue {issue.id!r} has no status quo: with tracks, an issue outside a "
                "group that settles stays at its status quo; give it one (status_quo:)"
            )
        sq.append(k)
    sq_a = np.asarray(sq, dtype=np.intp)
    red_lines = sc.red_lines
    trigger = [
        (r.condition.when.issue if r.condition.when is not None else r.condition.must.issue)
        for r in (red_lines[int(i)] for i in base.red_index)
    ]
    out = []
    n_red = base.red_index.size
    for g in groups:
        cols = np.asarray([ids.index(i) for i in g.issues], dtype=np.intp)
        if not g.separable and len(groups) > 1:
            every = np.arange(base.n_outcomes, dtype=np.intp)
            out.append(GroupSpace(g.id, g.tracks, cols, every, np.ones(n_red, bool), True))
            continue
        others = np.setdiff1d(np.arange(len(ids)), cols)
        keep = (base.positions[:, others] == sq_a[None, others]).all(axis=1)
        red = np.asarray([t in g.issues for t in trigger], dtype=bool)
        out.append(GroupSpace(g.id, g.tracks, cols, np.flatnonzero(keep).astype(np.intp), red))
    return tuple(out)


def _probe(party: str, utilities: list[float]) -> PartyView:
    u = np.asarray(utilities, dtype=np.float64)
    n = u.size
    ones = np.ones(n, dtype=bool)
    return PartyView(
        party=party,
        column=0,
        parties=(party,),
        utilities=u,
        acceptable=ones,
        order=np.arange(n, dtype=np.intp),
        sorted_utilities=u,
        reservation=float(u[0]),
        issue_values=(),
        positions=np.zeros((n, 0), dtype=np.intp),
        issue_ids=(),
        red_line_issues=(),
        red_line_ok=ones,
    )


def concession(strategy: Strategy, party: str, rounds: int) -> Float | None:
    """``alpha(t)`` per round when ``strategy``'s targets are
    ``best - alpha(t) * (best - worst)``; ``None`` when they are not (or it is not a
    scheduled strategy)."""
    return concession_at(strategy, party, round_times(rounds))


def concession_at(strategy: Strategy, party: str, times: Float) -> Float | None:
    """``alpha(t)`` at the relative times ``times`` (any shape) when ``strategy``'s targets
    are ``best - alpha(t) * (best - worst)``; ``None`` when they are not."""
    if not isinstance(strategy, ScheduledStrategy):
        return None
    shape = np.shape(times)
    times = np.asarray(times, dtype=np.float64).ravel()
    if times.size == 0:
        return np.zeros(shape, dtype=np.float64)
    cls = type(strategy)
    # best 0, worst -1 gives exactly -alpha: 0 - alpha * (0 - (-1))
    alpha = -np.asarray(cls.target_schedules([strategy], _probe(party, [-1.0, -0.4, 0.0]), times))[
        0
    ]
    for lo, mid, hi in ((0.5, 1.7, 2.5), (-3.0, 0.1, 0.25), (0.2, 0.2, 0.2)):
        got = np.asarray(cls.target_schedules([strategy], _probe(party, [lo, mid, hi]), times))[0]
        if not np.allclose(got, hi - alpha * (hi - lo), rtol=0.0, atol=1e-9):
            return None
    return np.asarray(alpha, dtype=np.float64).reshape(shape)


def simulate_vectorized(
    base: Base,
    v: Variants,
    u: Float,
    *,
    alphas: Sequence[Float],
    acceptances: Sequence[Acceptance],
    floors: Float,
    rounds: int,
    times: Float | None = None,
    deadlines: Index | None = None,
    groups: tuple[GroupSpace, ...] = (),
) -> Simulated:
    """Alternating offers for every variant of ``v`` (``u``: ``(n, n_bargaining, O)``) on
    the batch engine (:func:`accord.negotiation.batch.alternate`): per-run utilities, the
    firm red lines of each variant and ``floors`` (``(n, P, rounds)``, each party's
    reservation value per round: :func:`accord.sweep.variants.floors`).

    With ``groups`` (a scenario with tracks), each settlement group is negotiated side by
    side in the same rounds, over its own sub-space (the other issues at their status quo,
    only its own red lines engaged); a run's agreement combines the groups that settled
    (:func:`combine_groups`).

    Runs on a sampled calendar give ``alphas`` per run and round, floors from the rounds'
    dates, ``times`` (``(n, rounds)``, each run's relative time) and ``deadlines`` (each
    run's own number of rounds)."""
    n = v.n

    def ok_of(k: int, sub: Index | None, engaged: Bool | None) -> Bool:
        """Party ``k``'s acceptable outcomes of the space ``sub`` (``None``: every outcome)
        per run: feasible, and no engaged firm red line of its own broken."""
        own = np.flatnonzero((base.red_owner == k) & (True if engaged is None else engaged))
        feasible = base.feasible if sub is None else base.feasible[sub]
        if not own.size:
            return np.broadcast_to(feasible, (n, feasible.size))
        real = v.real[:, base.red_index[own]]  # (n, m)
        viol = base.red_violation[:, own] if sub is None else base.red_violation[sub][:, own]
        broken = (viol[None, :, :] & real[:, None, :]).any(axis=2)
        return np.asarray(feasible[None, :] & ~broken)

    def run(gs: Sequence[GroupSpace | None]) -> list[tuple[Any, ...]]:
        """Negotiate the spaces ``gs`` (``None``: the whole package) in one call of the
        batch engine, each as its own block of runs (runs are independent there)."""
        m = len(gs)
        subs = [None if g is None else g.sub for g in gs]
        width = max(base.n_outcomes if x is None else x.size for x in subs)
        sides = []
        for k in range(base.bargaining.size):
            if m == 1:
                sub = subs[0]
                uk = u[:, k, :] if sub is None else u[:, k, sub]
                ok = ok_of(k, sub, None if gs[0] is None else gs[0].red)
            else:
                uk = np.zeros((m * n, width), dtype=np.float64)
                ok = np.zeros((m * n, width), dtype=bool)
                for j, g in enumerate(gs):
                    sub = subs[j]
                    w = base.n_outcomes if sub is None else sub.size
                    rows = slice(j * n, (j + 1) * n)
                    uk[rows, :w] = u[:, k, :] if sub is None else u[:, k, sub]
                    ok[rows, :w] = ok_of(k, sub, None if g is None else g.red)
            a = alphas[k]
            fl = floors[:, int(base.bargaining[k]), :]
            sides.append(
                Side(
                    InverseUtilities.of(uk, ok),
                    concession_targets(np.tile(a, (m, 1)) if a.ndim == 2 and m > 1 else a),
                    acceptances[k],
                    floor=np.tile(fl, (m, 1)) if m > 1 else fl,
                )
            )
        res = (
            alternate(
                sides,
                rounds,
                m * n,
                times=None if times is None or m == 1 else np.tile(times, (m, 1)),
                deadlines=None if deadlines is None or m == 1 else np.tile(deadlines, m),
            )
            if m > 1
            else alternate(sides, rounds, n, times=times, deadlines=deadlines)
        )
        out = []
        for j, sub in enumerate(subs):
            rows = slice(j * n, (j + 1) * n)
            o = res.outcome[rows].astype(np.int64)
            if sub is not None:
                o = np.where(o >= 0, sub[np.maximum(o, 0)], -1)
            out.append((res.ending[rows], o, res.rounds[rows].astype(np.int32)))
        return out

    if not groups:
        ending, outcome, held = run([None])[0]
        return Simulated(ending, outcome, held)
    # the whole package alone; the separable tracks' small spaces in one call
    parts: list[tuple[Any, ...] | None] = [None] * len(groups)
    small = [j for j, g in enumerate(groups) if not g.whole]
    for j, g in enumerate(groups):
        if g.whole:
            parts[j] = run([None])[0]
    if small:
        for j, got in zip(small, run([groups[j] for j in small]), strict=True):
            parts[j] = got
    done = [p for p in parts if p is not None]
    return combine_groups(
        base,
        groups,
        np.stack([p[0] for p in done], axis=1),
        np.stack([p[1] for p in done], axis=1),
        np.stack([p[2] for p in done], axis=1),
    )


def combine_groups(
    base: Base,
    groups: tuple[GroupSpace, ...],
    ending: NDArray[np.int8],
    outcome: NDArray[np.int64],
    held: NDArray[np.int32],
) -> Simulated:
    """One run's result from its groups' (``(runs, groups)`` arrays of ending, full-space
    outcome and rounds).

    An agreement when any group settled. A group that negotiates the whole package (the
    core, when separable tracks exist: "nothing is agreed until everything is agreed")
    settles every issue when it agrees, and is the full agreement; a separable track that
    settled before it keeps what it agreed (the comprehensive agreement takes it over).
    Otherwise the package is the settled groups' options with every other issue at its
    status quo (those issues open), full when every group settled. Without any agreement:
    a walk-out when every group walked out, else the deadline. ``rounds``: those held when
    the last piece settled (with an agreement), else the most any group held.
    ``group_agreed`` / ``group_rounds``: each group settled (on its own or in the core
    package) and when."""
    n = ending.shape[0]
    agreed = ending == AGREEMENT
    eff = agreed.copy()
    eff_held = np.where(agreed, held, 0).astype(np.int64)
    whole = [j for j, g in enumerate(groups) if g.whole]
    core_ok = np.zeros(n, dtype=bool)
    core_held = np.zeros(n, dtype=np.int64)
    if whole:
        w = whole[0]
        core_ok = agreed[:, w]
        core_held = held[:, w].astype(np.int64)
        for j in range(len(groups)):
            if j == w:
                continue
            own_first = agreed[:, j] & (~core_ok | (held[:, j] <= core_held))
            eff[:, j] = agreed[:, j] | core_ok
            eff_held[:, j] = np.where(own_first, held[:, j], np.where(core_ok, core_held, 0))
    any_ = eff.any(axis=1)
    k_issues = base.positions.shape[1]
    sq = np.asarray([i.status_quo_index or 0 for i in base.scenario.issues], dtype=np.intp)
    pos = np.broadcast_to(sq, (n, k_issues)).copy()
    open_ = np.ones((n, k_issues), dtype=bool)
    if whole and core_ok.any():
        rows = np.flatnonzero(core_ok)
        pos[rows] = base.positions[outcome[rows, whole[0]]]
        open_[rows] = False
    for j, g in enumerate(groups):
        if g.whole:
            continue
        own_first = agreed[:, j] & (~core_ok | (held[:, j] <= core_held))
        if own_first.any():
            rows = np.flatnonzero(own_first)
            got = base.positions[outcome[rows, j]]
            pos[np.ix_(rows, g.issues)] = got[:, g.issues]
            open_[np.ix_(rows, g.issues)] = False
    sizes = [i.size for i in base.scenario.issues]
    index = np.ravel_multi_index(pos.T, sizes).astype(np.int64)
    walked = (ending == WALK_OUT).all(axis=1)
    end = np.where(any_, AGREEMENT, np.where(walked, WALK_OUT, DEADLINE)).astype(np.int8)
    rounds = np.where(any_, np.where(eff, eff_held, 0).max(axis=1), held.max(axis=1))
    eff_rounds = np.where(eff, eff_held, held)
    return Simulated(
        end,
        np.where(any_, index, -1),
        rounds.astype(np.int32),
        open_ & any_[:, None],
        eff,
        eff_rounds.astype(np.int32),
        ending.astype(np.int8),
        outcome.astype(np.int64),
        held.astype(np.int32),
    )


def simulate_fallback(
    base: Base,
    v: Variants,
    *,
    protocol: str,
    strategies: Mapping[str, Strategy],
    schedule: Schedule | Sequence[Schedule],
    gens: Sequence[np.random.Generator],
    floors: Sequence[Float] | None = None,
    groups: tuple[GroupSpace, ...] = (),
) -> Simulated:
    """Variant by variant on the negotiation package's engines (any strategy or protocol);
    with ``groups`` (a scenario with tracks), each settlement group negotiated in turn over
    its own space (:func:`simulate_groups`).
    ``schedule`` is one for every run, or one per run. ``floors`` (optional, per run
    ``(parties, rounds)``) are drifting reservation values: alternating offers applies them
    on the step engine (the rules of :mod:`accord.negotiation.rules`, as the batch engine
    does); the other protocols see the reservation values at their start."""
    n = v.n
    compiled = [compile_scenario(variant_scenario(base, v, i)) for i in range(n)]
    schedules = [schedule] * n if isinstance(schedule, Schedule) else list(schedule)
    if groups:
        return simulate_groups(
            base, compiled, protocol, strategies, schedules, gens, floors, groups
        )
    if protocol == ALTERNATING and floors is not None:
        ending = np.empty(n, dtype=np.int8)
        outcome = np.full(n, -1, dtype=np.int64)
        held = np.empty(n, dtype=np.int32)
        cols = base.bargaining
        for i in range(n):
            rounds = schedules[i].rounds
            fl = np.asarray(floors[i])[cols, :rounds]
            res1 = run_alternating(compiled[i], strategies, schedules[i], gens[i], floors=fl).result
            ending[i] = ENDING_NAMES.index(str(res1.ending))
            outcome[i] = -1 if res1.agreement is None else int(res1.agreement)
            held[i] = res1.rounds
        return Simulated(ending, outcome, held)
    if protocol == ALTERNATING:
        res = run_batch(compiled, [strategies] * n, schedules, list(gens))
        return Simulated(
            res.ending.astype(np.int8), res.outcome.astype(np.int64), res.rounds.astype(np.int32)
        )
    runner = get_protocol(protocol)
    ending = np.empty(n, dtype=np.int8)
    outcome = np.full(n, -1, dtype=np.int64)
    held = np.empty(n, dtype=np.int32)
    ids = [i.id for i in base.scenario.issues]
    open_ = np.zeros((n, len(ids)), dtype=bool)
    for i in range(n):
        res1 = runner(compiled[i], strategies, schedules[i], gens[i]).result
        ending[i] = ENDING_NAMES.index(str(res1.ending))
        outcome[i] = -1 if res1.agreement is None else int(res1.agreement)
        held[i] = res1.rounds
        for issue in res1.open_issues:
            open_[i, ids.index(issue)] = True
    return Simulated(ending, outcome, held, open_ if open_.any() else None)


def simulate_groups(
    base: Base,
    compiled: Sequence[CompiledScenario],
    protocol: str,
    strategies: Mapping[str, Strategy],
    schedules: Sequence[Schedule],
    gens: Sequence[np.random.Generator],
    floors: Sequence[Float] | None,
    groups: tuple[GroupSpace, ...],
) -> Simulated:
    """The tracks of a session on the step engines, run by run: each settlement group
    negotiated over its space (:meth:`CompiledScenario.restrict`: the other issues at
    their status quo, only the group's red lines engaged; the whole package for the core
    beside separable tracks) with the same rounds, then combined as the batch engine does
    (:func:`combine_groups`). A group settles when its agreement leaves none of its issues
    open; a partial text of the core (single text) settles the separable tracks it
    settles entirely."""
    n = len(compiled)
    g_n = len(groups)
    ending = np.full((n, g_n), DEADLINE, dtype=np.int8)
    outcome = np.full((n, g_n), -1, dtype=np.int64)
    held = np.zeros((n, g_n), dtype=np.int32)
    sizes = [i.size for i in base.scenario.issues]
    ids = [i.id for i in base.scenario.issues]
    runner = get_protocol(protocol)
    cols = base.bargaining
    mine = [frozenset(ids) if g.whole else frozenset(ids[int(k)] for k in g.issues) for g in groups]
    whole = [g.whole for g in groups]
    for i in range(n):
        agreed = [False] * g_n
        left: list[frozenset[str]] = [frozenset()] * g_n
        for j, g in enumerate(groups):
            cs = (
                compiled[i]
                if g.whole
                else compiled[i].restrict(frozenset(ids[int(k)] for k in g.issues))
            )
            if protocol == ALTERNATING and floors is not None:
                rounds = schedules[i].rounds
                fl = np.asarray(floors[i])[cols, :rounds]
                res1 = run_alternating(cs, strategies, schedules[i], gens[i], floors=fl).result
            else:
                res1 = runner(cs, strategies, schedules[i], gens[i]).result
            code = ENDING_NAMES.index(str(res1.ending))
            held[i, j] = res1.rounds
            if res1.agreement is None:
                ending[i, j] = code
                continue
            a = int(res1.agreement)
            outcome[i, j] = int(
                np.ravel_multi_index(cs.to_original(cs.local_positions(a, a + 1))[0], sizes)
            )
            agreed[j], left[j] = True, frozenset(res1.open_issues)
        texts = text_settlement(mine, whole, agreed, left)
        for j in range(g_n):
            if texts.own[j]:
                ending[i, j] = AGREEMENT
            elif texts.by_partial[j] and texts.partial is not None:
                p = texts.partial
                ending[i, j], outcome[i, j], held[i, j] = AGREEMENT, outcome[i, p], held[i, p]
            elif agreed[j]:  # a text that left some of the group's issues open
                ending[i, j] = DEADLINE
        for j in range(g_n):
            if ending[i, j] != AGREEMENT:
                outcome[i, j] = -1
    return combine_groups(base, groups, ending, outcome, held)
