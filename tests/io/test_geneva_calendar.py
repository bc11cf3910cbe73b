"""The bundled Geneva scenario's calendar: facts with their sources, as of 18 February."""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

import pytest

from accord.io import load_scenario
from clirun import Cli


def _tsv() -> list[dict[str, str]]:
    path = resources.files("accord") / "scenarios" / "talks" / "ukraine-talks-2025-2026.tsv"
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_geneva_calendar_dates_and_deadline() -> None:
    sc = load_scenario()
    cal = sc.calendar
    assert cal is not None and sc.deadline is not None
    assert cal.as_of == dt.date(2026, 2, 18)
    by_format: dict[str | None, list[str]] = {}
    for r in cal.past:
        by_format.setdefault(r.format, []).append(r.id)
    assert by_format["direct"] == ["istanbul-1", "istanbul-2", "istanbul-3", "geneva-2026-direct"]
    assert by_format["trilateral"] == ["abu-dhabi-1", "abu-dhabi-2", "geneva-2026"]
    assert by_format["mediator-russia"] == [
        "riyadh-us-russia-2025", "riyadh-2025-03-russia", "alaska-2025", "abu-dhabi-2025-11",
        "moscow-2025-12", "miami-2025-12-19-russia", "moscow-2026-01", "miami-2026-01-31",
    ]  # fmt: skip
    assert by_format["mediator-ukraine"] == [
        "jeddah-2025", "riyadh-2025-03-ukraine", "white-house-2025-08",
        "geneva-us-ukraine-2025-11", "florida-2025-11", "miami-2025-12", "berlin-2025-12",
        "miami-2025-12-19", "paris-2026-01", "miami-2026-01", "davos-2026",
    ]  # fmt: skip
    assert set(by_format) == {"direct", "trilateral", "mediator-russia", "mediator-ukraine"}
    # nothing after as_of in the past; the US-Ukraine meeting of 26 February stays out
    assert all(r.end <= cal.as_of for r in cal.past)
    assert all(r.start < dt.date(2026, 2, 26) for r in cal.past)
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


#: Rounds of the scenario whose facts sit under other round ids of the vendored table: a
#: round split by side, and facts the table files under the plan or truce they concern.
_TABLE_ROUNDS = {
    "riyadh-2025-03-ukraine": {"riyadh-2025-03", "energy-truce-2025"},
    "riyadh-2025-03-russia": {"riyadh-2025-03", "energy-truce-2025"},
    "miami-2025-12-19": {"20-point-plan"},
    "miami-2025-12-19-russia": {"miami-2025-12-19"},
    "moscow-2025-12": {"miami-2025-12"},
    "moscow-2026-01": {"abu-dhabi-1"},
    "abu-dhabi-1": {"energy-truce-2026-01"},
    "geneva-2026-direct": {"geneva-2026"},
}


def test_reported_facts_cite_the_vendored_pages() -> None:
    """Every fact of a round is 'reported' and cites a page that the vendored table lists
    for that round (or a fact it files under a plan or truce the round concerns), on a row
    dated no later than as_of; every past round has evidence."""
    sc = load_scenario()
    cal = sc.calendar
    assert cal is not None
    urls = {s.id: s.url for s in sc.sources}
    rows = _tsv()
    by_round: dict[str, set[str]] = {}
    for row in rows:
        if row["date"][:10] <= cal.as_of.isoformat():
            by_round.setdefault(row["round"], set()).add(row["source_url"])
    checked = 0
    for r in cal.past:
        assert r.evidence, r.id
        evidence = [*r.evidence]
        evidence += [e for d in r.delegations for e in d.evidence]
        evidence += [e for a in r.agreements for e in a.evidence]
        table_rounds = {r.id} | _TABLE_ROUNDS.get(r.id, set())
        for e in evidence:
            assert e.kind == "reported", (r.id, e)
            if r.id == "geneva-2026" and e.source == "report":
                assert e.quote  # the shipped report is quoted verbatim
                continue
            url = urls[e.source]
            assert any(url in by_round.get(t, ()) for t in table_rounds), (r.id, e.source)
            assert e.note and e.quote is None  # our words, not the page's
            checked += 1
    assert checked >= 60
    # every dated round of the table up to as_of is a past round of the calendar
    table_round_ids = {row["round"] for row in rows if row["kind"] == "round"}
    covered = {r.id for r in cal.past} | {t for ts in _TABLE_ROUNDS.values() for t in ts}
    late = {row["round"] for row in rows if row["date"][:10] > cal.as_of.isoformat()}
    assert table_round_ids - late <= covered, table_round_ids - late - covered
    report = (resources.files("accord") / "scenarios" / "geneva-2026.source.txt").read_text(
        encoding="utf-8"
    )
    for r in cal.past:
        for e in r.evidence:
            if e.source == "report":
                assert e.quote is not None and e.quote in report


@pytest.mark.slow
def test_what_the_mediators_rounds_agreed() -> None:
    """The energy truces of March 2025 and late January 2026 are agreements on the energy
    issue, time-limited; the disputed dates stay visible."""
    sc = load_scenario()
    cal = sc.calendar
    assert cal is not None
    truces = [(r.id, a) for r in cal.past for a in r.agreements if a.issue == "energy_truce"]
    assert {rid for rid, _ in truces} == {
        "riyadh-2025-03-ukraine", "riyadh-2025-03-russia", "abu-dhabi-1",
    }  # fmt: skip
    for _, a in truces:
        assert a.option == "moratorium" and a.until is not None
        assert not a.in_force(cal.as_of)  # both lapsed before Geneva
    pause = next(a for rid, a in truces if rid == "abu-dhabi-1")
    assert pause.date == dt.date(2026, 1, 29) and pause.until == dt.date(2026, 2, 3)
    assert pause.in_force(dt.date(2026, 2, 1))
    assert "29 January" in (pause.evidence[0].note or "")
    assert cal.round("riyadh-2025-03-ukraine").date_note  # type: ignore[union-attr]


def test_the_donbas_demand_is_known_before_geneva() -> None:
    """Russia's Donbas red line and Ukraine's refusal carry dated reports from May 2025
    and January 2026, so a back-test cut before Geneva still knows them."""
    from accord.evaluate.cut import known_at

    sc = load_scenario()
    russia = sc.party("russia")
    (line,) = [r for r in russia.red_lines if r.id == "full-donbas"]
    dates = sorted(e.date or "" for e in line.corroboration)
    assert dates[0] == "2025-05-16" and "2026-01-24" in dates
    cut = known_at(sc, dt.date(2025, 6, 1))
    assert "full-donbas" in {r.id for r in cut.scenario.party("russia").red_lines}
    assert "no-withdrawal" in {r.id for r in cut.scenario.party("ukraine").red_lines}
    # a claim with no earlier report is still dropped before its source
    assert "no-shared-znpp" not in {r.id for r in cut.scenario.party("russia").red_lines}
    # the day before the first Istanbul round, the demand was not yet public
    early = known_at(sc, dt.date(2025, 5, 15))
    assert "full-donbas" not in {r.id for r in early.scenario.party("russia").red_lines}


@pytest.mark.slow
def test_show_renders_the_calendar(cli: Cli) -> None:
    code, out, err = cli(["show"])
    assert code == 0, err
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
