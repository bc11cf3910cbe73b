"""Ratification stages in the scenario format: read, checked (file, line, path), written
back, and their ``uncertainty:`` entries."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.datapaths import DATA

from accord.errors import ScenarioError
from accord.io import dump_scenario, load_scenario
from accord.io.native import scenario_from_document, scenario_to_document
from accord.io.yaml_source import parse_yaml
from accord.model import BlocVoteModel, ElectorateModel, StageUncertainty, ThresholdModel, Uniform

BLOCKED = DATA / "two-level" / "blocked-at-home.yaml"


def _doc() -> dict[str, Any]:
    return scenario_to_document(load_scenario(BLOCKED))


def _load(tmp_path: Path, doc: dict[str, Any]) -> Any:
    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return load_scenario(f)


def test_stages_are_read_in_order_per_party() -> None:
    sc = load_scenario(BLOCKED)
    assert [(s.id, s.party, s.order, s.kind) for s in sc.ratification] == [
        ("west-president", "west", 0, "threshold"),
        ("west-referendum", "west", 1, "electorate"),
        ("east-parliament", "east", 0, "bloc-vote"),
    ]
    assert [s.id for s in sc.stages_of("west")] == ["west-president", "west-referendum"]
    assert sc.stages_of("nobody") == ()
    ref = sc.ratification[1]
    assert isinstance(ref.model, ElectorateModel)
    assert ref.issues == ("border",) and ref.duration_days == 45
    assert ref.model.support == {"border": {"shared": -0.25, "east_gets": -0.4}}
    assert isinstance(sc.ratification[0].model, ThresholdModel)
    parl = sc.ratification[2].model
    assert isinstance(parl, BlocVoteModel)
    assert [(b.id, b.weight, b.threshold) for b in parl.blocs] == [
        ("ruling", 60.0, 0.4),
        ("opposition", 40.0, 0.9),
    ]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_writing_and_reading_back_keeps_the_stages(tmp_path: Path, fmt: str) -> None:
    sc = load_scenario(BLOCKED)
    out = tmp_path / f"copy.{fmt}"
    dump_scenario(sc, out, fmt)
    again = load_scenario(out)
    assert again.ratification == sc.ratification
    assert again == sc


def test_a_scenario_without_stages_writes_no_ratification_key() -> None:
    doc = _doc()
    del doc["ratification"]
    again = scenario_from_document(parse_yaml(json.dumps(doc), None))
    assert again.ratification == ()
    assert "ratification" not in scenario_to_document(again)


def _edit(path: list[Any], value: Any) -> Any:
    def edit(doc: dict[str, Any]) -> None:
        x = doc
        for p in path[:-1]:
            x = x[p]
        if value is _DROP:
            del x[path[-1]]
        else:
            x[path[-1]] = value

    return edit


_DROP = object()


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (_edit(["ratification", 0, "party"], "north"), "ratification[0].party", "unknown party"),
        (_edit(["ratification", 1, "issues"], ["oil"]), "ratification[1].issues[0]", "oil"),
        (_edit(["ratification", 1, "id"], "west-president"), "ratification[1].id", "duplicate"),
        (_edit(["ratification", 0, "threshold"], _DROP), "ratification[0]", "needs 'threshold'"),
        (_edit(["ratification", 2, "threshold"], 0.5), "ratification[2].threshold", "no meaning"),
        (
            _edit(["ratification", 1, "electorate", "support", "aid"], {"some": 0.1}),
            "ratification[1].electorate.support.aid",
            "does not rule on issue 'aid'",
        ),
        (
            _edit(["ratification", 1, "electorate", "support", "border"], {"half": 0.1}),
            "ratification[1].electorate.support.border.half",
            "no option 'half'",
        ),
        (
            _edit(["ratification", 1, "electorate", "support", "border"], {"shared": 3.0}),
            "ratification[1].electorate.support.border.shared",
            "between -1 and 1",
        ),
        (_edit(["ratification", 1, "electorate", "sd"], 0), "ratification[1].electorate.sd", ""),
        (_edit(["ratification", 0, "evidence"], []), "ratification[0].evidence", "empty"),
    ],
)
def test_bad_stages_are_refused_with_file_line_and_path(
    tmp_path: Path, edit: Any, path: str, words: str
) -> None:
    doc = copy.deepcopy(_doc())
    edit(doc)
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, doc)
    assert info.value.path == path, info.value
    assert words in info.value.message
    assert info.value.line is not None and info.value.file and info.value.file.endswith("s.yaml")


def test_a_bloc_may_weigh_only_the_issues_its_stage_rules_on(tmp_path: Path) -> None:
    doc = _doc()
    doc["ratification"][2]["issues"] = ["aid"]
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, doc)
    assert info.value.path == "ratification[2].blocs[0].preferences.weights.border"
    assert "does not rule on" in info.value.message


def test_stage_uncertainty_is_read_checked_and_written_back(tmp_path: Path) -> None:
    doc = _doc()
    doc["uncertainty"] = {
        "ratification": {
            "west-president": {"threshold": {"dist": "uniform", "low": 0.2, "high": 0.4}},
            "west-referendum": {"base": {"dist": "normal", "mean": 0.6, "sd": 0.05}},
            "east-parliament": {
                "blocs": {"opposition": {"dist": "uniform", "low": 0.5, "high": 1}}
            },
        }
    }
    sc = _load(tmp_path, doc)
    assert sc.uncertainty is not None and not sc.uncertainty.empty
    su = sc.uncertainty.ratification["west-president"]
    assert isinstance(su, StageUncertainty) and su.threshold == Uniform(low=0.2, high=0.4)
    assert set(sc.uncertainty.ratification["east-parliament"].blocs) == {"opposition"}
    again = scenario_from_document(parse_yaml(json.dumps(scenario_to_document(sc)), None))
    assert again.uncertainty == sc.uncertainty


@pytest.mark.parametrize(
    ("entry", "path", "words"),
    [
        ({"nope": {}}, "uncertainty.ratification.nope", "no ratification stage"),
        (
            {"west-referendum": {"threshold": {"dist": "uniform", "low": 0, "high": 1}}},
            "uncertainty.ratification.west-referendum.threshold",
            "for a stage of kind electorate",
        ),
        (
            {"east-parliament": {"blocs": {"x": {"dist": "uniform", "low": 0, "high": 1}}}},
            "uncertainty.ratification.east-parliament.blocs.x",
            "no bloc 'x'",
        ),
        (
            {"west-president": {"threshold": {"dist": "uniform", "low": 1, "high": 0}}},
            "uncertainty.ratification.west-president.threshold.low",
            "need low <= high",
        ),
    ],
)
def test_bad_stage_uncertainty_is_refused_with_its_path(
    tmp_path: Path, entry: dict[str, Any], path: str, words: str
) -> None:
    doc = _doc()
    doc["uncertainty"] = {"ratification": entry}
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, doc)
    assert info.value.path == path, info.value
    assert words in info.value.message
    assert info.value.line is not None


def test_with_values_replaces_the_drawn_numbers() -> None:
    sc = load_scenario(BLOCKED)
    pres, ref, parl = sc.ratification
    assert isinstance(pres.with_values(threshold=0.9).model, ThresholdModel)
    assert pres.with_values(threshold=0.9).model.threshold == 0.9  # type: ignore[union-attr]
    moved = ref.with_values(base=0.7, turnout=0.4).model
    assert isinstance(moved, ElectorateModel) and (moved.base, moved.turnout) == (0.7, 0.4)
    blocs = parl.with_values(bloc_thresholds={"opposition": 0.1}).model
    assert isinstance(blocs, BlocVoteModel)
    assert [b.threshold for b in blocs.blocs] == [0.4, 0.1]
    assert pres.with_values(base=0.1) == pres  # another kind's number is ignored


def test_show_lists_the_stages_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    from accord.cli.main import main

    with pytest.raises(SystemExit) as info:
        main(["show", str(BLOCKED)])
    assert info.value.code in (0, None)
    out = capsys.readouterr().out
    assert "Ratification at home" in out
    assert out.index("Westland's president") < out.index("Westland's referendum")
    assert "electorate: yes share 0.6" in out and "bloc vote: yes from 50% of 100 votes" in out
