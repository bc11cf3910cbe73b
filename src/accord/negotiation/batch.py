"""The batch engine: many alternating-offers negotiations at once.

Runs differ in strategy parameters, seeds and deadlines, and may each have their own
scenario variant (sweeps). One engine, :func:`alternate`, serves both cases: each
bargaining party is a :class:`Side` holding its inverse utilities (acceptable outcomes
sorted by its utility, :class:`InverseUtilities`), one table shared by every run or one
table per run, its targets, acceptance conditions and, optionally, a floor per round (a
drifting reservation value). A shared table is sorted once (for :func:`run_batch`, once per
party and compiled scenario, :func:`~accord.negotiation.view.party_views`) and offers are
one ``searchsorted`` per block of rounds; per-run tables are sorted in one ``argsort`` and
offers come from a comparison count.

:func:`run_batch` vectorizes runs whose strategies are all
:class:`~accord.negotiation.strategy.ScheduledStrategy` (time-dependent family, hardliner,
staller: offers depend on time only): every run's targets come from one call per strategy
class, and the turns of the protocol are a loop over rounds whose body is array operations
over the runs still talking. It follows exactly the state machine of
:mod:`accord.negotiation.alternating`, so for these strategies it gives the same
agreement, outcome and number of rounds as the step-by-step engine (a test checks this on
random scenarios). Runs with other strategies fall back to the step engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Bool, Float, Index
from accord.errors import ConfigurationError
from accord.negotiation import rules
from accord.negotiation.acceptance import Acceptance
from accord.negotiation.alternating import bargaining_columns, run_alternating
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ScheduledStrategy, Strategy, round_times
from accord.negotiation.transcript import Ending
from accord.negotiation.view import PartyView, party_views
from accord.randomness import RNG, child_seed, seed_sequence
from accord.space import CompiledScenario

#: Ending codes of :attr:`BatchResult.ending`.
ENDINGS: tuple[Ending, ...] = (Ending.AGREEMENT, Ending.DEADLINE, Ending.WALK_OUT)
_AGREE, _DEADLINE, _WALK = 0, 1, 2
#: Rounds whose offers are prepared at once.
_BLOCK = 16


@dataclass(frozen=True, slots=True, eq=False)
class BatchResult:
    """Per-run arrays: ``agreement`` flags, agreed ``outcome`` index (-1 without
    agreement), ``rounds`` held, ``ending`` code (index into :data:`ENDINGS`) and
    ``utilities`` ``(runs, n_parties)`` (reservation values without agreement)."""

    parties: tuple[str, ...]
    agreement: Bool
    outcome: Index
    rounds: Index
    ending: NDArray[np.int8]
    utilities: Float

    @property
    def runs(self) -> int:
        """Number of runs in the batch."""
        return int(self.agreement.size)

    def summary(self) -> dict[str, Any]:
        """Counts as :meth:`accord.negotiation.simulation.Simulation.summary` names them
        (alternating offers: every agreement settles every issue, so it is full)."""
        n = self.runs
        full = int(self.agreement.sum())
        return {
            "runs": n,
            "full_agreements": full,
            "partial_agreements": 0,
            "p_full": full / n if n else 0.0,
            "p_partial": full / n if n else 0.0,
            "mean_rounds": float(self.rounds.mean()) if n else 0.0,
        }


def _as_list(x: object, runs: int, what: str) -> list[Any]:
    if isinstance(x, Sequence) and not isinstance(x, str | Schedule):
        if len(x) != runs:
            raise ConfigurationError(f"{what}: {len(x)} values for {runs} runs")
        return list(x)
    return [x] * runs


def run_batch(
    compiled: CompiledScenario | Sequence[CompiledScenario],
    strategies: Sequence[Mapping[str, Strategy]],
    rounds: int | Schedule | Sequence[int | Schedule],
    rng: RNG | Sequence[RNG] = None,
    *,
    discount: bool = False,
    chunk: int = 8192,
) -> BatchResult:
    """Run ``len(strategies)`` alternating-offers negotiations.

    Parameters
    ----------
    compiled
        The compiled scenario, or one per run (scenario variants of a sweep; they must have
        the same parties). Runs sharing a variant share its inverse utilities.
    strategies
        Per run, the strategy of every bargaining party (party id -> strategy).
    rounds
        The round budget (or schedule), shared or one per run.
    rng
        One for all runs (an int, a Generator, a SeedSequence or None, see
        :mod:`accord.randomness`; run ``i`` gets its ``i``-th spawned child) or one per run.
        Only stochastic strategies (which fall back to the step engine) use it.
    discount
        Discount agreements by the parties' discount factors (GENIUS).
    chunk
        Runs simulated together at most (bounds memory).
    """
    runs = len(strategies)
    variants = _as_list(compiled, runs, "compiled")
    made: dict[int, Schedule] = {}  # one Schedule per distinct round budget, not per run
    budgets = [
        b if isinstance(b, Schedule) else made.get(b) or made.setdefault(b, Schedule.of(b))
        for b in _as_list(rounds, runs, "rounds")
    ]
    # per-run seeds are made only for the runs that use them (stochastic strategies):
    # spawning one child per run costs tens of microseconds each
    run_rngs: list[RNG] | None = None
    parent: np.random.SeedSequence | None = None
    if isinstance(rng, Sequence):
        run_rngs = _as_list(rng, runs, "rng")
    else:
        parent = seed_sequence(rng)
    first: CompiledScenario = variants[0] if runs else compiled  # type: ignore[assignment]
    n_parties = len(first.party_ids) if runs else 0
    agreement = np.zeros(runs, dtype=bool)
    outcome = np.full(runs, -1, dtype=np.intp)
    n_rounds = np.zeros(runs, dtype=np.intp)
    ending = np.full(runs, _DEADLINE, dtype=np.int8)
    utilities = np.zeros((runs, n_parties), dtype=np.float64)

    groups: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    kinds: dict[type, bool] = {}
    for i in range(runs):
        scheduled = True
        for s in strategies[i].values():
            kind = kinds.get(type(s))
            if kind is None:
                kind = kinds[type(s)] = issubclass(type(s), ScheduledStrategy)
            scheduled = scheduled and kind
        if scheduled:
            groups[(id(variants[i]), budgets[i].session_rounds)].append(i)
        else:
            if run_rngs is not None:
                rng = run_rngs[i]
            else:
                assert parent is not None
                rng = child_seed(parent, i)
            t = run_alternating(variants[i], strategies[i], budgets[i], rng, discount=discount)
            r = t.result
            agreement[i] = r.agreed
            outcome[i] = -1 if r.agreement is None else r.agreement
            n_rounds[i] = r.rounds
            ending[i] = ENDINGS.index(r.ending)
            utilities[i] = r.utilities
    for group in groups.values():
        # Scheduled strategies are deterministic: runs of one variant and budget whose
        # strategies are the same objects are the same negotiation, simulated once and
        # copied (``simulate --runs N`` with fixed strategies); distinct objects (the
        # sweeps' sampled parameters) each get their own run.
        first_of: dict[tuple[int, ...], int] = {}
        copies: list[tuple[int, int]] = []
        members = []
        for i in group:
            key = tuple(map(id, strategies[i].values()))
            j = first_of.get(key)
            if j is None:
                first_of[key] = i
                members.append(i)
            else:
                copies.append((i, j))
        for start in range(0, len(members), chunk):
            idx = np.asarray(members[start : start + chunk], dtype=np.intp)
            c = variants[int(idx[0])]
            a, o, nr, e, u = _vectorized(
                c, [strategies[int(i)] for i in idx], budgets[int(idx[0])], discount
            )
            agreement[idx], outcome[idx], n_rounds[idx], ending[idx], utilities[idx] = (
                a,
                o,
                nr,
                e,
                u,
            )
        if copies:
            dst = np.array([i for i, _ in copies], dtype=np.intp)
            src = np.array([j for _, j in copies], dtype=np.intp)
            agreement[dst], outcome[dst], n_rounds[dst] = (
                agreement[src],
                outcome[src],
                n_rounds[src],
            )
            ending[dst], utilities[dst] = ending[src], utilities[src]
    return BatchResult(
        first.party_ids if runs else (), agreement, outcome, n_rounds, ending, utilities
    )


#: Targets of a party: ``targets(runs, best, worst, rounds)`` gives the
#: ``(len(runs), len(rounds))`` target utilities of ``runs`` (indices into the batch) in the
#: rounds of the slice ``rounds``; ``best``/``worst`` are those runs' best outcome and worst
#: outcome acceptable at the deadline.
Targets = Callable[[Index, Float, Float, slice], Float]


@dataclass(frozen=True, slots=True, eq=False)
class InverseUtilities:
    """One party's utility tables sorted: the inverse utilities.

    ``utilities`` and ``acceptable`` are ``(T, n_outcomes)``; ``T`` is 1 when every run
    shares the table, else one table per run. ``order`` holds, per table, the acceptable
    outcomes sorted by utility (ascending, stable) in its first ``n_ok`` columns and
    ``sorted_utilities`` their utilities (``+inf`` in the padding, if any).
    """

    utilities: Float
    acceptable: Bool
    order: Index
    sorted_utilities: Float
    n_ok: Index
    #: ``sorted_utilities`` padded with ``+inf`` to a power-of-two width above theirs, the
    #: table :meth:`below` searches (built by :meth:`of` for per-run tables)
    padded: Float | None = None

    @property
    def shared(self) -> bool:
        """True when one sorted table serves every run (the utilities do not vary across runs)."""
        return int(self.utilities.shape[0]) == 1

    @classmethod
    def of(cls, utilities: Float, acceptable: Bool) -> InverseUtilities:
        """Sort ``(runs, n_outcomes)`` tables once per distinct table: arrays broadcast
        over runs (``np.broadcast_to``, stride 0) count as one table."""
        u0 = np.asarray(utilities, dtype=np.float64)
        ok0 = np.asarray(acceptable, dtype=bool)
        shape = np.broadcast_shapes(u0.shape, ok0.shape)
        u, ok = np.broadcast_to(u0, shape), np.broadcast_to(ok0, shape)
        if shape[0] == 1 or (u.strides[0] == 0 and ok.strides[0] == 0):
            u, ok = u[:1], ok[:1]
        key = np.where(ok, u, np.inf)
        order = np.argsort(key, axis=1, kind="stable")
        sorted_u = np.take_along_axis(key, order, axis=1)
        n_ok = ok.sum(axis=1).astype(np.intp)
        return cls(u, ok, order, sorted_u, n_ok, None if u.shape[0] == 1 else _padded(sorted_u))

    @classmethod
    def of_view(cls, view: PartyView) -> InverseUtilities:
        """The view's inverse utilities, computed once per compiled scenario, shared."""
        return cls(
            view.utilities[None, :],
            view.acceptable[None, :],
            view.order[None, :],
            view.sorted_utilities[None, :],
            np.array([view.order.size], dtype=np.intp),
        )

    def below(self, runs: Index, thresholds: Float) -> Index:
        """Per run and threshold (``(len(runs), k)``, ``runs`` ascending), how many sorted
        utilities lie below it: the position of the outcome of lowest utility at or above
        the threshold."""
        if self.shared:
            s = self.sorted_utilities[0]
            # schedules fall with time: reversed rows give ascending keys, which numpy's
            # searchsorted walks faster; the result is the same element by element
            keys = np.ascontiguousarray(thresholds[:, ::-1])
            j = np.searchsorted(s, keys.ravel(), side="left").reshape(keys.shape)
            return np.asarray(j[:, ::-1], dtype=np.intp)
        # one table per run: a binary search of every threshold at once, in each run's
        # row padded with +inf to a power of two (the count of sorted utilities below the
        # threshold, as comparing with each would give, in log2 steps)
        padded = _padded(self.sorted_utilities) if self.padded is None else self.padded
        size = padded.shape[1]
        flat = padded.ravel()
        start = np.asarray(runs, dtype=np.intp)[:, None] * size
        pos = np.repeat(start, thresholds.shape[1], axis=1)
        step = size >> 1
        while step:
            pos += step * (flat[pos + (step - 1)] < thresholds)
            step >>= 1
        return np.asarray(pos - start, dtype=np.intp)


