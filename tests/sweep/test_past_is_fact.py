"""The past is fact: runs start at the calendar's as-of date, never re-simulate a past round,
and never reopen what a past round agreed (issue 21, point 3)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from accord.io import load_scenario
from accord.negotiation.dated import SETTLED_PREFIX, settle_past
from accord.negotiation.simulation import simulate
from accord.sweep import make_job, run_sweep

SCENARIO = load_scenario("geneva-2026")


def _as_of() -> dt.date:
    assert SCENARIO.calendar is not None
    return SCENARIO.calendar.as_of


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(12))
def test_no_sweep_run_agrees_before_as_of(seed: int) -> None:
    res = run_sweep(
        make_job(SCENARIO, runs=500, rng=seed, protocol="alternating-offers"), workers=1
    )
    agreed = np.asarray(res.table["agreement"], dtype=bool)
    day = np.asarray(res.table["agreement_day"])[agreed]
    assert agreed.any()
    # days count from as_of; the first future round begins after it
    assert (day > 0).all(), day.min()
    # and no run goes back on the exchanges agreed in the past rounds
    ex = [i.id for i in SCENARIO.issues].index("prisoner_exchange")
    got = np.asarray(res.table["outcome:prisoner_exchange"])[agreed]
    none = SCENARIO.issues[ex].index("none")
    assert not (got == none).any()


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_no_run_by_run_sweep_agrees_before_as_of(seed: int) -> None:
    res = run_sweep(make_job(SCENARIO, runs=40, rng=seed, protocol="single-text"), workers=1)
    agreed = np.asarray(res.table["agreement"], dtype=bool)
    assert agreed.any()
    assert (np.asarray(res.table["agreement_day"])[agreed] > 0).all()


@pytest.mark.parametrize("protocol", ["alternating-offers", "single-text"])
def test_simulations_start_after_as_of(protocol: str) -> None:
    sim = simulate(
        SCENARIO,
        protocol=protocol,
        strategies={"russia": "conceder", "ukraine": "conceder"},
        runs=5,
        rng=1,
    )
    assert sim.schedule.session_dates
    assert all(dt.date.fromisoformat(d) > _as_of() for d in sim.schedule.session_dates)
    for r in sim.results:
        if r.agreement is not None:
            assert r.date is not None and dt.date.fromisoformat(r.date) > _as_of()


def test_what_the_past_agreed_is_settled() -> None:
    sc = settle_past(SCENARIO)
    issue = next(i for i in sc.issues if i.id == "prisoner_exchange")
    # four past rounds agreed exchanges: the runs start from one, and never undo it
    assert issue.status_quo == "partial"
    added = [c for c in sc.constraints if c.id.startswith(SETTLED_PREFIX)]
    assert [c.id for c in added] == [f"{SETTLED_PREFIX}prisoner_exchange"]
    assert added[0].evidence.source == "turkiyetoday-2026-02"  # the latest such round
    # issues the past did not settle keep their status quo
    assert [i.status_quo for i in sc.issues if i.id != "prisoner_exchange"] == [
        i.status_quo for i in SCENARIO.issues if i.id != "prisoner_exchange"
    ]


def test_a_scenario_without_calendar_is_left_alone() -> None:
    from dataclasses import replace

    plain = replace(SCENARIO, calendar=None)
    assert settle_past(plain) is plain
