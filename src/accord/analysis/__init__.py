"""Agreement-space analysis (DESIGN.md, layer ``analysis``).

The names below are imported on first use: a simulation needs a few helpers of this
package (bargaining scores, concessions), not the analysis itself, and should not pay for
importing it.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.analysis.analyze import analyze
    from accord.analysis.limits import Cap, Limits
    from accord.analysis.pareto import frontier_indices, nondominated
    from accord.analysis.result import Analysis, Deadlock, PartialAgreement, Point, Relaxation, Zopa

#: Public name -> the module that defines it.
_HOMES = {
    "analyze": "accord.analysis.analyze",
    "Cap": "accord.analysis.limits",
    "Limits": "accord.analysis.limits",
    "frontier_indices": "accord.analysis.pareto",
    "nondominated": "accord.analysis.pareto",
    "Analysis": "accord.analysis.result",
    "Deadlock": "accord.analysis.result",
    "PartialAgreement": "accord.analysis.result",
    "Point": "accord.analysis.result",
    "Relaxation": "accord.analysis.result",
    "Zopa": "accord.analysis.result",
}

__all__ = [
    "Analysis",
    "Cap",
    "Deadlock",
    "Limits",
    "PartialAgreement",
    "Point",
    "Relaxation",
    "Zopa",
    "analyze",
    "frontier_indices",
    "nondominated",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    setattr(sys.modules[__name__], name, value)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The package's ``analyze`` is the function: importing the submodule of the same name
    would otherwise bind the package's ``analyze`` to that module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "analyze" and isinstance(value, types.ModuleType):
            value = value.analyze
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
