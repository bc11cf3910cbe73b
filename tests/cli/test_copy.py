"""``accord copy``: a bundled scenario to an editable file, its source beside it."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from accord.errors import AccordWarning
from accord.io import load_scenario
from accord.io.loader import bundled_scenarios


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accord", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


@pytest.mark.slow
def test_copy_writes_the_scenario_and_its_source(tmp_path: Path) -> None:
    r = _run("copy", "geneva-2026", "-o", "mine/talks.yaml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "mine" / "talks.yaml"
    bundled = bundled_scenarios()["geneva-2026"]
    assert out.read_text(encoding="utf-8") == bundled.read_text(encoding="utf-8")  # comments kept
    assert (tmp_path / "mine" / "geneva-2026.source.txt").is_file()
    with warnings.catch_warnings():
        warnings.simplefilter("error", AccordWarning)  # quotes checked, nothing unchecked
        assert load_scenario(out) == load_scenario("geneva-2026")


@pytest.mark.slow
def test_copy_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "talks.yaml").write_text("mine\n", encoding="utf-8")
    r = _run("copy", "-o", "talks.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "--force" in r.stderr and "Traceback" not in r.stderr
    assert (tmp_path / "talks.yaml").read_text(encoding="utf-8") == "mine\n"
    r = _run("copy", "-o", "talks.yaml", "--force", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert load_scenario(tmp_path / "talks.yaml").id == "geneva-2026"


@pytest.mark.slow
def test_copy_to_json_converts_and_quotes_still_verify(tmp_path: Path) -> None:
    r = _run("copy", "-o", "talks.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    with warnings.catch_warnings():
        warnings.simplefilter("error", AccordWarning)
        again = load_scenario(tmp_path / "talks.json")
    assert again == load_scenario()
    # an edited quote in the copy is now caught against the copied source
    text = (tmp_path / "talks.json").read_text(encoding="utf-8")
    (tmp_path / "talks.json").write_text(
        text.replace("Moscow is demanding full control", "Moscow insists on full control"),
        encoding="utf-8",
    )
    r = _run("show", "talks.json", cwd=tmp_path)
    assert r.returncode == 2 and "nearest passage" in r.stderr


@pytest.mark.slow
def test_copy_bad_output_name(tmp_path: Path) -> None:
    r = _run("copy", "-o", "talks.xml", cwd=tmp_path)
    assert r.returncode == 2 and ".yaml" in r.stderr


@pytest.mark.slow
def test_convert_puts_the_source_beside_the_output(tmp_path: Path) -> None:
    r = _run("convert", "geneva-2026", "--to", "json", "-o", "g.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "geneva-2026.source.txt").is_file()
    r = _run("convert", "g.json", "--to", "yaml", "-o", "g.yaml", cwd=tmp_path)
    assert r.returncode == 0 and "warning" not in r.stderr, r.stderr
    assert load_scenario(tmp_path / "g.yaml") == load_scenario()
