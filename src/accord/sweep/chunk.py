"""Stage 3 of a sweep: run chunks (docs/sweeps.md, "The pipeline").

:func:`run_chunk` samples, analyses and (with a protocol) simulates runs ``start..stop-1``
of a job: a pure function of the prepared job (:func:`accord.sweep.prepare.prepare`) and
the runs' seeds (run ``i`` draws from the ``i``-th child of the job's seed), so a chunk's
columns never depend on where or with what else it ran. Within a chunk the runs flow one
way: draw the inputs (:mod:`accord.sweep.sampling`), build the variants and their
utilities (:mod:`accord.sweep.variants`), the zone of agreement and the binding red lines
(:mod:`accord.sweep.zopa`), then the talks: first their calendar (:func:`_talks`: each run
on its own draw of the calendar when it is drawn, :mod:`accord.negotiation.dated`, else the
job's one schedule), then the engine (:func:`_simulate`: vectorised over the runs, or run
by run, :mod:`accord.sweep.simulate`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Float
from accord.model import Scenario
from accord.negotiation.dated import RunCalendars, run_calendars, schedule_of
from accord.negotiation.in_force import approvals, has_ratification, ratify
from accord.negotiation.registry import ALTERNATING
from accord.space.ratification import approval_drawn
from accord.sweep.plan import SweepJob
from accord.sweep.prepare import Prepared, prepare
from accord.sweep.sampling import dimensions, draw, draw_uniforms, run_generators
from accord.sweep.simulate import (
    DEADLINE,
    GroupSpace,
    Simulated,
    combine_groups,
    concession_at,
    simulate_fallback,
    simulate_vectorized,
)
from accord.sweep.variants import (
    Base,
    Variants,
    floors,
    make_variants,
    reservation_at_deadline,
    utilities,
)
from accord.sweep.zopa import acceptable, binding, violations

Columns = dict[str, NDArray[np.generic]]

#: ``agreement_day`` of a run without agreement (days are counted from the as-of date and
#: are after it: the past is never simulated again).
NO_DAY = int(np.iinfo(np.int32).min)


def run_chunk(job: SweepJob, start: int, stop: int) -> Columns:
    """Sample, analyse and (with a protocol) simulate runs ``start..stop-1``."""
    prep = prepare(job)
    base = prep.base
    sc = job.scenario
    gens = run_generators(job.seed_sequence, start, stop)
    uniforms = draw_uniforms(gens, dimensions(job.uncertainty, len(sc.issues)))
    v = make_variants(base, draw(job.uncertainty, uniforms, base.defaults, len(sc.issues)))
    u = utilities(base, v, base.bargaining)
    viol = violations(base, v, u, v.reservation)
    acc = acceptable(base, viol)
    zopa: NDArray[np.bool_] = np.asarray(acc.any(axis=1))
    cols: Columns = {
        "run": np.arange(start, stop, dtype=np.int64),
        "zopa": zopa,
        "zopa_size": acc.sum(axis=1).astype(np.int64),
    }
    if job.uncertainty.drifts:
        d_end = reservation_at_deadline(base, v, job.rounds)
        zopa_end = np.asarray(acceptable(base, violations(base, v, u, d_end)).any(axis=1))
    else:
        zopa_end = zopa
    cols["zopa_deadline"] = zopa_end
    bind = binding(base, viol, zopa)
    for j, key in enumerate(base.requirement_keys):
        cols[f"binding:{key}"] = bind[:, j]
    if job.protocol is not None:
        talks = _talks(job, gens, v.n)
        sim = _simulate(job, prep, v, u, gens, talks)
        days, rc = talks.days, talks.calendars
        day = None if days is None else _agreement_day(sim, days)
        agreed = sim.ending == 0
        n_runs = stop - start
        left_open = np.zeros((n_runs, len(sc.issues)), dtype=bool) if sim.open is None else sim.open
        partial = agreed & left_open.any(axis=1)
        cols["agreement"] = agreed  # full or partial
        cols["full_agreement"] = agreed & ~partial
        cols["partial_agreement"] = partial
        cols["ending"] = sim.ending
        cols["exchanges"] = sim.rounds
        cols["rounds"] = sim.rounds  # former name of "exchanges" (docs/deprecations.md)
        cols["outcome"] = sim.outcome
        pos = base.positions[np.where(sim.outcome >= 0, sim.outcome, 0)]
        for k, issue in enumerate(sc.issues):
            settled = agreed & ~left_open[:, k]
            cols[f"outcome:{issue.id}"] = np.where(settled, pos[:, k], -1).astype(np.int16)
        if day is not None:
            cols["agreement_day"] = np.where(agreed, day, NO_DAY).astype(np.int32)
        if prep.groups and sim.group_agreed is not None and sim.group_rounds is not None:
            _group_columns(cols, sc, prep.groups, sim, days)
        if rc is not None and rc.formats:
            for name, first in rc.first_round_day().items():
                cols[f"round_day:{name}"] = np.where(first >= 0, first, NO_DAY).astype(np.int32)
        if has_ratification(sc):
            _ratification_columns(cols, sc, pos, agreed[:, None] & ~left_open, gens)
    for name, x in v.inputs.items():
        cols[f"input:{name}"] = np.asarray(x, dtype=np.float64)
    return cols


def _ratification_columns(
    cols: Columns,
    sc: Scenario,
    positions: NDArray[np.intp],
    settled: NDArray[np.bool_],
    gens: list[np.random.Generator],
) -> None:
    """The columns of a scenario with ratification stages
    (:mod:`accord.negotiation.in_force`): ``in_force`` (the run's signed agreement passed
    every stage), ``stage:<id>`` (1 approved, 0 rejected, -1 not held) and, on dated talks,
    ``in_force_day`` (days from as-of; :data:`NO_DAY` when not in force). The deal is
    signed on the day its last piece was agreed; each run draws one uniform per stage from
    its own generator, after everything else it draws."""
    agreed = np.asarray(cols["agreement"], dtype=bool)
    n, n_s = agreed.size, len(sc.ratification)
    u = np.empty((n, n_s), dtype=np.float64)
    for i, g in enumerate(gens):
        u[i] = g.random(n_s)
    p = np.ones((n, n_s), dtype=np.float64)
    drawn = _stage_values(sc, gens)
    rows = np.flatnonzero(agreed)
    if rows.size:
        k = positions.shape[1]
        keys = np.concatenate([positions[rows], settled[rows].astype(np.intp)], axis=1)
        uniq, back = np.unique(keys, axis=0, return_inverse=True)
        p[rows] = approvals(sc, uniq[:, :k], uniq[:, k:].astype(bool))[back.ravel()]
        # a stage whose numbers are uncertain: each run's deal under the run's own draw
        for s, values in drawn.items():
            p[rows, s] = approval_drawn(
                sc, sc.ratification[s], positions[rows], settled[rows], _pick(values, rows)
            )
    r = ratify(sc, agreed, settled, u, p)
    cols["in_force"] = r.in_force
    for s, stage in enumerate(sc.ratification):
        cols[f"stage:{stage.id}"] = np.where(
            r.held[:, s], r.approved[:, s].astype(np.int8), -1
        ).astype(np.int8)
    if "agreement_day" in cols:
        days = [np.asarray(c) for name, c in cols.items() if name.startswith("day:")]
        signed = np.asarray(cols["agreement_day"], dtype=np.int64)
        if days:  # tracks: the day the last piece settled (NO_DAY, the smallest, never wins)
            signed = np.stack(days, axis=1).max(axis=1).astype(np.int64)
        cols["in_force_day"] = np.where(r.in_force, signed + r.delay, NO_DAY).astype(np.int32)


def _pick(values: dict[str, Any], rows: NDArray[np.intp]) -> dict[str, Any]:
    """The drawn stage numbers of runs ``rows`` (a dict of them for the blocs)."""
    return {
        key: {b: x[rows] for b, x in v.items()} if isinstance(v, dict) else v[rows]
        for key, v in values.items()
    }


def _stage_values(sc: Scenario, gens: list[np.random.Generator]) -> dict[int, dict[str, Any]]:
    """The uncertain numbers of the ratification stages (``uncertainty.ratification``,
    docs/two-level.md), per stage index: ``threshold``, ``bloc_thresholds`` (bloc id to
    values), ``base`` and ``turnout``, one value per run; each run draws one uniform per
    number from its own generator, after its stages' uniforms, in the scenario's order of
    stages (threshold, blocs, base, turnout)."""
    from accord.model import BlocVoteModel, ElectorateModel, ThresholdModel
    from accord.sweep.sampling import inverse_cdf

    section = sc.uncertainty.ratification if sc.uncertainty is not None else {}
    out: dict[int, dict[str, Any]] = {}
    if not section:
        return out
    n = len(gens)
    for s, stage in enumerate(sc.ratification):
        su = section.get(stage.id)
        if su is None or su.empty:
            continue
        m = stage.model
        named: list[tuple[str, str | None, Any, float]] = []
        if su.threshold is not None and isinstance(m, ThresholdModel):
            named.append(("threshold", None, su.threshold, m.threshold))
        if su.blocs and isinstance(m, BlocVoteModel):
            bars = {b.id: b.threshold for b in m.blocs}
            named.extend(("bloc_thresholds", b, d, bars[b]) for b, d in su.blocs.items())
        if isinstance(m, ElectorateModel):
            if su.base is not None:
                named.append(("base", None, su.base, m.base))
            if su.turnout is not None:
                named.append(("turnout", None, su.turnout, m.turnout))
        if not named:
            continue
        u = np.empty((n, len(named)), dtype=np.float64)
        for i, g in enumerate(gens):
            u[i] = g.random(len(named))
        u = np.clip(u, 2.0**-60, 1.0 - 2.0**-60)
        values: dict[str, Any] = {}
        for j, (key, bloc, dist, default) in enumerate(named):
            x = np.asarray(inverse_cdf(dist, u[:, j], default), dtype=np.float64)
            if bloc is None:
                values[key] = x
            else:
                values.setdefault(key, {})[bloc] = x
        out[s] = values
    return out


def _group_columns(
    cols: Columns,
    sc: Scenario,
    groups: tuple[GroupSpace, ...],
    sim: Simulated,
    days: NDArray[np.int32] | None,
) -> None:
    """The columns of a scenario with tracks: ``track:<id>`` (the run's agreement settled
    that track by the deadline), and on dated talks ``agreement_day`` the day of the run's
    first agreement, ``full_day`` that of the last group settling (when all did) and
    ``day:<issue>`` the day each issue settled."""
    assert sim.group_agreed is not None and sim.group_rounds is not None
    agreed = sim.group_agreed
    for j, g in enumerate(groups):
        for t in g.tracks:
            cols[f"track:{t}"] = agreed[:, j].copy()
    if days is None:
        return
    idx = np.clip(sim.group_rounds.astype(np.intp) - 1, 0, days.shape[1] - 1)
    gday = np.take_along_axis(days, idx, axis=1).astype(np.int64)  # (n, groups)
    big = np.iinfo(np.int32).max
    first = np.where(agreed, gday, big).min(axis=1)
    any_ = agreed.any(axis=1)
    cols["agreement_day"] = np.where(any_, first, NO_DAY).astype(np.int32)
    full = agreed.all(axis=1)
    cols["full_day"] = np.where(full, gday.max(axis=1), NO_DAY).astype(np.int32)
    for j, g in enumerate(groups):
        d = np.where(agreed[:, j], gday[:, j], NO_DAY).astype(np.int32)
        for k in g.issues:
            cols[f"day:{sc.issues[int(k)].id}"] = d


def _fixed_days(job: SweepJob) -> NDArray[np.int32] | None:
    """The day (from the as-of date) of each round of the job's one schedule."""
    cal, sched = job.calendar, job.schedule
    if cal is None or sched is None or not sched.session_dates:
        return None
    days = [(dt.date.fromisoformat(d) - cal.as_of).days if d else 0 for d in sched.session_dates]
    return np.repeat(np.asarray(days, dtype=np.int32), sched.session_rounds)


