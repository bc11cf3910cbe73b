"""What a negotiator may see: an immutable view of its own side of the talks.

A protocol never hands a negotiator the scenario or the other parties' preferences. At the
start of a run each negotiator gets a :class:`PartyView`: its own utility of every outcome,
which outcomes it may offer or accept (feasible, its own red lines hold, and worth at least
its reservation value), and those outcomes sorted by its utility (the *inverse utility*,
computed once per party and compiled scenario and shared by every run). At each turn it gets a
:class:`Turn` (round, session, relative time) and, when there is one, the standing offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from accord.arrays import Bool, Float, Index
from accord.negotiation import rules
from accord.space import CompiledScenario

#: Tolerance when comparing utilities with a reservation value or a target.

_CACHE_KEY = "accord.negotiation.views"


A = TypeVar("A", bound=np.ndarray[Any, Any])


def _frozen(a: A) -> A:
    a.setflags(write=False)
    return a


@dataclass(frozen=True, slots=True, eq=False)
class PartyView:
    """One negotiator's private knowledge of the talks (read-only arrays).

    Attributes
    ----------
    party
        The party's id.
    column
        The party's column in the utility table (scenario order).
    parties
        Ids of the parties at the table (the bargaining parties, in turn order).
    utilities
        ``(n_outcomes,)``: the party's utility of every outcome.
    acceptable
        ``(n_outcomes,)``: outcomes the party may offer or accept: inside the space and
        feasible, its own engaged red lines hold, utility at least its reservation value.
    order
        Acceptable outcomes sorted by the party's utility, ascending (stable, so ties keep
        outcome order): the party's inverse utility.
    sorted_utilities
        ``utilities[order]``.
    reservation
        The party's reservation value (utility of no agreement).
    issue_values
        Per issue, the party's weighted value of each option (local option positions).
    positions
        ``(n_outcomes, n_issues)`` local option positions of every outcome (shared).
    issue_ids
        The ids of the issues, in column order of ``positions``.
    red_line_issues
        The issues the party's engaged red lines test.
    red_line_ok
        ``(n_outcomes,)``: the party's own engaged red lines all hold.
    discount
        The party's discount factor (GENIUS): an agreement at relative time ``t`` is worth
        ``u * discount**t`` when the protocol discounts.
    home_approval
        ``(n_outcomes,)``: the lowest probability among the party's own ratification stages
        that they approve each outcome (:func:`accord.analysis.ratification.approval`, with
        the issues the space agrees as settled); ``None`` when the party has no stage. Its
        win-set is where this is at least 0.5 (Putnam 1988).
    """

    party: str
    column: int
    parties: tuple[str, ...]
    utilities: Float
    acceptable: Bool
    order: Index
    sorted_utilities: Float
    reservation: float
    issue_values: tuple[Float, ...]
    positions: Index
    issue_ids: tuple[str, ...]
    red_line_issues: tuple[str, ...]
    red_line_ok: Bool
    discount: float = 1.0
    home_approval: Float | None = None

    @property
    def n_outcomes(self) -> int:
        """Size of the outcome space (acceptable or not)."""
        return int(self.utilities.shape[0])

    @property
    def best(self) -> float:
        """The highest utility among the acceptable outcomes (``nan`` when there is none)."""
        return float(self.sorted_utilities[-1]) if self.order.size else float("nan")

    @property
    def worst(self) -> float:
        """The lowest utility among the acceptable outcomes (``nan`` when there is none)."""
        return float(self.sorted_utilities[0]) if self.order.size else float("nan")

    def select(self, targets: Float) -> Index:
        """For each target utility, the position in :attr:`order` of the acceptable
        outcome of lowest utility at or above the target (the best one when the target is
        above every outcome). Vectorized: ``targets`` may have any shape."""
        t = np.asarray(targets, dtype=np.float64)
        if t.ndim == 2:
            # schedules fall with time: reversed rows give ascending keys, which numpy's
            # searchsorted walks faster; the result is the same element by element
            keys: Float = rules.lowest_meeting(np.ascontiguousarray(t[:, ::-1]))
            j = np.searchsorted(self.sorted_utilities, keys.ravel(), side="left")
            j = j.reshape(t.shape)[:, ::-1]
        else:
            j = np.searchsorted(self.sorted_utilities, rules.lowest_meeting(t), side="left")
        return np.minimum(j, self.order.size - 1).astype(np.intp, copy=False)


@dataclass(frozen=True, slots=True)
class Turn:
    """Where the talks stand when a negotiator is asked to act.

    ``round`` is the 0-based exchange (protocol step: one offer and the answers to it);
    ``time`` is relative time in [0, 1] (0 at the first exchange, 1 at the last);
    ``rounds`` is the exchange budget of the whole talks.
    """

    round: int
    session: int
    time: float
    rounds: int


def _home_approval(
    compiled: CompiledScenario, positions: Index, parties: tuple[str, ...]
) -> dict[str, Float]:
    """Per party of ``parties`` with ratification stages, the lowest approval of its
    stages of every outcome (see :attr:`PartyView.home_approval`); nothing is computed for
    a scenario without stages."""
    stages = getattr(compiled.scenario, "ratification", ())
    if not stages or not any(s.party in parties for s in stages):
        return {}
    from accord.space.ratification import approval

    settled = np.broadcast_to(
        np.asarray([i.id in compiled.agreed for i in compiled.scenario.issues], dtype=bool),
        positions.shape,
    )
    out: dict[str, Float] = {}
    for stage in stages:
        if stage.party not in parties:
            continue
        p = np.asarray(approval(compiled.scenario, stage, positions, settled), dtype=np.float64)
        low = out.get(stage.party)
        out[stage.party] = p if low is None else np.minimum(low, p)
    return {k: _frozen(np.ascontiguousarray(v)) for k, v in out.items()}


def party_views(compiled: CompiledScenario, parties: tuple[int, ...]) -> tuple[PartyView, ...]:
    """The views of the parties at columns ``parties`` (cached on ``compiled``).

    The inverse utilities (outcomes sorted by each party's utility) are computed here once
    per party and compiled scenario, then shared by every run of the step and batch engines.
    """
    cache = compiled._cache.setdefault(_CACHE_KEY, {})
    assert isinstance(cache, dict)
    hit = cache.get(parties)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    table = compiled.table()
    sc = compiled.scenario
    local = compiled.local_positions(0, compiled.n_outcomes)
    _frozen(local)
    violations = compiled.violations(table.positions, table.utilities)
    red = compiled.engaged_red_lines
    ids = tuple(sc.parties[c].id for c in parties)
    home = _home_approval(compiled, table.positions, tuple(sc.parties[c].id for c in parties))
    views = []
    for c in parties:
        party = sc.parties[c]
        own = [j for j, r in enumerate(red) if r.party == party.id]
        red_ok: Bool = np.ones(table.feasible.shape, dtype=bool)
        if own:
            red_ok = np.asarray(~violations[:, own].any(axis=1), dtype=bool)
        u = np.ascontiguousarray(table.utilities[:, c])
        acceptable = table.feasible & red_ok & rules.meets_array(u, party.reservation_value)
        candidates = np.flatnonzero(acceptable)
        order = candidates[np.argsort(u[candidates], kind="stable")].astype(np.intp)
        issue_values = tuple(_frozen(np.ascontiguousarray(t[:, c])) for t in compiled.value_tables)
        tested = tuple(dict.fromkeys(i for j in own for i in red[j].issues))
        views.append(
            PartyView(
                party=party.id,
                column=c,
                parties=ids,
                utilities=_frozen(u),
                acceptable=_frozen(acceptable),
                order=_frozen(order),
                sorted_utilities=_frozen(u[order]),
                reservation=float(party.reservation_value),
                issue_values=issue_values,
                positions=local,
                issue_ids=tuple(i.id for i in sc.issues),
                red_line_issues=tested,
                red_line_ok=_frozen(red_ok),
                discount=float(party.discount_factor),
                home_approval=home.get(party.id),
            )
        )
    out = tuple(views)
    cache[parties] = out
    return out
