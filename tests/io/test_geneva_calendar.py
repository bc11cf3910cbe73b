"""The bundled Geneva scenario's calendar: facts with their sources, as of 18 February."""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

from typer.testing import CliRunner

from accord.cli.main import app
from accord.io import load_scenario


def _tsv() -> list[dict[str, str]]:
    path = resources.files("accord") / "scenarios" / "talks" / "ukraine-talks-2025-2026.tsv"
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_geneva_calendar_dates_and_deadline() -> None:
    sc = load_scenario()
    cal = sc.calendar
    assert cal is not None and sc.deadline is not None
    assert cal.as_of == dt.date(2026, 2, 18)
    assert [r.id for r in cal.past] == [
        "istanbul-1", "istanbul-2", "istanbul-3", "abu-dhabi-1", "abu-dhabi-2", "geneva-2026",
    ]  # fmt: skip
    assert sc.deadline.day == dt.date(2026, 6, 30)
    assert sc.deadline.as_stated == "June" and sc.deadline.interpreted
    assert sc.deadline.rounds is None
    # the next round: announced, undated, uncertain
    (nxt,) = cal.future
    assert nxt.date is None and nxt.first_possible > cal.as_of
    assert 0 < nxt.p_occurs < 1 and nxt.rounds_per_session.low < nxt.rounds_per_session.high
    assert cal.cadence is not None
    # the disagreement on the second Istanbul date stays visible
    ist2 = cal.round("istanbul-2")
    assert ist2.other_dates == (dt.date(2025, 6, 3),)  # type: ignore[union-attr]


def test_reported_facts_cite_the_vendored_pages() -> None:
    """Every fact of a round before Geneva is 'reported' and cites a page that the vendored
    table lists for that round, dated no later than as_of."""
    sc = load_scenario()
    cal = sc.calendar
    assert cal is not None
    urls = {s.id: s.url for s in sc.sources}
    rows = _tsv()
    by_round: dict[str, set[str]] = {}
    for row in rows:
        by_round.setdefault(row["round"], set()).add(row["source_url"])
    checked = 0
    for r in cal.past:
        evidence = [*r.evidence]
        evidence += [e for d in r.delegations for e in d.evidence]
        evidence += [e for a in r.agreements for e in a.evidence]
        for e in evidence:
            assert e.kind == "reported", (r.id, e)
            if r.id == "geneva-2026" and e.source == "report":
                assert e.quote  # the shipped report is quoted verbatim
                continue
            url = urls[e.source]
            assert url in by_round[r.id], (r.id, e.source)
            assert e.note and e.quote is None  # our words, not the page's
            checked += 1
    assert checked >= 15
    report = (resources.files("accord") / "scenarios" / "geneva-2026.source.txt").read_text(
        encoding="utf-8"
    )
    for r in cal.past:
        for e in r.evidence:
            if e.source == "report":
                assert e.quote is not None and e.quote in report


def test_show_renders_the_calendar() -> None:
    result = CliRunner().invoke(app, ["show"])
    assert result.exit_code == 0, result.output
    out = result.output
    for text in (
        "Calendar as of 18 Feb 2026",
        "Past rounds",
        "also reported: 3",
        "Agreed at past rounds",
        "Future rounds",
        "every 2-6 weeks",
        'reading of "June"',
        "Igor",
    ):
        assert text in out, text
    # tables are not cropped: every row line ends with its border
    rows = [line for line in out.splitlines() if line.startswith(("│", "┃"))]
    assert rows and all(line.rstrip().endswith(("│", "┃")) for line in rows)