def _floors(base: Base, v: Variants, rc: RunCalendars, start_day: int) -> Float:
    """``(n, P, rounds)`` reservation values per round of each run's own calendar
    (:func:`~accord.sweep.variants.floors` on the days from the start of the talks)."""
    return floors(base, v, rc.day.shape[1], (rc.day - start_day).astype(np.float64))


def _truncate(
    sim: Simulated, rc: RunCalendars, base: Base, groups: tuple[GroupSpace, ...] = ()
) -> Simulated:
    """Runs end at their own last round: an agreement or walk-out the shared engine found
    after it did not happen (the engine is causal, so the rounds before are exact); with
    settlement groups, group by group."""
    if groups and sim.group_held is not None:
        assert sim.group_ending is not None and sim.group_outcome is not None
        g_late = sim.group_held > rc.rounds[:, None]
        if not g_late.any():
            return sim
        return combine_groups(
            base,
            groups,
            np.where(g_late, DEADLINE, sim.group_ending).astype(np.int8),
            np.where(g_late, -1, sim.group_outcome),
            np.minimum(sim.group_held, rc.rounds[:, None]).astype(np.int32),
        )
    late = sim.rounds > rc.rounds
    if not late.any():
        return sim
    ending = sim.ending.copy()
    outcome = sim.outcome.copy()
    held = sim.rounds.copy()
    ending[late] = DEADLINE
    outcome[late] = -1
    held[late] = rc.rounds[late]
    return Simulated(ending, outcome, held, sim.open)


