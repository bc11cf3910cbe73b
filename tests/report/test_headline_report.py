"""The report's headline box, its sensitivity section (the table and the tree) and the named
events by month (table and chart), the last from a fixture of the agreed ``by_date`` shape."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from typing import Any

import pytest

from accord.io import load_scenario
from accord.report import build_report
from accord.report.calendar import Odds, odds_from_sweep
from accord.report.events import event_table, events_figure, events_svg, month_ends
from accord.report.figures import svg_text
from accord.report.jinja import breakable
from accord.report.sections import ReportSections
from accord.sweep.summary import DatePoint


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("geneva-2026")


@pytest.fixture(scope="module")
def odds(scenario) -> Odds:
    o = odds_from_sweep(scenario, 1200, 3, "alternating-offers")
    assert o is not None and o.summary is not None
    return o


def _section(html: str, ident: str) -> str:
    m = re.search(rf'<section id="{ident}">(.*?)</section>', html, re.S)
    assert m is not None, f"no section {ident}"
    return m.group(1)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


@pytest.mark.slow
def test_report_leads_with_the_headline_and_has_a_sensitivity_section(scenario, odds):
    html = build_report(scenario, sections=ReportSections(odds=odds))
    h = odds.summary.headline
    assert h is not None and h.deciding
    head = re.search(r'<div id="headline".*?</div>', html, re.S)
    assert head is not None
    box = head.group(0)
    # the figures of the box are the conditional shares of the sweep's runs
    top = h.deciding[0]
    assert f"is firm: {_pct(top.branches[0].p)}" in box
    assert (
        f"at the analyst&#39;s 60%: {_pct(h.p)}" in box
        or f"at the analyst's 60%: {_pct(h.p)}" in box
    )
    assert "simulation (Monte Carlo) error" in box
    # the headline's interval is named as simulation error, not left after the words on the
    # spread over the deciding inputs (which it is not)
    error = re.search(r'<p class="dim" id="headline-error">(.*?)</p>', box, re.S)
    assert error is not None
    interval = f"{_pct(h.ci95[0])}–{_pct(h.ci95[1])}"
    assert f"simulation-error interval: {interval}" in error.group(1)
    assert not error.group(1).rstrip(".").endswith(interval)
    assert html.index('id="headline"') < html.index('<section id="scenario">')
    body = _section(html, "sensitivity")
    assert 'id="sensitivity-table"' in body and 'id="headline-tree"' in body
    rows = [s for s in odds.summary.sensitivity if not s.noise]
    for s in rows[:3]:
        assert f"<code>{breakable(s.input)}</code>" in body
        assert f"{s.effect:+.3f}" in body
    # the tree's leaves are in the section with their run counts
    for b in h.tree:
        for c in b.children:
            assert f"{c.runs:,} runs" in body and _pct(c.p) in body
    assert '<a href="#sensitivity">' in html


@pytest.mark.slow
def test_no_sweep_no_sensitivity_section(scenario):
    html = build_report(scenario, sections=ReportSections())
    assert 'id="sensitivity"' not in html and 'id="headline"' not in html


# -- named events (the agreed shape of by_date rows) ------------------------------------


@dataclasses.dataclass(frozen=True)
class EventPoint(DatePoint):
    """A by_date row with the named events (the shape the sweep gives them)."""

    p_agreed: dict[str, float] = dataclasses.field(default_factory=dict)
    ci95_agreed: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    p_round: dict[str, float] = dataclasses.field(default_factory=dict)
    ci95_round: dict[str, list[float]] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = DatePoint.to_dict(self)
        for k in ("p_agreed", "ci95_agreed", "p_round", "ci95_round"):
            if getattr(self, k):
                out[k] = getattr(self, k)
        return out


def _points(start: date, days: int) -> tuple[EventPoint, ...]:
    out = []
    for k in range(days + 1):
        f = k / days
        agreed = {"prisoner_exchange": 0.2 + 0.6 * f, "donbas": 0.1 * f}
        rounds = {"any": min(1.0, 0.1 + f), "trilateral": 0.8 * f, "mediator-russia": 0.5 * f}
        ci = {i: [max(0.0, p - 0.01), min(1.0, p + 0.01)] for i, p in agreed.items()}
        rci = {i: [max(0.0, p - 0.01), min(1.0, p + 0.01)] for i, p in rounds.items()}
        out.append(
            EventPoint(
                (start + timedelta(days=k)).isoformat(),
                0.1 * f,
                (0.0, 0.2),
                0.5 * f,
                (0.0, 0.6),
                agreed,
                ci,
                rounds,
                rci,
            )
        )
    return tuple(out)


def test_month_ends_pick_the_last_day_of_each_month():
    days = [(date(2026, 2, 18) + timedelta(days=k)).isoformat() for k in range(133)]
    picked = [days[i] for i in month_ends(days)]
    assert picked == [
        "2026-02-18",
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
        "2026-05-31",
        "2026-06-30",
    ]


def test_event_table_reads_every_issue_and_format():
    pts = _points(date(2026, 2, 18), 132)
    t = event_table(pts, {"donbas": "Donbas", "prisoner_exchange": "Prisoners"})
    assert t.dates[0] == "2026-02-18" and t.dates[-1] == "2026-06-30"
    keys = [(r.kind, r.key) for r in t.rows]
    assert keys == [
        ("agreed", "prisoner_exchange"),
        ("agreed", "donbas"),
        ("round", "any"),
        ("round", "mediator-russia"),
        ("round", "trilateral"),
    ]
    pe = t.rows[0]
    assert pe.label == "Prisoners agreed"
    assert pe.values[-1][0] == pytest.approx(0.8) and pe.values[0][0] == pytest.approx(0.2)
    # the same from the JSON of the rows (the dashboard's)
    t2 = event_table([p.to_dict() for p in pts], {})
    assert [r.values for r in t2.rows] == [r.values for r in t.rows]
    # rows without named events: nothing to show
    plain = [DatePoint(p.date, p.p_full, p.ci95_full, p.p_partial, p.ci95_partial) for p in pts]
    assert event_table(plain).empty and events_svg([p.to_dict() for p in plain]) == ""


@pytest.mark.slow
def test_report_shows_the_events_table_and_chart(scenario, odds):
    pts = _points(date(2026, 2, 18), 132)
    with_events = dataclasses.replace(odds, points=pts)
    html = build_report(scenario, sections=ReportSections(odds=with_events))
    body = _section(html, "events")
    assert 'id="events-table"' in body and 'id="fig-events"' in body
    assert "P(Prisoner exchange agreed)" in body
    assert "P(a further trilateral round)" in body and "P(a further round of any format)" in body
    assert "80.0%" in body  # prisoners agreed by the deadline, from the rows
    svg = svg_text(events_figure(pts, {"donbas": "Donbas"}))
    assert "Donbas agreed" in svg and "mediator-russia" in svg
    dash = events_svg([p.to_dict() for p in pts])
    assert dash.startswith("<svg") and dash.count('class="event-round"') == 3


@pytest.mark.slow
def test_events_section_follows_the_rows(scenario, odds):
    html = build_report(scenario, sections=ReportSections(odds=odds))
    carries = bool(getattr(odds.points[-1], "p_agreed", None))
    assert ('<section id="events">' in html) == carries
    plain = tuple(
        DatePoint(p.date, p.p_full, p.ci95_full, p.p_partial, p.ci95_partial) for p in odds.points
    )
    html = build_report(
        scenario, sections=ReportSections(odds=dataclasses.replace(odds, points=plain))
    )
    assert '<section id="events">' not in html
