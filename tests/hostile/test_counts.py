"""Counts a user types are bounded before the work: runs, exchanges, model steps and local
workers far past honest use are one line naming the bound and the way past it, at once (the
probe saw each run out of memory with a traceback, or run for hours)."""

from __future__ import annotations

import pytest

from accord.cli._bounds import (
    MAX_FORECAST_ROUNDS,
    MAX_ROUNDS,
    MAX_RUNS,
    MAX_SWEEP_RUNS,
    max_local_workers,
)

from .helpers import refused


@pytest.mark.parametrize(
    ("argv", "bound", "way"),
    [
        (["simulate", "--runs", "100000000"], MAX_RUNS, "accord sweep"),
        (["report", "--runs", "100000000"], MAX_RUNS, "accord sweep"),
        (["simulate", "--exchanges", "1000000000"], MAX_ROUNDS, "smaller"),
        (["forecast", "--steps", "100000000"], MAX_FORECAST_ROUNDS, "smaller"),
        (["sweep", "--runs", "1000000000000"], MAX_SWEEP_RUNS, "--seed"),
        (["sweep", "--exchanges", "100000000"], MAX_ROUNDS, "smaller"),
        (["sweep", "--dask", "local:100000"], max_local_workers(), "tcp://"),
        (["sweep", "--dask", "local:" + "9" * 5000], max_local_workers(), "tcp://"),
        (["sweep", "--workers", "100000"], max_local_workers(), "tcp://"),
    ],
)
def test_counts_past_their_bound(
    capsys: pytest.CaptureFixture[str], argv: list[str], bound: int, way: str
) -> None:
    line = refused(argv, capsys)
    assert f"limit of {bound:,}" in line and way in line
    assert len(line) < 400


def test_counts_at_the_bound_are_not_refused_by_it(capsys: pytest.CaptureFixture[str]) -> None:
    # the bound itself is allowed: --exchanges at the limit goes on to the next check
    line = refused(["simulate", "--exchanges", str(MAX_ROUNDS), "--runs", "0"], capsys)
    assert "--runs must be > 0" in line


def test_backtest_runs_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    from accord.evaluate.backtest import MAX_RUNS as BACKTEST_RUNS

    line = refused(["backtest", "--runs", "100000000"], capsys)
    assert f"{BACKTEST_RUNS:,}" in line