def _padded(sorted_utilities: Float) -> Float:
    """``(T, 2**b)`` rows of ``sorted_utilities`` (``(T, w)``) followed by ``+inf``, with
    ``2**b > w``: the widths of a branch-free binary search."""
    width = int(sorted_utilities.shape[1])
    out = np.full((sorted_utilities.shape[0], 1 << width.bit_length()), np.inf)
    out[:, :width] = sorted_utilities
    return out


@dataclass(frozen=True, slots=True, eq=False)
class Side:
    """One bargaining party in every run of a vectorized batch.

    ``acceptance`` is one condition for all runs or, per condition, the runs that use it;
    ``floor`` (optional,
    ``(runs, rounds)``) is the party's reservation value per round when it drifts: it then
    offers the outcome of lowest utility at or above ``max(target, floor)``, accepts only
    offers at or above its floor and walks away when nothing it may accept is left (the
    rules of :mod:`accord.negotiation.rules`, which the step engine applies too).
    """

    tables: InverseUtilities
    targets: Targets
    acceptance: Acceptance | Mapping[Acceptance, Sequence[int] | Index]
    floor: Float | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Alternated:
    """Per run: ``ending`` code (index into :data:`ENDINGS`), agreed ``outcome`` (-1
    without agreement) and ``rounds`` held."""

    ending: NDArray[np.int8]
    outcome: Index
    rounds: Index


