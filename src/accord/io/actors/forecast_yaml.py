"""Reader of an accord YAML/JSON file with a top-level ``forecast:`` section, parsed by
the scenario reader's own parser (:mod:`accord.io.forecast_section`).
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
    from accord.forecast.scenario import actor_table_from_forecast
    from accord.io.forecast_section import parse_forecast

    p = Path(path)
    name = str(p)
    doc: Any = read_document(p)
    if not isinstance(doc.data, dict) or "forecast" not in doc.data:
        raise FormatError(
            "no top-level 'forecast:' section (an actor table with dimensions and actors)",
            file=name,
        )
    return actor_table_from_forecast(parse_forecast(doc, doc.data["forecast"]), source=name)
