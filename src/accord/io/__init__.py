"""Reading and writing scenarios (DESIGN.md, layer ``io``)."""

from accord.io.loader import DEFAULT_SCENARIO, bundled_scenarios, load_scenario, resolve
from accord.io.native import dump_scenario, scenario_from_document, scenario_to_document
from accord.io.schema import json_schema

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
