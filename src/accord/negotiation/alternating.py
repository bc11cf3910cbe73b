"""Alternating offers, bilateral and multilateral (the stacked alternating offers protocol).

State machine (Aydoğan, Festen, Hindriks and Jonker 2017, the protocol of ANAC 2017):

* The bargaining parties sit in scenario order. An *exchange* is one turn of each party
  (the literature's "round"; in accord a round is a meeting of the delegations). The
  attributes and parameters keep the name ``round``/``rounds``.
* The first party of the first exchange opens with an offer (it may also walk away).
* At its turn a party either **accepts** the standing offer, **counter-offers** (the new
  offer becomes the standing offer and all acceptances are void), or **walks away** (the
  talks end with no agreement).
* **Agreement** when every party other than the one that made the standing offer has
  accepted it, one after another. With two parties this is Rubinstein's alternating offers.
* **Deadline**: the talks end without agreement after the last exchange of the schedule
  (exchanges split into sessions, see :mod:`accord.negotiation.sessions`). Relative time
  ``t = r / (rounds - 1)`` is what time-dependent strategies see.
* **Drifting reservation values** (optional, ``floors``): a party's reservation value at
  each exchange (its *floor*, :func:`accord.negotiation.rules.floor_at`). It offers the
  outcome of lowest utility at or above ``max(target, floor)``, considers only standing
  offers that meet its floor, walks away when no outcome it may accept meets it, and
  concedes towards its worst outcome acceptable at the deadline: the rules of
  :mod:`accord.negotiation.rules`, the same as the batch engine's.
* **Discounting** (optional, GENIUS): an agreement reached at relative time ``t`` is worth
  ``u_i * d_i**t`` to party ``i`` (``d_i`` its discount factor).

A party may offer only outcomes inside the space that are feasible, keep its own red lines
and give it at least its reservation value; anything else is a :class:`ProtocolViolation`.

References
----------
R. Aydoğan, D. Festen, K. V. Hindriks and C. M. Jonker, "Alternating Offers Protocols for
Multilateral Negotiation", in *Modern Approaches to Agent-based Complex Automated
Negotiation*, Springer (2017) 153-167. A. Rubinstein, "Perfect equilibrium in a bargaining
model", *Econometrica* 50(1) (1982) 97-109.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import ProtocolViolation, ScenarioError
from accord.negotiation import rules
from accord.negotiation.registry import ALTERNATING, register_protocol
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ActionKind, Strategy, round_times
from accord.negotiation.transcript import Ending, Result, Transcript
from accord.negotiation.view import PartyView, Turn, party_views
from accord.randomness import RNG, party_generators
from accord.space import CompiledScenario

NAME = ALTERNATING

_TURNS: dict[tuple[int, ...], tuple[Turn, ...]] = {}


def turns_of(schedule: Schedule) -> tuple[Turn, ...]:
    """The :class:`Turn` of every round (shared, immutable)."""
    key = schedule.session_rounds
    hit = _TURNS.get(key)
    if hit is None:
        times = round_times(schedule.rounds).tolist()
        hit = tuple(
            Turn(r, s, times[r], schedule.rounds) for r, s in enumerate(schedule.session_of_round)
        )
        _TURNS[key] = hit
    return hit


def bargaining_columns(compiled: CompiledScenario) -> tuple[int, ...]:
    """Columns (scenario order) of the parties whose consent a deal needs.

    Raises :class:`~accord.errors.ScenarioError` when fewer than two parties bargain: a
    negotiation needs at least two.
    """
    cols = tuple(int(c) for c in compiled.bargaining)
    if len(cols) < 2:
        raise ScenarioError(
            f"scenario {compiled.scenario.id!r} has {len(cols)} bargaining part"
            f"{'y' if len(cols) == 1 else 'ies'}; negotiation needs at least two"
        )
    return cols


def floored_view(view: PartyView, feasible: NDArray[np.bool_], floors: NDArray[Any]) -> PartyView:
    """``view`` for a party whose reservation value drifts (``floors``, one per round): it
    may accept any feasible outcome that keeps its red lines (its floor is checked at each
    turn), and it offers from those meeting its floor at the deadline (all of the best ones
    when none does), so that its concession curve ends at its worst outcome still
    acceptable at the deadline."""
    ok = np.asarray(feasible & view.red_line_ok, dtype=bool)
    u = view.utilities
    last = float(floors[-1])
    if ok.any() and not rules.meets(float(u[ok].max()), last):
        last = float(u[ok].max())
    keep = ok & rules.meets_array(u, last)
    cand = np.flatnonzero(keep)
    order = cand[np.argsort(u[cand], kind="stable")].astype(np.intp)
    for a in (ok, order):
        a.setflags(write=False)
    su = u[order]
    su.setflags(write=False)
    return dataclasses.replace(
        view, acceptable=ok, order=order, sorted_utilities=su, reservation=last
    )


@register_protocol(
    NAME,
    title="alternating offers (stacked, multilateral)",
    references=(
        "Aydogan, Festen, Hindriks & Jonker (2017), Alternating Offers Protocols for "
        "Multilateral Negotiation",
        "Rubinstein (1982), Econometrica 50(1) 97-109",
    ),
)
def run_alternating(
    compiled: CompiledScenario,
    strategies: Mapping[str, Strategy],
    schedule: Schedule,
    rng: RNG = None,
    *,
    discount: bool = False,
    floors: NDArray[Any] | None = None,
) -> Transcript:
    """Run one negotiation under (stacked) alternating offers; see the module docstring.

    ``floors`` (optional, ``(bargaining parties, rounds)``) is each bargaining party's
    reservation value per round when it drifts."""
    cols = bargaining_columns(compiled)
    views = party_views(compiled, cols)
    fl: list[list[float]] | None = None
    best: list[float] = []
    if floors is not None:
        farr = np.asarray(floors, dtype=np.float64)
        if farr.shape != (len(cols), schedule.rounds):
            raise ScenarioError(
                f"floors: expected shape {(len(cols), schedule.rounds)} (bargaining parties, "
                f"rounds), got {farr.shape}"
            )
        feasible = compiled.table().feasible
        views = tuple(floored_view(v, feasible, farr[k]) for k, v in enumerate(views))
        fl = farr.tolist()
        best = [float(v.sorted_utilities[-1]) if v.order.size else -np.inf for v in views]
    ids = tuple(v.party for v in views)
    gens = party_generators(rng, len(ids))
    negs = [strategies[pid].start(v, g) for pid, v, g in zip(ids, views, gens, strict=True)]
    acceptable = [v.acceptable for v in views]
    n = len(negs)
    n_out = compiled.n_outcomes
    turns = turns_of(schedule)

    rounds_l: list[int] = []
    actor_l: list[str] = []
    action_l: list[ActionKind] = []
    outcome_l: list[int] = []
    standing: int | None = None
    accepted = 0
    ending = Ending.DEADLINE
    by: str | None = None
    offer_kind = ActionKind.OFFER
    accept_kind = ActionKind.ACCEPT
    last_round = len(turns) - 1
    for turn in turns:
        r = turn.round
        for k in range(n):
            if fl is None:
                kind, outcome = negs[k].act(turn, standing)
            else:
                floor = fl[k][r]
                if rules.must_walk(best[k], floor):
                    kind, outcome = ActionKind.WALK_AWAY, -1
                else:
                    heard = standing
                    if heard is not None and not rules.meets(
                        float(views[k].utilities[heard]), floor
                    ):
                        heard = None  # below its floor: not even considered
                    kind, outcome = negs[k].act(turn, heard)
                    if kind is offer_kind and 0 <= outcome < n_out:
                        u_own = views[k].utilities
                        if not rules.meets(float(u_own[outcome]), floor):
                            su = views[k].sorted_utilities
                            j = int(np.searchsorted(su, rules.lowest_meeting(floor), side="left"))
                            outcome = int(views[k].order[min(j, su.size - 1)])
            if kind is offer_kind:
                if not 0 <= outcome < n_out:
                    raise ProtocolViolation(
                        f"{ids[k]} offered outcome {outcome}, outside the space of "
                        f"{n_out} outcomes (exchange {r})"
                    )
                if not acceptable[k][outcome]:
                    raise ProtocolViolation(
                        f"{ids[k]} offered outcome {outcome}, which breaks its own red lines, "
                        f"its reservation value or feasibility (exchange {r})"
                    )
                standing = outcome
                accepted = 0
            elif kind is accept_kind:
                if standing is None:
                    raise ProtocolViolation(f"{ids[k]} accepted with no offer on the table")
                outcome = standing
                accepted += 1
            else:
                rounds_l.append(r)
                actor_l.append(ids[k])
                action_l.append(ActionKind.WALK_AWAY)
                outcome_l.append(-1)
                ending = Ending.WALK_OUT
                by = ids[k]
                break
            rounds_l.append(r)
            actor_l.append(ids[k])
            action_l.append(kind)
            outcome_l.append(outcome)
            if accepted == n - 1:
                ending = Ending.AGREEMENT
                break
        else:
            continue
        last_round = r
        break

    table = compiled.table().utilities
    reservation = compiled.reservation
    if ending is Ending.AGREEMENT:
        assert standing is not None
        u = table[standing]
        if discount:
            t = turns[last_round].time
            d = np.array([p.discount_factor for p in compiled.scenario.parties])
            u = u * d**t
        result_u = tuple(u.tolist())
        agreement: int | None = standing
    else:
        result_u = tuple(reservation.tolist())
        agreement = None
    result = Result(
        ending,
        agreement,
        result_u,
        last_round + 1,
        tuple(i.id for i in compiled.issues),
        by,
        (),
        schedule.end_date(ending is not Ending.DEADLINE, last_round + 1),
    )
    outcome_a = np.asarray(outcome_l, dtype=np.intp)
    utilities = table[outcome_a]
    if ending is Ending.WALK_OUT:
        utilities[-1] = np.nan
    return Transcript(
        protocol=NAME,
        scenario=compiled.scenario.id,
        parties=compiled.party_ids,
        issues=compiled.issues,
        sizes=compiled.sizes,
        round=np.asarray(rounds_l, dtype=np.intp),
        session=np.asarray(schedule.session_of_round, dtype=np.intp)[rounds_l],
        actor=tuple(actor_l),
        action=tuple(action_l),
        outcome=outcome_a,
        utilities=utilities,
        result=result,
        sessions=schedule.session_names,
        session_dates=schedule.session_dates,
    )