def _agreement_day(sim: Simulated, day: NDArray[np.int32]) -> NDArray[np.int32]:
    """Each run's day of its last round held (that of its agreement when it agreed)."""
    idx = np.clip(sim.rounds.astype(np.intp) - 1, 0, day.shape[1] - 1)
    return np.asarray(np.take_along_axis(day, idx[:, None], axis=1)[:, 0], dtype=np.int32)


@dataclass(frozen=True, eq=False)
class _Talks:
    """The calendar of a chunk's talks (the stage before the engine): ``drawn`` when each
    run holds its own draw of the calendar (``calendars``), else every run the job's one
    schedule (``calendars`` then the nominal sessions, for the rounds' formats, when the
    scenario has a calendar); ``days`` the day of each run's rounds (``(runs, rounds)``,
    from the as-of date) when the talks are dated."""

    drawn: bool
    calendars: RunCalendars | None
    days: NDArray[np.int32] | None


def _talks(job: SweepJob, gens: list[np.random.Generator], n: int) -> _Talks:
    """Each run's calendar: drawn from its own generator when the job samples the
    calendar, else the job's schedule (the generators are not used)."""
    cal = job.calendar
    if cal is not None and job.sample_calendar:
        rc = run_calendars(cal, gens)
        return _Talks(True, rc, rc.day)
    nominal = (
        run_calendars(cal, gens, nominal=True)
        if cal is not None and cal.calendar is not None
        else None
    )
    fixed = _fixed_days(job)
    days = None if fixed is None else np.broadcast_to(fixed, (n, fixed.size))
    return _Talks(False, nominal, days)


