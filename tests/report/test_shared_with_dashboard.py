"""What the report and the dashboard draw alike, written once: the date axis of the hand-written
SVG charts, the Jinja environment, the concession tables and the marks' style sheet."""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources

import pytest

from accord.report.date_axis import DateAxis, path
from accord.report.history import timeline_svg
from accord.web.odds_svg import odds_svg


def test_dates_and_shares_land_on_the_plot_edges() -> None:
    ax = DateAxis(720, 300, (56, 56, 20, 70), date(2026, 1, 1), 100)
    assert ax.x(date(2026, 1, 1)) == ax.left == 56
    assert ax.x(date(2026, 1, 1) + timedelta(days=100)) == ax.right == 664
    assert ax.y(1.0) == ax.top == 20 and ax.y(0.0) == 300 - 70
    with pytest.raises(ValueError, match="at least one day"):
        DateAxis(720, 300, (56, 56, 20, 70), date(2026, 1, 1), 0)
    assert path([(1, 2), (3.04, 4.06)]) == "M1.0,2.0 L3.0,4.1"


def test_both_charts_open_the_same_way() -> None:
    timeline = timeline_svg([{"as_of": "2026-02-18", "seq": 1, "zopa_size": 0, "n_outcomes": 9}])
    point = {"p_full": 0.1, "ci95_full": [0, 0.2], "p_partial": 0.2, "ci95_partial": [0.1, 0.3]}
    odds = odds_svg([{"date": "2026-02-18", **point}, {"date": "2026-06-30", **point}])
    tag = re.compile(
        r'<svg xmlns="[^"]+" viewBox="0 0 720 \d+" width="720" height="\d+" role="img"'
    )
    assert tag.match(timeline) and tag.match(odds)
    assert 'id="odds-chart"' in odds and 'aria-label="Timeline of the talks record"' in timeline


@pytest.mark.slow
def test_one_jinja_environment_and_one_style_for_the_marks() -> None:
    from accord.io import load_scenario
    from accord.report import build_report
    from accord.report.jinja import environment
    from accord.tolerance import TOLERANCE
    from accord.web.templating import TEMPLATES

    marks = (resources.files("accord.report") / "templates" / "marks.css").read_text("utf-8")
    assert ".tag.assumption" in marks and "table.concessions td.concedes" in marks
    assert marks.strip() in build_report(load_scenario())
    page = TEMPLATES.get_template("base.html").render()
    assert marks.strip() in page
    # the dashboard's own style sheet no longer spells the marks again
    style = (resources.files("accord.web") / "static" / "style.css").read_text("utf-8")
    assert ".tag.cited" not in style and ":root" not in style
    # both environments compare against the one tolerance and find the shared tables
    assert TEMPLATES.globals["TOLERANCE"] == environment("accord.report").globals["TOLERANCE"]
    assert TEMPLATES.globals["TOLERANCE"] == TOLERANCE
    assert TEMPLATES.get_template("_concessions.html").filename == (
        environment("accord.report").get_template("_concessions.html").filename
    )
