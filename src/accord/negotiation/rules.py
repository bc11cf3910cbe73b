"""The rules of alternating offers that the step engine and the batch engine share.

One statement, a scalar and an array form of each formula, used by
:mod:`accord.negotiation.alternating` (one negotiation, turn by turn) and
:mod:`accord.negotiation.batch` (many at once, array operations per turn), and by the
sweeps that feed the batch engine drifting reservation values:

* **Turns**: the bargaining parties act in scenario order, one turn each per round; the
  first party of the first round opens (:func:`actor`).
* **Floor**: a party's reservation value at a round. Without drift it is the scenario's
  value; a drift moves it ``by_round`` per round and ``by_month`` per calendar month
  counted from the start of the simulated talks (:func:`floor_at`). On rounds without
  dates, spread evenly over the months to the deadline, a drift per month is a drift per
  round (:func:`per_round`) and the floor is :func:`floor_at` at day 0.
* **Meeting the floor**: a utility meets a floor when it is at least the floor minus
  :data:`accord.tolerance.TOLERANCE` (:func:`meets`, :func:`meets_array`; the least such
  utility, for a search over sorted utilities, is :func:`lowest_meeting`). Every engine,
  strategy and acceptance condition draws the line with these.
* **Offers**: a party offers the outcome of lowest utility at or above
  ``max(target, floor)`` (:func:`offer_threshold`).
* **Acceptance**: a party accepts the standing offer only when the offer meets its floor
  and keeps its red lines, and its acceptance condition holds; **agreement** when every
  party but the proposer has accepted in turn (:func:`agreed`).
* **Walking away**: a party walks away when no outcome it may accept meets its floor
  (:func:`must_walk`); **deadline**: no agreement after the last round.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.arrays import Bool
from accord.tolerance import TOLERANCE, below

#: Days per calendar month for drifts per month (a Julian year / 12).
DAYS_PER_MONTH = 365.25 / 12


def actor(turn: int, n_parties: int) -> int:
    """The bargaining party (position in turn order) acting at ``turn`` (counted from 0
    over every round)."""
    return turn % n_parties


def floor_at(reservation: Any, by_round: Any, by_month: Any, round_: Any, days: Any) -> Any:
    """A reservation value at round ``round_`` held ``days`` after the start of the
    simulated talks: ``reservation + by_round * round_ + by_month * days / DAYS_PER_MONTH``
    (scalars or broadcasting arrays; the one formula of every engine)."""
    return reservation + by_round * round_ + by_month * (days / DAYS_PER_MONTH)


def per_round(by_month: float, months: float, rounds: int) -> float:
    """The drift per round of a drift of ``by_month`` per month on ``rounds`` rounds spread
    evenly over ``months`` months (the first round at the start, the last at the end):
    ``by_month * months / (rounds - 1)``; 0 with fewer than two rounds.

    >>> per_round(-0.01, 4.0, 5)
    -0.01
    """
    if rounds < 2:
        return 0.0
    return by_month * months / (rounds - 1)


def lowest_meeting(floor: Any) -> Any:
    """The least utility that meets ``floor`` (:func:`meets`): ``floor - TOLERANCE``; a
    search over ascending utilities finds the first that meets ``floor`` at it
    (``searchsorted(sorted, lowest_meeting(floor), side="left")``)."""
    return floor - TOLERANCE


def meets(utility: float, floor: float) -> bool:
    """Whether ``utility`` meets ``floor`` (at least ``floor - TOLERANCE``)."""
    return bool(utility >= floor - TOLERANCE)


def meets_array(utility: Any, floor: Any) -> Bool:
    """Element-wise :func:`meets` (broadcasting)."""
    return ~below(utility, floor)


def offer_threshold(target: Any, floor: Any) -> Any:
    """The utility a party's offer must reach: its target, and never below its floor."""
    return np.maximum(target, floor)


def must_walk(best: Any, floor: Any) -> Any:
    """Whether a party whose best acceptable outcome is worth ``best`` walks away under
    ``floor`` (``best`` is ``-inf`` or ``nan`` when nothing is acceptable)."""
    return ~meets_array(np.nan_to_num(best, nan=-np.inf), floor)


def agreed(acceptances: Any, n_parties: int) -> Any:
    """Whether ``acceptances`` in a row settle the standing offer."""
    return np.asarray(acceptances) == n_parties - 1


__all__ = [
    "DAYS_PER_MONTH",
    "TOLERANCE",
    "actor",
    "agreed",
    "floor_at",
    "lowest_meeting",
    "meets",
    "meets_array",
    "must_walk",
    "offer_threshold",
    "per_round",
]
