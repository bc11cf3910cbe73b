"""The report's back-test section: scores, verdicts, the reliability diagram."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.analysis import analyze
from accord.evaluate.backtest import backtest
from accord.io import load_scenario
from accord.report import render_html
from accord.report.sections import ReportSections, _backtest


@pytest.mark.slow
def test_report_shows_the_backtest() -> None:
    sc = load_scenario()
    b = backtest(sc, runs=10, rng=1)
    html = render_html(sc, analyze(sc), ReportSections(backtest=b))
    assert 'id="backtest"' in html and "Back-test: forecasts from past dates" in html
    assert 'id="fig-reliability"' in html and "<svg" in html
    assert 'id="backtest-scores"' in html and 'id="backtest-reliability"' in html
    for v in b.verdicts:
        assert v.split(":")[0] in html
    for m in b.misses:
        assert m.split(";")[0] in html


def test_no_backtest_without_past_rounds() -> None:
    sc = load_scenario(Path(__file__).parents[1] / "data" / "sweep" / "geneva-uncertain.yaml")
    assert sc.calendar is None
    assert _backtest(sc, 10, 0) == (None, [])
    html = render_html(sc, analyze(sc), ReportSections())
    assert 'id="backtest"' not in html
