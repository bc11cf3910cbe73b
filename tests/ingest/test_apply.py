"""Applying reviewed reports: nothing already there is made worse, and the talks advance
round by round (a report of a later round goes to calendar.past, as_of moves, the announced
round it fulfils is consumed).

The reports under tests/data/ingest/apply and tests/data/ingest/replay are written for these
tests in our own words (tests/data/ingest/README.md).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.analysis import analyze
from accord.cli.main import main
from accord.ingest import propose, read_report
from accord.ingest.review import ReviewError, apply_review, review_document
from accord.io import load_scenario
from accord.io.native import scenario_from_document
from accord.io.yaml_source import Document, load_document
from clirun import run_cli

ROOT = Path(__file__).resolve().parents[2]
SCEN = ROOT / "src/accord/scenarios/geneva-2026.yaml"
REPORT = ROOT / "src/accord/scenarios/geneva-2026.source.txt"
DATA = ROOT / "tests/data/ingest"
REPLAY = DATA / "replay"


def bundled() -> dict[str, Any]:
    return copy.deepcopy(load_document(SCEN).data)


def build(doc: dict[str, Any], folder: Path = SCEN.parent) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # evidence dated after a cut as_of, say
        return scenario_from_document(Document(doc, "new.yaml"), base_dir=folder)


def review_of(report: str, date: str, *proposals: dict[str, Any]) -> dict[str, Any]:
    return {
        "accord_review": 1,
        "report": {"title": report, "date": date},
        "proposals": [{"status": "accepted", **p} for p in proposals],
    }


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """A folder with the bundled scenario, its source and the reports of tests/data."""
    shutil.copy(SCEN, tmp_path / "talks.yaml")
    shutil.copy(REPORT, tmp_path)
    for f in (DATA / "apply").glob("*.txt"):
        shutil.copy(f, tmp_path)
    return tmp_path


# -- failure 6: what an apply did to the Geneva scenario --------------------------------------
SHARED = "an arrangement the Kremlin is unlikely to accept"
RED = "handing over the rest of Donbas is a red line for Kyiv"


@pytest.mark.slow
def test_a_rejection_is_never_a_position_at_the_option_it_rejects(work: Path) -> None:
    review = review_of(
        "t",
        "2026-02-18",
        {"id": "r1", "kind": "claim", "type": "rejection", "party": "russia", "issue": "znpp",
         "option": "shared_us_ukraine", "quote": SHARED, "evidence": "reported"},
        {"id": "r2", "kind": "claim", "type": "rejection", "party": "ukraine", "issue": "znpp",
         "option": "shared_us_ukraine", "quote": SHARED, "evidence": "reported"},
    )  # fmt: skip
    applied = apply_review(bundled(), review, source_file="shared-control.txt")
    sc = build(applied.document, work)
    russia = sc.party("russia")
    # Russia's rejection of shared control restates its red line: evidence, no position
    assert [p.option for p in russia.positions] == ["russian_control", "russian_control"]
    line = next(r for r in russia.red_lines if r.id == "no-shared-znpp")
    had = next(r for r in load_scenario(SCEN).party("russia").red_lines if r.id == line.id)
    assert line.corroboration[:-1] == had.corroboration
    assert line.corroboration[-1].quote == SHARED
    # Ukraine has no such red line: a position that rejects the option, said as a sentence
    rejects = sc.party("ukraine").positions[-1]
    assert rejects.stance == "rejects" and rejects.option == "shared_us_ukraine"
    assert rejects.statement == (
        "Ukraine rejects “Shared control with the US” for the Zaporizhzhia nuclear power plant."
    )
    # the file says so, and reads back the same
    pos = next(p for p in applied.document["parties"] if p["id"] == "ukraine")["positions"][-1]
    assert pos["stance"] == "rejects"


@pytest.mark.slow
def test_a_restated_red_line_adds_evidence_and_no_conflict_twice(work: Path) -> None:
    before = analyze(load_scenario(SCEN)).deadlock.conflicts
    review = review_of(
        "t",
        "2026-02-18",
        {"id": "r1", "kind": "claim", "type": "red_line", "party": "ukraine", "issue": "donbas",
         "op": "!=", "option": "russian_control", "quote": RED, "evidence": "stated"},
        {"id": "r2", "kind": "claim", "type": "red_line", "party": "ukraine", "issue": "donbas",
         "op": "!=", "option": "russian_control", "quote": RED, "evidence": "stated"},
    )  # fmt: skip
    applied = apply_review(bundled(), review, source_file="shared-control.txt")
    sc = build(applied.document, work)
    ukraine = sc.party("ukraine")
    assert [r.id for r in ukraine.red_lines] == ["no-withdrawal", "no-ceding-znpp"]
    # the second acceptance of the same quote adds nothing more
    had = load_scenario(SCEN).party("ukraine").red_lines[0].corroboration
    assert ukraine.red_lines[0].corroboration[:-1] == had
    assert ukraine.red_lines[0].corroboration[-1].quote == RED
    assert [c.proposal for c in applied.changes if c.proposal != "-"] == ["r1"]
    assert dict(applied.skipped)["r2"].startswith("already recorded")
    after = analyze(sc).deadlock.conflicts
    assert after == before and len(set(after)) == len(after)


def test_a_red_line_without_condition_names_the_existing_ones() -> None:
    review = review_of(
        "t",
        "2026-02-18",
        {"id": "r1", "kind": "claim", "type": "red_line", "party": "ukraine", "issue": "donbas",
         "quote": RED},
    )  # fmt: skip
    with pytest.raises(ReviewError, match=r"no-withdrawal \(!= russian_control\)"):
        apply_review(bundled(), review)


def test_precise_venue_and_date_range_are_kept() -> None:
    review = review_of(
        "t",
        "2026-02-18",
        {"id": "v", "kind": "venue", "venue": "Geneva", "quote": "Talks in Geneva"},
        {"id": "d", "kind": "dates", "start": "2026-02-18", "end": "2026-02-18",
         "sessions": ["2026-02-18"], "quote": "ended on Wednesday"},
    )  # fmt: skip
    doc = apply_review(bundled(), review, source_file="shared-control.txt").document
    md = doc["metadata"]
    assert md["venue"] == "Geneva, Switzerland"
    assert (md["start_date"], md["end_date"]) == ("2026-02-17", "2026-02-18")
    geneva = next(r for r in doc["calendar"]["past"] if r["id"] == "geneva-2026")
    assert geneva["venue"] == "Geneva, Switzerland" and geneva["end"] == "2026-02-18"
    assert geneva["start"] == "2026-02-17"
    # a venue that contradicts the round's is said, not written
    review["proposals"] = [{"id": "v", "status": "accepted", "kind": "venue",
                            "venue": "Abu Dhabi", "quote": "Talks in Geneva"}]  # fmt: skip
    applied = apply_review(bundled(), review, source_file="shared-control.txt")
    assert applied.document["metadata"]["venue"] == "Geneva, Switzerland"
    assert "correct it by hand" in dict(applied.skipped)["v"]


def test_a_mediator_envoy_is_the_mediators_representative_not_a_partys_head() -> None:
    review = review_of(
        "t",
        "2026-02-18",
        {"id": "h", "kind": "delegation", "party": "russia", "head": "Steve Witkoff",
         "quote": "led by US envoy Steve Witkoff"},
        {"id": "d", "kind": "dates", "start": "2026-02-18", "end": "2026-02-18",
         "quote": "ended on Wednesday"},
    )  # fmt: skip
    doc = apply_review(bundled(), review, source_file="shared-control.txt").document
    parties = {p["id"]: p for p in doc["parties"]}
    assert parties["russia"]["representatives"][0]["name"] == "Vladimir Medinsky"
    assert all(r["name"] != "Steve Witkoff" for r in parties["russia"]["representatives"])
    us = parties["united_states"]["representatives"]
    assert {"name": "Steve Witkoff", "title": "Mediator's representative"} in us
    geneva = next(r for r in doc["calendar"]["past"] if r["id"] == "geneva-2026")
    heads = [d["head"]["name"] for d in geneva["delegations"]]
    assert heads == ["Vladimir Medinsky", "Rustem Umerov"]


@pytest.mark.slow
def test_review_statements_are_sentences() -> None:
    result = propose(read_report(REPORT), load_scenario(SCEN))
    review = review_document(result, {"path": str(SCEN)}, load_scenario(SCEN))
    claims = [p for p in review["proposals"] if p["kind"] == "claim"]
    assert claims
    for p in claims:
        st = p["statement"]
        assert st.endswith(".") and ": " not in st.split(" (as reported")[0], st
        assert st.split()[0] in {"Russia", "Ukraine", "United", "The"}, st


@pytest.mark.slow
def test_the_written_scenario_keeps_its_source_texts_beside_it(
    work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = review_of(
        "Talks resume with old disputes unresolved",
        "2026-02-18",
        {"id": "r1", "kind": "claim", "type": "red_line", "party": "ukraine", "issue": "donbas",
         "op": "!=", "option": "russian_control", "quote": RED, "evidence": "stated"},
    )  # fmt: skip
    review["report"]["path"] = str(work / "shared-control.txt")
    review["report"]["kind"] = "text"
    review["scenario"] = {"path": str(work / "talks.yaml")}
    (work / "r.yaml").write_text(yaml.safe_dump(review, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "elsewhere" / "v2.yaml"
    out.parent.mkdir()
    with pytest.raises(SystemExit) as info:
        main(["ingest", "--apply", str(work / "r.yaml"), "-o", str(out)])
    assert info.value.code == 0, capsys.readouterr().err
    beside = sorted(p.name for p in out.parent.iterdir())
    assert beside == ["geneva-2026.source.txt", "v2.report-2026-02-18.txt", "v2.yaml"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no quote left unchecked for want of its text
        sc = load_scenario(out)
    assert sc.party("ukraine").red_lines[0].corroboration[-1].quote == RED
    # the quotes are checked against the texts beside it: a changed quote fails to load
    text = out.read_text(encoding="utf-8").replace(RED, RED.replace("Kyiv", "Moscow"))
    out.write_text(text, encoding="utf-8")
    with pytest.raises(Exception, match="does not appear"):
        load_scenario(out)


@pytest.mark.slow
def test_applying_the_geneva_review_only_adds_evidence() -> None:
    """Every proposal of the Geneva report accepted as an analyst would (options set where a
    claim names one): what the scenario held is unchanged except for evidence added."""
    options = {  # (party, issue, type) -> (op, option); None: the claim names no option
        ("russia", "donbas", "demand"): (None, "russian_control"),
        ("ukraine", "donbas", "red_line"): ("!=", "russian_control"),
        ("ukraine", "donbas", "rejection"): (None, "russian_control"),
        ("ukraine", "znpp", "demand"): (None, "returned_to_ukraine"),
        ("ukraine", "znpp", "proposal"): (None, "shared_us_ukraine"),
        ("russia", "znpp", "rejection"): (None, "shared_us_ukraine"),
    }
    result = propose(read_report(REPORT), load_scenario(SCEN))
    review = review_document(result, {"path": str(SCEN)}, load_scenario(SCEN))
    accepted = 0
    for p in review["proposals"]:
        if p["kind"] == "claim":
            key = (p.get("party"), p.get("issue"), p.get("type"))
            if key not in options:
                p["status"] = "rejected"
                continue
            op, p["option"] = options[key]
            if op:
                p["op"] = op
        elif p["kind"] == "candidate":
            p["status"] = "rejected"
            continue
        p["status"] = "accepted"
        accepted += 1
    assert accepted >= 10
    before = bundled()
    applied = apply_review(before, review, source_id="report")
    build(applied.document)  # loads, every quote checked
    only_evidence_added(before, applied.document, "")
    assert applied.document["metadata"] == before["metadata"]
    assert applied.document["calendar"]["as_of"] == before["calendar"]["as_of"]
    assert (
        analyze(build(applied.document)).deadlock.conflicts
        == analyze(load_scenario(SCEN)).deadlock.conflicts
    )


def only_evidence_added(old: Any, new: Any, path: str) -> None:
    """``new`` holds everything ``old`` holds; where they differ, evidence was added (a list
    whose first items are the old evidence) or items were appended to a list."""
    if isinstance(old, dict):
        assert isinstance(new, dict), path
        for k, v in old.items():
            assert k in new, f"{path}.{k} removed"
            if k == "evidence" and new[k] != v:
                was = v if isinstance(v, list) else [v]
                assert isinstance(new[k], list) and new[k][: len(was)] == was, f"{path}.{k}"
                continue
            only_evidence_added(v, new[k], f"{path}.{k}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) >= len(old), path
        for k, v in enumerate(old):
            only_evidence_added(v, new[k], f"{path}[{k}]")
    else:
        assert old == new, f"{path}: {old!r} -> {new!r}"


# -- failure 7 and advancing the talks --------------------------------------------------------
US_UA = "us-ukraine-2026-02-26.txt"


def us_ukraine_review() -> dict[str, Any]:
    return review_of(
        "Ukrainian and US negotiators hold talks in Geneva",
        "2026-02-26",
        {"id": "d", "kind": "dates", "start": "2026-02-26", "end": "2026-02-26",
         "sessions": ["2026-02-26"], "quote": "in Geneva on Thursday", "evidence": "inferred",
         "reasoning": "Thursday resolved against the report's date"},
        {"id": "v", "kind": "venue", "venue": "Geneva", "quote": "in Geneva on Thursday"},
        {"id": "f", "kind": "format", "format": "bilateral", "quote": "a bilateral meeting"},
        {"id": "u", "kind": "delegation", "party": "ukraine", "head": "Rustem Umerov",
         "quote": "Ukraine's top negotiator Rustem Umerov"},
        {"id": "w", "kind": "delegation", "party": "united_states", "head": "Steve Witkoff",
         "quote": "US special envoy Steve Witkoff"},
    )  # fmt: skip


@pytest.mark.slow
def test_a_round_after_as_of_goes_to_the_past_and_moves_as_of(work: Path) -> None:
    before = bundled()
    applied = apply_review(before, us_ukraine_review(), source_file=US_UA)
    doc = applied.document
    sc = build(doc, work)
    cal = sc.calendar
    assert cal is not None and cal.as_of == dt.date(2026, 2, 26)
    rnd = cal.past[-1]
    assert (rnd.start, rnd.end, rnd.venue) == (dt.date(2026, 2, 26),) * 2 + ("Geneva",)
    assert rnd.mediator == "united_states"
    # a meeting of the mediator with one side: the calendar's own format where it has one
    import accord.model.calendar as calendar_model

    own = hasattr(calendar_model, "MEDIATOR_FORMAT_PREFIX")
    assert rnd.format == ("mediator-ukraine" if own else "bilateral")
    assert [(d.party, d.head.name if d.head else None) for d in rnd.delegations] == [
        ("ukraine", "Rustem Umerov")
    ]
    # the scenario's own round is untouched; Witkoff heads nobody's delegation
    assert doc["metadata"] == before["metadata"]
    us = next(p for p in doc["parties"] if p["id"] == "united_states")["representatives"]
    assert {"name": "Steve Witkoff", "title": "Mediator's representative"} in us
    # the announced trilateral round is not this meeting: kept, its window after as_of
    assert [f.id for f in cal.future] == ["next-round"]
    assert cal.future[0].earliest == dt.date(2026, 2, 27)
    assert applied.new_round is not None and applied.new_round["id"] == rnd.id


@pytest.mark.slow
def test_the_26_february_meeting_applies_from_the_cli(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = us_ukraine_review()
    review["report"].update(path=str(work / US_UA), kind="text")
    review["scenario"] = {"path": str(work / "talks.yaml")}
    (work / "r.yaml").write_text(yaml.safe_dump(review, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["ingest", "--apply", str(work / "r.yaml"), "-o", str(work / "v2.yaml")])
    out, err = capsys.readouterr()
    assert info.value.code == 0, err
    assert "as_of 2026-02-18 -> 2026-02-26" in out
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main(["show", str(work / "v2.yaml")])
    shown = capsys.readouterr().out
    assert info.value.code == 0 and "2026-02-26" in shown


def test_a_past_round_after_as_of_error_says_to_move_as_of() -> None:
    doc = bundled()
    doc["calendar"]["past"].append(
        {"id": "late", "start": "2026-02-26", "evidence": {"assumption": True, "note": "x"}}
    )
    with pytest.raises(Exception, match=r"move calendar\.as_of to 2026-02-26 or later"):
        build(doc)


@pytest.mark.slow
def test_a_postponement_moves_the_announced_round_and_says_why(work: Path) -> None:
    # an invented postponement (a hypothetical input, not a reported fact)
    review = review_of(
        "t",
        "2026-02-18",
        {"id": "p", "kind": "postponement", "window": ["2026-03-10", "2026-04-30"],
         "reason": "the delegations asked for more time", "quote": "ended on Wednesday"},
    )  # fmt: skip
    doc = apply_review(bundled(), review, source_file="shared-control.txt").document
    (f,) = doc["calendar"]["future"]
    assert f["window"] == {"earliest": "2026-03-10", "latest": "2026-04-30"}
    assert "Postponed from 2026-02-25..2026-04-08 to 2026-03-10..2026-04-30" in f["note"]
    assert "the delegations asked for more time" in f["note"]
    assert f["evidence"][-1]["quote"] == "ended on Wednesday"
    build(doc, work)  # loads, the quotes checked
    review["proposals"][0].update(cancelled=True, window=None)
    doc = apply_review(bundled(), review, source_file="shared-control.txt").document
    assert doc["calendar"]["future"] == []
    assert "next-round was called off (2026-02-18)" in doc["calendar"]["note"]
    assert "“ended on Wednesday”" in doc["calendar"]["note"]
    build(doc, work)


@pytest.mark.slow
def test_the_announced_round_a_report_fulfils_is_consumed() -> None:
    doc = bundled()
    review = review_of(
        "t",
        "2026-02-26",
        {"id": "d", "kind": "dates", "start": "2026-02-26", "end": "2026-02-26",
         "quote": "in Geneva on Thursday"},
        {"id": "f", "kind": "format", "format": "trilateral", "quote": "a bilateral meeting"},
    )  # fmt: skip
    applied = apply_review(doc, review, source_file=US_UA)
    assert applied.document["calendar"]["future"] == []
    assert any("took place as round-2026-02-26" in c.summary for c in applied.changes)


# -- the replay: from the eve of the first Istanbul round, one report per round ---------------
def cut_before(doc: dict[str, Any], round_id: str) -> dict[str, Any]:
    """The scenario as of the eve of round ``round_id``: earlier rounds only, nothing
    announced, simulating from the last round kept."""
    doc = copy.deepcopy(doc)
    cal = doc["calendar"]
    k = next(i for i, r in enumerate(cal["past"]) if r["id"] == round_id)
    start = dt.date.fromisoformat(cal["past"][k]["start"])
    cal["past"] = cal["past"][:k]
    cal["future"] = []
    cal.pop("simulate_from", None)
    cal["as_of"] = (start - dt.timedelta(days=1)).isoformat()
    kept = {r["id"] for r in cal["past"]}
    for track in doc.get("tracks") or []:  # working groups of rounds not yet held
        if "working_groups" in track:
            track["working_groups"] = [g for g in track["working_groups"] if g in kept]
            if not track["working_groups"]:
                track.pop("working_groups")
    return doc


def facts(r: dict[str, Any]) -> dict[str, Any]:
    """What a round is, as reports tell it (not the analyst's assumptions: round budgets,
    notes, hosts). An agreement announced after the round ended (the January 2026 energy
    pause, public five days after Abu Dhabi 1) comes from a later report (04b)."""
    return {
        "id": r["id"],
        "dates": (r["start"], r.get("end", r["start"])),
        "venue": r.get("venue"),
        "format": r.get("format"),
        "mediator": r.get("mediator"),
        "delegations": sorted(
            (
                d["party"],
                (d.get("head") or {}).get("name"),
                tuple(sorted(m["name"] for m in d.get("members") or [])),
            )
            for d in r.get("delegations") or []
        ),
        "sessions": [(s["date"], s.get("duration_hours")) for s in r.get("sessions") or []],
        "agreed": sorted(
            (
                str(a.get("issue")),
                str(a.get("option")),
                str(a.get("stage")),
                tuple(a.get("topics") or []),
                str(a.get("date")),
                str(a.get("until")),
            )
            for a in r.get("agreed") or []
        ),
    }


@pytest.mark.slow
def test_replaying_the_talks_round_by_round_rebuilds_the_calendar(tmp_path: Path) -> None:
    reviews = sorted(REPLAY.glob("*.review.yaml"))
    first = yaml.safe_load(reviews[0].read_text(encoding="utf-8"))
    first_round = next(p["round_id"] for p in first["proposals"] if p["kind"] == "dates")
    target = bundled()
    doc = cut_before(target, first_round)
    shutil.copy(REPORT, tmp_path)
    replayed: list[str] = []
    for path in reviews:
        review = yaml.safe_load(path.read_text(encoding="utf-8"))
        report_file = review["report"].pop("file", None)
        if report_file is None:
            report_file = path.name.replace(".review.yaml", ".txt")
            shutil.copy(REPLAY / report_file, tmp_path)
            applied = apply_review(doc, review, source_file=report_file)
        else:  # the scenario's own report, already its source
            applied = apply_review(doc, review, source_id="report")
        build(applied.document, tmp_path)  # loads: references, dates and quotes checked
        assert not [c for c in applied.skipped if "correct it by hand" in c[1]], path.name
        doc = applied.document
        if applied.new_round is not None:
            replayed.append(applied.new_round["id"])
        assert doc["calendar"]["as_of"] >= review["report"]["date"]
    want = [facts(r) for r in target["calendar"]["past"] if r["id"] in replayed]
    got = [facts(r) for r in doc["calendar"]["past"] if r["id"] in replayed]
    # the rounds with a replay report (tests/data/ingest/replay/README.md says how to add
    # one for a round the bundled calendar gains), each as the bundled calendar has it
    assert len(replayed) >= 22 and got == want
    assert replayed == [r["id"] for r in target["calendar"]["past"] if r["id"] in replayed]
    # and every round the bundled calendar holds from the first replayed one on
    later = [r["id"] for r in target["calendar"]["past"] if r["start"] >= want[0]["dates"][0]]
    missing = [r for r in later if r not in replayed]
    assert missing == [], f"add a report and its review to {REPLAY} for: {missing}"
    assert len(doc["calendar"]["past"]) == len(target["calendar"]["past"])
    assert doc["calendar"]["as_of"] == target["calendar"]["as_of"]
    # the Geneva round fulfilled the round announced for it, and the metadata is Geneva's
    assert doc["calendar"]["future"] == []
    assert doc["metadata"] == target["metadata"]


@pytest.mark.slow
def test_advancing_through_the_talks_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlalchemy", reason="the talks record needs the [db] extra")
    db = str(tmp_path / "accord.db")
    monkeypatch.setenv("ACCORD_AUTHOR", "analyst")

    def cli(*argv: str) -> tuple[int, str, str]:
        return run_cli(argv, capsys)

    assert cli("talks", "init", "--example", "--db", db)[0] == 0
    review_file = tmp_path / "review.yaml"
    code, _, err = cli("ingest", str(DATA / "apply" / US_UA), "--record", "latest", "--db", db,
                       "-o", str(review_file))  # fmt: skip
    assert code == 0, err
    review = yaml.safe_load(review_file.read_text(encoding="utf-8"))
    for p in review["proposals"]:  # the analyst accepts the round's facts
        if p["kind"] in {"dates", "venue", "format"} or (
            p["kind"] == "delegation" and p.get("party") in {"ukraine", "united_states"}
        ):
            p["status"] = "accepted"
    assert sum(p["status"] == "accepted" for p in review["proposals"]) >= 3
    review_file.write_text(yaml.safe_dump(review, allow_unicode=True), encoding="utf-8")
    code, out, err = cli("ingest", "--apply", str(review_file), "--db", db)
    assert code == 0, err
    assert "committed as version 2" in out
    from accord.record import open_record

    with open_record(db) as rec:
        info, doc = rec.document("latest")
        assert info.seq == 2 and str(info.date) == "2026-02-26"
        assert doc["calendar"]["as_of"] == "2026-02-26"
        rnd = doc["calendar"]["past"][-1]
        assert rnd["start"] == "2026-02-26" and rnd["evidence"][0]["source"] == "report-2026-02-26"
        assert any(s["id"] == "report-2026-02-26" for s in doc["sources"])
    code, out, _ = cli("talks", "timeline", "--db", db)
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("2026-02-26") and "round" in x)
    assert rnd["id"] in line and "Geneva" in line


@pytest.mark.slow
def test_a_postponement_finds_its_round_by_the_day_given_up(work: Path) -> None:
    # an invented round and postponement (hypothetical inputs, not reported facts)
    doc = bundled()
    later = {"id": "spring", "status": "announced", "window": {"earliest": "2026-04-20",
             "latest": "2026-05-10"}, "exchanges_per_session": 4,
             "evidence": {"assumption": True, "note": "an analyst's expectation"}}  # fmt: skip
    doc["calendar"]["future"].append(later)
    review = review_of(
        "t",
        "2026-02-18",
        {"id": "p", "kind": "postponement", "from": "2026-05-01", "date": "2026-05-20",
         "quote": "ended on Wednesday"},
    )  # fmt: skip
    new = apply_review(doc, review, source_file="shared-control.txt").document
    build(new, work)
    first, second = new["calendar"]["future"]
    assert first == bundled()["calendar"]["future"][0]  # the other round is untouched
    assert second["date"] == "2026-05-20" and "window" not in second
    assert "no reason given" in second["note"]
    # a postponement that names no round, among several, says which to name
    review["proposals"][0].pop("from")
    with pytest.raises(ReviewError, match="next-round, spring"):
        apply_review(doc, review)


def test_without_a_calendar_another_round_leaves_the_metadata_alone() -> None:
    doc = bundled()
    doc.pop("calendar")
    doc["deadline"]["exchanges"] = 20
    review = review_of(
        "t",
        "2026-02-26",
        {"id": "d", "kind": "dates", "start": "2026-02-26", "end": "2026-02-26",
         "quote": "in Geneva on Thursday"},
        {"id": "v", "kind": "venue", "venue": "Abu Dhabi", "quote": "in Geneva on Thursday"},
    )  # fmt: skip
    applied = apply_review(doc, review, source_file=US_UA)
    assert applied.document["metadata"] == doc["metadata"]
    why = dict(applied.skipped)
    assert "another round" in why["d"] and "add one" in why["d"]
    assert "correct it by hand" in why["v"]


def test_a_postponement_of_a_round_the_scenario_never_recorded_announces_it(work: Path) -> None:
    # an invented postponement (a hypothetical input, not a reported fact)
    doc = bundled()
    doc["calendar"]["future"] = []
    review = review_of(
        "t",
        "2026-02-18",
        {"id": "p", "kind": "postponement", "from": "2026-02-24", "date": "2026-03-03",
         "reason": "because of scheduling", "quote": "ended on Wednesday"},
        {"id": "n", "kind": "next_round", "announced": True, "date": "2026-03-03",
         "quote": "Talks in Geneva"},
    )  # fmt: skip
    applied = apply_review(doc, review, source_file="shared-control.txt")
    build(applied.document, work)
    (f,) = applied.document["calendar"]["future"]
    assert f["date"] == "2026-03-03" and f["exchanges_per_session"] == {"low": 4, "high": 16}
    assert f["note"] == "Put off from 2026-02-24 (2026-02-18): because of scheduling."
    # the announcement of the same day adds its evidence to that round
    assert [e["quote"] for e in f["evidence"]] == ["ended on Wednesday", "Talks in Geneva"]


def test_a_round_to_come_dated_on_or_before_as_of_is_named() -> None:
    review = review_of(
        "t",
        "2026-02-18",
        {"id": "p", "kind": "postponement", "date": "2026-02-18", "quote": "ended on Wednesday"},
    )  # fmt: skip
    with pytest.raises(ReviewError, match=r"proposal p \(postponement\).*not after"):
        apply_review(bundled(), review)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"start": "tomorrow"}, "start 'tomorrow' is not a day"),
        ({"end": "2026-02-30"}, "end '2026-02-30' is not a day"),
        ({"sessions": "2026-02-26"}, "'sessions' must be a list"),
        ({"sessions": [20260226]}, "sessions[0] 20260226 is not a day"),
        ({"round_id": ["x"]}, "'round_id' must be text"),
        ({"members": "Umerov"}, "'members' must be a list of names"),
    ],
)
def test_edited_days_that_are_not_days_are_named(edit: dict[str, Any], message: str) -> None:
    review = us_ukraine_review()
    review["proposals"][0].update(edit)
    with pytest.raises(ReviewError, match=re.escape(f"proposal d: {message}")):
        apply_review(bundled(), review)


def _announce(date: str, **extra: Any) -> dict[str, Any]:
    # a report of 24 February announcing a meeting on the 26th (our own words)
    return review_of(
        "t",
        "2026-02-24",
        {"id": "n", "kind": "next_round", "announced": True, "date": date,
         "venue": "Geneva", "quote": "the two teams meet again on Thursday", **extra},
    )  # fmt: skip


def test_an_announced_meeting_of_another_format_never_dates_the_announced_round(
    work: Path,
) -> None:
    before = bundled()["calendar"]["future"]
    (trilateral,) = before
    assert trilateral["format"] == "trilateral" and "window" in trilateral
    # no format named: the analyst is asked which round it is, nothing is written
    with pytest.raises(ReviewError, match=r"proposal n .*is trilateral.*set 'format'"):
        apply_review(bundled(), _announce("2026-02-26"))
    # the mediator's meeting with one side: a round of its own beside the trilateral one
    applied = apply_review(bundled(), _announce("2026-02-26", format="mediator-ukraine"))
    build(applied.document, work)
    future = applied.document["calendar"]["future"]
    assert future[0] == trilateral  # untouched: still in its window
    (new,) = future[1:]
    assert new["format"] == "mediator-ukraine" and new["date"] == "2026-02-26"
    assert new["mediator"] == "united_states" and new["venue"] == "Geneva"
    # the same format dates the announced round itself
    applied = apply_review(bundled(), _announce("2026-02-26", format="trilateral"))
    (f,) = applied.document["calendar"]["future"]
    assert f["id"] == trilateral["id"] and f["date"] == "2026-02-26" and "window" not in f
    # a format the calendar does not know is named
    with pytest.raises(ReviewError, match=r"format 'summit' is not a calendar format"):
        apply_review(bundled(), _announce("2026-02-26", format="summit"))


def test_an_announcement_gives_its_round_a_format_and_applies_beside_the_trilateral_round(
    work: Path,
) -> None:
    # a report of 24 February in our own words: the mediator meets one side on the 26th
    text = (
        "US and Ukrainian teams to meet\n\nAmerican and Ukrainian officials will hold another "
        "round of talks in Geneva on February 26, the US envoy said on Tuesday."
    )
    path = work / "announce.txt"
    path.write_text(text, encoding="utf-8")
    result = propose(read_report(path), load_scenario(SCEN), dt.date(2026, 2, 24))
    (nxt,) = [p for p in result.proposals if p.kind == "next_round"]
    assert nxt.data["format"] == "mediator-ukraine" and nxt.data["date"] == "2026-02-26"
    review = review_document(result, {"path": str(SCEN)}, load_scenario(SCEN))
    for p in review["proposals"]:
        p["status"] = "accepted" if p["kind"] == "next_round" else "rejected"
    applied = apply_review(bundled(), review)
    build(applied.document, work)
    (trilateral, new) = applied.document["calendar"]["future"]
    assert trilateral == bundled()["calendar"]["future"][0]  # untouched, still in its window
    assert new["format"] == "mediator-ukraine" and new["date"] == "2026-02-26"
    # the new round's numbers are its own, not a YAML alias of the expected rounds'
    assert new["exchanges_per_session"] is not applied.document["calendar"]["expected"].get(
        "exchanges_per_session"
    )
    assert "&id" not in yaml.safe_dump(applied.document)
