"""The examples in the docstrings run, and say what the code does (``>>>`` lines in any
module of the package)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def _with_examples() -> list[str]:
    out = []
    for path in sorted((SRC / "accord").rglob("*.py")):
        if ">>>" in path.read_text(encoding="utf-8"):
            parts = list(path.relative_to(SRC).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out.append(".".join(parts))
    return out


MODULES = _with_examples()
#: Modules whose examples take seconds (a whole report): the full suite runs them, the quick
#: loop (``pytest -m "not slow"``) leaves them out.
SLOW = {"accord.report"}


def test_examples_are_found() -> None:
    assert len(MODULES) >= 12


@pytest.mark.parametrize(
    "name", [pytest.param(m, marks=[pytest.mark.slow] if m in SLOW else []) for m in MODULES]
)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.attempted > 0, f"{name}: '>>>' found but no example collected"
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
