"""What the readers of actor tables share: the bounded read of a file, number parsing and
the range checks, each error naming the file, the row and the column; and the reading of an
accord YAML/JSON document with the scenario reader's limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import FormatError

__all__ = [
    "MAX_TABLE_BYTES",
    "check_position",
    "check_salience",
    "parse_number",
    "read_document",
    "read_table_text",
]


def parse_number(cell: str, *, file: str, line: int, column: str, what: str) -> float:
    """The finite number in ``cell`` (quotes and spaces stripped), else a
    :class:`FormatError` naming the file, the line, the column and ``what`` it is."""
    text = cell.strip().strip("'\"").strip()
    shown = repr(cell.strip()) if len(cell.strip()) <= 40 else f"{cell.strip()[:30]!r}…"
    try:
        value = float(text)
    except ValueError:
        raise FormatError(
            f"column {column!r}: {what} {shown} is not a number", file=file, line=line
        ) from None
    if not np.isfinite(value):
        raise FormatError(
            f"column {column!r}: {what} {shown} is not a finite number",
            file=file,
            line=line,
        )
    return value


#: Actor tables larger than this are refused (the largest of the field are a few kB).
MAX_TABLE_BYTES = 10 * 1024 * 1024


def read_table_text(path: Path) -> str:
    """The text of an actor table, by a bounded read of a regular file (UTF-8, with or
    without a byte order mark, else Latin-1)."""
    from accord.io.limits import read_limited

    data = read_limited(path, MAX_TABLE_BYTES, error=FormatError, what="actor tables")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def check_position(x: float, *, lo: float, hi: float, file: str, line: int, column: str) -> None:
    """Refuse a position outside the scale ``[lo, hi]``."""
    if x < lo or x > hi:
        raise FormatError(
            f"column {column!r}: position {x:g} lies outside the scale [{lo:g}, {hi:g}]",
            file=file,
            line=line,
        )


def check_salience(s: float, *, hi: float, file: str, line: int, column: str) -> None:
    """Refuse a salience outside ``[0, hi]``."""
    if s < 0 or s > hi:
        raise FormatError(
            f"column {column!r}: salience {s:g} must lie in [0, {hi:g}]", file=file, line=line
        )


def read_document(p: Path) -> Any:
    """An accord YAML/JSON document read with the scenario reader's limits (bounded read,
    alias budget, nesting depth), its errors as :class:`FormatError`."""
    from accord.errors import ScenarioError
    from accord.io.yaml_source import parse_json, parse_yaml

    text = read_table_text(p)
    try:
        if p.suffix.lower() == ".json":
            return parse_json(text, str(p))
        return parse_yaml(text, str(p))
    except ScenarioError as exc:
        raise FormatError.of(exc) from None
