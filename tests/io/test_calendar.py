"""The calendar section: every validation rule, from the library and from the command line."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from accord.cli.main import main
from accord.errors import AccordWarning, ScenarioError
from accord.io import load_scenario
from accord.io.native import scenario_from_document, scenario_to_document
from accord.io.yaml_source import parse_yaml
from accord.model import Scenario

REPORTED = {"source": "web", "kind": "reported", "note": "The round took place."}

BASE: dict[str, Any] = {
    "metadata": {"id": "t", "title": "T"},
    "sources": [
        {"id": "s", "title": "S"},
        {"id": "web", "title": "A page", "url": "https://example.org/page"},
    ],
    "issues": [
        {"id": "land", "kind": "ordinal", "options": ["a", "b", "c"], "status_quo": "a"},
        {"id": "pows", "kind": "ordinal", "options": ["none", "some"], "status_quo": "none"},
    ],
    "parties": [
        {
            "id": "x",
            "preferences": {
                "weights": {"land": 0.5, "pows": 0.5},
                "values": {"land": {"a": 1, "b": 0.5, "c": 0}, "pows": {"none": 0, "some": 1}},
            },
        },
        {
            "id": "y",
            "preferences": {
                "weights": {"land": 0.5, "pows": 0.5},
                "values": {"land": {"a": 0, "b": 0.5, "c": 1}, "pows": {"none": 0, "some": 1}},
            },
        },
    ],
    "deadline": {
        "date": "2026-06-30",
        "as_stated": "June",
        "interpreted": True,
        "evidence": {"source": "s", "quote": "a June deadline"},
    },
    "calendar": {
        "as_of": "2026-02-18",
        "past": [
            {
                "id": "r1",
                "start": "2025-05-16",
                "format": "direct",
                "evidence": REPORTED,
                "delegations": [{"party": "x", "head": {"name": "Head X"}}],
                "sessions": [{"date": "2025-05-16", "exchanges": 4}],
                "agreed": [
                    {
                        "id": "swap",
                        "statement": "a swap",
                        "issue": "pows",
                        "option": "some",
                        "stage": "partial",
                        "topics": ["prisoners"],
                        "evidence": REPORTED,
                    }
                ],
            },
            {
                "id": "r2",
                "start": "2026-02-17",
                "end": "2026-02-18",
                "evidence": REPORTED,
                "sessions": [
                    {"date": "2026-02-17", "exchanges": 10},
                    {"date": "2026-02-18", "exchanges": 5},
                ],
            },
        ],
        "future": [
            {
                "id": "next",
                "window": {"earliest": "2026-03-01", "latest": "2026-03-31"},
                "p_occurs": 0.8,
                "days": 2,
                "exchanges_per_session": {"low": 2, "high": 6},
                "evidence": REPORTED,
            }
        ],
        "expected": {
            "every_weeks": {"low": 2, "high": 6},
            "p_occurs": 0.5,
            "exchanges_per_session": 3,
            "evidence": {"assumption": True, "note": "cadence"},
        },
    },
}


def doc_with(edit: Any) -> dict[str, Any]:
    d = copy.deepcopy(BASE)
    edit(d)
    return d


def write(tmp_path: Path, doc: dict[str, Any], name: str = "s.yaml") -> Path:
    p = tmp_path / name
    if name.endswith(".json"):
        p.write_text(json.dumps(doc, indent=1))
    else:
        p.write_text(yaml.safe_dump(doc, sort_keys=False))
    return p


def load_error(tmp_path: Path, doc: dict[str, Any]) -> ScenarioError:
    path = write(tmp_path, doc)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    err = exc.value
    assert err.file == str(path)
    assert err.line is not None and err.line > 1
    return err


def set_(path: str, value: Any) -> Any:
    """An edit setting ``value`` at a dotted path with [i] indices."""

    def edit(d: dict[str, Any]) -> None:
        parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
        node: Any = d
        for p in parts[:-1]:
            node = node[int(p[1:-1])] if p.startswith("[") else node[p]
        last = parts[-1]
        if last.startswith("["):
            node[int(last[1:-1])] = value
        elif value is ...:
            del node[last]
        else:
            node[last] = value

    return edit


# -- the model ----------------------------------------------------------------------------
def test_base_loads_with_its_calendar(tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, BASE))
    cal = sc.calendar
    assert cal is not None
    assert cal.as_of == dt.date(2026, 2, 18)
    assert [r.id for r in cal.past] == ["r1", "r2"]
    assert cal.past[0].agreements[0].option == "some"
    assert cal.past[0].delegations[0].head is not None
    assert cal.past[0].evidence[0].kind == "reported"
    assert cal.future[0].rounds_per_session.low == 2
    assert cal.cadence is not None and cal.cadence.every_days.high == 42
    # the simulation replays the last past round's sessions
    assert [s.rounds for s in sc.sessions] == [10, 5]
    assert sc.deadline is not None and sc.deadline.as_stated == "June"
    assert sc.deadline.interpreted and sc.deadline.evidence is not None


def test_sampled_sessions_respect_windows_and_deadline(tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, BASE))
    cal = sc.calendar
    assert cal is not None and sc.deadline is not None
    deadline = sc.deadline.day
    assert deadline is not None
    rng = np.random.default_rng(3)
    firsts = set()
    for _ in range(300):
        sessions = cal.sample_sessions(rng, deadline)
        dates = [s.date for s in sessions]
        assert dates == sorted(dates)
        assert all(d <= deadline for d in dates)
        nxt = [s for s in sessions if s.round_id == "next"]
        assert all(2 <= s.rounds <= 6 for s in nxt)
        if nxt:
            firsts.add(nxt[0].date)
            assert dt.date(2026, 3, 1) <= nxt[0].date <= dt.date(2026, 3, 31)
        assert all(s.rounds == 3 for s in sessions if s.status == "expected")
    assert len(firsts) > 10  # dates are drawn, not fixed
    nominal = cal.nominal_sessions(deadline)
    # the past is fact: the nominal talks start with the first future round
    assert all(not s.past and s.date > cal.as_of for s in nominal)
    assert nominal[0].date == dt.date(2026, 3, 16) and nominal[0].rounds == 4
    history = cal.past_sessions(history=True)
    assert [s.round_id for s in history] == ["r1", "r2", "r2"]


def test_round_trip_keeps_the_calendar(tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, BASE))
    again = scenario_from_document(parse_yaml(yaml.safe_dump(scenario_to_document(sc)), None))
    assert again.calendar == sc.calendar
    assert again.deadline == sc.deadline
    assert again.sessions == sc.sessions


def test_round_trip_keeps_the_formats_the_cadence_names(tmp_path: Path) -> None:
    doc = copy.deepcopy(BASE)
    doc["calendar"]["expected"]["formats"] = ["trilateral", "direct"]
    sc = load_scenario(write(tmp_path, doc))
    assert sc.calendar is not None and sc.calendar.cadence is not None
    assert sc.calendar.cadence.formats == ("trilateral", "direct")
    again = scenario_from_document(parse_yaml(yaml.safe_dump(scenario_to_document(sc)), None))
    assert again.calendar == sc.calendar


def test_json_calendar_loads(tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, BASE, "s.json"))
    assert sc.calendar is not None and len(sc.calendar.past) == 2


# -- validation rules ---------------------------------------------------------------------
RULES = [
    # (edit, path in the message, words in the message)
    (
        set_("calendar.past[0].format", "mediator-z"),
        "calendar.past[0].format",
        "unknown round format 'mediator-z'",
    ),
    (
        set_("calendar.past[0].format", "summit"),
        "calendar.past[0].format",
        "mediator-x, mediator-y",
    ),
    (
        set_("calendar.past[0].agreed[0].until", "2025-05-01"),
        "calendar.past[0].agreed[0].until",
        "lapses (2025-05-01) before it was agreed (2025-05-16)",
    ),
    (
        set_("calendar.past[0].agreed[0].date", "2026-03-01"),
        "calendar.past[0].agreed[0].date",
        "outside 2025-05-16",
    ),
    (set_("calendar.as_of", "2026-02-30"), "calendar.as_of", "not a valid date"),
    (set_("calendar.past[0].start", "16/05/2025"), "calendar.past[0].start", "YYYY-MM-DD"),
    (set_("deadline.date", "June"), "deadline.date", "not a valid date"),
    (
        set_("calendar.past[1].end", "2026-02-16"),
        "calendar.past[1].end",
        "ends (2026-02-16) before it starts",
    ),
    (
        set_("calendar.past[0].start", "2026-03-01"),
        "calendar.past[0].end",
        "after as_of",
    ),
    (
        set_("calendar.past[1].start", "2025-05-01"),
        "calendar.past[1].start",
        "date order",
    ),
    (
        set_("calendar.past[1].sessions[1].date", "2026-02-19"),
        "calendar.past[1].sessions[1].date",
        "outside its round",
    ),
    (
        set_("calendar.future[0].window.earliest", "2026-02-10"),
        "calendar.future[0].window.earliest",
        "not after as_of",
    ),
    (
        set_("calendar.future[0].window", {"earliest": "2026-03-31", "latest": "2026-03-01"}),
        "calendar.future[0].window.latest",
        "before it begins",
    ),
    (
        set_("calendar.future[0].date", "2026-03-05"),
        "calendar.future[0]",
        "exactly one of the two",
    ),
    (
        set_("calendar.past[0].delegations[0].party", "z"),
        "calendar.past[0].delegations[0].party",
        "unknown party 'z'",
    ),
    (
        set_("calendar.past[0].agreed[0].issue", "water"),
        "calendar.past[0].agreed[0].issue",
        "unknown issue 'water'",
    ),
    (
        set_("calendar.past[0].agreed[0].option", "all"),
        "calendar.past[0].agreed[0].option",
        "unknown option 'all' for issue 'pows'",
    ),
    (
        set_("deadline.exchanges", 40),
        "deadline.exchanges",
        "not used with a calendar",
    ),
    (
        set_("sessions", [{"date": "2026-02-17", "exchanges": 3}]),
        "sessions",
        "inside the calendar",
    ),
    (
        set_("calendar.future[0].exchanges_per_session", {"low": 6, "high": 2}),
        "calendar.future[0].exchanges_per_session.low",
        "above high",
    ),
    (
        set_("calendar.future[0].p_occurs", 1.5),
        "calendar.future[0].p_occurs",
        "less than or equal to 1",
    ),
    (
        set_("calendar.simulate_from", "nowhere"),
        "calendar.simulate_from",
        "names no past round",
    ),
    (
        set_("calendar.past[1].id", "r1"),
        "calendar.past[1].id",
        "duplicate round id 'r1'",
    ),
    (
        set_("deadline.as_stated", ...),
        "deadline.interpreted",
        "give as_stated",
    ),
    (
        set_("calendar.past[0].evidence", {"source": "s", "kind": "reported", "note": "n"}),
        "calendar.past[0].evidence.source",
        "give source 's' a url",
    ),
    (
        set_("calendar.past[0].agreed[0]", {"id": "x", "statement": "y", "evidence": REPORTED}),
        "calendar.past[0].agreed[0]",
        "PA-X stage or topics",
    ),
    (
        set_("calendar.past[0].format", "face-to-face"),
        "calendar.past[0].format",
        "direct",
    ),
    (set_("deadline", ...), "calendar.expected", "give deadline.date"),
    (
        set_("calendar.past[0].delegations", [{"party": "x"}, {"party": "x"}]),
        "calendar.past[0].delegations[1].party",
        "two delegations",
    ),
    (
        set_("deadline", {"as_stated": "June", "interpreted": True}),
        "deadline.interpreted",
        "give the date",
    ),
    (
        set_("calendar.past[0].agreed[0].issue", ...),
        "calendar.past[0].agreed[0].option",
        "an option needs its issue",
    ),
    (
        set_("calendar.past[0].agreed[0].option", ...),
        "calendar.past[0].agreed[0].option",
        "names the option agreed",
    ),
    (
        set_("calendar.expected.every_days", 10),
        "calendar.expected",
        "every_weeks or every_days, one of the two",
    ),
    (
        set_("calendar.expected.formats", ["direct", "mediator-nobody"]),
        "calendar.expected.formats[1]",
        "unknown round format 'mediator-nobody'",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("edit", "path", "words"), RULES, ids=[r[1] + ":" + r[2] for r in RULES])
def test_rule_library(tmp_path: Path, edit: Any, path: str, words: str) -> None:
    err = load_error(tmp_path, doc_with(edit))
    assert err.path == path
    assert words in err.message


@pytest.mark.slow
@pytest.mark.parametrize(("edit", "path", "words"), RULES, ids=[r[1] + ":" + r[2] for r in RULES])
def test_rule_cli_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Any, path: str, words: str
) -> None:
    file = write(tmp_path, doc_with(edit))
    with pytest.raises(SystemExit) as exc:
        main(["show", str(file)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(file))}:\d+, {re.escape(path)}: ", err), err
    assert words in err
    assert "Traceback" not in err


def test_simulate_from_is_shown_not_replayed(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["calendar"]["simulate_from"] = "r1"
        del d["calendar"]["past"][0]["sessions"]

    # the past is fact: the round the scenario describes needs no sessions to simulate
    sc = load_scenario(write(tmp_path, doc_with(edit)))
    assert sc.calendar is not None and sc.calendar.simulate_from == "r1"
    assert sc.calendar.past_sessions() == ()
    # its sessions (from r1 on) are the scenario's sessions as shown, never a run's
    sc = load_scenario(write(tmp_path, doc_with(set_("calendar.simulate_from", "r1"))))
    assert [s.rounds for s in sc.sessions] == [4, 10, 5]
    assert sc.calendar is not None and sc.calendar.past_sessions() == ()
    assert len(sc.calendar.past_sessions(history=True)) >= 3


def _load_warned(path: Path) -> tuple[Scenario, list[str]]:
    """The scenario at ``path`` and the accord warnings its loading gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sc = load_scenario(path)
    return sc, [str(w.message) for w in caught if issubclass(w.category, AccordWarning)]


