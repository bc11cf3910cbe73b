"""Outcome spaces and compiled utility tables (DESIGN.md, layer ``space``)."""

from accord.space.compiled import (
    DEFAULT_MAX_OUTCOMES,
    Block,
    CompiledScenario,
    Requirement,
    compile_scenario,
)
from accord.space.outcomes import OutcomeSpace

__all__ = [
    "DEFAULT_MAX_OUTCOMES",
    "Block",
    "CompiledScenario",
    "OutcomeSpace",
    "Requirement",
    "compile_scenario",
]
