"""The talks on the calendar: the dated sessions a simulation runs through.

Negotiation rounds (offers and replies of the simulated protocol) happen inside sessions,
and sessions fall on dates. Where the sessions come from, in order:

1. **The scenario's calendar** (``calendar:``, docs/scenario-format.md): the future rounds
   after ``as_of`` up to the deadline's date (the past is fact, never simulated again):
   announced rounds on their date (or in their window) and expected rounds at the cadence.
   ``accord simulate`` uses every future round at its nominal values (date or window
   middle, the middle of the rounds-per-session range, every round held); ``accord sweep``
   draws them per run (dates, whether a round takes place, rounds per session) from the
   run's own generator, so a run's calendar depends on the seed and the run number only.
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
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Float
from accord.errors import ConfigurationError
from accord.model import Scenario
from accord.model.calendar import Calendar
from accord.model.constraint import Clause, Condition, Constraint, Op
from accord.model.evidence import Evidence
from accord.model.issue import IssueKind
from accord.negotiation.cadence import UNSPECIFIED, draw_rounds, formats_of
from accord.negotiation.sessions import (
    Schedule,
    _check_rounds,
    _share,
    legacy_budgets,
)


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
        """``"<round id> <ISO date>"``, or the date alone when the session names no round."""
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
    calendar: Calendar | None = None  # the scenario's calendar, when it has one
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
                f"no session with exchanges falls between the start of the "
                f"simulated talks and the deadline ({self.deadline}); the calendar gives "
                "the talks no exchange to simulate"
            )
        budget = tuple(s.rounds for s in kept)
        if rounds is not None:
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


#: Id prefix of the constraints :func:`settle_past` adds.
SETTLED_PREFIX = "settled-"


def settle_past(scenario: Scenario) -> Scenario:
    """``scenario`` with what its calendar's past rounds agreed settled as fact
    (:meth:`accord.model.calendar.Calendar.settled`): each such issue starts from the agreed
    option (its status quo) and no package goes back on it (a scenario constraint: an
    ordinal or numeric issue at or above the agreed option, any other exactly at it). A
    prisoner exchange agreed and carried out is not renegotiated; a larger one may still be
    agreed. A scenario without a calendar, or whose past agreed nothing on its issues, is
    returned as it is."""
    cal = scenario.calendar
    if cal is None:
        return scenario
    ids = {i.id for i in scenario.issues}
    settled = {k: v for k, v in cal.settled().items() if k in ids}
    if not settled:
        return scenario
    evidence: dict[str, tuple[str, Evidence]] = {}
    for r in sorted(cal.past, key=lambda x: x.start):
        for a in r.agreements:
            if a.issue in settled and a.evidence:
                evidence[a.issue] = (r.id, a.evidence[0])
    issues = []
    added = []
    for issue in scenario.issues:
        if issue.id not in settled:
            issues.append(issue)
            continue
        option = issue.options[issue.index(settled[issue.id])]
        issues.append(replace(issue, status_quo=option))
        op = Op.EQ if issue.kind is IssueKind.CATEGORICAL else Op.GE
        where, ev = evidence.get(issue.id, ("a past round", Evidence(note="calendar.past")))
        label = issue.label(issue.index(option))
        added.append(
            Constraint(
                f"{SETTLED_PREFIX}{issue.id}",
                f"Settled in {where} (before {cal.as_of}): {issue.name} "
                f"{'stays at' if op is Op.EQ else 'at least'} {label}; not reopened.",
                Condition(Clause(issue.id, op, (option,))),
                ev,
            )
        )
    return replace(scenario, issues=tuple(issues), constraints=(*scenario.constraints, *added))


def _deadline_date(scenario: Scenario) -> dt.date | None:
    d = scenario.deadline
    if d is None:
        return None
    for name in ("day", "date_value"):
        value = getattr(d, name, None)
        if value is not None and not callable(value):
            return to_date(value)
    return to_date(d.date)


def talks_calendar(scenario: Scenario) -> TalksCalendar | None:
    """The dated sessions of ``scenario`` (``None`` when its talks are not dated: no
    deadline date, or sessions without dates)."""
    deadline = _deadline_date(scenario)
    if deadline is None:
        return None
    cal = scenario.calendar
    if cal is not None:
        history = tuple(Landmark(r.id, r.start, r.end) for r in getattr(cal, "past", ()))
        return TalksCalendar(to_date(cal.as_of) or deadline, deadline, cal, (), history)
    if not scenario.sessions:
        return None
    dates = [to_date(s.date) for s in scenario.sessions]
    if any(d is None for d in dates):
        return None
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
    session_day: NDArray[np.int64]  # (runs, sessions), from as_of, date order
    session_rounds: NDArray[np.int64]  # (runs, sessions), 0: not held
    calendar: TalksCalendar
    session_format: NDArray[np.int16] | None = None  # (runs, sessions), into ``formats``
    formats: tuple[str, ...] = ()
    #: (runs, sessions): the session takes place (a mediator's meeting with one side is
    #: held with 0 negotiation rounds); ``None``: held when it has rounds.
    session_held: NDArray[np.bool_] | None = None

    def first_round_day(self) -> dict[str, NDArray[np.int64]]:
        """Per format of the calendar's rounds, and ``"any"``: each run's first day (from
        ``as_of``) with a session of that format held, -1 when it holds none by the
        deadline."""
        held = self.session_rounds > 0 if self.session_held is None else self.session_held
        none = np.iinfo(np.int64).max
        out: dict[str, NDArray[np.int64]] = {}

        def first(mask: NDArray[np.bool_]) -> NDArray[np.int64]:
            d = np.where(mask, self.session_day, none).min(axis=1, initial=none)
            return np.where(d == none, -1, d).astype(np.int64)

        out["any"] = first(held)
        if self.session_format is not None:
            for k, f in enumerate(self.formats):
                out[f] = first(held & (self.session_format == k))
        return out

    @property
    def width(self) -> int:
        """Columns of :attr:`day`: the most negotiation rounds any run holds (at least 1)."""
        return int(self.day.shape[1])

    def sessions(self, i: int) -> tuple[DatedSession, ...]:
        """Run ``i``'s sessions (those held, up to the deadline)."""
        a = self.calendar.as_of
        return tuple(
            DatedSession(a + dt.timedelta(days=int(d)), int(k))
            for d, k in zip(self.session_day[i], self.session_rounds[i], strict=True)
            if k > 0
        )


