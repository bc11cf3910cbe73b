"""The scenario cut at a past date by its evidence dates: a claim dated later never reaches
the model; undated assumptions are kept and flagged; past rounds are fact."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.evaluate.backtest import backtest
from accord.evaluate.cut import cut_dates, known_at, known_from, months
from accord.io import load_scenario
from accord.model import Evidence, Scenario

EV = {"source": "web", "kind": "reported", "note": "It was agreed."}
LATE = {"source": "late", "kind": "reported", "note": "Said later."}

DOC: dict[str, Any] = {
    "metadata": {"id": "bt", "title": "Back-test"},
    "sources": [
        {"id": "web", "title": "A page", "url": "https://example.org/p", "date": "2025-01-10"},
        {"id": "late", "title": "Later", "url": "https://example.org/q", "date": "2025-06-01"},
    ],
    "issues": [
        {"id": "land", "kind": "ordinal", "options": ["a", "b", "c"], "status_quo": "a"},
        {"id": "pows", "kind": "ordinal", "options": ["none", "some", "all"], "status_quo": "none"},
    ],
    "parties": [
        {
            "id": "x",
            "reservation_value": 0.3,
            "strategy": "boulware",
            "preferences": {
                "weights": {"land": 0.5, "pows": 0.5},
                "values": {
                    "land": {"a": 1, "b": 0.5, "c": 0},
                    "pows": {"none": 0, "some": 0.6, "all": 0.8},
                },
            },
            "positions": [
                {"issue": "land", "option": "a", "statement": "x keeps a", "evidence": EV},
            ],
            "red_lines": [
                {
                    "id": "no-some",
                    "statement": "x refuses a partial exchange",
                    "issue": "pows",
                    "op": "!=",
                    "value": "some",
                    "evidence": LATE,
                },
            ],
        },
        {
            "id": "y",
            "reservation_value": 0.2,
            "strategy": "conceder",
            "preferences": {
                "weights": {"land": 0.5, "pows": 0.5},
                "values": {
                    "land": {"a": 0, "b": 0.5, "c": 1},
                    "pows": {"none": 0, "some": 0.7, "all": 0.1},
                },
            },
        },
    ],
    "deadline": {"date": "2025-12-31", "evidence": LATE},
    "calendar": {
        "as_of": "2025-07-01",
        "past": [
            {
                "id": "r1",
                "start": "2025-02-01",
                "format": "direct",
                "evidence": EV,
                "sessions": [{"date": "2025-02-01", "exchanges": 6}],
                "agreed": [
                    {
                        "id": "swap",
                        "statement": "a partial swap",
                        "issue": "pows",
                        "option": "some",
                        "evidence": EV,
                    }
                ],
            },
            {
                "id": "r2",
                "start": "2025-03-10",
                "end": "2025-03-11",
                "format": "direct",
                "evidence": EV,
                "sessions": [{"date": "2025-03-10", "exchanges": 6}],
            },
            {
                "id": "r3",
                "start": "2025-06-10",
                "format": "trilateral",
                "evidence": EV,
                "sessions": [{"date": "2025-06-10", "exchanges": 6}],
                "agreed": [
                    {
                        "id": "swap2",
                        "statement": "another swap",
                        "issue": "pows",
                        "option": "some",
                        "evidence": EV,
                    }
                ],
            },
        ],
        "expected": {
            "every_weeks": {"low": 2, "high": 6},
            "p_occurs": 0.8,
            "exchanges_per_session": {"low": 4, "high": 8},
            "evidence": {"assumption": True, "note": "The analyst's cadence."},
        },
    },
    "protocol": "alternating-offers",
    "uncertainty": {
        "parties": {
            "x": {
                "reservation_value": {"dist": "uniform", "low": 0.2, "high": 0.4},
                "red_lines": {"no-some": {"p_real": 0.7}},
            }
        }
    },
}


def scenario(tmp_path: Path, doc: dict[str, Any] | None = None) -> Scenario:
    p = tmp_path / "bt.yaml"
    p.write_text(yaml.safe_dump(doc or DOC, sort_keys=False))
    return load_scenario(p)


def test_a_claim_dated_after_the_cut_is_left_out(tmp_path: Path) -> None:
    sc = scenario(tmp_path)
    before = known_at(sc, dt.date(2025, 5, 1))
    x = before.scenario.party("x")
    assert x.red_lines == ()
    assert "x: red line no-some" in before.dropped and "the deadline" in before.dropped
    # its doubt in the uncertainty block goes with it
    assert before.scenario.uncertainty is not None
    assert before.scenario.uncertainty.parties["x"].red_lines == {}
    # the position dated before the cut stays
    assert [p.issue for p in x.positions] == ["land"]
    after = known_at(sc, dt.date(2025, 6, 1))  # the source's own day: known
    assert len(after.scenario.party("x").red_lines) == 1
    assert after.deadline_known and after.scenario.deadline is not None
    assert after.scenario.deadline.date == "2025-12-31"


def test_without_a_known_deadline_the_runs_end_at_the_horizon(tmp_path: Path) -> None:
    cut = known_at(scenario(tmp_path), dt.date(2025, 4, 1), horizon_end=dt.date(2025, 6, 30))
    assert not cut.deadline_known
    assert cut.scenario.deadline is not None and cut.scenario.deadline.date == "2025-06-30"
    assert cut.scenario.deadline.evidence is not None
    assert cut.scenario.deadline.evidence.is_assumption


def test_past_rounds_are_fact_and_later_ones_unknown(tmp_path: Path) -> None:
    cut = known_at(scenario(tmp_path), dt.date(2025, 3, 10))  # r2 under way: not past yet
    cal = cut.scenario.calendar
    assert cal is not None and cal.as_of == dt.date(2025, 3, 10)
    assert [r.id for r in cal.past] == ["r1"]
    assert cal.past[0].sessions == ()  # not replayed
    assert cal.past[0].agreements[0].id == "swap"  # what it agreed stays known
    assert cal.cadence is not None
    assert "the cadence of expected rounds" in cut.undated


def test_several_evidence_items_count_from_the_earliest_dated() -> None:
    dates = {"a": "2026-02-18", "b": "2025-05-16"}
    assert known_from((Evidence("a"), Evidence("b")), dates) == dt.date(2025, 5, 16)
    # an item's own date precedes its source's
    assert known_from(Evidence("a", date="2025-01-02"), dates) == dt.date(2025, 1, 2)
    assert known_from(Evidence(assumption=True), dates) is None
    assert known_from((Evidence(assumption=True), Evidence("a")), dates) == dt.date(2026, 2, 18)


def test_cut_dates_are_eves_and_firsts_of_months(tmp_path: Path) -> None:
    sc = scenario(tmp_path)
    assert sc.calendar is not None
    got = [d.isoformat() for d in cut_dates(sc.calendar)]
    assert got == [
        "2025-03-01",
        "2025-03-09",
        "2025-04-01",
        "2025-05-01",
        "2025-06-01",
        "2025-06-09",
    ]  # 1 July is as_of: a cut is before it
    assert [d.day for d in months(dt.date(2025, 1, 1), dt.date(2025, 3, 1))] == [1, 1, 1]


@pytest.mark.slow
def test_a_later_claim_never_reaches_the_swept_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every scenario the back-test sweeps from a cut before 1 June lacks the red line
    stated on 1 June (and the deadline stated then)."""
    from accord import sweep

    seen: list[Scenario] = []
    real = sweep.make_job

    def spy(sc: Scenario, **kw: Any) -> Any:
        seen.append(sc)
        return real(sc, **kw)

    monkeypatch.setattr(sweep, "make_job", spy)
    b = backtest(scenario(tmp_path), runs=20, rng=3)
    assert len(seen) == len(b.cuts) == 6
    for sc in seen:
        assert sc.calendar is not None
        known = sc.calendar.as_of >= dt.date(2025, 6, 1)
        assert bool(sc.party("x").red_lines) == known, sc.calendar.as_of
        assert sc.deadline is not None
        assert (sc.deadline.date == "2025-12-31") == known


