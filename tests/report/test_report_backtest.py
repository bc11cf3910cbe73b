"""The report's section checking the model against past rounds."""

from __future__ import annotations

from pathlib import Path

from accord.analysis import analyze
from accord.analysis.backtest import backtest
from accord.io import load_scenario
from accord.report import render_html
from accord.report.sections import ReportSections, _backtest


def test_report_shows_the_backtest() -> None:
    sc = load_scenario()
    b = backtest(sc, runs=10, rng=1)
    html = render_html(sc, analyze(sc), ReportSections(backtest=b))
    assert 'id="backtest"' in html and "Checked against past rounds" in html
    for c in b.checks:
        assert c.statement in html and c.verdict in html
    assert "outside the model" in html


def test_no_backtest_without_recorded_agreements() -> None:
    sc = load_scenario(Path(__file__).parents[1] / "data" / "sweep" / "geneva-uncertain.yaml")
    assert sc.calendar is None
    assert _backtest(sc, 10, 0) == (None, [])
    html = render_html(sc, analyze(sc), ReportSections())
    assert 'id="backtest"' not in html
