"""The scenario model: plain immutable dataclasses, no I/O (DESIGN.md, layer ``model``)."""

from accord.model.constraint import Clause, Condition, Constraint, Op, RedLine
from accord.model.evidence import Evidence, EvidenceKind, Source
from accord.model.issue import Issue, IssueKind, OptionValue
from accord.model.party import Party, Position, Representative, Role
from accord.model.preference import (
    HyperRectangle,
    LinearValue,
    PeakedValue,
    PiecewiseLinearValue,
    Preference,
    TableValue,
    ValueFunction,
)
from accord.model.scenario import Deadline, Metadata, Scenario, Session

__all__ = [
    "Clause",
    "Condition",
    "Constraint",
    "Deadline",
    "Evidence",
    "EvidenceKind",
    "HyperRectangle",
    "Issue",
    "IssueKind",
    "LinearValue",
    "Metadata",
    "Op",
    "OptionValue",
    "Party",
    "PeakedValue",
    "PiecewiseLinearValue",
    "Position",
    "Preference",
    "RedLine",
    "Representative",
    "Role",
    "Scenario",
    "Session",
    "Source",
    "TableValue",
    "ValueFunction",
]
