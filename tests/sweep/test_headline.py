"""The sweep's headline: conditional odds computed from the runs, the tree, the spread over
each deciding input's plausible range, and its place in the summary."""

from __future__ import annotations

import numpy as np
import pytest

from accord.io import load_scenario
from accord.sweep import make_job, run_sweep
from accord.sweep.headline import DECISIVE, PLAUSIBLE_SHIFT, headline
from accord.sweep.summary import sensitivity

RED = "russia.red_lines.full-donbas"
RED2 = "ukraine.red_lines.no-withdrawal"
CONT = "russia.reservation_value"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("geneva-2026")


def _synthetic(n: int = 6000, seed: int = 4):
    """Runs where a red line drawn firm with probability 0.6 nearly rules out agreement,
    a second one (0.9) halves it, and a continuous input moves it a little."""
    gen = np.random.default_rng(seed)
    firm = gen.random(n) < 0.6
    firm2 = gen.random(n) < 0.9
    x = gen.random(n)
    p = np.where(firm, 0.1, 0.9) * np.where(firm2, 0.5, 1.0) + 0.05 * x
    y = gen.random(n) < p
    inputs = {RED: firm.astype(float), RED2: firm2.astype(float), CONT: x}
    return inputs, y


@pytest.mark.slow
def test_binary_branches_are_the_shares_of_the_split_runs(scenario):
    inputs, y = _synthetic()
    ranked = sensitivity(inputs, y, rng=1)
    h = headline(scenario, inputs, y, ranked, "agreement", by="2026-06-30")
    assert h.p == pytest.approx(y.mean())
    top = h.deciding[0]
    assert top.input == RED and top.kind == "binary"
    firm = inputs[RED] > 0.5
    assert top.branches[0].when == "firm"
    assert top.branches[0].p == pytest.approx(y[firm].mean())
    assert top.branches[1].p == pytest.approx(y[~firm].mean())
    assert top.branches[0].runs == int(firm.sum())
    assert top.share == pytest.approx(firm.mean())
    # the analyst's probability is read from the scenario's uncertainty section
    assert top.analyst == pytest.approx(0.6)
    lo, hi = top.range
    assert (lo, hi) == pytest.approx((0.6 - PLAUSIBLE_SHIFT, 0.6 + PLAUSIBLE_SHIFT))
    pf, pb = y[firm].mean(), y[~firm].mean()
    assert top.spread == pytest.approx((lo * pf + (1 - lo) * pb, hi * pf + (1 - hi) * pb))
    # the words lead with the conditional odds and the analyst's mixture
    line = top.line(h.p)
    assert line.startswith("if Russia's red line “full-donbas” is firm: ")
    assert f"at the analyst's 60%: {100 * h.p:.1f}%" in line


@pytest.mark.slow
def test_deciding_inputs_come_from_the_sensitivity_not_from_names(scenario):
    inputs, y = _synthetic()
    ranked = sensitivity(inputs, y, rng=1)
    h = headline(scenario, inputs, y, ranked, "agreement")
    expected = [s.input for s in ranked if not s.noise and abs(s.effect) >= DECISIVE]
    assert [d.input for d in h.deciding] == expected[: len(h.deciding)]
    assert CONT not in [d.input for d in h.deciding]  # its effect is about 0.05
    # swap the roles: the second red line now decides most
    swapped = {RED: inputs[RED2], RED2: inputs[RED], CONT: inputs[CONT]}
    h2 = headline(scenario, swapped, y, sensitivity(swapped, y, rng=1), "agreement")
    assert h2.deciding[0].input == RED2


@pytest.mark.slow
def test_tree_nests_the_second_input_within_the_first(scenario):
    inputs, y = _synthetic()
    h = headline(scenario, inputs, y, sensitivity(inputs, y, rng=1), "agreement")
    assert len(h.tree) == 2 and all(len(b.children) == 2 for b in h.tree)
    a, b = inputs[RED] > 0.5, inputs[RED2] > 0.5
    for node, mask in zip(h.tree, (a, ~a), strict=True):
        for child, mask2 in zip(node.children, (b, ~b), strict=True):
            sel = mask & mask2
            assert child.runs == int(sel.sum())
            assert child.p == pytest.approx(y[sel].mean())
            assert child.ci95[0] <= child.p <= child.ci95[1]
    assert sum(c.runs for n in h.tree for c in n.children) == y.size


