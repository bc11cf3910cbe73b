"""Golden test: Bueno de Mesquita's expected utility model, Scholz et al. (2011) variant.

Input: Table 1 of Scholz, Calbert & Smith (2011), J. Theor. Politics 23(4):510, taken from
Bueno de Mesquita (1994, p. 78) (tests/data/forecasting/bdm/eu_emissions_actors.csv).
Expected: 10 rounds of J. McKibben-Sanders' bdm-scholz-expected-utility-model (dmasad
Python 3 fork, commit e9d86fe "Perfect replication of bdm-scholz results up to 10
rounds"), whose log matches the shipped Example.log (README in that folder).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from accord.forecast.eum import run_eum
from accord.io.actors import read_bdm_csv
from datapaths import FORECASTING

BDM = FORECASTING / "bdm"


@pytest.fixture(scope="module")
def trace() -> dict:  # type: ignore[type-arg]
    return json.loads((BDM / "eu_emissions_scholz_variant_trace_10rounds.json").read_text())


def test_eu_emissions_reproduces_all_ten_rounds(trace: dict) -> None:  # type: ignore[type-arg]
    table = read_bdm_csv(BDM / "eu_emissions_actors.csv")
    result = run_eum(table, rounds=10)
    assert trace["position_range"] == pytest.approx(table.scale[0][1] - table.scale[0][0])
    assert len(trace["rounds"]) == 11
    for rd in trace["rounds"]:
        t = rd["round"]
        for actor, x in rd["positions"].items():
            assert result.positions[t, table.actors.index(actor), 0] == pytest.approx(x, abs=1e-9)
        assert result.series["median"][t, 0] == pytest.approx(rd["median"], abs=1e-9)
        assert result.series["mean"][t, 0] == pytest.approx(rd["mean"], abs=1e-9)
        if t == 0:
            continue
        risk = result.series["risk"][t - 1, 0]
        for actor, r in rd["risk_r"].items():
            assert risk[table.actors.index(actor)] == pytest.approx(r, abs=1e-9)
        offers = result.series["offers"][t - 1][0]
        assert set(offers) == set(rd["offers"])
        for receiver, expected in rd["offers"].items():
            got = offers[receiver]
            assert got["type"] == expected["type"]
            assert got["from"] == expected["from"]
            for key in ("eu_recv", "eu_sender", "new_pos"):
                assert got[key] == pytest.approx(expected[key], abs=1e-9)


def test_published_summary_of_the_run() -> None:
    # docs/forecasting-models.md: only Belgium, Luxembourg and Ireland ever move; the
    # round-10 median is 7.0 and the mean 7.24213.
    table = read_bdm_csv(BDM / "eu_emissions_actors.csv")
    result = run_eum(table, rounds=10)
    moved = np.any(result.positions[:, :, 0] != result.positions[0, :, 0], axis=0)
    assert {a for a, m in zip(table.actors, moved, strict=True) if m} == {
        "Belgium",
        "Luxembourg",
        "Ireland",
    }
    assert result.series["median"][10, 0] == pytest.approx(7.0)
    assert result.outcome[0] == pytest.approx(7.24213, abs=5e-6)


def test_canonical_probability_is_a_different_model() -> None:
    table = read_bdm_csv(BDM / "eu_emissions_actors.csv")
    canon = run_eum(table, rounds=3, variant="canonical")
    scholz = run_eum(table, rounds=3)
    assert canon.series["variant"] == "canonical"
    assert not np.allclose(canon.series["risk"], scholz.series["risk"])
    assert np.all(canon.series["risk"] >= 0.5 - 1e-12)
    assert np.all(canon.series["risk"] <= 2.0 + 1e-12)
