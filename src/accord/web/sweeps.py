"""Monte Carlo sweeps run by the dashboard in worker processes, with their progress.

A sweep (:func:`accord.sweep.run_sweep`, one chunk after another) runs in a process of its
own, forked from the fork server of :mod:`accord.web.workers` (accord already imported),
never on the event loop nor in a thread of the server: the server keeps answering while it
computes. The process sends its progress through a pipe, read by a watching thread of the
server; it gets the memory budget of a request (``Settings.request_memory_bytes``), dies
with the server, and ``DELETE /api/sweeps/{id}`` (or the server stopping) kills it. With
``Settings.workers == 0`` a sweep runs in a thread of the server instead (no hard stop):
for debugging only. The number of sweeps is bounded twice: one running sweep per client (by
address) and ``Settings.max_sweeps`` at once on the server; beyond them a request is
refused with 429. A sweep is known by a random token (``secrets.token_urlsafe``), never a
path; finished sweeps are kept in memory, the ``Settings.keep_sweeps`` most recent for
``Settings.sweep_ttl_s`` seconds.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Literal

from accord.counts import count_text
from accord.errors import AccordError
from accord.model import Scenario
from accord.web.settings import LimitError, Settings, check_size
from accord.web.workers import _context, enter_budget, send_outcome

log = logging.getLogger("accord.web")

#: A sweep id: what :func:`secrets.token_urlsafe` makes of 16 bytes.
SWEEP_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")

#: Cells (variants x packages) of one chunk at most, to hold a chunk's arrays in memory.
CHUNK_CELLS = 2_000_000

Status = Literal["running", "done", "failed", "cancelled"]


class Busy(AccordError):
    """The client or the server runs as many sweeps as it may (answered with 429)."""


class _Stopped(Exception):
    """Raised from the progress callback to end a sweep when the server stops."""


@dataclass
class SweepState:
    """One sweep's progress and, when done, its result (guarded by the manager's lock)."""

    id: str
    client: str
    total: int
    protocol: str | None
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    status: Status = "running"
    cancel: threading.Event = field(default_factory=threading.Event)
    pid: int | None = None
    finished: float | None = None
    result: dict[str, Any] | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The state as the API's ``SweepStatus``: counts, throughput in runs per second and
        elapsed seconds (up to now while running), plus ``result`` or ``error`` once there is one.
        """
        end = self.finished if self.finished is not None else time.monotonic()
        elapsed = max(end - self.started, 1e-9)
        out: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "runs_per_s": round(self.done / elapsed, 1),
            "elapsed_s": round(elapsed, 3),
        }
        if self.result is not None:
            out["result"] = self.result
        if self.error is not None:
            out["error"] = self.error
        return out


def sweep_result(summary: dict[str, Any], top: int = 10) -> dict[str, Any]:
    """The parts of ``SweepSummary.to_dict()`` the dashboard shows: probabilities with
    their intervals (full and at least partial agreement, and by date), binding red lines,
    exchanges to agreement (and ``rounds``, their former name, until 0.3.0), endings, the
    headline and the ``top`` sensitivity rows."""
    keys = (
        "scenario",
        "runs",
        "seed",
        "protocol",
        "p_zopa",
        "p_zopa_ci95",
        "p_zopa_deadline",
        "full_agreements",
        "partial_agreements",
        "p_full",
        "ci95_full",
        "p_partial",
        "ci95_partial",
        "as_of",
        "deadline",
        "by_date",
        "open_issues",
        "endings",
        "exchanges",
        "rounds",
        "binding_red_lines",
        "binding_reservations",
        "sensitivity_target",
        "notes",
        "headline",
    )
    out = {k: summary.get(k) for k in keys}
    rows = list(summary.get("sensitivity", []))
    out["sensitivity"] = [r for r in rows if not r.get("noise")][:top]
    out["sensitivity_noise"] = sum(1 for r in rows if r.get("noise"))
    return out


