"""Spearman's correlation of the sensitivity table, computed with numpy: ranks with ties
averaged, checked against the definitions written out by brute force."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.sweep.summary import average_ranks, spearman
from profiles import examples


def _ranks_by_definition(a: list[float]) -> list[float]:
    # rank of a value = 1 + number of smaller values + (number of equal values - 1) / 2
    return [1 + sum(b < x for b in a) + (sum(b == x for b in a) - 1) / 2 for x in a]


def _pearson(x: list[float], y: list[float]) -> float:
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


values = st.lists(st.integers(0, 6).map(float) | st.floats(0, 1), min_size=4, max_size=40)


@pytest.mark.slow
@settings(max_examples=examples(200), deadline=None)
@given(values, st.data())
def test_matches_the_definition(x: list[float], data: st.DataObject) -> None:
    y = data.draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=len(x), max_size=len(x)))
    assert average_ranks(np.array(x)).tolist() == _ranks_by_definition(x)
    r = spearman(np.array(x), np.array(y))
    if len(set(x)) == 1 or len(set(y)) == 1:
        assert math.isnan(r)
    else:
        expected = _pearson(_ranks_by_definition(x), _ranks_by_definition(y))
        assert math.isclose(r, expected, rel_tol=1e-12, abs_tol=1e-12)


def test_ties_and_known_values() -> None:
    assert average_ranks(np.array([3, 1, 3, 2])).tolist() == [3.5, 1.0, 3.5, 2.0]
    assert spearman(np.array([1, 2, 3, 4]), np.array([10, 20, 30, 40])) == 1.0
    assert spearman(np.array([1, 2, 3, 4]), np.array([4, 3, 2, 1])) == -1.0
    assert math.isnan(spearman(np.array([1, 1, 1, 1]), np.array([0, 1, 0, 1])))
