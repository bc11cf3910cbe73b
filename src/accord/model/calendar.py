"""Talks in calendar time: past rounds, announced and expected rounds, the as-of date.

A round (in the field's sense: delegations meeting over one or more days at one venue) holds
one or more dated *sessions* (sittings); each session holds a number of *exchanges* (offers
and the answers to them in the simulated protocol; the attributes keep the name
``rounds``). Past rounds are facts, each with its evidence, and record what they agreed.
Future rounds are uncertain: an announced round has a date or a window and a chance of
taking place; expected rounds follow a cadence (a round every 2 to 6 weeks, say) until the
deadline. :meth:`Calendar.sample_sessions` draws one
future; :meth:`Calendar.nominal_sessions` gives the middle-of-the-range one.

Dates are :class:`datetime.date`. A deadline date is inclusive: a session on the deadline's
day still counts.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from accord.errors import ScenarioError
from accord.model.evidence import Evidence
from accord.model.issue import OptionValue
from accord.model.party import Representative

#: Formats of a round (docs/scenario-format.md, "Calendar").
ROUND_FORMATS = (
    "direct",
    "bilateral",
    "trilateral",
    "multilateral",
    "proximity",
    "shuttle",
    "working-groups",
)

#: Prefix of the formats in which the mediator meets one side alone: ``mediator-<party id>``
#: (``mediator-russia``: the United States' envoys with Russia). Such a round is held (it
#: counts as a round of its format) but runs no negotiation session between the parties.
MEDIATOR_FORMAT_PREFIX = "mediator-"


def one_side(fmt: str | None) -> str | None:
    """The party a mediator-with-one-side format meets (``"mediator-russia"`` gives
    ``"russia"``); ``None`` for any other format."""
    if fmt is not None and fmt.startswith(MEDIATOR_FORMAT_PREFIX):
        return fmt[len(MEDIATOR_FORMAT_PREFIX) :] or None
    return None


def negotiates(fmt: str | None) -> bool:
    """Whether a round of format ``fmt`` runs a negotiation session between the parties
    (every format but the mediator's meetings with one side)."""
    return one_side(fmt) is None


#: Stages of an agreement, as PA-X codes them.
AGREEMENT_STAGES = (
    "pre-negotiation",
    "ceasefire",
    "partial",
    "comprehensive",
    "implementation",
    "renegotiation",
)

FutureStatus = Literal["announced", "expected"]


@dataclass(frozen=True, slots=True)
class IntRange:
    """Whole numbers from ``low`` to ``high`` inclusive, sampled uniformly."""

    low: int
    high: int

    @classmethod
    def fixed(cls, n: int) -> IntRange:
        """The range holding the single number ``n`` (``low == high == n``)."""
        return cls(n, n)

    @property
    def mid(self) -> int:
        """The middle of the range, rounded half up."""
        return (self.low + self.high + 1) // 2

    def sample(self, rng: np.random.Generator) -> int:
        """One whole number drawn uniformly from ``low`` to ``high`` inclusive with ``rng``."""
        return int(rng.integers(self.low, self.high + 1))

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@dataclass(frozen=True, slots=True)
class CalendarSession:
    """One sitting of a past round: its date and the exchanges (protocol steps) it held."""

    date: _dt.date
    rounds: int | None = None
    duration_hours: float | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Delegation:
    """A party's delegation to a round: its head and members."""

    party: str
    head: Representative | None = None
    members: tuple[Representative, ...] = ()
    note: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class RoundAgreement:
    """Something a round agreed: an issue's option, or an item that maps to no issue.

    ``stage`` and ``topics`` follow PA-X (a prisoner exchange is a ``partial`` agreement on
    the ``prisoners`` and ``humanitarian`` topics).
    """

    id: str
    statement: str
    issue: str | None = None
    option: OptionValue | None = None
    stage: str | None = None
    topics: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    #: The day the agreement was announced, when not on the round's last day.
    date: _dt.date | None = None
    #: The last day of a time-limited agreement (a 30-day truce); ``None``: open-ended.
    until: _dt.date | None = None

    def in_force(self, day: _dt.date) -> bool:
        """Whether the agreement still holds on ``day`` (a time-limited one lapses after
        ``until``)."""
        return self.until is None or day <= self.until

    @property
    def maps_to_issue(self) -> bool:
        """True when the agreement names an issue and its option (it fixes part of a package)."""
        return self.issue is not None and self.option is not None


@dataclass(frozen=True, slots=True)
class PastRound:
    """A round that took place (on or before the calendar's ``as_of``)."""

    id: str
    start: _dt.date
    end: _dt.date
    venue: str | None = None
    format: str | None = None
    host: str | None = None
    mediator: str | None = None
    delegations: tuple[Delegation, ...] = ()
    sessions: tuple[CalendarSession, ...] = ()
    agreements: tuple[RoundAgreement, ...] = ()
    note: str = ""
    evidence: tuple[Evidence, ...] = ()
    #: Other dates some sources give for the round's start (kept visible, not resolved).
    other_dates: tuple[_dt.date, ...] = ()
    date_note: str = ""

    @property
    def days(self) -> int:
        """Length of the round in calendar days, both ends counted (a one-day round gives 1)."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class FutureRound:
    """A round announced after ``as_of``: on a date, or within a window of dates."""

    id: str
    status: FutureStatus = "announced"
    date: _dt.date | None = None
    earliest: _dt.date | None = None
    latest: _dt.date | None = None
    p_occurs: float = 1.0
    days: int = 1
    rounds_per_session: IntRange = IntRange(1, 1)
    venue: str | None = None
    format: str | None = None
    host: str | None = None
    mediator: str | None = None
    note: str = ""
    evidence: tuple[Evidence, ...] = ()

    @property
    def first_possible(self) -> _dt.date:
        """The earliest date the round may start: its ``date``, else the window's ``earliest``.

        A round loaded from a scenario file always has one of the two (the io layer checks it).
        """
        d = self.date if self.date is not None else self.earliest
        assert d is not None
        return d

    @property
    def last_possible(self) -> _dt.date:
        """The latest date the round may start: its ``date``, else the window's ``latest``."""
        d = self.date if self.date is not None else self.latest
        assert d is not None
        return d

    @property
    def nominal_date(self) -> _dt.date:
        """The date, or the middle of the window."""
        lo, hi = self.first_possible, self.last_possible
        return lo + _dt.timedelta(days=(hi - lo).days // 2)

    def sample_date(self, rng: np.random.Generator) -> _dt.date:
        """A start date drawn uniformly among the days from :attr:`first_possible` to
        :attr:`last_possible` inclusive.
        """
        lo, hi = self.first_possible, self.last_possible
        return lo + _dt.timedelta(days=int(rng.integers(0, (hi - lo).days + 1)))


@dataclass(frozen=True, slots=True)
class Cadence:
    """Expected rounds: one every ``every_days`` days after the last past or announced round,
    until the deadline, each taking place with probability ``p_occurs``.

    ``formats`` names the formats the analyst expects the talks to hold rounds in, beyond
    those of the calendar's rounds: a format named here that the record has not seen yet
    waits for its first round from the talks' first recorded round, with the cadence as its
    prior (docs/cadence.md, "A format not yet held"). Empty: the formats of the rounds only.
    """

    every_days: IntRange
    p_occurs: float = 1.0
    days: int = 1
    rounds_per_session: IntRange = IntRange(1, 1)
    note: str = ""
    evidence: tuple[Evidence, ...] = ()
    formats: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DatedSession:
    """A session on a date with its exchanges (protocol steps), past (fact) or future (one
    draw)."""

    date: _dt.date
    rounds: int
    round_id: str
    past: bool
    status: str = "held"  # held | announced | expected


@dataclass(frozen=True, slots=True)
class Calendar:
    """The talks' calendar: what happened, what is announced and expected, as of a date.

    The past is fact: runs start at ``as_of`` and no past round is simulated again (the
    back-test replays past rounds, each from its own eve). What a past round agreed is
    settled (:meth:`settled`). ``simulate_from`` names the past round the scenario's
    preferences describe (``None``: the last past round); it is shown, never replayed.
    """

    as_of: _dt.date
    past: tuple[PastRound, ...] = ()
    future: tuple[FutureRound, ...] = ()
    cadence: Cadence | None = None
    simulate_from: str | None = None
    note: str = ""
    evidence: tuple[Evidence, ...] = field(default=())

    def round(self, round_id: str) -> PastRound | FutureRound:
        """The past or future round with id ``round_id``; ``KeyError`` if there is none."""
        for p in self.past:
            if p.id == round_id:
                return p
        for f in self.future:
            if f.id == round_id:
                return f
        raise KeyError(round_id)

    @property
    def start_round(self) -> PastRound | None:
        """The past round where the simulation starts (see ``simulate_from``)."""
        if self.simulate_from is not None:
            for r in self.past:
                if r.id == self.simulate_from:
                    return r
        return self.past[-1] if self.past else None

    @property
    def replayed_rounds(self) -> tuple[PastRound, ...]:
        """Past rounds from ``simulate_from`` on: the rounds the scenario describes (shown
        as its sessions; runs never simulate them again)."""
        start = self.start_round
        if start is None:
            return ()
        return tuple(r for r in self.past if r.start >= start.start)

    def past_sessions(self, *, history: bool = False) -> tuple[DatedSession, ...]:
        """The past sessions with a round count, all of them with ``history=True`` (a past
        session without ``rounds`` is skipped); none otherwise: runs start at ``as_of`` and
        the past is never simulated again."""
        if not history:
            return ()
        rounds = self.past
        return tuple(
            DatedSession(s.date, s.rounds, r.id, True, "held")
            for r in rounds
            for s in r.sessions
            if s.rounds
        )

    def settled(self) -> dict[str, OptionValue]:
        """What the past rounds agreed, issue by issue: the option of the latest agreement
        that names an issue (:attr:`RoundAgreement.maps_to_issue`), in the order of the
        rounds. These are facts: runs start from them and never reopen them. A time-limited
        agreement that lapsed by ``as_of`` (:meth:`RoundAgreement.in_force`) settles nothing."""
        out: dict[str, OptionValue] = {}
        for r in sorted(self.past, key=lambda x: x.start):
            for a in r.agreements:
                if a.issue is not None and a.option is not None and a.in_force(self.as_of):
                    out[a.issue] = a.option
        return out

    def _last_fixed(self) -> _dt.date:
        ends = [r.end for r in self.past]
        return max(ends) if ends else self.as_of

    def nominal_sessions(
        self, deadline: _dt.date | None, *, history: bool = False
    ) -> tuple[DatedSession, ...]:
        """Past sessions, then every future round at its nominal values: announced rounds
        on their date (or their window's middle) with rounds at the middle of the range, and
        cadence rounds at the mean interval, up to the deadline (inclusive)."""
        out = list(self.past_sessions(history=history))
        future = sorted(self.future, key=lambda f: f.nominal_date)
        last = self._last_fixed()
        for f in future:
            start = f.nominal_date
            out.extend(
                _round_sessions(
                    f.id, f.status, start, f.days, [f.rounds_per_session.mid] * f.days, deadline
                )
            )
            last = max(last, start + _dt.timedelta(days=f.days - 1))
        c = self.cadence
        if c is not None and deadline is not None:
            step = (c.every_days.low + c.every_days.high) / 2
            k = 0
            while True:
                last = last + _dt.timedelta(days=round(step))
                if last > deadline:
                    break
                k += 1
                rounds = [c.rounds_per_session.mid] * c.days
                out.extend(
                    _round_sessions(f"expected-{k}", "expected", last, c.days, rounds, deadline)
                )
                last = last + _dt.timedelta(days=c.days - 1)
        return tuple(out)

    def sample_sessions(
        self, rng: np.random.Generator, deadline: _dt.date | None, *, history: bool = False
    ) -> tuple[DatedSession, ...]:
        """One draw of the future: each announced round takes place with its ``p_occurs`` on
        a date drawn uniformly in its window, rounds per session drawn uniformly in their
        range; cadence rounds follow at intervals drawn uniformly in ``every_days`` after the
        last past or announced round (whether or not that one took place), each with the
        cadence's ``p_occurs``, up to the deadline (inclusive; later sessions are dropped)."""
        out = list(self.past_sessions(history=history))
        last = self._last_fixed()
        drawn = []
        for f in self.future:
            start = f.sample_date(rng)
            occurs = bool(rng.random() < f.p_occurs)
            rounds = [f.rounds_per_session.sample(rng) for _ in range(f.days)]
            drawn.append((start, f, occurs, rounds))
            last = max(last, start + _dt.timedelta(days=f.days - 1))
        for start, f, occurs, rounds in sorted(drawn, key=lambda x: x[0]):
            if occurs:
                out.extend(_round_sessions(f.id, f.status, start, f.days, rounds, deadline))
        c = self.cadence
        if c is not None and deadline is not None:
            k = 0
            while True:
                last = last + _dt.timedelta(days=c.every_days.sample(rng))
                if last > deadline:
                    break
                k += 1
                occurs = bool(rng.random() < c.p_occurs)
                rounds = [c.rounds_per_session.sample(rng) for _ in range(c.days)]
                if occurs:
                    out.extend(
                        _round_sessions(f"expected-{k}", "expected", last, c.days, rounds, deadline)
                    )
                last = last + _dt.timedelta(days=c.days - 1)
        return tuple(out)


def _round_sessions(
    round_id: str,
    status: str,
    start: _dt.date,
    days: int,
    rounds: Sequence[int],
    deadline: _dt.date | None,
) -> list[DatedSession]:
    out = []
    for k in range(days):
        day = start + _dt.timedelta(days=k)
        if deadline is not None and day > deadline:
            break
        out.append(DatedSession(day, int(rounds[k]), round_id, False, status))
    return out


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> _dt.date:
    """An ISO date (``YYYY-MM-DD``) from a string or a date; :class:`ScenarioError` (a
    ``ValueError``) otherwise."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return _dt.date.fromisoformat(value.strip())
    raise ScenarioError(f"not a date: {value!r}")
