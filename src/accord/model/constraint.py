"""Red lines and scenario constraints: hard conditions on packages.

A :class:`Clause` is a test on one issue (``==``, ``!=``, ``in``, ``not in``, ``<=``,
``>=``). A :class:`Condition` is a clause that must hold, optionally only ``when`` another
clause holds (``requires``: option X of issue A requires option Y of issue B). A red line
is a condition owned by a party, with its evidence; a scenario constraint binds everyone
(feasibility) and cannot be relaxed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from accord.model.evidence import Evidence
from accord.model.issue import Issue, IssueKind, OptionValue
from accord.tolerance import below


class Op(StrEnum):
    """The comparison of a :class:`Clause`, spelt as in scenario files.

    ``<=`` and ``>=`` compare numeric options by value and other options by their position
    in the issue's option list (the ordinal order).
    """

    EQ = "=="
    NE = "!="
    IN = "in"
    NOT_IN = "not in"
    LE = "<="
    GE = ">="


@dataclass(frozen=True, slots=True)
class Clause:
    """``issue op values``; ``values`` has one element except for ``in``/``not in``."""

    issue: str
    op: Op
    values: tuple[OptionValue, ...]

    def option_mask(self, issue: Issue) -> NDArray[np.bool_]:
        """Which options of ``issue`` satisfy the clause (one bool per option)."""
        n = issue.size
        if self.op in (Op.LE, Op.GE):
            if issue.kind is IssueKind.NUMERIC:
                x = np.asarray(issue.options, dtype=np.float64)
                bound = float(self.values[0])
                return ~(below(bound, x) if self.op is Op.LE else below(x, bound))
            pos = np.arange(n)
            ref = issue.index(self.values[0])
            return pos <= ref if self.op is Op.LE else pos >= ref
        hit = np.zeros(n, dtype=bool)
        for v in self.values:
            hit[issue.index(v)] = True
        if self.op in (Op.EQ, Op.IN):
            return hit
        return ~hit

    def describe(self) -> str:
        """The clause as readable text, e.g. ``ceasefire == permanent``."""
        vals = self.values[0] if len(self.values) == 1 else list(self.values)
        return f"{self.issue} {self.op.value} {vals}"


@dataclass(frozen=True, slots=True)
class Condition:
    """``must`` holds (whenever ``when`` holds, if given)."""

    must: Clause
    when: Clause | None = None

    @property
    def issues(self) -> tuple[str, ...]:
        """Ids of the issues the condition reads: the ``when`` issue (if any), then the ``must``
        one.
        """
        if self.when is None:
            return (self.must.issue,)
        return (self.when.issue, self.must.issue)

    def describe(self) -> str:
        """The condition as readable text: the clause, or ``if <when> then <must>``."""
        if self.when is None:
            return self.must.describe()
        return f"if {self.when.describe()} then {self.must.describe()}"


@dataclass(frozen=True, slots=True)
class RedLine:
    """A party's hard constraint: it signs no package that breaks ``condition``.

    ``corroboration`` holds later evidence restating the same red line (a new report of
    it), in the order it was added; ``evidence`` stays the first.
    """

    id: str
    party: str
    statement: str
    condition: Condition
    evidence: Evidence = field(default_factory=lambda: Evidence(assumption=True))
    corroboration: tuple[Evidence, ...] = ()

    @property
    def all_evidence(self) -> tuple[Evidence, ...]:
        """The evidence, then its corroboration."""
        return (self.evidence, *self.corroboration)

    @property
    def issues(self) -> tuple[str, ...]:
        """Ids of the issues the red line's condition reads (see :attr:`Condition.issues`)."""
        return self.condition.issues


@dataclass(frozen=True, slots=True)
class Constraint:
    """A scenario-level constraint between issues that every package must satisfy."""

    id: str
    statement: str
    condition: Condition
    evidence: Evidence = field(default_factory=lambda: Evidence(assumption=True))
