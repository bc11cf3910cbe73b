"""The strategy interface: an immutable configuration that starts per-run negotiators.

A :class:`Strategy` is a frozen dataclass of parameters with a class-level :class:`StrategyMeta`
(name, whether it is stochastic, references). ``strategy.start(view, rng)`` returns the
per-run :class:`Negotiator`, which holds everything that changes during one run. Protocols
talk to negotiators only through these calls:

* alternating offers: :meth:`Negotiator.act` (accept the standing offer, counter-offer or
  walk away);
* single negotiating text: :meth:`Negotiator.critique` (accept the draft, or reject it
  naming the issues it objects to most) and :meth:`Negotiator.vote`.

:class:`TargetNegotiator` implements all three for strategies that follow a target utility
(the time-dependent family, hardliner, staller, tit-for-tat, MiCRO): it offers the acceptable
outcome of lowest utility at or above its target, accepts by its acceptance condition, and
never offers or accepts an outcome that breaks its party's red lines or falls below its
reservation value.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, NamedTuple, Self

import numpy as np

from accord.arrays import Float
from accord.negotiation.acceptance import Acceptance
from accord.negotiation.view import PartyView, Turn
from accord.tolerance import TOLERANCE


class ActionKind(StrEnum):
    """What an actor did at one step of a transcript."""

    OFFER = "offer"
    ACCEPT = "accept"
    REJECT = "reject"
    WALK_AWAY = "walk_away"
    DRAFT = "draft"
    CRITIQUE = "critique"
    VOTE = "vote"


class Action(NamedTuple):
    """A negotiator's move under alternating offers: ``OFFER`` (with ``outcome``),
    ``ACCEPT`` or ``WALK_AWAY`` (``outcome`` is ``-1`` for the last two)."""

    kind: ActionKind
    outcome: int = -1


ACCEPT = Action(ActionKind.ACCEPT)
WALK_AWAY = Action(ActionKind.WALK_AWAY)


@dataclass(frozen=True, slots=True)
class Critique:
    """A party's answer to a draft: accept it, or reject it naming the issues it objects to
    most (most objectionable first). ``walk_away`` ends the talks."""

    accept: bool
    objections: tuple[str, ...] = ()
    walk_away: bool = False


@dataclass(frozen=True, slots=True)
class StrategyMeta:
    """What the registry knows about a strategy."""

    name: str
    description: str
    references: tuple[str, ...] = ()
    stochastic: bool = False


class Negotiator(ABC):
    """One party's negotiator for one run (mutable; created by :meth:`Strategy.start`)."""

    view: PartyView

    @abstractmethod
    def act(self, turn: Turn, offer: int | None) -> Action:
        """Alternating offers: answer the standing ``offer`` (``None`` when there is none)."""

    @abstractmethod
    def critique(self, turn: Turn, draft: int) -> Critique:
        """Single negotiating text: accept ``draft`` or name the issues it objects to."""

    @abstractmethod
    def vote(self, turn: Turn, draft: int) -> bool:
        """Single negotiating text: the final vote on ``draft``."""


class Strategy(ABC):
    """A strategy's immutable configuration. Subclasses are frozen dataclasses with a
    ``meta`` class attribute and are registered with
    :func:`accord.negotiation.registry.register_strategy`."""

    meta: ClassVar[StrategyMeta]

    @abstractmethod
    def start(self, view: PartyView, rng: np.random.Generator) -> Negotiator:
        """A fresh negotiator for one run."""


class ScheduledStrategy(Strategy):
    """A strategy whose offers depend on time only (deterministic): its target utility per
    round is known at the start. The batch engine runs these vectorized over runs."""

    @property
    @abstractmethod
    def acceptance(self) -> Acceptance:
        """The acceptance condition."""

    @classmethod
    @abstractmethod
    def target_schedules(cls, strategies: Sequence[Self], view: PartyView, times: Float) -> Float:
        """``(len(strategies), len(times))`` target utilities, one row per configuration.

        The step engine calls this with one configuration, the batch engine with many; both
        then pick offers with :meth:`PartyView.select`, so their offers are identical.
        """

    def start(self, view: PartyView, rng: np.random.Generator) -> Negotiator:
        """A :class:`ScheduledNegotiator` for one run (deterministic: ``rng`` is not used)."""
        return ScheduledNegotiator(self, view)


