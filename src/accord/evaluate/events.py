"""The named events a back-test forecasts, what the record says happened, and the reference
forecasters accord is scored beside.

Events over a window ``(cut, cut + h]`` (the day after the cut to the horizon's end,
inclusive):

- ``full``: a full agreement (every issue of the scenario settled by one round);
- ``partial``: at least a partial agreement (a round agreed an option of some issue);
- ``agreed:<issue>``: a round agreed an option of that issue;
- ``round:any`` and ``round:<format>``: at least one round (of that format) started.

Agreements count on the day the record dates them (their own ``date``, else the last day
of their round), rounds on their first day. Items a round
agreed that map to no issue of the scenario are outside what the model can forecast and
count for no event; rounds that agreed nothing count for the round events only.

Reference forecasters (Murphy 1973's "reference" of a skill score):

- **base rate**: the event's daily rate in the record up to the cut, smoothed with the
  Jeffreys prior Beta(1/2, 1/2): ``r = (k + 1/2) / (n + 1)`` for ``k`` days with the event
  among the ``n`` days from the record's first round to the cut, turned into a horizon of
  ``h`` days as ``1 - (1 - r)^h`` (independent days);
- **nothing changes**: no agreement of any kind; rounds go on at the mean gap between the
  starts of the rounds (of that format) so far, from the last one: 1 if the next such date
  after the cut falls within the horizon, else 0 (0 with fewer than two rounds);
- **50/50**: every event at 0.5.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accord.model import Scenario
from accord.model.calendar import Calendar

#: The Jeffreys prior of the base rate: Beta(a, b).
PRIOR = (0.5, 0.5)

#: The reference forecasters, in the order tables show them.
REFERENCES = ("base_rate", "nothing_changes", "fifty_fifty")

#: Event kinds, in the order tables show them.
KINDS = ("full", "partial", "agreed", "round")


def kind_of(event: str) -> str:
    """The kind of an event key: ``"agreed:donbas"`` is of kind ``"agreed"``."""
    return event.partition(":")[0]


@dataclass(frozen=True, slots=True)
class RecordedRound:
    """A past round as the record gives it: dates, format, and the issues it agreed."""

    id: str
    start: dt.date
    end: dt.date
    format: str | None
    issues: frozenset[str]
    full: bool
    agreed_on: dt.date | None = None  # when its agreements were made (default: ``end``)

    @property
    def agreement_day(self) -> dt.date:
        """The day the round's agreements count on: the earliest date its agreements give,
        else its last day."""
        return self.agreed_on or self.end


@dataclass(frozen=True, slots=True)
class Record:
    """The rounds a scenario's calendar records, from the first round to ``end`` (the
    calendar's ``as_of``): what the back-test scores against."""

    rounds: tuple[RecordedRound, ...]
    start: dt.date
    end: dt.date
    issues: tuple[str, ...]

    @classmethod
    def of(cls, scenario: Scenario, calendar: Calendar) -> Record:
        """The record of ``calendar``'s past rounds (``scenario`` gives the issues)."""
        issues = tuple(i.id for i in scenario.issues)
        rounds = []
        for r in sorted(calendar.past, key=lambda r: r.start):
            mapped = [a for a in r.agreements if a.maps_to_issue and a.issue]
            agreed = frozenset(a.issue for a in mapped if a.issue)
            full = bool(issues) and agreed >= set(issues)
            days = [d for a in mapped if (d := getattr(a, "date", None)) is not None]
            on = min(days) if days else None
            rounds.append(RecordedRound(r.id, r.start, r.end, r.format, agreed, full, on))
        start = rounds[0].start if rounds else calendar.as_of
        return cls(tuple(rounds), start, calendar.as_of, issues)

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats of the recorded rounds, in order of first appearance."""
        out: list[str] = []
        for r in self.rounds:
            if r.format and r.format not in out:
                out.append(r.format)
        return tuple(out)

    def events(self) -> tuple[str, ...]:
        """Every event key the back-test forecasts on this record."""
        return (
            "full",
            "partial",
            *(f"agreed:{i}" for i in self.issues),
            "round:any",
            *(f"round:{f}" for f in self.formats),
        )

    def _hits(self, event: str) -> list[tuple[dt.date, RecordedRound]]:
        """The dates the event happened on (with their round), in date order."""
        kind, _, arg = event.partition(":")
        out = []
        for r in self.rounds:
            if kind == "round" and (arg in ("any", r.format)):
                out.append((r.start, r))
            elif (
                (kind == "partial" and r.issues)
                or (kind == "full" and r.full)
                or (kind == "agreed" and arg in r.issues)
            ):
                out.append((r.agreement_day, r))
        return sorted(out, key=lambda x: x[0])

    def outcome(self, event: str, cut: dt.date, end: dt.date) -> RecordedRound | None:
        """The first round that made ``event`` happen in ``(cut, end]``; ``None`` if none did.
        The caller checks that ``end`` is within the record."""
        for day, r in self._hits(event):
            if cut < day <= end:
                return r
        return None

    def base_rate(self, event: str, cut: dt.date, horizon: int) -> float:
        """The base-rate forecast of ``event`` within ``horizon`` days of ``cut`` (see the
        module docstring).

        >>> import datetime as dt
        >>> rec = Record((RecordedRound("a", dt.date(2025, 1, 1), dt.date(2025, 1, 1),
        ...                              "direct", frozenset(), False),),
        ...              dt.date(2025, 1, 1), dt.date(2025, 3, 1), ())
        >>> round(rec.base_rate("round:any", dt.date(2025, 1, 10), 30), 6)  # r = 1.5 / 11
        0.987699
        """
        a, b = PRIOR
        days = {d for d, _ in self._hits(event) if self.start <= d <= cut}
        n = max(0, (cut - self.start).days + 1)
        r = (len(days) + a) / (n + a + b)
        return float(1.0 - (1.0 - r) ** horizon)

    def nothing_changes(self, event: str, cut: dt.date, horizon: int) -> float:
        """The "nothing changes" forecast (see the module docstring): 0 for agreements; for
        rounds, 1 when the next round at the mean gap falls within the horizon."""
        if kind_of(event) != "round":
            return 0.0
        starts = sorted({d for d, _ in self._hits(event) if d <= cut})
        if len(starts) < 2:
            return 0.0
        gap = (starts[-1] - starts[0]).days / (len(starts) - 1)
        if gap <= 0:
            return 0.0
        nxt = starts[-1]
        k = 0
        while True:
            k += 1
            nxt = starts[-1] + dt.timedelta(days=round(k * gap))
            if nxt > cut:
                break
        return 1.0 if nxt <= cut + dt.timedelta(days=horizon) else 0.0


def describe(event: str, scenario: Scenario) -> str:
    """The event in plain words: ``"a round in the trilateral format"``."""
    kind, _, arg = event.partition(":")
    if kind == "full":
        return "a full agreement"
    if kind == "partial":
        return "at least a partial agreement"
    if kind == "agreed":
        name = next((i.name for i in scenario.issues if i.id == arg), arg)
        return f"an agreement on “{name or arg}”"
    if arg == "any":
        return "a further round of talks"
    return f"a further round in the {arg} format"