def alternate(
    sides: Sequence[Side],
    rounds: int,
    runs: int,
    *,
    times: Float | None = None,
    deadlines: Index | None = None,
) -> Alternated:
    """Alternating offers in ``runs`` runs at once, bargaining parties ``sides`` in turn
    order, ``rounds`` rounds: the state machine of :mod:`accord.negotiation.alternating`,
    each turn array operations over the runs still talking.

    Without floors it gives the step engine's agreement, outcome and rounds for scheduled
    strategies; with floors, the drifting-reservation rules of the class :class:`Side`.
    ``times`` (``(runs, rounds)``, optional) is each run's relative time per round, for
    runs whose schedules differ (default: ``r / (rounds - 1)`` for every run); the
    acceptance conditions see it. ``deadlines`` (optional) is each run's own number of
    rounds (at most ``rounds``): a run ends at the deadline after its last round, as if
    simulated alone with that many rounds.
    """
    n = len(sides)
    R = rounds
    run_times = times
    times = round_times(R)
    ending = np.full(runs, _DEADLINE, dtype=np.int8)
    outcome = np.full(runs, -1, dtype=np.intp)
    held = np.full(runs, R, dtype=np.intp)
    everyone = np.arange(runs, dtype=np.intp)

    has: list[Bool] = []
    best: list[Float] = []
    worst: list[Float] = []
    top: list[Index] = []
    always: list[bool] = []  # acts in every round of every run: no walk-out test needed
    can_act: list[Bool | None] = []  # (runs, rounds) with a floor: something is acceptable
    acceptance: list[list[tuple[Acceptance, Bool | None]]] = []
    for s in sides:
        tb = s.tables
        n_ok = np.broadcast_to(tb.n_ok, (runs,)) if tb.shared else tb.n_ok
        h = n_ok > 0
        tp = np.maximum(n_ok - 1, 0)
        live = everyone[h]
        b = np.full(runs, -np.inf)
        w = np.full(runs, -np.inf)
        if live.size:
            rows = np.zeros(live.size, dtype=np.intp) if tb.shared else live
            b[live] = tb.sorted_utilities[rows, tp[live]]
            if s.floor is None:
                w[live] = tb.sorted_utilities[rows, 0]
            else:
                # the worst outcome still acceptable at the deadline
                first = tb.below(live, rules.lowest_meeting(s.floor[live, -1])[:, None])[:, 0]
                w[live] = np.where(
                    first < n_ok[live],
                    tb.sorted_utilities[rows, np.minimum(first, tp[live])],
                    b[live],
                )
        has.append(h)
        best.append(b)
        worst.append(w)
        top.append(tp)
        always.append(s.floor is None and bool(h.all()))
        can_act.append(
            None if s.floor is None else h[:, None] & ~rules.must_walk(b[:, None], s.floor)
        )
        if isinstance(s.acceptance, Acceptance):
            acceptance.append([(s.acceptance, None)])
        elif len(s.acceptance) == 1:
            acceptance.append([(next(iter(s.acceptance)), None)])
        else:
            groups: list[tuple[Acceptance, Bool | None]] = []
            for ac, members in s.acceptance.items():
                mask = np.zeros(runs, dtype=bool)
                mask[members] = True
                groups.append((ac, mask))
            acceptance.append(groups)

    offers = [np.zeros((runs, R), dtype=np.intp) for _ in sides]
    offer_u = [np.zeros((runs, R), dtype=np.float64) for _ in sides]
    is_active = np.ones(runs, dtype=bool)

    def prepare(first: int) -> None:
        """Offers of rounds ``first..first+BLOCK-1`` for the runs still talking (runs that
        ended early never pay for the rounds they did not hold)."""
        last = min(R, first + _BLOCK)
        sl = slice(first, last)
        for k, s in enumerate(sides):
            live = everyone[is_active & has[k]]
            if live.size == 0:
                continue
            thr = s.targets(live, best[k][live], worst[k][live], sl)
            if s.floor is not None:
                thr = rules.offer_threshold(thr, s.floor[live, sl])
            tb = s.tables
            every = live.size == runs
            rows: Index | slice = slice(None) if every else live
            if tb.shared:
                j = np.minimum(tb.below(live, rules.lowest_meeting(thr)), int(tb.n_ok[0]) - 1)
                offers[k][rows, sl] = tb.order[0][j]
                offer_u[k][rows, sl] = tb.sorted_utilities[0][j]
            else:
                j = np.minimum(tb.below(live, rules.lowest_meeting(thr)), top[k][live][:, None])
                offers[k][rows, sl] = np.take_along_axis(tb.order[rows], j, axis=1)
                offer_u[k][rows, sl] = np.take_along_axis(tb.sorted_utilities[rows], j, axis=1)

    # one shared table: plain 1-D lookups, numpy's fastest gather
    tb_u = [s.tables.utilities for s in sides]
    tb_ok = [s.tables.acceptable for s in sides]
    flat_u = [u[0] if s.tables.shared else None for u, s in zip(tb_u, sides, strict=True)]
    flat_ok = [a[0] if s.tables.shared else None for a, s in zip(tb_ok, sides, strict=True)]
    active = everyone
    prepare(0)
    standing = np.full(runs, -1, dtype=np.intp)
    accepted = np.zeros(runs, dtype=np.intp)
    times_l = times.tolist()
    next_end = R if deadlines is None else int(deadlines.min(initial=R))
    for r in range(R):
        t = times_l[r]
        if r >= next_end and active.size:
            assert deadlines is not None
            left = deadlines[active] > r
            gone = active[~left]
            held[gone] = deadlines[gone]
            active = active[left]
            next_end = int(deadlines[active].min(initial=R))
            if active.size == 0:
                break
        if r and r % _BLOCK == 0:
            is_active[:] = False
            is_active[active] = True
            prepare(r)
        for k, s in enumerate(sides):
            if active.size == 0:
                break
            if not always[k]:
                ca = can_act[k]
                can = has[k][active] if ca is None else ca[active, r]
                if not can.all():
                    gone = active[~can]
                    ending[gone] = _WALK
                    held[gone] = r + 1
                    active = active[can]
            if r == 0 and k == 0:
                standing[active] = offers[0][active, 0]
                continue
            so = standing[active]
            u1 = flat_u[k]
            u = tb_u[k][active, so] if u1 is None else u1[so]
            un = offer_u[k][active, r]
            groups_k = acceptance[k]
            tt = np.full(u.shape, t) if run_times is None else run_times[active, r]
            if len(groups_k) == 1:
                acc = groups_k[0][0].accepts_array(u, un, tt)
            else:
                acc = np.zeros(active.size, dtype=bool)
                for ac, gmask in groups_k:
                    assert gmask is not None
                    sel = gmask[active]
                    acc[sel] = ac.accepts_array(u[sel], un[sel], tt[sel])
            ok1 = flat_ok[k]
            acc &= tb_ok[k][active, so] if ok1 is None else ok1[so]
            if s.floor is not None:
                acc &= rules.meets_array(u, s.floor[active, r])
            count = np.where(acc, accepted[active] + 1, 0)
            accepted[active] = count
            rej = active[~acc]
            standing[rej] = offers[k][rej, r]
            done = rules.agreed(count, n)
            if done.any():
                fin = active[done]
                ending[fin] = _AGREE
                outcome[fin] = standing[fin]
                held[fin] = r + 1
                active = active[~done]
        if active.size == 0:
            break
    return Alternated(ending, outcome, held)


