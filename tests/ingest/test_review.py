"""The review file round trip and applying only what the analyst accepted."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.cli.main import main
from accord.ingest import propose, read_report
from accord.ingest.review import ReviewError, apply_review, dump_review, review_document
from accord.io import load_scenario
from accord.io.native import scenario_from_document
from accord.io.yaml_source import Document, load_document
from clirun import run_cli

ROOT = Path(__file__).resolve().parents[2]
SCEN = ROOT / "src/accord/scenarios/geneva-2026.yaml"
REPORT = ROOT / "src/accord/scenarios/geneva-2026.source.txt"


@pytest.fixture()
def review() -> dict[str, Any]:
    result = propose(read_report(REPORT), load_scenario(SCEN))
    doc = review_document(result, {"path": str(SCEN)})
    # the file is YAML and reads back the same
    back = yaml.safe_load(dump_review(doc))
    assert back == doc
    return back


@pytest.fixture()
def scenario_doc() -> dict[str, Any]:
    return copy.deepcopy(load_document(SCEN).data)


def pick(review: dict[str, Any], **want: Any) -> dict[str, Any]:
    return next(p for p in review["proposals"] if all(p.get(k) == v for k, v in want.items()))


def build(doc: dict[str, Any]) -> Any:
    return scenario_from_document(Document(doc, "new.yaml"), base_dir=SCEN.parent)


def test_nothing_accepted_changes_nothing(
    review: dict[str, Any], scenario_doc: dict[str, Any]
) -> None:
    before = copy.deepcopy(scenario_doc)
    applied = apply_review(scenario_doc, review)
    assert applied.document == before and applied.changes == []
    assert scenario_doc == before  # the input is never modified
    for p in review["proposals"]:
        p["status"] = "rejected"
    assert apply_review(scenario_doc, review).document == before


@pytest.mark.slow
def test_only_accepted_proposals_are_applied_with_their_evidence(
    review: dict[str, Any], scenario_doc: dict[str, Any]
) -> None:
    demand = pick(review, kind="claim", party="russia", issue="donbas", type="demand")
    demand["status"] = "accepted"
    demand["option"] = "russian_control"
    shared = pick(review, kind="claim", party="ukraine", issue="znpp", type="proposal")
    shared["status"] = "accepted"
    shared["option"] = "shared_us_ukraine"
    red = pick(review, kind="claim", party="ukraine", issue="donbas", type="red_line")
    red.update(status="accepted", op="!=", option="russian_control")
    head = pick(review, kind="delegation", party="ukraine")
    head["status"] = "accepted"
    pick(review, kind="venue")["status"] = "rejected"  # rejected: not applied
    applied = apply_review(scenario_doc, review, source_id="report")
    doc = applied.document
    assert doc["metadata"]["venue"] == "Geneva, Switzerland"
    # the demand and the head restate what the scenario holds with the same quotes
    assert sorted({c.proposal for c in applied.changes}) == sorted([shared["id"], red["id"]])
    assert {p for p, _ in applied.skipped} >= {demand["id"]}
    sc = build(doc)  # the new version loads, and every quote is checked against the report
    ru = sc.party("russia")
    assert [p.option for p in ru.positions] == ["russian_control", "russian_control"]
    ua = sc.party("ukraine")
    new = ua.positions[-1]
    assert new.issue == "znpp" and new.option == "shared_us_ukraine"
    assert new.evidence.quote == " ".join(shared["quote"].split())
    assert str(new.evidence.kind) == "inferred"
    assert new.evidence.reasoning and new.evidence.source == "report"
    assert new.statement.endswith("for the Zaporizhzhia nuclear power plant.")
    # the red line restates no-withdrawal (donbas != russian_control): its evidence grows
    assert [r.id for r in ua.red_lines] == ["no-withdrawal", "no-ceding-znpp"]
    line = ua.red_lines[0]
    assert line.corroboration[-1].quote == red["quote"]
    assert str(line.corroboration[-1].kind) == "stated"
    assert ua.representatives[0].name == "Rustem Umerov"
    assert ua.representatives[0].title == "Head of delegation"
    # untouched parts are identical
    for key in ("issues", "uncertainty", "deadline"):
        assert doc[key] == load_document(SCEN).data[key]


def test_new_source_when_the_report_is_not_yet_cited(
    review: dict[str, Any], scenario_doc: dict[str, Any], tmp_path: Path
) -> None:
    shutil.copy(REPORT, tmp_path / "report.txt")
    pick(review, kind="deadline")["status"] = "accepted"
    applied = apply_review(scenario_doc, review, source_file="report.txt")
    src = applied.document["sources"][-1]
    assert src["id"] == "report-2026-02-18" and src["file"] == "report.txt"
    # the same deadline: the new source's quote is added to its evidence
    assert applied.document["deadline"]["evidence"][-1]["source"] == "report-2026-02-18"
    shutil.copy(REPORT.parent / "geneva-2026.source.txt", tmp_path)
    sc = scenario_from_document(Document(applied.document, "x.yaml"), base_dir=tmp_path)
    assert sc.deadline is not None and sc.deadline.date == "2026-06-30"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("select", "edit", "message"),
    [
        ({"kind": "claim", "type": "red_line"}, {}, "set 'op'"),
        (
            {"kind": "claim", "party": "united_states", "type": "demand"},
            {},
            "its issue: none is set",
        ),
        (
            {"kind": "claim", "type": "demand", "party": "russia"},
            {"issue": "crimea"},
            "'crimea' is not one",
        ),
        (
            {"kind": "claim", "type": "demand", "party": "russia"},
            {"option": "half"},
            "not an option of issue 'donbas'",
        ),
        ({"kind": "delegation", "party": "russia"}, {"party": "turkey"}, "'turkey' is not one"),
        (
            {"kind": "claim", "type": "demand", "party": "russia"},
            {"evidence": "rumour"},
            "not one of stated, reported, inferred",
        ),
    ],
)
def test_accepted_but_incomplete_proposals_are_named(
    review: dict[str, Any], scenario_doc: dict[str, Any], select: dict[str, Any],
    edit: dict[str, Any], message: str,
) -> None:  # fmt: skip
    p = pick(review, **select)
    p.update(status="accepted", **edit)
    with pytest.raises(ReviewError) as info:
        apply_review(scenario_doc, review)
    assert p["id"] in str(info.value) and message in str(info.value)


def test_candidate_becomes_a_new_issue_when_the_analyst_defines_it(
    scenario_doc: dict[str, Any],
) -> None:
    review = {
        "accord_review": 1,
        "report": {"date": "2026-02-18", "title": "t"},
        "proposals": [
            {"id": "p1", "status": "accepted", "kind": "candidate", "topic": "sanctions relief",
             "quote": "Moscow is demanding full control of the area", "evidence": "inferred",
             "new_issue": {"id": "sanctions", "name": "Sanctions relief",
                           "options": ["none", "partial", "full"]}},
        ],
    }  # fmt: skip
    applied = apply_review(scenario_doc, review, source_id="report")
    sc = build(applied.document)
    assert sc.issue("sanctions").aliases == ("sanctions relief",)
    review["proposals"][0]["new_issue"] = None
    with pytest.raises(ReviewError, match="new_issue"):
        apply_review(scenario_doc, review)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"proposals": []}, "not an accord review file"),
        ({"accord_review": 1, "proposals": {}}, "'proposals' must be a list"),
        ({"accord_review": 1, "proposals": [{"id": "p1", "status": "ok"}]}, "status 'ok'"),
        (
            {
                "accord_review": 1,
                "proposals": [{"id": "p1", "status": "pending"}, {"id": "p1", "status": "pending"}],
            },
            "listed twice",
        ),
    ],
)
def test_malformed_review(doc: dict[str, Any], message: str, scenario_doc: dict[str, Any]) -> None:
    with pytest.raises(ReviewError, match=message):
        apply_review(scenario_doc, doc)


@pytest.mark.slow
def test_cli_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "talks"
    work.mkdir()
    shutil.copy(SCEN, work / "talks.yaml")
    shutil.copy(REPORT, work / "geneva-2026.source.txt")
    review_file = tmp_path / "review.yaml"
    with pytest.raises(SystemExit) as info:
        main(["ingest", str(work / "geneva-2026.source.txt"), str(work / "talks.yaml"),
              "-o", str(review_file)])  # fmt: skip
    assert info.value.code == 0
    review = yaml.safe_load(review_file.read_text())
    for p in review["proposals"]:
        if p["kind"] in {"venue", "dates", "next_round"}:
            p["status"] = "accepted"
        if p["kind"] == "claim" and p["type"] == "rejection" and p["party"] == "russia":
            p["status"] = "accepted"
    review_file.write_text(yaml.safe_dump(review, sort_keys=False, allow_unicode=True))
    capsys.readouterr()
    out_file = work / "talks-v2.yaml"
    with pytest.raises(SystemExit) as info:
        main(["ingest", "--apply", str(review_file), "-o", str(out_file)])
    out, err = capsys.readouterr()
    assert info.value.code == 0, err
    # the venue, dates and next round are known: only the rejection (no option set) is new,
    # and the announced round gains the fuller quote as evidence
    assert "2 changes applied" in out and "not applied" in out
    sc = load_scenario(out_file)
    assert sc.metadata.venue == "Geneva, Switzerland"  # never the vaguer "Geneva"
    # the report was already the scenario's source: no new one
    assert len(sc.sources) == len(load_scenario(SCEN).sources)
    rejection = sc.party("russia").positions[-1]
    assert rejection.stance == "rejects" and rejection.option is None
    assert rejection.evidence.quote == "which Moscow is unlikely to accept."
    assert rejection.statement.startswith("Russia rejects a proposal on the Zaporizhzhia")
    # applying without -o is refused, nothing written
    with pytest.raises(SystemExit) as info:
        main(["ingest", "--apply", str(review_file)])
    assert info.value.code == 2 and "-o" in capsys.readouterr().err


@pytest.mark.slow
def test_record_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    pytest.importorskip("sqlalchemy", reason="the talks record needs the [db] extra")
    db = str(tmp_path / "accord.db")
    monkeypatch.setenv("ACCORD_AUTHOR", "analyst")

    def cli(*argv: str) -> tuple[int, str, str]:
        return run_cli(argv, capsys)

    assert cli("talks", "init", "--example", "--db", db)[0] == 0
    report = ROOT / "tests/data/ingest/abu-dhabi-2026-02.txt"
    review_file = tmp_path / "review.yaml"
    code, _, err = cli("ingest", str(report), "--record", "latest", "--db", db,
                       "-o", str(review_file))  # fmt: skip
    assert code == 0, err
    review = yaml.safe_load(review_file.read_text())
    assert review["scenario"]["scenario"] == "geneva-2026" and review["scenario"]["version"] == 1
    head = pick(review, kind="delegation", party="russia")
    head["status"] = "accepted"
    znpp = pick(review, kind="claim", party="ukraine", issue="znpp")
    znpp.update(status="accepted", option="returned_to_ukraine")
    review_file.write_text(yaml.safe_dump(review, sort_keys=False, allow_unicode=True))
    code, out, err = cli("ingest", "--apply", str(review_file), "--db", db)
    assert code == 0, err
    assert "committed as version 2" in out
    from accord.record import open_record

    with open_record(db) as rec:
        info, doc = rec.document("latest")
        assert info.seq == 2 and info.author == "analyst"
        russia = next(p for p in doc["parties"] if p["id"] == "russia")
        # the head of an earlier round is not the party's current head
        assert russia["representatives"][0]["name"] == "Vladimir Medinsky"
        assert russia["representatives"][-1] == {
            "name": head["head"],
            "title": "Former head of delegation",
        }
        rnd = next(r for r in doc["calendar"]["past"] if r["id"] == "abu-dhabi-2")
        assert rnd["delegations"][0]["head"]["name"] == head["head"]
        assert any(s["id"] == "report-2026-02-06" for s in doc["sources"])
        ukraine = next(p for p in doc["parties"] if p["id"] == "ukraine")
        # Ukraine's position on the plant restated by a new report: its evidence grows
        pos = next(x for x in ukraine["positions"] if x["issue"] == "znpp")
        assert pos["evidence"][-1]["quote"] == " ".join(znpp["quote"].split())
        assert len(ukraine["positions"]) == 2
        titles = [s.title for s in rec.sources()]
        assert any("Abu Dhabi" in t for t in titles), titles
    # the same review again: its parent is no longer the latest version, nothing is written
    code, _, err = cli("ingest", "--apply", str(review_file), "--db", db)
    assert code == 2 and "commit refused" in err
    # a record review applies to the record, not to a file
    code, _, err = cli("ingest", "--apply", str(review_file), "--db", db, "-o", "x.yaml")
    assert code == 2 and "no -o" in err


@pytest.mark.slow
def test_apply_json_lists_applied_and_not_applied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    work = tmp_path / "talks"
    work.mkdir()
    shutil.copy(SCEN, work / "talks.yaml")
    shutil.copy(REPORT, work / "geneva-2026.source.txt")
    result = propose(read_report(work / "geneva-2026.source.txt"), load_scenario(SCEN))
    review = review_document(result, {"path": str(work / "talks.yaml")})
    for p in review["proposals"]:
        if p["kind"] in {"format", "deadline", "next_round"}:
            p["status"] = "accepted"
    (tmp_path / "r.yaml").write_text(dump_review(review), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["ingest", "--apply", str(tmp_path / "r.yaml"), "-o", str(work / "v2.yaml"),
              "--json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert info.value.code == 0, err
    d = json.loads(out)
    # the format and the deadline are those of the scenario already (the deadline's quote
    # is part of the one cited): nothing changes; the announced round gains evidence
    assert [c["kind"] for c in d["applied"]] == ["evidence"]
    assert d["applied"][0]["path"] == "calendar.future[next-round].evidence"
    assert d["applied"][0]["evidence"]["quote"].startswith("On the Russian side")
    assert d["not_applied"] == []
