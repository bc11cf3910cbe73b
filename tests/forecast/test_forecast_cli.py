"""``accord forecast``: readable output, JSON shape and errors (exit code 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from datapaths import FORECASTING

if TYPE_CHECKING:
    from clirun import Cli

DATA = FORECASTING


def test_json_eum(cli: Cli) -> None:
    code, out, _ = cli(
        [
            "forecast",
            str(DATA / "bdm" / "eu_emissions_actors.csv"),
            "-m",
            "eum",
            "--steps",
            "10",
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(out)
    assert data["model"] == "eum" and len(data["steps"]) == 11
    assert data["steps"][1]["positions"]["Belgium"] == [pytest.approx(8.415932315426764)]
    assert data["median"][1] == [pytest.approx(8.415932315426764)]
    assert data["outcome"] == [pytest.approx(7.24213, abs=1e-5)]


def test_json_smp_and_exchange(cli: Cli) -> None:
    code, out, _ = cli(
        ["forecast", str(DATA / "ktab" / "inputs" / "dummyData_3Dim.csv"), "-m", "smp", "--json"]
    )
    data = json.loads(out)
    assert code == 0 and len(data["steps"]) == 11 and len(data["win_probability"]) == 11
    code, out, _ = cli(
        [
            "forecast",
            str(DATA / "decide" / "inputs" / "copenhagen.csv"),
            "-m",
            "exchange",
            "-n",
            "2",
            "--json",
        ]
    )
    data = json.loads(out)
    assert code == 0 and set(data["nbs"]) >= {"Extra", "Commitments"}
    assert data["exchanges"][0][0]["gain"] == pytest.approx(3.278818, abs=1e-6)


def test_geneva_side_by_side(cli: Cli) -> None:
    code, out, _ = cli(["forecast", "geneva-2026", "--model", "all"])
    assert code == 0
    assert "Predicted outcome by model" in out
    line = next(x for x in out.splitlines() if x.startswith("│ donbas "))
    assert len([c for c in line.split("│") if c.strip()]) == 4  # dimension + 3 models


def test_errors_exit_2(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli(["forecast", str(DATA / "ktab" / "inputs" / "smpExample.xml")])
    assert code == 2 and "error:" in err and "dCoord[0]" in err
    code, _, err = cli(["forecast", str(DATA / "bdm" / "eu_emissions_actors.csv"), "-m", "nope"])
    assert code == 2 and "unknown --model 'nope'" in err
    code, _, err = cli(["forecast", str(DATA / "bdm" / "eu_emissions_actors.csv"), "-n", "0"])
    assert code == 2 and "--steps must be at least 1" in err


@pytest.mark.slow
def test_exchange_without_exchanges_says_the_result_is_the_start(
    cli: Cli,
) -> None:
    code, out, _ = cli(["forecast", "geneva-2026", "-m", "exchange"])
    assert code == 0
    text = " ".join(out.split())
    # the bundled scenario gives the exchange model no profitable exchange
    assert "exchanges per model step: 0, 0" in text
    assert "no exchange happened in 10 model steps, so this is the starting position" in text
    assert "converged" not in text.split("predicted outcome:")[1].split("\n")[0]


@pytest.mark.slow
def test_model_steps_are_said_to_carry_no_dates(cli: Cli) -> None:
    code, out, _ = cli(["forecast", "geneva-2026", "-m", "eum"])
    assert code == 0
    assert "they are not meetings and carry no dates" in " ".join(out.split())


def test_categorical_issues_say_whether_a_scale_exists(
    cli: Cli,
) -> None:
    code, out, _ = cli(["forecast", "geneva-2026", "-m", "eum", "--json"])
    assert code == 0
    reasons = {x["issue"]: x["reason"] for x in json.loads(out)["issues_left_out"]}
    # two options: always a scale, the analyst may declare it ordinal
    assert "with two options it could be read as a scale" in reasons["energy_truce"]
    # three options ranked differently by the parties: no shared scale
    assert "the parties rank its options differently" in reasons["znpp"]
    assert (
        "Russia: Returned to Ukraine < Shared control with the US < Russian control"
        in (reasons["znpp"])
    )
