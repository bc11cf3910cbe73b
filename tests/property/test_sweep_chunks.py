"""Property: a sweep's runs do not depend on how they are split into chunks, and the
analysis invariants hold in every sampled variant."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.io import load_scenario
from accord.sweep import make_job, run_chunk
from profiles import examples

GENEVA = Path(__file__).resolve().parents[1] / "data" / "sweep" / "geneva-uncertain.yaml"
SCENARIO = load_scenario(GENEVA)


@settings(max_examples=examples(15), deadline=None)
@given(seed=st.integers(0, 2**32), n=st.integers(2, 40), data=st.data())
def test_split_anywhere_same_runs(seed: int, n: int, data: st.DataObject) -> None:
    job = make_job(SCENARIO, runs=n, rng=seed, protocol="alternating-offers", rounds=15)
    k = data.draw(st.integers(1, n - 1))
    whole = run_chunk(job, 0, n)
    left, right = run_chunk(job, 0, k), run_chunk(job, k, n)
    for name, col in whole.items():
        assert np.array_equal(col, np.concatenate([left[name], right[name]])), name
    # reservation values only drift down in this scenario, so an agreement lies in the zone
    # of agreement at the deadline; binding red lines only without a zone at the start
    assert not np.any(whole["agreement"] & ~whole["zopa_deadline"])
    for name, col in whole.items():
        if name.startswith("binding:"):
            assert not np.any(col & whole["zopa"])
    weights = [c for c in whole if c.startswith("input:russia.weights.")]
    assert np.allclose(sum(whole[c] for c in weights), 1.0)