class TargetNegotiator(Negotiator):
    """A negotiator that offers by a target utility and accepts by an acceptance condition.

    Subclasses implement :meth:`next_index`: the position in ``view.order`` of the outcome
    to offer at this turn (they may update their own state there)."""

    def __init__(self, view: PartyView, acceptance: Acceptance) -> None:
        self.view = view
        self.acceptance = acceptance
        self._ok = view.acceptable
        self._u = view.utilities
        self._order = view.order
        self._empty = view.order.size == 0

    @abstractmethod
    def next_index(self, turn: Turn) -> int:
        """Position in ``view.order`` of the outcome this negotiator would offer now."""

    def observe(self, turn: Turn, offer: int) -> None:
        """Called with every offer the negotiator is asked to answer."""

    def act(self, turn: Turn, offer: int | None) -> Action:
        """Walk away when nothing is acceptable; accept an acceptable standing ``offer`` when the
        acceptance condition holds against the utility of the next own offer; else offer the
        outcome at :meth:`next_index`.
        """
        if self._empty:
            return WALK_AWAY
        if offer is not None:
            self.observe(turn, offer)
        j = self.next_index(turn)
        if offer is not None and self._ok[offer]:
            u_next = float(self.view.sorted_utilities[j])
            if self.acceptance.accepts(float(self._u[offer]), u_next, turn.time):
                return ACCEPT
        return Action(ActionKind.OFFER, int(self._order[j]))

    def critique(self, turn: Turn, draft: int) -> Critique:
        """Accept ``draft`` when it is acceptable and the acceptance condition holds; else reject it
        naming the issues objected to most (:func:`objections`). With no acceptable outcome at
        all, reject and walk away.
        """
        if self._empty:
            return Critique(False, (), walk_away=True)
        self.observe(turn, draft)
        j = self.next_index(turn)
        u_next = float(self.view.sorted_utilities[j])
        if self._ok[draft] and self.acceptance.accepts(float(self._u[draft]), u_next, turn.time):
            return Critique(True)
        return Critique(False, objections(self.view, draft))

    def vote(self, turn: Turn, draft: int) -> bool:
        """For ``draft`` when it is acceptable and the acceptance condition holds against the
        utility of the next own offer; against otherwise.
        """
        if self._empty or not self._ok[draft]:
            return False
        u_next = float(self.view.sorted_utilities[self.next_index(turn)])
        return self.acceptance.accepts(float(self._u[draft]), u_next, turn.time)


class ScheduledNegotiator(TargetNegotiator):
    """The negotiator of a :class:`ScheduledStrategy`: offers fixed per round at the start."""

    def __init__(self, strategy: ScheduledStrategy, view: PartyView) -> None:
        super().__init__(view, strategy.acceptance)
        self._offers: list[int] = []
        self._offer_u: list[float] = []
        self._index: list[int] = []
        self._strategy = strategy

    def _prepare(self, turn: Turn) -> None:
        times = round_times(turn.rounds)
        targets = type(self._strategy).target_schedules([self._strategy], self.view, times)[0]
        j = self.view.select(targets)
        self._index = j.tolist()
        self._offers = self.view.order[j].tolist()
        self._offer_u = self.view.sorted_utilities[j].tolist()

    def next_index(self, turn: Turn) -> int:
        """Position in ``view.order`` of this round's offer (the schedule is computed at the first
        turn, when the number of rounds is known).
        """
        if not self._index:
            self._prepare(turn)
        return self._index[turn.round]

    def act(self, turn: Turn, offer: int | None) -> Action:
        """:meth:`TargetNegotiator.act` with the offers of the precomputed schedule."""
        # the hot path of the step engine: plain list lookups, no numpy per turn
        if self._empty:
            return WALK_AWAY
        if not self._index:
            self._prepare(turn)
        r = turn.round
        if (
            offer is not None
            and self._ok[offer]
            and self.acceptance.accepts(float(self._u[offer]), self._offer_u[r], turn.time)
        ):
            return ACCEPT
        return Action(ActionKind.OFFER, self._offers[r])


_TIMES: dict[int, Float] = {}


def round_times(rounds: int) -> Float:
    """Relative time of each round: ``r / (rounds - 1)`` (0 at the first round, 1 at the
    last; a single round is at time 1)."""
    t = _TIMES.get(rounds)
    if t is None:
        t = np.ones(1) if rounds == 1 else np.arange(rounds, dtype=np.float64) / (rounds - 1)
        t.setflags(write=False)
        _TIMES[rounds] = t
    return t


def objections(view: PartyView, outcome: int, limit: int = 2) -> tuple[str, ...]:
    """The issues a party objects to most in ``outcome``: first the issues of its red lines
    that the outcome breaks, then the issues where it loses most against its best option."""
    out: list[str] = []
    if not view.red_line_ok[outcome]:
        out.extend(view.red_line_issues)
    pos = view.positions[outcome]
    losses = np.array([float(v.max() - v[p]) for v, p in zip(view.issue_values, pos, strict=True)])
    added = 0
    for k in np.argsort(-losses, kind="stable"):
        if added >= limit or losses[k] <= TOLERANCE:
            break
        if view.issue_ids[k] not in out:
            out.append(view.issue_ids[k])
            added += 1
    return tuple(out)
