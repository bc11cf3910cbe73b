"""Sweeps on the talks' calendar: each run draws its own future sessions, agreements carry
their session's date, and the odds by date run from the as-of date to the deadline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.cli.main import main
from accord.io import load_scenario
from accord.negotiation.dated import run_calendars, talks_calendar
from accord.sweep import make_job, run_chunk, run_sweep
from accord.sweep.chunk import _floors
from accord.sweep.prepare import prepare
from accord.sweep.sampling import dimensions, draw, draw_uniforms, run_generators
from accord.sweep.simulate import simulate_vectorized
from accord.sweep.summary import by_date
from accord.sweep.variants import make_variants, utilities
from profiles import examples

SCENARIO = load_scenario("geneva-2026")
AS_OF, DEADLINE = "2026-02-18", "2026-06-30"


def _check_by_date(points: list[dict[str, object]]) -> None:
    assert points[0]["date"] == AS_OF and points[-1]["date"] == DEADLINE
    days = [dt.date.fromisoformat(str(p["date"])) for p in points]
    assert all((b - a).days == 1 for a, b in pairwise(days))
    full = [float(p["p_full"]) for p in points]  # type: ignore[arg-type]
    part = [float(p["p_partial"]) for p in points]  # type: ignore[arg-type]
    assert full == sorted(full) and part == sorted(part)  # never decreasing
    assert all(f <= q for f, q in zip(full, part, strict=True))
    for p in points:
        for key, ci in (("p_full", "ci95_full"), ("p_partial", "ci95_partial")):
            lo, hi = p[ci]  # type: ignore[misc]
            assert 0.0 <= lo <= float(p[key]) <= hi <= 1.0  # type: ignore[arg-type]


@pytest.mark.slow
def test_sweep_json_odds_by_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["sweep", "--runs", "3000", "--seed", "1", "--json", "--quiet", "--workers", "1"])
    assert info.value.code == 0
    d = json.loads(capsys.readouterr().out)
    assert d["protocol"] == SCENARIO.protocol  # the scenario's protocol by default
    assert d["as_of"] == AS_OF and d["deadline"] == DEADLINE
    points = d["by_date"]
    _check_by_date(points)
    # agreements spread over the months to June, not a single step in February
    assert len({p["p_full"] for p in points}) > 20
    assert points[-1]["p_full"] == pytest.approx(d["p_full"])
    assert points[-1]["p_partial"] == pytest.approx(d["p_partial"])
    assert d["p_full"] <= d["p_partial"]


@pytest.mark.slow
def test_terminal_table_is_weekly_and_ends_on_the_deadline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["sweep", "--runs", "400", "--seed", "2", "--quiet", "--workers", "1"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "Odds by date" in out
    assert "2026-02-18  as of" in out and "2026-02-25" in out and "2026-06-30  deadline" in out
    assert "P(full agreement by 2026-06-30)" in out
    assert "P(at least a partial agreement by 2026-06-30)" in out


def test_runs_draw_their_own_calendar() -> None:
    job = make_job(SCENARIO, runs=400, rng=3, protocol="alternating-offers")
    assert job.sample_calendar and job.calendar is not None
    rc = run_calendars(job.calendar, run_generators(3, 0, 400))
    # the sessions vary: rounds held, and the day of the last round
    assert np.unique(rc.rounds).size > 5
    last = rc.day[np.arange(400), np.maximum(rc.rounds - 1, 0)]
    assert np.unique(last).size > 10
    deadline = (job.calendar.deadline - job.calendar.as_of).days
    assert rc.day.max() <= deadline
    # the past is fact: no run holds a round on or before the as-of date (Geneva is not
    # replayed)
    held = np.arange(rc.width)[None, :] < rc.rounds[:, None]
    assert (rc.day[held] > 0).all()
    # relative time runs from 0 to 1 over each run's own rounds (a run may hold none)
    rows = np.flatnonzero(rc.rounds > 0)
    assert (rc.times[rows, 0] == 0).all()
    assert np.allclose(rc.times[rows, rc.rounds[rows] - 1], 1.0)


@pytest.mark.slow
def test_vectorized_draws_follow_the_calendar_rules() -> None:
    """The array sampler draws the calendar learned from the record: per format, the share
    of runs holding a round by a date is the model's P(next round by date)."""
    from accord.negotiation.cadence import learn

    cal = talks_calendar(SCENARIO)
    assert cal is not None and cal.calendar is not None
    n = 4000
    rc = run_calendars(cal, run_generators(11, 0, n))
    first = rc.first_round_day()
    for f in learn(cal.calendar):
        for k in (30, 60):
            day = cal.as_of + dt.timedelta(days=k)
            got = float(((first[f.format] >= 0) & (first[f.format] <= k)).mean())
            assert abs(got - f.p_next_by(day)) < 0.035, (f.format, k)
    assert (first["any"][first["any"] >= 0] >= 1).all()  # nothing on or before as_of


@pytest.mark.slow
@settings(max_examples=examples(8), deadline=None)
@given(seed=st.integers(0, 2**32), n=st.integers(2, 30), data=st.data())
def test_split_anywhere_same_runs_on_the_calendar(seed: int, n: int, data: st.DataObject) -> None:
    job = make_job(SCENARIO, runs=n, rng=seed, protocol="alternating-offers")
    k = data.draw(st.integers(1, n - 1))
    whole = run_chunk(job, 0, n)
    left, right = run_chunk(job, 0, k), run_chunk(job, k, n)
    assert "agreement_day" in whole
    for name, col in whole.items():
        assert np.array_equal(col, np.concatenate([left[name], right[name]])), name


