"""Inputs that gave a wrong answer with exit code 0 are refused with one line: salience all
zero (``p = nan``), values and forecast scales near ±1e308 (overflow to NaN and infinity), a
negative reservation value, an empty scenario name (read the working folder); and the
pairwise forecast models refuse more actors than their stated bound unless raised."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from accord.cli._bounds import MAX_PAIRWISE_ACTORS

from .helpers import BASE, refused, run


def actors_csv(tmp_path: Path, rows: list[tuple[str, float, float, float]]) -> Path:
    p = tmp_path / "actors.csv"
    p.write_text(
        "Actor,Capability,Position,Salience\n"
        + "".join(f"{a},{c},{x},{s}\n" for a, c, x, s in rows)
    )
    return p


def test_forecast_with_all_salience_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = actors_csv(tmp_path, [("a", 1, 10, 0), ("b", 2, 50, 0)])
    line = refused(["forecast", str(p), "--json"], capsys)
    assert "no actor brings any weight to dimension" in line and "nan" not in line


@pytest.mark.parametrize("big", ["1e308", "-1e308"])
def test_forecast_positions_near_the_float_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], big: str
) -> None:
    p = actors_csv(tmp_path, [("a", 1, float(big), 1), ("b", 2, 0, 1)])
    line = refused(["forecast", str(p)], capsys)
    assert "1e+12" in line


def test_forecast_capability_near_the_float_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = actors_csv(tmp_path, [("a", 1e308, 10, 1), ("b", 1e308, 50, 1)])
    assert "capability" in refused(["forecast", str(p)], capsys)


def test_a_scenario_issue_nobody_weighs_is_left_out_of_the_forecast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(BASE)
    doc["issues"].append({"id": "sea", "kind": "ordinal", "options": ["p", "q"]})
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(doc, sort_keys=False))
    code, out, err = run(["forecast", str(p), "--json"], capsys)
    assert code == 0, err
    assert "sea: left out of the forecast" in err
    assert "nan" not in out.lower()


@pytest.mark.parametrize("where", ["table", "linear"])
def test_values_near_the_float_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    doc = copy.deepcopy(BASE)
    if where == "table":
        doc["parties"][0]["preferences"]["values"]["land"]["c"] = -1e308
        path = "parties[0].preferences.values.land.c"
    else:
        doc["parties"][0]["preferences"]["values"]["money"]["linear"]["at_max"] = 1e308
        path = "parties[0].preferences.values.money.linear.at_max"
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(doc, sort_keys=False))
    line = refused(["analyze", str(p), "--json"], capsys)
    assert path in line and "1e+06" in line


def test_negative_reservation_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = copy.deepcopy(BASE)
    doc["parties"][0]["reservation_value"] = -5
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(doc, sort_keys=False))
    line = refused(["analyze", str(p)], capsys)
    assert "parties[0].reservation_value" in line and "greater than or equal to 0" in line


@pytest.mark.parametrize("name", ["", "  "])
@pytest.mark.parametrize("command", ["analyze", "show", "info", "simulate"])
def test_empty_scenario_name(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    command: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stray.yaml").write_text(yaml.safe_dump(BASE))  # what "" used to pick up
    assert "scenario name is empty" in refused([command, name], capsys)


def test_pairwise_models_bound_their_actors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [(f"a{k}", 1 + k % 7, k % 100, 0.5) for k in range(MAX_PAIRWISE_ACTORS + 1)]
    p = actors_csv(tmp_path, rows)
    for model in ("smp", "eum", "all"):
        line = refused(["forecast", str(p), "-m", model], capsys)
        assert f"limit of {MAX_PAIRWISE_ACTORS}" in line and "--max-actors" in line
    # the exchange model is not pairwise: it runs
    code, _, err = run(["forecast", str(p), "-m", "exchange", "--json", "--steps", "2"], capsys)
    assert code == 0, err
    # a small limit, raised or lowered by the flag, applies before any work
    small = actors_csv(tmp_path, rows[:5])
    line = refused(["forecast", str(small), "-m", "smp", "--max-actors", "4"], capsys)
    assert "limit of 4" in line
    code, _, err = run(
        ["forecast", str(small), "-m", "smp", "--max-actors", "5", "--json", "--steps", "2"],
        capsys,
    )
    assert code == 0, err
