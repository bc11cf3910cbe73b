"""The scenario as it was known on a past date, and the dates a back-test cuts at.

A rolling-origin evaluation (Tashman 2000, *Int. J. Forecasting* 16:437) forecasts from
many origins in the past, each with only what was known at that origin. Here an origin is
a *cut* date, and the scenario is cut by the dates of its evidence (:func:`known_at`):

- a claim (a party's position or red line, a scenario constraint, the deadline, an
  announced round) is known from the earliest date among its evidence items that carry
  one (the evidence's own ``date``, else its source's); a claim whose every dated item is
  later than the cut is left out;
- a claim with no dated evidence (an analyst assumption, or a source without a date) is
  kept and flagged: it may carry hindsight;
- the analyst's numbers (weights, values, reservation values, strategies, the cadence,
  the uncertainty block) carry no date: they are kept, and the result says so; so are the
  formats the cadence names (``expected.formats``): a format with no round by the cut is
  still expected from its first round on (docs/cadence.md), flagged as possible hindsight;
- negotiation tracks go by their evidence like claims (a track left out puts its issues
  back in the core package) and name only the working groups of rounds held by then;
- past rounds that ended on or before the cut are fact; later ones are unknown (they are
  what the back-test scores against); a round under way on the cut is left out;
- ``as_of`` becomes the cut.

Where no deadline was known at the cut, the runs need an end: the cut scenario gets one at
``horizon_end`` (the back-test passes :func:`accord.evaluate.backtest.run_end`), labelled as
the back-test's assumption.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from accord.model import Deadline, Evidence, Scenario, Track
from accord.model.calendar import Calendar, PastRound
from accord.model.uncertainty import Uncertainty


@dataclass(frozen=True, slots=True)
class Cut:
    """The scenario as known at ``date``: what was left out as not yet known (``dropped``),
    what was kept without a date to check (``undated``, possible hindsight), and whether
    the deadline is the parties' own (``deadline_known``) or the back-test's horizon."""

    date: dt.date
    scenario: Scenario
    dropped: tuple[str, ...] = ()
    undated: tuple[str, ...] = ()
    deadline_known: bool = False


def _dates_of(
    evidence: Evidence | Sequence[Evidence] | None, sources: dict[str, str | None]
) -> tuple[list[dt.date], bool]:
    """The dates of a claim's evidence items, and whether some item has none."""
    if evidence is None:
        return [], True
    items: Iterable[Evidence] = (evidence,) if isinstance(evidence, Evidence) else evidence
    dates: list[dt.date] = []
    undated = False
    for e in items:
        raw = e.date or (sources.get(e.source) if e.source else None)
        day = None
        if raw and not e.is_assumption:
            try:
                day = dt.date.fromisoformat(str(raw)[:10])
            except ValueError:
                day = None
        if day is None:
            undated = True
        else:
            dates.append(day)
    return dates, undated


def known_from(
    evidence: Evidence | Sequence[Evidence] | None, sources: dict[str, str | None]
) -> dt.date | None:
    """The date a claim is known from: the earliest date among its evidence items (an
    item's own ``date``, else its source's); ``None`` when no item is dated (an analyst
    assumption, an undated source).

    >>> from accord.model import Evidence
    >>> known_from((Evidence("b", date="2025-05-16"), Evidence("a")), {"a": "2026-02-18"})
    datetime.date(2025, 5, 16)
    """
    dates, _ = _dates_of(evidence, sources)
    return min(dates) if dates else None


def _evidence(item: Any) -> Evidence | Sequence[Evidence] | None:
    """A claim's evidence items: its ``evidence`` and its ``corroboration`` (further reports
    of the same claim, which may be dated earlier or later)."""
    ev = getattr(item, "evidence", None)
    more = tuple(getattr(item, "corroboration", ()) or ())
    if not more:
        return ev
    first = (ev,) if isinstance(ev, Evidence) else tuple(ev or ())
    return (*first, *more)


