"""The calendar learned from the record (accord.negotiation.cadence): the formula on
hand-computed values, the draws against it, and what `accord show` says of it."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from accord.io import load_scenario
from accord.model.calendar import Cadence, Calendar, FutureRound, IntRange, PastRound
from accord.negotiation.cadence import disagreement, draw_rounds, learn
from accord.negotiation.dated import run_calendars, talks_calendar
from clirun import Cli

D = dt.date


def _round(rid: str, day: D, fmt: str) -> PastRound:
    return PastRound(rid, day, day, format=fmt)


#: Three direct rounds (gaps 10 and 20 days) and, 29 days after the last, as_of; the analyst
#: expects a round every 10-30 days (middle 20, pause threshold 60), 75% of them held.
CAL = Calendar(
    as_of=D(2026, 3, 1),
    past=(
        _round("a", D(2026, 1, 1), "direct"),
        _round("b", D(2026, 1, 11), "direct"),
        _round("c", D(2026, 1, 31), "direct"),
    ),
    cadence=Cadence(IntRange(10, 30), p_occurs=0.75, days=2, rounds_per_session=IntRange(3, 3)),
)


def test_posterior_and_predictive_on_hand_computed_values() -> None:
    (f,) = learn(CAL)
    assert f.gaps == (10, 20) and f.elapsed == 29 and f.pause_days == 60
    # prior Gamma(2, 2 * 20); two ordinary gaps of 30 days in all
    assert (f.a0, f.b0) == (2.0, 40.0)
    assert (f.a, f.b) == (4.0, 70.0)  # 2 + 2;  40 + 30
    assert f.mean_gap == pytest.approx(70 / 3)
    # pause: prior Beta(2 * 0.25, 2 * 0.75), no pause among 2 gaps: 0.5 / 4
    assert f.pi == pytest.approx(0.125)
    # S(40) = 0.875 (70/110)^4 + 0.125 (40 < 60: a pause has not ended)
    assert f.survival(40) == pytest.approx(0.2684925893, abs=1e-9)
    # S(70) = 0.875 (70/140)^4 + 0.125 (70/80)^4
    assert f.survival(70) == pytest.approx(0.1279602051, abs=1e-9)
    # P(next by 31 March) = 1 - S(59) / S(29), t = 59 and c = 29 days after 31 January
    assert f.p_next_by(D(2026, 3, 31)) == pytest.approx(0.4155896146, abs=1e-9)
    assert f.p_next_by(CAL.as_of) == 0.0


def test_an_announced_round_is_evidence_with_its_window() -> None:
    nxt = FutureRound(
        "next", earliest=D(2026, 3, 2), latest=D(2026, 3, 11), p_occurs=0.6, format="direct"
    )
    cal = Calendar(CAL.as_of, CAL.past, (nxt,), CAL.cadence)
    (f,) = learn(cal)
    assert f.announced is nxt
    # 6 March: half the window (5 of 10 days) with 0.6, the renewal (t = 34) with 0.4
    assert f.p_next_by(D(2026, 3, 6)) == pytest.approx(0.3455293313, abs=1e-9)


def test_a_long_gap_is_a_pause() -> None:
    past = (*CAL.past, _round("d", D(2026, 5, 20), "direct"))  # 109 days: over 60
    cal = Calendar(D(2026, 6, 1), past, (), CAL.cadence)
    (f,) = learn(cal)
    assert f.pauses == 1 and f.gaps[-1] == 109
    assert f.pi == pytest.approx((0.5 + 1) / (2 + 3))
    assert (f.a, f.b) == (4.0, 40.0 + 30)  # the pause is not an ordinary gap


def test_no_cadence_learns_nothing() -> None:
    cal = Calendar(CAL.as_of, CAL.past)
    assert learn(cal) == () and disagreement(cal) is None


@pytest.mark.slow
def test_draws_follow_the_formula() -> None:
    """The share of runs whose first drawn round starts by a date matches P(next by date)
    within Monte Carlo error, and rounds are drawn per format."""
    (f,) = learn(CAL)
    gens = [np.random.default_rng([5, i]) for i in range(20000)]
    drawn = draw_rounds(CAL, D(2026, 6, 30), gens, ("direct",))
    first = np.where(drawn.held, drawn.start, 10**6).min(axis=1)
    for day in (D(2026, 3, 15), D(2026, 4, 15), D(2026, 6, 1)):
        share = float((first <= (day - CAL.as_of).days).mean())
        assert share == pytest.approx(f.p_next_by(day), abs=0.015), day
    assert set(drawn.fmt.tolist()) == {0}
    # rounds of a format that negotiates run sessions with the cadence's rounds
    assert (drawn.rounds[drawn.held][:, :2] == 3).all()


def test_a_mediator_round_is_held_without_a_session() -> None:
    cal = Calendar(
        CAL.as_of,
        tuple(_round(r.id, r.start, "mediator-y") for r in CAL.past),
        (),
        CAL.cadence,
    )
    gens = [np.random.default_rng([6, i]) for i in range(500)]
    drawn = draw_rounds(cal, D(2026, 6, 30), gens, ("mediator-y",))
    assert drawn.held.any() and (drawn.days == 1).all()
    assert (drawn.rounds == 0).all()


@pytest.mark.slow
def test_bundled_sweep_counts_every_format() -> None:
    """The bundled scenario's runs hold rounds of the four formats the record knows; the
    mediator's meetings hold no negotiation round but count as held."""
    sc = load_scenario()
    cal = talks_calendar(sc)
    assert cal is not None
    gens = [np.random.default_rng([7, i]) for i in range(400)]
    rc = run_calendars(cal, gens)
    assert set(rc.formats) == {"direct", "trilateral", "mediator-russia", "mediator-ukraine"}
    first = rc.first_round_day()
    for fmt in rc.formats:
        assert (first[fmt] >= 1).mean() > 0.5, fmt  # held after as_of in most runs
    assert rc.session_held is not None and rc.session_format is not None
    k = rc.formats.index("mediator-russia")
    mediator = rc.session_held & (rc.session_format == k)
    assert mediator.any() and (rc.session_rounds[mediator] == 0).all()


