"""Parties at the table: negotiators, mediators and observers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from accord.model.constraint import RedLine
from accord.model.evidence import Evidence
from accord.model.issue import OptionValue
from accord.model.preference import Preference


class Role(StrEnum):
    """What a party does at the table: negotiate (``party``), mediate, or observe.

    Only a ``party`` bargains by default (its consent is needed for a deal); see
    :attr:`Party.bargaining`.
    """

    PARTY = "party"
    MEDIATOR = "mediator"
    OBSERVER = "observer"


@dataclass(frozen=True, slots=True)
class Representative:
    """A named person speaking for a party (a delegation head or member) and their title."""

    name: str
    title: str = ""


#: What a position says of its option: the party holds out for it, or rejects it.
STANCES = ("supports", "rejects")


@dataclass(frozen=True, slots=True)
class Position:
    """A stated position on one issue, with the evidence for it.

    ``stance`` says what the party says of ``option``: ``supports`` (a demand, an offer, a
    proposal, an acceptance) or ``rejects`` (a rejection of that option: the party's position
    is *not* at it). ``corroboration`` holds later evidence restating the same position (a
    new report of it), in the order it was added; ``evidence`` stays the first.
    """

    issue: str
    statement: str
    option: OptionValue | None = None
    evidence: Evidence = field(default_factory=lambda: Evidence(assumption=True))
    stance: str = "supports"
    corroboration: tuple[Evidence, ...] = ()

    @property
    def all_evidence(self) -> tuple[Evidence, ...]:
        """The evidence, then its corroboration."""
        return (self.evidence, *self.corroboration)


@dataclass(frozen=True, slots=True)
class Party:
    """A party, its preferences, red lines and reservation value.

    ``reservation_value`` is the utility of no agreement (the value of its BATNA):
    a package giving less is not acceptable to it. ``capability`` (>= 0) weighs the party
    in power-weighted solutions and forecasting models. ``bargaining`` says whether the
    party's consent is needed for a deal: true for role ``party``, false for mediators and
    observers unless the scenario says otherwise. ``aliases`` are other names a report may
    use for the party: its capital, government and institutions, leaders, delegation heads.
    """

    id: str
    name: str
    role: Role = Role.PARTY
    representatives: tuple[Representative, ...] = ()
    capability: float = 1.0
    reservation_value: float = 0.0
    preference: Preference = field(default_factory=Preference)
    red_lines: tuple[RedLine, ...] = ()
    positions: tuple[Position, ...] = ()
    bargaining: bool = True
    reservation_evidence: Evidence = field(default_factory=lambda: Evidence(assumption=True))
    discount_factor: float = 1.0
    strategy: str | None = None
    aliases: tuple[str, ...] = ()
