"""A third-party strategy: register it, then run it against a built-in one.

Run: ``python examples/custom_strategy.py``. A package makes it available to
``accord simulate --strategy PARTY=split-the-difference`` by declaring, in its
pyproject.toml::

    [project.entry-points."accord.strategies"]
    split-the-difference = "my_package.strategies:SplitTheDifference"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from accord.io import load_scenario
from accord.negotiation.acceptance import ACNext
from accord.negotiation.registry import register_strategy
from accord.negotiation.simulation import simulate
from accord.negotiation.strategy import Negotiator, Strategy, StrategyMeta, TargetNegotiator
from accord.negotiation.view import PartyView, Turn


@register_strategy("split-the-difference")
@dataclass(frozen=True, slots=True)
class SplitTheDifference(Strategy):
    """Aims halfway between its best outcome and the best offer it has received."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "split-the-difference",
        "aims halfway between its best outcome and the best offer received so far",
        ("Raiffa (1982), The Art and Science of Negotiation, ch. 4",),
    )

    share: float = 0.5

    def start(self, view: PartyView, rng: np.random.Generator) -> Negotiator:
        return _Splitter(view, self.share)


class _Splitter(TargetNegotiator):
    def __init__(self, view: PartyView, share: float) -> None:
        super().__init__(view, ACNext())  # accept what is at least my next offer
        self.share = share
        self.best_received = view.worst

    def observe(self, turn: Turn, offer: int) -> None:
        self.best_received = max(self.best_received, float(self.view.utilities[offer]))

    def next_index(self, turn: Turn) -> int:
        target = self.view.best - self.share * (self.view.best - self.best_received)
        # view.select never returns an outcome that breaks a red line or the reservation value
        return int(self.view.select(np.array(target)))


def main() -> None:
    scenario = load_scenario("geneva-2026")
    sim = simulate(
        scenario,
        strategies={"russia": "split-the-difference:share=0.6", "ukraine": "conceder"},
        protocol="single-text",
        rng=1,
    )
    print(sim.summary(limit=1))


if __name__ == "__main__":
    main()
