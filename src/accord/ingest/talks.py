"""The talks record as the source and destination of ``accord ingest`` (``--record REF``)."""

from __future__ import annotations

from typing import Any

from accord.errors import ConfigurationError
from accord.model import Scenario


def _record() -> Any:
    try:
        from accord import record
    except ImportError:
        raise ConfigurationError(
            "--record needs the talks record (accord talks), which this installation does not "
            "have; give a SCENARIO file instead and apply with -o NEW_SCENARIO.yaml"
        ) from None
    return record


def scenario_from_record(ref: str) -> Scenario:
    """The scenario version ``ref`` names in the talks record."""
    _record()
    raise ConfigurationError("--record: the talks record cannot be read by accord ingest yet")


def apply_to_record(ref: str, review: dict[str, Any]) -> tuple[Any, str]:
    """Apply ``review`` to the scenario at ``ref`` and commit it as a new version."""
    _record()
    raise ConfigurationError("--record: the talks record cannot be written by accord ingest yet")