def _draws(cal: Any, deadline: dt.date) -> tuple[int, int]:
    """(uniforms per run, cadence steps at most) of :func:`sample_days_formats`."""
    per = sum(2 + f.days for f in cal.future)
    c = cal.cadence
    steps = 0
    if c is not None:
        last = _last_fixed(cal)
        for f in cal.future:
            last = max(last, f.first_possible + dt.timedelta(days=f.days - 1))
        gap = max(int(c.every_days.low), 1)
        steps = max(0, (deadline - last).days // gap + 1)
        per += steps * (2 + c.days)
    return per, steps


def _last_fixed(cal: Any) -> dt.date:
    ends: list[dt.date] = [r.end for r in cal.past]
    return max(ends) if ends else to_date(cal.as_of) or dt.date.min


def _int_in(u: Float, low: int, high: int) -> NDArray[np.int64]:
    """Whole numbers uniform in ``low..high`` from uniforms in [0, 1)."""
    k = np.floor(u * (high - low + 1)).astype(np.int64)
    return low + np.minimum(k, high - low)


def round_formats(model: Any) -> tuple[str, ...]:
    """The formats whose rounds :func:`sample_days_formats` draws, in first-seen order: with the
    analyst's cadence, every format the calendar knows (past rounds, then announced ones:
    each has its learned cadence, :mod:`accord.negotiation.cadence`); without it, those of
    the announced rounds."""
    out: list[str] = []
    if model.cadence is not None:
        out.extend(formats_of(model))
        if any(f.format is None for f in model.future):
            out.append(UNSPECIFIED)
        return tuple(out) or (UNSPECIFIED,)
    for f in model.future:
        fmt = f.format or UNSPECIFIED
        if fmt not in out:
            out.append(fmt)
    if model.cadence is not None:
        fmt = cadence_format(model)
        if fmt not in out:
            out.append(fmt)
    return tuple(out)


def cadence_format(model: Any) -> str:
    """The format of a calendar's expected (cadence) rounds: the cadence's own, else that of
    the last announced or past round naming one."""
    own = getattr(model.cadence, "format", None)
    if own:
        return str(own)
    for r in (*reversed(model.future), *reversed(model.past)):
        if r.format:
            return str(r.format)
    return UNSPECIFIED


def _learned_sessions(
    cal: TalksCalendar, gens: Sequence[np.random.Generator]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int16], NDArray[np.bool_]]:
    """The sessions of the rounds :func:`accord.negotiation.cadence.draw_rounds` draws (the
    announced rounds and each format's learned cadence): ``(day, rounds, format, held)``,
    held sessions first in date order, columns no run holds dropped. A mediator-with-one-
    side round is held with 0 negotiation rounds."""
    model = cal.calendar
    assert model is not None
    formats = round_formats(model)
    drawn = draw_rounds(model, cal.deadline, gens, formats)
    n = len(gens)
    horizon = (cal.deadline - cal.as_of).days
    days: list[NDArray[np.int64]] = []
    rounds: list[NDArray[np.int64]] = []
    helds: list[NDArray[np.bool_]] = []
    fmts: list[int] = []
    for j in range(drawn.start.shape[1]):
        for d in range(int(drawn.days[j])):
            day = drawn.start[:, j] + d
            ok = drawn.held[:, j] & (day <= horizon)
            days.append(day)
            rounds.append(np.where(ok, drawn.rounds[:, j, d], 0))
            helds.append(ok)
            fmts.append(int(drawn.fmt[j]))
    if not days:
        empty = np.zeros((n, 0), dtype=np.int64)
        return empty, empty.copy(), np.zeros((n, 0), dtype=np.int16), np.zeros((n, 0), bool)
    day = np.stack(days, axis=1)
    held = np.stack(rounds, axis=1)
    mask = np.stack(helds, axis=1)
    fmt = np.broadcast_to(np.asarray(fmts, dtype=np.int16), day.shape)
    order = np.argsort(np.where(mask, day, np.iinfo(np.int64).max), axis=1, kind="stable")
    keep = max(int(mask.sum(axis=1).max()) if n else 0, 1)
    order = order[:, :keep]
    return (
        np.take_along_axis(day, order, axis=1),
        np.take_along_axis(held, order, axis=1),
        np.take_along_axis(fmt, order, axis=1),
        np.take_along_axis(mask, order, axis=1),
    )