def concession_targets(alpha: Float) -> Targets:
    """Targets ``best - alpha(t) * (best - worst)`` per run (``alpha`` per round, or per
    run and round): the schedules of concession strategies given as their ``alpha``
    (:func:`accord.sweep.simulate.concession`), so the engine computes the targets itself."""
    if alpha.ndim == 2:

        def per_run(runs: Index, best: Float, worst: Float, rounds: slice) -> Float:
            return best[:, None] - alpha[runs, rounds] * (best - worst)[:, None]

        return per_run

    def targets(runs: Index, best: Float, worst: Float, rounds: slice) -> Float:
        return best[:, None] - alpha[None, rounds] * (best - worst)[:, None]

    return targets


def _scheduled_targets(
    configs: Sequence[ScheduledStrategy], view: PartyView, times: Float
) -> Targets:
    """Targets of scheduled strategies on one shared view: one ``target_schedules`` call
    per strategy class."""
    # Runs often share one strategy object (``simulate --runs N`` gives every run the same
    # ones): schedules are computed once per distinct object among the runs asked for.
    ids = list(map(id, configs))
    position = dict(zip(ids, range(len(ids)), strict=True))  # an object's last run
    if len(position) == len(ids):  # every run its own object (sweeps): nothing to share
        distinct = list(configs)
        code = np.arange(len(ids), dtype=np.intp)
    else:
        first: dict[int, int] = {}
        distinct = []
        for s, key in zip(configs, ids, strict=True):
            if key not in first:
                first[key] = len(distinct)
                distinct.append(s)
        code = np.fromiter((first[k] for k in ids), dtype=np.intp, count=len(ids))
    classes: dict[type[ScheduledStrategy], int] = {}
    cls_of = np.array([classes.setdefault(type(s), len(classes)) for s in distinct], dtype=np.intp)
    kinds = list(classes)

    def schedules(which: Index, tt: Float) -> Float:
        if len(kinds) == 1:
            return kinds[0].target_schedules([distinct[i] for i in which], view, tt)
        out = np.empty((which.size, tt.size), dtype=np.float64)
        c = cls_of[which]
        for j, cls in enumerate(kinds):
            sel = c == j
            if sel.any():
                out[sel] = cls.target_schedules([distinct[i] for i in which[sel]], view, tt)
        return out

    def targets(runs: Index, best: Float, worst: Float, rounds: slice) -> Float:
        tt = times[rounds]
        if len(distinct) == len(configs):  # every run its own strategy (sweeps)
            return schedules(code[runs], tt)
        which, inverse = np.unique(code[runs], return_inverse=True)
        return schedules(which, tt)[inverse.reshape(-1)]

    return targets


