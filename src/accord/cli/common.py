"""Pieces shared by the sub-commands: loading, consoles, JSON output."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

from accord.io import load_scenario
from accord.model import Evidence, Scenario

# Piped output (files, tests) gets a fixed, wide layout instead of rich's 80 columns.
console = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 120)

SCENARIO_HELP = (
    "Scenario: a bundled name (see `accord scenarios`), an accord YAML/JSON file, or a "
    "GENIUS / GeniusWeb / NegMAS folder. Default: geneva-2026."
)


def load(source: str | None) -> Scenario:
    return load_scenario(source)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


_KIND_STYLE = {"stated": "green", "reported": "cyan", "inferred": "magenta"}


def evidence_mark(e: Evidence) -> str:
    """A short rich-markup tag: the evidence kind (stated, reported, inferred, with the
    source id and any Admiralty grade) or assumption."""
    if e.is_assumption:
        return "[yellow]assumption[/yellow]"
    kind = str(e.evidence_kind)
    grade = f", {e.grade}" if e.grade else ""
    return f"[{_KIND_STYLE[kind]}]{kind}[/{_KIND_STYLE[kind]}] [dim]({e.source}{grade})[/dim]"


def fmt_u(x: float) -> str:
    return f"{x:.3f}"
