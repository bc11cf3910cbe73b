"""Shared pieces of the sweep tests: the Geneva copy with an uncertainty block."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

from accord.io import load_scenario
from accord.model import Scenario

DATA = Path(__file__).resolve().parents[1] / "data" / "sweep"
GENEVA = DATA / "geneva-uncertain.yaml"


def geneva() -> Scenario:
    return load_scenario(GENEVA)


def geneva_without_drift() -> tuple[Scenario, dict[str, Any]]:
    """The Geneva copy and its uncertainty block with the drifts removed."""
    sc = geneva()
    raw = copy.deepcopy(sc.extras["uncertainty"])
    assert isinstance(raw, dict)
    for party in raw["parties"].values():
        rv = party.get("reservation_value")
        if isinstance(rv, dict):
            rv.pop("drift", None)
    return sc, raw


def accord_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the ``accord`` command in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "accord", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
