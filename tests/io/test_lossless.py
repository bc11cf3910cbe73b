"""Writing a scenario as YAML or JSON and reading it back keeps every field."""

from __future__ import annotations

import dataclasses
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

from accord.errors import AccordWarning
from accord.io import dump_scenario, load_scenario
from accord.io.loader import bundled_scenarios
from accord.model import Scenario

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CASES = [*bundled_scenarios().values(), *EXAMPLES]


def fields(obj: Any, path: str = "") -> dict[str, Any]:
    """Every leaf field of a scenario, by path (dataclasses, tuples, dicts walked)."""
    out: dict[str, Any] = {}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if isinstance(obj, Scenario) and f.name == "origin":
                continue  # where the file was read from, not part of the scenario
            out.update(fields(getattr(obj, f.name), f"{path}.{f.name}"))
    elif isinstance(obj, tuple | list):
        out[f"{path}#len"] = len(obj)
        for k, x in enumerate(obj):
            out.update(fields(x, f"{path}[{k}]"))
    elif isinstance(obj, dict):
        out[f"{path}#keys"] = sorted(map(str, obj))
        for k, x in obj.items():
            out.update(fields(x, f"{path}[{k}]"))
    else:
        out[path] = obj
    return out


def load_quiet(path: Path) -> Scenario:
    with warnings.catch_warnings():
        warnings.simplefilter("error", AccordWarning)  # a lost source file would warn
        return load_scenario(path)


@pytest.mark.slow
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_write_and_reload_keeps_every_field(path: Path, fmt: str, tmp_path: Path) -> None:
    original = load_quiet(path)
    for src in original.sources:
        if src.file:
            shutil.copy(path.parent / src.file, tmp_path / src.file)
    out = tmp_path / f"copy.{fmt}"
    dump_scenario(original, out, fmt)
    again = load_quiet(out)
    before, after = fields(original), fields(again)
    assert before.keys() == after.keys()
    diff = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert diff == {}
    assert again == original
    # and a second pass writes the same text
    out2 = tmp_path / f"copy2.{fmt}"
    dump_scenario(again, out2, fmt)
    assert out2.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_geneva_deadline_evidence_survives_conversion(tmp_path: Path) -> None:
    sc = load_scenario()
    out = tmp_path / "g.json"
    dump_scenario(sc, out, "json")
    again = load_scenario(out)  # the source file is not beside it: loads with a warning
    assert again.deadline is not None and again.deadline.evidence == sc.deadline.evidence  # type: ignore[union-attr]
    assert again.deadline.evidence is not None and again.deadline.evidence.quote


def _leaves(x: Any, path: str = "") -> dict[str, Any]:
    if isinstance(x, dict):
        out: dict[str, Any] = {}
        for k, v in x.items():
            out.update(_leaves(v, f"{path}.{k}"))
        return out
    if isinstance(x, list):
        out = {}
        for k, v in enumerate(x):
            out.update(_leaves(v, f"{path}[{k}]"))
        return out
    return {path: x}


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_every_key_of_the_file_is_written_back(path: Path, tmp_path: Path) -> None:
    """Document level: each value the author wrote is in the written document (defaults
    spelled out and value-table shorthand aside)."""
    from accord.io.native import scenario_to_document
    from accord.io.yaml_source import load_document

    raw = _leaves(load_document(path).data)
    written = _leaves(scenario_to_document(load_quiet(path)))
    missing = {}
    for k, v in raw.items():
        alt = k.replace(".values.", ".values.", 1)
        candidates = [k, alt]
        # `values: {issue: {option: x}}` is written as `{issue: {table: {option: x}}}`
        parts = k.split(".")
        if ".preferences.values." in k and ".table." not in k:
            candidates.append(".".join([*parts[:-1], "table", parts[-1]]))
        if not any(c in written and written[c] == v for c in candidates):
            missing[k] = v
    assert missing == {}
