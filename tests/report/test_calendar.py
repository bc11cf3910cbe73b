"""The odds by date in the report (accord.report.calendar): both curves on a date axis with
the past rounds, the as-of date and the deadline marked; by round when the talks are not
dated."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date
from itertools import pairwise

import numpy as np
import pytest

from accord.io import load_scenario
from accord.model import Deadline
from accord.negotiation.dated import Landmark
from accord.negotiation.simulation import simulate
from accord.report import build_report, compute_sections
from accord.report.calendar import Odds, odds_figure, odds_from_sweep
from accord.report.figures import svg_text
from accord.report.sections import ReportSections, odds_from_results
from accord.sweep.summary import DatePoint, RoundPoint, by_round


def _check_curves(points: Sequence[DatePoint | RoundPoint]) -> None:
    full = [p.p_full for p in points]
    part = [p.p_partial for p in points]
    assert full == sorted(full) and part == sorted(part)
    assert all(f <= q for f, q in zip(full, part, strict=True))
    for p in points:
        lo, hi = p.ci95_full
        assert 0.0 <= lo <= p.p_full <= hi <= 1.0


@pytest.mark.slow
def test_report_plots_both_curves_by_date() -> None:
    sc = load_scenario("geneva-2026")
    sections = compute_sections(sc, runs=30, forecast=False)
    odds = sections.odds
    assert odds is not None and odds.dated
    pts = [p for p in odds.points if isinstance(p, DatePoint)]
    assert len(pts) == len(odds.points)
    assert pts[0].date == odds.as_of and pts[-1].date == odds.deadline == "2026-06-30"
    days = [date.fromisoformat(p.date) for p in pts]
    assert all((b - a).days == 1 for a, b in pairwise(days))  # every day
    _check_curves(pts)
    html = build_report(sc, sections=sections)
    part = re.search(r'<section id="p-agreement">(.*?)</section>', html, re.S)
    assert part is not None
    body = part.group(1)
    assert "deadline (2026-06-30)" in body
    assert "P(full agreement by then)" in body and "P(at least a partial agreement" in body
    assert "By date" in body and "By the deadline: P(full agreement)" in body
    assert "http" not in html


@pytest.mark.slow
def test_past_rounds_are_marked() -> None:
    odds = Odds(
        points=tuple(
            DatePoint(
                date=f"2026-03-{d:02d}",
                p_full=0.1 * (d > 5),
                ci95_full=(0.0, 0.2),
                p_partial=0.3 * (d > 3),
                ci95_partial=(0.1, 0.4),
            )
            for d in range(1, 31)
        ),
        source="test",
        past_rounds=(
            Landmark("long-ago", date(2025, 5, 16), date(2025, 5, 16)),
            Landmark("geneva", date(2026, 2, 17), date(2026, 2, 18)),
        ),
    )
    svg = svg_text(odds_figure(odds))
    assert "past rounds" in svg and "geneva" in svg
    # off the axis: counted under it, with the first one's date
    assert "1 earlier round, from 16 May 2025, is in the scenario" in svg
    assert "deadline (2026-03-30)" in svg and "as of 2026-03-01" in svg


@pytest.mark.slow
def test_report_without_dates_plots_by_exchange() -> None:
    sc = load_scenario("geneva-2026")
    undated = dataclasses.replace(
        sc,
        metadata=dataclasses.replace(sc.metadata, start_date=None, end_date=None),
        sessions=(),
        deadline=Deadline(rounds=20),
        uncertainty=None,  # drifts per month need dates
    )
    if hasattr(undated, "calendar"):
        undated = dataclasses.replace(undated, calendar=None)
    odds = odds_from_sweep(undated, 50, 0)
    assert odds is not None and not odds.dated
    assert [p.round for p in odds.points if isinstance(p, RoundPoint)] == list(range(1, 21))
    _check_curves(odds.points)
    html = build_report(undated, sections=ReportSections(odds=odds))
    part = re.search(r'<section id="p-agreement">(.*?)</section>', html, re.S)
    assert part is not None
    assert "By exchange (one offer and the answers to it)" in part.group(1)
    assert "exchange (the scenario does not date its talks)" in part.group(1)
    assert "does not date its rounds" not in part.group(1)
    # the points' JSON names the exchange, and keeps the former key one release
    first = odds.to_dict()["points"][0]
    assert first["exchange"] == first["round"] == 1


def test_by_round_is_cumulative() -> None:
    full = np.array([True, False, False, True])
    agree = np.array([True, False, True, True])
    rounds = np.array([3, 10, 7, 3])
    pts = by_round(full, agree, rounds, 10)
    assert [p.p_full for p in pts][1:3] == [0.0, 0.5]
    assert pts[-1].p_full == 0.5 and pts[-1].p_partial == 0.75
    _check_curves(pts)


def test_odds_from_simulated_runs_count_partial_apart() -> None:
    sim = simulate(load_scenario("geneva-2026"), protocol="single-text", runs=4, rng=1)
    odds = odds_from_results(sim)
    assert odds.dated
    last = odds.points[-1]
    assert isinstance(last, DatePoint) and last.date == "2026-06-30"
    assert last.p_full == 0.0 and last.p_partial == 1.0  # technical track only
    _check_curves(odds.points)
