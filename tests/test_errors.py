"""accord.errors: one hierarchy. A reader's error re-stated as a foreign-format error keeps
where it was; the library raises AccordError subclasses for bad input, never a bare
ValueError or TypeError; one BudgetExceeded, which the dashboard answers with a 503."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import accord
from accord.errors import (
    AccordError,
    ArgumentTypeError,
    BudgetExceeded,
    ConfigurationError,
    FormatError,
    ParameterError,
    ScenarioError,
)

SRC = Path(accord.__file__).resolve().parent


def test_format_error_of_keeps_message_file_line_and_path() -> None:
    exc = ScenarioError("duplicate key 'a'", file="talks.yml", line=4, path="issues[0]")
    got = FormatError.of(exc)
    assert isinstance(got, FormatError)
    assert (got.message, got.file, got.line, got.path) == (
        "duplicate key 'a'",
        "talks.yml",
        4,
        "issues[0]",
    )
    assert str(got) == str(exc)
    already = FormatError("malformed YAML", file="b.yml")
    assert FormatError.of(already) is already


# Raising a bare ValueError/TypeError is allowed only here, each with its reason (none now:
# every error of bad input is an AccordError, most of them a ValueError or TypeError too).
BARE_RAISE_ALLOWED: dict[str, str] = {}
BARE = {"ValueError", "TypeError"}


def _bare_raises(path: Path, root: Path = SRC.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in sorted(ast.walk(tree), key=lambda n: getattr(n, "lineno", 0)):
        if not isinstance(node, ast.Raise) or node.exc is None:
            continue
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        name = exc.id if isinstance(exc, ast.Name) else getattr(exc, "attr", None)
        if name in BARE:
            found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}: raise {name}")
    return found


@pytest.mark.slow
def test_the_library_raises_no_bare_value_or_type_error() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 100  # the scan reads the package, not an empty folder
    found = [f for path in files for f in _bare_raises(path)]
    unexpected = [f for f in found if f.split(": raise")[0] not in BARE_RAISE_ALLOWED]
    assert unexpected == [], "raise an AccordError subclass instead (accord.errors)"


def test_the_scan_finds_a_bare_raise(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(x):\n    if x:\n        raise ValueError(x)\n    raise builtins.TypeError\n",
        encoding="utf-8",
    )
    assert _bare_raises(sample, tmp_path) == [
        "sample.py:3: raise ValueError",
        "sample.py:4: raise TypeError",
    ]


def test_bad_input_raises_accord_errors_that_are_still_value_or_type_errors() -> None:
    from accord.analysis.pareto import nondominated
    from accord.analysis.result import Zopa
    from accord.model.calendar import parse_date
    from accord.negotiation.registry import make_strategy
    from accord.report.sections import ReportSections
    from accord.sweep.output import read_manifest

    cases: list[tuple[Callable[[], object], type[Exception], str]] = [
        (lambda: nondominated(np.zeros(3)), ParameterError, "utilities must be a 2-D array"),
        (lambda: Zopa(exists=True, size=0), ConfigurationError, "a ZOPA of 0 packages"),
        (lambda: parse_date("18 Feb"), ScenarioError, "not a date: '18 Feb'"),
        (lambda: make_strategy("boulware:e=soft"), ConfigurationError, "'soft' is not a valid"),
        (lambda: read_manifest(b"[1]"), ConfigurationError, "not a JSON object"),
        (lambda: ReportSections(transcript={}), ArgumentTypeError, "must be a Transcript"),  # type: ignore[arg-type]
    ]
    for call, kind, words in cases:
        with pytest.raises(kind, match=re.escape(words)) as info:
            call()
        assert isinstance(info.value, AccordError)
        assert isinstance(info.value, ValueError | TypeError)  # what callers caught before


def test_one_budget_exceeded_and_the_dashboard_answers_it_503() -> None:
    from fastapi.testclient import TestClient

    import accord.web.workers
    from accord.web import Settings, create_app

    assert not hasattr(accord.web.workers, "BudgetExceeded") or (
        accord.web.workers.BudgetExceeded is BudgetExceeded
    )
    app = create_app(Settings())

    @app.get("/api/budget-test")
    def over() -> None:  # an analysis past Limits.time_budget, as the library raises it
        raise BudgetExceeded("the analysis ran past its time budget of 2 s", seconds=2.0)

    r = TestClient(app, base_url="http://127.0.0.1").get("/api/budget-test")
    assert r.status_code == 503 and "time budget of 2 s" in r.json()["error"]
