"""Property: for deterministic (time-based) strategies the batch engine gives exactly the
outcomes of the step-by-step engine, on random small scenarios."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import factories as S
from accord.negotiation import rules
from accord.negotiation.alternating import bargaining_columns, run_alternating
from accord.negotiation.batch import (
    ENDINGS,
    InverseUtilities,
    Side,
    alternate,
    concession_targets,
    run_batch,
)
from accord.negotiation.registry import make_strategy
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ScheduledStrategy, Strategy
from accord.negotiation.view import party_views
from accord.space import compile_scenario
from accord.sweep.sampling import dimensions, draw, draw_uniforms, run_generators
from accord.sweep.simulate import concession, simulate_vectorized
from accord.sweep.uncertainty import DriftSpec, UncertaintyPlan
from accord.sweep.variants import build_base, make_variants, utilities
from accord.sweep.variants import floors as sweep_floors
from profiles import examples

SPECS = st.one_of(
    st.floats(0.05, 8.0).map(lambda e: f"time-dependent:e={e:.4f}"),
    st.floats(0.05, 1.0).map(lambda e: f"boulware:e={e:.4f}"),
    st.floats(0.0, 0.5).map(lambda k: f"conceder:k={k:.3f}"),
    st.just("hardliner"),
    st.floats(0.0, 0.95).map(lambda f: f"staller:fraction={f:.3f}"),
    st.floats(0.3, 1.0).map(lambda c: f"linear:ac_const={c:.3f}"),
    st.floats(0.0, 1.0).map(lambda t: f"boulware:ac_time={t:.3f}"),
)


@pytest.mark.slow
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n_parties=st.integers(2, 4),
    specs=st.lists(st.lists(SPECS, min_size=4, max_size=4), min_size=1, max_size=6),
    rounds=st.integers(1, 25),
    discount=st.booleans(),
)
def test_batch_equals_step_engine(
    seed: int, n_parties: int, specs: list[list[str]], rounds: int, discount: bool
) -> None:
    sc = S.random_scenario(seed, n_parties=n_parties)
    c = compile_scenario(sc)
    ids = [p.id for p in sc.parties]
    per_run: list[dict[str, Strategy]] = [
        {pid: make_strategy(spec) for pid, spec in zip(ids, row, strict=False)} for row in specs
    ]
    b = run_batch(c, per_run, rounds, discount=discount)
    for i, assigned in enumerate(per_run):
        r = run_alternating(c, assigned, Schedule.of(rounds), discount=discount).result
        assert bool(b.agreement[i]) == r.agreed
        assert int(b.outcome[i]) == (-1 if r.agreement is None else r.agreement)
        assert int(b.rounds[i]) == r.rounds
        assert ENDINGS[int(b.ending[i])] == r.ending
        np.testing.assert_allclose(b.utilities[i], r.utilities, rtol=0, atol=1e-12)


@pytest.mark.slow
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    pool=st.lists(st.tuples(SPECS, SPECS), min_size=1, max_size=3),
    picks=st.lists(st.integers(0, 2), min_size=1, max_size=10),
    rounds=st.integers(1, 25),
)
def test_batch_with_shared_strategy_objects_equals_step_engine(
    seed: int, pool: list[tuple[str, str]], picks: list[int], rounds: int
) -> None:
    """Runs that share strategy objects (``simulate --runs N``) are simulated once and
    copied; mixed with runs of their own objects they still equal the step engine."""
    sc = S.random_scenario(seed, n_parties=2)
    c = compile_scenario(sc)
    a, b_id = (p.id for p in sc.parties)
    shared = [{a: make_strategy(x), b_id: make_strategy(y)} for x, y in pool]
    per_run: list[dict[str, Strategy]] = [shared[k % len(shared)] for k in picks]
    per_run.append({a: make_strategy(pool[0][0]), b_id: make_strategy(pool[0][1])})
    b = run_batch(c, per_run, rounds)
    for i, assigned in enumerate(per_run):
        r = run_alternating(c, assigned, Schedule.of(rounds)).result
        assert (bool(b.agreement[i]), int(b.rounds[i])) == (r.agreed, r.rounds)
        assert int(b.outcome[i]) == (-1 if r.agreement is None else r.agreement)
        np.testing.assert_allclose(b.utilities[i], r.utilities, rtol=0, atol=1e-12)


@pytest.mark.slow
@settings(max_examples=examples(15), deadline=None)
@given(seed=st.integers(0, 10_000))
def test_batch_over_scenario_variants_and_deadlines(seed: int) -> None:
    # a sweep: each run its own scenario variant and deadline
    variants = [compile_scenario(S.random_scenario(seed + j)) for j in range(3)]
    runs = 9
    comp = [variants[i % 3] for i in range(runs)]
    rounds = [2 + (i * 7) % 20 for i in range(runs)]
    per_run: list[dict[str, Strategy]] = [
        {"p0": make_strategy(f"time-dependent:e={0.2 + i}"), "p1": make_strategy("conceder")}
        for i in range(runs)
    ]
    b = run_batch(comp, per_run, rounds)
    for i in range(runs):
        r = run_alternating(comp[i], per_run[i], Schedule.of(rounds[i])).result
        assert (bool(b.agreement[i]), int(b.rounds[i])) == (r.agreed, r.rounds)
        assert int(b.outcome[i]) == (-1 if r.agreement is None else r.agreement)


def test_batch_falls_back_to_step_engine_for_reactive_strategies() -> None:
    c = compile_scenario(S.bilateral())
    per_run: list[dict[str, Strategy]] = [
        {"buyer": make_strategy("micro"), "seller": make_strategy("tit-for-tat")},
        {"buyer": make_strategy("random"), "seller": make_strategy("linear")},
    ]
    seeds = [5, 6]
    b = run_batch(c, per_run, 20, seeds)
    for i in range(2):
        r = run_alternating(c, per_run[i], Schedule.of(20), seeds[i]).result
        assert (bool(b.agreement[i]), int(b.rounds[i])) == (r.agreed, r.rounds)


DRIFTS = st.tuples(st.sampled_from(["round", "month"]), st.floats(-0.08, 0.08))


@pytest.mark.slow
@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n_parties=st.integers(2, 3),
    specs=st.lists(SPECS, min_size=3, max_size=3),
    sessions=st.lists(st.tuples(st.integers(1, 40), st.integers(1, 6)), min_size=1, max_size=5),
    drifts=st.lists(DRIFTS, min_size=3, max_size=3),
)
def test_step_engine_equals_batch_engine_with_drift(
    seed: int,
    n_parties: int,
    specs: list[str],
    sessions: list[tuple[int, int]],
    drifts: list[tuple[str, float]],
) -> None:
    # dated sessions, reservation values drifting per round or per month: both engines
    # apply the floors of accord.negotiation.rules and must give the same run
    sc = S.random_scenario(seed, n_parties=n_parties)
    c = compile_scenario(sc)
    cols = bargaining_columns(c)
    views = party_views(c, cols)
    start = dt.date(2026, 1, 1)
    gaps = np.cumsum([g for g, _ in sessions]) - sessions[0][0]
    schedule = Schedule(
        tuple(k for _, k in sessions),
        session_dates=tuple((start + dt.timedelta(days=int(d))).isoformat() for d in gaps),
    )
    R = schedule.rounds
    days = np.repeat(gaps, [k for _, k in sessions]).astype(np.float64)
    r = np.arange(R, dtype=np.float64)
    floors = np.array(
        [
            rules.floor_at(
                v.reservation,
                by if per == "round" else 0.0,
                by if per == "month" else 0.0,
                r,
                days,
            )
            for v, (per, by) in zip(views, drifts, strict=False)
        ]
    )
    strategies: dict[str, Strategy] = {
        v.party: make_strategy(spec) for v, spec in zip(views, specs, strict=False)
    }
    feasible = c.table().feasible
    sides = []
    for k, v in enumerate(views):
        alpha = concession(strategies[v.party], v.party, R)
        assume(alpha is not None)
        assert alpha is not None
        st_k = strategies[v.party]
        assert isinstance(st_k, ScheduledStrategy)
        ok = feasible & v.red_line_ok
        sides.append(
            Side(
                InverseUtilities.of(v.utilities[None, :], ok[None, :]),
                concession_targets(alpha),
                st_k.acceptance,
                floor=floors[k][None, :],
            )
        )
    batch = alternate(sides, R, 1)
    step = run_alternating(c, strategies, schedule, floors=floors).result
    assert ENDINGS[int(batch.ending[0])] == step.ending
    assert int(batch.rounds[0]) == step.rounds
    assert int(batch.outcome[0]) == (-1 if step.agreement is None else step.agreement)
    # the sweep's vectorised engine: its floors (accord.sweep.variants.floors, the array
    # form of rules.floor_at) are the same numbers, and it gives the same run
    plan = UncertaintyPlan(
        drifts=tuple(
            DriftSpec(int(col), "round" if per == "round" else "month", by)
            for col, (per, by) in zip(cols, drifts, strict=False)
        )
    )
    base = dataclasses.replace(build_base(sc, UncertaintyPlan()), uncertainty=plan)
    gens = run_generators(seed, 0, 1)
    k_issues = len(sc.issues)
    none = dimensions(UncertaintyPlan(), k_issues)
    v = make_variants(base, draw(UncertaintyPlan(), draw_uniforms(gens, none), (), k_issues))
    swept = sweep_floors(base, v, R, days[None, :])
    assert np.array_equal(swept[0][list(cols)], floors)
    sim = simulate_vectorized(
        base,
        v,
        utilities(base, v, base.bargaining),
        alphas=[concession(strategies[x.party], x.party, R) for x in views],  # type: ignore[misc]
        acceptances=[strategies[x.party].acceptance for x in views],  # type: ignore[attr-defined]
        floors=swept,
        rounds=R,
    )
    assert int(sim.ending[0]) == int(batch.ending[0])
    assert int(sim.rounds[0]) == step.rounds
    assert int(sim.outcome[0]) == (-1 if step.agreement is None else step.agreement)


def test_step_engine_without_drift_is_unchanged_by_flat_floors() -> None:
    # floors equal to the reservation values in every round: the same run as no floors
    c = compile_scenario(S.bilateral())
    views = party_views(c, bargaining_columns(c))
    sched = Schedule.of(30)
    floors = np.array([[v.reservation] * 30 for v in views])
    assigned: dict[str, Strategy] = {
        "buyer": make_strategy("boulware"),
        "seller": make_strategy("conceder"),
    }
    a = run_alternating(c, assigned, sched).result
    b = run_alternating(c, assigned, sched, floors=floors).result
    assert (a.ending, a.agreement, a.rounds) == (b.ending, b.agreement, b.rounds)


@settings(max_examples=examples(60), deadline=None)
@given(
    seed=st.integers(0, 10_000),
    runs=st.integers(1, 12),
    width=st.integers(1, 70),
    k=st.integers(1, 5),
)
def test_per_run_tables_count_the_utilities_below_each_threshold(
    seed: int, runs: int, width: int, k: int
) -> None:
    """InverseUtilities.below on per-run tables is the count of each run's sorted
    utilities strictly below each threshold (ties, unacceptable outcomes, thresholds
    outside the range and a subset of runs included)."""
    rng = np.random.default_rng(seed)
    u = rng.integers(0, 6, (runs, width)) / 5.0  # few distinct values: ties
    ok = rng.random((runs, width)) < 0.7
    tables = InverseUtilities.of(u, ok)
    subset = np.flatnonzero(rng.random(runs) < 0.6)
    thr = rng.integers(-1, 8, (subset.size, k)) / 5.0
    thr[rng.random(thr.shape) < 0.1] = np.inf
    got = tables.below(subset, thr)
    want = (tables.sorted_utilities[subset][:, None, :] < thr[:, :, None]).sum(axis=2)
    assert got.dtype == np.intp
    assert np.array_equal(got, want)
