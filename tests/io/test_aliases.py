"""Aliases of parties and issues: read, checked, written back, filled in the bundled scenario."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from accord.errors import ScenarioError
from accord.io import load_scenario
from accord.io.native import scenario_from_document, scenario_to_document
from accord.io.yaml_source import Document

BASE = {
    "metadata": {"id": "t", "title": "T"},
    "issues": [{"id": "land", "kind": "ordinal", "options": ["a", "b"]}],
    "parties": [
        {"id": "x", "preferences": {"weights": {"land": 1}, "values": {"land": {"a": 1, "b": 0}}}},
        {"id": "y", "preferences": {"weights": {"land": 1}, "values": {"land": {"a": 0, "b": 1}}}},
    ],
}


def write(tmp_path: Path, doc: object) -> Path:
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(doc, sort_keys=False))
    return p


def test_aliases_are_read_and_written_back(tmp_path: Path) -> None:
    d = copy.deepcopy(BASE)
    d["issues"][0]["aliases"] = ["territory", " Donbas  region "]
    d["parties"][0]["aliases"] = ["Moscow", "Kremlin"]
    sc = load_scenario(write(tmp_path, d))
    assert sc.issue("land").aliases == ("territory", "Donbas region")
    assert sc.party("x").aliases == ("Moscow", "Kremlin")
    assert sc.party("y").aliases == ()
    out = scenario_to_document(sc)
    assert out["issues"][0]["aliases"] == ["territory", "Donbas region"]
    assert out["parties"][0]["aliases"] == ["Moscow", "Kremlin"]
    assert "aliases" not in out["parties"][1]
    again = scenario_from_document(Document(out, None))
    assert again.party("x").aliases == sc.party("x").aliases


@pytest.mark.parametrize(
    ("aliases", "message", "path"),
    [
        (["Moscow", "moscow"], "alias 'moscow' is listed twice", "parties[0].aliases[1]"),
        (["Moscow", "  "], "an alias is empty", "parties[0].aliases[1]"),
    ],
)
def test_bad_aliases_are_refused(
    tmp_path: Path, aliases: list[str], message: str, path: str
) -> None:
    d = copy.deepcopy(BASE)
    d["parties"][0]["aliases"] = aliases
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(tmp_path, d))
    assert message in str(info.value) and info.value.path == path


def test_aliases_must_be_a_list_of_strings(tmp_path: Path) -> None:
    d = copy.deepcopy(BASE)
    d["issues"][0]["aliases"] = "territory"
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(tmp_path, d))
    assert "issues[0].aliases" in str(info.value)


@pytest.mark.slow
def test_bundled_scenario_names_capitals_leaders_and_heads() -> None:
    sc = load_scenario(Path("src/accord/scenarios/geneva-2026.yaml"))
    assert {"Moscow", "Kremlin", "Putin", "Medinsky"} <= set(sc.party("russia").aliases)
    assert {"Kyiv", "Zelensky", "Umerov"} <= set(sc.party("ukraine").aliases)
    assert {"Washington", "Trump", "US"} <= set(sc.party("united_states").aliases)
    for issue in sc.issues:
        assert issue.aliases, issue.id
    assert "Donbas" in sc.issue("donbas").aliases
    # every party representative is among its aliases
    for p in sc.parties:
        for r in p.representatives:
            assert r.name in p.aliases, (p.id, r.name)
    assert yaml.safe_load(Path("src/accord/scenarios/geneva-2026.yaml").read_text())
