"""The back-test's verdicts: a hit, a miss, an item outside the model, claims dated later."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from accord.analysis.backtest import backtest, known_before
from accord.cli.main import app
from accord.errors import ConfigurationError
from accord.io import load_scenario

EV = {"source": "web", "kind": "reported", "note": "It was agreed."}

DOC: dict[str, Any] = {
    "metadata": {"id": "bt", "title": "Back-test"},
    "sources": [
        {"id": "web", "title": "A page", "url": "https://example.org/p", "date": "2025-01-10"},
        {
            "id": "late",
            "title": "A later report",
            "url": "https://example.org/q",
            "date": "2025-06-01",
        },
    ],
    "issues": [
        {"id": "land", "kind": "ordinal", "options": ["a", "b", "c"], "status_quo": "a"},
        {"id": "pows", "kind": "ordinal", "options": ["none", "some", "all"], "status_quo": "none"},
    ],
    "parties": [
        {
            "id": "x",
            "reservation_value": 0.5,
            "strategy": "boulware",
            "preferences": {
                "weights": {"land": 0.5, "pows": 0.5},
                "values": {
                    "land": {"a": 1, "b": 0.5, "c": 0},
                    "pows": {"none": 0, "some": 0.6, "all": 0.8},
                },
            },
            "red_lines": [
                {
                    "id": "no-some",
                    "statement": "x refuses a partial exchange",
                    "issue": "pows",
                    "op": "!=",
                    "value": "some",
                    "evidence": {"source": "late", "kind": "reported", "note": "Said later."},
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
    "calendar": {
        "as_of": "2025-07-01",
        "past": [
            {
                "id": "r1",
                "start": "2025-03-01",
                "evidence": EV,
                "sessions": [{"date": "2025-03-01", "rounds": 6}],
                "agreed": [
                    {
                        "id": "swap",
                        "statement": "a partial swap",
                        "issue": "pows",
                        "option": "some",
                        "evidence": EV,
                    },
                    {
                        "id": "talks",
                        "statement": "more talks",
                        "stage": "pre-negotiation",
                        "evidence": EV,
                    },
                ],
            },
            {
                "id": "r2",
                "start": "2025-06-10",
                "evidence": EV,
                "sessions": [{"date": "2025-06-10", "rounds": 6}],
                "agreed": [
                    {
                        "id": "swap2",
                        "statement": "another partial swap",
                        "issue": "pows",
                        "option": "some",
                        "evidence": EV,
                    },
                ],
            },
        ],
    },
}


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    p = tmp_path / "bt.yaml"
    p.write_text(yaml.safe_dump(doc, sort_keys=False))
    return p


def test_verdicts_hit_miss_and_outside(tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, DOC))
    b = backtest(sc, runs=50, rng=1)
    by_item = {c.item: c for c in b.checks}
    # r1: the red line was stated after the round, so the model of then does not have it;
    # x gets 0.5*1 + 0.5*0.6 = 0.8 >= 0.5 and y 0.35 >= 0.2 with pows=some alone: agreeable
    hit = by_item["swap"]
    assert hit.agreeable is True and hit.agreeable_with == ("pows",)
    assert "x: red line no-some" in hit.dropped
    assert hit.runs == 50
    assert hit.verdict in ("hit", "agreeable, rarely reached", "agreeable, never reached")
    # r2 comes after the red line: the model known then excludes the option: a plain miss
    miss = by_item["swap2"]
    assert miss.verdict == "miss" and miss.agreeable is False
    assert miss.dropped == ()
    assert "agreeable in no partial agreement" in miss.explanation
    out = by_item["talks"]
    assert out.verdict == "outside the model" and out.runs == 0
    assert b.counts()["miss"] == 1


def test_hit_when_the_protocol_reaches_the_item(tmp_path: Path) -> None:
    doc = copy.deepcopy(DOC)
    doc["calendar"]["past"] = doc["calendar"]["past"][:1]
    doc["calendar"]["past"][0]["agreed"] = doc["calendar"]["past"][0]["agreed"][:1]
    # y cannot gain on land without x losing; only the exchange moves: the protocol finds it
    doc["parties"][1]["preferences"]["values"]["land"] = {"a": 0, "b": 0, "c": 0}
    doc["parties"][1]["preferences"]["weights"] = {"land": 0.0, "pows": 1.0}
    sc = load_scenario(write(tmp_path, doc))
    (c,) = backtest(sc, runs=40, rng=2).checks
    assert c.agreeable is True
    assert c.verdict == "hit", c.explanation
    assert c.exact / c.runs >= 0.5 and c.reached >= c.exact


def test_known_before_drops_later_claims(tmp_path: Path) -> None:
    import datetime as dt

    sc = load_scenario(write(tmp_path, DOC))
    before, dropped = known_before(sc, dt.date(2025, 5, 1))
    assert before.party("x").red_lines == () and dropped == ("x: red line no-some",)
    after, dropped = known_before(sc, dt.date(2025, 6, 9))
    assert len(after.party("x").red_lines) == 1 and dropped == ()
    assert after.calendar is not None and [r.id for r in after.calendar.past] == ["r1"]


def test_known_before_drops_later_positions_and_constraints(tmp_path: Path) -> None:
    """Positions, red lines and constraints all go by the date of their own evidence."""
    import datetime as dt

    late = {"source": "late", "kind": "reported", "note": "Said later."}
    doc = copy.deepcopy(DOC)
    doc["parties"][1]["positions"] = [
        {"issue": "land", "option": "c", "statement": "y wants c", "evidence": EV},
        {"issue": "pows", "option": "some", "statement": "y wants some", "evidence": late},
    ]
    doc["constraints"] = [
        {
            "id": "c-late",
            "statement": "no c without some",
            "requires": {
                "if": {"issue": "land", "op": "==", "value": "c"},
                "then": {"issue": "pows", "op": "!=", "value": "none"},
            },
            "evidence": late,
        }
    ]
    sc = load_scenario(write(tmp_path, doc))
    before, dropped = known_before(sc, dt.date(2025, 5, 1))
    assert dropped == ("x: red line no-some", "y: position on pows", "constraint c-late")
    assert [x.issue for x in before.party("y").positions] == ["land"]
    assert before.constraints == ()
    after, dropped = known_before(sc, dt.date(2025, 6, 9))
    assert dropped == () and len(after.party("y").positions) == 2 and len(after.constraints) == 1


def test_backtest_needs_a_calendar(tmp_path: Path) -> None:
    doc = copy.deepcopy(DOC)
    del doc["calendar"]
    with pytest.raises(ConfigurationError, match="has no calendar"):
        backtest(load_scenario(write(tmp_path, doc)))


def test_cli_table_and_json(tmp_path: Path) -> None:
    path = write(tmp_path, DOC)
    r = CliRunner().invoke(app, ["backtest", str(path), "--runs", "20", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert {c["item"]: c["verdict"] for c in data["checks"]}["swap2"] == "miss"
    assert data["verdicts"]["outside the model"] == 1
    r = CliRunner().invoke(app, ["backtest", str(path), "--runs", "20"])
    assert r.exit_code == 0
    assert "miss r2 / swap2" in r.output and "Verdicts:" in r.output


def test_bundled_scenario_backtest() -> None:
    b = backtest(load_scenario(), runs=30, rng=1)
    items = {c.item: c for c in b.checks}
    # the prisoner exchanges of Istanbul and Abu Dhabi are checked; items no issue covers
    # are said to be outside the model
    assert {"pow-1000-for-1000", "pow-1200-each", "pow-157-each"} <= set(items)
    assert items["civilians-in-exchanges"].verdict == "outside the model"
    for key in ("pow-1000-for-1000", "pow-157-each"):
        c = items[key]
        assert c.issue == "prisoner_exchange" and c.runs == 30
        # the Geneva report (18 February 2026) was not known before these rounds
        assert "russia: red line full-donbas" in c.dropped
