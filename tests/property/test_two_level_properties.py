"""Property tests of the two-level analysis against brute force (docs/two-level.md): on
random scenarios with random ratification stages of every kind, the level-2 zone is
exactly the level-1 zone intersected with every party's win-set, the win-sets are what
each stage's formula approves, and partial agreements are checked the same way."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.factories import brute_force, small_scenarios

from accord.analysis import analyze
from accord.model import (
    Bloc,
    BlocVoteModel,
    ElectorateModel,
    Preference,
    RatificationStage,
    Scenario,
    TableValue,
    ThresholdModel,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GRID = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])


@st.composite
def _preference(draw: st.DrawFn, sc: Scenario, ruled: list[int]) -> Preference:
    weights, values = {}, {}
    for k in ruled:
        issue = sc.issues[k]
        weights[issue.id] = draw(st.sampled_from([0.5, 1.0, 2.0]))
        values[issue.id] = TableValue(tuple(draw(GRID) for _ in range(issue.size)))
    total = sum(weights.values())
    return Preference({k: w / total for k, w in weights.items()}, values)


@st.composite
def _stage(draw: st.DrawFn, sc: Scenario, n: int) -> RatificationStage:
    n_issues = len(sc.issues)
    every = draw(st.booleans())
    ruled = (
        list(range(n_issues))
        if every
        else sorted(draw(st.sets(st.integers(0, n_issues - 1), min_size=1)))
    )
    kind = draw(st.sampled_from(["threshold", "bloc-vote", "electorate"]))
    model: ThresholdModel | BlocVoteModel | ElectorateModel
    if kind == "threshold":
        model = ThresholdModel(draw(_preference(sc, ruled)), draw(GRID))
    elif kind == "bloc-vote":
        blocs = tuple(
            Bloc(
                f"b{j}",
                f"B{j}",
                draw(st.sampled_from([10.0, 30.0, 60.0])),
                draw(_preference(sc, ruled)),
                draw(GRID),
            )
            for j in range(draw(st.integers(1, 3)))
        )
        model = BlocVoteModel(blocs, draw(st.sampled_from([0.5, 0.6, 2 / 3])))
    else:
        support = {
            sc.issues[k].id: {
                str(o): draw(st.sampled_from([-0.2, -0.05, 0.0, 0.1])) for o in sc.issues[k].options
            }
            for k in ruled
        }
        model = ElectorateModel(
            base=draw(st.sampled_from([0.4, 0.5, 0.6])),
            sd=draw(st.sampled_from([0.02, 0.1])),
            support=support,
            turnout=draw(st.sampled_from([0.4, 0.6])),
            turnout_sd=draw(st.sampled_from([0.0, 0.05])),
            quorum=draw(st.sampled_from([0.0, 0.5])),
        )
    party = draw(st.sampled_from([p.id for p in sc.parties]))
    return RatificationStage(
        id=f"s{n}",
        name=f"S{n}",
        party=party,
        order=n,
        model=model,
        issues=() if every else tuple(sc.issues[k].id for k in ruled),
    )


@st.composite
def two_level_scenarios(draw: st.DrawFn) -> Scenario:
    sc = draw(small_scenarios(max_parties=3))
    stages = tuple(draw(_stage(sc, n)) for n in range(draw(st.integers(1, 4))))
    return dataclasses.replace(sc, ratification=stages)


def _phi(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def _u(pref: Preference, sc: Scenario, o: tuple[int, ...]) -> float:
    total = 0.0
    for k, issue in enumerate(sc.issues):
        fn = pref.values.get(issue.id)
        if fn is not None:
            total += pref.weights.get(issue.id, 0.0) * float(fn.evaluate(issue)[o[k]])
    return total


def _approves(
    stage: RatificationStage, sc: Scenario, o: tuple[int, ...], settled: set[str] | None
) -> bool:
    """One stage on one package, straight from the formulas of docs/two-level.md."""
    if settled is not None and not any(stage.rules_on(i) for i in settled):
        return True
    m = stage.model
    if isinstance(m, ThresholdModel):
        return _u(m.preference, sc, o) >= m.threshold - 1e-12
    if isinstance(m, BlocVoteModel):
        total = sum(b.weight for b in m.blocs)
        yes = sum(b.weight for b in m.blocs if _u(b.preference, sc, o) >= b.threshold - 1e-12)
        return yes / total >= m.majority - 1e-12
    share = m.base + sum(
        m.support.get(issue.id, {}).get(str(issue.options[o[k]]), 0.0)
        for k, issue in enumerate(sc.issues)
    )
    share = min(1.0, max(0.0, share))
    p = _phi((share - m.majority) / m.sd)
    if m.turnout_sd > 0:
        p *= _phi((m.turnout - m.quorum) / m.turnout_sd)
    elif m.turnout < m.quorum:
        p = 0.0
    return p >= 0.5 - 1e-12


@pytest.mark.slow
@given(two_level_scenarios())
@SETTINGS
def test_level_two_zone_is_the_intersection_it_claims(sc: Scenario) -> None:
    a = analyze(sc, top=10_000)
    tl = a.two_level
    assert tl is not None
    outcomes, _, ok = brute_force(sc)
    home = [all(_approves(s, sc, o, None) for s in sc.ratification) for o in outcomes]
    zone = {o for o, k, h in zip(outcomes, ok, home, strict=True) if k and h}
    assert tl.zopa_size == int(ok.sum()) == a.zopa.size
    assert tl.zone_size == len(zone)
    listed = {tuple(i.index(z.point.outcome[i.id]) for i in sc.issues) for z in tl.zone}
    assert listed == zone
    assert all(not z.rejected_by for z in tl.zone)
    for party in sc.parties:
        stages = sc.stages_of(party.id)
        if stages:
            wins = sum(all(_approves(s, sc, o, None) for s in stages) for o in outcomes)
            assert tl.win_sets[party.id] == wins
    # where the deal fails follows from the two sizes
    expected = "none" if zone else ("home" if ok.any() else None)
    if expected is not None:
        assert tl.fails_at == expected
    else:
        assert tl.fails_at in ("table", "table and home")
        assert (tl.fails_at == "table") == any(home)


@given(two_level_scenarios())
@SETTINGS
def test_partial_agreements_are_checked_at_both_levels(sc: Scenario) -> None:
    a = analyze(sc)
    tl = a.two_level
    assert tl is not None
    assert [p.issues for p in tl.partial_agreements] == [p.issues for p in a.partial_agreements]
    for pa in tl.partial_agreements:
        agreed = set(pa.issues)
        outcomes, _, _ = brute_force(sc)
        zone = 0
        level1 = 0
        for o in outcomes:
            # the issues left open stay at their status quo
            if any(o[k] != (i.status_quo_index or 0) for k, i in enumerate(sc.issues)
                   if i.id not in agreed):  # fmt: skip
                continue
            if not _acceptable_partial(sc, o, agreed):
                continue
            level1 += 1
            zone += all(_approves(s, sc, o, agreed) for s in sc.ratification)
        assert (pa.zopa_size, pa.zone_size) == (level1, zone)
        assert pa.zone_size <= pa.zopa_size


def _acceptable_partial(sc: Scenario, o: tuple[int, ...], agreed: set[str]) -> bool:
    """Level-1 acceptability of a partial package: reservation values, and the red lines
    on the agreed issues only (a red line on an issue left open is not engaged)."""
    for p in sc.bargaining_parties:
        if _u(p.preference, sc, o) < p.reservation_value - 1e-12:
            return False
        for r in p.red_lines:
            if not set(r.issues) <= agreed:
                continue
            k = sc.issue_position(r.condition.must.issue)
            mask = r.condition.must.option_mask(sc.issues[k])
            if not bool(np.asarray(mask)[o[k]]):
                return False
    return True