def months(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """The first day of every month after ``start`` up to ``end`` (both ends included when
    they are firsts of a month).

    >>> [d.isoformat() for d in months(dt.date(2025, 11, 20), dt.date(2026, 2, 1))]
    ['2025-12-01', '2026-01-01', '2026-02-01']
    """
    out = []
    y, m = start.year, start.month
    day = dt.date(y, m, 1)
    while day <= end:
        if day >= start:
            out.append(day)
        m += 1
        if m == 13:
            y, m = y + 1, 1
        day = dt.date(y, m, 1)
    return tuple(out)


def cut_dates(calendar: Calendar) -> tuple[dt.date, ...]:
    """The back-test's origins: the eve of every past round but the first (before the
    first round the record holds nothing to forecast from), and the first of every month
    from the first round to ``as_of``, in date order, each once. A cut is before ``as_of``.
    """
    past = sorted(calendar.past, key=lambda r: r.start)
    if not past:
        return ()
    start = past[0].start
    eves = {r.start - dt.timedelta(days=1) for r in past[1:]}
    firsts = set(months(start + dt.timedelta(days=1), calendar.as_of))
    return tuple(sorted(d for d in eves | firsts if start <= d < calendar.as_of))


def known_at(scenario: Scenario, day: dt.date, *, horizon_end: dt.date | None = None) -> Cut:
    """``scenario`` as known at the end of ``day`` (see the module docstring).

    ``horizon_end`` is the end given to the runs when no deadline was known on ``day``
    (default: 90 days after it).
    """
    sources = {s.id: s.date for s in scenario.sources}
    dropped: list[str] = []
    undated: list[str] = []

    def keep(item: Any, label: str) -> bool:
        dates, has_undated = _dates_of(_evidence(item), sources)
        if dates:
            if min(dates) > day:
                dropped.append(label)
                return False
            return True
        if has_undated:
            undated.append(label)
        return True

    parties = []
    kept_red: dict[str, set[str]] = {}
    for p in scenario.parties:
        positions = tuple(x for x in p.positions if keep(x, f"{p.id}: position on {x.issue}"))
        red = tuple(r for r in p.red_lines if keep(r, f"{p.id}: red line {r.id}"))
        kept_red[p.id] = {r.id for r in red}
        parties.append(dataclasses.replace(p, positions=positions, red_lines=red))
    constraints = tuple(c for c in scenario.constraints if keep(c, f"constraint {c.id}"))
    deadline = scenario.deadline
    deadline_known = (
        deadline is not None
        and deadline.day is not None
        and keep(deadline, "the deadline")
        and deadline.day > day
    )
    if not deadline_known:
        end = horizon_end or day + dt.timedelta(days=90)
        deadline = Deadline(
            date=end.isoformat(),
            note=(
                f"No deadline was known at this date: the back-test ends the runs on {end} "
                "(an assumption of the back-test, not of the parties)."
            ),
            evidence=Evidence(assumption=True, note="the back-test's horizon"),
        )
    calendar = scenario.calendar
    if calendar is not None:
        calendar = _cut_calendar(calendar, day, keep)
    held = {r.id for r in calendar.past} if calendar is not None else set()
    tracks = _cut_tracks(scenario.tracks, held, keep)
    uncertainty = _cut_uncertainty(scenario.uncertainty, kept_red)
    metadata = dataclasses.replace(scenario.metadata, start_date=day.isoformat(), end_date=None)
    cut = dataclasses.replace(
        scenario,
        metadata=metadata,
        parties=tuple(parties),
        constraints=constraints,
        deadline=deadline,
        calendar=calendar,
        uncertainty=uncertainty,
        sessions=(),
        tracks=tracks,
    )
    return Cut(day, cut, tuple(dropped), tuple(undated), deadline_known)


def _fact(r: PastRound) -> PastRound:
    """A past round as fact: its sessions are not replayed (the record says how it ended)."""
    return dataclasses.replace(r, sessions=())


def _cut_calendar(calendar: Calendar, day: dt.date, keep: Any) -> Calendar:
    past = tuple(_fact(r) for r in calendar.past if r.end <= day)
    future = tuple(
        f for f in calendar.future if f.last_possible > day and keep(f, f"announced round {f.id}")
    )
    cadence = calendar.cadence
    if cadence is not None:
        keep(cadence, "the cadence of expected rounds")
        held = {r.format for r in past}
        unseen = [f for f in cadence.formats if f not in held]
        if unseen:
            # the analyst's list of formats is undated: a format with no round by the cut
            # is expected from the list alone, which may know what came later
            keep(cadence, "formats expected before their first round: " + ", ".join(unseen))
    return dataclasses.replace(calendar, as_of=day, past=past, future=future, simulate_from=None)


def _cut_tracks(tracks: Sequence[Track], held: set[str], keep: Any) -> tuple[Track, ...]:
    """The negotiation tracks known at the cut: a track whose dated evidence is all later
    is left out (its issues join the core package); a kept track names only the working
    groups of rounds held by then, and links only to tracks kept."""
    kept = [t for t in tracks if keep(t, f"track {t.id}")]
    ids = {t.id for t in kept}
    return tuple(
        dataclasses.replace(
            t,
            working_groups=tuple(g for g in t.working_groups if g in held),
            linked_with=tuple(x for x in t.linked_with if x in ids),
        )
        for t in kept
    )


def _cut_uncertainty(u: Uncertainty | None, kept_red: dict[str, set[str]]) -> Uncertainty | None:
    """The uncertainty block without the doubts about red lines not yet known."""
    if u is None:
        return None
    parties = {}
    for pid, pu in u.parties.items():
        red = {k: v for k, v in pu.red_lines.items() if k in kept_red.get(pid, set())}
        parties[pid] = dataclasses.replace(pu, red_lines=red)
    return Uncertainty(parties)
