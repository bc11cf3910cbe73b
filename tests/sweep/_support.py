"""Shared pieces of the sweep tests: the Geneva copy with an uncertainty block."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from accord.io import load_scenario
from accord.model import Scenario

DATA = Path(__file__).resolve().parents[1] / "data" / "sweep"
GENEVA = DATA / "geneva-uncertain.yaml"


def geneva() -> Scenario:
    return load_scenario(GENEVA)


def geneva_without_drift() -> Scenario:
    """The Geneva copy with the drifts of its reservation values removed."""
    sc = geneva()
    assert sc.uncertainty is not None
    parties = {}
    for pid, pu in sc.uncertainty.parties.items():
        rv = pu.reservation_value
        parties[pid] = pu if rv is None else replace(pu, reservation_value=replace(rv, drift=None))
    return replace(sc, uncertainty=replace(sc.uncertainty, parties=parties))


def accord_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the ``accord`` command in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "accord", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