@pytest.mark.slow
def test_joint_spread_reweights_to_the_corners(scenario):
    inputs, y = _synthetic()
    h = headline(scenario, inputs, y, sensitivity(inputs, y, rng=1), "agreement")
    assert h.spread is not None
    a, b = inputs[RED] > 0.5, inputs[RED2] > 0.5
    cell = {(i, j): y[(a == i) & (b == j)].mean() for i in (True, False) for j in (True, False)}
    corners = [
        sum(
            (q1 if i else 1 - q1) * (q2 if j else 1 - q2) * cell[(i, j)]
            for i in (True, False)
            for j in (True, False)
        )
        for q1 in h.deciding[0].range
        for q2 in h.deciding[1].range
    ]
    assert h.spread == pytest.approx((min(corners), max(corners)), abs=0.02)
    assert h.spread[0] < h.p < h.spread[1]


@pytest.mark.slow
def test_continuous_input_splits_by_thirds(scenario):
    gen = np.random.default_rng(2)
    n = 3000
    x = gen.random(n)
    y = gen.random(n) < x  # strongly increasing in x
    inputs = {CONT: x}
    h = headline(scenario, inputs, y, sensitivity(inputs, y, rng=1), "zopa")
    (d,) = h.deciding
    assert d.kind == "continuous" and [b.when for b in d.branches] == [
        "lowest third",
        "middle third",
        "highest third",
    ]
    lo, hi = np.quantile(x, [1 / 3, 2 / 3])
    assert d.branches[0].p == pytest.approx(y[x <= lo].mean())
    assert d.branches[2].p == pytest.approx(y[x >= hi].mean())
    assert d.spread == (d.branches[0].p, d.branches[2].p)
    assert h.event == "a non-empty zone of agreement"


def test_nothing_decides_a_flat_target(scenario):
    gen = np.random.default_rng(3)
    inputs = {CONT: gen.random(500)}
    y = gen.random(500) < 0.3
    h = headline(scenario, inputs, y, sensitivity(inputs, y, rng=1), "agreement")
    assert h.deciding == () and h.tree == () and h.spread is None
    assert "no uncertain input moves it" in " ".join(h.lines())


@pytest.mark.slow
def test_sweep_summary_carries_the_headline(scenario):
    result = run_sweep(
        make_job(scenario, runs=1500, rng=5, protocol="alternating-offers"), workers=1
    )
    s = result.summary
    h = s.headline
    assert h is not None and h.target == s.target
    assert h.p == pytest.approx(s.p_full)
    firm = np.asarray(result.table[f"input:{h.deciding[0].input}"]) > 0.5
    full = np.asarray(result.table["full_agreement"], dtype=bool)
    assert h.deciding[0].branches[0].p == pytest.approx(full[firm].mean())
    d = s.to_dict()
    assert d["headline"]["p"] == pytest.approx(s.p_full)
    assert "simulation" in d["headline"]["interval"]
    for key in ("p_full", "ci95_full", "sensitivity", "by_date", "notes"):
        assert key in d


@pytest.mark.slow
def test_partial_agreement_is_split_over_the_same_inputs(scenario):
    inputs, y = _synthetic()
    gen = np.random.default_rng(9)
    agree = y | (gen.random(y.size) < 0.5)  # at least partial: a superset of full
    ranked = sensitivity(inputs, y, rng=1)
    h = headline(scenario, inputs, y, ranked, "full_agreement", also=agree)
    assert h.also is not None
    assert h.also.p == pytest.approx(agree.mean())
    assert [d.input for d in h.also.deciding] == [d.input for d in h.deciding]
    firm = inputs[RED] > 0.5
    assert h.also.deciding[0].branches[0].p == pytest.approx(agree[firm].mean())
    assert "at least a partial agreement" in h.lines()[-len(h.also.deciding) - 1]
    assert "also" in h.to_dict() and h.to_dict()["also"]["p"] == pytest.approx(agree.mean())
