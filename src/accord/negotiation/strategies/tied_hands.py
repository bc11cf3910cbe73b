"""Tied hands: a negotiator that uses its own ratifiers as a reason to hold firm.

In a two-level game (Putnam 1988) an agreement binds only if every domestic ratifier of
each side approves it: the packages a party's ratifiers would pass are its *win-set*. A
negotiator whose hands are tied by its constituents cannot promise what they would reject,
and a small win-set is a bargaining strength, since the other side must offer within it
or get nothing (Schelling 1960, ch. 2: "the power to bind oneself").

:class:`TiedHands` plays another registered strategy (``like``, default ``boulware``)
inside its party's win-set only: it never offers, accepts or votes for a package that its
own ratification stages would approve with a probability below ``threshold`` (default 0.5,
the win-set of docs/two-level.md); its concession runs from its best to its worst package
*inside* the win-set. A party without ratification stages has every package in its
win-set, so the strategy then plays exactly as ``like`` does. When the win-set holds none
of the packages the party may accept, it walks away (there is nothing it could sign that
would stand at home).

References
----------
T. C. Schelling, *The Strategy of Conflict*, Harvard University Press (1960), ch. 2.
R. D. Putnam, "Diplomacy and Domestic Politics: The Logic of Two-Level Games",
*International Organization* 42(3) (1988) 427-460.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from accord.errors import ConfigurationError
from accord.negotiation import rules
from accord.negotiation.registry import make_strategy, register_strategy, strategies
from accord.negotiation.strategy import Negotiator, Strategy, StrategyMeta
from accord.negotiation.view import PartyView

SCHELLING = "Schelling (1960), The Strategy of Conflict, Harvard University Press, ch. 2"
PUTNAM = (
    "Putnam (1988), Diplomacy and Domestic Politics: The Logic of Two-Level Games, "
    "International Organization 42(3):427-460"
)

NAME = "tied-hands"


def win_set_view(view: PartyView, threshold: float = 0.5) -> PartyView:
    """``view`` with the acceptable outcomes cut to the party's win-set: those its own
    ratification stages all approve with probability at least ``threshold``
    (:attr:`PartyView.home_approval`); ``view`` itself when the party has no stage."""
    home = view.home_approval
    if home is None:
        return view
    keep = np.asarray(view.acceptable & rules.meets_array(home, threshold), dtype=bool)
    order = view.order[keep[view.order]]
    keep.setflags(write=False)
    order.setflags(write=False)
    sorted_u = view.utilities[order]
    sorted_u.setflags(write=False)
    return replace(view, acceptable=keep, order=order, sorted_utilities=sorted_u)


@register_strategy(NAME)
@dataclass(frozen=True, slots=True)
class TiedHands(Strategy):
    """Plays strategy ``like`` inside its party's win-set only (approval of each of its own
    ratification stages at least ``threshold``)."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        NAME,
        "holds firm on what its own ratifiers would pass: plays the strategy `like` "
        "(default boulware) but never offers or accepts a package outside its win-set "
        "(approval of its own ratification stages below `threshold`, default 0.5)",
        (SCHELLING, PUTNAM),
    )

    like: str = "boulware"
    threshold: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigurationError(f"threshold must be in (0, 1], got threshold={self.threshold}")
        if self.like == NAME:
            raise ConfigurationError(f"like={NAME!r}: tied-hands plays another strategy")
        if self.like not in strategies():
            raise ConfigurationError(
                f"like={self.like!r} is not a strategy; valid: "
                f"{', '.join(n for n in strategies() if n != NAME)}"
            )

    @property
    def base(self) -> Strategy:
        """The strategy it plays inside the win-set."""
        return make_strategy(self.like)

    def start(self, view: PartyView, rng: np.random.Generator) -> Negotiator:
        """The negotiator of ``like`` on the party's win-set (:func:`win_set_view`)."""
        return self.base.start(win_set_view(view, self.threshold), rng)
