"""``run_sweep``: sample N variants of a scenario, analyse and simulate them, summarise.

Run ``i``'s randomness comes from ``SeedSequence(seed).spawn(N)[i]`` alone, and each
chunk's results depend only on its run ids, so a sweep gives bit-identical results in one
process, on a local process pool or on a Dask cluster. The seed is the sweep's ``rng`` (an
int), or the entropy drawn for ``rng=None``; it is recorded in the summary and in the
output file, so every sweep can be run again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import ConfigurationError, ParameterError, require_extra
from accord.negotiation.registry import (
    ALTERNATING,
)
from accord.sweep.chunk import Columns
from accord.sweep.executors import Backend, Dask, Processes, Serial, execute
from accord.sweep.output import RUN_LAYOUT, RunStore
from accord.sweep.plan import SweepJob, Task, default_chunk, plan_chunks
from accord.sweep.prepare import Prepared, prepare
from accord.sweep.summary import SweepSummary, bootstrap_weights, summarize

Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class SweepResult:
    """A finished sweep: its :class:`SweepSummary` and the table of runs (one row per
    run, in run order)."""

    summary: SweepSummary
    table: Columns

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict (:meth:`SweepSummary.to_dict`); runs left out."""
        return self.summary.to_dict()

    def to_frame(self) -> Any:
        """The runs as a pandas DataFrame (needs pandas)."""
        pd = require_extra("pandas", "to_frame()")
        return pd.DataFrame(self.table)


def backend_for(workers: int | None, dask: str | None) -> Backend:
    """The executor: Dask when an address is given, else ``workers`` local processes
    (default: every core; 1 runs in this process)."""
    if dask is not None:
        if workers is not None:
            raise ConfigurationError("give --workers or --dask, not both")
        return Dask(dask)
    if workers is None:
        workers = os.cpu_count() or 1
    if workers <= 0:
        raise ParameterError("workers", f"must be > 0, got {workers}")
    return Serial() if workers == 1 else Processes(workers)


def run_sweep(
    job: SweepJob,
    *,
    workers: int | None = None,
    dask: str | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    chunk: int | None = None,
    progress: Progress | None = None,
) -> SweepResult:
    """Run ``job`` and summarise it.

    Parameters
    ----------
    workers
        Local worker processes (default: every core; 1 runs in this process).
    dask
        A Dask scheduler address (``tcp://HOST:PORT``) or ``local:K``.
    out
        A Parquet file to write the runs to, chunk by chunk as they finish.
    resume
        Continue an interrupted sweep written to ``out`` (or reuse a finished one).
    chunk
        Runs per chunk (default :func:`default_chunk`).
    progress
        Called with ``(runs done, runs in all)`` as chunks finish (:func:`sweep_steps`
        gives the same figures as a stream instead).
    """
    steps = sweep_steps(job, workers=workers, dask=dask, out=out, resume=resume, chunk=chunk)
    for step in steps:
        if isinstance(step, SweepResult):
            return step
        if progress is not None:
            progress(*step)
    raise AssertionError("sweep_steps ended without its result")  # pragma: no cover


def sweep_steps(
    job: SweepJob,
    *,
    workers: int | None = None,
    dask: str | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    chunk: int | None = None,
) -> Iterator[tuple[int, int] | SweepResult]:
    """:func:`run_sweep` as a stream a caller reads in order: ``(runs done, runs in all)``
    as chunks finish, then the :class:`SweepResult`, last. Data flows one way, from the
    sweep to its caller (a progress bar reads the stream; nothing is called back). The
    parameters are those of :func:`run_sweep`."""
    # 1. plan: the job (make_job) cut into chunks
    backend = backend_for(workers, dask)
    size = default_chunk(job.runs) if chunk is None else chunk
    if size <= 0:
        raise ParameterError("chunk", f"must be > 0, got {size}")
    if resume and out is None:
        raise ConfigurationError("--resume needs the --out file of the sweep to resume")
    tasks = plan_chunks(job.runs, size)
    # 2. prepare once (in this process; a worker prepares on its first chunk)
    notes = _notes(job, prepare(job))
    store = None if out is None else _store(job, Path(out), size, resume)
    if store is not None:
        notes.extend(store.notes)
        if store.complete is not None:
            yield job.runs, job.runs
            yield summarise(job, store.complete, notes)
            return
    done = set() if store is None else store.done
    todo = [t for t in tasks if t[0] not in done]
    # the bootstrap's resampling weights depend on the seed and the number of runs only:
    # drawn in this process while the workers simulate
    ahead = _Ahead(job) if not isinstance(backend, Serial) and todo else None
    # 3. run chunks
    table = yield from _run_chunks(
        job, tasks, todo, backend, None if store is None else store.store
    )
    # 4. summarise
    yield summarise(job, table, notes, None if ahead is None else ahead.get())


