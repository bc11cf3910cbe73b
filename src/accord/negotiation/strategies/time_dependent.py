"""Time-dependent concession (Faratin, Sierra and Jennings 1998).

The target utility at relative time ``t`` is
``u(t) = u_max - alpha(t) * (u_max - u_min)`` with ``alpha(t) = k + (1 - k) * t**(1/e)``,
where ``u_max`` and ``u_min`` are the best and worst outcomes the party may accept (its
red lines hold and it gets at least its reservation value). Boulware tactics (``e < 1``)
hold out and concede near the deadline; ``e = 1`` concedes linearly; conceder tactics
(``e > 1``) give ground early. Each turn the negotiator offers the outcome of lowest
utility at or above its target; it accepts by ``AC_next`` (Baarslag et al. 2014), widened by
``AC_const`` / ``AC_time`` when ``ac_const`` / ``ac_time`` are given.

References
----------
P. Faratin, C. Sierra and N. R. Jennings, "Negotiation decision functions for autonomous
agents", *Robotics and Autonomous Systems* 24(3-4) (1998) 159-182, section 4.2.1.
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
from accord.negotiation.strategy import ScheduledStrategy, StrategyMeta
from accord.negotiation.view import PartyView

FARATIN = (
    "Faratin, Sierra & Jennings (1998), Negotiation decision functions for autonomous "
    "agents, Robotics and Autonomous Systems 24:159-182"
)


@register_strategy("time-dependent")
@dataclass(frozen=True, slots=True)
class TimeDependent(ScheduledStrategy):
    """Faratin et al.'s polynomial time-dependent tactic with exponent ``e`` > 0 and initial
    concession ``k`` in [0, 1]."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "time-dependent",
        "concedes from its best outcome to its worst acceptable one as time runs out; "
        "exponent e < 1 is Boulware, e = 1 linear, e > 1 conceder",
        (FARATIN,),
    )

    e: float = 1.0
    k: float = 0.0
    ac_const: float | None = None
    ac_time: float | None = None

    def __post_init__(self) -> None:
        if not self.e > 0:
            raise ConfigurationError(f"exponent e must be > 0, got e={self.e}")
        if not 0.0 <= self.k <= 1.0:
            raise ConfigurationError(f"initial concession k must be in [0, 1], got k={self.k}")
        if self.ac_time is not None and not 0.0 <= self.ac_time <= 1.0:
            raise ConfigurationError(f"ac_time must be in [0, 1], got ac_time={self.ac_time}")

    @property
    def acceptance(self) -> Acceptance:
        """``AC_next``, widened by ``AC_const(ac_const)`` and ``AC_time(ac_time)`` when set."""
        return acceptance_from(self.ac_const, self.ac_time)

    @classmethod
    def target_schedules(cls, strategies: Sequence[Self], view: PartyView, times: Float) -> Float:
        """Target utility per configuration and round (Faratin, Sierra & Jennings 1998):
        ``best - alpha(t) * (best - worst)`` with ``alpha(t) = k + (1 - k) * t**(1/e)``, where
        ``best`` and ``worst`` are the party's highest and lowest acceptable utilities.
        """
        e = np.array([s.e for s in strategies], dtype=np.float64)[:, None]
        k = np.array([s.k for s in strategies], dtype=np.float64)[:, None]
        # t**(1/e) as exp(log(t)/e): one log per round, then a fast exp per entry
        with np.errstate(divide="ignore"):
            log_t = np.log(times)[None, :]
        alpha = k + (1.0 - k) * np.exp(log_t / e)
        return view.best - alpha * (view.best - view.worst)


@register_strategy("boulware")
@dataclass(frozen=True, slots=True)
class Boulware(TimeDependent):
    """Time-dependent with ``e = 0.2`` by default: holds out, concedes near the deadline."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "boulware", "time-dependent concession with e < 1 (default 0.2)", (FARATIN,)
    )
    e: float = 0.2


@register_strategy("linear")
@dataclass(frozen=True, slots=True)
class Linear(TimeDependent):
    """Time-dependent with ``e = 1``: concedes at a constant rate."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "linear", "time-dependent concession with e = 1", (FARATIN,)
    )
    e: float = 1.0


@register_strategy("conceder")
@dataclass(frozen=True, slots=True)
class Conceder(TimeDependent):
    """Time-dependent with ``e = 2`` by default: gives ground early."""

    meta: ClassVar[StrategyMeta] = StrategyMeta(
        "conceder", "time-dependent concession with e > 1 (default 2)", (FARATIN,)
    )
    e: float = 2.0
