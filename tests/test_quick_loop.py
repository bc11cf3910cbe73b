"""The quick loop of CONTRIBUTING.md (``pytest -m "not slow"``) and the full suite of the
README stay what they say: ``slow`` is a registered marker, nothing in the configuration
leaves slow tests out of the README's command, and a test left out of ``slow`` cannot start a
program (tests/conftest.py fails it, naming the marker to add)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_a_quick_test_that_starts_a_program_fails_naming_the_mark() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"starts a program: mark it @pytest.mark.slow"):
        subprocess.run([sys.executable, "-c", "pass"], check=False)


def test_slow_is_registered_and_the_readme_command_runs_it() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    options = config["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("slow:") for m in options["markers"])
    assert "--strict-markers" in options["addopts"].split()  # a misspelt mark is an error
    assert "-m" not in options["addopts"].split()  # nothing left out by default
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    options_given = re.findall(r"python -m pytest([^&\n]*)", readme)
    assert options_given and all("-m" not in o and "slow" not in o for o in options_given)
    loop = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert 'pytest -m "not slow"' in loop
