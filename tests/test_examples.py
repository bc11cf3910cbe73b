"""Every file in examples/ runs: scenario files analyse, scripts execute."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

from accord.analysis import analyze
from accord.io import load_scenario
from accord.negotiation.registry import STRATEGIES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_example_scenario_analyses(path: Path) -> None:
    sc = load_scenario(path)
    a = analyze(sc)
    assert a.n_outcomes == sc.n_outcomes > 0
    assert a.to_dict()["scenario"]["id"] == sc.id


def _run_script(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [str(path)])
    before = set(STRATEGIES)
    try:
        runpy.run_path(str(path), run_name="__main__")
    finally:
        # a script's strategies are its own: a name may be registered once only
        for name in set(STRATEGIES) - before:
            STRATEGIES.remove(name)


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_example_script_runs(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _run_script(path, monkeypatch)
    assert capsys.readouterr().out.strip()


def test_worked_example_facts() -> None:
    a = analyze(load_scenario(EXAMPLES / "ceasefire-talks.yaml"))
    # the scenario constraint removes the wide buffer zones without monitors: 2 x 3 of 45
    assert a.n_outcomes == 45 and a.n_feasible == 39
    assert a.zopa.size > 0 and a.solutions["nash"] is not None
    assert a.solutions["nash"].outcome["withdrawal"] == "partial"


@pytest.mark.slow
def test_custom_strategy_example_agrees_nothing_before_as_of(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ast

    _run_script(EXAMPLES / "custom_strategy.py", monkeypatch)
    out = capsys.readouterr().out
    summary = ast.literal_eval(out[out.index("{'scenario'") :].strip())
    calendar = load_scenario().calendar
    assert calendar is not None
    as_of = calendar.as_of
    dates = [r["date"] for r in summary["results"] if r.get("date")]
    # the past is fact: the Geneva round agreed nothing, and no run agrees on or before it
    assert dates and all(d > str(as_of) for d in dates)
