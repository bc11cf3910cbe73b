"""The scenario model: plain immutable dataclasses, no I/O (DESIGN.md, layer ``model``)."""

from accord.model.calendar import (
    Cadence,
    Calendar,
    CalendarSession,
    DatedSession,
    Delegation,
    FutureRound,
    IntRange,
    PastRound,
    RoundAgreement,
)
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
    "Cadence",
    "Calendar",
    "CalendarSession",
    "Clause",
    "Condition",
    "Constraint",
    "DatedSession",
    "Deadline",
    "Delegation",
    "Evidence",
    "EvidenceKind",
    "FutureRound",
    "HyperRectangle",
    "IntRange",
    "Issue",
    "IssueKind",
    "LinearValue",
    "Metadata",
    "Op",
    "OptionValue",
    "Party",
    "PastRound",
    "PeakedValue",
    "PiecewiseLinearValue",
    "Position",
    "Preference",
    "RedLine",
    "Representative",
    "Role",
    "RoundAgreement",
    "Scenario",
    "Session",
    "Source",
    "TableValue",
    "ValueFunction",
]
