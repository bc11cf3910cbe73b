"""Tracks that settle apart and the named events of a sweep (issue 21, points 1 and 2)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import cache

import numpy as np
import pytest

from accord.io import load_scenario
from accord.negotiation.dated import round_formats
from accord.sweep import chunk as chunk_module
from accord.sweep import make_job, run_sweep
from accord.sweep.chunk import NO_DAY
from accord.sweep.prepare import Prepared, prepare
from accord.sweep.sampling import dimensions, draw, draw_uniforms, run_generators
from accord.sweep.simulate import AGREEMENT, DEADLINE, WALK_OUT, Simulated, combine_groups
from accord.sweep.summary import SweepSummary
from accord.sweep.variants import make_variants, utilities

SCENARIO = load_scenario("geneva-2026")
TRACK_OF = {i: t.id for t in SCENARIO.tracks for i in t.issues}


@cache
def _alternating() -> tuple[SweepSummary, dict[str, np.ndarray]]:
    res = run_sweep(make_job(SCENARIO, runs=3000, rng=1, protocol="alternating-offers"), workers=1)
    return res.summary, {k: np.asarray(v) for k, v in res.table.items()}


@pytest.mark.slow
def test_every_row_names_the_events() -> None:
    s, _ = _alternating()
    assert SCENARIO.calendar is not None
    formats = {"any", *round_formats(SCENARIO.calendar)}
    issues = {i.id for i in SCENARIO.issues}
    assert s.by_date is not None
    for p in s.by_date:
        d = p.to_dict()
        assert set(d["p_agreed"]) == set(d["ci95_agreed"]) == issues
        assert set(d["p_round"]) == set(d["ci95_round"]) == formats
        for k, v in d["p_agreed"].items():
            lo, hi = d["ci95_agreed"][k]
            assert lo <= v <= hi
            # an issue is settled in a full agreement or a partial one
            assert d["p_full"] <= v <= d["p_partial"]
        assert d["p_round"]["any"] >= max(d["p_round"].values()) - 1e-12
    # events are cumulative: never less likely by a later date
    for key in [*(("p_agreed", i) for i in issues), *(("p_round", f) for f in formats)]:
        series = [getattr(p, key[0])[key[1]] for p in s.by_date]
        assert all(b >= a for a, b in itertools.pairwise(series))
    # as of 18 February nothing is agreed and no further round has been held
    first = s.by_date[0]
    assert first.p_partial == 0.0 and first.p_round["any"] == 0.0


@pytest.mark.slow
def test_separable_tracks_settle_while_the_political_one_deadlocks() -> None:
    s, table = _alternating()
    assert s.p_full is not None and s.p_partial is not None
    assert s.p_partial > s.p_full + 0.2
    assert set(s.agreed_tracks) == {"humanitarian", "military-technical", "political"}
    # the political track settles only in a full agreement
    assert s.agreed_tracks["political"] == pytest.approx(s.p_full)
    assert s.agreed_tracks["military-technical"] > s.p_full
    assert s.agreed_tracks["humanitarian"] > s.p_full
    # agreements carry their track: an issue is settled exactly when its track is
    agreed = table["agreement"].astype(bool)
    for issue, track in TRACK_OF.items():
        settled = agreed & (table[f"outcome:{issue}"] >= 0)
        assert np.array_equal(settled, table[f"track:{track}"]), issue
        assert np.array_equal(settled, table[f"day:{issue}"] != NO_DAY), issue
    # a track's issues settle on the same day; a full agreement's day is the last of them
    assert np.array_equal(table["day:ceasefire_monitoring"], table["day:energy_truce"])
    full = table["full_agreement"].astype(bool)
    days = np.stack([table[f"day:{i}"] for i in TRACK_OF], axis=1)
    assert np.array_equal(table["full_day"][full], days[full].max(axis=1))
    assert np.array_equal(
        table["agreement_day"][agreed], np.where(days == NO_DAY, 10**9, days)[agreed].min(axis=1)
    )


@pytest.mark.slow
def test_single_text_negotiates_the_tracks_too() -> None:
    res = run_sweep(make_job(SCENARIO, runs=30, rng=4, protocol="single-text"), workers=1)
    table = {k: np.asarray(v) for k, v in res.table.items()}
    agreed = table["agreement"].astype(bool)
    assert agreed.any()
    for issue, track in TRACK_OF.items():
        settled = agreed & (table[f"outcome:{issue}"] >= 0)
        assert np.array_equal(settled, table[f"track:{track}"]), issue
    assert res.summary.agreed_tracks


@pytest.mark.slow
def test_step_engines_negotiate_the_tracks_as_the_batch_engine_does() -> None:
    n = 60
    job = make_job(
        SCENARIO,
        runs=n,
        rng=9,
        protocol="alternating-offers",
        strategies={"russia": "linear", "ukraine": "conceder"},
    )
    prep = prepare(job)
    assert prep.alphas is not None and len(prep.groups) == 3
    base = prep.base
    gens = run_generators(9, 0, n)
    uniforms = draw_uniforms(gens, dimensions(job.uncertainty, len(SCENARIO.issues)))
    v = make_variants(base, draw(job.uncertainty, uniforms, base.defaults, len(SCENARIO.issues)))
    u = utilities(base, v, base.bargaining)

    def simulated(p: Prepared) -> Simulated:
        gens = run_generators(9, 0, n)  # each engine on the same draws of the calendar
        return chunk_module._simulate(job, p, v, u, gens, chunk_module._talks(job, gens, n))

    fast = simulated(prep)
    slow = simulated(replace(prep, alphas=None))
    assert (fast.ending == AGREEMENT).any()
    assert fast.group_agreed is not None and slow.group_agreed is not None
    assert np.array_equal(fast.group_agreed, slow.group_agreed)
    assert np.array_equal(fast.ending, slow.ending)
    assert np.array_equal(fast.outcome, slow.outcome)
    assert np.array_equal(fast.rounds, slow.rounds)


def test_combining_the_groups_by_hand() -> None:
    job = make_job(SCENARIO, runs=1, rng=0, protocol="alternating-offers")
    prep = prepare(job)
    base, groups = prep.base, prep.groups
    ids = [g.id for g in groups]
    assert ids == ["core", "humanitarian", "military-technical"]
    assert groups[0].whole and not groups[1].whole
    sizes = [i.size for i in SCENARIO.issues]
    pos = {i.id: k for k, i in enumerate(SCENARIO.issues)}

    def index(**opts: int) -> int:
        p = [SCENARIO.issues[k].status_quo_index or 0 for k in range(len(sizes))]
        for name, o in opts.items():
            p[pos[name]] = o
        return int(np.ravel_multi_index(p, sizes))

    core_pkg = index(donbas=1, znpp=2, ceasefire_monitoring=1, energy_truce=1, prisoner_exchange=1)
    human = index(prisoner_exchange=2)
    ending = np.array(
        [
            [AGREEMENT, AGREEMENT, DEADLINE],  # humanitarian first, then the whole package
            [DEADLINE, AGREEMENT, DEADLINE],  # the humanitarian track alone
            [WALK_OUT, WALK_OUT, WALK_OUT],
            [AGREEMENT, AGREEMENT, DEADLINE],  # the whole package first
        ],
        dtype=np.int8,
    )
    outcome = np.array(
        [[core_pkg, human, -1], [-1, human, -1], [-1, -1, -1], [core_pkg, human, -1]]
    )
    held = np.array([[10, 5, 20], [20, 7, 20], [3, 4, 2], [10, 15, 20]], dtype=np.int32)
    sim = combine_groups(base, groups, ending, outcome, held)
    assert sim.ending.tolist() == [AGREEMENT, AGREEMENT, WALK_OUT, AGREEMENT]
    # run 0: full; the exchange agreed first stands (all for all), the rest from the package
    assert sim.outcome[0] == index(
        donbas=1, znpp=2, ceasefire_monitoring=1, energy_truce=1, prisoner_exchange=2
    )
    assert sim.open is not None and not sim.open[0].any() and sim.rounds[0] == 10
    # run 1: partial, only the exchange settled, the rest open at the status quo
    assert sim.outcome[1] == human and sim.rounds[1] == 7
    assert sim.open[1].tolist() == [True, True, True, True, False]
    # run 3: the package came first and settles the exchange too (on day 10, not 15)
    assert sim.outcome[3] == core_pkg
    assert sim.group_rounds is not None and sim.group_rounds[3].tolist() == [10, 10, 10]
    assert sim.group_agreed is not None
    assert sim.group_agreed.tolist() == [
        [True, True, True],
        [False, True, False],
        [False, False, False],
        [True, True, True],
    ]