@pytest.mark.slow
def test_each_run_as_if_simulated_on_its_own_calendar() -> None:
    """The shared engine over runs of different lengths (padded, then cut at each run's
    last round) gives what each run gives simulated alone on its own rounds."""
    job = make_job(SCENARIO, runs=120, rng=5, protocol="alternating-offers")
    prep = prepare(job)
    base = prep.base
    assert prep.alphas is not None and job.calendar is not None
    gens = run_generators(5, 0, 120)
    uniforms = draw_uniforms(gens, dimensions(job.uncertainty, len(SCENARIO.issues)))
    v = make_variants(base, draw(job.uncertainty, uniforms, base.defaults, len(SCENARIO.issues)))
    u = utilities(base, v, base.bargaining)
    cols = run_chunk(job, 0, 120)
    rc = run_calendars(job.calendar, gens)  # the calendar is drawn after the inputs
    start_day = (job.calendar.start - job.calendar.as_of).days
    floors = _floors(base, v, rc, start_day)
    from accord.sweep.simulate import concession

    ids = [SCENARIO.parties[int(c)].id for c in base.bargaining]
    checked = 0
    for r_i in np.unique(rc.rounds)[:6]:
        idx = np.flatnonzero(rc.rounds == r_i)
        sub = dataclasses.replace(
            v,
            reservation=v.reservation[idx],
            capability=v.capability[idx],
            weights=v.weights[idx],
            values=v.values[idx],
            real=v.real[idx],
            inputs={k: x[idx] for k, x in v.inputs.items()},
        )
        alphas = [concession(job.strategies[p], p, int(r_i)) for p in ids]
        alone = simulate_vectorized(
            base,
            sub,
            u[idx],
            alphas=[a for a in alphas if a is not None],
            acceptances=prep.acceptances,
            floors=floors[idx][:, :, : int(r_i)],
            rounds=int(r_i),
            groups=prep.groups,
        )
        assert np.array_equal(alone.ending, cols["ending"][idx])
        assert np.array_equal(alone.outcome, cols["outcome"][idx])
        assert np.array_equal(alone.rounds, cols["rounds"][idx])
        checked += idx.size
    assert checked >= 6


def test_by_date_counts_each_run_from_its_day() -> None:
    rng = np.random.default_rng(0)
    n = 500
    agree = rng.random(n) < 0.6
    full = agree & (rng.random(n) < 0.5)
    day = rng.integers(-3, 40, n)
    pts = by_date(full, agree, day, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert len(pts) == 31
    for k, p in enumerate(pts):
        assert p.p_full == pytest.approx((full & (day <= k)).sum() / n)
        assert p.p_partial == pytest.approx((agree & (day <= k)).sum() / n)
        assert p.p_full <= p.p_partial
    assert pts[-1].p_full == pytest.approx((full & (day <= 30)).sum() / n)


@pytest.mark.slow
def test_single_text_sweep_counts_partial_agreements_apart() -> None:
    job = make_job(SCENARIO, runs=40, rng=4, protocol="single-text")
    s = run_sweep(job, workers=1).summary
    assert s.full_agreements is not None and s.partial_agreements is not None
    assert s.partial_agreements > 0
    assert s.p_full is not None and s.p_partial is not None and s.p_full <= s.p_partial
    # an issue a partial agreement leaves open is reported open, never at its status quo
    assert s.open_issues["donbas"] > 0
    donbas = s.outcomes["donbas"]
    assert sum(donbas.values()) + s.open_issues["donbas"] == pytest.approx(1.0)
    assert s.by_date is not None and s.by_date[-1].date == DEADLINE


def test_rounds_flag_fixes_the_budget_on_the_nominal_sessions() -> None:
    job = make_job(SCENARIO, runs=50, rng=1, protocol="alternating-offers", rounds=40)
    assert not job.sample_calendar and job.schedule is not None
    assert job.schedule.rounds == 40 and job.schedule.deadline_date == DEADLINE
    s = run_sweep(job, workers=1).summary
    assert s.by_date is not None and s.by_date[-1].date == DEADLINE


def test_points_by_date_and_by_round_state_the_shares_alike() -> None:
    """One day per round: the two curves carry the same shares and Wilson intervals, and
    their dicts differ only in the key (``date`` or ``round``)."""
    from accord.sweep.intervals import wilson
    from accord.sweep.summary import by_round

    full = np.array([True, False, True, False, False])
    agree = np.array([True, True, True, False, True])
    step = np.array([1, 2, 3, 0, 7])  # a step past the horizon never counts
    dated = by_date(full, agree, step - 1, dt.date(2026, 1, 1), dt.date(2026, 1, 4))
    rounds = by_round(full, agree, step, 4)
    assert [p.p_full for p in rounds] == [0.2, 0.2, 0.4, 0.4]
    assert [p.p_partial for p in rounds] == [0.2, 0.4, 0.6, 0.6]
    assert rounds[2].ci95_full == wilson(2, 5)
    for d, r in zip(dated, rounds, strict=True):
        dd, rd = d.to_dict(), r.to_dict()
        assert dd.pop("date") == d.date and rd.pop("round") == r.round
        assert rd.pop("exchange") == r.round  # "round" is its former name
        assert dd == rd and isinstance(rd["ci95_full"], list)
    # no runs: by date says "unknown", by round says zero, as before
    none = np.array([], dtype=bool)
    empty_day = np.array([], dtype=np.int64)
    (p,) = by_date(none, none, empty_day, dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    assert np.isnan(p.p_full)
    (q,) = by_round(none, none, empty_day, 1)
    assert q.p_full == 0.0