def sample_days_formats(
    cal: TalksCalendar, gens: Sequence[np.random.Generator]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int16]]:
    """Every run's sessions at once: ``(day, rounds, format)``, each ``(runs, sessions)``
    with the day counted from ``as_of``, 0 rounds for a session that does not take place or
    falls after the deadline, and the session's format (an index into
    :func:`round_formats`); sessions in date order.

    The rules of :meth:`accord.model.calendar.Calendar.sample_sessions`, over many runs:
    no past session (the past is fact); each announced round on a day uniform in its window,
    taking place with its ``p_occurs``, with rounds per session uniform in their range;
    then cadence rounds at intervals uniform in ``every_days`` after the last past or
    announced round (whether or not it took place), each with the cadence's ``p_occurs``,
    up to the deadline. Run ``i``'s draws are one block of uniforms from ``gens[i]``. With
    the analyst's cadence the rounds come from the learned cadence of each format
    (:func:`accord.negotiation.cadence.draw_rounds`)."""
    model = cal.calendar
    assert model is not None, "sample_days_formats needs a calendar"
    if model.cadence is not None:
        learned_day, learned_rounds, learned_fmt, _ = _learned_sessions(cal, gens)
        return learned_day, learned_rounds, learned_fmt
    n = len(gens)
    past = [s for s in _convert(model.past_sessions()) if s.rounds > 0]
    per, steps = _draws(model, cal.deadline)
    u = np.empty((n, per), dtype=np.float64)
    for i, g in enumerate(gens):
        u[i] = g.random(per)
    col = 0

    def take(k: int) -> Float:
        nonlocal col
        out = u[:, col : col + k]
        col += k
        return out

    days: list[NDArray[np.int64]] = []
    rounds: list[NDArray[np.int64]] = []
    fmts: list[int] = []
    names = round_formats(model)
    for s in past:
        days.append(np.full(n, (s.date - cal.as_of).days, dtype=np.int64))
        rounds.append(np.full(n, s.rounds, dtype=np.int64))
        fmts.append(0)
    deadline = (cal.deadline - cal.as_of).days
    last = np.full(n, (_last_fixed(model) - cal.as_of).days, dtype=np.int64)
    for f in model.future:
        first = (f.first_possible - cal.as_of).days
        span = (f.last_possible - f.first_possible).days
        start = first + _int_in(take(1)[:, 0], 0, span)
        occurs = take(1)[:, 0] < f.p_occurs
        per_day = take(f.days)
        rp = f.rounds_per_session
        for k in range(f.days):
            d = start + k
            days.append(d)
            fmts.append(names.index(f.format or UNSPECIFIED))
            rounds.append(
                np.where(occurs & (d <= deadline), _int_in(per_day[:, k], rp.low, rp.high), 0)
            )
        last = np.maximum(last, start + f.days - 1)
    c = model.cadence
    if c is not None and steps:
        blocks = take(steps * (2 + c.days)).reshape(n, steps, 2 + c.days)
        gaps = _int_in(blocks[:, :, 0], c.every_days.low, c.every_days.high)
        # the k-th expected round starts after k gaps and the k-1 rounds' extra days
        starts = last[:, None] + np.cumsum(gaps, axis=1) + np.arange(steps)[None, :] * (c.days - 1)
        occurs = blocks[:, :, 1] < c.p_occurs
        rp = c.rounds_per_session
        for k in range(steps):
            for j in range(c.days):
                d = starts[:, k] + j
                ok = occurs[:, k] & (starts[:, k] <= deadline) & (d <= deadline)
                days.append(d)
                fmts.append(names.index(cadence_format(model)))
                rounds.append(np.where(ok, _int_in(blocks[:, k, 2 + j], rp.low, rp.high), 0))
    if not days:
        empty = np.zeros((n, 0), dtype=np.int64)
        return empty, empty.copy(), np.zeros((n, 0), dtype=np.int16)
    day = np.stack(days, axis=1)
    held = np.stack(rounds, axis=1)
    fmt = np.broadcast_to(np.asarray(fmts, dtype=np.int16), day.shape)
    order = np.argsort(np.where(held > 0, day, np.iinfo(np.int64).max), axis=1, kind="stable")
    return (
        np.take_along_axis(day, order, axis=1),
        np.take_along_axis(held, order, axis=1),
        np.take_along_axis(fmt, order, axis=1),
    )