def test_past_round_after_deadline_is_a_warning(tmp_path: Path) -> None:
    doc = doc_with(set_("deadline.date", "2026-01-01"))
    doc["calendar"].pop("expected")
    doc["calendar"].pop("future")
    path = write(tmp_path, doc)
    sc, msgs = _load_warned(path)
    assert any(
        "calendar.past[1].start: round 'r2' (2026-02-17) is after the deadline (2026-01-01)" in m
        for m in msgs
    ), msgs
    assert any("deadline.date: the deadline (2026-01-01) passed before as_of" in m for m in msgs)
    assert sc.calendar is not None and len(sc.calendar.past) == 2


def test_json_errors_name_the_line(tmp_path: Path) -> None:
    doc = doc_with(set_("calendar.past[0].delegations[0].party", "z"))
    path = write(tmp_path, doc, "s.json")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    err = exc.value
    assert err.path == "calendar.past[0].delegations[0].party"
    assert err.line is not None
    line = path.read_text().splitlines()[err.line - 1]
    assert '"z"' in line and '"party"' in line


def test_round_after_deadline_is_a_warning(tmp_path: Path) -> None:
    doc = doc_with(set_("calendar.future[0].window.latest", "2026-07-15"))
    path = write(tmp_path, doc)
    sc, msgs = _load_warned(path)
    assert any(
        f"{path}:" in m and "calendar.future[0].window.latest" in m and "after the deadline" in m
        for m in msgs
    ), msgs
    assert sc.calendar is not None
    deadline = sc.deadline.day if sc.deadline else None
    assert deadline is not None
    rng = np.random.default_rng(0)
    for _ in range(200):
        assert all(s.date <= deadline for s in sc.calendar.sample_sessions(rng, deadline))


