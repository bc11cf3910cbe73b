"""``accord convert`` / ``accord info`` through the console entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from datapaths import GENIUS

CORPUS = GENIUS


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accord", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_info_json() -> None:
    r = _run("info", str(CORPUS / "unit/geniusweb/Fitness"), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "issues": 5,
        "parties": 2,
        "outcomes": 1280,
        "reservation_values": {"fitness1": 0.198, "fitness2": 0.179},
    }


@pytest.mark.slow
def test_convert_and_bad_input(tmp_path: Path) -> None:
    r = _run(
        "convert",
        str(CORPUS / "anac/y2012/LaptopC"),
        "--to",
        "geniusweb",
        "-o",
        str(tmp_path / "gw"),
    )
    assert r.returncode == 0, r.stderr
    r = _run("info", str(tmp_path / "gw"), "--json")
    assert json.loads(r.stdout)["outcomes"] == 27
    for bad in ("unit/LaptopConv", "unit/LaptopConv1D"):
        r = _run("info", str(CORPUS / bad))
        assert r.returncode == 2
        assert r.stderr.startswith("error:") or "\nerror:" in r.stderr
        assert "Traceback" not in r.stderr and "Laptop-C-" in r.stderr
    r = _run("convert", str(CORPUS / "other/kite"), "--to", "xml", "-o", str(tmp_path / "x"))
    assert r.returncode == 2 and "yaml, json, genius, geniusweb" in r.stderr
