"""Golden tests: KTAB's Spatial Model of Politics against KTAB's shipped reference runs.

Reference data (tests/data/forecasting/ktab, tests/data/README.md): the ``smpc`` log
``20170530_ref-dummyData_3Dim.txt`` and the SOE-Pol-Comp tables shipped with KAPSARC/KTAB
(``examples/smp/doc``, MIT, (c) 2015 KAPSARC), plus the derived 1-D runs of
SOE-Policy/SOE-Competitive (secondary evidence). Positions are compared to 0.1 with
C-style ``%.1f`` rounding, as the logs print them.
"""

from __future__ import annotations

import csv
import re

import numpy as np
import pytest

from accord.forecast.smp import run_smp, smp_turn, win_probabilities
from accord.io.actors import read_ktab_csv
from datapaths import FORECASTING

KTAB = FORECASTING / "ktab"


def _positions(name: str) -> list[dict[str, str]]:
    with (KTAB / "expected" / name).open(newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    ("inp", "ref", "states"),
    [("dummyData_3Dim", "dummyData_3Dim_ref", 11), ("SOE-Pol-Comp", "SOE-Pol-Comp_ref", 28)],
)
def test_shipped_runs_reproduce_every_position_and_win_probability(
    inp: str, ref: str, states: int
) -> None:
    table = read_ktab_csv(KTAB / "inputs" / f"{inp}.csv")
    result = run_smp(table)
    assert result.positions.shape[0] == states
    assert result.converged
    rows = _positions(f"{ref}_positions_by_turn.csv")
    checked = 0
    for row in rows:
        i = table.actors.index(row["actor"])
        k = table.dimensions.index(row["dimension"])
        for t in range(states):
            assert f"{result.positions[t, i, k]:.1f}" == row[f"t{t}"], (row["actor"], k, t)
            checked += 1
    assert checked == states * table.n_actors * table.n_dimensions
    win = result.series["win_probability"]
    for row in _positions(f"{ref}_win_prob_by_turn.csv"):
        i = table.actors.index(row["actor"])
        for t in range(states):
            assert win[t, i] == pytest.approx(float(row[f"t{t}"]), abs=5.1e-5)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("inp", "states", "final_best"),
    [("SOE-Policy", 20, 38.61), ("SOE-Competitive", 36, None)],
)
def test_derived_1d_runs(inp: str, states: int, final_best: float | None) -> None:
    table = read_ktab_csv(KTAB / "inputs" / f"{inp}.csv")
    result = run_smp(table)
    assert result.positions.shape[0] == states
    prefix = f"DERIVED_{inp}_1D"
    for row in _positions(f"{prefix}_positions_by_turn.csv"):
        i = table.actors.index(row["actor"])
        expected = [float(row[f"t{t}"]) for t in range(states)]
        np.testing.assert_allclose(result.positions[:, i, 0], expected, atol=5e-5)
    for row in _positions(f"{prefix}_win_prob_by_turn.csv"):
        i = table.actors.index(row["actor"])
        expected = [float(row[f"t{t}"]) for t in range(states)]
        np.testing.assert_allclose(result.series["win_probability"][:, i], expected, atol=5e-7)
    if final_best is not None:
        assert result.outcome[0] == pytest.approx(final_best, abs=5e-3)


def _matrix_after(lines: list[str], title: str, n: int) -> np.ndarray:
    start = next(k for k, line in enumerate(lines) if line.startswith(title))
    return np.array([[float(v) for v in lines[start + 1 + r].split()] for r in range(n)])


def test_turn_one_matrices_of_the_3d_log() -> None:
    lines = (KTAB / "expected" / "20170530_ref-dummyData_3Dim.txt").read_text().splitlines()
    table = read_ktab_csv(KTAB / "inputs" / "dummyData_3Dim.csv")
    x = table.normalized_position()
    new_x, turn = smp_turn(x, table.salience, table.actor_capability)
    n = table.n_actors
    raw = _matrix_after(lines, "Raw actor-pos value matrix (risk neutral)", n)
    np.testing.assert_allclose(turn.risk_neutral, raw, atol=5e-4)
    risk = _matrix_after(lines, "Inferred risk attitudes", n)[:, 0]
    np.testing.assert_allclose(turn.risk, risk, atol=5e-4)
    util = _matrix_after(lines, "Risk-aware actor-pos utility matrix (objective)", n)
    np.testing.assert_allclose(turn.utility, util, atol=5e-5)
    # published turn-0 winning probabilities (docs/forecasting-models.md, case A)
    np.testing.assert_allclose(
        win_probabilities(x, table.salience, table.actor_capability),
        [0.0047, 0.0302, 0.0054, 0.1492, 0.6001, 0.1447, 0.0656],
        atol=5e-5,
    )
    # every challenge: "In turn 0 actor i has most advantageous target j worth g"
    pat = re.compile(r"In turn 0 actor (\d+) has most advantageous target (\d+) worth ([\d.]+)")
    found = {int(m[1]): (int(m[2]), float(m[3])) for m in map(pat.match, lines) if m}
    assert len(found) == n
    for i, (j, worth) in found.items():
        assert turn.target[i] == j
        assert turn.gain[i] == pytest.approx(worth, abs=5e-4)
    # the resulting turn-1 positions (first column after t0 of the history)
    ref = _positions("dummyData_3Dim_ref_positions_by_turn.csv")
    for row in ref:
        i = table.actors.index(row["actor"])
        k = table.dimensions.index(row["dimension"])
        assert f"{100 * new_x[i, k]:.1f}" == row["t1"]
