"""Provenance: the sources a scenario is built from and the quotes that back each claim."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """A document the scenario cites (a news report, a communiqué, an interview)."""

    id: str
    title: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    file: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """What backs a stated position or red line.

    Either a ``source`` id with the ``quote`` it supports, or ``assumption=True`` with a
    ``note`` saying why the analyst assumes it. A claim never stands without one of the two.
    """

    source: str | None = None
    quote: str | None = None
    assumption: bool = False
    note: str | None = None

    @property
    def is_assumption(self) -> bool:
        return self.assumption or self.source is None
