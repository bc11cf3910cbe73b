"""``run_sweep``: sample N variants of a scenario, analyse and simulate them, summarise.

Run ``i``'s randomness comes from ``SeedSequence(seed).spawn(N)[i]`` alone, and each
chunk's results depend only on its run ids, so a sweep gives bit-identical results in one
process, on a local process pool or on a Dask cluster. The seed is the sweep's ``rng`` (an
int), or the entropy drawn for ``rng=None``; it is recorded in the summary and in the
output file, so every sweep can be run again.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import ConfigurationError, ParameterError, require_extra
from accord.model import Scenario
from accord.negotiation.dated import schedule_for, settle_past, talks_calendar
from accord.negotiation.registry import (
    ALTERNATING,
    assign_strategies,
    default_protocol,
    get_protocol,
)
from accord.negotiation.strategy import Strategy
from accord.randomness import RNG, recorded_seed
from accord.sweep.executors import Backend, Dask, Processes, Serial, Task, execute
from accord.sweep.job import Columns, SweepJob, vectorized
from accord.sweep.output import RunStore
from accord.sweep.sampling import check_sampling_extras
from accord.sweep.summary import SweepSummary, bootstrap_weights, summarize
from accord.sweep.uncertainty import plan_uncertainty

Progress = Callable[[int, int], None]

#: Runs per chunk at most (the unit of work, of progress and of resuming).
MAX_CHUNK = 1000


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


def default_chunk(runs: int) -> int:
    """Runs per chunk: about 32 chunks, between 10 and :data:`MAX_CHUNK` runs each."""
    return max(1, min(MAX_CHUNK, max(10, math.ceil(runs / 32))))


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


def make_job(
    scenario: Scenario,
    *,
    runs: int,
    rng: RNG = None,
    protocol: str | None = None,
    strategies: Mapping[str, Strategy | str] | None = None,
    rounds: int | None = None,
) -> SweepJob:
    """Validate the inputs of a sweep and build its job; the runs sample
    ``scenario.uncertainty`` (checked when the scenario was read).

    ``rng`` decides the sweep's seed, which the job, its summary
    (:attr:`SweepSummary.seed <accord.sweep.SweepSummary>`) and its output file record:

    - an int >= 0 is the seed: the same int gives the same runs, serially, on local
      processes or on Dask;
    - None (the default) draws fresh entropy from the operating system and records it, so
      ``rng=result.summary.seed`` runs the same sweep again;
    - a :class:`numpy.random.Generator` gives one draw, which becomes the recorded seed (a
      Generator seeded alike gives the same sweep; the Generator advances);
    - a :class:`numpy.random.SeedSequence` of one whole number is the root as it is: its
      entropy is the recorded seed and a spawned child's ``spawn_key`` is recorded too
      (``SeedSequence(7)`` gives the same sweep as ``7``).
    """
    if isinstance(runs, bool) or not isinstance(runs, int) or runs <= 0:
        raise ParameterError("runs", f"must be a whole number > 0, got {runs!r}")
    root = recorded_seed(rng)
    entropy = root.entropy
    assert isinstance(entropy, int)  # recorded_seed refuses any other
    if rounds is not None and rounds <= 0:
        raise ParameterError("rounds", f"must be > 0, got {rounds}")
    given_rounds = rounds
    # the past is fact: what past rounds agreed is settled, runs start at as_of
    scenario = settle_past(scenario)
    uncertainty = plan_uncertainty(scenario)
    if scenario.bargaining_parties == ():
        raise ConfigurationError(f"scenario {scenario.id!r} has no bargaining party")
    check_sampling_extras(uncertainty)
    if strategies and protocol is None:
        protocol = default_protocol(scenario)
    assigned: dict[str, Strategy] = {}
    schedule = None
    calendar = talks_calendar(scenario)
    if protocol is not None:
        get_protocol(protocol)
        assigned = assign_strategies(scenario, strategies)
        schedule = schedule_for(scenario, rounds)
        rounds = schedule.rounds
    elif rounds is None:
        try:
            rounds = schedule_for(scenario).rounds
        except ConfigurationError:
            rounds = None
    # --rounds fixes the round budget: every run then holds the nominal sessions
    sample = calendar is not None and calendar.uncertain and protocol is not None
    sample = sample and rounds is not None and given_rounds is None
    return SweepJob(
        scenario,
        uncertainty,
        runs,
        entropy,
        protocol,
        assigned,
        schedule,
        rounds,
        calendar,
        sample,
        tuple(root.spawn_key),
    )


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
        Called with ``(runs done, runs in all)`` as chunks finish.
    """
    backend = backend_for(workers, dask)
    size = default_chunk(job.runs) if chunk is None else chunk
    if size <= 0:
        raise ParameterError("chunk", f"must be > 0, got {size}")
    if resume and out is None:
        raise ConfigurationError("--resume needs the --out file of the sweep to resume")
    tasks: list[Task] = [
        (c, a, min(job.runs, a + size)) for c, a in enumerate(range(0, job.runs, size))
    ]
    notes: list[str] = []
    if job.uncertainty.empty:
        notes.append(
            "the scenario has no uncertainty block: every run is the scenario itself "
            "(see docs/sweeps.md to add one)"
        )
    if job.protocol is not None and not vectorized(job):
        notes.append(
            "simulated run by run on the negotiation engines (strategies or protocol not "
            "vectorizable over variants)"
            + (
                "; reservation values do not drift there"
                if job.uncertainty.drifts and (job.protocol or ALTERNATING) != ALTERNATING
                else ""
            )
        )
    store: RunStore | None = None
    done: set[int] = set()
    results: dict[int, Columns] = {}
    if out is not None:
        manifest = {
            "scenario": job.scenario.id,
            "fingerprint": job.fingerprint,
            "runs": job.runs,
            "seed": job.entropy,
            **({"spawn_key": list(job.spawn_key)} if job.spawn_key else {}),
            "chunk": size,
            "protocol": job.protocol,
        }
        store = RunStore(Path(out), manifest)
        done, complete = store.open(resume)
        notes.extend(store.notes)
        if complete is not None:
            if progress is not None:
                progress(job.runs, job.runs)
            return _result(job, complete, notes)
    todo = [t for t in tasks if t[0] not in done]
    # the bootstrap's resampling weights depend on the seed and the number of runs only:
    # drawn in this process while the workers simulate
    ahead = _Ahead(job) if not isinstance(backend, Serial) and todo else None
    finished = sum(t[2] - t[1] for t in tasks if t[0] in done)
    if progress is not None:
        progress(finished, job.runs)
    for c, cols in execute(job, todo, backend):
        if store is not None:
            store.write_chunk(c, cols)
        else:
            results[c] = cols
        finished += int(cols["run"].size)
        if progress is not None:
            progress(finished, job.runs)
    if store is not None:
        table = store.finish(len(tasks))
    else:
        table = {k: np.concatenate([results[c][k] for c in range(len(tasks))]) for k in results[0]}
    return _result(job, table, notes, None if ahead is None else ahead.get())


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


def _result(
    job: SweepJob,
    table: Columns,
    notes: list[str],
    bootstrap: NDArray[np.float64] | None = None,
) -> SweepResult:
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
