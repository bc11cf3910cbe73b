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

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Bool, Float, Index
from accord.negotiation.acceptance import Acceptance
from accord.negotiation.alternating import run_alternating
from accord.negotiation.batch import InverseUtilities, Side, Targets, alternate, run_batch
from accord.negotiation.registry import get_protocol
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ScheduledStrategy, Strategy, round_times
from accord.negotiation.view import PartyView
from accord.space import compile_scenario
from accord.sweep.variants import Base, Variants, variant_scenario

AGREEMENT, DEADLINE, WALK_OUT = 0, 1, 2
ENDING_NAMES = ("agreement", "deadline", "walk_out")

ALTERNATING = "alternating-offers"


@dataclass(frozen=True, slots=True, eq=False)
class Simulated:
    """Per run: ``ending`` code, agreed ``outcome`` (-1 without), ``rounds`` held, and
    (``open``, ``(runs, issues)``, or ``None`` when every agreement settles every issue)
    the issues each run's agreement leaves open."""

    ending: NDArray[np.int8]
    outcome: NDArray[np.int64]
    rounds: NDArray[np.int32]
    open: Bool | None = None


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


def _alpha_targets(alpha: Float) -> Targets:
    """Targets ``best - alpha(t) * (best - worst)`` per run (``alpha`` per round, or per
    run and round)."""
    if alpha.ndim == 2:

        def per_run(runs: Index, best: Float, worst: Float, rounds: slice) -> Float:
            return best[:, None] - alpha[runs, rounds] * (best - worst)[:, None]

        return per_run

    def targets(runs: Index, best: Float, worst: Float, rounds: slice) -> Float:
        return best[:, None] - alpha[None, rounds] * (best - worst)[:, None]

    return targets


def simulate_vectorized(
    base: Base,
    v: Variants,
    u: Float,
    *,
    alphas: Sequence[Float],
    acceptances: Sequence[Acceptance],
    start: Float,
    step: Float,
    rounds: int,
    floors: Float | None = None,
    times: Float | None = None,
    deadlines: Index | None = None,
) -> Simulated:
    """Alternating offers for every variant of ``v`` (``u``: ``(n, n_bargaining, O)``) on
    the batch engine (:func:`accord.negotiation.batch.alternate`): per-run utilities, the
    firm red lines of each variant and the drifting reservation value as a floor.

    Runs on a sampled calendar give ``alphas`` per run and round, ``floors``
    (``(n, P, rounds)``: each party's reservation value per round, from the rounds' dates)
    ``times`` (``(n, rounds)``, each run's relative time) and ``deadlines`` (each run's own
    number of rounds)."""
    n = v.n
    o = base.n_outcomes
    r = np.arange(rounds, dtype=np.float64)
    sides = []
    for k in range(base.bargaining.size):
        col = int(base.bargaining[k])
        own = np.flatnonzero(base.red_owner == k)
        if own.size:
            real = v.real[:, base.red_index[own]]  # (n, m)
            broken = (base.red_violation[None, :, own] & real[:, None, :]).any(axis=2)
            ok = base.feasible[None, :] & ~broken
        else:
            ok = np.broadcast_to(base.feasible, (n, o))
        sides.append(
            Side(
                InverseUtilities.of(u[:, k, :], ok),
                _alpha_targets(alphas[k]),
                acceptances[k],
                floor=start[:, col, None] + step[:, col, None] * r[None, :]
                if floors is None
                else floors[:, col, :],
            )
        )
    res = alternate(sides, rounds, n, times=times, deadlines=deadlines)
    return Simulated(res.ending, res.outcome.astype(np.int64), res.rounds.astype(np.int32))


def simulate_fallback(
    base: Base,
    v: Variants,
    *,
    protocol: str,
    strategies: Mapping[str, Strategy],
    schedule: Schedule | Sequence[Schedule],
    gens: Sequence[np.random.Generator],
    floors: Sequence[Float] | None = None,
) -> Simulated:
    """Variant by variant on the negotiation package's engines (any strategy or protocol).
    ``schedule`` is one for every run, or one per run. ``floors`` (optional, per run
    ``(parties, rounds)``) are drifting reservation values: alternating offers applies them
    on the step engine (the rules of :mod:`accord.negotiation.rules`, as the batch engine
    does); the other protocols see the reservation values at their start."""
    n = v.n
    compiled = [compile_scenario(variant_scenario(base, v, i)) for i in range(n)]
    schedules = [schedule] * n if isinstance(schedule, Schedule) else list(schedule)
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
