"""The analyze/show/schema/scenarios commands, end to end through the entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from clirun import Cli


@pytest.mark.slow
def test_analyze_default_scenario_reads_well(cli: Cli) -> None:
    code, out, _ = cli(["analyze"])
    assert code == 0
    assert "no full package is acceptable" in out
    assert "full-donbas" in out and "no-withdrawal" in out
    assert (
        "Agreement is possible on ceasefire_monitoring, energy_truce, prisoner_exchange alone"
        in " ".join(out.split())
    )


@pytest.mark.slow
def test_analyze_json_schema(cli: Cli) -> None:
    code, out, _ = cli(["analyze", "geneva-2026", "--json", "--top", "2"])
    assert code == 0
    d = json.loads(out)
    for key in (
        "scenario",
        "parties",
        "issues",
        "zopa",
        "pareto_frontier",
        "solutions",
        "deadlock",
        "partial_agreements",
    ):
        assert key in d
    assert d["zopa"]["size"] == 0 and d["zopa"]["pareto_frontier"] == []
    assert set(d["solutions"]) == {
        "nash",
        "nash_weighted",
        "kalai_smorodinsky",
        "egalitarian",
        "utilitarian",
    }
    assert all(v is None for v in d["solutions"].values())
    assert all(set(p) == {"outcome", "utilities"} for p in d["pareto_frontier"])
    conflict = d["deadlock"]["conflicts"][0]
    assert {(c["party"], c["red_line"]) for c in conflict} == {
        ("russia", "full-donbas"),
        ("ukraine", "no-withdrawal"),
    }
    assert all({"changes", "costs"} <= set(r) for r in d["deadlock"]["relaxations"])
    assert all({"issues", "zopa_size", "solution"} <= set(p) for p in d["partial_agreements"])


@pytest.mark.slow
def test_show_marks_evidence_and_assumptions(cli: Cli) -> None:
    code, out, _ = cli(["show"])
    assert code == 0
    assert "inferred (report)" in out and "reported (report)" in out and "reasoning:" in out
    assert "assumption" in out and "Vladimir Medinsky" in out


@pytest.mark.slow
def test_scenarios_and_schema(cli: Cli) -> None:
    code, out, _ = cli(["scenarios", "--json"])
    assert code == 0 and any(r["name"] == "geneva-2026" for r in json.loads(out))
    code, out, _ = cli(["schema"])
    schema = json.loads(out)
    assert code == 0 and {"metadata", "issues", "parties"} <= set(schema["properties"])


def test_bad_file_exits_2_with_a_clear_message(tmp_path: Path, cli: Cli) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("metadata: {id: x, title: X}\nissues: []\nparties: []\n")
    code, _, err = cli(["analyze", str(p)])
    assert code == 2
    assert err.startswith("error: ") and str(p) in err and "Traceback" not in err


def test_bad_flag_exits_2(cli: Cli) -> None:
    code, _, err = cli(["analyze", "--top", "-1"])
    assert code == 2 and "--top must be 0 or more" in err
    code, _, err = cli(["analyze", "--no-such-flag"])
    assert code == 2 and "No such option" in err


@pytest.mark.slow
def test_module_entry_point_runs_in_a_fresh_process(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("parties: !!python/object/apply:os.system ['echo hacked']\n")
    r = subprocess.run(
        [sys.executable, "-m", "accord", "analyze", str(p)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 2
    assert "hacked" not in r.stdout and "Traceback" not in r.stderr
    assert "no tags that construct objects" in r.stderr
