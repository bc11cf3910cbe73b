"""`accord ingest` on a short report written for a test: its proposals by kind, every span
checked to be exact (the text between a proposal's offsets is its quote)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from accord.ingest import propose
from accord.ingest.reader import report_from_bytes
from accord.io import load_scenario

ROOT = Path(__file__).resolve().parents[1]
#: The bundled scenario the reports are read against.
GENEVA = load_scenario(ROOT / "src/accord/scenarios/geneva-2026.yaml")


def ingest(text: str, on: date) -> dict[str, list[dict[str, Any]]]:
    """The proposals for ``text`` reported on ``on``, as dictionaries by kind."""
    result = propose(report_from_bytes(text.encode(), "r.txt"), GENEVA, on)
    out: dict[str, list[dict[str, Any]]] = {}
    for p in result.proposals:
        assert text[p.span[0] : p.span[1]] == p.quote  # every span exact
        out.setdefault(p.kind, []).append(p.to_dict())
    return out
