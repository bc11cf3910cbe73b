"""The batch engine: many alternating-offers negotiations of one scenario at once.

Runs differ in strategy parameters, seeds and deadlines (and, for sweeps, in the compiled
scenario variant each run uses). Inverse utilities (each party's acceptable outcomes sorted
by its utility) are computed once per party and compiled scenario
(:func:`~accord.negotiation.view.party_views`) and shared by all runs.

Runs whose strategies are all :class:`~accord.negotiation.strategy.ScheduledStrategy`
(time-dependent family, hardliner, staller: offers depend on time only) are vectorized over
runs: every run's targets for every round come from one call per strategy class, offers
from one ``searchsorted`` on the sorted utilities, and the turns of the protocol are a loop
over rounds whose body is array operations over the runs still talking. It follows exactly
the state machine of :mod:`accord.negotiation.alternating`, so for these strategies it
gives the same agreement, outcome and number of rounds as the step-by-step engine (a test
checks this on random scenarios). Runs with other strategies fall back to the step engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import ConfigurationError
from accord.negotiation.acceptance import Acceptance
from accord.negotiation.alternating import bargaining_columns, run_alternating
from accord.negotiation.randomness import Seed, run_seeds
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ScheduledStrategy, Strategy, round_times
from accord.negotiation.transcript import Ending
from accord.negotiation.view import party_views
from accord.space import CompiledScenario

Float = NDArray[np.float64]
Bool = NDArray[np.bool_]
Index = NDArray[np.intp]

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
        return int(self.agreement.size)

    def summary(self) -> dict[str, Any]:
        n = self.runs
        return {
            "runs": n,
            "agreements": int(self.agreement.sum()),
            "agreement_rate": float(self.agreement.mean()) if n else 0.0,
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
    seeds: Seed | Sequence[Seed] = None,
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
    seeds
        One seed for all (children are spawned per run) or one per run. Only stochastic
        strategies (which fall back to the step engine) use them.
    discount
        Discount agreements by the parties' discount factors (GENIUS).
    chunk
        Runs simulated together at most (bounds memory).
    """
    runs = len(strategies)
    variants = _as_list(compiled, runs, "compiled")
    budgets = [
        Schedule.of(b) if isinstance(b, int) else b for b in _as_list(rounds, runs, "rounds")
    ]
    if isinstance(seeds, Sequence):
        run_rngs: list[Seed] = _as_list(seeds, runs, "seeds")
    else:
        run_rngs = list(run_seeds(seeds, runs))
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
            t = run_alternating(
                variants[i], strategies[i], budgets[i], run_rngs[i], discount=discount
            )
            r = t.result
            agreement[i] = r.agreed
            outcome[i] = -1 if r.agreement is None else r.agreement
            n_rounds[i] = r.rounds
            ending[i] = ENDINGS.index(r.ending)
            utilities[i] = r.utilities
    for members in groups.values():
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
    return BatchResult(
        first.party_ids if runs else (), agreement, outcome, n_rounds, ending, utilities
    )


