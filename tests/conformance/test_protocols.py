"""Every registered protocol terminates by its deadline with a valid transcript."""

from __future__ import annotations

import numpy as np
import pytest

import factories as S
from accord.errors import ConfigurationError
from accord.negotiation.dated import schedule_for
from accord.negotiation.registry import assign_strategies, make_strategy, protocols
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ActionKind
from accord.space import compile_scenario

PROTOCOLS = sorted(protocols())


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("seed", range(12))
def test_protocol_terminates_with_valid_transcript(protocol: str, seed: int) -> None:
    sc = S.random_scenario(seed, n_parties=2 + seed % 3)
    c = compile_scenario(sc)
    rng = np.random.default_rng(seed)
    names = ["random", "linear", "boulware", "micro", "tit-for-tat", "staller", "hardliner"]
    assigned = {p.id: make_strategy(str(rng.choice(names))) for p in sc.parties}
    schedule = schedule_for(sc)
    options = {"neutral_mediator": True} if protocol == "single-text" else {}
    t = protocols()[protocol](c, assigned, schedule, seed, **options)
    assert len(t) > 0
    assert t.round.max() < schedule.rounds
    assert (np.diff(t.round) >= 0).all()  # rounds never go back
    assert t.utilities.shape == (len(t), len(sc.parties))
    if t.result.agreed:
        last = t.action[-1]
        assert last in (ActionKind.ACCEPT, ActionKind.VOTE)
        assert t.result.agreement is not None
        np.testing.assert_allclose(t.result.utilities, c.table().utilities[t.result.agreement])
    else:
        assert t.result.agreement is None
        assert t.result.utilities == tuple(c.reservation.tolist())
    d = t.to_dict()
    assert d["result"] == t.result.kind and len(d["steps"]) == len(t)


def test_single_text_needs_a_mediator_unless_neutral_is_asked() -> None:
    sc = S.geneva_like(with_mediator=False)
    c = compile_scenario(sc)
    assigned = assign_strategies(sc)
    with pytest.raises(ConfigurationError, match=r"needs a mediator.*neutral"):
        protocols()["single-text"](c, assigned, schedule_for(sc), 0)
    t = protocols()["single-text"](c, assigned, schedule_for(sc), 0, neutral_mediator=True)
    assert t.actor[0] == "mediator" and t.action[0] is ActionKind.DRAFT


def test_single_text_keeps_every_draft_with_the_critiques_it_answered() -> None:
    sc = S.geneva_like()
    c = compile_scenario(sc)
    t = protocols()["single-text"](c, assign_strategies(sc), schedule_for(sc), 0)
    drafts = [i for i, a in enumerate(t.action) if a is ActionKind.DRAFT]
    assert len(t.drafts) == len(drafts) >= 2
    assert t.drafts[0].answered == ()
    for prev, d in zip(t.drafts, t.drafts[1:], strict=False):
        assert d.version == prev.version + 1
        assert {p for p, _ in d.answered} == {"russia", "ukraine"}
        assert all(c.accept or c.objections for _, c in d.answered)
    assert t.drafts[1].outcome != t.drafts[0].outcome  # the mediator revised the text


def test_alternating_offers_agreement_needs_everyone_else_to_accept() -> None:
    sc = S.random_scenario(3, n_parties=3, red_lines=False)
    c = compile_scenario(sc)
    assigned = {p.id: make_strategy("conceder") for p in sc.parties}
    t = protocols()["alternating-offers"](c, assigned, Schedule.of(40), 0)
    assert t.result.agreed
    # the last n-1 steps accept the standing offer made just before them
    assert t.action[-2:] == (ActionKind.ACCEPT, ActionKind.ACCEPT)
    assert t.action[-3] is ActionKind.OFFER
    assert len({t.actor[-1], t.actor[-2], t.actor[-3]}) == 3
    assert t.outcome[-1] == t.outcome[-2] == t.outcome[-3] == t.result.agreement


def test_discounting_shrinks_the_agreement_by_time() -> None:
    sc = S.bilateral()
    sc = type(sc)(
        sc.metadata,
        tuple(
            type(p)(**{**{f: getattr(p, f) for f in p.__slots__}, "discount_factor": 0.5})  # type: ignore[attr-defined]
            for p in sc.parties
        ),
        sc.issues,
        deadline=sc.deadline,
    )
    c = compile_scenario(sc)
    assigned = {"buyer": make_strategy("linear"), "seller": make_strategy("linear")}
    plain = protocols()["alternating-offers"](c, assigned, Schedule.of(20), 0)
    disc = protocols()["alternating-offers"](c, assigned, Schedule.of(20), 0, discount=True)
    assert plain.result.agreed and disc.result.agreed
    t = (plain.result.rounds - 1) / 19
    np.testing.assert_allclose(disc.result.utilities, np.asarray(plain.result.utilities) * 0.5**t)
