"""Agreement-space analysis (DESIGN.md, layer ``analysis``)."""

from accord.analysis.analyze import analyze
from accord.analysis.limits import Cap, Limits
from accord.analysis.pareto import frontier_indices, nondominated
from accord.analysis.result import Analysis, Deadlock, PartialAgreement, Point, Relaxation

__all__ = [
    "Analysis",
    "Cap",
    "Deadlock",
    "Limits",
    "PartialAgreement",
    "Point",
    "Relaxation",
    "analyze",
    "frontier_indices",
    "nondominated",
]
