"""Signed versus in force in sweeps (docs/sweeps.md, "Signed and in force"): on every date
and for every event, P(in force) <= P(signed); the signed figures are those of the same
scenario without ratification stages, run for run."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from tests.datapaths import DATA

from accord.cli.main import main
from accord.io import load_scenario
from accord.sweep import make_job, run_sweep

NO_STAGES = DATA / "in_force" / "geneva-no-stages.yaml"


def _check_in_force_below_signed(data: dict) -> None:  # type: ignore[type-arg]
    rows = data["by_date"]
    assert rows and data["ratification"]
    assert data["p_in_force"] <= data["p_partial"]
    assert data["in_force_agreements"] <= data["full_agreements"] + data["partial_agreements"]
    for row in rows:
        assert row["p_in_force"] <= row["p_partial"], row["date"]
        assert set(row["p_agreed_in_force"]) == set(row["p_agreed"])
        for issue, p in row["p_agreed_in_force"].items():
            assert p <= row["p_agreed"][issue], (row["date"], issue)
            lo, hi = row["ci95_agreed_in_force"][issue]
            assert lo <= p <= hi
    # never decreasing, and in force by the deadline at most what enters into force at all
    force = [r["p_in_force"] for r in rows]
    assert force == sorted(force) and force[-1] <= data["p_in_force"]
    for stage in data["ratification"].values():
        assert 0.0 <= stage["approved"] <= stage["reached"] <= data["p_partial"]


@pytest.mark.slow
def test_bundled_sweep_json_in_force_below_signed(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sweep", "--runs", "300", "--seed", "5", "--workers", "1", "--json", "--quiet"]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code in (0, None)
    data = json.loads(capsys.readouterr().out)
    _check_in_force_below_signed(data)
    # the stages can fail: some signed deals are not in force by the deadline
    assert data["by_date"][-1]["p_in_force"] < data["by_date"][-1]["p_partial"]


@pytest.mark.slow
def test_signed_figures_are_those_without_stages() -> None:
    bare = load_scenario(NO_STAGES)
    staged = dataclasses.replace(bare, ratification=load_scenario("geneva-2026").ratification)
    a = run_sweep(make_job(bare, runs=200, rng=9, protocol=bare.protocol), workers=1)
    b = run_sweep(make_job(staged, runs=200, rng=9, protocol=bare.protocol), workers=1)
    da, db = a.to_dict(), b.to_dict()
    _check_in_force_below_signed(db)
    for key in ("p_full", "p_partial", "endings", "outcomes", "p_zopa"):
        assert da[key] == db[key], key
    for ra, rb in zip(da["by_date"], db["by_date"], strict=True):
        assert {k: v for k, v in rb.items() if "in_force" not in k} == ra
    for k in a.table:
        np.testing.assert_array_equal(a.table[k], b.table[k])
    assert {"in_force", "in_force_day"} <= set(b.table) - set(a.table)
    # a run is in force on or after the day it signed
    t = b.table
    force = np.asarray(t["in_force"], dtype=bool)
    assert (np.asarray(t["in_force_day"])[force] >= np.asarray(t["agreement_day"])[force]).all()
    assert not force[~np.asarray(t["agreement"], dtype=bool)].any()


def test_uncertain_stage_numbers_are_drawn_per_run() -> None:
    sc = load_scenario("geneva-2026")
    assert sc.uncertainty is not None and sc.uncertainty.ratification
    fixed = dataclasses.replace(
        sc, uncertainty=dataclasses.replace(sc.uncertainty, ratification={})
    )
    a = run_sweep(make_job(sc, runs=150, rng=4, protocol=sc.protocol), workers=1)
    b = run_sweep(make_job(fixed, runs=150, rng=4, protocol=sc.protocol), workers=1)
    # the talks are the same runs; only what happens at home moves
    for k in ("agreement", "outcome", "agreement_day"):
        np.testing.assert_array_equal(a.table[k], b.table[k])
    votes = {k for k in a.table if k.startswith("stage:")}
    assert any(not np.array_equal(a.table[k], b.table[k]) for k in votes)
    _check_in_force_below_signed(a.to_dict())
