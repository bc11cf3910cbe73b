"""Pieces shared by the sub-commands: loading, consoles, JSON output."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.errors import MarkupError
from rich.segment import Segment
from rich.text import Text

from accord.counts import count_text, long_ints
from accord.io import load_scenario
from accord.model import Evidence, Scenario
from accord.outputs import atomic_output, check_output, check_output_folder, write_output

__all__ = [
    "CONTROL",
    "SCENARIO_HELP",
    "SafeConsole",
    "atomic_output",
    "check_output",
    "check_output_folder",
    "console",
    "evidence_mark",
    "fmt_count",
    "fmt_u",
    "json_text",
    "load",
    "print_json",
    "strip_controls",
    "write_output",
]

#: Control characters (C0 but newline and tab, DEL, C1): an escape sequence in a scenario's
#: title must not clear or rewrite the analyst's terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without its control characters (see :data:`CONTROL`)."""
    return CONTROL.sub("", text)


class SafeConsole(Console):
    """A rich console for text that holds user data (names, titles, quotes).

    Text is written without its control characters (styles rich itself adds are kept),
    and a string whose brackets are not valid markup (a party named ``[/]``) is printed as
    it is instead of raising; call sites still escape the user data they interpolate.
    """

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """Rich's rendering of ``text`` as markup; text that is not valid markup stays as is."""
        try:
            return super().render_str(text, **kwargs)
        except MarkupError:
            return super().render_str(text, **{**kwargs, "markup": False})

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            seg if seg.control else Segment(strip_controls(seg.text), seg.style, None)
            for seg in buffer
        )


def _width() -> int | None:
    """The terminal's width: ``COLUMNS`` when set (rich reads it), the terminal's own when
    attached to one, else (piped to a file or a test) a fixed 120 instead of rich's 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return None if sys.stdout.isatty() else 120


console = SafeConsole(highlight=False, soft_wrap=False, width=_width())

SCENARIO_HELP = (
    "Scenario: a bundled name (see `accord scenarios`), an accord YAML/JSON file, or a "
    "GENIUS / GeniusWeb / NegMAS folder. Default: geneva-2026."
)


def load(source: str | None) -> Scenario:
    """The scenario ``source`` names (bundled name, file or foreign folder; ``None``: the
    default scenario), as :func:`accord.io.load_scenario` loads it.
    """
    return load_scenario(source)


def print_json(data: Any) -> None:
    """Write ``data`` to standard output as indented JSON (see :func:`json_text`), integers of
    any length included.
    """
    with long_ints():  # an exact outcome count may have thousands of digits
        text = json_text(data)
    sys.stdout.write(text + "\n")


def json_text(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False, default=str)``, the same text, fast
    for a document whose lists hold many equal items (a simulation's runs).

    The standard library writes indented JSON in pure Python; here each top-level value and
    each item of a top-level list is indented once per distinct value (told apart by its
    compact text, which the C encoder writes) and shifted to its depth: a nested value's
    indented text is its own with every line after the first moved right (JSON text holds
    no raw newline inside a string)."""
    if not isinstance(data, dict) or not data or any(type(k) is not str for k in data):
        return json.dumps(data, indent=2, ensure_ascii=False, default=str)
    memo: dict[str, str] = {}

    def indented(value: Any, depth: int) -> str:
        key = json.dumps(value, ensure_ascii=False, default=str)
        text = memo.get(key)
        if text is None:
            text = memo[key] = json.dumps(value, indent=2, ensure_ascii=False, default=str)
        return text.replace("\n", "\n" + "  " * depth)

    members = []
    for name, value in data.items():
        if type(value) is list and value:
            items = ",\n".join("    " + indented(v, 2) for v in value)
            shown = "[\n" + items + "\n  ]"
        else:
            shown = indented(value, 1)
        members.append("  " + json.dumps(name, ensure_ascii=False) + ": " + shown)
    return "{\n" + ",\n".join(members) + "\n}"


_KIND_STYLE = {"stated": "green", "reported": "cyan", "inferred": "magenta"}


def evidence_mark(e: Evidence) -> str:
    """A short rich-markup tag: the evidence kind (stated, reported, inferred, with the
    source id and any Admiralty grade) or assumption."""
    if e.is_assumption:
        return "[yellow]assumption[/yellow]"
    kind = str(e.evidence_kind)
    grade = f", {e.grade}" if e.grade else ""
    return f"[{_KIND_STYLE[kind]}]{kind}[/{_KIND_STYLE[kind]}] [dim]({e.source}{grade})[/dim]"


#: A count as people read it (see :func:`accord.counts.count_text`).
fmt_count = count_text


def fmt_u(x: float) -> str:
    """A utility as the tables print it: three decimals."""
    return f"{x:.3f}"
