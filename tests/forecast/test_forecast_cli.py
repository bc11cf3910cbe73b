"""``accord forecast``: readable output, JSON shape and errors (exit code 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.cli.main import main
from datapaths import FORECASTING

DATA = FORECASTING


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(["forecast", *args])
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out, out.err


def test_json_eum(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [str(DATA / "bdm" / "eu_emissions_actors.csv"), "-m", "eum", "--rounds", "10", "--json"],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert data["model"] == "eum" and len(data["rounds"]) == 11
    assert data["rounds"][1]["positions"]["Belgium"] == [pytest.approx(8.415932315426764)]
    assert data["median"][1] == [pytest.approx(8.415932315426764)]
    assert data["outcome"] == [pytest.approx(7.24213, abs=1e-5)]


def test_json_smp_and_exchange(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [str(DATA / "ktab" / "inputs" / "dummyData_3Dim.csv"), "-m", "smp", "--json"], capsys
    )
    data = json.loads(out)
    assert code == 0 and len(data["rounds"]) == 11 and len(data["win_probability"]) == 11
    code, out, _ = run(
        [str(DATA / "decide" / "inputs" / "copenhagen.csv"), "-m", "exchange", "-n", "2", "--json"],
        capsys,
    )
    data = json.loads(out)
    assert code == 0 and set(data["nbs"]) >= {"Extra", "Commitments"}
    assert data["exchanges"][0][0]["gain"] == pytest.approx(3.278818, abs=1e-6)


def test_geneva_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["geneva-2026", "--model", "all"], capsys)
    assert code == 0
    assert "Predicted outcome by model" in out
    line = next(x for x in out.splitlines() if x.startswith("│ donbas "))
    assert len([c for c in line.split("│") if c.strip()]) == 4  # dimension + 3 models


def test_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run([str(DATA / "ktab" / "inputs" / "smpExample.xml")], capsys)
    assert code == 2 and "error:" in err and "dCoord[0]" in err
    code, _, err = run([str(DATA / "bdm" / "eu_emissions_actors.csv"), "-m", "nope"], capsys)
    assert code == 2 and "unknown --model 'nope'" in err
    code, _, err = run([str(DATA / "bdm" / "eu_emissions_actors.csv"), "-n", "0"], capsys)
    assert code == 2 and "--rounds must be at least 1" in err
