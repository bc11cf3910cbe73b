"""Reading an actor table in any of the formats, detected from the extension and content."""

from __future__ import annotations

from pathlib import Path

from accord.errors import FormatError
from accord.forecast.actors import ActorTable
from accord.io.actors.bdm import read_bdm_csv
from accord.io.actors.common import read_table_text
from accord.io.actors.decide import read_decide
from accord.io.actors.forecast_yaml import read_forecast_yaml
from accord.io.actors.ktab import read_ktab_csv, read_ktab_xml

__all__ = ["read_actor_table"]


def read_actor_table(path: str | Path, *, format: str | None = None) -> ActorTable:
    """Read an actor table, detecting the format from the extension and content.

    ``format``: ``ktab-csv``, ``ktab-xml``, ``decide``, ``bdm-csv`` or ``yaml``.
    """
    p = Path(path)
    if not p.exists():
        raise FormatError("no such file", file=str(p))
    fmt = format
    if fmt is None:
        suffix = p.suffix.lower()
        if suffix == ".xml":
            fmt = "ktab-xml"
        elif suffix in {".yaml", ".yml", ".json"}:
            fmt = "yaml"
        else:
            head = read_table_text(p).lstrip()[:200]
            if head.startswith(("'#", "#A", "#P", "#M", "#D", '"#')):
                fmt = "decide"
            elif head.lower().replace(" ", "").startswith("actor,capability"):
                fmt = "bdm-csv"
            else:
                fmt = "ktab-csv"
    readers = {
        "ktab-csv": read_ktab_csv,
        "ktab-xml": read_ktab_xml,
        "decide": read_decide,
        "bdm-csv": read_bdm_csv,
        "yaml": read_forecast_yaml,
    }
    if fmt not in readers:
        raise FormatError(
            f"unknown actor-table format {fmt!r}; valid: {', '.join(readers)}", file=str(p)
        )
    return readers[fmt](p)
