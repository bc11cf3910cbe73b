"""Sessions and deadlines: how many exchanges the talks have and how they are split.

An exchange is one step of the protocol (one offer and the answers to it); the attributes
keep the name ``rounds``. Talks may be split into sessions (the Geneva talks: a long first
day and a two-hour second day), each with its own exchange budget, inside the overall
deadline. A :class:`Schedule` maps every exchange to its session and its relative time
``t = r / (rounds - 1)``.

Rules, in order:

0. When the talks are dated (a calendar, or sessions with dates and a deadline date), the
   sessions up to the deadline's date (:mod:`accord.negotiation.dated`), each on its date.
1. ``rounds`` given explicitly (``--exchanges``): that many exchanges; when the scenario
   has sessions they share them in proportion to their own exchange budgets (or durations,
   or equally), by largest remainder, each session getting at least one exchange while
   exchanges last.
2. Otherwise the sessions' exchange budgets; sessions without a budget share the deadline's
   exchanges by duration. ``deadline.exchanges`` and the sessions' budgets must agree (an
   error names both otherwise): the sessions are never cut or padded silently.
3. Otherwise the deadline in exchanges, as one session.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.errors import ConfigurationError
from accord.model import Scenario


@dataclass(frozen=True, slots=True)
class Schedule:
    """Round budget of each session; rounds are numbered across sessions from 0.

    ``session_dates`` (ISO dates, one per session, when the talks are dated) and
    ``deadline_date`` put the rounds on the calendar: a round falls on its session's date,
    and a run that reaches no agreement ends on the deadline's date.
    """

    session_rounds: tuple[int, ...]
    session_names: tuple[str, ...] = ()
    session_dates: tuple[str | None, ...] = ()
    deadline_date: str | None = None

    def __post_init__(self) -> None:
        if not self.session_rounds or any(r < 0 for r in self.session_rounds):
            raise ConfigurationError(
                f"session exchange budgets must be >= 0, got {list(self.session_rounds)}"
            )
        if self.rounds <= 0:
            raise ConfigurationError(f"exchanges must be > 0, got {self.rounds}")

    @property
    def rounds(self) -> int:
        """Total negotiation rounds over all sessions (the protocol's deadline, in rounds)."""
        return sum(self.session_rounds)

    @property
    def session_of_round(self) -> tuple[int, ...]:
        """For each negotiation round (0-based), the index of the session that holds it."""
        return tuple(s for s, n in enumerate(self.session_rounds) for _ in range(n))

    def date_of_round(self, r: int) -> str | None:
        """The ISO date of round ``r`` (0-based), ``None`` when not dated."""
        if not self.session_dates or not 0 <= r < self.rounds:
            return None
        return self.session_dates[self.session_of_round[r]]

    def end_date(self, agreed_or_walked: bool, rounds_held: int) -> str | None:
        """The date a run ended on: its last round's session for an agreement or a
        walk-out, else the deadline's date (the last session's when there is none)."""
        if agreed_or_walked:
            return self.date_of_round(rounds_held - 1)
        if self.deadline_date is not None:
            return self.deadline_date
        return self.date_of_round(self.rounds - 1)

    @classmethod
    def of(cls, rounds: int) -> Schedule:
        """One session of ``rounds`` rounds."""
        if rounds <= 0:
            raise ConfigurationError(f"exchanges must be > 0, got {rounds}")
        return cls((rounds,))


def _share(total: int, weights: list[float]) -> tuple[int, ...]:
    w = np.asarray(weights, dtype=np.float64)
    if w.sum() <= 0:
        w = np.ones_like(w)
    exact = total * w / w.sum()
    base = np.floor(exact).astype(int)
    # every session gets a round while there are rounds to give
    base = np.maximum(base, (np.arange(w.size) < total).astype(int))
    while base.sum() > total:
        base[int(np.argmax(base))] -= 1
    for i in np.argsort(-(exact - np.floor(exact)), kind="stable"):
        if base.sum() >= total:
            break
        base[i] += 1
    return tuple(int(b) for b in base)


def _check_rounds(scenario: Scenario, total: int, what: str) -> None:
    """``deadline.rounds`` and the sessions may not disagree: an error naming both."""
    deadline = scenario.deadline.rounds if scenario.deadline is not None else None
    if deadline is not None and deadline != total:
        raise ConfigurationError(
            f"scenario {scenario.id!r}: deadline.exchanges is {deadline} but {what} hold "
            f"{total} exchanges; remove deadline.exchanges (the sessions decide) or make them "
            "agree"
        )


def legacy_budgets(scenario: Scenario) -> tuple[int, ...] | None:
    """The round budget of each of ``scenario.sessions`` (no calendar): their own budgets
    (which must add up to ``deadline.rounds`` when it is given), else the deadline's rounds
    shared by duration; ``None`` when neither is known."""
    sessions = scenario.sessions
    if not sessions:
        return None
    if all(s.rounds for s in sessions):
        budget = tuple(int(s.rounds or 0) for s in sessions)
        _check_rounds(scenario, sum(budget), f"its {len(budget)} sessions")
        return budget
    deadline = scenario.deadline.rounds if scenario.deadline is not None else None
    if deadline is None:
        return None
    return _share(deadline, [float(s.duration_hours or 0.0) for s in sessions])