def run_calendars(
    cal: TalksCalendar, gens: Sequence[np.random.Generator], *, nominal: bool = False
) -> RunCalendars:
    """Draw every run's sessions (each from its own generator) and lay them out as arrays;
    ``nominal``: every run holds the nominal sessions (the generators are not used)."""
    n = len(gens)
    sfmt: NDArray[np.int16] | None = None
    formats: tuple[str, ...] = ()
    sheld: NDArray[np.bool_] | None = None
    if cal.calendar is not None and cal.uncertain and not nominal:
        if cal.calendar.cadence is not None:
            sday, srounds, sfmt, sheld = _learned_sessions(cal, gens)
        else:
            sday, srounds, sfmt = sample_days_formats(cal, gens)
        formats = round_formats(cal.calendar)
    else:
        fixed = [s for s in cal.nominal() if s.date <= cal.deadline and s.rounds > 0]
        sday = np.tile([(s.date - cal.as_of).days for s in fixed], (n, 1)).astype(np.int64)
        srounds = np.tile([s.rounds for s in fixed], (n, 1)).astype(np.int64)
        if cal.calendar is not None:
            model = cal.calendar
            formats = round_formats(model)
            ids = {f.id: f.format or UNSPECIFIED for f in model.future}
            codes = [
                formats.index(ids.get(s.round_id, cadence_format(model)))
                if ids.get(s.round_id, cadence_format(model)) in formats
                else 0
                for s in fixed
            ]
            sfmt = np.tile(np.asarray(codes, dtype=np.int16), (n, 1)).reshape(n, len(fixed))
    totals = srounds.sum(axis=1).astype(np.int32)
    width = max(1, int(totals.max()) if n else 1)
    ends = np.cumsum(srounds, axis=1)  # (n, S)
    r = np.arange(width)
    # session of round r: how many sessions end at or before it (a running count of the
    # sessions ending at each round; those ending at or after the width never count)
    ended = np.minimum(ends, width) + (width + 1) * np.arange(n)[:, None]
    counts = np.bincount(ended.ravel(), minlength=n * (width + 1)).reshape(n, width + 1)
    which = np.cumsum(counts[:, :width], axis=1)  # (n, width)
    held = r[None, :] < totals[:, None]
    which = np.minimum(which, max(srounds.shape[1] - 1, 0))
    deadline_day = (cal.deadline - cal.as_of).days
    if srounds.shape[1]:
        day = np.take_along_axis(sday, which, axis=1)
    else:
        day = np.full((n, width), deadline_day, dtype=np.int64)
    last_day = np.where(
        totals > 0,
        np.take_along_axis(day, np.maximum(totals.astype(np.intp) - 1, 0)[:, None], axis=1)[:, 0],
        deadline_day,
    )
    day32 = np.where(held, day, last_day[:, None]).astype(np.int32)
    denom = np.maximum(totals - 1, 1).astype(np.float64)
    times = np.where(held & (totals[:, None] > 1), r[None, :] / denom[:, None], 1.0)
    return RunCalendars(day32, totals, times, sday, srounds, cal, sfmt, formats, sheld)


