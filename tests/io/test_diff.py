"""accord.io.diff: what changed between two scenario documents, by category."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from accord.io import bundled_scenarios
from accord.io.diff import canonical, diff_documents


def _geneva() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        bundled_scenarios()["geneva-2026"].read_text(encoding="utf-8")
    )
    return data


@pytest.mark.slow
def test_identical_documents_have_no_changes() -> None:
    d = _geneva()
    assert diff_documents(canonical(d), canonical(copy.deepcopy(d))) == []


def test_changes_are_matched_by_identity_and_categorised() -> None:
    a = _geneva()
    b = copy.deepcopy(a)
    russia = b["parties"][0]
    ukraine = b["parties"][1]
    russia["reservation_value"] = 0.3
    ukraine["preferences"]["weights"]["donbas"] = 0.35
    ukraine["preferences"]["weights"]["znpp"] = 0.25
    ukraine["red_lines"][0]["value"] = "demilitarized_zone"
    ukraine["red_lines"][0]["op"] = "=="
    b["parties"][1]["red_lines"].reverse()  # order alone is no change
    b["deadline"]["date"] = "2026-07-31"
    changes = diff_documents(canonical(a), canonical(b))
    got = {(c.category, c.path_text, c.op) for c in changes}
    assert ("reservation values", "parties[russia].reservation_value", "changed") in got
    assert ("weights", "parties[ukraine].preferences.weights.donbas", "changed") in got
    assert ("red lines", "parties[ukraine].red_lines[no-withdrawal].value", "changed") in got
    assert ("calendar", "deadline.date", "changed") in got
    assert not any("no-ceding-znpp" in c.path_text for c in changes)
    # a red line's change carries the red line's evidence; a reservation value its own
    (rl,) = [c for c in changes if c.path_text.endswith("no-withdrawal].value")]
    assert rl.evidence and rl.evidence[0]["source"] == "report"
    (rv,) = [c for c in changes if c.category == "reservation values"]
    assert rv.evidence == (a["parties"][0]["reservation_evidence"],)
    assert "Russia's reservation value: 0.35 -> 0.3" in rv.summary


@pytest.mark.slow
def test_added_option_and_its_values() -> None:
    a = _geneva()
    # its ratification stages value the Donbas too; the parties' values are enough here
    a.pop("ratification")
    a["uncertainty"].pop("ratification")
    b = copy.deepcopy(a)
    b["issues"][0]["options"].append({"value": "frozen_line", "label": "Freeze on the line"})
    for p in b["parties"]:
        p["preferences"]["values"]["donbas"]["frozen_line"] = 0.5
    changes = diff_documents(canonical(a), canonical(b))
    (opt,) = [c for c in changes if c.category == "options"]
    assert opt.op == "added" and opt.path_text == "issues[donbas].options[frozen_line]"
    values = [c for c in changes if c.category == "values"]
    assert len(values) == 3 and all(c.op == "added" for c in values)
    assert "value of donbas.frozen_line" in values[0].summary


@pytest.mark.slow
def test_removed_keys_and_items_then_added_ones_in_order() -> None:
    """Mapping keys and items matched by id compare alike: removed, kept, then added."""
    a = _geneva()
    a.pop("uncertainty", None)  # it names the red lines by id
    b = copy.deepcopy(a)
    ukraine = b["parties"][1]
    dropped = ukraine["red_lines"].pop(0)
    ukraine["red_lines"].append({**dropped, "id": "renamed"})
    del b["metadata"]["venue"]
    b["parties"][0]["discount_factor"] = 0.9
    changes = diff_documents(canonical(a), canonical(b))
    red = [(c.op, c.path_text) for c in changes if c.category == "red lines"]
    assert red == [
        ("removed", f"parties[ukraine].red_lines[{dropped['id']}]"),
        ("added", "parties[ukraine].red_lines[renamed]"),
    ]
    ops = [(c.op, c.path_text) for c in changes]
    assert ("removed", "metadata.venue") in ops
    assert ("added", "parties[russia].discount_factor") in ops
