"""Sizes that ran for minutes or out of memory are refused before the work: an in-memory
outcome table of too many cells (2^24 packages over 30 parties, 2^22 over 6 parties with
22 red lines in conflict, both under the 20 million outcome limit) names the ways past it
(--stream, --solver, --max-outcomes); a name of megabytes, or longer than any name, is one
line naming its path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.cli._bounds import CELLS_PER_OUTCOME
from accord.io.schema import MAX_NAME_CHARS
from accord.io.yaml_source import MAX_TEXT_CHARS
from hostile_inputs import deadlock_scenario

from .helpers import BASE, refused, run


def write(tmp_path: Path, doc: dict[str, Any], name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    return p


@pytest.mark.slow
@pytest.mark.parametrize(("issues", "parties"), [(24, 30), (22, 6)])
@pytest.mark.parametrize("command", ["analyze", "report"])
def test_tables_too_large_for_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], issues: int, parties: int, command: str
) -> None:
    p = write(tmp_path, deadlock_scenario(issues, parties))
    argv = [command, str(p)] + (["-o", str(tmp_path / "r.html")] if command == "report" else [])
    line = refused(argv, capsys)
    cells = 2**issues * (issues + parties)
    assert f"{cells:,} cells" in line and "--stream" in line and "--max-outcomes" in line
    assert not (tmp_path / "r.html").exists()


@pytest.mark.slow
def test_the_cell_bound_follows_max_outcomes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = write(tmp_path, deadlock_scenario(8, 3))  # 256 outcomes x 11 = 2,816 cells
    line = refused(["analyze", str(p), "--max-outcomes", "500"], capsys)
    assert f"limit of {500 * CELLS_PER_OUTCOME:,}" in line
    for way in (["--stream"], ["--max-outcomes", "1000"]):
        argv = ["analyze", str(p), "--max-outcomes", "500", *way]
        code, out, err = run(argv, capsys)
        assert code == 0, err
        assert "256 packages" in out


@pytest.mark.slow
@pytest.mark.parametrize("command", ["analyze", "show", "report"])
def test_a_party_name_of_two_megabytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    doc = copy.deepcopy(BASE)
    doc["parties"][0]["name"] = "N" * 2_000_000
    p = write(tmp_path, doc)
    argv = [command, str(p)] + (["-o", str(tmp_path / "r.html")] if command == "report" else [])
    line = refused(argv, capsys)
    assert "parties[0].name" in line and f"limit of {MAX_TEXT_CHARS:,}" in line
    assert len(line) < 400


def test_a_name_longer_than_any_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = copy.deepcopy(BASE)
    doc["issues"][0]["name"] = "L" * (MAX_NAME_CHARS + 1)
    line = refused(["show", str(write(tmp_path, doc))], capsys)
    assert "issues[0].name" in line and f"at most {MAX_NAME_CHARS} characters" in line
    assert len(line) < 300  # the value is cut, not echoed whole
    doc["issues"][0]["name"] = "L" * MAX_NAME_CHARS
    code, _, err = run(["show", str(write(tmp_path, doc, "ok.yaml"))], capsys)
    assert code == 0, err


def test_a_long_quote_is_bounded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = copy.deepcopy(BASE)
    doc["parties"][0]["red_lines"][0]["evidence"]["quote"] = "q " * MAX_TEXT_CHARS
    line = refused(["analyze", str(write(tmp_path, doc))], capsys)
    assert "parties[0].red_lines[0].evidence.quote" in line
