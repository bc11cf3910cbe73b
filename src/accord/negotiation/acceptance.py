"""Acceptance conditions: when to take the standing offer (Baarslag et al.).

Each condition looks at the utility of the offer on the table (``u``), the utility of the
offer the negotiator would make next (``u_next``) and the relative time ``t``; conditions
compose with ``|`` (either holds) and ``&`` (both hold). Whatever the condition, a
negotiator never accepts an outcome that breaks its red lines or falls below its
reservation value: that guard sits in the negotiator, before the condition is asked.

References
----------
T. Baarslag, K. Hindriks and C. Jonker, "Effective acceptance conditions in real-time
automated negotiation", *Decision Support Systems* 60 (2014) 68-77:
``AC_next(alpha, beta)``: accept when ``alpha * u + beta >= u_next``;
``AC_const(c)``: accept when ``u >= c``; ``AC_time(T)``: accept when ``t >= T``.

Examples
--------
>>> ac = ACNext() | ACTime(0.99)
>>> ac.accepts(0.4, 0.5, 0.5), ac.accepts(0.4, 0.5, 1.0), ac.accepts(0.6, 0.5, 0.1)
(False, True, True)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from accord.arrays import Bool, Float
from accord.errors import ConfigurationError
from accord.negotiation import rules


class Acceptance(ABC):
    """An acceptance condition; immutable and hashable (runs with equal ones batch together)."""

    __slots__ = ()

    @abstractmethod
    def accepts(self, u: float, u_next: float, t: float) -> bool:
        """Whether to accept an offer worth ``u`` when the next own offer is worth ``u_next``."""

    @abstractmethod
    def accepts_array(self, u: Float, u_next: Float, t: Float) -> Bool:
        """Elementwise :meth:`accepts` (the batch engine)."""

    def __or__(self, other: Acceptance) -> Acceptance:
        return AnyOf((self, other))

    def __and__(self, other: Acceptance) -> Acceptance:
        return AllOf((self, other))


@dataclass(frozen=True, slots=True)
class ACNext(Acceptance):
    """``AC_next(alpha, beta)``: accept when ``alpha * u + beta >= u_next``."""

    alpha: float = 1.0
    beta: float = 0.0

    def accepts(self, u: float, u_next: float, t: float) -> bool:
        """True when ``alpha * u + beta >= u_next`` (ties within the utility tolerance accept)."""
        return rules.meets(self.alpha * u + self.beta, u_next)

    def accepts_array(self, u: Float, u_next: Float, t: Float) -> Bool:
        """Elementwise :meth:`accepts` over arrays of runs."""
        return rules.meets_array(self.alpha * u + self.beta, u_next)


@dataclass(frozen=True, slots=True)
class ACConst(Acceptance):
    """``AC_const(c)``: accept any offer worth at least ``c``."""

    c: float

    def accepts(self, u: float, u_next: float, t: float) -> bool:
        """True when ``u >= c`` (within the utility tolerance); ``u_next`` and ``t`` unread."""
        return rules.meets(u, self.c)

    def accepts_array(self, u: Float, u_next: Float, t: Float) -> Bool:
        """Elementwise :meth:`accepts` over arrays of runs."""
        return rules.meets_array(u, self.c)


@dataclass(frozen=True, slots=True)
class ACTime(Acceptance):
    """``AC_time(T)``: accept any (admissible) offer from relative time ``T`` on."""

    T: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.T <= 1.0:
            raise ConfigurationError(f"AC_time needs 0 <= T <= 1, got T={self.T}")

    def accepts(self, u: float, u_next: float, t: float) -> bool:
        """True from relative time ``T`` on (``t >= T``), whatever the offer is worth."""
        return t >= self.T

    def accepts_array(self, u: Float, u_next: Float, t: Float) -> Bool:
        """Elementwise :meth:`accepts`, broadcast to the shape of ``u``."""
        return np.broadcast_to(np.asarray(t >= self.T), np.shape(u))


@dataclass(frozen=True, slots=True)
class AnyOf(Acceptance):
    """Accept when any of ``parts`` accepts."""

    parts: tuple[Acceptance, ...]

    def accepts(self, u: float, u_next: float, t: float) -> bool:
        """True when at least one part accepts (``AC_1 | AC_2``)."""
        return any(p.accepts(u, u_next, t) for p in self.parts)

    def accepts_array(self, u: Float, u_next: Float, t: Float) -> Bool:
        """Elementwise :meth:`accepts`: the parts' answers or-ed together."""
        out = np.zeros(np.shape(u), dtype=bool)
        for p in self.parts:
            out |= p.accepts_array(u, u_next, t)
        return out


@dataclass(frozen=True, slots=True)
class AllOf(Acceptance):
    """Accept when all of ``parts`` accept."""

    parts: tuple[Acceptance, ...]

    def accepts(self, u: float, u_next: float, t: float) -> bool:
        """True when every part accepts (``AC_1 & AC_2``)."""
        return all(p.accepts(u, u_next, t) for p in self.parts)

    def accepts_array(self, u: Float, u_next: Float, t: Float) -> Bool:
        """Elementwise :meth:`accepts`: the parts' answers and-ed together."""
        out = np.ones(np.shape(u), dtype=bool)
        for p in self.parts:
            out &= p.accepts_array(u, u_next, t)
        return out


def acceptance_from(ac_const: float | None, ac_time: float | None) -> Acceptance:
    """``AC_next``, widened by ``AC_const(ac_const)`` and ``AC_time(ac_time)`` when given
    (the form the strategy parameters ``ac_const=`` and ``ac_time=`` build)."""
    ac: Acceptance = ACNext()
    if ac_const is not None:
        ac = ac | ACConst(ac_const)
    if ac_time is not None:
        ac = ac | ACTime(ac_time)
    return ac
