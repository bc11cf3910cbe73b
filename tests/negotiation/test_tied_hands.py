"""The tied-hands strategy (Schelling 1960; Putnam 1988): it plays its ``like`` strategy
inside its party's win-set only, under both protocols and in the batch engine, and plays
exactly as ``like`` where the party has no ratification stage."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from tests.datapaths import DATA

from accord.analysis.ratification import win_sets
from accord.errors import ConfigurationError
from accord.io import load_scenario
from accord.negotiation.batch import run_batch
from accord.negotiation.registry import make_strategy, protocols
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ActionKind
from accord.negotiation.view import party_views
from accord.space import compile_scenario

TWO_LEVEL = load_scenario(DATA / "two-level" / "blocked-at-home.yaml")


def _run(sc, protocol: str, west: str, seed: int = 1):  # type: ignore[no-untyped-def]
    c = compile_scenario(sc)
    assigned = {"west": make_strategy(west), "east": make_strategy("conceder")}
    options = {"neutral_mediator": True} if protocol == "single-text" else {}
    return c, protocols()[protocol](c, assigned, Schedule.of(20), seed, **options)


@pytest.mark.parametrize("protocol", ["alternating-offers", "single-text"])
def test_never_offers_or_accepts_outside_its_win_set(protocol: str) -> None:
    c, t = _run(TWO_LEVEL, protocol, "tied-hands:like=conceder")
    table = c.table()
    inside = win_sets(TWO_LEVEL, table.positions)["west"]
    assert inside.any()  # its win-set is not empty: it still has something to offer
    # its offers and acceptances, and its yes to a draft (critique or vote)
    moves = [
        s.outcome
        for s in t.steps
        if s.actor == "west"
        and s.outcome is not None
        and (
            s.action in (ActionKind.OFFER, ActionKind.ACCEPT)
            or (s.action in (ActionKind.CRITIQUE, ActionKind.VOTE) and s.accept)
        )
    ]
    assert moves or protocol == "single-text"
    assert all(inside[o] for o in moves)
    if t.result.agreed:
        assert inside[t.result.agreement]
    # the same opponent against the untied negotiator reaches a deal outside the win-set
    _, plain = _run(TWO_LEVEL, "alternating-offers", "conceder")
    assert plain.result.agreed and not inside[plain.result.agreement]


def test_the_view_carries_the_home_approval() -> None:
    c = compile_scenario(TWO_LEVEL)
    west, east = party_views(c, (0, 1))
    assert west.home_approval is not None and east.home_approval is not None
    inside = win_sets(TWO_LEVEL, c.table().positions)
    np.testing.assert_array_equal(west.home_approval >= 0.5, inside["west"])
    bare = compile_scenario(dataclasses.replace(TWO_LEVEL, ratification=()))
    assert all(v.home_approval is None for v in party_views(bare, (0, 1)))


def test_without_stages_it_plays_like_its_model() -> None:
    bare = dataclasses.replace(TWO_LEVEL, ratification=())
    for like in ("boulware", "linear", "tit-for-tat"):
        _, a = _run(bare, "alternating-offers", f"tied-hands:like={like}")
        _, b = _run(bare, "alternating-offers", like)
        assert a.actor == b.actor and a.result == b.result
        np.testing.assert_array_equal(a.outcome, b.outcome)


def test_batch_engine_runs_it_as_the_step_engine() -> None:
    c = compile_scenario(TWO_LEVEL)
    per_run = [{"west": make_strategy("tied-hands"), "east": make_strategy("linear")}] * 3
    b = run_batch(c, per_run, 20, [1, 2, 3])
    _, t = _run(TWO_LEVEL, "alternating-offers", "tied-hands")
    assert bool(b.agreement[0]) == t.result.agreed and int(b.rounds[0]) == t.result.rounds


@pytest.mark.slow
def test_sweep_runs_it_on_the_step_engine() -> None:
    from accord.sweep import make_job, run_sweep

    sc = load_scenario("geneva-2026")
    job = make_job(
        sc, runs=30, rng=2, protocol=sc.protocol, strategies={"ukraine": "tied-hands:like=boulware"}
    )
    s = run_sweep(job, workers=1).summary
    assert s.p_partial is not None and s.p_in_force is not None
    assert s.p_in_force <= s.p_partial


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="not a strategy"):
        make_strategy("tied-hands:like=nobody")
    with pytest.raises(ConfigurationError, match="another strategy"):
        make_strategy("tied-hands:like=tied-hands")
    with pytest.raises(ConfigurationError, match="threshold"):
        make_strategy("tied-hands:threshold=0")
