"""MiCRO: Minimal Concession in Reply to Offers (de Jonge 2022).

MiCRO walks down its own outcomes in order of decreasing utility. It proposes a new
(next-best) outcome only when its counterparts have made at least as many distinct offers
as it has; otherwise it repeats one of its earlier proposals, chosen at random. It accepts
an offer worth at least as much as the lowest outcome it has proposed so far or would
propose now. It never goes below its worst acceptable outcome (red lines, reservation
value). With several counterparts, distinct offers from all of them are counted.

References
----------
D. de Jonge, "An Analysis of the Linear Bilateral ANAC Domains Using the MiCRO Benchmark
Strategy", IJCAI 2022, pp. 223-229.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from accord.negotiation import rules
from accord.negotiation.acceptance import ACNext
from accord.negotiation.registry import register_strategy
from accord.negotiation.strategy import (
    ACCEPT,
    WALK_AWAY,
    Action,
    ActionKind,
    Negotiator,
    Strategy,
    StrategyMeta,
    TargetNegotiator,
)
from accord.negotiation.view import PartyView, Turn


@register_strategy("micro")
@dataclass(frozen=True, slots=True)
class MiCRO(Strategy):
    """de Jonge's MiCRO benchmark strategy."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "micro",
        "concedes one step for each new distinct offer received (de Jonge 2022)",
        (
            "de Jonge (2022), An Analysis of the Linear Bilateral ANAC Domains Using the "
            "MiCRO Benchmark Strategy, IJCAI 2022",
        ),
        stochastic=True,
    )

    def start(self, view: PartyView, rng: np.random.Generator) -> Negotiator:
        """A MiCRO negotiator for one run (de Jonge 2022).

        It proposes its next-best acceptable outcome only when it has received at least as
        many distinct offers as it has proposed distinct outcomes; otherwise it repeats one
        of its earlier proposals, drawn uniformly with ``rng``. It accepts an offer worth at
        least its next proposal.
        """
        return _MiCRONegotiator(view, rng)


class _MiCRONegotiator(TargetNegotiator):
    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        super().__init__(view, ACNext())
        self.rng = rng
        self.proposed = 0  # distinct outcomes proposed: the top ``proposed`` of ``order``
        self.received: set[int] = set()

    def observe(self, turn: Turn, offer: int) -> None:
        self.received.add(offer)

    def _may_concede(self) -> bool:
        return self.proposed <= len(self.received) and self.proposed < self.view.order.size

    def next_index(self, turn: Turn) -> int:
        size = self.view.order.size
        lowest = self.proposed + 1 if self._may_concede() else self.proposed
        return size - max(lowest, 1)

    def act(self, turn: Turn, offer: int | None) -> Action:
        if self._empty:
            return WALK_AWAY
        if offer is not None:
            self.observe(turn, offer)
            if self._ok[offer] and rules.meets(
                float(self._u[offer]), float(self.view.sorted_utilities[self.next_index(turn)])
            ):
                return ACCEPT
        size = self.view.order.size
        if self._may_concede():
            self.proposed += 1
            j = size - self.proposed
        else:
            j = size - 1 - int(self.rng.integers(self.proposed))
        return Action(ActionKind.OFFER, int(self._order[j]))
