"""Rounds on dated sessions: schedules carry dates, a run ends at the deadline's date, and
the deadline in rounds can never silently disagree with the sessions."""

from __future__ import annotations

import dataclasses

import pytest

from accord.errors import ConfigurationError
from accord.model import Deadline, Session
from accord.negotiation.dated import schedule_for, talks_calendar
from accord.negotiation.simulation import simulate
from accord.negotiation.transcript import Ending, Result
from factories import geneva_like


def _legacy(**kw: object) -> object:
    sc = geneva_like()
    if hasattr(sc, "calendar"):
        sc = dataclasses.replace(sc, calendar=None)
    return dataclasses.replace(sc, **kw)  # type: ignore[arg-type]


def test_a_third_session_and_40_rounds_is_an_error_naming_both() -> None:
    sc = _legacy(
        sessions=(
            Session("2026-02-17", rounds=16),
            Session("2026-02-18", rounds=4),
            Session("2026-03-10", rounds=10),
        ),
        deadline=Deadline(rounds=40, date="2026-06-30"),
    )
    with pytest.raises(ConfigurationError) as info:
        schedule_for(sc)  # type: ignore[arg-type]
    msg = str(info.value)
    assert "deadline.exchanges is 40" in msg and "hold 30 exchanges" in msg
    # the sessions alone (no deadline in rounds) decide: 30 rounds, never 40 or 20
    ok = dataclasses.replace(sc, deadline=Deadline(date="2026-06-30"))  # type: ignore[type-var]
    sched = schedule_for(ok)  # type: ignore[arg-type]
    assert sched.session_rounds == (16, 4, 10)
    assert sched.session_dates == ("2026-02-17", "2026-02-18", "2026-03-10")
    assert sched.deadline_date == "2026-06-30"


def test_sessions_are_dated_and_runs_end_on_the_deadline_date() -> None:
    sc = _legacy(deadline=Deadline(date="2026-06-30"))
    cal = talks_calendar(sc)  # type: ignore[arg-type]
    assert cal is not None and str(cal.deadline) == "2026-06-30"
    sim = simulate(sc, protocol="single-text", runs=3, rng=2)  # type: ignore[arg-type]
    assert sim.schedule.session_dates == ("2026-02-17", "2026-02-18")
    t = sim.transcript.to_dict()
    assert all(s["date"] in ("2026-02-17", "2026-02-18") for s in t["steps"])
    for r in sim.results:
        if r.agreed:
            assert r.date == sim.schedule.date_of_round(r.rounds - 1)
        else:
            assert r.date == "2026-06-30"


def test_result_kinds() -> None:
    full = Result(Ending.AGREEMENT, 3, (0.5, 0.5), 4, ("a", "b"))
    part = Result(Ending.AGREEMENT, 3, (0.5, 0.5), 4, ("a",), None, ("b",))
    none = Result(Ending.DEADLINE, None, (0.1, 0.1), 9, ("a", "b"))
    assert (full.kind, part.kind, none.kind) == ("full_agreement", "partial_agreement", "deadline")
    assert full.full and not full.partial and part.partial and not part.full
    assert part.settled_issues == ("a",) and part.unsettled(("a", "b")) == ("b",)
    assert none.settled_issues == () and none.unsettled(("a", "b")) == ("a", "b")
