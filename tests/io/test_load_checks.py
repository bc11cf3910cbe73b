"""Checks every command runs when it loads a scenario: issues no party values, weights
that do not sum to one (warnings), uncertainty entries naming what does not exist (errors)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from accord.io.loader import bundled_scenarios

if TYPE_CHECKING:
    from clirun import Cli

GENEVA = bundled_scenarios()["geneva-2026"]
COMMANDS = [["show"], ["analyze"], ["analyze", "--json"]]


def write(tmp_path: Path, doc: dict[str, Any]) -> str:
    out = tmp_path / "talks.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(GENEVA.parent / "geneva-2026.source.txt", tmp_path)
    return str(out)


def geneva() -> dict[str, Any]:
    return yaml.safe_load(GENEVA.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("cmd", [*COMMANDS, ["report", "--no-simulate", "--no-forecast"]])
def test_an_issue_no_party_values_is_a_warning(cmd: list[str], tmp_path: Path, cli: Cli) -> None:
    doc = geneva()
    doc["issues"].append(
        {"id": "venue", "kind": "categorical", "options": ["geneva", "istanbul", "riyadh"]}
    )
    path = write(tmp_path, doc)
    extra = ["-o", str(tmp_path / "r.html")] if cmd[0] == "report" else []
    code, _, err = cli([*cmd, path, *extra])
    assert code == 0
    assert "warning" in err and "issues[5]" in err and "no party values issue 'venue'" in err


@pytest.mark.slow
def test_weights_not_summing_to_one_name_the_party(tmp_path: Path, cli: Cli) -> None:
    doc = geneva()
    doc["parties"][1]["preferences"]["weights"]["donbas"] = 0.9
    code, _, err = cli(["show", write(tmp_path, doc)])
    assert code == 0 and "weights of 'ukraine' sum to 1.5, not 1" in err


@pytest.mark.parametrize(
    ("where", "entry", "message"),
    [
        (["parties"], {"hungary": {"capability": {"dist": "fixed"}}}, "no party 'hungary'"),
        (["parties", "russia", "red_lines"], {"no-nato": {"p_real": 0.5}}, "no red line 'no-nato'"),
        (
            ["parties", "ukraine", "values"],
            {"crimea": {"x": {"dist": "fixed"}}},
            "no issue 'crimea'",
        ),
        (
            ["parties", "ukraine", "red_lines"],
            {"full-donbas": {"p_real": 0.5}},
            "no red line 'full-donbas'",
        ),
    ],
)
@pytest.mark.parametrize(
    "cmd", [COMMANDS[0], *(pytest.param(c, marks=pytest.mark.slow) for c in COMMANDS[1:])]
)
def test_uncertainty_naming_unknown_things_fails_at_load(
    cmd: list[str],
    where: list[str],
    entry: dict[str, Any],
    message: str,
    tmp_path: Path,
    cli: Cli,
) -> None:
    doc = geneva()
    node = doc["uncertainty"]
    for key in where:
        node = node.setdefault(key, {})
    node.update(entry)
    code, out, err = cli([*cmd, write(tmp_path, doc)])
    assert code == 2 and message in err and "uncertainty.parties" in err
    assert "Traceback" not in err and out == ""
