"""Evidence kinds (stated / reported / inferred / assumption) and quotes checked against
their source files at load."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
import yaml

from accord.errors import AccordWarning, ScenarioError
from accord.io import load_scenario, scenario_from_document
from accord.io.loader import bundled_scenarios
from accord.io.quotes import QuoteNotFound, find_quote, nearest_passage, normalize, verify_quote
from accord.io.yaml_source import Document
from accord.model import EvidenceKind

GENEVA = bundled_scenarios()["geneva-2026"]
SOURCE = GENEVA.parent / "geneva-2026.source.txt"


def _red_line(sc, party: str, rid: str):  # type: ignore[no-untyped-def]
    return next(r for r in sc.party(party).red_lines if r.id == rid)


@pytest.mark.slow
def test_geneva_red_lines_resting_on_demands_and_judgements_are_inferred() -> None:
    sc = load_scenario()
    for party, rid in (
        ("russia", "full-donbas"),
        ("russia", "no-shared-znpp"),
        ("ukraine", "no-ceding-znpp"),
    ):
        e = _red_line(sc, party, rid).evidence
        assert e.kind is EvidenceKind.INFERRED, (party, rid)
        assert e.reasoning and len(e.reasoning) > 40
        assert not e.is_assumption
    assert "demand" in _red_line(sc, "russia", "full-donbas").evidence.reasoning  # type: ignore[operator]
    assert "reporter's judgement" in _red_line(sc, "russia", "no-shared-znpp").evidence.reasoning  # type: ignore[operator]
    # Zelensky's reported rejection is reported, not stated (no direct quote of his)
    assert _red_line(sc, "ukraine", "no-withdrawal").evidence.kind is EvidenceKind.REPORTED
    # the deadline quote no longer stands for a US position on the Donbas
    assert all(
        "come to the table" not in (p.evidence.quote or "")
        for p in sc.party("united_states").positions
    )
    assert sc.deadline is not None and sc.deadline.evidence is not None
    assert "come to the table" in (sc.deadline.evidence.quote or "")
    # every kind is one of the four
    for p in sc.parties:
        for e in [x.evidence for x in p.positions] + [r.evidence for r in p.red_lines]:
            assert e.kind in set(EvidenceKind)


def _geneva_doc() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(GENEVA.read_text(encoding="utf-8"))


def _write(tmp_path: Path, doc: dict, with_source: bool = True) -> Path:  # type: ignore[type-arg]
    out = tmp_path / "s.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if with_source:
        shutil.copy(SOURCE, tmp_path / SOURCE.name)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        (
            {"source": "report", "quote": "Moscow is demanding full control", "kind": "inferred"},
            "reasoning",
        ),
        (
            {
                "source": "report",
                "quote": "Moscow is demanding full control",
                "kind": "reported",
                "reasoning": "x",
            },
            "'reasoning' belongs",
        ),
        (
            {
                "source": "report",
                "quote": "Moscow is demanding full control",
                "kind": "stated",
                "assumption": True,
            },
            "contradicts",
        ),
        (
            {"source": "report", "quote": "Moscow is demanding full control", "kind": "hearsay"},
            "kind",
        ),
        (
            {"source": "report", "quote": "Moscow is demanding full control", "reliability": "G"},
            "reliability",
        ),
    ],
)
def test_evidence_kind_rules(tmp_path: Path, evidence: dict, message: str) -> None:  # type: ignore[type-arg]
    doc = _geneva_doc()
    doc["parties"][0]["red_lines"][0]["evidence"] = evidence
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, doc))
    assert message in str(info.value)
    assert "parties[0].red_lines[0].evidence" in str(info.value)


@pytest.mark.slow
def test_admiralty_grade_and_claim_date_are_kept(tmp_path: Path) -> None:
    doc = _geneva_doc()
    ev = doc["parties"][1]["red_lines"][0]["evidence"]
    ev = ev[0] if isinstance(ev, list) else ev  # the report's quote, then corroboration
    ev.update(reliability="B", credibility=2, date="2026-02-16", kind="stated")
    sc = load_scenario(_write(tmp_path, doc))
    e = _red_line(sc, "ukraine", "no-withdrawal").evidence
    assert (e.kind, e.grade, e.date) == (EvidenceKind.STATED, "B2", "2026-02-16")


def test_quote_matching_forgives_whitespace_and_typography_only() -> None:
    text = "He said it was \u201cnot  fair\u201d\n for Ukraine \u2014 twice.  Kyiv\u2019s line."
    m = find_quote('said it was "not fair" for Ukraine - twice.', text)
    assert m is not None and text[m.start : m.end] == m.passage
    assert m.passage.startswith("said it was \u201cnot") and m.passage.endswith("twice.")
    assert find_quote("Kyiv's line.", text) is not None
    assert find_quote("kyiv's line.", text) is None  # case counts
    assert find_quote("said it was not fair", text) is None  # quotation marks count
    assert normalize("a \u2026 b")[0] == "a ... b"


@pytest.mark.slow
def test_nearest_passage_points_at_the_altered_sentence() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    near = nearest_passage("Moscow is demanding partial control of the area", text)
    assert near.text.startswith("Moscow is demanding full control")
    assert 0.7 < near.similarity < 1.0
    with pytest.raises(QuoteNotFound) as info:
        verify_quote("Moscow is demanding partial control of the area", text, "the report")
    assert "Moscow is demanding full control" in str(info.value)


@pytest.mark.slow
def test_an_invented_quote_fails_loading_naming_it_and_the_nearest_passage(tmp_path: Path) -> None:
    doc = _geneva_doc()
    red = doc["parties"][0]["red_lines"][0]
    if isinstance(red["evidence"], list):  # the report's quote, then corroboration
        red["evidence"] = red["evidence"][0]
    red["evidence"]["quote"] = (
        "Moscow has vowed never to accept anything short of full control of the area."
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, doc))
    msg = str(info.value)
    assert "Moscow has vowed never to accept" in msg
    assert "nearest passage" in msg and "Moscow is demanding full control of the area" in msg
    assert "parties[0].red_lines[0].evidence.quote" in msg


@pytest.mark.slow
def test_typographic_variants_of_a_real_quote_load(tmp_path: Path) -> None:
    doc = _geneva_doc()
    doc["deadline"]["evidence"]["quote"] = (
        'He recently urged   Ukraine to "come to the table, fast",\nsetting a June deadline'
    )
    assert load_scenario(_write(tmp_path, doc)).deadline is not None


@pytest.mark.slow
def test_missing_source_file_warns_that_its_quotes_are_unchecked(tmp_path: Path) -> None:
    with pytest.warns(AccordWarning, match="geneva-2026.source.txt is not beside the scenario"):
        load_scenario(_write(tmp_path, _geneva_doc(), with_source=False))


@pytest.mark.slow
def test_a_document_without_a_folder_warns_that_quotes_are_unchecked() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scenario_from_document(Document(_geneva_doc(), "upload.yaml", None))
    assert any(
        issubclass(w.category, AccordWarning) and "not checked" in str(w.message) for w in caught
    )