def _notes(job: SweepJob, prep: Prepared) -> list[str]:
    """What the summary says about how the job ran."""
    notes: list[str] = []
    if job.uncertainty.empty:
        notes.append(
            "the scenario has no uncertainty block: every run is the scenario itself "
            "(see docs/sweeps.md to add one)"
        )
    if job.protocol is not None and prep.alphas is None:
        notes.append(
            "simulated run by run on the negotiation engines (strategies or protocol not "
            "vectorizable over variants)"
            + (
                "; reservation values do not drift there"
                if job.uncertainty.drifts and job.protocol != ALTERNATING
                else ""
            )
        )
    return notes


@dataclass(frozen=True, eq=False)
class _Opened:
    """The runs file of a sweep, opened: its store, the chunks already in it, the whole
    table when the sweep is finished there, and what opening it noted."""

    store: RunStore
    done: set[int]
    complete: Columns | None
    notes: list[str]


def _store(job: SweepJob, out: Path, size: int, resume: bool) -> _Opened:
    manifest = {
        "scenario": job.scenario.id,
        "fingerprint": job.fingerprint,
        "runs": job.runs,
        "seed": job.entropy,
        **({"spawn_key": list(job.spawn_key)} if job.spawn_key else {}),
        "chunk": size,
        "protocol": job.protocol,
        "layout": RUN_LAYOUT,
    }
    store = RunStore(out, manifest)
    done, complete = store.open(resume)
    return _Opened(store, done, complete, list(store.notes))


def _run_chunks(
    job: SweepJob,
    tasks: list[Task],
    todo: list[Task],
    backend: Backend,
    store: RunStore | None,
) -> Generator[tuple[int, int], None, Columns]:
    """Run the chunks ``todo`` on ``backend`` (writing each to ``store`` as it finishes),
    yielding ``(runs done, runs in all)`` as they finish, and join every chunk of
    ``tasks`` into the table of runs, in run order (returned)."""
    results: dict[int, Columns] = {}
    finished = sum(t[2] - t[1] for t in tasks if t not in todo)
    yield finished, job.runs
    for c, cols in execute(job, todo, backend):
        if store is not None:
            store.write_chunk(c, cols)
        else:
            results[c] = cols
        finished += int(cols["run"].size)
        yield finished, job.runs
    if store is not None:
        return store.finish(len(tasks))
    return {k: np.concatenate([results[c][k] for c in range(len(tasks))]) for k in results[0]}


class _Ahead:
    """:func:`~accord.sweep.summary.bootstrap_weights` of a job, drawn on a thread of its
    own (NumPy draws them without holding the interpreter lock)."""

    def __init__(self, job: SweepJob) -> None:
        self._out: list[NDArray[np.float64]] = []
        self._thread = threading.Thread(
            target=lambda: self._out.append(bootstrap_weights(job.seed_sequence, job.runs)),
            daemon=True,
        )
        self._thread.start()

    def get(self) -> NDArray[np.float64] | None:
        """The weights (``None`` if drawing them failed: the summary draws them again)."""
        self._thread.join()
        return self._out[0] if self._out else None


def summarise(
    job: SweepJob,
    table: Columns,
    notes: list[str],
    bootstrap: NDArray[np.float64] | None = None,
) -> SweepResult:
    """Stage 4 of a sweep: the table of runs checked whole and summarised
    (:func:`accord.sweep.summary.summarize`)."""
    runs = table["run"]
    if runs.size != job.runs or not np.array_equal(runs, np.arange(job.runs)):
        raise ConfigurationError(
            f"the sweep's table holds {runs.size} runs, not runs 0..{job.runs - 1} once each"
        )
    cal = job.calendar
    dates = None if cal is None or "agreement_day" not in table else (cal.as_of, cal.deadline)
    summary = summarize(
        job.scenario,
        table,
        rng=job.seed_sequence,
        protocol=job.protocol,
        notes=tuple(notes),
        dates=dates,
        bootstrap=bootstrap,
    )
    return SweepResult(summary, table)
