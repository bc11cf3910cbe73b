"""The ``forecast:`` section of a scenario: an actor table written by the analyst.

The forecasting models (:mod:`accord.forecast`) run on tables of actors with a position,
a salience and a capability on each policy dimension. A scenario derives one from its
parties and issues; it may instead carry one of its own, written in its ``forecast:``
section (docs/forecasting.md). These are the typed, validated contents of that section;
:mod:`accord.io.forecast_section` parses them from documents and writes them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ForecastDimension:
    """One policy dimension: its ``name``, its ``scale`` ``(low, high)`` with ``high > low``
    (default ``(0, 100)``) and what it measures."""

    name: str
    scale: tuple[float, float] = (0.0, 100.0)
    description: str = ""


@dataclass(frozen=True, slots=True)
class ForecastActor:
    """One actor of the table.

    ``capability`` is one number, or one per dimension (in the section's dimension order);
    ``positions`` maps a dimension name to the actor's position on its scale and
    ``salience`` maps it to how much the dimension matters to the actor, in ``[0, 1]``. A
    dimension without a position is one the actor takes no part in.
    """

    name: str
    positions: dict[str, float] = field(default_factory=dict)
    salience: dict[str, float] = field(default_factory=dict)
    capability: float | tuple[float, ...] = 1.0
    description: str = ""

    def __hash__(self) -> int:  # hashable like the scenario that holds it (eq-consistent)
        return hash((self.name, frozenset(self.positions.items()), self.capability))


@dataclass(frozen=True, slots=True)
class ForecastInputs:
    """The ``forecast:`` section: the dimensions (at least one) and the actors (at least
    one) of an actor table, validated when read (names known, positions on their scales,
    saliences in ``[0, 1]``, one capability per dimension when several)."""

    dimensions: tuple[ForecastDimension, ...]
    actors: tuple[ForecastActor, ...]

    @property
    def dimension_names(self) -> tuple[str, ...]:
        """The dimensions' names, in order."""
        return tuple(d.name for d in self.dimensions)
