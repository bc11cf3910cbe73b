"""The scenario: one round of talks, described completely."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from accord.model.calendar import Calendar
from accord.model.constraint import Constraint, RedLine
from accord.model.evidence import Evidence, Source
from accord.model.forecast import ForecastInputs
from accord.model.issue import Issue
from accord.model.party import Party
from accord.model.ratification import RatificationStage
from accord.model.track import Track
from accord.model.uncertainty import Uncertainty


@dataclass(frozen=True, slots=True)
class Session:
    """A sitting of the talks (for example a long first day and a two-hour second day)."""

    date: str
    duration_hours: float | None = None
    rounds: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Deadline:
    """When the talks must end: after ``rounds`` rounds and/or by a calendar ``date``.

    ``date`` is ISO (``YYYY-MM-DD``), inclusive. A loose deadline ("June") keeps its words in
    ``as_stated`` with ``interpreted=True``: the date is the analyst's reading of them.
    With a calendar, ``rounds`` is not used (the calendar's sessions give the rounds).
    ``corroboration`` holds later evidence restating the same deadline.
    """

    rounds: int | None = None
    date: str | None = None
    set_by: str | None = None
    note: str = ""
    evidence: Evidence | None = None
    as_stated: str | None = None
    interpreted: bool = False
    corroboration: tuple[Evidence, ...] = ()

    @property
    def day(self) -> _dt.date | None:
        """``date`` as a :class:`datetime.date` (``None`` without a date)."""
        return None if self.date is None else _dt.date.fromisoformat(self.date)


@dataclass(frozen=True, slots=True)
class Metadata:
    """What identifies a scenario: its ``id`` (a file-name-safe slug), title, the talks'
    start and end dates (ISO strings, ``None`` when unknown), venue and a short summary.
    """

    id: str
    title: str
    start_date: str | None = None
    end_date: str | None = None
    venue: str | None = None
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a scenario was read from; not part of the scenario (two scenarios read from
    different files are equal when their contents are).

    ``format`` is the reader's format (``"accord"``, ``"genius"``, ``"geniusweb"``,
    ``"negmas"``; ``None`` for a scenario built in code), ``file`` the file name as given,
    ``folder`` the folder its source files are looked up in (quotes are checked against
    them; ``accord copy`` copies them), ``domain_file`` the domain file of a format that
    keeps the domain apart from the preference profiles (GENIUS).
    """

    format: str | None = None
    file: str | None = None
    folder: Path | None = None
    domain_file: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A negotiation: parties, issues, preferences, red lines, deadline and evidence.

    Instances are immutable. The readers (:func:`accord.io.load_scenario`,
    :func:`accord.io.scenario_from_document`) check what they build: references between
    parts, options, evidence; a scenario constructed directly in code is not checked
    across its parts. The outcome space is the Cartesian product of the issues' options.

    ``forecast`` is the scenario's own actor table for the forecasting models (its
    ``forecast:`` section), ``uncertainty`` the distributions over its assumptions that a
    sweep samples (its ``uncertainty:`` section); both ``None`` when the scenario has none.
    ``tracks`` group the issues into negotiation tracks that may settle apart
    (:mod:`accord.model.track`; empty: the whole package settles at once).
    ``ratification`` lists the domestic approval stages a signed deal must pass
    (:mod:`accord.model.ratification`; empty: the talks alone decide, level 1 only).
    ``origin`` says where it was read from and takes no part in equality.
    """

    metadata: Metadata
    parties: tuple[Party, ...]
    issues: tuple[Issue, ...]
    sources: tuple[Source, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    deadline: Deadline | None = None
    sessions: tuple[Session, ...] = ()
    protocol: str | None = None
    calendar: Calendar | None = None
    forecast: ForecastInputs | None = None
    uncertainty: Uncertainty | None = None
    tracks: tuple[Track, ...] = ()
    ratification: tuple[RatificationStage, ...] = ()
    origin: Origin = field(default=Origin(), compare=False, repr=False)

    @property
    def id(self) -> str:
        """The scenario's id (``metadata.id``)."""
        return self.metadata.id

    @property
    def n_outcomes(self) -> int:
        """Size of the outcome space: the product of the issues' numbers of options (a Python
        ``int``, exact however large).
        """
        n = 1
        for issue in self.issues:
            n *= issue.size
        return n

    @property
    def bargaining_parties(self) -> tuple[Party, ...]:
        """The parties whose consent a deal needs (:attr:`Party.bargaining`), in scenario order."""
        return tuple(p for p in self.parties if p.bargaining)

    @property
    def red_lines(self) -> tuple[RedLine, ...]:
        """Every party's red lines, party by party in scenario order."""
        return tuple(r for p in self.parties for r in p.red_lines)

    def party(self, party_id: str) -> Party:
        """The party with id ``party_id``; ``KeyError`` if there is none."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise KeyError(party_id)

    def issue(self, issue_id: str) -> Issue:
        """The issue with id ``issue_id``; ``KeyError`` if there is none."""
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def issue_position(self, issue_id: str) -> int:
        """The position of issue ``issue_id`` in :attr:`issues` (its column in outcome arrays);
        ``KeyError`` if there is none.
        """
        for k, i in enumerate(self.issues):
            if i.id == issue_id:
                return k
        raise KeyError(issue_id)

    @property
    def mediators(self) -> tuple[Party, ...]:
        """The parties with the role ``mediator``, in scenario order."""
        return tuple(p for p in self.parties if p.role == "mediator")

    def stages_of(self, party_id: str) -> tuple[RatificationStage, ...]:
        """The ratification stages of party ``party_id``, in their order (empty when it has
        none)."""
        return tuple(
            sorted((s for s in self.ratification if s.party == party_id), key=lambda s: s.order)
        )
