"""Staller: holds firm at its best outcome until a late ``fraction`` of the time, then
concedes Faratin-style (exponent ``e``) to its worst acceptable outcome by the deadline.

This is the "dragging out" of talks that one side alleges of the other: nothing moves
until the end is near. Formally it is a time-dependent tactic (Faratin, Sierra and Jennings
1998) on the rescaled time ``(t - fraction) / (1 - fraction)`` for ``t >= fraction``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np

from accord.arrays import Float
from accord.errors import ConfigurationError
from accord.negotiation.acceptance import Acceptance, acceptance_from
from accord.negotiation.registry import register_strategy
from accord.negotiation.strategies.time_dependent import FARATIN
from accord.negotiation.strategy import ScheduledStrategy, StrategyMeta
from accord.negotiation.view import PartyView


@register_strategy("staller")
@dataclass(frozen=True, slots=True)
class Staller(ScheduledStrategy):
    """Offers its best outcome until relative time ``fraction``, then concedes."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "staller",
        "holds firm until a late fraction of the time, then concedes (dragging out)",
        (FARATIN,),
    )

    fraction: float = 0.9
    e: float = 1.0
    ac_const: float | None = None
    ac_time: float | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.fraction < 1.0:
            raise ConfigurationError(f"fraction must be in [0, 1), got fraction={self.fraction}")
        if not self.e > 0:
            raise ConfigurationError(f"exponent e must be > 0, got e={self.e}")

    @property
    def acceptance(self) -> Acceptance:
        """``AC_next``, widened by ``AC_const(ac_const)`` and ``AC_time(ac_time)`` when set."""
        return acceptance_from(self.ac_const, self.ac_time)

    @classmethod
    def target_schedules(cls, strategies: Sequence[Self], view: PartyView, times: Float) -> Float:
        """Targets per configuration and round: the best acceptable utility until ``fraction``,
        then the time-dependent curve of Faratin et al. (1998) with exponent ``e`` over the
        remaining time, reaching the worst acceptable utility at ``t = 1``.
        """
        f = np.array([s.fraction for s in strategies], dtype=np.float64)[:, None]
        e = np.array([s.e for s in strategies], dtype=np.float64)[:, None]
        late = np.clip((times[None, :] - f) / (1.0 - f), 0.0, 1.0)
        alpha = np.power(late, 1.0 / e)
        return view.best - alpha * (view.best - view.worst)
