"""Signed versus in force (accord.negotiation.in_force, docs/simulation.md "Signed and in
force"): the rules of the ratification calendar on hand-made cases, and ``accord simulate``
on a scenario whose deal is signed and then fails at home."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import numpy as np
import pytest
from tests.datapaths import DATA

from accord.cli.main import main
from accord.io import load_scenario
from accord.model import ElectorateModel, RatificationStage
from accord.negotiation.in_force import ratify
from accord.negotiation.simulation import simulate

TWO_LEVEL = DATA / "two-level" / "blocked-at-home.yaml"


def _stage(sid: str, party: str, order: int, days: int, issues: tuple[str, ...] = ()) -> Any:
    return RatificationStage(
        sid, sid, party, order, ElectorateModel(base=0.5, sd=0.1), issues, days
    )


def _hand_scenario() -> Any:
    """Two issues x, y; party a: a0 (10 days), then a1 (20 days); party b: b0 (5 days,
    rules on x only)."""
    sc = load_scenario(TWO_LEVEL)
    stages = (
        _stage("a0", "west", 0, 10),
        _stage("b0", "east", 0, 5, ("border",)),
        _stage("a1", "west", 1, 20),
    )
    return dataclasses.replace(sc, ratification=stages)


def test_the_ratification_calendar_by_hand() -> None:
    sc = _hand_scenario()
    agreed = np.array([True, True, True, True, False, True])
    settled = np.ones((6, 2), dtype=bool)
    settled[3] = [False, True]  # run 3 settles aid only: b0 (border) has nothing to rule on
    u = np.full((6, 3), 0.5)
    p = np.ones((6, 3))
    p[1, 2] = 0.0  # run 1: a1 rejects (ends day 30)
    p[2, 0] = p[2, 1] = 0.0  # run 2: a0 rejects (day 10) and b0 rejects (day 5)
    p[5, 0] = p[5, 1] = 0.0  # run 5: b0 ends day 5, a0 day 10: b0 first
    r = ratify(sc, agreed, settled, u, p)
    # run 0: every stage approves; in force when the longest chain ends (10 + 20 > 5)
    assert bool(r.in_force[0]) and int(r.delay[0]) == 30 and r.held[0].all()
    assert r.start[0].tolist() == [0, 0, 10] and r.end[0].tolist() == [10, 5, 30]
    # run 1: fails at a1 on day 30; b0 was held (ended day 5) and approved
    assert not r.in_force[1] and int(r.failed[1]) == 2 and int(r.delay[1]) == 30
    assert r.approved[1].tolist() == [True, True, False]
    # run 2: b0 rejects first (day 5); a0, still running, is abandoned; a1 never starts
    assert int(r.failed[2]) == 1 and int(r.delay[2]) == 5
    assert r.held[2].tolist() == [False, True, False]
    # run 3: b0 does not sit (takes no time); a0 and a1 approve
    assert bool(r.in_force[3]) and int(r.delay[3]) == 30
    assert r.held[3].tolist() == [True, False, True]
    # run 4: nothing signed
    assert not r.in_force[4] and int(r.failed[4]) == -1 and not r.held[4].any()
    # run 5: the rejection that ends first decides
    assert int(r.failed[5]) == 1
    # draws: a stage approves when its draw is below its probability
    r2 = ratify(sc, agreed[:1], settled[:1], np.array([[0.3, 0.7, 0.1]]), np.full((1, 3), 0.5))
    # (b0's draw 0.7 rejects on day 5, before a0, approving, ends on day 10)
    assert r2.held[0].tolist() == [False, True, False] and int(r2.failed[0]) == 1
    r3 = ratify(sc, agreed[:1], settled[:1], np.array([[0.3, 0.1, 0.1]]), np.full((1, 3), 0.5))
    assert r3.approved[0].all() and bool(r3.in_force[0])


def test_a_tie_goes_to_the_stage_listed_first() -> None:
    sc = dataclasses.replace(
        _hand_scenario(), ratification=(_stage("a0", "west", 0, 5), _stage("b0", "east", 0, 5))
    )
    r = ratify(sc, np.array([True]), np.ones((1, 2), bool), np.full((1, 2), 0.5), np.zeros((1, 2)))
    assert int(r.failed[0]) == 0 and r.held[0].all()


def _sim(sc: Any, seed: int = 4) -> Any:
    return simulate(
        sc,
        strategies={"west": "conceder", "east": "conceder"},
        rounds=20,
        runs=40,
        rng=seed,
        protocol="alternating-offers",
    )


def test_simulate_signs_then_fails_at_home() -> None:
    sc = load_scenario(TWO_LEVEL)
    sim = _sim(sc)
    bare = _sim(dataclasses.replace(sc, ratification=()))
    # signing is what the table reached: the same runs as without ratifiers
    assert sim.results == bare.results and not bare.ratification
    assert all(r.agreed for r in sim.results)
    # every deal the negotiators reach cedes the border, which the referendum rejects
    e = sim.ratification[0]
    assert e is not None and e.status == "failed" and e.failed_at == "west-referendum"
    steps = {s.stage: s for s in e.steps}
    assert steps["west-president"].approved and steps["west-referendum"].held
    assert e.days == 3 + 45  # the president's 3 days, then the referendum's 45
    summary = sim.summary()
    assert summary["in_force"] == 0 and summary["failed_ratification"] == sim.runs
    assert summary["ratification"]["west-referendum"]["approved"] == 0.0
    assert summary["results"][0]["ratification"]["failed_at"] == "west-referendum"
    assert "ratification" not in bare.summary()
    # reproducible under the seed
    again = _sim(sc)
    assert again.ratification == sim.ratification


def test_simulate_enters_into_force_on_a_date() -> None:
    # a scenario with dated talks: the bundled one, under the single text (a partial deal)
    sc = load_scenario("geneva-2026")
    assert sc.ratification
    sim = simulate(sc, protocol="single-text", runs=3, rng=3)
    r, e = sim.results[0], sim.ratification[0]
    assert r.agreed and e is not None and e.signed == r.date
    if e.status == "in_force":
        import datetime as dt

        held = [s for s in e.steps if s.held]
        assert e.in_force == max(s.end for s in held if s.end)
        assert dt.date.fromisoformat(e.in_force) - dt.date.fromisoformat(r.date) == dt.timedelta(
            days=e.days
        )


def test_simulate_cli_says_signed_and_failed(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["simulate", str(TWO_LEVEL), "--exchanges", "20", "-s", "west=conceder"]
    argv += ["-s", "east=conceder", "--seed", "1"]
    with pytest.raises(SystemExit):
        main(argv)
    text = " ".join(capsys.readouterr().out.split())
    assert "Ratification: signed; failed at Westland's referendum" in text
    with pytest.raises(SystemExit):
        main([*argv, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["p_in_force"] == 0.0 and data["results"][0]["ratification"]["status"] == "failed"
