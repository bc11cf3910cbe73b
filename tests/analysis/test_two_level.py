"""The two-level analysis (docs/two-level.md): a deal at the table that no ratifier lets
through, the bundled scenario's win-sets and level-2 zone, and the level-1 answers left
exactly as they were."""

from __future__ import annotations

import dataclasses
import itertools
import json
from typing import Any

import numpy as np
import pytest
from tests.datapaths import DATA

from accord.analysis import analyze
from accord.analysis.concessions import analysis_document
from accord.analysis.ratification import approval, win_sets
from accord.cli.main import main
from accord.io import load_scenario
from accord.model import Scenario

BLOCKED = DATA / "two-level" / "blocked-at-home.yaml"
ROOT = DATA.parents[1]


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code in (0, None)
    return capsys.readouterr().out


def test_a_deal_at_the_table_that_no_ratification_lets_through() -> None:
    a = analyze(load_scenario(BLOCKED))
    assert a.zopa.exists and a.zopa.size == 4  # the negotiators agree
    tl = a.two_level
    assert tl is not None
    assert tl.zopa_size == 4 and tl.zone_size == 0 and tl.fails_at == "home"
    assert tl.nash is None and tl.zone == ()
    (block,) = tl.blocked
    assert block.stage == "west-referendum" and block.rejects == block.of == 4
    assert block.message.startswith("blocked at home: Westland's referendum rejects")
    assert "border = shared" in block.message and "border = east_gets" in block.message
    # the level that must move: the referendum, by the yes share it lacks
    home = [m for m in tl.moves if m.level == "home"]
    assert [m.who for m in home] == ["west-referendum"]
    assert home[0].unit == "yes share" and 0 < home[0].cost < 1
    assert home[0].package.rejected_by == ("west-referendum",)
    # the move's package is in the level-1 zone and passes every other stage
    assert home[0].package.point.outcome["border"] != "west_keeps"


def test_the_cli_names_the_ratifier_and_the_level(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, ["analyze", str(BLOCKED)])
    assert "fails at home" in out
    assert "blocked at home: Westland's referendum rejects" in out
    assert "Level-2 zone of agreement" in out and "Win-sets" in out
    doc = json.loads(_run(capsys, ["analyze", str(BLOCKED), "--json"]))
    assert doc["two_level"]["fails_at"] == "home"
    assert doc["two_level"]["blocked"][0]["stage"] == "west-referendum"
    assert doc["two_level"]["zone"] == {"exists": False, "size": 0, "top": [], "nash": None}


@pytest.mark.slow
def test_bundled_win_sets_and_level_two_zone_against_brute_force(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sc = load_scenario("geneva-2026")
    tl = analyze(sc).two_level
    assert tl is not None
    pos = np.array(list(itertools.product(*(range(i.size) for i in sc.issues))))
    by_party: dict[str, int] = {}
    for party in sc.parties:
        stages = sc.stages_of(party.id)
        ok = np.ones(len(pos), bool)
        for s in stages:
            ok &= approval(sc, s, pos) >= 0.5
        if stages:
            by_party[party.id] = int(ok.sum())
    assert tl.win_sets == by_party == {k: int(v.sum()) for k, v in win_sets(sc, pos).items()}
    assert tl.win_sets["ukraine"] < tl.n_feasible  # Kyiv's ratifiers refuse some packages
    assert tl.zone_size == 0 and tl.fails_at == "table"
    # the referendum rejects every package with Ukraine's withdrawal from the Donbas
    ref = next(b for b in tl.blocked if b.stage == "ua-referendum")
    assert ref.options == ("donbas = Ukraine withdraws, full Russian control",)
    out = _run(capsys, ["analyze", "geneva-2026"])
    assert f"Ukraine {tl.win_sets['ukraine']}" in out
    assert "Level-2 zone of agreement" in out and "blocked at home" in out
    doc = json.loads(_run(capsys, ["analyze", "geneva-2026", "--json"]))
    assert doc["two_level"]["win_sets"] == tl.win_sets
    assert doc["two_level"]["zone"]["size"] == 0


def _without(doc: dict[str, Any]) -> dict[str, Any]:
    doc = dict(doc)
    doc.pop("two_level", None)
    if "concessions" in doc:
        doc["concessions"] = [c for c in doc["concessions"] if c["kind"] != "two-level"]
    return doc


@pytest.mark.parametrize("name", ["geneva-2026", "blocked"])
def test_level_one_answers_are_unchanged_by_ratifiers(name: str) -> None:
    sc = load_scenario(BLOCKED if name == "blocked" else name)
    bare = dataclasses.replace(sc, ratification=())
    with_stages = analysis_document(sc, analyze(sc))
    without = analysis_document(bare, analyze(bare))
    assert "two_level" in with_stages and "two_level" not in without
    a = json.dumps(_without(with_stages), sort_keys=False)
    b = json.dumps(without, sort_keys=False)
    assert a == b


def test_no_two_level_key_without_ratifiers(capsys: pytest.CaptureFixture[str]) -> None:
    example = ROOT / "examples" / "ceasefire-talks.yaml"
    sc: Scenario = load_scenario(example)
    assert sc.ratification == ()
    doc = json.loads(_run(capsys, ["analyze", str(example), "--json"]))
    assert "two_level" not in doc
    assert all(c["kind"] != "two-level" for c in doc["concessions"])


def test_a_zone_that_survives_lists_its_packages_and_the_level_two_cost() -> None:
    sc = load_scenario(BLOCKED)
    # the referendum relents: its voters accept a shared border
    ref = sc.ratification[1]
    eased = ref.with_values(base=0.9)
    sc = dataclasses.replace(sc, ratification=(sc.ratification[0], eased, sc.ratification[2]))
    a = analyze(sc)
    tl = a.two_level
    assert tl is not None and tl.fails_at == "none" and tl.zone_size > 0
    assert tl.nash is not None and not tl.nash.rejected_by
    l1 = a.solutions["nash"]
    assert l1 is not None
    for party, cost in tl.cost.items():
        assert cost == pytest.approx(l1.utilities[party] - tl.nash.point.utilities[party])
    doc = analysis_document(sc, a)
    assert [c for c in doc["concessions"] if c["kind"] == "two-level"]
