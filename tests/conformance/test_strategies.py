"""Every registered strategy under every registered protocol (OpenSpiel's random_sim_test,
Axelrod's TestPlayer): ends by the deadline, reproduces its transcript under a seed, offers
only admissible outcomes inside the space, never agrees to break a red line or a
reservation value, and pickles."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import factories as S
from accord.model import Scenario
from accord.negotiation.dated import schedule_for
from accord.negotiation.registry import make_strategy, protocols, strategies
from accord.negotiation.strategy import ActionKind
from accord.negotiation.transcript import Ending, Transcript
from accord.negotiation.view import party_views
from accord.space import compile_scenario

STRATEGIES = sorted(strategies())
PROTOCOLS = sorted(protocols())
SCENARIOS = {
    "bilateral": S.bilateral(rounds=15),
    "geneva-like": S.geneva_like(),
    "three-party": S.random_scenario(7, n_parties=3),
    "random-2": S.random_scenario(11, n_parties=2),
}
OPPONENTS = ("linear", "random")


def _run(scenario: Scenario, protocol: str, spec: str, opponent: str, seed: int) -> Transcript:
    c = compile_scenario(scenario)
    bargaining = [p.id for p in scenario.parties if p.bargaining]
    assigned = {bargaining[0]: make_strategy(spec)}
    assigned.update({p: make_strategy(opponent) for p in bargaining[1:]})
    runner = protocols()[protocol]
    options = {"neutral_mediator": True} if protocol == "single-text" else {}
    t: Transcript = runner(c, assigned, schedule_for(scenario), seed, **options)
    return t


def test_registry_is_populated() -> None:
    assert {
        "time-dependent",
        "boulware",
        "linear",
        "conceder",
        "hardliner",
        "tit-for-tat",
        "staller",
        "micro",
        "random",
    } <= set(STRATEGIES)
    assert {"alternating-offers", "single-text"} <= set(PROTOCOLS)
    for name, cls in strategies().items():
        assert cls.meta.name == name
        assert cls.meta.description
        assert cls.meta.references, f"{name} cites no reference"


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("name", STRATEGIES)
def test_strategy_conforms(name: str, protocol: str, scenario: str) -> None:
    sc = SCENARIOS[scenario]
    c = compile_scenario(sc)
    budget = schedule_for(sc).rounds
    for opponent in OPPONENTS:
        for seed in (0, 1):
            t = _run(sc, protocol, name, opponent, seed)
            again = _run(sc, protocol, name, opponent, seed)
            # ends by the deadline, with a result
            assert 1 <= t.result.rounds <= budget
            assert t.round.max() < budget
            assert t.result.ending in tuple(Ending)
            # reproducible under the same seed
            assert t.actor == again.actor and t.action == again.action
            np.testing.assert_array_equal(t.outcome, again.outcome)
            assert t.result == again.result
            # offers inside the space and admissible for the party that made them
            views = {v.party: v for v in party_views(c, tuple(int(i) for i in c.bargaining))}
            table = c.table()
            for actor, action, outcome in zip(t.actor, t.action, t.outcome, strict=True):
                if action is ActionKind.WALK_AWAY:
                    continue
                assert 0 <= outcome < c.n_outcomes
                assert table.feasible[outcome]
                if action is ActionKind.OFFER:
                    assert views[actor].acceptable[outcome], (actor, outcome)
            # an agreement keeps the red lines engaged by its text and every reservation value
            if t.result.agreed:
                a = t.result.agreement
                assert a is not None
                text = (
                    c
                    if len(t.result.agreed_issues) == len(sc.issues)
                    else c.restrict(frozenset(t.result.agreed_issues))
                )
                pos = table.positions[[a]]
                viol = text.violations(pos, table.utilities[[a]])
                assert not viol.any(), [
                    r.key for r, v in zip(text.requirements, viol[0], strict=True) if v
                ]


@pytest.mark.parametrize("name", STRATEGIES)
def test_strategy_never_offers_below_own_red_lines_or_reservation(name: str) -> None:
    # a party whose red line excludes most of the space, against every other strategy
    sc = S.geneva_like()
    c = compile_scenario(sc)
    views = {v.party: v for v in party_views(c, (0, 1))}
    for opponent in STRATEGIES:
        assigned = {"russia": make_strategy(name), "ukraine": make_strategy(opponent)}
        t = protocols()["alternating-offers"](c, assigned, schedule_for(sc), 3)
        for actor, action, outcome in zip(t.actor, t.action, t.outcome, strict=True):
            if action is ActionKind.OFFER or action is ActionKind.ACCEPT:
                v = views[actor]
                assert v.red_line_ok[outcome]
                assert v.utilities[outcome] >= v.reservation - 1e-12


@pytest.mark.parametrize("name", STRATEGIES)
def test_strategy_and_transcript_pickle(name: str) -> None:
    s = make_strategy(name)
    assert pickle.loads(pickle.dumps(s)) == s
    t = _run(SCENARIOS["bilateral"], "alternating-offers", name, "linear", 5)
    back = pickle.loads(pickle.dumps(t))
    assert back.result == t.result and back.actor == t.actor


@pytest.mark.parametrize("name", STRATEGIES)
def test_stochastic_flag_is_honest(name: str) -> None:
    # a strategy that says it is deterministic gives the same transcript under any seed
    if strategies()[name].meta.stochastic:
        a = _run(SCENARIOS["random-2"], "alternating-offers", name, "random", 1)
        b = _run(SCENARIOS["random-2"], "alternating-offers", name, "random", 1)
        assert a.action == b.action
        return
    a = _run(SCENARIOS["random-2"], "alternating-offers", name, "linear", 1)
    b = _run(SCENARIOS["random-2"], "alternating-offers", name, "linear", 999)
    assert a.action == b.action
    np.testing.assert_array_equal(a.outcome, b.outcome)
