"""Rounds of the talks on the calendar: the date each round of a simulation falls on.

The scenario gives the dates loosely: ``metadata.start_date``, its ``sessions`` (each a
date and a round budget) and a ``deadline`` (a date and a round budget). The rules:

1. Rounds inside the sessions take their session's date (rounds are numbered across the
   sessions in order, each session holding its own round budget).
2. Rounds beyond the sessions are spread evenly from the last session's date to the
   deadline date, the last round on the deadline: of ``k`` such rounds, the ``j``-th
   (``j = 1..k``) falls ``j/k`` of the way.
3. Without sessions, the rounds are spread evenly from ``start_date`` (round 1) to the
   deadline date (the last round), as the drift of a reservation value per month does
   (docs/sweeps.md).

When a round cannot be placed (no dates, or rounds beyond the sessions with no deadline
date), there is no mapping and the caller plots by round.
"""

from __future__ import annotations

from datetime import date, timedelta

from accord.errors import ConfigurationError
from accord.model import Scenario
from accord.negotiation.sessions import schedule_for


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def _spread(start: date, end: date, k: int, *, include_start: bool) -> list[date]:
    """``k`` dates evenly from ``start`` to ``end`` (the last one on ``end``)."""
    days = (end - start).days
    if include_start:
        return [
            start + timedelta(days=round(days * i / (k - 1))) if k > 1 else end for i in range(k)
        ]
    return [start + timedelta(days=round(days * j / k)) for j in range(1, k + 1)]


def _session_budgets(scenario: Scenario) -> list[int]:
    budgets = [s.rounds for s in scenario.sessions]
    if all(b is not None for b in budgets):
        return [int(b or 0) for b in budgets]
    try:  # sessions without a budget share the deadline's rounds (by duration)
        return list(schedule_for(scenario).session_rounds)
    except ConfigurationError:
        return [1] * len(scenario.sessions)


def round_dates(scenario: Scenario, n_rounds: int) -> list[date] | None:
    """The date of each round ``1..n_rounds`` of ``scenario``'s talks (index ``r - 1``),
    or ``None`` when the scenario does not date them (see the module docstring).

    >>> from accord.io import load_scenario
    >>> d = round_dates(load_scenario("geneva-2026"), 20)
    >>> str(d[0]), str(d[15]), str(d[16]), str(d[19])
    ('2026-02-17', '2026-02-17', '2026-02-18', '2026-02-18')
    """
    if n_rounds <= 0:
        return []
    deadline = _date(scenario.deadline.date) if scenario.deadline is not None else None
    sessions = [_date(s.date) for s in scenario.sessions]
    if scenario.sessions and all(d is not None for d in sessions):
        out: list[date] = []
        for d, budget in zip(sessions, _session_budgets(scenario), strict=True):
            assert d is not None
            out.extend([d] * budget)
        out = out[:n_rounds]
        rest = n_rounds - len(out)
        if rest == 0:
            return out
        last = max(d for d in sessions if d is not None)
        if deadline is None or deadline < last:
            return None
        return out + _spread(last, deadline, rest, include_start=False)
    start = _date(scenario.metadata.start_date)
    if start is None or deadline is None or deadline < start:
        return None
    return _spread(start, deadline, n_rounds, include_start=True)


__all__ = ["round_dates"]
