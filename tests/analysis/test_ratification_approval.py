"""The acceptance models of ratification stages (docs/two-level.md), against their
formulas computed by hand."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from tests.datapaths import DATA

from accord.analysis.ratification import approval, stage_utility, stages_of, win_sets
from accord.io import load_scenario

SC = load_scenario(DATA / "two-level" / "blocked-at-home.yaml")
# every package: border x aid, border first (west_keeps, shared, east_gets)
ALL = np.array(list(itertools.product(range(3), range(3))), dtype=np.intp)


def _phi(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def test_threshold_stage_approves_where_its_utility_reaches_the_bar() -> None:
    pres = SC.ratification[0]
    u = stage_utility(SC, pres, ALL)
    # 0.4 * border + 0.6 * aid, by hand
    border, aid = [1.0, 0.5, 0.0], [0.0, 0.6, 1.0]
    expect = [0.4 * border[b] + 0.6 * aid[a] for b, a in ALL.tolist()]
    assert u.tolist() == pytest.approx(expect)
    assert approval(SC, pres, ALL).tolist() == [float(x >= 0.3 - 1e-12) for x in expect]


def test_bloc_vote_carries_with_the_majority_of_weight() -> None:
    parl = SC.ratification[2]
    # the ruling bloc (60 of 100) votes yes from 'shared' on (0.6 >= 0.4); the opposition
    # only for 'east_gets' (1.0 >= 0.9)
    share = stage_utility(SC, parl, ALL)
    assert share.tolist() == pytest.approx([0.0] * 3 + [0.6] * 3 + [1.0] * 3)
    assert approval(SC, parl, ALL).tolist() == [0.0] * 3 + [1.0] * 6


def test_electorate_is_the_normal_approximation_times_the_quorum_chance() -> None:
    ref = SC.ratification[1]
    p = approval(SC, ref, ALL)
    quorum = _phi((0.55 - 0.5) / 0.03)
    for (b, _), got in zip(ALL.tolist(), p.tolist(), strict=True):
        m = 0.6 + [0.0, -0.25, -0.4][b]
        assert got == pytest.approx(_phi((m - 0.5) / 0.05) * quorum, abs=1e-12)
    assert 0.9 < p[0] < 0.95 and p[-1] < 1e-9


def test_a_stage_with_nothing_settled_to_rule_on_approves() -> None:
    ref = SC.ratification[1]  # rules on the border only
    settled = np.zeros(ALL.shape, dtype=bool)
    settled[:, 1] = True  # only the aid is settled
    assert approval(SC, ref, ALL, settled).tolist() == [1.0] * 9
    settled[:, 0] = True
    assert approval(SC, ref, ALL, settled).tolist() == approval(SC, ref, ALL).tolist()


def test_win_sets_need_every_stage_of_the_party() -> None:
    ws = win_sets(SC, ALL)
    assert list(ws) == ["west", "east"]
    west = np.ones(9, bool)
    for stage in stages_of(SC, "west"):
        west &= approval(SC, stage, ALL) >= 0.5
    assert ws["west"].tolist() == west.tolist()
    assert ws["west"].tolist() == [True] * 3 + [False] * 6  # the referendum: no ceded district
    assert ws["east"].tolist() == [False] * 3 + [True] * 6


def test_positions_of_the_wrong_shape_are_refused() -> None:
    with pytest.raises(ValueError, match="option positions"):
        approval(SC, SC.ratification[0], np.zeros((3, 5), dtype=np.intp))


@pytest.mark.parametrize("turnout_sd", [None, 0.0])
def test_per_package_numbers_judge_each_package_as_its_own_stage_would(
    turnout_sd: float | None,
) -> None:
    """approval_drawn (a sweep's per-run draws of a stage's numbers) gives, package by
    package, exactly approval() of the stage with that package's numbers."""
    from dataclasses import replace

    from accord.space.ratification import approval_drawn

    rng = np.random.default_rng(7)
    n = 60
    pos = ALL[rng.integers(0, len(ALL), n)]
    settled = rng.random((n, ALL.shape[1])) < 0.7
    for stage in SC.ratification:
        m = stage.model
        if turnout_sd is not None and hasattr(m, "turnout_sd"):
            stage = replace(stage, model=replace(m, turnout_sd=turnout_sd))
        values: dict[str, object] = {
            "threshold": rng.uniform(0.0, 1.0, n),
            "base": rng.uniform(0.3, 0.9, n),
            "turnout": rng.uniform(0.4, 0.7, n),
        }
        if hasattr(m, "blocs"):
            values["bloc_thresholds"] = {m.blocs[0].id: rng.uniform(0.0, 1.0, n)}
        got = approval_drawn(SC, stage, pos, settled, values)
        for i in range(n):
            one: dict[str, object] = {
                k: ({b: float(x[i]) for b, x in v.items()} if isinstance(v, dict) else float(v[i]))
                for k, v in values.items()
            }
            alone = approval(SC, stage.with_values(**one), pos[i : i + 1], settled[i : i + 1])
            assert got[i] == alone[0], (stage.id, i)
        assert got.min() >= 0.0 and got.max() <= 1.0
        assert len(set(got.tolist())) > 1, stage.id  # the numbers do move the verdicts
