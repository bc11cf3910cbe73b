"""Properties of the strategies on random small scenarios."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import factories as S
from accord.negotiation.registry import make_strategy
from accord.negotiation.strategies import Staller, TimeDependent
from accord.negotiation.strategy import round_times
from accord.negotiation.view import party_views
from accord.space import compile_scenario
from profiles import examples


@pytest.mark.slow
@settings(max_examples=examples(40), deadline=None)
@given(seed=st.integers(0, 5000), e=st.floats(0.05, 10), rounds=st.integers(2, 60))
def test_time_dependent_targets_fall_from_best_to_worst(seed: int, e: float, rounds: int) -> None:
    c = compile_scenario(S.random_scenario(seed))
    (v,) = party_views(c, (0,))[:1]
    if v.order.size == 0:
        return
    targets = TimeDependent.target_schedules([TimeDependent(e=e)], v, round_times(rounds))[0]
    assert np.isclose(targets[0], v.best) and np.isclose(targets[-1], v.worst)
    assert (np.diff(targets) <= 1e-12).all()
    chosen = v.sorted_utilities[v.select(targets)]
    assert (chosen >= targets - 1e-9).all()  # never offers below its target
    assert (chosen >= v.reservation - 1e-12).all()


@settings(max_examples=examples(30), deadline=None)
@given(seed=st.integers(0, 5000), fraction=st.floats(0.0, 0.95))
def test_staller_holds_firm_until_its_fraction(seed: int, fraction: float) -> None:
    c = compile_scenario(S.random_scenario(seed))
    (v,) = party_views(c, (0,))[:1]
    if v.order.size == 0:
        return
    times = round_times(50)
    targets = Staller.target_schedules([Staller(fraction=fraction)], v, times)[0]
    assert np.allclose(targets[times <= fraction], v.best)
    assert np.isclose(targets[-1], v.worst)


@pytest.mark.slow
@settings(max_examples=examples(30), deadline=None)
@given(e_slow=st.floats(0.05, 0.9), e_fast=st.floats(1.1, 10))
def test_boulware_concedes_later_than_conceder(e_slow: float, e_fast: float) -> None:
    c = compile_scenario(S.bilateral())
    (v,) = party_views(c, (0,))[:1]
    times = round_times(30)
    slow = TimeDependent.target_schedules([make_strategy(f"time-dependent:e={e_slow}")], v, times)  # type: ignore[list-item]
    fast = TimeDependent.target_schedules([make_strategy(f"time-dependent:e={e_fast}")], v, times)  # type: ignore[list-item]
    assert (slow[0, 1:-1] > fast[0, 1:-1]).all()
