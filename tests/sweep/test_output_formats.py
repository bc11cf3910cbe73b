"""``accord sweep --out FILE`` writes the format the extension names; ``--by-date-out``
writes the odds by date as a table."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq
import pytest

from ._support import GENEVA

if TYPE_CHECKING:
    from clirun import Cli

BASE = ["sweep", str(GENEVA), "--workers", "1", "--quiet", "--runs", "200", "--seed", "5"]


@pytest.mark.slow
def test_each_extension_gets_its_format(tmp_path: Path, cli: Cli) -> None:
    paths = {fmt: tmp_path / f"runs.{fmt}" for fmt in ("parquet", "csv", "jsonl")}
    for path in paths.values():
        code, _, err = cli([*BASE, "--out", str(path)])
        assert code == 0, err
    table = pq.read_table(paths["parquet"])
    with paths["csv"].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert not paths["csv"].read_bytes().startswith(b"PAR1")  # not Parquet under a .csv name
    lines = [json.loads(x) for x in paths["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines) == table.num_rows == 200
    assert list(rows[0]) == list(lines[0]) == table.column_names
    # the same runs in the three files
    full = [bool(x) for x in table.column("full_agreement").to_pylist()]
    assert [r["full_agreement"] == "true" for r in rows] == full
    assert [x["full_agreement"] for x in lines] == full


def test_an_unknown_extension_is_refused_before_any_run(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "runs.txt"
    code, _, err = cli([*BASE, "--out", str(out)])
    assert code == 2 and "names no format accord writes runs in" in err
    assert not out.exists() and not (tmp_path / "runs.txt.parts").exists()


@pytest.mark.slow
def test_odds_by_date_as_csv_and_json_lines(tmp_path: Path, cli: Cli) -> None:
    code, out, err = cli([*BASE, "--json", "--by-date-out", str(tmp_path / "odds.csv")])
    assert code == 0, err
    points = json.loads(out)["by_date"]
    with (tmp_path / "odds.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["date"] for r in rows] == [p["date"] for p in points]
    for r, p in zip(rows, points, strict=True):
        assert float(r["p_full"]) == p["p_full"]
        assert float(r["ci95_partial.low"]) == p["ci95_partial"][0]
        assert float(r["ci95_partial.high"]) == p["ci95_partial"][1]
    code, _, err = cli([*BASE, "--by-date-out", str(tmp_path / "odds.jsonl")])
    assert code == 0, err
    lines = (tmp_path / "odds.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["date"] for x in lines] == [p["date"] for p in points]
    # an existing file or an unknown extension: refused before the sweep
    code, _, err = cli([*BASE, "--by-date-out", str(tmp_path / "odds.csv")])
    assert code == 2 and "exists" in err
    code, _, err = cli([*BASE, "--by-date-out", str(tmp_path / "odds.xlsx")])
    assert code == 2 and "names no format" in err
