"""The issue-by-issue frontier equals a brute force over the utility table rounded to the
12 reported decimals, also where sums taken in another order land on either side of a
rounding boundary (values built to sit on those boundaries)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis.frontier import product_frontier
from accord.analysis.pareto import nondominated
from accord.space import compile_scenario
from factories import make_scenario, pareto_brute
from profiles import examples


def _flat(positions: np.ndarray, sizes: list[int]) -> set[int]:
    return set(np.ravel_multi_index(tuple(positions.T), sizes).tolist())


@pytest.mark.slow
@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n_parties=st.integers(1, 5),
    sizes=st.lists(st.integers(1, 5), min_size=1, max_size=5),
    negative=st.booleans(),
)
def test_product_route_equals_rounded_brute_force(
    seed: int, n_parties: int, sizes: list[int], negative: bool
) -> None:
    rng = np.random.default_rng(seed)
    k, m = len(sizes), max(sizes)
    # twentieths plus odd multiples of 5e-13: many package sums sit on a 12-decimal
    # rounding boundary, where float sums in different orders round apart
    values = (
        rng.integers(0, 21, (n_parties, k, m)) / 20 + rng.integers(0, 4, (n_parties, k, m)) * 5e-13
    )
    weights = rng.choice([1.0, 0.5, 0.25, 1 / 3, 0.1], size=(n_parties, k))
    sc = make_scenario(sizes, values, weights, [0.0] * n_parties)
    parties = list(sc.parties)
    for i, p in enumerate(parties):
        scale = float(rng.choice([1.0, 0.3, 7.0])) * (-1.0 if negative and i == 0 else 1.0)
        pref = dataclasses.replace(p.preference, scale=scale, offset=float(rng.choice([0.0, 0.1])))
        parties[i] = dataclasses.replace(p, preference=pref)
    sc = dataclasses.replace(sc, parties=tuple(parties))
    cs = compile_scenario(sc)
    table = cs.table()
    u = table.utilities[:, cs.bargaining]
    front = product_frontier(cs, cs.option_masks(honour_red_lines=False))
    expected = pareto_brute(u)
    assert _flat(front.positions, sizes) == _flat(table.positions[expected], sizes)
    # the frontier's utilities are the table's, to the last bit
    assert np.array_equal(front.utilities, cs.utilities_of(front.positions)[:, cs.bargaining])


def _brute_margin(u: np.ndarray, m: float) -> np.ndarray:
    out = np.ones(len(u), dtype=bool)
    for i in range(len(u)):
        out[i] = not np.any(np.all(u >= u[i], axis=1) & np.any(u - u[i] > m, axis=1))
    return out


@pytest.mark.slow
@settings(max_examples=examples(200), deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 300),
    p=st.integers(1, 6),
    margin=st.sampled_from([0.0, 1e-12, 0.3]),
)
def test_nondominated_with_margin_equals_brute_force(
    seed: int, n: int, p: int, margin: float
) -> None:
    rng = np.random.default_rng(seed)
    u = rng.integers(0, 5, (n, p)) * 0.25 + rng.normal(0, 1e-13, (n, p)) * rng.integers(0, 2)
    assert np.array_equal(nondominated(u, margin=margin), _brute_margin(u, margin))
    if margin == 0.0:
        assert np.array_equal(nondominated(u, margin=margin), nondominated(u))


def test_nondominated_refuses_a_negative_margin() -> None:
    with pytest.raises(ValueError, match="margin"):
        nondominated(np.zeros((2, 2)), margin=-1.0)
