"""Issues on the table and their options."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accord.errors import ScenarioError
from accord.tolerance import WRITTEN

OptionValue = str | int | float


class IssueKind(StrEnum):
    """How an issue's options relate to one another."""

    CATEGORICAL = "categorical"
    ORDINAL = "ordinal"
    NUMERIC = "numeric"


@dataclass(frozen=True, slots=True)
class Issue:
    """One issue of the talks.

    ``options`` is the finite list of values an agreement can give this issue. Numeric
    issues are discretised by their ``step`` from ``minimum`` to ``maximum``; their options
    are those grid points. ``status_quo`` is the option that holds if the issue is left
    unresolved (used by partial agreements); ``None`` when the scenario does not say.
    ``aliases`` are other names and keywords a report may use for the issue (``accord
    ingest`` recognises the issue by them).
    """

    id: str
    name: str
    kind: IssueKind
    options: tuple[OptionValue, ...]
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    unit: str | None = None
    status_quo: OptionValue | None = None
    option_labels: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.options:
            raise ScenarioError(f"issue {self.id!r} has no options")

    @property
    def size(self) -> int:
        """Number of options (the issue's factor in the size of the outcome space)."""
        return len(self.options)

    def index(self, value: OptionValue) -> int:
        """Position of ``value`` among the options (numeric values compared by value)."""
        for i, option in enumerate(self.options):
            if option == value or (
                self.kind is IssueKind.NUMERIC
                and isinstance(value, int | float)
                and not isinstance(value, bool)
                and abs(float(option) - float(value)) <= WRITTEN * max(1.0, abs(float(value)))
            ):
                return i
        raise KeyError(value)

    def label(self, i: int) -> str:
        """A readable label of option ``i``."""
        if self.option_labels:
            return self.option_labels[i]
        value = self.options[i]
        if self.unit:
            return f"{value} {self.unit}"
        return str(value)

    @property
    def status_quo_index(self) -> int | None:
        """Position of ``status_quo`` among the options; ``None`` when the scenario gives none.

        Raises ``KeyError`` if ``status_quo`` is not one of the options.
        """
        return None if self.status_quo is None else self.index(self.status_quo)
