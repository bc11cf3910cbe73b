"""Validation gaps the probe found accepted with exit 0, each now one line and exit 2; and
the command line's own safety: convert never overwrites unasked, a killed sweep leaves no
worker behind."""

from __future__ import annotations

import contextlib
import copy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from procs import alive, children

from .helpers import BASE, refused, run


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(doc, sort_keys=False))
    return p


def edited(path: list[Any], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (["parties", 0, "preferences", "weights", "land"], True, "valid number"),
        (["parties", 0, "reservation_value"], 1e308, "less than or equal"),
        (["parties", 0, "preferences", "values", "land", "a"], float("nan"), "nan is not a number"),
        (["deadline"], {"exchanges": 10, "set_by": "nobody"}, "set_by names no party"),
        (["metadata", "start_date"], "2026-02-30", "metadata.start_date: not a valid date"),
        (["metadata", "end_date"], "2026-13-01", "metadata.end_date: not a valid date"),
        (["sources", 0, "date"], "18 February", "sources[0].date: not a valid date"),
        (
            ["parties", 0, "red_lines", 0, "evidence"],
            {"source": "s", "quote": "q", "date": "2026-02-29"},
            "red_lines[0].evidence.date: not a valid date",
        ),
    ],
)
def test_validation_gaps_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: list[Any], value: Any, words: str
) -> None:
    line = refused(["analyze", str(write(tmp_path, edited(path, value)))], capsys)
    assert words in line


def test_metadata_dates_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = edited(["metadata", "start_date"], "2026-02-18")
    doc["metadata"]["end_date"] = "2026-02-17"
    line = refused(["analyze", str(write(tmp_path, doc))], capsys)
    assert "end_date 2026-02-17 comes before start_date 2026-02-18" in line


def test_strategy_parameter_overflow(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(["simulate", "geneva-2026", "--strategy", "russia=boulware:e=1e400"], capsys)
    assert "finite number" in line


@pytest.mark.slow
def test_convert_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("precious")
    line = refused(["convert", "geneva-2026", "--to", "yaml", "-o", str(out)], capsys)
    assert "--force" in line and out.read_text() == "precious"
    code, _, err = run(
        ["convert", "geneva-2026", "--to", "yaml", "-o", str(out), "--force"], capsys
    )
    assert code == 0, err
    assert "geneva-2026" in out.read_text()


@pytest.mark.slow
def test_kill_9_of_a_sweep_leaves_no_workers(tmp_path: Path) -> None:
    # two chunks of 100,000 runs, one per worker: each takes a minute or more, so the
    # workers are mid-chunk when the parent dies; only their own death signal (not the
    # pool noticing its parent gone between chunks) ends them within seconds
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "accord",
            "sweep",
            "geneva-2026",
            "--runs",
            "200000",
            "--chunk-size",
            "100000",
            "--workers",
            "2",
            "--quiet",
            "--out",
            str(tmp_path / "r.parquet"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            workers = [p for p in children(proc.pid) if alive(p)]
            time.sleep(0.2)
        assert workers, "the sweep started no worker"
        time.sleep(2.0)  # let the workers start their chunks
        assert all(alive(p) for p in workers)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(p) for p in workers):
            time.sleep(0.1)
        left = [p for p in workers if alive(p)]
        assert not left, f"workers {left} outlived their killed parent"
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in workers:  # a worker left by a failure: end it
            if alive(p):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(p, signal.SIGKILL)


def test_huge_outcome_counts_print_readably(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from accord.cli.common import fmt_count

    assert fmt_count(194_481) == "194,481"
    assert fmt_count(2**60_000) == "about 6.3e+18061 (18,062 digits)"
    doc = copy.deepcopy(BASE)
    doc["issues"] += [
        {"id": f"b{k}", "kind": "categorical", "options": ["p", "q"]} for k in range(200)
    ]
    code, out, err = run(["info", str(write(tmp_path, doc))], capsys)
    assert code == 0, err
    assert "(62 digits) outcomes" in out and len(max(out.splitlines(), key=len)) < 200


@pytest.mark.slow
def test_huge_spaces_answer_in_json_and_warn_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An outcome count past Python's 4,300-digit conversion limit is written exactly in
    JSON and readably in messages; issues no party values give one warning, not thousands."""
    doc = copy.deepcopy(BASE)
    doc["issues"] += [
        {"id": f"b{k}", "kind": "categorical", "options": ["p", "q"]} for k in range(15_000)
    ]
    path = write(tmp_path, doc)
    code, out, err = run(["info", str(path), "--json"], capsys)
    assert code == 0, err
    import json

    from accord.counts import long_ints

    with long_ints():  # reading such a number back needs the same lift
        assert json.loads(out)["outcomes"] == 3 * 3 * 2**15_000
    assert err.count("warning:") == 1 and "15,000 issues" in err
    line = refused(["analyze", str(path), "--json"], capsys)
    assert "(4,517 digits) outcomes" in line