@pytest.mark.slow
def test_show_says_where_the_record_and_the_analyst_disagree(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = cli(["show"])
    assert code == 0, err
    assert "Next round by format" in out
    lines = [x for x in out.splitlines() if "disagrees with the analyst's cadence" in x]
    assert len(lines) == 1  # one plain line
    line = lines[0]
    assert "direct every 93 days" in line and "trilateral every 12 days" in line
    assert "mediator-ukraine" not in line  # its mean gap (32 days) is in the analyst's range
    code, out, err = cli(["show", "--json"])
    assert code == 0, err
    data = json.loads(out)
    by = {c["format"]: c for c in data["cadence"]}
    assert by["trilateral"]["announced"] == "next-round"
    assert by["trilateral"]["gaps_days"] == [12, 13]
    assert not by["mediator-russia"]["negotiates"]
    assert data["disagreement"] == line.strip()


def test_no_line_when_the_record_agrees() -> None:
    cal = Calendar(CAL.as_of, CAL.past, (), CAL.cadence)
    assert disagreement(cal) is None  # mean gap 15 days, inside 10-30, no pause


@pytest.mark.slow
def test_a_format_the_analyst_names_waits_from_the_talks_first_round() -> None:
    """A format named by the cadence but not yet held is a renewal whose open gap runs from
    the talks' first recorded round: the analyst's prior, conditioned on the c days since
    then; the held format is learned exactly as without the list."""
    cadence = Cadence(
        IntRange(10, 30),
        p_occurs=0.75,
        days=2,
        rounds_per_session=IntRange(3, 3),
        formats=("direct", "trilateral"),
    )
    cal = Calendar(CAL.as_of, CAL.past, (), cadence)
    direct, tri = learn(cal)
    assert direct == learn(CAL)[0]  # the held format: as without the list
    assert tri.format == "trilateral" and not tri.held and tri.gaps == ()
    assert tri.origin == D(2026, 1, 1) and tri.elapsed == 59  # 1 Jan to 1 Mar
    assert (tri.a, tri.b) == (2.0, 40.0) and tri.pi == pytest.approx(0.25)
    # P(first by 31 March) = 1 - S(89) / S(59): S(x) = 0.75 (40/(40+x))^2 + 0.25 S_p(x),
    # S_p(59) = 1 (59 < 60), S_p(89) = (40/69)^2
    s59 = 0.75 * (40 / 99) ** 2 + 0.25
    s89 = 0.75 * (40 / 129) ** 2 + 0.25 * (40 / 69) ** 2
    assert tri.p_next_by(D(2026, 3, 31)) == pytest.approx(1 - s89 / s59, abs=1e-12)
    # and the draws follow it
    gens = [np.random.default_rng([8, i]) for i in range(20000)]
    drawn = draw_rounds(cal, D(2026, 6, 30), gens, ("direct", "trilateral"))
    k = drawn.fmt == 1
    first = np.where(drawn.held[:, k], drawn.start[:, k], 10**6).min(axis=1)
    for day in (D(2026, 3, 31), D(2026, 5, 31)):
        share = float((first <= (day - CAL.as_of).days).mean())
        assert share == pytest.approx(tri.p_next_by(day), abs=0.015), day


def test_a_named_format_with_no_round_at_all_has_no_origin() -> None:
    cadence = Cadence(IntRange(10, 30), formats=("direct",))
    (f,) = learn(Calendar(CAL.as_of, (), (), cadence))
    assert f.origin is None and f.p_next_by(D(2026, 6, 1)) == 0.0
