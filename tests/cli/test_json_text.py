"""``json_text`` writes the very text of ``json.dumps(..., indent=2)`` (the CLI's JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.cli.common import json_text

RUN = {"result": "full_agreement", "agreement": {"Maker": "Canon", "Bag": "Domke"}, "u": 0.5}

DOCUMENTS: list[Any] = [
    {"results": [RUN] * 50 + [{**RUN, "u": 0.25}] + [RUN], "runs": 52},
    {"empty_list": [], "empty_dict": {}, "none": None, "nested": {"a": [1, [2, {"b": []}]]}},
    {"text": 'é\u2014"quoted"\n\ttab', "big": 10**40, "floats": [1.0, 1e-300, float("inf")]},
    {"tuple": (1, 2), "list": [(3, 4), (3, 4)], "path": Path("a/b"), "flag": True},
    {"keys": [{1: "int key", None: "none key", 2.5: "float key"}] * 3},
    {1: "a non-text top-level key"},
    {},
    [RUN, RUN],
    "a string",
    3,
]


@pytest.mark.parametrize("data", DOCUMENTS)
def test_same_text_as_the_standard_library(data: Any) -> None:
    assert json_text(data) == json.dumps(data, indent=2, ensure_ascii=False, default=str)
