"""Simulating many scenario variants at once under alternating offers.

The batch engine (:func:`accord.negotiation.batch.run_batch`) vectorizes runs that share
one compiled scenario; in a sweep every run has its own variant. This engine vectorizes
over variants instead: per party, each variant's acceptable outcomes are sorted by its
utility in one ``argsort`` over a ``(runs, outcomes)`` array, targets for every round come
from the strategy's concession curve, offers from one comparison count, and the turns of
the protocol are a loop over rounds whose body is array operations over the runs still
talking. It follows the state machine of :mod:`accord.negotiation.alternating` step by
step, so without drift it gives the same agreement, outcome and rounds as the step engine
on :func:`accord.sweep.variants.variant_scenario` (a test checks this).

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

from accord.negotiation.acceptance import Acceptance
from accord.negotiation.batch import run_batch
from accord.negotiation.registry import get_protocol
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ScheduledStrategy, Strategy, round_times
from accord.negotiation.view import PartyView
from accord.space import compile_scenario
from accord.sweep.variants import Base, Variants, variant_scenario

Float = NDArray[np.float64]
Bool = NDArray[np.bool_]
Index = NDArray[np.intp]

AGREEMENT, DEADLINE, WALK_OUT = 0, 1, 2
ENDING_NAMES = ("agreement", "deadline", "walk_out")

_EPS = 1e-12
#: Comparison cells held at once when picking offers (bounds memory).
_CELLS = 1 << 23

ALTERNATING = "alternating-offers"


@dataclass(frozen=True, slots=True, eq=False)
class Simulated:
    """Per run: ``ending`` code, agreed ``outcome`` (-1 without), ``rounds`` held."""

    ending: NDArray[np.int8]
    outcome: NDArray[np.int64]
    rounds: NDArray[np.int32]


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
    if not isinstance(strategy, ScheduledStrategy):
        return None
    times = round_times(rounds)
    cls = type(strategy)
    # best 0, worst -1 gives exactly -alpha: 0 - alpha * (0 - (-1))
    alpha = -np.asarray(cls.target_schedules([strategy], _probe(party, [-1.0, -0.4, 0.0]), times))[
        0
    ]
    for lo, mid, hi in ((0.5, 1.7, 2.5), (-3.0, 0.1, 0.25), (0.2, 0.2, 0.2)):
        got = np.asarray(cls.target_schedules([strategy], _probe(party, [lo, mid, hi]), times))[0]
        if not np.allclose(got, hi - alpha * (hi - lo), rtol=0.0, atol=1e-9):
            return None
    return np.asarray(alpha, dtype=np.float64)


@dataclass(frozen=True, slots=True, eq=False)
class _Side:
    """One party's plan for every run: offers and their utilities per round, and what it
    may accept."""

    u: Float  # (n, O)
    base_ok: Bool  # (n, O) feasible and its firm red lines hold
    floor: Float  # (n, R)
    can_act: Bool  # (n, R) something acceptable is left
    offer: Index  # (n, R)
    offer_u: Float  # (n, R)
    acceptance: Acceptance


def _side(
    base: Base,
    v: Variants,
    u: Float,
    k: int,
    *,
    alpha: Float,
    acceptance: Acceptance,
    start: Float,
    step: Float,
    rounds: int,
) -> _Side:
    n, o = u.shape
    col = int(base.bargaining[k])
    own = np.flatnonzero(base.red_owner == k)
    if own.size:
        real = v.real[:, base.red_index[own]]  # (n, m)
        broken = (base.red_violation[None, :, own] & real[:, None, :]).any(axis=2)
        ok = base.feasible[None, :] & ~broken
    else:
        ok = np.broadcast_to(base.feasible, (n, o)).copy()
    key = np.where(ok, u, np.inf)
    order = np.argsort(key, axis=1, kind="stable")
    sorted_u = np.take_along_axis(key, order, axis=1)
    n_ok = ok.sum(axis=1)
    r = np.arange(rounds, dtype=np.float64)
    floor = start[:, col, None] + step[:, col, None] * r[None, :]
    has = n_ok > 0
    top = np.maximum(n_ok - 1, 0)
    best = np.where(has, sorted_u[np.arange(n), top], -np.inf)
    can_act = has[:, None] & (best[:, None] >= floor - _EPS)
    last = floor[:, -1] - _EPS
    first_ok = (sorted_u < last[:, None]).sum(axis=1)
    worst = np.where(first_ok < n_ok, sorted_u[np.arange(n), np.minimum(first_ok, top)], best)
    targets = best[:, None] - alpha[None, :] * (best - worst)[:, None]
    thr = np.maximum(targets, floor) - _EPS
    j = np.empty((n, rounds), dtype=np.intp)
    per = max(1, _CELLS // max(1, n * o))
    for a in range(0, rounds, per):
        b = min(rounds, a + per)
        j[:, a:b] = (sorted_u[:, None, :] < thr[:, a:b, None]).sum(axis=2)
    j = np.minimum(j, top[:, None])
    offer = np.take_along_axis(order, j, axis=1)
    offer_u = np.take_along_axis(sorted_u, j, axis=1)
    return _Side(u, ok, floor, can_act, offer, offer_u, acceptance)


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
) -> Simulated:
    """Alternating offers for every variant of ``v`` (``u``: ``(n, n_bargaining, O)``)."""
    n = v.n
    sides = [
        _side(
            base,
            v,
            u[:, k, :],
            k,
            alpha=alphas[k],
            acceptance=acceptances[k],
            start=start,
            step=step,
            rounds=rounds,
        )
        for k in range(base.bargaining.size)
    ]
    n_par = len(sides)
    ending = np.full(n, DEADLINE, dtype=np.int8)
    outcome = np.full(n, -1, dtype=np.int64)
    held = np.full(n, rounds, dtype=np.int32)
    times = round_times(rounds).tolist()
    standing = np.full(n, -1, dtype=np.intp)
    accepted = np.zeros(n, dtype=np.intp)
    active = np.arange(n, dtype=np.intp)
    for r in range(rounds):
        t = times[r]
        for k, s in enumerate(sides):
            if active.size == 0:
                break
            walk = ~s.can_act[active, r]
            if walk.any():
                gone = active[walk]
                ending[gone] = WALK_OUT
                held[gone] = r + 1
                active = active[~walk]
            if r == 0 and k == 0:
                standing[active] = s.offer[active, 0]
                continue
            so = standing[active]
            uo = s.u[active, so]
            ok = s.base_ok[active, so] & (uo >= s.floor[active, r] - _EPS)
            acc = ok & s.acceptance.accepts_array(uo, s.offer_u[active, r], np.full(uo.shape, t))
            count = np.where(acc, accepted[active] + 1, 0)
            accepted[active] = count
            rej = active[~acc]
            standing[rej] = s.offer[rej, r]
            done = count == n_par - 1
            if done.any():
                fin = active[done]
                ending[fin] = AGREEMENT
                outcome[fin] = standing[fin]
                held[fin] = r + 1
                active = active[~done]
        if active.size == 0:
            break
    return Simulated(ending, outcome, held)


def simulate_fallback(
    base: Base,
    v: Variants,
    *,
    protocol: str,
    strategies: Mapping[str, Strategy],
    schedule: Schedule,
    gens: Sequence[np.random.Generator],
) -> Simulated:
    """Variant by variant on the negotiation package's engines (any strategy or protocol;
    reservation values at their start value: drift is not applied here)."""
    n = v.n
    compiled = [compile_scenario(variant_scenario(base, v, i)) for i in range(n)]
    if protocol == ALTERNATING:
        res = run_batch(compiled, [strategies] * n, schedule, list(gens))
        return Simulated(
            res.ending.astype(np.int8), res.outcome.astype(np.int64), res.rounds.astype(np.int32)
        )
    runner = get_protocol(protocol)
    ending = np.empty(n, dtype=np.int8)
    outcome = np.full(n, -1, dtype=np.int64)
    held = np.empty(n, dtype=np.int32)
    for i in range(n):
        res1 = runner(compiled[i], strategies, schedule, gens[i]).result
        ending[i] = ENDING_NAMES.index(str(res1.ending))
        outcome[i] = -1 if res1.agreement is None else int(res1.agreement)
        held[i] = res1.rounds
    return Simulated(ending, outcome, held)
