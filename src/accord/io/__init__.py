"""Reading and writing scenarios (DESIGN.md, layer ``io``)."""

from typing import TYPE_CHECKING, Any

from accord.io.loader import DEFAULT_SCENARIO, bundled_scenarios, load_scenario, resolve

if TYPE_CHECKING:
    from accord.io.native import dump_scenario, scenario_from_document, scenario_to_document
    from accord.io.schema import json_schema

# accord's own format (its pydantic schema) is imported on first use: reading a GENIUS,
# GeniusWeb or NegMAS scenario never pays for it
_LAZY = {
    "dump_scenario": "accord.io.native",
    "scenario_from_document": "accord.io.native",
    "scenario_to_document": "accord.io.native",
    "json_schema": "accord.io.schema",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'accord.io' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_SCENARIO",
    "bundled_scenarios",
    "dump_scenario",
    "json_schema",
    "load_scenario",
    "resolve",
    "scenario_from_document",
    "scenario_to_document",
]
