"""The talks on the calendar: the dated sessions a simulation runs through.

Negotiation rounds (offers and replies of the simulated protocol) happen inside sessions,
and sessions fall on dates. Where the sessions come from, in order:

1. **The scenario's calendar** (``calendar:``, docs/scenario-format.md): the past sessions
   from the round the scenario describes on (``simulate_from``), then the future rounds up
   to the deadline's date: announced rounds on their date (or in their window) and expected
   rounds at the cadence. ``accord simulate`` uses every future round at its nominal values
   (date or window middle, the middle of the rounds-per-session range, every round held);
   ``accord sweep`` draws them per run (dates, whether a round takes place, rounds per
   session) from the run's own generator, so a run's calendar depends on the seed and the
   run number only.
2. Otherwise **the scenario's sessions**, each on its date with its round budget, and the
   deadline's date: one fixed calendar.
3. Otherwise the talks are **not dated**: rounds only (the deadline in rounds).

A run ends at the deadline's date: its rounds are those of every session up to the
deadline (inclusive), however many they are. Relative time, which time-dependent
strategies see, counts the run's rounds: ``t = r / (R - 1)`` over its ``R`` rounds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import ConfigurationError
from accord.model import Scenario
from accord.negotiation.sessions import Schedule

Float = NDArray[np.float64]
Index = NDArray[np.intp]


def to_date(value: object) -> dt.date | None:
    """A :class:`datetime.date` from a date or an ISO string (``None`` if neither)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class DatedSession:
    """A session on ``date`` holding ``rounds`` negotiation rounds; ``round_id`` names the
    round of talks it belongs to; ``past`` marks a session that took place."""

    date: dt.date
    rounds: int
    round_id: str = ""
    past: bool = False
    status: str = "held"  # held | announced | expected | scheduled

    @property
    def label(self) -> str:
        return f"{self.round_id} {self.date.isoformat()}" if self.round_id else str(self.date)


@dataclass(frozen=True, slots=True)
class Landmark:
    """A past round to mark on a chart: its id, first and last day."""

    id: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True, eq=False)
class TalksCalendar:
    """The dated sessions of a scenario's talks (see the module docstring)."""

    as_of: dt.date
    deadline: dt.date
    calendar: Any = None  # accord.model.calendar.Calendar, when the scenario has one
    fixed: tuple[DatedSession, ...] = ()  # the sessions when there is no calendar
    history: tuple[Landmark, ...] = ()

    @property
    def uncertain(self) -> bool:
        """Whether runs draw their own future sessions."""
        c = self.calendar
        return c is not None and (bool(c.future) or c.cadence is not None)

    def nominal(self) -> tuple[DatedSession, ...]:
        """The sessions at their nominal values (``accord simulate``)."""
        if self.calendar is None:
            return self.fixed
        return _convert(self.calendar.nominal_sessions(self.deadline))

    def sample(self, rng: np.random.Generator) -> tuple[DatedSession, ...]:
        """One draw of the sessions (``accord sweep``), from ``rng`` alone."""
        if self.calendar is None or not self.uncertain:
            return self.nominal()
        return _convert(self.calendar.sample_sessions(rng, self.deadline))

    @property
    def start(self) -> dt.date:
        """The date the simulated talks start on (the first nominal session, else as-of):
        a drift per month counts from it."""
        sessions = self.nominal()
        return sessions[0].date if sessions else self.as_of

    def schedule(self, sessions: Sequence[DatedSession], rounds: int | None = None) -> Schedule:
        """The :class:`Schedule` of ``sessions``; ``rounds`` (``--rounds``) shares that
        many rounds over them in proportion to their own rounds instead."""
        kept = [s for s in sessions if s.date <= self.deadline and s.rounds > 0]
        if not kept:
            raise ConfigurationError(
                f"no session with negotiation rounds falls between the start of the "
                f"simulated talks and the deadline ({self.deadline}); the calendar gives "
                "the talks no round to simulate"
            )
        budget = tuple(s.rounds for s in kept)
        if rounds is not None:
            from accord.negotiation.sessions import _share

            budget = _share(rounds, [float(b) for b in budget])
        return Schedule(
            budget,
            tuple(s.label for s in kept),
            tuple(s.date.isoformat() for s in kept),
            self.deadline.isoformat(),
        )


