"""Where the tests' reference data live: ``tests/data`` (provenance and licences in
``tests/data/README.md``). No test reads anything outside the repository."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GENIUS = DATA / "genius"
FORECASTING = DATA / "forecasting"
