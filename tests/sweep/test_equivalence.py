"""The vectorized sweep engines agree with accord's one-scenario engines, variant by
variant: analysis with :func:`accord.analysis.analyze`, simulation with the step and
batch engines of :mod:`accord.negotiation`."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from accord.analysis import analyze
from accord.negotiation.alternating import run_alternating
from accord.negotiation.registry import assign_strategies
from accord.negotiation.sessions import Schedule
from accord.space import compile_scenario
from accord.sweep import (
    build_base,
    make_job,
    make_variants,
    plan_uncertainty,
    run_chunk,
    variant_scenario,
)
from accord.sweep.sampling import dimensions, draw, draw_uniforms, run_generators

from ._support import geneva, geneva_without_drift

N = 40


def _variants(seed: int, n: int, with_drift: bool = False):  # type: ignore[no-untyped-def]
    sc = geneva() if with_drift else geneva_without_drift()
    u = plan_uncertainty(sc)
    base = build_base(sc, u)
    gens = run_generators(seed, 0, n)
    v = make_variants(base, draw(u, draw_uniforms(gens, dimensions(u, 5)), base.defaults, 5))
    return sc, u, base, v


@pytest.mark.slow
def test_zopa_and_binding_red_lines_match_analyze() -> None:
    sc, _, base, v = _variants(11, N)
    job = make_job(sc, runs=N, rng=11)
    cols = run_chunk(job, 0, N)
    seen_empty = seen_zopa = 0
    for i in range(N):
        a = analyze(variant_scenario(base, v, i), partial=False, top=0)
        assert int(cols["zopa_size"][i]) == a.zopa.size
        assert bool(cols["zopa"][i]) == (a.zopa.size > 0)
        expected: set[str] = set()
        if a.deadlock is not None:
            expected = {f"{r.party}:{r.red_line}" for c in a.deadlock.conflicts for r in c}
        got = {k.removeprefix("binding:") for k in cols if k.startswith("binding:") and cols[k][i]}
        assert got == expected
        seen_empty += a.zopa.size == 0
        seen_zopa += a.zopa.size > 0
    # the sample exercises both branches
    assert seen_empty >= 5 and seen_zopa >= 5


def test_variant_utilities_are_bit_identical_to_the_compiled_variant() -> None:
    sc, _, base, v = _variants(3, 8)
    from accord.sweep.variants import utilities

    all_parties = np.arange(len(sc.parties))
    ut = utilities(base, v, all_parties)
    for i in range(8):
        table = compile_scenario(variant_scenario(base, v, i)).table().utilities
        assert np.array_equal(ut[i].T, table)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("strategies", "deals"),
    [
        (None, True),  # the scenario's own: staller for Russia, boulware for Ukraine
        ({"russia": "linear", "ukraine": "conceder:ac_time=0.8"}, True),
        ({"russia": "hardliner", "ukraine": "time-dependent:e=0.5,k=0.1"}, False),
    ],
)
def test_simulation_matches_the_step_engine(strategies: dict[str, str] | None, deals: bool) -> None:
    sc, _, base, v = _variants(5, N)
    rounds = 30
    job = make_job(
        sc,
        runs=N,
        rng=5,
        protocol="alternating-offers",
        strategies=strategies,
        rounds=rounds,
    )
    cols = run_chunk(job, 0, N)
    assigned = assign_strategies(sc, strategies)
    agreements = 0
    for i in range(N):
        t = run_alternating(
            compile_scenario(variant_scenario(base, v, i)), assigned, Schedule.of(rounds), 0
        )
        r = t.result
        assert bool(cols["agreement"][i]) == r.agreed
        assert int(cols["outcome"][i]) == (-1 if r.agreement is None else r.agreement)
        assert int(cols["rounds"][i]) == r.rounds
        agreements += r.agreed
    if deals:
        assert 0 < agreements < N


def test_fallback_engine_runs_stochastic_strategies_reproducibly() -> None:
    sc, _, _, _ = _variants(9, 12)
    job = make_job(
        sc,
        runs=12,
        rng=9,
        protocol="alternating-offers",
        strategies={"russia": "random", "ukraine": "boulware"},
        rounds=20,
    )
    a = run_chunk(job, 0, 12)
    b = run_chunk(job, 4, 12)
    for k in a:
        assert np.array_equal(a[k][4:], b[k]), k


@pytest.mark.slow
def test_negative_drift_only_widens_the_zone_at_the_deadline() -> None:
    sc = geneva()
    job = make_job(sc, runs=400, rng=2)
    cols = run_chunk(job, 0, 400)
    zopa, end = cols["zopa"], cols["zopa_deadline"]
    assert np.all(end[zopa])  # a lower reservation value keeps every acceptable package
    assert end.sum() > zopa.sum()


@pytest.mark.slow
@pytest.mark.parametrize("rounds", [30, None])
def test_step_engine_applies_the_same_drift_as_the_vectorized_sweep(rounds: int | None) -> None:
    # the scenario's drifting reservation values: the vectorized sweep and the step engine
    # (the fallback for strategies it cannot vectorize) apply the same floors
    from dataclasses import replace

    from accord.sweep import chunk as chunk_module
    from accord.sweep.variants import utilities

    sc, u, base, v = _variants(7, N, with_drift=True)
    assert u.drifts
    job = make_job(
        sc,
        runs=N,
        rng=7,
        protocol="alternating-offers",
        strategies={"russia": "linear", "ukraine": "conceder:ac_time=0.8"},
        rounds=rounds,
    )
    prep = chunk_module.prepare(job)
    assert prep.alphas is not None
    ut = utilities(base, v, base.bargaining)

    def simulated(job: Any, prep: Any) -> Any:
        gens = run_generators(7, 0, N)  # every engine on the same draws of the calendar
        return chunk_module._simulate(job, prep, v, ut, gens, chunk_module._talks(job, gens, N))

    fast = simulated(job, prep)
    slow = simulated(job, replace(prep, alphas=None))
    assert np.array_equal(fast.ending, slow.ending)
    assert np.array_equal(fast.outcome, slow.outcome)
    assert np.array_equal(fast.rounds, slow.rounds)
    # and the drift matters: without it some runs end otherwise
    still = simulated(replace(job, uncertainty=replace(u, drifts=())), replace(prep, alphas=None))
    assert not (
        np.array_equal(still.ending, slow.ending) and np.array_equal(still.rounds, slow.rounds)
    )
