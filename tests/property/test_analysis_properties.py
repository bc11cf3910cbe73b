"""Analysis against brute force on random small scenarios (hypothesis)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis import analyze
from accord.analysis.pareto import nondominated
from accord.model import Preference, Scenario
from accord.tolerance import TOLERANCE
from factories import brute_force, pareto_brute, small_scenarios
from profiles import examples

SETTINGS = settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _vectors(points: object, parties: list[str]) -> set[tuple[float, ...]]:
    return {tuple(round(p.utilities[k], 9) for k in parties) for p in points}  # type: ignore[attr-defined]


def _ids(sc: Scenario) -> list[str]:
    return [p.id for p in sc.parties if p.bargaining]


def _u(point: object, parties: list[str]) -> np.ndarray:
    return np.array([point.utilities[k] for k in parties])  # type: ignore[attr-defined]


def _nash_gain(gain: np.ndarray) -> np.ndarray:
    """Gains as the Nash product counts them (:func:`accord.analysis.solutions.nash_score`'s
    zero-gain rule): one of at most the utility tolerance is none. Without the rule a
    party's floating-point excess of 1e-16 over its reservation value, raised to a
    capability share of 1/3, would weigh 5e-6 in the product."""
    return np.where(gain > TOLERANCE, gain, 0.0)


def _brute_values(u: np.ndarray, ok: np.ndarray, d: np.ndarray, c: np.ndarray) -> dict[str, float]:
    a = u[ok]
    gain = a - d
    front = a[pareto_brute(a)]
    ideal = a.max(axis=0)
    span = ideal - d
    ratio = np.where(span > 1e-12, (front - d) / np.where(span > 1e-12, span, 1), np.inf).min(
        axis=1
    )
    w = c / c.sum()
    return {
        "nash": float(np.prod(_nash_gain(gain), axis=1).max()),
        "nash_weighted": float(np.prod(_nash_gain(gain) ** w, axis=1).max()),
        "kalai_smorodinsky": float(ratio.max()),
        "egalitarian": float(gain.min(axis=1).max()),
        "utilitarian": float(a.sum(axis=1).max()),
    }


def _exact_rows(u: np.ndarray) -> dict[tuple[float, ...], np.ndarray]:
    """The exact utility rows, keyed by the rounded values a :class:`Point` reports: a
    solution is scored on its package's exact utilities, since a gain that rounds to zero
    raised to a capability share below 1 is no longer negligible."""
    return {tuple(np.round(r, 9)): r for r in u}


def _value(concept: str, x: np.ndarray, d: np.ndarray, c: np.ndarray, ideal: np.ndarray) -> float:
    g = x - d
    if concept == "nash":
        return float(np.prod(_nash_gain(g)))
    if concept == "nash_weighted":
        return float(np.prod(_nash_gain(g) ** (c / c.sum())))
    if concept == "kalai_smorodinsky":
        span = ideal - d
        return float(np.where(span > 1e-12, g / np.where(span > 1e-12, span, 1), np.inf).min())
    if concept == "egalitarian":
        return float(g.min())
    return float(x.sum())


@pytest.mark.slow
@SETTINGS
@given(small_scenarios())
def test_frontier_zopa_and_solutions_equal_brute_force(sc: Scenario) -> None:
    a = analyze(sc, top=3)
    ids = _ids(sc)
    _, u, ok = brute_force(sc)
    front = pareto_brute(u)
    assert len(a.pareto_frontier) == int(front.sum())
    assert _vectors(a.pareto_frontier, ids) == {tuple(np.round(r, 9)) for r in u[front]}
    assert a.zopa.size == int(ok.sum())
    d = np.array([p.reservation_value for p in sc.parties])
    c = np.array([p.capability for p in sc.parties])
    if ok.any():
        zf = pareto_brute(u[ok])
        assert len(a.zopa_frontier) == int(zf.sum())
        assert _vectors(a.zopa_frontier, ids) == {tuple(np.round(r, 9)) for r in u[ok][zf]}
        expected = _brute_values(u, ok, d, c)
        ideal = u[ok].max(axis=0)
        acceptable = _exact_rows(u[ok])
        for concept, value in expected.items():
            point = a.solutions[concept]
            assert point is not None, concept
            key = tuple(np.round(_u(point, ids), 9))
            assert key in acceptable  # individually rational, respects red lines
            got = _value(concept, acceptable[key], d, c, ideal)
            assert got == value or abs(got - value) <= 1e-9, concept
        # the ranked lists start with the solution's value
        for concept in ("nash", "egalitarian", "utilitarian"):
            best = acceptable[tuple(np.round(_u(a.zopa_top[concept][0], ids), 9))]
            assert abs(_value(concept, best, d, c, ideal) - expected[concept]) <= 1e-9
    else:
        assert all(v is None for v in a.solutions.values())
        assert a.deadlock is not None


@pytest.mark.slow
@SETTINGS
@given(small_scenarios(with_red_lines=False))
def test_frontier_points_are_not_dominated(sc: Scenario) -> None:
    a = analyze(sc, partial=False)
    ids = _ids(sc)
    _, u, _ = brute_force(sc)
    for p in a.pareto_frontier:
        x = _u(p, ids)
        assert not np.any(np.all(u >= x - 1e-12, axis=1) & np.any(u > x + 1e-12, axis=1))
    assert nondominated(u, 12).sum() == len(a.pareto_frontier)


def _rescaled(sc: Scenario, j: int, scale: float, shift: float) -> Scenario:
    parties = list(sc.parties)
    p = parties[j]
    pref = dataclasses.replace(p.preference, scale=scale, offset=shift)
    parties[j] = dataclasses.replace(
        p, preference=pref, reservation_value=scale * p.reservation_value + shift
    )
    return dataclasses.replace(sc, parties=tuple(parties))


@pytest.mark.slow
@SETTINGS
@given(small_scenarios(), st.sampled_from([0.5, 2.0, 7.0]), st.sampled_from([-1.0, 0.0, 3.0]))
def test_nash_and_ks_invariant_under_affine_rescaling(
    sc: Scenario, scale: float, shift: float
) -> None:
    a = analyze(sc, partial=False)
    b = analyze(_rescaled(sc, 0, scale, shift), partial=False)
    assert a.zopa.size == b.zopa.size
    if not a.zopa.size:
        return
    ids = _ids(sc)
    _, u, ok = brute_force(sc)
    d = np.array([p.reservation_value for p in sc.parties])
    c = np.array([p.capability for p in sc.parties])
    expected = _brute_values(u, ok, d, c)
    ideal = u[ok].max(axis=0)
    index = _exact_rows(u[ok])
    for concept in ("nash", "nash_weighted", "kalai_smorodinsky"):
        point = b.solutions[concept]
        assert point is not None
        # map the rescaled solution back to the original utilities
        x = _u(point, ids)
        x[0] = (x[0] - shift) / scale
        key = tuple(np.round(x, 9))
        assert key in index
        got = _value(concept, index[key], d, c, ideal)
        assert got == expected[concept] or abs(got - expected[concept]) <= 1e-9, concept


@pytest.mark.slow
@SETTINGS
@given(small_scenarios(), st.randoms(use_true_random=False))
def test_invariant_under_party_reordering(sc: Scenario, rnd: object) -> None:
    order = list(range(len(sc.parties)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    perm = dataclasses.replace(sc, parties=tuple(sc.parties[i] for i in order))
    a, b = analyze(sc), analyze(perm)
    ids = _ids(sc)
    assert a.zopa.size == b.zopa.size
    assert _vectors(a.pareto_frontier, ids) == _vectors(b.pareto_frontier, ids)
    assert _vectors(a.zopa_frontier, ids) == _vectors(b.zopa_frontier, ids)
    for concept in a.solutions:
        pa, pb = a.solutions[concept], b.solutions[concept]
        assert (pa is None) == (pb is None)
        if pa is not None and pb is not None:
            d = np.array([p.reservation_value for p in sc.parties])
            c = np.array([p.capability for p in sc.parties])
            ideal = np.max([_u(p, ids) for p in a.zopa_frontier], axis=0)
            va = _value(concept, _u(pa, ids), d, c, ideal)
            vb = _value(concept, _u(pb, ids), d, c, ideal)
            assert va == vb or abs(va - vb) <= 1e-9

    def conflicts(x: object) -> set[frozenset[tuple[str, str]]]:
        dl = x.deadlock  # type: ignore[attr-defined]
        return (
            set()
            if dl is None
            else {frozenset((r.party, r.red_line) for r in c) for c in dl.conflicts}
        )

    assert conflicts(a) == conflicts(b)


@pytest.mark.slow
@SETTINGS
@given(small_scenarios())
def test_deadlock_sets_are_minimal_and_correct(sc: Scenario) -> None:
    a = analyze(sc, partial=False)
    if a.deadlock is None:
        return
    outcomes, u, _ = brute_force(sc)
    parties = [p for p in sc.parties if p.bargaining]

    def broken(n: int) -> set[tuple[str, str]]:
        out = set()
        for j, p in enumerate(parties):
            if u[n, j] < p.reservation_value - 1e-12:
                out.add((p.id, "reservation_value"))
            for r in p.red_lines:
                k = sc.issue_position(r.condition.must.issue)
                mask = r.condition.must.option_mask(sc.issues[k])
                if not mask[outcomes[n][k]]:
                    out.add((p.id, r.id))
        return out

    patterns = [broken(n) for n in range(len(outcomes))]
    for conflict in a.deadlock.conflicts:
        s = {(r.party, r.red_line) for r in conflict}
        # no package keeps all of them ...
        assert all(pat & s for pat in patterns)
        # ... and dropping any one of them lets some package keep the rest
        for item in s:
            assert any(not (pat & (s - {item})) for pat in patterns)
    for relax in a.deadlock.relaxations:
        s = {(r.party, r.red_line) for r in relax.changes}
        assert relax.zopa_size == sum(pat <= s for pat in patterns)
        assert relax.zopa_size > 0
        for item in s:
            assert not any(pat <= s - {item} for pat in patterns)


def test_unused_preference_type() -> None:
    assert Preference().is_additive
