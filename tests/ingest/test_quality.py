"""Measured quality: the annotations are sound and the Geneva goal is met."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.ingest import propose, read_report
from accord.ingest.evaluate import Score, load_gold, score
from accord.io import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
GOLDS = sorted([*DATA.glob("*.gold.yaml"), *DATA.glob("dev/*.gold.yaml")])


def run(gold_path: Path) -> dict[str, Score]:
    gold = load_gold(gold_path)
    report = read_report(gold["_dir"] / gold["report"])
    on = date.fromisoformat(gold["date"]) if gold.get("date") else None
    return score(propose(report, load_scenario(gold["_dir"] / gold["scenario"]), on), gold)


@pytest.mark.slow
@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_every_annotated_quote_is_in_its_report(gold_path: Path) -> None:
    gold = load_gold(gold_path)
    text = read_report(gold["_dir"] / gold["report"]).text
    flat = " ".join(text.split())
    for item in gold["items"]:
        for q in (item.get("quote") and [item["quote"]]) or item.get("phrase") or []:
            assert " ".join(q.split()) in flat, (gold_path.name, q)
    # scoring runs and counts every annotated item once
    per = run(gold_path)
    assert sum(s.annotated for s in per.values()) == len(gold["items"])


@pytest.mark.slow
def test_geneva_goal_recall_and_precision() -> None:
    total = Score("all")
    for s in run(DATA / "geneva-2026.gold.yaml").values():
        total.add(s)
    assert total.annotated >= 15
    # the report the rules were written against stays at 1.00 / 1.00
    assert total.recall == 1.0, total.misses
    assert total.precision == 1.0, total.wrong


def test_a_wrong_proposal_lowers_precision() -> None:
    """The scorer is not blind: a proposal with the wrong party counts against precision."""
    gold = load_gold(DATA / "geneva-2026.gold.yaml")
    report = read_report(gold["_dir"] / gold["report"])
    result = propose(report, load_scenario(gold["_dir"] / gold["scenario"]))
    base = score(result, gold)["claim"]
    claim = next(p for p in result.proposals if p.kind == "claim")
    claim.data["party"] = "united_states" if claim.data["party"] != "united_states" else "russia"
    worse = score(result, gold)["claim"]
    assert worse.correct == base.correct - 1 and worse.found <= base.found
