"""Rounds on the calendar (accord.report.calendar) and the P(agreement) by date figure."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from accord.io import load_scenario
from accord.model import Deadline, Session
from accord.report import build_report, compute_extras
from accord.report.calendar import round_dates
from accord.report.extras import Extras, curve_by_date
from accord.report.figures import agreement_by_date_figure, svg_text

FEB17, FEB18, JUNE30 = date(2026, 2, 17), date(2026, 2, 18), date(2026, 6, 30)


def test_geneva_rounds_take_their_session_dates() -> None:
    dates = round_dates(load_scenario("geneva-2026"), 20)
    assert dates == [FEB17] * 16 + [FEB18] * 4


def test_geneva_rounds_beyond_the_sessions_run_evenly_to_the_deadline() -> None:
    dates = round_dates(load_scenario("geneva-2026"), 24)
    assert dates is not None
    assert dates[:20] == [FEB17] * 16 + [FEB18] * 4
    # 4 more rounds: 1/4, 2/4, 3/4 and all of the 132 days from Feb 18 to June 30 (33 days apart)
    assert dates[20:] == [date(2026, 3, 23), date(2026, 4, 25), date(2026, 5, 28), JUNE30]
    assert dates == sorted(dates)


def test_fewer_rounds_than_the_sessions_hold() -> None:
    assert round_dates(load_scenario("geneva-2026"), 3) == [FEB17] * 3


def test_without_sessions_rounds_run_from_the_start_date_to_the_deadline() -> None:
    sc = dataclasses.replace(load_scenario("geneva-2026"), sessions=())
    dates = round_dates(sc, 5)
    assert dates is not None
    assert dates[0] == FEB17
    assert dates[-1] == JUNE30
    assert dates == sorted(dates)
    assert dates[2] == FEB17 + (JUNE30 - FEB17) / 2


def test_a_scenario_without_dates_has_no_mapping() -> None:
    sc = load_scenario("geneva-2026")
    undated = dataclasses.replace(
        sc,
        metadata=dataclasses.replace(sc.metadata, start_date=None, end_date=None),
        sessions=(),
        deadline=Deadline(rounds=20),
    )
    assert round_dates(undated, 20) is None
    # sessions hold 2 rounds; the third cannot be placed without a deadline date
    two = dataclasses.replace(undated, sessions=(Session("2026-02-17", rounds=2),))
    assert round_dates(two, 2) == [FEB17, FEB17]
    assert round_dates(two, 3) is None


def test_curve_by_date_keeps_each_dates_last_round() -> None:
    curve = [{"round": r, "p_agreement": r / 20} for r in range(1, 21)]
    dated = curve_by_date(load_scenario("geneva-2026"), curve)
    assert [(p["date"], p["round"], p["p_agreement"]) for p in dated] == [
        ("2026-02-17", 16, 0.8),
        ("2026-02-18", 20, 1.0),
    ]


def test_figure_marks_the_deadline_and_says_when_it_falls_back_to_rounds() -> None:
    dated = [
        {"date": "2026-02-17", "p_agreement": 0.2, "low": 0.1, "high": 0.3},
        {"date": "2026-02-18", "p_agreement": 0.4, "low": 0.3, "high": 0.5},
    ]
    svg = svg_text(agreement_by_date_figure(dated, deadline="2026-06-30"))
    assert "deadline (2026-06-30)" in svg
    assert "95% interval" in svg
    assert "Probability of an agreement by date" in svg
    rounds = [{"round": r, "p_agreement": r / 10} for r in range(1, 11)]
    svg = svg_text(agreement_by_date_figure(rounds, deadline=10))
    assert "round (the scenario gives no dates)" in svg
    assert "deadline (10)" in svg


def test_report_plots_p_agreement_by_date() -> None:
    sc = load_scenario("geneva-2026")
    extras = compute_extras(sc, runs=30, forecast=False)
    assert extras.agreement_curve is not None
    assert [p["date"] for p in extras.agreement_curve] == ["2026-02-17", "2026-02-18"]
    values = [p["p_agreement"] for p in extras.agreement_curve]
    assert values == sorted(values)
    for p in extras.agreement_curve:
        assert 0.0 <= p["low"] <= p["p_agreement"] <= p["high"] <= 1.0
    html = build_report(sc, extras=extras)
    part = re.search(r'<section id="p-agreement">(.*?)</section>', html, re.S)
    assert part is not None
    assert "deadline (2026-06-30)" in part.group(1)
    assert "By date" in part.group(1)
    assert "http" not in html


def test_report_without_dates_says_it_plots_by_round() -> None:
    sc = load_scenario("geneva-2026")
    undated = dataclasses.replace(
        sc,
        metadata=dataclasses.replace(sc.metadata, start_date=None),
        sessions=(),
        deadline=Deadline(rounds=20),
    )
    curve = [{"round": r, "p_agreement": 0.0, "low": 0.0, "high": 0.1} for r in range(1, 21)]
    html = build_report(undated, extras=Extras(agreement_curve=curve_by_date(undated, curve)))
    part = re.search(r'<section id="p-agreement">(.*?)</section>', html, re.S)
    assert part is not None
    assert "the scenario does not date its rounds" in part.group(1)
    assert "round (the scenario gives no dates)" in part.group(1)