def _vectorized(
    compiled: CompiledScenario,
    strategies: Sequence[Mapping[str, Strategy]],
    schedule: Schedule,
    discount: bool,
) -> tuple[Bool, Index, Index, NDArray[np.int8], Float]:
    cols = bargaining_columns(compiled)
    views = party_views(compiled, cols)
    n = len(views)
    m = len(strategies)
    R = schedule.rounds
    times = round_times(R)
    table = compiled.table().utilities

    agreement = np.zeros(m, dtype=bool)
    outcome = np.full(m, -1, dtype=np.intp)
    n_rounds = np.full(m, R, dtype=np.intp)
    ending = np.full(m, _DEADLINE, dtype=np.int8)

    if any(v.order.size == 0 for v in views):
        # the first party with nothing it may offer walks out at its first turn
        ending[:] = _WALK
        n_rounds[:] = 1
        utilities = np.broadcast_to(compiled.reservation, (m, table.shape[1])).copy()
        return agreement, outcome, n_rounds, ending, utilities

    # per party: strategies, runs by strategy class, runs by acceptance condition
    configs: list[list[ScheduledStrategy]] = []
    class_rows: list[list[tuple[type[ScheduledStrategy], Index]]] = []
    acceptance: list[list[tuple[Acceptance, Bool | None]]] = []
    for v in views:
        cfg: list[ScheduledStrategy] = [s[v.party] for s in strategies]  # type: ignore[misc]
        by_class: dict[type[ScheduledStrategy], list[int]] = defaultdict(list)
        by_ac: dict[Acceptance, list[int]] = defaultdict(list)
        for i, st in enumerate(cfg):
            by_class[type(st)].append(i)
            by_ac[st.acceptance].append(i)
        configs.append(cfg)
        class_rows.append([(c, np.asarray(rows, dtype=np.intp)) for c, rows in by_class.items()])
        if len(by_ac) == 1:
            acceptance.append([(next(iter(by_ac)), None)])
        else:
            runs_of: list[tuple[Acceptance, Bool | None]] = []
            for ac, rows in by_ac.items():
                mask = np.zeros(m, dtype=bool)
                mask[rows] = True
                runs_of.append((ac, mask))
            acceptance.append(runs_of)
    offers = [np.zeros((m, R), dtype=np.intp) for _ in views]
    offer_u = [np.zeros((m, R), dtype=np.float64) for _ in views]
    is_active = np.ones(m, dtype=bool)

    def prepare(first: int) -> None:
        """Offers of rounds ``first..first+BLOCK-1`` for the runs still talking (runs that
        agreed early never pay for the rounds they did not hold)."""
        last = min(R, first + _BLOCK)
        for k, v in enumerate(views):
            for cls, rows in class_rows[k]:
                live = rows[is_active[rows]]
                if live.size == 0:
                    continue
                cfg = configs[k]
                targets = cls.target_schedules([cfg[i] for i in live], v, times[first:last])
                j = v.select(targets)
                offers[k][live, first:last] = v.order[j]
                offer_u[k][live, first:last] = v.sorted_utilities[j]

    u_of = [v.utilities for v in views]
    ok_of = [v.acceptable for v in views]
    active = np.arange(m, dtype=np.intp)
    prepare(0)
    standing = offers[0][:, 0].copy()
    accepted = np.zeros(m, dtype=np.intp)
    times_l = times.tolist()
    for r in range(R):
        t = times_l[r]
        if r and r % _BLOCK == 0:
            is_active[:] = False
            is_active[active] = True
            prepare(r)
        for k in range(n):
            if r == 0 and k == 0:
                continue
            if active.size == 0:
                break
            so = standing[active]
            u = u_of[k][so]
            un = offer_u[k][active, r]
            groups = acceptance[k]
            if len(groups) == 1:
                acc = groups[0][0].accepts_array(u, un, np.full(u.shape, t))
            else:
                acc = np.zeros(active.size, dtype=bool)
                tt = np.full(u.shape, t)
                for ac, gmask in groups:
                    assert gmask is not None
                    sel = gmask[active]
                    acc[sel] = ac.accepts_array(u[sel], un[sel], tt[sel])
            acc &= ok_of[k][so]
            count = np.where(acc, accepted[active] + 1, 0)
            accepted[active] = count
            rej = active[~acc]
            standing[rej] = offers[k][rej, r]
            done = count == n - 1
            if done.any():
                fin = active[done]
                agreement[fin] = True
                outcome[fin] = standing[fin]
                n_rounds[fin] = r + 1
                ending[fin] = _AGREE
                active = active[~done]
        if active.size == 0:
            break

    utilities = np.broadcast_to(compiled.reservation, (m, table.shape[1])).copy()
    if agreement.any():
        u = table[outcome[agreement]]
        if discount:
            d = np.array([p.discount_factor for p in compiled.scenario.parties])
            u = u * d[None, :] ** times[n_rounds[agreement] - 1][:, None]
        utilities[agreement] = u
    return agreement, outcome, n_rounds, ending, utilities