def test_an_undated_red_line_is_kept_and_flagged(tmp_path: Path) -> None:
    doc = copy.deepcopy(DOC)
    doc["parties"][0]["red_lines"][0]["evidence"] = {"assumption": True, "note": "analyst"}
    cut = known_at(scenario(tmp_path, doc), dt.date(2025, 2, 15))
    assert len(cut.scenario.party("x").red_lines) == 1
    assert "x: red line no-some" in cut.undated


@pytest.mark.slow
def test_tracks_go_by_their_evidence_and_name_only_held_rounds() -> None:
    sc = load_scenario()
    assert {t.id for t in sc.tracks} >= {"humanitarian", "military-technical", "political"}
    early = known_at(sc, dt.date(2025, 6, 1))
    # the working groups of 2026 are on record from January 2026 only
    assert "track military-technical" in early.dropped
    assert "military-technical" not in {t.id for t in early.scenario.tracks}
    late = known_at(sc, dt.date(2026, 2, 1))
    groups = {t.id: t.working_groups for t in late.scenario.tracks}
    assert groups["military-technical"] == ("abu-dhabi-1",)  # Abu Dhabi 2 and Geneva not yet
    assert groups["political"] == ()


def test_the_donbas_demand_is_known_from_its_first_public_report() -> None:
    """Russia's demand for the Donbas was reported in May 2025 and January 2026, before the
    Geneva report: a model of June 2025 has it."""
    cut = known_at(load_scenario(), dt.date(2025, 6, 1))
    assert "full-donbas" in {r.id for r in cut.scenario.party("russia").red_lines}
    assert "russia: red line full-donbas" not in cut.dropped
    # the plant's claims rest on the Geneva report alone: not known then
    assert "russia: red line no-shared-znpp" in cut.dropped


def test_a_format_expected_before_its_first_round_is_flagged_and_learned_from_the_cut(
    tmp_path: Path,
) -> None:
    """The formats the analyst's cadence names are undated: a cut before the trilateral
    format's first round keeps expecting it (flagged as possible hindsight), learned from
    the rounds up to the cut only (its open gap from the talks' first round, no gap of its
    own); a cut after it learns it from its round, unflagged."""
    from accord.negotiation.cadence import learn

    doc = copy.deepcopy(DOC)
    doc["calendar"]["expected"]["formats"] = ["direct", "trilateral"]
    sc = scenario(tmp_path, doc)
    assert sc.calendar is not None and sc.calendar.cadence is not None
    assert sc.calendar.cadence.formats == ("direct", "trilateral")
    before = known_at(sc, dt.date(2025, 4, 1))
    assert "formats expected before their first round: trilateral" in before.undated
    assert before.scenario.calendar is not None
    tri = {f.format: f for f in learn(before.scenario.calendar)}["trilateral"]
    assert tri.starts == () and tri.origin == dt.date(2025, 2, 1) and tri.elapsed == 59
    assert 0 < tri.p_next_by(dt.date(2025, 5, 1)) < 1
    after = known_at(sc, dt.date(2025, 6, 20))
    assert not any(u.startswith("formats expected") for u in after.undated)
    assert after.scenario.calendar is not None
    tri = {f.format: f for f in learn(after.scenario.calendar)}["trilateral"]
    assert tri.starts == (dt.date(2025, 6, 10),) and tri.elapsed == 10