class SweepManager:
    """Starts sweeps, tracks their progress and keeps their results (see module doc)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._sweeps: dict[str, SweepState] = {}
        self._stop = threading.Event()
        self._threads: dict[str, threading.Thread] = {}
        self._procs: dict[str, Any] = {}
        self._ctx = _context() if settings.workers > 0 else None

    def start(
        self,
        scenario: Scenario,
        *,
        client: str,
        runs: int,
        rng: int,
        protocol: str | None,
        exchanges: int | None = None,
    ) -> SweepState:
        """Validate a sweep of ``scenario`` and start it in a process (a thread with
        ``Settings.workers == 0``); its state. ``rng`` is the sweep's seed (the HTTP API's
        ``seed``); ``protocol`` is what the request asked for, chosen by
        :func:`~accord.negotiation.registry.choose_protocol` (None: the scenario's default;
        ``"none"``: the zone of agreement only); ``exchanges`` fixes the exchange budget
        (None: the scenario's calendar or deadline)."""
        from accord.negotiation.registry import choose_protocol
        from accord.sweep import make_job

        s = self.settings
        check_size(scenario, s)
        if not 1 <= runs <= s.max_sweep_runs:
            raise LimitError(f"runs must be between 1 and {s.max_sweep_runs:,}, got {runs:,}")
        cells = runs * scenario.n_outcomes
        if cells > s.max_sweep_cells:
            raise LimitError(
                f"{runs:,} runs over {count_text(scenario.n_outcomes)} packages is over this "
                f"server's limit of {s.max_sweep_cells:,} run-packages per sweep; ask for at most "
                f"{max(1, s.max_sweep_cells // scenario.n_outcomes):,} runs"
            )
        job = make_job(
            scenario,
            runs=runs,
            rng=rng,
            protocol=choose_protocol(scenario, protocol),
            rounds=exchanges,
        )
        chunk = max(1, min(1000, CHUNK_CELLS // max(1, scenario.n_outcomes), -(-runs // 20)))
        with self._lock:
            self._prune()
            running = [x for x in self._sweeps.values() if x.status == "running"]
            mine = [x for x in running if x.client == client]
            if mine:
                raise Busy(
                    f"your sweep {mine[0].id} is still running ({mine[0].done:,} of "
                    f"{mine[0].total:,} runs); wait for it to finish"
                )
            if len(running) >= s.max_sweeps:
                raise Busy(
                    f"the server is running {len(running)} sweeps, its limit; try again when "
                    "one has finished"
                )
            state = SweepState(secrets.token_urlsafe(16), client, runs, job.protocol)
            self._sweeps[state.id] = state
        if self._ctx is not None:
            recv, send = self._ctx.Pipe(duplex=False)
            proc = self._ctx.Process(
                target=_sweep_child,
                args=(send, job, chunk, s.request_memory_bytes),
                name=f"sweep-{state.id}",
                daemon=True,
            )
            proc.start()
            send.close()
            with self._lock:
                state.pid = proc.pid
                self._procs[state.id] = proc
            thread = threading.Thread(
                target=self._watch, args=(state, proc, recv), name=f"sweep-{state.id}", daemon=True
            )
        else:
            thread = threading.Thread(
                target=self._run, args=(state, job, chunk), name=f"sweep-{state.id}", daemon=True
            )
        with self._lock:
            self._threads[state.id] = thread
        thread.start()
        return state

    def _watch(self, state: SweepState, proc: Any, recv: Connection) -> None:
        """Follow a sweep's process through its pipe until it answers or ends."""
        try:
            while True:
                try:
                    kind, value = recv.recv()
                except (EOFError, OSError):
                    break
                if kind == "progress":
                    with self._lock:
                        state.done = value
                elif kind == "ok":
                    self._finish(state, result=value)
                elif kind == "error":
                    self._finish(state, error=value)
                elif kind == "memory":
                    self._finish(
                        state,
                        error=f"the sweep needs more than "
                        f"{self.settings.request_memory_bytes / 2**20:,.0f} MiB, this server's "
                        "memory budget; ask for fewer runs or use the command line",
                    )
                else:
                    log.error("sweep %s failed:\n%s", state.id, value)
                    self._finish(state, error="internal error (logged on the server)")
        finally:
            recv.close()
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join(5)
            if state.cancel.is_set():
                self._finish(state, error="cancelled", status="cancelled")
            elif self._stop.is_set():
                self._finish(state, error="the server stopped before the sweep finished")
            else:
                self._finish(
                    state, error=f"the sweep's process ended unexpectedly (code {proc.exitcode})"
                )
            with self._lock:
                self._procs.pop(state.id, None)

    def _kill(self, sweep_id: str) -> None:
        with self._lock:
            proc = self._procs.get(sweep_id)
        if proc is not None and proc.is_alive():
            proc.kill()

    def _run(self, state: SweepState, job: Any, chunk: int) -> None:
        from accord.sweep import run_sweep

        def progress(done: int, total: int) -> None:
            if self._stop.is_set() or state.cancel.is_set():
                raise _Stopped
            with self._lock:
                state.done = done

        try:
            result = run_sweep(job, workers=1, chunk=chunk, progress=progress)
        except _Stopped:
            if state.cancel.is_set():
                self._finish(state, error="cancelled", status="cancelled")
            else:
                self._finish(state, error="the server stopped before the sweep finished")
        except AccordError as exc:
            self._finish(state, error=str(exc))
        except Exception:
            log.exception("sweep %s failed", state.id)
            self._finish(state, error="internal error (logged on the server)")
        else:
            self._finish(state, result=_result_of(job, result))

    def _finish(
        self,
        state: SweepState,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        status: Status | None = None,
    ) -> None:
        with self._lock:
            if state.finished is not None:  # the first ending counts
                return
            state.finished = time.monotonic()
            state.result = result
            state.error = error
            if result is not None:
                state.done = state.total
            state.status = status or ("done" if result is not None else "failed")

    def cancel(self, sweep_id: str) -> dict[str, Any] | None:
        """Stop a running sweep (kill its process; in a thread, at its next chunk); its
        state, or ``None`` when unknown or expired (a finished sweep is left as it is)."""
        with self._lock:
            state = self._sweeps.get(sweep_id)
            if state is None:
                return None
            if state.status == "running":
                state.cancel.set()
        if state.cancel.is_set():
            self._kill(sweep_id)
        self.join(sweep_id, timeout=10)
        return self.get(sweep_id)

    def get(self, sweep_id: str) -> dict[str, Any] | None:
        """The sweep's state as JSON-ready data, or ``None`` when unknown or expired."""
        with self._lock:
            self._prune()
            state = self._sweeps.get(sweep_id)
            return None if state is None else state.to_dict()

    def join(self, sweep_id: str, timeout: float | None = None) -> None:
        """Wait for a sweep's thread to end (for tests and scripts; pages poll instead)."""
        with self._lock:
            thread = self._threads.get(sweep_id)
        if thread is not None:
            thread.join(timeout)

    def stop(self) -> None:
        """End running sweeps (on server shutdown): kill their processes (threads stop at
        their next chunk)."""
        self._stop.set()
        with self._lock:
            ids = list(self._procs)
        for sweep_id in ids:
            self._kill(sweep_id)

    def pid(self, sweep_id: str) -> int | None:
        """The id of the process running a sweep (``None`` in a thread, or unknown)."""
        with self._lock:
            state = self._sweeps.get(sweep_id)
            return None if state is None else state.pid

    def _prune(self) -> None:
        now = time.monotonic()
        finished = sorted(
            (x for x in self._sweeps.values() if x.finished is not None),
            key=lambda x: x.finished or 0.0,
        )
        expired = [x for x in finished if now - (x.finished or now) > self.settings.sweep_ttl_s]
        over = finished[: max(0, len(finished) - self.settings.keep_sweeps)]
        for x in (*expired, *over):
            self._sweeps.pop(x.id, None)
            self._threads.pop(x.id, None)


def _result_of(job: Any, result: Any) -> dict[str, Any]:
    """What the dashboard keeps of a finished sweep (see :func:`sweep_result`)."""
    out = sweep_result(result.to_dict())
    out["issue_names"] = {i.id: i.name for i in job.scenario.issues}
    cal = job.calendar
    out["past_rounds"] = (
        []
        if cal is None
        else [
            {"id": h.id, "start": h.start.isoformat(), "end": h.end.isoformat()}
            for h in cal.history
        ]
    )
    return out


def _sweep_child(conn: Connection, job: Any, chunk: int, memory: int) -> None:
    """A sweep's process: run it, sending ``("progress", done)`` after each chunk, then
    ``("ok", result)``, ``("error", message)``, ``("memory", None)`` or ``("crash",
    traceback)``."""
    try:
        from accord.sweep import run_sweep

        enter_budget(memory)

        def progress(done: int, total: int) -> None:
            conn.send(("progress", done))

        try:
            msg: tuple[str, Any] = (
                "ok",
                _result_of(job, run_sweep(job, workers=1, chunk=chunk, progress=progress)),
            )
        except AccordError as exc:
            msg = ("error", str(exc))
        except MemoryError:
            msg = ("memory", None)
        except Exception:
            msg = ("crash", traceback.format_exc())
        send_outcome(conn, msg)
    except (BrokenPipeError, EOFError):  # the server went away
        pass
    finally:
        conn.close()


__all__ = ["SWEEP_ID", "Busy", "SweepManager", "SweepState", "sweep_result"]
