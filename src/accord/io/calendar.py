"""The ``calendar`` section of accord's scenario format: documents <-> :class:`Calendar`.

Checks, each naming the file, the line and the path: dates are valid ``YYYY-MM-DD`` and in
order (a round's start before its end, sessions inside their round and in order, past rounds
in date order, a window's earliest before its latest); past rounds end on or before
``as_of``, future rounds begin after it; a delegation names a party of the scenario (once per
round); what a round agreed names a known issue and one of its options; ``deadline.exchanges``
is refused (the calendar's sessions give the rounds). A round after the deadline is a
warning.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from collections.abc import Sequence
from typing import Protocol

from accord.errors import AccordWarning, ScenarioError
from accord.io import schema as s
from accord.io.yaml_source import PathPart
from accord.model import Evidence, Issue, OptionValue, Representative, Session
from accord.model.calendar import (
    ROUND_FORMATS,
    Cadence,
    Calendar,
    CalendarSession,
    Delegation,
    FutureRound,
    IntRange,
    PastRound,
    RoundAgreement,
    one_side,
    parse_date,
)
from accord.model.scenario import Deadline


class Builder(Protocol):
    """What the calendar section needs of the scenario being built (the reader in
    :mod:`accord.io.native` is one): the validated document, errors located in it, and the
    references the calendar resolves (dates, evidence, issues and their options). Stated
    here so that this module does not import the reader that imports it."""

    @property
    def d(self) -> s.ScenarioDoc:
        """The validated scenario document."""
        ...

    def fail(self, message: str, loc: Sequence[PathPart]) -> ScenarioError:
        """An error at ``loc`` in the document (file, line and path)."""
        ...

    def date(self, value: object, loc: Sequence[PathPart]) -> _dt.date:
        """``value`` read as an ISO date, or an error at ``loc``."""
        ...

    def evidences(
        self, e: s.EvidenceDoc | list[s.EvidenceDoc] | None, loc: Sequence[PathPart]
    ) -> tuple[Evidence, ...]:
        """The evidence at ``loc``, its sources and quotes checked."""
        ...

    def unique(self, ids: list[str], what: str, loc: Sequence[PathPart], key: str = "id") -> None:
        """An error at the first id of ``ids`` given twice."""
        ...

    def issue_ref(self, issue_id: str, loc: Sequence[PathPart]) -> Issue:
        """The issue ``issue_id`` names, or an error listing the issues."""
        ...

    def option(self, issue: Issue, value: object, loc: Sequence[PathPart]) -> OptionValue:
        """The option of ``issue`` that ``value`` names, or an error listing them."""
        ...


def _range(b: Builder, v: int | s.RangeDoc, loc: Sequence[PathPart], *, scale: int = 1) -> IntRange:
    if isinstance(v, int):
        return IntRange(v * scale, v * scale)
    if v.low < 1:
        raise b.fail(f"low must be at least 1 (got {v.low})", [*loc, "low"])
    if v.low > v.high:
        raise b.fail(f"low ({v.low}) is above high ({v.high})", [*loc, "low"])
    return IntRange(v.low * scale, v.high * scale)


def _format(
    b: Builder, fmt: str | None, loc: Sequence[PathPart], key: PathPart = "format"
) -> str | None:
    """``fmt`` checked: a named format, or ``mediator-<party id>`` naming a party (an error
    names ``loc`` + ``key``)."""
    if fmt is None or fmt in ROUND_FORMATS:
        return fmt
    parties = {p.id for p in b.d.parties}
    side = one_side(fmt)
    if side is not None and side in parties:
        return fmt
    sides = ", ".join(f"mediator-{p}" for p in sorted(parties))
    raise b.fail(
        f"unknown round format {fmt!r}; formats are {', '.join(ROUND_FORMATS)}, or the "
        f"mediator's meetings with one side: {sides}",
        [*loc, key],
    )


def _warn(b: Builder, message: str, loc: Sequence[PathPart]) -> None:
    warnings.warn(str(b.fail(message, loc)), AccordWarning, stacklevel=4)


def build_calendar(b: Builder, c: s.CalendarDoc, deadline: Deadline | None) -> Calendar:
    """Validate the ``calendar`` section and build the :class:`Calendar`."""
    root: list[PathPart] = ["calendar"]
    as_of = b.date(c.as_of, [*root, "as_of"])
    dl = deadline.day if deadline is not None else None
    if deadline is not None and deadline.rounds is not None:
        raise b.fail(
            f"deadline.exchanges ({deadline.rounds}) is not used with a calendar: the number "
            "of exchanges comes from the calendar's sessions (calendar.past[i].sessions and "
            "the exchanges_per_session of future rounds); remove deadline.exchanges",
            ["deadline", "exchanges"],
        )
    if dl is not None and dl < as_of:
        _warn(
            b,
            f"the deadline ({dl}) passed before as_of ({as_of}): no future session can count",
            ["deadline", "date"],
        )
    parties = {p.id for p in b.d.parties}
    ids = [r.id for r in c.past] + [r.id for r in c.future]
    all_locs: list[list[PathPart]] = [[*root, "past", k] for k in range(len(c.past))] + [
        [*root, "future", k] for k in range(len(c.future))
    ]
    seen: dict[str, list[PathPart]] = {}
    for rid, rloc in zip(ids, all_locs, strict=True):
        if rid in seen:
            from accord.io.yaml_source import format_path

            raise b.fail(
                f"duplicate round id {rid!r} (also at {format_path(seen[rid])})", [*rloc, "id"]
            )
        seen[rid] = rloc

    past: list[PastRound] = []
    for k, r in enumerate(c.past):
        loc: list[PathPart] = [*root, "past", k]
        start = b.date(r.start, [*loc, "start"])
        end = start if r.end is None else b.date(r.end, [*loc, "end"])
        if end < start:
            raise b.fail(f"the round ends ({end}) before it starts ({start})", [*loc, "end"])
        if end > as_of:
            raise b.fail(
                f"past round {r.id!r} ends on {end}, after as_of ({as_of}): if the round "
                f"has taken place, move calendar.as_of to {end} or later (the date the "
                "scenario is known as of); if it is only announced, list it in "
                "calendar.future",
                [*loc, "end"],
            )
        if past and start < past[-1].start:
            raise b.fail(
                f"past rounds are listed in date order: {r.id!r} starts on {start}, before "
                f"{past[-1].id!r} ({past[-1].start})",
                [*loc, "start"],
            )
        if dl is not None and start > dl:
            _warn(b, f"round {r.id!r} ({start}) is after the deadline ({dl})", [*loc, "start"])
        other = tuple(b.date(x, [*loc, "other_dates", j]) for j, x in enumerate(r.other_dates))
        sessions: list[CalendarSession] = []
        for j, x in enumerate(r.sessions):
            sloc: list[PathPart] = [*loc, "sessions", j]
            sday = b.date(x.date, [*sloc, "date"])
            if not start <= sday <= end:
                raise b.fail(
                    f"session date {sday} is outside its round ({start} to {end})",
                    [*sloc, "date"],
                )
            if sessions and sday < sessions[-1].date:
                raise b.fail(
                    f"sessions are listed in date order: {sday} comes after {sessions[-1].date}",
                    [*sloc, "date"],
                )
            sessions.append(CalendarSession(sday, x.exchanges, x.duration_hours, x.note))
        delegations = []
        named: set[str] = set()
        for j, dg in enumerate(r.delegations):
            dloc: list[PathPart] = [*loc, "delegations", j]
            if dg.party not in parties:
                raise b.fail(
                    f"delegation of unknown party {dg.party!r}; parties are: "
                    f"{', '.join(sorted(parties))}",
                    [*dloc, "party"],
                )
            if dg.party in named:
                raise b.fail(
                    f"party {dg.party!r} has two delegations in round {r.id!r}; list its "
                    "members under one",
                    [*dloc, "party"],
                )
            named.add(dg.party)
            delegations.append(
                Delegation(
                    party=dg.party,
                    head=None if dg.head is None else Representative(dg.head.name, dg.head.title),
                    members=tuple(Representative(m.name, m.title) for m in dg.members),
                    note=dg.note,
                    evidence=b.evidences(dg.evidence, [*dloc, "evidence"]),
                )
            )
        agreed_ids = [a.id for a in r.agreed]
        b.unique(agreed_ids, "agreement", [*loc, "agreed"])
        agreements = []
        for j, a in enumerate(r.agreed):
            aloc: list[PathPart] = [*loc, "agreed", j]
            option = None
            if a.issue is not None:
                issue = b.issue_ref(a.issue, [*aloc, "issue"])
                if a.option is None:
                    raise b.fail(
                        f"an agreement on issue {a.issue!r} names the option agreed (option: "
                        "...); an item that maps to no issue gives no issue",
                        [*aloc, "option"],
                    )
                option = b.option(issue, a.option, [*aloc, "option"])
            elif a.option is not None:
                raise b.fail("an option needs its issue (issue: ...)", [*aloc, "option"])
            elif a.stage is None and not a.topics:
                raise b.fail(
                    "an agreed item that maps to no issue needs a PA-X stage or topics, "
                    "so that it can be compared with other records",
                    aloc,
                )
            aday = None if a.date is None else b.date(a.date, [*aloc, "date"])
            if aday is not None and not start <= aday <= as_of:
                raise b.fail(
                    f"agreement {a.id!r} is dated {aday}, outside {start} (the round's start) "
                    f"to {as_of} (as_of)",
                    [*aloc, "date"],
                )
            until = None if a.until is None else b.date(a.until, [*aloc, "until"])
            if until is not None and until < (aday or end):
                raise b.fail(
                    f"agreement {a.id!r} lapses ({until}) before it was agreed ({aday or end})",
                    [*aloc, "until"],
                )
            agreements.append(
                RoundAgreement(
                    id=a.id,
                    statement=a.statement,
                    issue=a.issue,
                    option=option,
                    stage=a.stage,
                    topics=tuple(a.topics),
                    evidence=b.evidences(a.evidence, [*aloc, "evidence"]),
                    date=aday,
                    until=until,
                )
            )
        past.append(
            PastRound(
                id=r.id,
                start=start,
                end=end,
                venue=r.venue,
                format=_format(b, r.format, loc),
                host=r.host,
                mediator=r.mediator,
                delegations=tuple(delegations),
                sessions=tuple(sessions),
                agreements=tuple(agreements),
                note=r.note,
                evidence=b.evidences(r.evidence, [*loc, "evidence"]),
                other_dates=other,
                date_note=r.date_note,
            )
        )

    future: list[FutureRound] = []
    for k, f in enumerate(c.future):
        loc = [*root, "future", k]
        if (f.date is None) == (f.window is None):
            raise b.fail(
                "a future round gives a date or a window (window: {earliest: ..., latest: "
                "...}), exactly one of the two",
                loc,
            )
        day = None
        earliest: _dt.date | None = None
        latest: _dt.date | None = None
        if f.date is not None:
            day = b.date(f.date, [*loc, "date"])
            first = last = day
            first_loc: list[PathPart] = [*loc, "date"]
        else:
            assert f.window is not None
            earliest = b.date(f.window.earliest, [*loc, "window", "earliest"])
            latest = b.date(f.window.latest, [*loc, "window", "latest"])
            if latest < earliest:
                raise b.fail(
                    f"the window ends ({latest}) before it begins ({earliest})",
                    [*loc, "window", "latest"],
                )
            first, last = earliest, latest
            first_loc = [*loc, "window", "earliest"]
        if first <= as_of:
            raise b.fail(
                f"future round {f.id!r} may begin on {first}, not after as_of ({as_of}); a "
                "round on or before as_of belongs in calendar.past",
                first_loc,
            )
        if dl is not None and last > dl:
            what = "is" if first > dl or day is not None else "may fall"
            _warn(
                b,
                f"round {f.id!r} {what} after the deadline ({dl}): sessions after it are "
                "not simulated",
                [*loc, "date"] if day is not None else [*loc, "window", "latest"],
            )
        future.append(
            FutureRound(
                id=f.id,
                status=f.status,
                date=day,
                earliest=earliest,
                latest=latest,
                p_occurs=f.p_occurs,
                days=f.days,
                rounds_per_session=_range(
                    b, f.exchanges_per_session, [*loc, "exchanges_per_session"]
                ),
                venue=f.venue,
                format=_format(b, f.format, loc),
                host=f.host,
                mediator=f.mediator,
                note=f.note,
                evidence=b.evidences(f.evidence, [*loc, "evidence"]),
            )
        )

    cadence = None
    if c.expected is not None:
        e = c.expected
        loc = [*root, "expected"]
        if (e.every_weeks is None) == (e.every_days is None):
            raise b.fail("expected rounds give every_weeks or every_days, one of the two", loc)
        if dl is None:
            raise b.fail("expected rounds run until the deadline: give deadline.date", [*loc])
        every = (
            _range(b, e.every_weeks, [*loc, "every_weeks"], scale=7)
            if e.every_weeks is not None
            else _range(b, e.every_days, [*loc, "every_days"])  # type: ignore[arg-type]
        )
        cadence = Cadence(
            every_days=every,
            p_occurs=e.p_occurs,
            days=e.days,
            rounds_per_session=_range(b, e.exchanges_per_session, [*loc, "exchanges_per_session"]),
            note=e.note,
            evidence=b.evidences(e.evidence, [*loc, "evidence"]),
            formats=tuple(
                dict.fromkeys(
                    str(_format(b, x, [*loc, "formats"], k)) for k, x in enumerate(e.formats)
                )
            ),
        )

    if c.simulate_from is not None and c.simulate_from not in {r.id for r in past}:
        raise b.fail(
            f"simulate_from names no past round: {c.simulate_from!r}; past rounds are: "
            f"{', '.join(r.id for r in past) or 'none'}",
            [*root, "simulate_from"],
        )
    cal = Calendar(
        as_of=as_of,
        past=tuple(past),
        future=tuple(future),
        cadence=cadence,
        simulate_from=c.simulate_from,
        note=c.note,
    )
    return cal


def evidence_docs(d: s.ScenarioDoc) -> list[tuple[list[PathPart], s.EvidenceDoc]]:
    """Every piece of evidence of the document that can cite a source, with its path."""
    out: list[tuple[list[PathPart], s.EvidenceDoc]] = []

    def add(loc: list[PathPart], e: s.EvidenceDoc | list[s.EvidenceDoc] | None) -> None:
        if isinstance(e, s.EvidenceDoc):
            out.append((loc, e))
        elif e is not None:
            out.extend(([*loc, k], x) for k, x in enumerate(e))

    for k, p in enumerate(d.parties):
        for j, pos in enumerate(p.positions):
            add(["parties", k, "positions", j, "evidence"], pos.evidence)
        for j, r in enumerate(p.red_lines):
            add(["parties", k, "red_lines", j, "evidence"], r.evidence)
    for j, c in enumerate(d.constraints):
        add(["constraints", j, "evidence"], c.evidence)
    if d.deadline is not None:
        add(["deadline", "evidence"], d.deadline.evidence)
    if d.calendar is not None:
        for k, pr in enumerate(d.calendar.past):
            add(["calendar", "past", k, "evidence"], pr.evidence)
            for j, dg in enumerate(pr.delegations):
                add(["calendar", "past", k, "delegations", j, "evidence"], dg.evidence)
            for j, a in enumerate(pr.agreed):
                add(["calendar", "past", k, "agreed", j, "evidence"], a.evidence)
        for k, f in enumerate(d.calendar.future):
            add(["calendar", "future", k, "evidence"], f.evidence)
    for k, t in enumerate(d.tracks):
        add(["tracks", k, "evidence"], t.evidence)
    return out


def check_evidence_dates(b: Builder, as_of: _dt.date) -> None:
    """Warn about evidence dated after ``as_of`` (a claim's ``date``, else its source's):
    what the scenario knows as of a date may not rest on what was published later."""
    dates = {src.id: src.date for src in b.d.sources}
    for loc, e in evidence_docs(b.d):
        raw = e.date or (dates.get(e.source) if e.source else None)
        if not raw:
            continue
        try:
            day = parse_date(str(raw)[:10])
        except ValueError:
            continue
        if day > as_of:
            _warn(
                b,
                f"evidence dated {day} (source {e.source!r}), after as_of ({as_of}): a "
                "scenario as of a date may use nothing published later",
                loc,
            )


def replayed_sessions(cal: Calendar) -> tuple[Session, ...]:
    """The scenario's sessions as shown: those of the past rounds from ``simulate_from`` on
    (the round the scenario describes; runs never simulate them again)."""
    return tuple(
        Session(x.date.isoformat(), x.duration_hours, x.rounds, x.note)
        for r in cal.replayed_rounds
        for x in r.sessions
        if x.rounds
    )