def _simulate(
    job: SweepJob,
    prep: Prepared,
    v: Variants,
    u: Float,
    gens: list[np.random.Generator],
    talks: _Talks,
) -> Simulated:
    """Simulate the chunk's runs on their calendars (:func:`_talks`): on the vectorised
    engine when the job's strategies allow it (:func:`accord.sweep.prepare.prepare`),
    else run by run on the negotiation engines."""
    if prep.alphas is None:
        return _run_by_run(job, prep, v, gens, talks)
    return _vectorized(job, prep, v, u, talks)


def _vectorized(job: SweepJob, prep: Prepared, v: Variants, u: Float, talks: _Talks) -> Simulated:
    """The vectorised engine over the runs (:func:`simulate_vectorized`): on the job's one
    schedule, or each run on its own calendar (concession schedules and floors per run,
    then each run cut at its own last round)."""
    assert job.schedule is not None and prep.alphas is not None
    base = prep.base
    if not talks.drawn:
        return simulate_vectorized(
            base,
            v,
            u,
            alphas=prep.alphas,
            acceptances=prep.acceptances,
            floors=floors(base, v, job.schedule.rounds),
            rounds=job.schedule.rounds,
            groups=prep.groups,
        )
    rc, cal = talks.calendars, job.calendar
    assert rc is not None and cal is not None
    ids = [job.scenario.parties[int(c)].id for c in base.bargaining]
    alphas = []
    # a run's relative times depend on its number of rounds only: the schedule once per
    # distinct number, then spread to the runs (the same values)
    _, first, back = np.unique(rc.rounds, return_index=True, return_inverse=True)
    for pid in ids:
        a = concession_at(job.strategies[pid], pid, rc.times[first])
        assert a is not None  # vectorizable: checked in prepare()
        alphas.append(a[back.ravel()])
    sim = simulate_vectorized(
        base,
        v,
        u,
        alphas=alphas,
        acceptances=prep.acceptances,
        floors=_floors(base, v, rc, (cal.start - cal.as_of).days),
        rounds=rc.width,
        times=rc.times,
        deadlines=rc.rounds.astype(np.intp),
        groups=prep.groups,
    )
    return _truncate(sim, rc, base, prep.groups)


