"""Scenario keys that counted protocol steps as rounds (docs/deprecations.md): files written
with the former keys still load, as the same scenario, with one warning naming the file,
lines and paths; accord writes the new keys only; both names with different values are
refused."""

from __future__ import annotations

import copy
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.cli.main import main
from accord.errors import AccordWarning, ScenarioError
from accord.io import load_scenario
from accord.io.native import scenario_to_document

from .test_calendar import BASE

#: Every former key, as BASE (a calendar) and a scenario without a calendar write them.
FORMER = {"rounds", "rounds_per_session"}
NEW = {"exchanges", "exchanges_per_session"}


def _keys(x: Any) -> set[str]:
    """Every mapping key anywhere in ``x``."""
    if isinstance(x, dict):
        return set(x) | {k for v in x.values() for k in _keys(v)}
    if isinstance(x, list):
        return {k for v in x for k in _keys(v)}
    return set()


def _former(doc: Any) -> Any:
    """``doc`` with its new keys under their former names."""
    if isinstance(doc, dict):
        back = {"exchanges": "rounds", "exchanges_per_session": "rounds_per_session"}
        return {back.get(k, k): _former(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_former(v) for v in doc]
    return doc


def _without_calendar() -> dict[str, Any]:
    d = copy.deepcopy(BASE)
    del d["calendar"]
    d["deadline"]["exchanges"] = 30
    d["sessions"] = [
        {"date": "2026-02-17", "exchanges": 16},
        {"date": "2026-02-18", "exchanges": 14},
    ]
    return d


@pytest.mark.parametrize("make", [lambda: copy.deepcopy(BASE), _without_calendar])
def test_former_keys_load_as_the_same_scenario_with_one_warning(tmp_path: Path, make: Any) -> None:
    new_doc = make()
    assert _keys(new_doc) & NEW and not _keys(new_doc) & FORMER
    new_path = tmp_path / "new.yaml"
    new_path.write_text(yaml.safe_dump(new_doc, sort_keys=False))
    old_path = tmp_path / "old.yaml"
    old_text = yaml.safe_dump(_former(new_doc), sort_keys=False)
    old_path.write_text(old_text)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        new = load_scenario(new_path)
    assert not [w for w in seen if "former key" in str(w.message)]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        old = load_scenario(old_path)
    notes = [str(w.message) for w in seen if issubclass(w.category, AccordWarning)]
    notes = [n for n in notes if "former key" in n]
    assert len(notes) == 1
    note = notes[0]
    assert str(old_path) in note and "0.3.0" in note and "docs/deprecations.md" in note
    # the former keys are named by their paths and lines (the first six, then a count)
    found = [
        n
        for n, line in enumerate(old_text.splitlines(), 1)
        if line.strip().lstrip("- ").split(":")[0] in FORMER
    ]
    assert found and f"(line {found[0]})" in note
    more = re.search(r"and (\d+) more", note)
    assert note.count("(line ") + (int(more.group(1)) if more else 0) == len(found)
    assert scenario_to_document(old) == scenario_to_document(new)
    # accord writes the new keys only
    written = scenario_to_document(old)
    assert _keys(written) & NEW and not _keys(written) & FORMER


def test_both_names_must_agree(tmp_path: Path) -> None:
    d = _without_calendar()
    d["deadline"]["rounds"] = 30  # the same value: fine
    p = tmp_path / "same.yaml"
    p.write_text(yaml.safe_dump(d, sort_keys=False))
    with pytest.warns(AccordWarning, match="deadline.rounds"):
        assert load_scenario(p).deadline.rounds == 30  # type: ignore[union-attr]
    d["deadline"]["rounds"] = 20
    p = tmp_path / "differ.yaml"
    p.write_text(yaml.safe_dump(d, sort_keys=False))
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    err = info.value
    assert err.file == str(p) and err.line is not None and err.path == "deadline.rounds"
    assert "former name of exchanges; give exchanges only" in err.message


def test_drift_per_round_is_read_as_per_exchange(tmp_path: Path) -> None:
    d = _without_calendar()
    d["uncertainty"] = {
        "parties": {"x": {"reservation_value": {
            "dist": "uniform", "low": 0.3, "high": 0.4, "drift": {"per": "round", "by": 0.001},
        }}}
    }  # fmt: skip
    p = tmp_path / "drift.yaml"
    p.write_text(yaml.safe_dump(d, sort_keys=False))
    with pytest.warns(AccordWarning, match=r"drift\.per: round"):
        sc = load_scenario(p)
    drift = sc.uncertainty.parties["x"].reservation_value.drift  # type: ignore[union-attr]
    assert drift is not None and drift.by == 0.001
    out = scenario_to_document(sc)["uncertainty"]["parties"]["x"]["reservation_value"]
    assert out["drift"]["per"] == "exchange"


@pytest.mark.slow
def test_bundled_scenarios_and_examples_use_the_new_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = Path(__file__).resolve().parents[2]
    files = [
        *sorted((root / "src" / "accord" / "scenarios").glob("*.yaml")),
        *sorted((root / "examples").glob("*.yaml")),
    ]
    assert files
    for f in files:
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        assert not _keys(doc) & FORMER, f
    with pytest.raises(SystemExit) as stop:
        main(["show", "geneva-2026"])
    assert stop.value.code in (0, None)
    out, err = capsys.readouterr()
    assert "former key" not in err
    text = " ".join(out.split())
    # a past round's sittings count exchanges (the table may wrap the cell)
    assert "17 Feb: 16" in text and "16 rounds" not in text and "exchanges" in text