def _vectorized(
    compiled: CompiledScenario,
    strategies: Sequence[Mapping[str, Strategy]],
    schedule: Schedule,
    discount: bool,
) -> tuple[Bool, Index, Index, NDArray[np.int8], Float]:
    """Runs sharing one compiled scenario: every party's inverse utilities are those of its
    cached view (sorted once per party and compiled scenario)."""
    cols = bargaining_columns(compiled)
    views = party_views(compiled, cols)
    m = len(strategies)
    R = schedule.rounds
    times = round_times(R)
    sides = []
    for v in views:
        cfg: list[ScheduledStrategy] = [s[v.party] for s in strategies]  # type: ignore[misc]
        by_ac: dict[Acceptance, list[int]] = defaultdict(list)
        if len(set(map(id, cfg))) == len(cfg):  # every run its own object (sweeps)
            for i, st in enumerate(cfg):
                by_ac[st.acceptance].append(i)
        else:  # shared objects: each one's acceptance is built once
            seen: dict[int, list[int]] = {}
            for i, st in enumerate(cfg):
                members = seen.get(id(st))
                if members is None:
                    members = seen[id(st)] = by_ac[st.acceptance]
                members.append(i)
        sides.append(Side(InverseUtilities.of_view(v), _scheduled_targets(cfg, v, times), by_ac))
    res = alternate(sides, R, m)
    agreement = res.ending == _AGREE
    table = compiled.table().utilities
    utilities = np.broadcast_to(compiled.reservation, (m, table.shape[1])).copy()
    if agreement.any():
        u = table[res.outcome[agreement]]
        if discount:
            d = np.array([p.discount_factor for p in compiled.scenario.parties])
            u = u * d[None, :] ** times[res.rounds[agreement] - 1][:, None]
        utilities[agreement] = u
    return agreement, res.outcome, res.rounds, res.ending, utilities
