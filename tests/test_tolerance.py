"""The tolerances are stated once, in :mod:`accord.tolerance`, and used by name."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

import accord
from accord.tolerance import EXACT, TOLERANCE, WRITTEN, below

SRC = Path(accord.__file__).resolve().parent
LITERAL = re.compile(r"(?<![\w.])(1e-12|1E-12|0\.0{11}1|1e-9|1E-9)\b")
#: Literals that are not a tolerance, each with why.
NOT_TOLERANCES = {
    # a guard against dividing by a zero elapsed time, not a comparison
    "web/sweeps.py": "elapsed = max(end - self.started, 1e-9)",
    # the CP-SAT encoding's resolution of utilities (a documented solver parameter)
    "analysis/solver.py": "DEFAULT_RESOLUTION = 1e-9",
    # checks that a strategy's schedule is affine in (best, worst) before vectorising it
    "sweep/simulate.py": "atol=1e-9",
}


def test_no_tolerance_literal_outside_its_module() -> None:
    # the Jinja templates compare against TOLERANCE too (a global of accord.report.jinja)
    files = [p for p in SRC.rglob("*") if p.suffix in {".py", ".j2", ".html"}]
    assert any(p.suffix == ".j2" for p in files) and any(p.suffix == ".html" for p in files)
    assert len(files) > 100  # the walk found the package
    hits = [
        f"{p.relative_to(SRC)}:{n}: {line.strip()}"
        for p in files
        if p.name != "tolerance.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL.search(line)
        and ">>>" not in line  # a doctest's input value
        and NOT_TOLERANCES.get(str(p.relative_to(SRC)), "\0") not in line
    ]
    assert hits == []


def test_below_draws_the_line_at_the_tolerance() -> None:
    floor = 0.5
    assert not below(floor - TOLERANCE / 2, floor)
    assert below(floor - 2 * TOLERANCE, floor)
    assert below(np.array([floor - 1e-6]), floor).tolist() == [True]
    assert 0 < TOLERANCE <= EXACT < WRITTEN


#: ``x >= y - TOLERANCE`` or ``x <= y + TOLERANCE``: "at least / at most, within the
#: tolerance" spelt inline instead of with :func:`accord.tolerance.below` (or, in the
#: negotiation engines, :func:`accord.negotiation.rules.meets` / ``meets_array``).
INLINE_MEETS = re.compile(
    r">=\s*[\w.\[\]()]+\s*-\s*(?:rules\.)?TOLERANCE\b|<=\s*[\w.\[\]()]+\s*\+\s*(?:rules\.)?TOLERANCE\b"
)


def test_meeting_a_floor_is_one_predicate() -> None:
    files = [p for p in SRC.rglob("*.py") if p.name not in {"tolerance.py", "rules.py"}]
    assert len(files) > 100
    hits = [
        f"{p.relative_to(SRC)}:{n}: {line.strip()}"
        for p in files
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE_MEETS.search(line) and "``" not in line  # a docstring may show the rule
    ]
    assert hits == []
