"""How much an analysis may list and how long it may run.

An analysis's work grows with what it enumerates: Pareto-optimal packages, minimal
conflicts, minimal relaxations, issue subsets. :class:`Limits` caps each listing (the
result then lists the first or most telling items and records what was left out in
:attr:`accord.analysis.Analysis.capped`) and can give the whole analysis a wall-clock
budget, past which :class:`accord.errors.BudgetExceeded` is raised.

>>> Limits().frontier
1000
>>> Limits.unlimited().relaxations is None
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields
from typing import Any

from accord.errors import BudgetExceeded, ConfigurationError

#: Partial agreements enumerate issue subsets until this many outcomes were scanned.
DEFAULT_PARTIAL_BUDGET = 5_000_000


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on an analysis (``None``: no cap).

    Attributes
    ----------
    frontier
        Packages listed per Pareto frontier (all feasible packages, and the ZOPA). The
        bargaining solutions are always taken on the whole frontier; a capped listing is
        an evenly spaced selection along it, both ends included.
    relaxations
        Minimal relaxations listed (fewest changes and smallest shortfall first).
    conflicts
        Minimal conflicts listed (smallest first).
    partial_agreements
        Partial agreements listed (most issues first).
    partial_outcomes
        Outcomes the search for partial agreements may scan in all.
    partial_subsets
        Issue subsets the search for partial agreements may examine.
    seconds
        Wall-clock budget of the whole analysis; :class:`accord.errors.BudgetExceeded`
        when it runs out (checked between blocks, subsets and sets, and given to the
        constraint solver as its time limit when shorter).
    """

    frontier: int | None = 1000
    relaxations: int | None = 100
    conflicts: int | None = 100
    partial_agreements: int | None = 100
    partial_outcomes: int = DEFAULT_PARTIAL_BUDGET
    partial_subsets: int = 1024
    seconds: float | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                if f.name in ("partial_outcomes", "partial_subsets"):
                    raise ConfigurationError(f"{f.name} must be a number, not None")
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigurationError(f"{f.name} must be a number (got {value!r})")
            if f.name == "seconds":
                if not value > 0:
                    raise ConfigurationError(f"seconds must be > 0 (got {value!r})")
            elif not isinstance(value, int) or value < 0:
                raise ConfigurationError(f"{f.name} must be an integer >= 0 (got {value!r})")

    @classmethod
    def unlimited(cls) -> Limits:
        """No cap on any listing and no time budget (the search for partial agreements
        keeps its default outcome budget)."""
        return cls(frontier=None, relaxations=None, conflicts=None, partial_agreements=None)

    def replace(self, **changes: Any) -> Limits:
        """A copy with ``changes``."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return Limits(**values)


@dataclass(frozen=True, slots=True)
class Cap:
    """A listing that was cut short: ``listed`` of ``total`` items (``None``: more than
    ``listed``, how many is unknown), by the limit ``parameter``."""

    listed: int
    total: int | None
    parameter: str

    @property
    def more(self) -> int | None:
        """How many were left out (``None``: unknown)."""
        return None if self.total is None else self.total - self.listed

    def to_dict(self) -> dict[str, Any]:
        """The cap as a JSON-ready dict; the limit's parameter name is under ``limit``."""
        return {
            "listed": self.listed,
            "total": self.total,
            "more": self.more,
            "limit": self.parameter,
        }


class Clock:
    """The wall-clock budget of one analysis."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float | None:
        """Seconds left (``None``: no budget)."""
        return None if self.deadline is None else self.deadline - time.monotonic()

    def check(self) -> None:
        """Raise :class:`BudgetExceeded` once the budget is spent."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            assert self.seconds is not None
            raise BudgetExceeded(
                f"the analysis ran past its time budget of {self.seconds:g} s",
                seconds=self.seconds,
            )
