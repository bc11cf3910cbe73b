"""Reader of an accord YAML/JSON file with a top-level ``forecast:`` section
(:mod:`accord.forecast.schema`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.errors import FormatError
from accord.forecast.actors import ActorTable
from accord.io.actors.common import read_document

__all__ = ["read_forecast_yaml"]


def read_forecast_yaml(path: str | Path) -> ActorTable:
    """Read the top-level ``forecast:`` section of an accord YAML/JSON file."""
    from accord.forecast.schema import forecast_section_from_mapping

    p = Path(path)
    name = str(p)
    doc: Any = read_document(p).data
    if not isinstance(doc, dict) or "forecast" not in doc:
        raise FormatError(
            "no top-level 'forecast:' section (an actor table with dimensions and actors)",
            file=name,
        )
    return forecast_section_from_mapping(doc["forecast"], file=name).to_table(source=name)
