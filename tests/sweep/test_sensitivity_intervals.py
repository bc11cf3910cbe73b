"""Sensitivity with its uncertainty: bootstrap intervals, noise, inputs that cannot move
the target left out."""

from __future__ import annotations

import json

import numpy as np
import pytest

from accord.cli.main import main
from accord.io import load_scenario
from accord.sweep import make_job, run_sweep
from accord.sweep.summary import sensitivity


def test_a_real_effect_has_an_interval_away_from_zero_and_noise_does_not() -> None:
    rng = np.random.default_rng(3)
    n = 2000
    strong = rng.random(n)
    noise = rng.random(n)
    y = rng.random(n) < 0.2 + 0.6 * strong  # depends on `strong` only
    rows = {r.input: r for r in sensitivity({"strong": strong, "noise": noise}, y, rng=1)}
    lo, hi = rows["strong"].ci95
    assert lo <= rows["strong"].effect <= hi and lo > 0.2 and not rows["strong"].noise
    lo, hi = rows["noise"].ci95
    assert lo < 0 < hi and rows["noise"].noise
    # seeded: the same seed gives the same intervals, another seed others
    again = {r.input: r for r in sensitivity({"strong": strong, "noise": noise}, y, rng=1)}
    assert again["strong"].ci95 == rows["strong"].ci95
    other = {r.input: r for r in sensitivity({"strong": strong, "noise": noise}, y, rng=2)}
    assert other["strong"].ci95 != rows["strong"].ci95


@pytest.mark.slow
def test_zopa_drivers_exclude_what_cannot_move_it() -> None:
    sc = load_scenario()
    result = run_sweep(make_job(sc, runs=400, rng=2), workers=1)
    s = result.summary
    assert s.target == "zopa"
    names = [r.input for r in s.sensitivity]
    assert names and not any(n.startswith("united_states.") for n in names)
    assert not any(n.endswith(".capability") for n in names)
    assert any("united_states.weights" in note for note in s.notes)
    for r in s.sensitivity:
        d = r.to_dict()
        assert d["noise"] == (d["ci95"][0] <= 0 <= d["ci95"][1])


@pytest.mark.slow
def test_cli_hides_noise_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sweep", "--runs", "300", "--seed", "4", "--quiet"]
    with pytest.raises(SystemExit):
        main(args)
    out = capsys.readouterr().out
    assert "95% interval" in out and "left out as noise" in out and "(noise)" not in out
    with pytest.raises(SystemExit):
        main([*args, "--all-effects"])
    out = capsys.readouterr().out
    assert "(noise)" in out
    with pytest.raises(SystemExit):
        main([*args, "--json"])
    d = json.loads(capsys.readouterr().out)
    assert all({"ci95", "noise"} <= set(r) for r in d["sensitivity"])