def _run_by_run(
    job: SweepJob,
    prep: Prepared,
    v: Variants,
    gens: list[np.random.Generator],
    talks: _Talks,
) -> Simulated:
    """The negotiation engines run by run (:func:`simulate_fallback`): on the job's one
    schedule, or each run on its own calendar (:func:`_fallback_per_run`)."""
    assert job.schedule is not None
    base = prep.base
    if talks.drawn:
        assert talks.calendars is not None
        return _fallback_per_run(job, base, v, talks.calendars, gens, prep.groups)
    per_run = None
    if job.uncertainty.drifts:
        per_run = list(floors(base, v, job.schedule.rounds))
    return simulate_fallback(
        base,
        v,
        protocol=job.protocol or ALTERNATING,
        strategies=job.strategies,
        schedule=job.schedule,
        gens=gens,
        floors=per_run,
        groups=prep.groups,
    )


def _fallback_per_run(
    job: SweepJob,
    base: Base,
    v: Variants,
    rc: RunCalendars,
    gens: list[np.random.Generator],
    groups: tuple[GroupSpace, ...] = (),
) -> Simulated:
    """Run by run on the negotiation engines, each run on its own calendar (runs whose
    calendar holds no round before the deadline end at the deadline without talks)."""
    assert job.calendar is not None
    n = v.n
    schedules = [schedule_of(job.calendar, rc.sessions(i)) for i in range(n)]
    ending = np.full(n, DEADLINE, dtype=np.int8)
    outcome = np.full(n, -1, dtype=np.int64)
    held = np.zeros(n, dtype=np.int32)
    open_ = np.zeros((n, len(base.scenario.issues)), dtype=bool)
    talks = [i for i, s in enumerate(schedules) if s is not None]
    g_n = len(groups)
    g_end = np.full((n, g_n), DEADLINE, dtype=np.int8)
    g_out = np.full((n, g_n), -1, dtype=np.int64)
    g_held = np.zeros((n, g_n), dtype=np.int32)
    if talks:
        idx = np.asarray(talks, dtype=np.intp)
        per_run = None
        if job.uncertainty.drifts:
            all_floors = _floors(base, v, rc, (job.calendar.start - job.calendar.as_of).days)
            per_run = [all_floors[i] for i in talks]
        sub = simulate_fallback(
            base,
            _subset(v, idx),
            protocol=job.protocol or ALTERNATING,
            strategies=job.strategies,
            schedule=[s for s in schedules if s is not None],
            gens=[gens[i] for i in talks],
            floors=per_run,
            groups=groups,
        )
        ending[idx] = sub.ending
        outcome[idx] = sub.outcome
        held[idx] = sub.rounds
        if sub.open is not None:
            open_[idx] = sub.open
        if groups:
            assert sub.group_ending is not None and sub.group_outcome is not None
            assert sub.group_held is not None
            g_end[idx], g_out[idx], g_held[idx] = (
                sub.group_ending,
                sub.group_outcome,
                sub.group_held,
            )
    if groups:
        return combine_groups(base, groups, g_end, g_out, g_held)
    return Simulated(ending, outcome, held, open_ if open_.any() else None)


def _subset(v: Variants, idx: NDArray[np.intp]) -> Variants:
    return Variants(
        v.reservation[idx],
        v.capability[idx],
        v.weights[idx],
        v.values[idx],
        v.real[idx],
        {k: x[idx] for k, x in v.inputs.items()},
    )
