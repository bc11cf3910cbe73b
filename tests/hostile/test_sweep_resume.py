"""Resuming a sweep from corrupted output: every chunk carries the sweep's fingerprint and
is checked on resume; what does not match is computed again (with a warning) or refused
with a message, never a traceback, never silently wrong results."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest

from accord.errors import AccordWarning, ConfigurationError
from accord.io import load_scenario
from accord.model import Scenario
from accord.sweep import make_job, read_runs, run_sweep
from accord.sweep.output import (
    RUN_LAYOUT,
    RunStore,
    parts_dir,
)

GENEVA = Path(__file__).resolve().parents[1] / "data" / "sweep" / "geneva-uncertain.yaml"


def geneva() -> Scenario:
    return load_scenario(GENEVA)


RUNS, CHUNK = 40, 10


def sweep(out: Path, *, seed: int = 3, resume: bool = False) -> dict[str, np.ndarray]:
    job = make_job(geneva(), runs=RUNS, rng=seed)
    run_sweep(job, workers=1, out=out, resume=resume, chunk=CHUNK)
    return read_runs(out)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, np.ndarray]:
    return sweep(tmp_path_factory.mktemp("ref") / "ref.parquet")


def interrupted(tmp_path: Path) -> Path:
    """A sweep whose chunks are all written but not yet joined (as if killed then)."""
    out = tmp_path / "runs.parquet"
    sweep(out)
    parts = parts_dir(out)
    parts.mkdir()
    # rebuild the parts folder the sweep had before joining: run again into a copy
    other = tmp_path / "again.parquet"
    job = make_job(geneva(), runs=RUNS, rng=3)
    manifest = {
        "scenario": job.scenario.id,
        "fingerprint": job.fingerprint,
        "runs": job.runs,
        "seed": job.entropy,
        "chunk": CHUNK,
        "protocol": job.protocol,
        "layout": RUN_LAYOUT,
    }
    store = RunStore(other, manifest)
    store.open(False)
    table = read_runs(out)
    for c in range(RUNS // CHUNK):
        store.write_chunk(c, {k: v[c * CHUNK : (c + 1) * CHUNK] for k, v in table.items()})
    out.unlink()
    shutil.rmtree(parts)
    parts_dir(other).rename(parts)
    return out


def same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for k, value in a.items():
        np.testing.assert_array_equal(value, b[k])


@pytest.mark.parametrize("damage", ["truncated", "empty", "random"])
def test_corrupted_final_file_refused(tmp_path: Path, damage: str) -> None:
    out = tmp_path / "runs.parquet"
    sweep(out)
    data = out.read_bytes()
    out.write_bytes(
        {"truncated": data[: len(data) // 2], "empty": b"", "random": b"\x93" * 999}[damage]
    )
    with pytest.raises(ConfigurationError, match="not a readable sweep file"):
        sweep(out, resume=True)


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["truncated", "empty", "random"])
def test_corrupted_chunk_recomputed(
    tmp_path: Path, reference: dict[str, np.ndarray], damage: str
) -> None:
    out = interrupted(tmp_path)
    chunk = parts_dir(out) / "chunk-000001.parquet"
    data = chunk.read_bytes()
    chunk.write_bytes(
        {"truncated": data[: len(data) // 2], "empty": b"", "random": b"\x01" * 500}[damage]
    )
    with pytest.warns(AccordWarning, match="chunk 1 .*computed again"):
        same(sweep(out, resume=True), reference)


@pytest.mark.slow
def test_stray_file_left_alone(tmp_path: Path, reference: dict[str, np.ndarray]) -> None:
    out = interrupted(tmp_path)
    (parts_dir(out) / "chunk-abc.parquet").write_bytes(b"not a chunk")
    with pytest.warns(AccordWarning, match="not a chunk"):
        same(sweep(out, resume=True), reference)


@pytest.mark.slow
def test_chunk_of_another_seed_recomputed(tmp_path: Path, reference: dict[str, np.ndarray]) -> None:
    out = interrupted(tmp_path)
    other_out = tmp_path / "seed9.parquet"
    job = make_job(geneva(), runs=RUNS, rng=9)
    run_sweep(job, workers=1, out=other_out, chunk=CHUNK)
    # a chunk of the seed-9 sweep, copied in: written as that sweep's store writes it
    store = RunStore(
        tmp_path / "x.parquet",
        {
            "scenario": job.scenario.id,
            "fingerprint": job.fingerprint,
            "runs": RUNS,
            "seed": 9,
            "chunk": CHUNK,
            "protocol": job.protocol,
        },
    )
    store.open(False)
    runs9 = read_runs(other_out)
    store.write_chunk(2, {k: v[20:30] for k, v in runs9.items()})
    shutil.copy(parts_dir(tmp_path / "x.parquet") / "chunk-000002.parquet", parts_dir(out))
    with pytest.warns(AccordWarning, match="chunk 2 .*another sweep"):
        result = sweep(out, resume=True)
    same(result, reference)


@pytest.mark.slow
def test_intact_chunks_resume_silently(tmp_path: Path, reference: dict[str, np.ndarray]) -> None:
    out = interrupted(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", AccordWarning)
        same(sweep(out, resume=True), reference)
