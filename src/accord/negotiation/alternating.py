"""Alternating offers, bilateral and multilateral (the stacked alternating offers protocol).

State machine (Aydoğan, Festen, Hindriks and Jonker 2017, the protocol of ANAC 2017):

* The bargaining parties sit in scenario order. A *round* is one turn of each party.
* The first party of the first round opens with an offer (it may also walk away).
* At its turn a party either **accepts** the standing offer, **counter-offers** (the new
  offer becomes the standing offer and all acceptances are void), or **walks away** (the
  talks end with no agreement).
* **Agreement** when every party other than the one that made the standing offer has
  accepted it, one after another. With two parties this is Rubinstein's alternating offers.
* **Deadline**: the talks end without agreement after the last round of the schedule
  (rounds split into sessions, see :mod:`accord.negotiation.sessions`). Relative time
  ``t = r / (rounds - 1)`` is what time-dependent strategies see.
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

from collections.abc import Mapping

import numpy as np

from accord.errors import ProtocolViolation, ScenarioError
from accord.negotiation.randomness import Seed, party_generators
from accord.negotiation.registry import ALTERNATING, register_protocol
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ActionKind, Strategy, round_times
from accord.negotiation.transcript import Ending, Result, Transcript
from accord.negotiation.view import Turn, party_views
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
    cols = tuple(int(c) for c in compiled.bargaining)
    if len(cols) < 2:
        raise ScenarioError(
            f"scenario {compiled.scenario.id!r} has {len(cols)} bargaining part"
            f"{'y' if len(cols) == 1 else 'ies'}; negotiation needs at least two"
        )
    return cols


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
    rng: Seed = None,
    *,
    discount: bool = False,
) -> Transcript:
    """Run one negotiation under (stacked) alternating offers; see the module docstring."""
    cols = bargaining_columns(compiled)
    views = party_views(compiled, cols)
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
            kind, outcome = negs[k].act(turn, standing)
            if kind is offer_kind:
                if not 0 <= outcome < n_out:
                    raise ProtocolViolation(
                        f"{ids[k]} offered outcome {outcome}, outside the space of "
                        f"{n_out} outcomes (round {r})"
                    )
                if not acceptable[k][outcome]:
                    raise ProtocolViolation(
                        f"{ids[k]} offered outcome {outcome}, which breaks its own red lines, "
                        f"its reservation value or feasibility (round {r})"
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
