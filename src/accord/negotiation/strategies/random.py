"""Random negotiator (for conformance testing, as OpenSpiel's ``random_sim_test``).

It offers an outcome drawn uniformly from those it may accept, accepts an admissible offer
with probability ``p_accept`` and walks away with probability ``p_walk``. It still never
offers or accepts an outcome that breaks its red lines or falls below its reservation value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from accord.errors import ConfigurationError
from accord.negotiation.acceptance import ACNext
from accord.negotiation.registry import register_strategy
from accord.negotiation.strategy import (
    ACCEPT,
    WALK_AWAY,
    Action,
    ActionKind,
    Critique,
    Negotiator,
    Strategy,
    StrategyMeta,
    TargetNegotiator,
    objections,
)
from accord.negotiation.view import PartyView, Turn


@register_strategy("random")
@dataclass(frozen=True, slots=True)
class RandomStrategy(Strategy):
    """Uniformly random offers; accepts with probability ``p_accept``."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "random",
        "random admissible offers; accepts with probability p_accept (conformance baseline)",
        ("Lanctot et al. (2019), OpenSpiel: a framework for reinforcement learning in games",),
        stochastic=True,
    )

    p_accept: float = 0.5
    p_walk: float = 0.0

    def __post_init__(self) -> None:
        for name in ("p_accept", "p_walk"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigurationError(f"{name} must be in [0, 1], got {name}={value}")

    def start(self, view: PartyView, rng: np.random.Generator) -> Negotiator:
        """A negotiator for one run that draws every choice from ``rng``: a uniformly random
        acceptable outcome to offer, acceptance of an acceptable offer with probability
        ``p_accept``, walking away with probability ``p_walk`` at each turn.
        """
        return _RandomNegotiator(view, rng, self)


class _RandomNegotiator(TargetNegotiator):
    def __init__(self, view: PartyView, rng: np.random.Generator, cfg: RandomStrategy) -> None:
        super().__init__(view, ACNext())
        self.rng = rng
        self.cfg = cfg

    def next_index(self, turn: Turn) -> int:
        return int(self.rng.integers(self.view.order.size))

    def act(self, turn: Turn, offer: int | None) -> Action:
        if self._empty or self.rng.random() < self.cfg.p_walk:
            return WALK_AWAY
        if offer is not None and self._ok[offer] and self.rng.random() < self.cfg.p_accept:
            return ACCEPT
        return Action(ActionKind.OFFER, int(self._order[self.next_index(turn)]))

    def critique(self, turn: Turn, draft: int) -> Critique:
        if self._empty:
            return Critique(False, (), walk_away=True)
        if self._ok[draft] and self.rng.random() < self.cfg.p_accept:
            return Critique(True)
        return Critique(False, objections(self.view, draft))

    def vote(self, turn: Turn, draft: int) -> bool:
        return bool(self._ok[draft]) and bool(self.rng.random() < self.cfg.p_accept)
