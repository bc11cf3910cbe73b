"""The CP-SAT deadlock diagnosis against the enumeration route and on spaces of 1e20."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis import analyze
from accord.analysis.solver import SolverDiagnosis, solver_diagnosis
from accord.errors import AccordError
from accord.io import load_scenario
from accord.model import Clause, Condition, Constraint, HyperRectangle, Op, RedLine, Scenario
from accord.space import CompiledScenario, compile_scenario
from factories import make_scenario, small_scenarios
from profiles import examples

Key = frozenset[tuple[str, str]]


def _check_claims(cs: CompiledScenario, d: SolverDiagnosis) -> None:
    """Every package the solver returns is feasible and breaks exactly its MCS (fewer would
    contradict minimality), and its reported utilities and min gain are the float ones."""
    b = cs.bargaining
    for s in range(d.mcs.shape[0]):
        pos = d.packages[s][None, :]
        assert cs.feasible(pos)[0]
        u = cs.utilities_of(pos)
        np.testing.assert_array_equal(cs.violations(pos, u)[0], d.mcs[s])
        np.testing.assert_array_equal(u[0], d.utilities[s])
        assert d.maxmin[s] == pytest.approx(float(np.min(u[0, b] - cs.reservation[b])), abs=0)
    if d.witness is not None:
        pos = d.witness[None, :]
        assert cs.feasible(pos)[0]
        assert not cs.violations(pos, cs.utilities_of(pos))[0].any()


def _compare_with_enumeration(scenario: Scenario) -> None:
    cs = compile_scenario(scenario)
    d = solver_diagnosis(cs, time_limit=20.0)
    assert d.complete, d.notes
    assert d.optimal.all()
    _check_claims(cs, d)
    a = analyze(scenario, top=1, partial=False)
    b = cs.bargaining
    res = cs.reservation[b]
    if a.zopa.size > 0:
        assert d.acceptable_exists is True
        assert d.witness is not None
        assert d.mcs.shape[0] == 1
        assert not d.mcs[0].any()
        egal = a.solutions["egalitarian"]
        assert egal is not None
        best = min(egal.utilities[cs.party_ids[int(i)]] - r for i, r in zip(b, res, strict=True))
        assert d.maxmin[0] == pytest.approx(best, abs=1e-9)
        return
    assert a.deadlock is not None
    assert d.acceptable_exists is False
    assert d.witness is None
    if a.deadlock.infeasible:
        assert d.infeasible
        assert d.mcs.shape[0] == 0
        return
    assert not d.infeasible
    expected = {
        frozenset((c.party, c.red_line) for c in r.changes): r for r in a.deadlock.relaxations
    }
    got = {d.keys(row): s for s, row in enumerate(d.mcs)}
    assert set(got) == set(expected)
    for key, s in got.items():
        r = expected[key]
        want = min(
            r.package.utilities[cs.party_ids[int(i)]] - x for i, x in zip(b, res, strict=True)
        )
        assert d.maxmin[s] == pytest.approx(want, abs=1e-9)
        ideals = {c.party: c.ideal for c in r.costs}
        for n, i in enumerate(b):
            assert d.ideals[n] == pytest.approx(ideals[cs.party_ids[int(i)]], abs=1e-9)
    conflicts = {frozenset((c.party, c.red_line) for c in cf) for cf in a.deadlock.conflicts}
    assert {d.keys(row) for row in d.mus} == conflicts


@pytest.mark.slow
@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_scenarios())
def test_solver_matches_enumeration(scenario: Scenario) -> None:
    _compare_with_enumeration(scenario)


@st.composite
def coupled_scenarios(draw: st.DrawFn) -> Scenario:
    """Small scenarios plus what ``small_scenarios`` lacks: a scenario constraint and a red
    line with ``when``, and a hyper-rectangle term (a non-additive utility)."""
    sc = draw(small_scenarios(max_parties=3))
    issues = sc.issues

    def clause(op: str) -> Clause:
        k = draw(st.integers(0, len(issues) - 1))
        o = draw(st.integers(0, issues[k].size - 1))
        return Clause(issues[k].id, Op(op), (issues[k].options[o],))

    ops = st.sampled_from(["==", "!=", "<=", ">="])
    coupling = Condition(clause(draw(ops)), clause(draw(ops)))
    constraints = (Constraint("c0", "a coupling", coupling),)
    parties = list(sc.parties)
    i = draw(st.integers(0, len(parties) - 1))
    red = RedLine(
        "w0", parties[i].id, "conditional", Condition(clause(draw(ops)), clause(draw(ops)))
    )
    parties[i] = dataclasses.replace(parties[i], red_lines=(*parties[i].red_lines, red))
    if draw(st.booleans()):
        j = draw(st.integers(0, len(parties) - 1))
        k = draw(st.integers(0, len(issues) - 1))
        lo = draw(st.integers(0, issues[k].size - 1))
        hi = draw(st.integers(lo, issues[k].size - 1))
        rect = HyperRectangle(
            draw(st.sampled_from([-0.3, 0.25, 0.5])),
            ((issues[k].id, issues[k].options[lo], issues[k].options[hi]),),
        )
        pref = dataclasses.replace(parties[j].preference, rectangles=(rect,))
        parties[j] = dataclasses.replace(parties[j], preference=pref)
    return dataclasses.replace(sc, parties=tuple(parties), constraints=constraints)


@pytest.mark.slow
@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coupled_scenarios())
def test_solver_matches_enumeration_with_couplings(scenario: Scenario) -> None:
    _compare_with_enumeration(scenario)


def test_geneva_two_relaxations() -> None:
    scenario = load_scenario("geneva-2026")
    cs = compile_scenario(scenario)
    d = solver_diagnosis(cs, time_limit=20.0)
    assert d.complete
    assert {d.keys(row) for row in d.mcs} == {
        frozenset({("russia", "full-donbas")}),
        frozenset({("ukraine", "no-withdrawal")}),
    }
    assert {d.keys(row) for row in d.mus} == {
        frozenset({("russia", "full-donbas"), ("ukraine", "no-withdrawal")})
    }
    _check_claims(cs, d)
    _compare_with_enumeration(scenario)


def _large(red_lines: list[tuple[int, int, str, int]], binding: bool) -> CompiledScenario:
    """20 issues x 10 options (1e20 packages), 3 parties; only party p0's reservation can
    bind (p1 and p2 have d = 0 and non-negative values), so whether a set of requirements
    can be kept together is separable by issue and checkable without enumeration."""
    rng = np.random.default_rng(7)
    n_issues, size = 20, 10
    values = rng.integers(0, 5, size=(3, n_issues, size)) / 4.0
    weights = rng.integers(1, 4, size=(3, n_issues)).astype(float)
    weights /= weights.sum(axis=1, keepdims=True)
    probe = make_scenario([size] * n_issues, values, weights, [0.0] * 3, red_lines)
    cs = compile_scenario(probe)
    # p0's best utility with issue 0 at o1 (p1's first red line), nudged up by a margin far
    # above the model's resolution: p0 then can't meet d0 when p1's red line holds
    d0 = 0.0
    if binding:
        best = cs.value_tables[0][1, 0] + sum(float(t[:, 0].max()) for t in cs.value_tables[1:])
        d0 = best + 1e-6
    return compile_scenario(
        make_scenario([size] * n_issues, values, weights, [d0, 0.0, 0.0], red_lines)
    )


def _separable_mcs(cs: CompiledScenario) -> set[Key]:
    """Minimal correction sets by checking every subset of requirements (single-issue red
    lines and one binding reservation value: the best package is found issue by issue)."""
    reqs = cs.requirements
    n_red = len(cs.engaged_red_lines)
    sc = cs.scenario
    satisfiable = []
    for kept in itertools.product([False, True], repeat=len(reqs)):
        masks = [np.ones(n, dtype=bool) for n in cs.sizes]
        for j in range(n_red):
            if kept[j]:
                must = cs.engaged_red_lines[j].condition.must
                k = sc.issue_position(must.issue)
                masks[k] &= must.option_mask(sc.issues[k])
        if any(not m.any() for m in masks):
            continue
        best0 = sum(float(t[m, 0].max()) for t, m in zip(cs.value_tables, masks, strict=True))
        if kept[n_red] and best0 < cs.reservation[0] - 1e-12:
            continue
        satisfiable.append(np.array(kept))
    corrections = [~k for k in satisfiable]
    minimal = [
        c for c in corrections if not any((o <= c).all() and (o != c).any() for o in corrections)
    ]
    return {frozenset((reqs[j].party, reqs[j].id) for j in np.flatnonzero(c)) for c in minimal}


@pytest.mark.slow
def test_large_space_deadlock() -> None:
    reds = [
        (0, 0, "==", 0),  # p0 r0: issue 0 at o0 ...
        (1, 0, "==", 1),  # p1 r1: ... p1 wants o1
        (1, 1, "<=", 3),  # p1 r2: issue 1 low ...
        (2, 1, ">=", 6),  # p2 r3: ... p2 wants it high
        (2, 2, "!=", 5),  # p2 r4: harmless alone
    ]
    cs = _large(reds, binding=True)
    assert cs.n_outcomes == 10**20
    d = solver_diagnosis(cs, time_limit=25.0)
    assert d.complete, d.notes
    assert d.optimal.all() and d.ideals_optimal
    assert d.acceptable_exists is False and d.witness is None
    truth = _separable_mcs(cs)
    # conflicts {r0, r1}, {r1, res0}, {r2, r3}: MCSes {r1 or (r0, res0)} x {r2 or r3}
    assert len(truth) == 4
    assert {d.keys(row) for row in d.mcs} == truth
    _check_claims(cs, d)


def test_large_space_deal_exists() -> None:
    cs = _large([(0, 0, "==", 0), (2, 1, ">=", 6)], binding=False)
    d = solver_diagnosis(cs, time_limit=25.0)
    assert d.complete and d.acceptable_exists is True
    assert d.witness is not None
    assert d.mcs.shape == (1, len(cs.requirements)) and not d.mcs.any()
    _check_claims(cs, d)


def _one_issue(p0_value: float) -> Scenario:
    values = np.array([[[p0_value, 0.2]], [[1.0, 1.0]]])
    return make_scenario([2], values, np.ones((2, 1)), [0.5, 0.0])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("gap", "deal"),
    [(5e-12, False), (5e-13, True), (0.0, True), (-1e-15, True)],
)
def test_reservation_tolerance_as_enumeration(gap: float, deal: bool) -> None:
    # u = 0.5 - gap against d = 0.5: within the model's rounding margin either way, so the
    # float check and its lazy cuts must settle it exactly as CompiledScenario.violations
    scenario = _one_issue(0.5 - gap)
    d = solver_diagnosis(compile_scenario(scenario))
    assert d.acceptable_exists is deal
    _compare_with_enumeration(scenario)


def test_infeasible_scenario() -> None:
    sc = make_scenario([2, 2], np.ones((2, 2, 2)) / 2, np.ones((2, 2)) / 2, [0.0, 0.0])
    cons = (
        Constraint("a", "i0 is o0", Condition(Clause("i0", Op.EQ, ("o0",)))),
        Constraint("b", "i0 is o1", Condition(Clause("i0", Op.EQ, ("o1",)))),
    )
    scenario = dataclasses.replace(sc, constraints=cons)
    d = solver_diagnosis(compile_scenario(scenario))
    assert d.infeasible and d.complete and d.acceptable_exists is False
    _compare_with_enumeration(scenario)


def test_cut_short_is_flagged() -> None:
    cs = compile_scenario(load_scenario("geneva-2026"))
    d = solver_diagnosis(cs, max_sets=1)
    assert not d.complete
    assert d.mcs.shape[0] == 1
    assert any("max_sets" in n for n in d.notes)
    with pytest.raises(AccordError, match="not all found"):
        _ = d.mus
    d = solver_diagnosis(cs, time_limit=0.0)
    assert not d.complete and d.acceptable_exists is None and d.mcs.shape[0] == 0
    assert any("time limit" in n for n in d.notes)


@pytest.mark.slow
def test_reproducible() -> None:
    cs = _large([(0, 0, "==", 0), (1, 0, "==", 1)], binding=True)
    one, two = solver_diagnosis(cs), solver_diagnosis(cs)
    np.testing.assert_array_equal(one.mcs, two.mcs)
    np.testing.assert_array_equal(one.packages, two.packages)
    assert one.to_dict() == two.to_dict()