@pytest.mark.slow
def test_round_after_deadline_warning_on_cli(tmp_path: Path) -> None:
    window = {"earliest": "2026-07-01", "latest": "2026-07-15"}
    doc = doc_with(set_("calendar.future[0].window", window))
    doc["calendar"].pop("expected")
    path = write(tmp_path, doc)
    proc = subprocess.run(
        [sys.executable, "-m", "accord", "show", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert f"warning: {path}:" in proc.stderr
    assert "calendar.future[0].window.latest: round 'next' is after the deadline" in proc.stderr


def test_deadline_rounds_and_sessions_disagree_without_calendar(tmp_path: Path) -> None:
    d = copy.deepcopy(BASE)
    del d["calendar"]
    d["deadline"]["exchanges"] = 40
    d["sessions"] = [
        {"date": "2026-02-17", "exchanges": 16},
        {"date": "2026-02-18", "exchanges": 14},
    ]
    err = load_error(tmp_path, d)
    assert err.path == "deadline.exchanges"
    assert "deadline.exchanges (40)" in err.message and "16 + 14 = 30" in err.message
    d["deadline"]["exchanges"] = 30
    sc = load_scenario(write(tmp_path, d))  # agreeing values load, old scenarios still do
    assert sc.calendar is None and [s.rounds for s in sc.sessions] == [16, 14]


def test_reported_evidence_needs_a_note_or_quote(tmp_path: Path) -> None:
    err = load_error(
        tmp_path, doc_with(set_("calendar.past[0].evidence", {"source": "web", "kind": "reported"}))
    )
    assert err.path == "calendar.past[0].evidence"
    assert "source id and a quote" in err.message


def test_evidence_published_after_as_of_is_a_warning(tmp_path: Path) -> None:
    doc = copy.deepcopy(BASE)
    doc["sources"].append(
        {"id": "later", "title": "L", "url": "https://example.org/l", "date": "2026-03-01"}
    )
    doc["calendar"]["past"][1]["evidence"] = {
        "source": "later",
        "kind": "reported",
        "note": "Reported afterwards.",
    }
    path = write(tmp_path, doc)
    _, msgs = _load_warned(path)
    assert any(
        f"{path}:" in m
        and "calendar.past[1].evidence: evidence dated 2026-03-01 (source 'later'), after as_of"
        in m
        for m in msgs
    ), msgs


def test_json_schema_describes_the_calendar() -> None:
    from accord.io import json_schema

    schema = json_schema()
    defs = schema["$defs"]
    assert "calendar" in schema["properties"]
    cal = defs["CalendarDoc"]["properties"]
    assert {"as_of", "past", "future", "expected", "simulate_from"} <= set(cal)
    assert cal["as_of"]["format"] == "date"
    assert set(defs["PastRoundDoc"]["properties"]) >= {
        "id", "start", "end", "venue", "format", "host", "mediator", "delegations",
        "sessions", "agreed", "evidence", "other_dates",
    }  # fmt: skip
    assert set(defs["FutureRoundDoc"]["properties"]) >= {
        "date", "window", "p_occurs", "days", "exchanges_per_session",
    }  # fmt: skip
    deadline = defs["DeadlineDoc"]["properties"]
    assert {"as_stated", "interpreted", "evidence"} <= set(deadline)
