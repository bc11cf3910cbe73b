"""Hostile inputs shared by the tests of this folder, built in code (nothing big on disk)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from clirun import run_cli as run
from factories import SMALL_DOC

#: A small valid scenario (two parties, two issues, one red line), its parties named.
BASE: dict[str, Any] = copy.deepcopy(SMALL_DOC)
for _party in BASE["parties"]:
    _party["name"] = _party["id"].upper()


def scenario_yaml(doc: dict[str, Any] | None = None) -> str:
    return yaml.safe_dump(doc or BASE, sort_keys=False, allow_unicode=True)


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the CLI and check it answers with one error line and exit code 2."""
    code, _, err = run(argv, capsys)
    assert code == 2, err
    assert "Traceback" not in err
    lines = [x for x in err.splitlines() if x.strip() and not x.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def wide_scenario(parties: int = 30) -> dict[str, Any]:
    """4 issues of 21 options (194,481 packages) and ``parties`` parties: the probe's
    costly analysis (281 s and 4.6 GB for 30 parties before any budget)."""
    issues = [
        {"id": f"i{j}", "kind": "ordinal", "options": [f"o{n}" for n in range(21)]}
        for j in range(4)
    ]
    members = [
        {
            "id": f"p{k}",
            "preferences": {
                "weights": {f"i{j}": 0.25 for j in range(4)},
                "values": {
                    f"i{j}": {f"o{n}": ((n * (k + 1) + j) % 21) / 20 for n in range(21)}
                    for j in range(4)
                },
            },
        }
        for k in range(parties)
    ]
    return {"metadata": {"id": "wide", "title": "Wide"}, "issues": issues, "parties": members}
