"""Serial, process-pool and Dask sweeps give bit-identical runs for the same seed."""

from __future__ import annotations

import numpy as np
import pytest

from accord.sweep import make_job, run_sweep

from ._support import geneva

RUNS = 240


@pytest.fixture(scope="module")
def job():  # type: ignore[no-untyped-def]
    return make_job(geneva(), runs=RUNS, rng=2026, protocol="alternating-offers", rounds=40)


@pytest.fixture(scope="module")
def serial(job):  # type: ignore[no-untyped-def]
    return run_sweep(job, workers=1, chunk=25)


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert list(a) == list(b)
    for k, col in a.items():
        assert col.dtype == b[k].dtype, k
        assert np.array_equal(col, b[k]), k


def test_serial_sweep_is_complete_and_varied(serial) -> None:  # type: ignore[no-untyped-def]
    t = serial.table
    assert np.array_equal(t["run"], np.arange(RUNS))
    assert 0 < t["zopa"].sum() < RUNS and 0 < t["agreement"].sum() < RUNS
    assert np.unique(t["input:russia.reservation_value"]).size == RUNS
    s = serial.summary
    assert s.ci95_full is not None and s.p_full is not None
    assert s.ci95_full[0] < s.p_full < s.ci95_full[1]
    assert s.p_partial is not None and s.p_full <= s.p_partial


@pytest.mark.slow
def test_chunking_does_not_change_results(job, serial) -> None:  # type: ignore[no-untyped-def]
    _same(serial.table, run_sweep(job, workers=1, chunk=7).table)


@pytest.mark.slow
def test_process_pool_is_bit_identical(job, serial) -> None:  # type: ignore[no-untyped-def]
    pooled = run_sweep(job, workers=2, chunk=30)
    _same(serial.table, pooled.table)
    assert pooled.to_dict() == serial.to_dict()


@pytest.mark.slow
def test_local_dask_cluster_is_bit_identical(job, serial) -> None:  # type: ignore[no-untyped-def]
    distributed = run_sweep(job, dask="local:2", chunk=40)
    _same(serial.table, distributed.table)
    assert distributed.to_dict() == serial.to_dict()


@pytest.mark.slow
def test_another_seed_gives_other_runs(job, serial) -> None:  # type: ignore[no-untyped-def]
    other = make_job(geneva(), runs=RUNS, rng=2027, protocol="alternating-offers", rounds=40)
    t = run_sweep(other, workers=1).table
    assert not np.array_equal(
        t["input:russia.reservation_value"], serial.table["input:russia.reservation_value"]
    )


def test_the_stream_reports_each_chunk_then_the_same_result(job, serial) -> None:  # type: ignore[no-untyped-def]
    """sweep_steps (what the command reads) yields the runs done as chunks finish, then
    the result, which equals run_sweep's; run_sweep's callback sees the same figures."""
    from accord.sweep import SweepResult, sweep_steps

    steps = list(sweep_steps(job, workers=1, chunk=25))
    *done, last = steps
    assert isinstance(last, SweepResult)
    assert done[0] == (0, RUNS) and done[-1] == (RUNS, RUNS)
    assert len(done) == 1 + -(-RUNS // 25)  # the start, then one per chunk
    assert [d for d, _ in done] == sorted(d for d, _ in done)
    _same(last.table, serial.table)
    assert last.to_dict() == serial.to_dict()
    seen: list[tuple[int, int]] = []
    run_sweep(job, workers=1, chunk=25, progress=lambda a, b: seen.append((a, b)))
    assert seen == done
