"""Golden tests: Stokman's exchange model (Equal Gain) against decide-exchange-model.

Expected traces: tests/data/forecasting/decide/expected/<dataset>/trace.json, produced
by PyPI decide-exchange-model==2022.1.28 with EqualGainModel.ALLOW_RANDOM = False (README
there). Inputs from foarsitter/decide-exchange-model data/input (GPL-3 data files, read
in place, not copied). Checked for sample_data, cop21 and copenhagen over 10 rounds: every
realised exchange of every round in order (actors, supply issues, start and voting
positions, gain) and the NBS per issue at the start of each round and after it, to 1e-9;
plus the published first-exchange gains (docs/forecasting-models.md section 2).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from accord.forecast import Forecast
from accord.forecast.exchange import run_exchange
from accord.io.actors import read_decide
from datapaths import FORECASTING

DECIDE = FORECASTING / "decide"
CASES = {
    "sample_data": "sample_data.txt",
    "cop21": "cop21.csv",
    "copenhagen": "copenhagen.csv",
}
#: The cases as parameters: COP21's exchange model (about a second) runs in the full suite
#: only, the two smaller ones in the quick loop (``pytest -m "not slow"``) too.
CASE_PARAMS = [pytest.param(n, marks=[pytest.mark.slow] if n == "cop21" else []) for n in CASES]
ROUNDS = 10
NAMES = ("i", "i_supply", "j", "j_supply")
VALUES = ("i_start", "i_y", "j_start", "j_y", "gain")


@cache
def _trace(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DECIDE / "expected" / name / "trace.json").read_text())
    return data


@cache
def _run(name: str) -> Forecast:
    return run_exchange(read_decide(DECIDE / "inputs" / CASES[name]), rounds=ROUNDS)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("rnd", range(ROUNDS))
def test_every_realised_exchange(name: str, rnd: int) -> None:
    expected = _trace(name)["rounds"][rnd]["exchanges"]
    got = _run(name).series["exchanges"][rnd]
    assert len(got) == len(expected)
    for k, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert {key: g[key] for key in NAMES} == {key: e[key] for key in NAMES}, k
        for key in VALUES:
            assert g[key] == pytest.approx(e[key], abs=1e-9), (k, key)


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_nbs_per_issue_per_round(name: str) -> None:
    rounds = _trace(name)["rounds"]
    assert len(rounds) == ROUNDS
    nbs = _run(name).series["nbs"]
    for r, rd in enumerate(rounds):
        for issue, value in rd["nbs_start"].items():
            assert nbs[issue][r] == pytest.approx(value, abs=1e-9), (r, issue)
        for issue, value in rd["nbs_after_new_start"].items():
            assert nbs[issue][r + 1] == pytest.approx(value, abs=1e-9), (r + 1, issue)


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_positions_after_each_round(name: str) -> None:
    result = _run(name)
    table = result.table
    for r, rd in enumerate(_trace(name)["rounds"]):
        for issue, by_actor in rd["positions_after_new_start"].items():
            d = table.dimensions.index(issue)
            lo, hi = table.scale[d]
            for actor, value in by_actor.items():
                got = (result.positions[r + 1, table.actors.index(actor), d] - lo) / (hi - lo)
                assert 100.0 * got == pytest.approx(value, abs=1e-9), (r + 1, issue, actor)


@pytest.mark.slow
def test_published_first_exchange_gains() -> None:
    # docs/forecasting-models.md section 2: gains 1.973684, 2.190722, 3.278818
    gains = [_run(name).series["exchanges"][0][0]["gain"] for name in CASES]
    assert gains == pytest.approx([1.973684, 2.190722, 3.278818], abs=1e-6)


def test_exchanges_per_round_sample_data() -> None:
    # docs/forecasting-models.md section 2: 39, 37, 36, 42, 35, 39, 36, 36, 36, 30
    counts = [len(r) for r in _run("sample_data").series["exchanges"]]
    assert counts == [39, 37, 36, 42, 35, 39, 36, 36, 36, 30]
