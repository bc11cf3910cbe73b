"""``accord compare``: document changes and their effect on the analysis."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from accord.io import bundled_scenarios

if TYPE_CHECKING:
    from clirun import Cli

FULL_DONBAS_START = "      - id: full-donbas\n"
NEXT_RED_LINE = "      - id: no-shared-znpp\n"


def no_full_donbas(tmp_path: Path) -> Path:
    t = bundled_scenarios()["geneva-2026"].read_text(encoding="utf-8")
    i, j = t.index(FULL_DONBAS_START), t.index(NEXT_RED_LINE)
    out = tmp_path / "no-full-donbas.yaml"
    t = t[:i] + t[j:]
    # its uncertainty (used by sweeps) goes with it
    lines = [x for x in t.splitlines(keepends=True) if not x.strip().startswith("full-donbas:")]
    out.write_text("".join(lines), encoding="utf-8")
    return out


@pytest.mark.slow
def test_compare_geneva_without_full_donbas_json(tmp_path: Path, cli: Cli) -> None:
    edited = no_full_donbas(tmp_path)
    code, out, err = cli(["compare", "geneva-2026", str(edited), "--json"])
    assert code == 0, err
    d = json.loads(out)
    (removed,) = d["changes"]["red lines"]
    assert removed["op"] == "removed"
    assert removed["path"] == "parties[russia].red_lines[full-donbas]"
    assert removed["before"]["value"] == "russian_control"
    # nothing else changed but the red line's uncertainty entry, which went with it
    assert set(d["changes"]) <= {"red lines", "other"}
    assert [c["path"] for c in d["changes"].get("other", [])] in (
        [],
        ["uncertainty.parties[russia].red_lines[full-donbas]"],
    )
    an = d["analysis"]
    assert an["zopa_size"] == {"before": 0, "after": 13}
    assert an["conflicts_removed"] == [
        [{"party": "russia", "red_line": "full-donbas"},
         {"party": "ukraine", "red_line": "no-withdrawal"}]
    ]  # fmt: skip
    assert an["conflicts_added"] == []
    assert an["nash"]["before"] is None
    nash = an["nash"]["after"]
    assert nash["package"]["donbas"] != "russian_control"
    assert set(nash["utilities"]) == {"russia", "ukraine", "united_states"}
    # the Nash package is the relaxation the first analysis proposed for dropping the line
    (relax,) = [
        r for r in an["before"]["relaxations"] if r["changes"][0]["red_line"] == "full-donbas"
    ]
    assert relax["zopa_size"] == 13
    assert an["relaxations_removed"] and not an["after"]["relaxations"]
    # utilities in the package are each party's utility of it (Russia's reservation 0.35 met)
    assert nash["utilities"]["russia"] >= 0.35 and nash["utilities"]["ukraine"] >= 0.45


def test_compare_table_and_identical(tmp_path: Path, cli: Cli) -> None:
    edited = no_full_donbas(tmp_path)
    code, out, _ = cli(["compare", "geneva-2026", str(edited)])
    assert code == 0
    assert "ZOPA size" in out and "0 of 162" in out and "13 of 162" in out
    assert "full-donbas removed" in out
    assert "Conflicts removed: russia full-donbas vs ukraine no-withdrawal" in out
    # a change's path keeps its bracketed parts (never read as console markup)
    assert "uncertainty.parties[russia].red_lines[full-donbas] removed" in " ".join(out.split())
    code, out, _ = cli(["compare", "geneva-2026", "geneva-2026"])
    assert code == 0 and "identical" in out


@pytest.mark.slow
def test_compare_record_versions(tmp_path: Path, cli: Cli) -> None:
    db = str(tmp_path / "r.db")
    assert cli(["talks", "init", "--example", "--db", db])[0] == 0
    edited = no_full_donbas(tmp_path)
    (tmp_path / "geneva-2026.source.txt").write_text(
        bundled_scenarios()["geneva-2026"].with_suffix(".source.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert cli(["talks", "commit", str(edited), "-m", "drop", "--db", db])[0] == 0
    code, out, err = cli(["compare", "@1", "@latest", "--db", db, "--json"])
    assert code == 0, err
    d = json.loads(out)
    assert d["a"].startswith("geneva-2026 version 1") and d["b"].startswith("geneva-2026 version 2")
    assert d["analysis"]["zopa_size"] == {"before": 0, "after": 13}
    # a file against a record version
    code, out, _ = cli(["compare", "geneva-2026", "@2", "--db", db, "--json"])
    assert json.loads(out)["analysis"]["zopa_size"]["after"] == 13
    code, _, err = cli(["compare", "nonesuch", "@2", "--db", db])
    assert code == 2 and "nonesuch" in err


@pytest.mark.slow
def test_sweep_snapshot_feeds_log_and_compare(tmp_path: Path, cli: Cli) -> None:
    db = str(tmp_path / "r.db")
    assert cli(["talks", "init", "--example", "--db", db])[0] == 0
    edited = no_full_donbas(tmp_path)
    assert cli(["talks", "commit", str(edited), "-m", "drop", "--db", db])[0] == 0
    for ref in ("1", "2"):
        code, out, err = cli(["talks", "sweep", ref, "--runs", "60", "--workers", "1", "--db", db])
        assert code == 0, err
        assert "P(full agreement by 2026-06-30)" in out
    code, out, _ = cli(["talks", "log", "--json", "--db", db])
    rows = json.loads(out)
    assert all(r["p_full"] is not None and 0 <= r["p_full"] <= 1 for r in rows)
    code, out, _ = cli(["compare", "@1", "@2", "--db", db, "--json"])
    p = json.loads(out)["analysis"]["p_agreement"]
    assert p["before"]["p_full"] == rows[1]["p_full"] and p["after"]["p_full"] == rows[0]["p_full"]
    assert p["before"]["sweep_runs"] == 60
    # dropping the red line that blocks every package cannot make a deal less likely here
    assert p["after"]["p_full"] >= p["before"]["p_full"]


@pytest.mark.slow
def test_compare_evidence_cell_reads_as_words_and_runs_sweeps(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.cli.common import console

    monkeypatch.setattr(console, "_width", 240)  # one line per cell
    t = bundled_scenarios()["geneva-2026"].read_text(encoding="utf-8")
    added = (
        "      - id: no-us-monitors\n"
        "        statement: Russia accepts no US-led monitoring.\n"
        "        issue: ceasefire_monitoring\n"
        '        op: "!="\n'
        "        value: us_led\n"
        "        evidence:\n"
        "          source: rt-2026-02\n"
        "          kind: reported\n"
        "          note: A red line written for this test.\n"
    )
    edited = tmp_path / "edited.yaml"
    edited.write_text(t.replace(NEXT_RED_LINE, added + NEXT_RED_LINE, 1), encoding="utf-8")
    code, out, err = cli(["compare", "geneva-2026", str(edited)])
    assert code == 0, err
    text = " ".join(out.split())
    assert "rt-2026-02 (reported): A red line written for this test." in text
    assert "{'source'" not in out
    assert "not swept (add --runs N)" in text
    code, out, err = cli(
        ["compare", "geneva-2026", str(edited), "--runs", "200", "--seed", "1", "--json"]
    )
    assert code == 0, err
    p = json.loads(out)["analysis"]["p_agreement"]
    for side in ("before", "after"):
        assert p[side]["sweep_runs"] == 200
        assert 0.0 <= p[side]["p_full"] <= p[side]["p_partial"] <= 1.0
    code, _, err = cli(["compare", "geneva-2026", str(edited), "--runs", "0"])
    assert code == 2 and "--runs must be between 1 and" in err
