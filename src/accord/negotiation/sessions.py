"""Sessions and deadlines: how many rounds the talks have and how they are split.

Talks may be split into sessions (the Geneva talks: a long first day and a two-hour second
day), each with its own round budget, inside the overall deadline. A :class:`Schedule`
maps every round to its session and its relative time ``t = r / (rounds - 1)``.

Rules, in order:

1. ``rounds`` given explicitly (``--rounds``): that many rounds; when the scenario has
   sessions they share them in proportion to their own round budgets (or durations, or
   equally), by largest remainder, each session getting at least one round while rounds
   last.
2. Otherwise the sessions' round budgets, cut at the deadline in rounds when there is one;
   sessions without a budget share the deadline's rounds by duration.
3. Otherwise the deadline in rounds, as one session.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.errors import ConfigurationError
from accord.model import Scenario


@dataclass(frozen=True, slots=True)
class Schedule:
    """Round budget of each session; rounds are numbered across sessions from 0."""

    session_rounds: tuple[int, ...]
    session_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.session_rounds or any(r < 0 for r in self.session_rounds):
            raise ConfigurationError(
                f"session round budgets must be >= 0, got {list(self.session_rounds)}"
            )
        if self.rounds <= 0:
            raise ConfigurationError(f"rounds must be > 0, got {self.rounds}")

    @property
    def rounds(self) -> int:
        return sum(self.session_rounds)

    @property
    def session_of_round(self) -> tuple[int, ...]:
        return tuple(s for s, n in enumerate(self.session_rounds) for _ in range(n))

    @classmethod
    def of(cls, rounds: int) -> Schedule:
        """One session of ``rounds`` rounds."""
        if rounds <= 0:
            raise ConfigurationError(f"rounds must be > 0, got {rounds}")
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


def schedule_for(scenario: Scenario, rounds: int | None = None) -> Schedule:
    """The schedule of ``scenario``'s talks (see the module docstring for the rules)."""
    if rounds is not None and rounds <= 0:
        raise ConfigurationError(f"rounds must be > 0, got {rounds}")
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
    if sessions and all(s.rounds for s in sessions):
        budget = [int(s.rounds or 0) for s in sessions]
        if deadline is not None:
            left = deadline
            cut = []
            for b in budget:
                cut.append(min(b, max(left, 0)))
                left -= b
            budget = cut
        return Schedule(tuple(budget), names)
    if deadline is None:
        raise ConfigurationError(
            f"scenario {scenario.id!r} sets no deadline in rounds and no session round "
            "budgets; give the number of rounds (--rounds N)"
        )
    if sessions:
        weights = [float(s.duration_hours or 0.0) for s in sessions]
        return Schedule(_share(deadline, weights), names)
    return Schedule((deadline,))
