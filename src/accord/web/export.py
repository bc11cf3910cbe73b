"""The edited scenario as a file to download."""

from __future__ import annotations

import json

import yaml

from accord.io import scenario_to_document
from accord.model import Scenario


def export_text(scenario: Scenario, fmt: str) -> tuple[str, str]:
    """``(text, media type)`` of ``scenario`` as accord ``"yaml"`` or ``"json"``."""
    doc = scenario_to_document(scenario)
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n", "application/json"
    header = "# Exported from the accord dashboard (what-if edits applied).\n"
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100), (
        "application/yaml"
    )
