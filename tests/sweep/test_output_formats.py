"""``accord sweep --out FILE`` writes the format the extension names; ``--by-date-out``
writes the odds by date as a table."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from accord.cli.main import main

from ._support import GENEVA

BASE = ["sweep", str(GENEVA), "--workers", "1", "--quiet", "--runs", "200", "--seed", "5"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_each_extension_gets_its_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = {fmt: tmp_path / f"runs.{fmt}" for fmt in ("parquet", "csv", "jsonl")}
    for path in paths.values():
        code, _, err = run([*BASE, "--out", str(path)], capsys)
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


def test_an_unknown_extension_is_refused_before_any_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "runs.txt"
    code, _, err = run([*BASE, "--out", str(out)], capsys)
    assert code == 2 and "names no format accord writes runs in" in err
    assert not out.exists() and not (tmp_path / "runs.txt.parts").exists()


def test_odds_by_date_as_csv_and_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*BASE, "--json", "--by-date-out", str(tmp_path / "odds.csv")], capsys)
    assert code == 0, err
    points = json.loads(out)["by_date"]
    with (tmp_path / "odds.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["date"] for r in rows] == [p["date"] for p in points]
    for r, p in zip(rows, points, strict=True):
        assert float(r["p_full"]) == p["p_full"]
        assert float(r["ci95_partial.low"]) == p["ci95_partial"][0]
        assert float(r["ci95_partial.high"]) == p["ci95_partial"][1]
    code, _, err = run([*BASE, "--by-date-out", str(tmp_path / "odds.jsonl")], capsys)
    assert code == 0, err
    lines = (tmp_path / "odds.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["date"] for x in lines] == [p["date"] for p in points]
    # an existing file or an unknown extension: refused before the sweep
    code, _, err = run([*BASE, "--by-date-out", str(tmp_path / "odds.csv")], capsys)
    assert code == 2 and "exists" in err
    code, _, err = run([*BASE, "--by-date-out", str(tmp_path / "odds.xlsx")], capsys)
    assert code == 2 and "names no format" in err
