"""Relative tit-for-tat (Faratin, Sierra and Jennings 1998, imitative tactics).

The negotiator reproduces, in proportion, the concession its counterparts made: the share
of the distance from their opening offer to its own best outcome that their latest offer
has closed (measured in its own utility, the only one it knows). It concedes the same share
of its own range, from its best outcome towards its worst acceptable one. With several
counterparts it answers the standing offer, whoever made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from accord.negotiation.acceptance import Acceptance, acceptance_from
from accord.negotiation.registry import register_strategy
from accord.negotiation.strategies.time_dependent import FARATIN
from accord.negotiation.strategy import Negotiator, Strategy, StrategyMeta, TargetNegotiator
from accord.negotiation.view import PartyView, Turn
from accord.tolerance import TOLERANCE


@register_strategy("tit-for-tat")
@dataclass(frozen=True, slots=True)
class TitForTat(Strategy):
    """Relative tit-for-tat: concede as much (proportionally) as the others did."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "tit-for-tat",
        "relative tit-for-tat: mirrors the counterparts' proportional concession",
        (FARATIN,),
    )

    ac_const: float | None = None
    ac_time: float | None = None

    def start(self, view: PartyView, rng: np.random.Generator) -> Negotiator:
        """A relative tit-for-tat negotiator for one run (deterministic: ``rng`` is not used).

        The others' concession is the share of the gap between their first offer and this
        party's best utility that their latest offer has closed; the negotiator concedes the
        same share of its own range, from its best to its worst acceptable utility
        (Faratin et al. 1998).
        """
        return _TitForTatNegotiator(view, acceptance_from(self.ac_const, self.ac_time))


class _TitForTatNegotiator(TargetNegotiator):
    def __init__(self, view: PartyView, acceptance: Acceptance) -> None:
        super().__init__(view, acceptance)
        self.first: float | None = None
        self.last: float | None = None

    def observe(self, turn: Turn, offer: int) -> None:
        u = float(self._u[offer])
        if self.first is None:
            self.first = u
        self.last = u

    def next_index(self, turn: Turn) -> int:
        best, worst = self.view.best, self.view.worst
        share = 0.0
        if self.first is not None and self.last is not None and best - self.first > TOLERANCE:
            share = min(1.0, max(0.0, (self.last - self.first) / (best - self.first)))
        target = best - share * (best - worst)
        return int(self.view.select(np.array(target)))