def schedule_of(cal: TalksCalendar, sessions: Sequence[DatedSession]) -> Schedule | None:
    """The :class:`Schedule` of one run's sessions (``None`` when it holds no round)."""
    try:
        return cal.schedule(sessions)
    except ConfigurationError:
        return None


__all__ = [
    "SETTLED_PREFIX",
    "DatedSession",
    "Landmark",
    "RunCalendars",
    "TalksCalendar",
    "run_calendars",
    "schedule_of",
    "settle_past",
    "talks_calendar",
    "to_date",
]


def schedule_for(scenario: Scenario, rounds: int | None = None) -> Schedule:
    """The schedule of ``scenario``'s talks (see the module docstring): dated when the
    scenario dates its sessions (:mod:`accord.negotiation.dated`)."""
    if rounds is not None and rounds <= 0:
        raise ConfigurationError(f"exchanges must be > 0, got {rounds}")
    cal = talks_calendar(scenario)
    if cal is not None:
        nominal = cal.nominal()
        if cal.calendar is not None:
            total = sum(s.rounds for s in nominal if s.date <= cal.deadline)
            _check_rounds(scenario, total, "the calendar's sessions up to the deadline")
        return cal.schedule(nominal, rounds)
    sessions = scenario.sessions
    names = tuple(s.date or f"session {i + 1}" for i, s in enumerate(sessions))
    deadline = scenario.deadline.rounds if scenario.deadline is not None else None
    if rounds is not None:
        if not sessions:
            return Schedule((rounds,))
        if all(s.rounds for s in sessions):
            weights = [float(s.rounds or 0) for s in sessions]
        elif all(s.duration_hours for s in sessions):
            weights = [float(s.duration_hours or 0.0) for s in sessions]
        else:
            weights = [1.0] * len(sessions)
        return Schedule(_share(rounds, weights), names)
    budget = legacy_budgets(scenario)
    if budget is not None:
        return Schedule(budget, names)
    if deadline is None:
        raise ConfigurationError(
            f"scenario {scenario.id!r} sets no deadline in exchanges and no session exchange "
            "budgets; give the number of exchanges (--exchanges N)"
        )
    return Schedule((deadline,))
