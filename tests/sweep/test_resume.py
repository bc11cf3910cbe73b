"""Runs are written as they finish; an interrupted sweep resumes without losing or
repeating a run. The interruption is real: a sweep in a subprocess is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from accord.sweep import read_runs
from accord.sweep.output import parts_dir

from ._support import GENEVA, accord_cli

# the random strategy runs variant by variant on the step engine: slow enough to be killed
# half-way, and stochastic, so resuming must also restore each run's random stream
ARGS = [
    "sweep",
    str(GENEVA),
    "--runs",
    "300",
    "--seed",
    "7",
    "--protocol",
    "alternating-offers",
    "--strategy",
    "russia=random",
    "--exchanges",
    "60",
    "--chunk-size",
    "10",
    "--quiet",
]


def _start(out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "accord", *ARGS, "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_chunks(parts: Path, proc: subprocess.Popen[str], k: int) -> int:
    while True:
        n = len(list(parts.glob("chunk-*.parquet"))) if parts.exists() else 0
        if n >= k:
            return n
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, np.ndarray]:
    whole = tmp_path_factory.mktemp("reference") / "whole.parquet"
    ref = accord_cli(*ARGS, "--out", str(whole), "--workers", "1")
    assert ref.returncode == 0, ref.stderr
    return read_runs(whole)


def _interrupt_then_resume(
    tmp_path: Path, sig: int, workers: str, reference: dict[str, np.ndarray]
) -> None:
    out = tmp_path / f"runs-{sig}.parquet"
    parts = parts_dir(out)
    proc = _start(out, "--workers", workers)
    _wait_for_chunks(parts, proc, 3)
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    assert not out.exists()  # it really stopped before the end
    kept = sorted(parts.glob("chunk-*.parquet"))
    assert 3 <= len(kept) < 30
    # without --resume the partial sweep is refused, not overwritten
    refused = accord_cli(*ARGS, "--out", str(out), "--workers", "1")
    assert refused.returncode == 2 and "--resume" in refused.stderr
    # with another seed, --resume is refused too
    other = [a if a != "7" else "8" for a in ARGS]
    clash = accord_cli(*other, "--out", str(out), "--resume", "--workers", "1")
    assert clash.returncode == 2 and "different sweep" in clash.stderr
    done = accord_cli(*ARGS, "--out", str(out), "--resume", "--workers", workers, "--json")
    assert done.returncode == 0, done.stderr
    assert not parts.exists()
    resumed = read_runs(out)
    assert np.array_equal(resumed["run"], np.arange(300))  # each run exactly once
    assert list(resumed) == list(reference)
    for k, col in reference.items():
        assert np.array_equal(resumed[k], col), k


@pytest.mark.slow
def test_sigkill_then_resume(tmp_path: Path, reference: dict[str, np.ndarray]) -> None:
    _interrupt_then_resume(tmp_path, signal.SIGKILL, "1", reference)


@pytest.mark.slow
def test_ctrl_c_on_a_process_pool_then_resume(
    tmp_path: Path, reference: dict[str, np.ndarray]
) -> None:
    _interrupt_then_resume(tmp_path, signal.SIGINT, "2", reference)


@pytest.mark.slow
def test_existing_output_needs_resume(tmp_path: Path) -> None:
    out = tmp_path / "small.parquet"
    args = ["sweep", str(GENEVA), "--runs", "30", "--workers", "1", "--quiet", "--out", str(out)]
    first = accord_cli(*args)
    assert first.returncode == 0, first.stderr
    assert pq.read_table(out).num_rows == 30
    again = accord_cli(*args)
    assert again.returncode == 2
    assert "exists" in again.stderr and "Traceback" not in again.stderr
    reused = accord_cli(*args, "--resume", "--json")
    assert reused.returncode == 0 and '"runs": 30' in reused.stdout


@pytest.mark.parametrize("left", ["parts", "final"])
def test_a_sweep_written_by_another_version_is_not_resumed(tmp_path: Path, left: str) -> None:
    # an earlier accord wrote its manifest without the run table's layout (other columns):
    # resuming from it would join chunks of two layouts, so it is refused with the fix
    import json

    import pyarrow as pa

    from accord.errors import ConfigurationError
    from accord.sweep.output import _META_KEY, RUN_LAYOUT, RunStore

    out = tmp_path / "runs.parquet"
    older = {"scenario": "s", "fingerprint": "f", "runs": 10, "seed": 1, "chunk": 10}
    if left == "parts":
        parts_dir(out).mkdir()
        (parts_dir(out) / "manifest.json").write_text(json.dumps(older), encoding="utf-8")
    else:
        table = pa.table({"run": np.arange(10)})
        pq.write_table(table.replace_schema_metadata({_META_KEY: json.dumps(older).encode()}), out)
    store = RunStore(out, {**older, "layout": RUN_LAYOUT})
    with pytest.raises(ConfigurationError, match="another version of accord") as info:
        store.open(resume=True)
    assert f"layout unrecorded there, {RUN_LAYOUT} now" in str(info.value)
    assert (parts_dir(out) / "manifest.json").exists() or out.exists()  # nothing deleted
    # the same manifest with the layout is this version's: no refusal on that ground
    if left == "parts":
        (parts_dir(out) / "manifest.json").write_text(
            json.dumps({**older, "layout": RUN_LAYOUT}), encoding="utf-8"
        )
        assert RunStore(out, {**older, "layout": RUN_LAYOUT}).open(resume=True) == (set(), None)
