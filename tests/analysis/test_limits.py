"""Bounded analysis: caps on what is listed, the same on both routes, a time budget, and
only accord errors escaping (the probes of the deadlock diagnosis on opposed red lines)."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from accord.analysis import Cap, Limits, analyze
from accord.analysis.deadlock import TooManyConflicts, minimal_hitting_sets
from accord.cli.main import main
from accord.errors import AccordError, BudgetExceeded, ConfigurationError
from accord.io import load_scenario
from accord.io.native import dump_scenario
from accord.model import Scenario
from factories import make_scenario


def opposed(k: int) -> Scenario:
    """k binary issues; on each, p0 demands option o0 and p1 option o1 (red lines), so
    every package breaks exactly k red lines: 2**k minimal relaxations, k conflicts.
    p0's red line on issue j is ``r{j}``, p1's ``r{k + j}``."""
    values = np.zeros((2, k, 2))
    values[0, :, 0] = 1.0
    values[1, :, 1] = 1.0
    reds = [(0, j, "==", 0) for j in range(k)] + [(1, j, "==", 1) for j in range(k)]
    return make_scenario([2] * k, values, np.full((2, k), 1.0 / k), [0.0, 0.0], reds)


def _pairs(a: object) -> set[frozenset[tuple[str, str]]]:
    dl = a.deadlock  # type: ignore[attr-defined]
    return {frozenset((r.party, r.red_line) for r in c) for c in dl.conflicts}


@pytest.mark.slow
def test_fourteen_opposed_pairs_are_capped_and_exact() -> None:
    """14 opposed pairs of red lines on 16,384 packages: 16,384 minimal relaxations are
    counted, 100 listed, and the 14 conflicts are exactly the opposed pairs."""
    a = analyze(opposed(14))
    assert a.deadlock is not None
    assert _pairs(a) == {frozenset({("p0", f"r{j}"), ("p1", f"r{14 + j}")}) for j in range(14)}
    assert len(a.deadlock.relaxations) == 100
    assert a.capped["deadlock.relaxations"] == Cap(100, 16_384, "relaxations")
    for r in a.deadlock.relaxations:
        assert len(r.changes) == 14 and r.zopa_size == 1
        # the package keeps every red line not given up
        kept = {(c.party, c.red_line) for c in r.changes}
        for j in range(14):
            option = r.package.outcome[f"i{j}"]
            assert (("p0", f"r{j}") in kept) == (option != "o0")
    d = a.to_dict()
    assert d["truncated"] is True
    assert d["capped"]["deadlock.relaxations"] == {
        "listed": 100,
        "total": 16_384,
        "more": 16_284,
        "limit": "relaxations",
    }
    assert any("16,284 more" in n for n in a.notes)


@pytest.mark.slow
def test_the_solver_route_has_the_same_caps() -> None:
    a = analyze(opposed(13), solver=True, limits=Limits(relaxations=5))
    assert a.deadlock is not None and len(a.deadlock.relaxations) == 5
    cap = a.capped["deadlock.relaxations"]
    assert cap.listed == 5 and cap.total is None  # more exist; the solver did not count
    # the enumeration route lists relaxations of the same size within the same cap
    b = analyze(opposed(13), limits=Limits(relaxations=5))
    assert b.deadlock is not None and len(b.deadlock.relaxations) == 5
    assert b.capped["deadlock.relaxations"].total == 2**13


def test_uncapped_small_case_lists_everything() -> None:
    a = analyze(opposed(6), limits=Limits.unlimited())
    assert a.deadlock is not None and len(a.deadlock.relaxations) == 64
    assert not a.capped and a.to_dict()["truncated"] is False
    assert {frozenset((c.party, c.red_line) for c in r.changes) for r in a.deadlock.relaxations}
    assert len(_pairs(a)) == 6


@pytest.mark.slow
def test_conflicts_and_frontier_caps() -> None:
    a = analyze(opposed(6), limits=Limits(conflicts=2))
    assert a.deadlock is not None and len(a.deadlock.conflicts) == 2
    assert a.capped["deadlock.conflicts"] == Cap(2, 6, "conflicts")
    sc = load_scenario("geneva-2026")
    full = analyze(sc, partial=False, limits=Limits.unlimited())
    assert len(full.pareto_frontier) > 3
    few = analyze(sc, partial=False, limits=Limits(frontier=3))
    assert len(few.pareto_frontier) == 3
    assert few.capped["pareto_frontier"] == Cap(3, len(full.pareto_frontier), "frontier")
    # both ends of the frontier stay in the listing; solutions use the whole frontier
    assert few.pareto_frontier[0] == full.pareto_frontier[0]
    assert few.pareto_frontier[-1] == full.pareto_frontier[-1]
    assert few.solutions == full.solutions


def test_too_many_conflicts_is_an_accord_error() -> None:
    sets = np.zeros((20, 40), dtype=bool)
    for i in range(20):
        sets[i, 2 * i] = sets[i, 2 * i + 1] = True  # 2**20 minimal hitting sets
    with pytest.raises(TooManyConflicts) as info:
        minimal_hitting_sets(sets, limit=1000)
    assert isinstance(info.value, AccordError)
    # what it carries hits every row
    assert all(np.any(f & sets, axis=1).all() for f in info.value.found)


@pytest.mark.slow
def test_solver_route_reports_partial_agreements() -> None:
    sc = load_scenario("geneva-2026")
    enum, solv = analyze(sc), analyze(sc, solver=True)
    assert solv.partial_agreements, "the technical-track finding must not be lost"
    assert [p.to_dict() for p in solv.partial_agreements] == [
        p.to_dict() for p in enum.partial_agreements
    ]
    assert solv.zopa.exists is False and enum.zopa.exists is False


def test_time_budget_raises_an_accord_error() -> None:
    with pytest.raises(BudgetExceeded) as info:
        analyze(opposed(12), limits=Limits(seconds=1e-9))
    assert "budget of 1e-09 s" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"top": -1}, "top"),
        ({"max_outcomes": 0}, "max_outcomes"),
        ({"time_limit": 0}, "time_limit"),
    ],
)
def test_bad_parameters_name_themselves(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        analyze(opposed(2), **kwargs)  # type: ignore[arg-type]


def test_bad_limits_name_themselves() -> None:
    with pytest.raises(ConfigurationError, match="relaxations"):
        Limits(relaxations=-1)
    with pytest.raises(ConfigurationError, match="seconds"):
        Limits(seconds=0)
    assert dataclasses.replace(Limits(), frontier=None).frontier is None


@pytest.mark.slow
def test_cli_says_what_it_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "opposed.yaml"
    dump_scenario(opposed(10), path, "yaml")
    with pytest.raises(SystemExit) as info:
        main(["analyze", str(path), "--max-relaxations", "3"])
    out, _ = capsys.readouterr()
    assert info.value.code in (0, None)
    text = " ".join(out.split())
    assert "capped: minimal relaxations: 3 listed of 1,024 (raise --max-relaxations" in text
    with pytest.raises(SystemExit):
        main(["analyze", str(path), "--json", "--max-relaxations", "3"])
    out, err = capsys.readouterr()
    d = json.loads(out)
    assert d["truncated"] and d["capped"]["deadlock.relaxations"]["more"] == 1021
    assert "capped: minimal relaxations" in err
    with pytest.raises(SystemExit):
        main(["analyze", str(path), "--json", "--no-caps", "--no-partial"])
    d = json.loads(capsys.readouterr()[0])
    assert not d["truncated"] and len(d["deadlock"]["relaxations"]) == 1024
    with pytest.raises(SystemExit) as info:
        main(["analyze", str(path), "--max-conflicts", "-1"])
    assert info.value.code == 2
    assert "--max-conflicts must be 0 or more" in capsys.readouterr()[1]


@pytest.mark.slow
def test_typed_answers_and_frames() -> None:
    a = analyze(load_scenario("geneva-2026"))
    assert a.scenario.id == "geneva-2026" and a.parties[0].to_dict()["id"] == a.parties[0].id
    assert a.zopa.exists is False and a.zopa.exists is False and a.zopa.size == 0
    df = a.to_frame()
    assert len(df) == len(a.pareto_frontier)
    assert [i.id for i in a.issues] + [f"u:{p.id}" for p in a.parties] == list(df.columns)
    rel = a.to_frame("relaxations")
    assert len(rel) == 2 and set(rel["changes"]) == {
        "russia:full-donbas",
        "ukraine:no-withdrawal",
    }
    assert len(a.to_frame("partial_agreements")) == len(a.partial_agreements)
    with pytest.raises(ConfigurationError, match="what must be one of"):
        a.to_frame("everything")
    mp = pytest.MonkeyPatch()
    mp.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    try:
        with pytest.raises(AccordError, match=r"pip install 'accord\[frame\]'"):
            a.to_frame()
    finally:
        mp.undo()


@pytest.mark.slow
def test_library_errors_name_parameters_and_the_cli_names_flags(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from accord.errors import ParameterError
    from accord.sweep import make_job, run_sweep

    sc = load_scenario("geneva-2026")
    job = make_job(sc, runs=10, rng=1)
    with pytest.raises(ParameterError, match=r"^workers must be > 0, got 0$"):
        run_sweep(job, workers=0)
    with pytest.raises(ParameterError, match=r"^chunk must be > 0"):
        run_sweep(job, workers=1, chunk=0)
    with pytest.raises(ParameterError, match=r"^max_outcomes must be >= 1"):
        analyze(sc, max_outcomes=0)
    with pytest.raises(SystemExit) as info:
        main(["sweep", "geneva-2026", "--runs", "10", "--chunk-size", "0", "--workers", "1"])
    assert info.value.code == 2
    assert "error: --chunk-size must be > 0" in capsys.readouterr().err
