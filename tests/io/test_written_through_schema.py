"""The scenario format is stated once: the writer fills the same pydantic models the reader
validates (accord.io.document), so what it writes reads back by construction.

Over every scenario file in the repository (the bundled ones, examples/*.yaml, the tests'
scenario files) and over generated scenarios: load -> write -> load keeps every field, the
written document is a fixed point of the schema (validated and dumped again, it is the same,
in the same key order), and writing it again gives the same document."""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings

from accord.errors import ScenarioError
from accord.io import bundled_scenarios, load_scenario, scenario_to_document
from accord.io.native import scenario_from_document
from accord.io.schema import PartyDoc, ScenarioDoc, SourceDoc, fill, to_document
from accord.io.yaml_source import Document, load_document
from accord.model import Scenario
from factories import small_scenarios

ROOT = Path(__file__).resolve().parents[2]
#: libyaml's safe loader where PyYAML has it (what accord's reader uses): the same documents,
#: parsed in C, so collecting this module stays quick.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _accord_files() -> list[Path]:
    """Every file of the repository in accord's own format (a mapping with ``accord:``)."""
    candidates = {
        *bundled_scenarios().values(),
        *(ROOT / "src/accord/scenarios").rglob("*.yaml"),
        *(ROOT / "examples").glob("*.yaml"),
        *(ROOT / "tests").rglob("*.yaml"),
        *(ROOT / "tests").rglob("*.json"),
    }
    out = []
    for path in sorted(candidates):
        if path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
            # most files are not scenarios: the two keys must appear in the text to be read
            if "accord" not in text or "metadata" not in text:
                continue
            data = yaml.load(text, Loader=_LOADER)
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and data.get("accord") == 1 and "metadata" in data:
            out.append(path)
    return out


def _load(path: Path) -> Scenario | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return load_scenario(path)
        except ScenarioError:
            return None  # a file the tests keep because the reader refuses it


FILES = [p for p in _accord_files() if _load(p) is not None]


def _fields(obj: Any, path: str = "") -> dict[str, Any]:
    """Every leaf of a scenario by path (``origin``, where it was read from, left out)."""
    out: dict[str, Any] = {}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if isinstance(obj, Scenario) and f.name == "origin":
                continue
            out.update(_fields(getattr(obj, f.name), f"{path}.{f.name}"))
    elif isinstance(obj, tuple | list):
        out[f"{path}#len"] = len(obj)
        for k, x in enumerate(obj):
            out.update(_fields(x, f"{path}[{k}]"))
    elif isinstance(obj, dict):
        out[f"{path}#keys"] = list(map(str, obj))
        for k, x in obj.items():
            out.update(_fields(x, f"{path}[{k}]"))
    else:
        out[path] = obj
    return out


def _reread(doc: dict[str, Any], text_format: str, base: Path | None) -> Scenario:
    text = (
        json.dumps(doc, ensure_ascii=False)
        if text_format == "json"
        else yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    )
    data = json.loads(text) if text_format == "json" else yaml.safe_load(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return scenario_from_document(Document(data=data, file="written"), base_dir=base)


@pytest.mark.slow
def test_the_repository_has_scenario_files_of_every_kind() -> None:
    names = {p.name for p in FILES}
    assert "geneva-2026.yaml" in names and "ceasefire-talks.yaml" in names
    assert len(FILES) >= 6
    # the files between them use the calendar, tracks, ratification and uncertainty sections
    docs = [load_document(p).data for p in FILES]
    for section in ("calendar", "tracks", "ratification", "uncertainty"):
        assert any(section in d for d in docs), section


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
@pytest.mark.parametrize("text_format", ["yaml", "json"])
def test_every_scenario_file_round_trips(path: Path, text_format: str) -> None:
    original = _load(path)
    assert original is not None
    doc = scenario_to_document(original)
    # a fixed point of the schema: validated and dumped again it is the same, key order too
    again_doc = to_document(ScenarioDoc.model_validate(doc))
    assert json.dumps(again_doc) == json.dumps(doc)
    again = _reread(doc, text_format, path.parent)
    assert _fields(again) == _fields(original)
    assert json.dumps(scenario_to_document(again)) == json.dumps(doc)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(small_scenarios())
def test_generated_scenarios_round_trip(sc: Scenario) -> None:
    doc = scenario_to_document(sc)
    again = _reread(doc, "yaml", None)
    assert _fields(again.parties) == _fields(sc.parties)
    assert _fields(again.issues) == _fields(sc.issues)
    assert json.dumps(scenario_to_document(again)) == json.dumps(doc)


def test_defaults_left_out_except_the_ones_an_analyst_should_see() -> None:
    sc = load_scenario("geneva-2026")
    doc = scenario_to_document(sc)
    party = doc["parties"][0]
    for shown in PartyDoc.written_defaults:
        assert shown in party  # role, capability, reservation value and its evidence
    # a default not listed is left out: no party of the bundled scenario discounts time
    assert all("discount_factor" not in p for p in doc["parties"])
    assert list(party) == [k for k in PartyDoc.model_fields if k in party]  # declared order


def test_a_value_the_reader_would_refuse_is_not_written() -> None:
    sc = load_scenario("geneva-2026")
    bad = dataclasses.replace(sc.parties[0], reservation_value=5e6)
    sc = dataclasses.replace(sc, parties=(bad, *sc.parties[1:]))
    with pytest.raises(ScenarioError, match=r"parties\[russia\]\.reservation_value: Input"):
        scenario_to_document(sc)


def test_fill_takes_same_named_attributes_and_refuses_nested_parts() -> None:
    sc = load_scenario("geneva-2026")
    src = sc.sources[0]
    written = fill(SourceDoc, src)
    assert (written.id, written.title, written.url) == (src.id, src.title, src.url)
    with pytest.raises(TypeError, match="give its model"):
        fill(PartyDoc, sc.parties[0])  # its preference is a part of its own