def _convert(sessions: Sequence[Any]) -> tuple[DatedSession, ...]:
    return tuple(
        DatedSession(
            s.date,
            int(s.rounds),
            str(getattr(s, "round_id", "")),
            bool(getattr(s, "past", False)),
            str(getattr(s, "status", "held")),
        )
        for s in sessions
    )


def _deadline_date(scenario: Scenario) -> dt.date | None:
    d = scenario.deadline
    if d is None:
        return None
    value = getattr(d, "date_value", None)
    return to_date(value if value is not None else d.date)


def talks_calendar(scenario: Scenario) -> TalksCalendar | None:
    """The dated sessions of ``scenario`` (``None`` when its talks are not dated: no
    deadline date, or sessions without dates)."""
    deadline = _deadline_date(scenario)
    if deadline is None:
        return None
    cal = getattr(scenario, "calendar", None)
    if cal is not None:
        history = tuple(Landmark(r.id, r.start, r.end) for r in getattr(cal, "past", ()))
        return TalksCalendar(to_date(cal.as_of) or deadline, deadline, cal, (), history)
    if not scenario.sessions:
        return None
    dates = [to_date(s.date) for s in scenario.sessions]
    if any(d is None for d in dates):
        return None
    from accord.negotiation.sessions import legacy_budgets

    budgets = legacy_budgets(scenario)
    if budgets is None:
        return None
    fixed = tuple(
        DatedSession(d, b, "", False, "scheduled")
        for d, b in zip(dates, budgets, strict=True)
        if d is not None
    )
    as_of = to_date(scenario.metadata.start_date) or min(s.date for s in fixed)
    return TalksCalendar(min(as_of, fixed[0].date), deadline, None, fixed, ())


@dataclass(frozen=True, slots=True, eq=False)
class RunCalendars:
    """The sessions of many runs as arrays: ``day[i, r]`` the day of run ``i``'s round
    ``r`` counted from ``as_of`` (after the run's last round: its last day), ``rounds[i]``
    the rounds run ``i`` holds, and ``times[i, r]`` its relative time ``r / (R_i - 1)``
    (1 after its last round)."""

    day: NDArray[np.int32]
    rounds: NDArray[np.int32]
    times: Float
    sessions: tuple[tuple[DatedSession, ...], ...]

    @property
    def width(self) -> int:
        return int(self.day.shape[1])


def run_calendars(cal: TalksCalendar, gens: Sequence[np.random.Generator]) -> RunCalendars:
    """Draw every run's sessions (each from its own generator) and lay them out as arrays."""
    drawn = tuple(
        tuple(s for s in cal.sample(g) if s.date <= cal.deadline and s.rounds > 0) for g in gens
    )
    n = len(drawn)
    totals = np.array([sum(s.rounds for s in d) for d in drawn], dtype=np.int32)
    width = max(1, int(totals.max()) if n else 1)
    deadline_day = (cal.deadline - cal.as_of).days
    day = np.full((n, width), deadline_day, dtype=np.int32)
    times = np.ones((n, width), dtype=np.float64)
    for i, d in enumerate(drawn):
        if not d:
            continue
        days = np.repeat(
            np.array([(s.date - cal.as_of).days for s in d], dtype=np.int32),
            [s.rounds for s in d],
        )
        k = days.size
        day[i, :k] = days
        day[i, k:] = days[-1]
        if k > 1:
            times[i, :k] = np.arange(k, dtype=np.float64) / (k - 1)
    return RunCalendars(day, totals, times, drawn)


def schedule_of(cal: TalksCalendar, sessions: Sequence[DatedSession]) -> Schedule | None:
    """The :class:`Schedule` of one run's sessions (``None`` when it holds no round)."""
    try:
        return cal.schedule(sessions)
    except ConfigurationError:
        return None


__all__ = [
    "DatedSession",
    "Landmark",
    "RunCalendars",
    "TalksCalendar",
    "run_calendars",
    "schedule_of",
    "talks_calendar",
    "to_date",
]
