"""Hardliner: always offers its best outcome and accepts nothing worse (unless widened
with ``ac_const``/``ac_time``). The "take it or leave it" baseline of the ANAC literature
(Baarslag et al. 2013, the *HardHeaded*/*Hardliner* baselines)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np

from accord.arrays import Float
from accord.negotiation.acceptance import Acceptance, acceptance_from
from accord.negotiation.registry import register_strategy
from accord.negotiation.strategy import ScheduledStrategy, StrategyMeta
from accord.negotiation.view import PartyView


@register_strategy("hardliner")
@dataclass(frozen=True, slots=True)
class Hardliner(ScheduledStrategy):
    """Offers its best acceptable outcome at every turn; concedes nothing."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "hardliner",
        "offers its best outcome every turn and accepts only as much",
        (
            "Baarslag, Hindriks, Jonker, Kraus & Lin (2012), The first automated negotiating "
            "agents competition (ANAC 2010), Studies in Computational Intelligence 383",
        ),
    )

    ac_const: float | None = None
    ac_time: float | None = None

    @property
    def acceptance(self) -> Acceptance:
        """``AC_next``, widened by ``AC_const(ac_const)`` and ``AC_time(ac_time)`` when set."""
        return acceptance_from(self.ac_const, self.ac_time)

    @classmethod
    def target_schedules(cls, strategies: Sequence[Self], view: PartyView, times: Float) -> Float:
        """The party's best acceptable utility at every round, for every configuration."""
        return np.full((len(strategies), times.size), view.best)
