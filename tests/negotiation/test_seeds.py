"""Per-run seeds: a child made alone equals the one spawned with all the others, so the
batch engine can make only the seeds its stochastic runs use."""

from __future__ import annotations

import numpy as np
import pytest

from accord.io import load_scenario
from accord.negotiation.simulation import simulate
from accord.randomness import child_seed, run_seeds, seed_sequence


@pytest.mark.parametrize("seed", [0, 1, 2**40, np.random.SeedSequence(7, spawn_key=(3,))])
def test_child_seed_equals_spawned_child(seed: int | np.random.SeedSequence) -> None:
    parent = seed_sequence(seed)
    alone = [child_seed(parent, i) for i in range(20)]
    spawned = run_seeds(seed, 20)
    for a, b in zip(alone, spawned, strict=True):
        assert a.generate_state(4).tolist() == b.generate_state(4).tolist()
        assert a.spawn_key == b.spawn_key


def test_simulation_runs_do_not_depend_on_how_many_are_asked() -> None:
    sc = load_scenario("geneva-2026")
    strategies = {"russia": "boulware", "ukraine": "conceder"}
    few = simulate(sc, protocol="alternating-offers", strategies=strategies, runs=3, rng=5)
    many = simulate(sc, protocol="alternating-offers", strategies=strategies, runs=50, rng=5)
    assert many.results[:3] == few.results
    mixed = {"russia": "boulware", "ukraine": "tit-for-tat"}  # not batchable: step engine
    a = simulate(sc, protocol="alternating-offers", strategies=mixed, runs=4, rng=9)
    b = simulate(sc, protocol="alternating-offers", strategies=mixed, runs=8, rng=9)
    assert b.results[:4] == a.results
