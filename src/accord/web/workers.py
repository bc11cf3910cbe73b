"""CPU work of the dashboard in worker processes that can be stopped, with a budget.

Parsing an upload, analysing, simulating and rendering what depends on an analysis run in a
separate process, never on the event loop nor in a thread of the server: the server keeps
answering (``/api/health`` included) whatever a request costs. Each request gets a budget:

- time: ``Settings.request_seconds``; past it the process is killed and the request is
  answered 503 naming the budget;
- memory: ``Settings.request_memory_bytes`` of address space on top of what the process
  starts with (``RLIMIT_AS``); an allocation past it fails in the worker, which answers
  503 naming the budget;
- concurrency: ``Settings.workers`` processes at once; a request waiting longer than
  ``Settings.queue_seconds`` for one is answered 503 (try again).

Processes are forked from a server process that has imported accord once (the
``forkserver`` start method), so a worker starts in milliseconds and shares nothing with
the server's threads. ``Settings.workers == 0`` runs tasks in a thread of the server
instead (no hard stop, no memory budget): for debugging only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from accord.errors import AccordError

log = logging.getLogger("accord.web")

T = TypeVar("T")

#: Modules the fork server imports once, so that workers start with them loaded.
PRELOAD = ["accord.web.tasks"]


class BudgetExceeded(AccordError):
    """A request needs more time or memory than the server grants one request (503)."""


class Overloaded(AccordError):
    """Every worker is busy and the request waited too long for one (503)."""


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - not on Linux


def _limit_memory(budget: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Linux
        return
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - no /proc
        current = 0
    limit = current + budget
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def enter_budget(memory: int) -> None:
    """Make the calling process a worker of the server: it dies with the server, may take
    ``memory`` more bytes of address space than it holds now, and yields the CPU to the
    server's own work."""
    from accord.sweep.executors import die_with_parent

    die_with_parent()
    _limit_memory(memory)
    with contextlib.suppress(OSError):  # the server's own work goes first
        os.nice(10)


def send_outcome(conn: Connection, message: tuple[str, Any]) -> None:
    """Send a worker's last ``(status, value)`` to the server; when the memory budget
    leaves no room to send it, send ``("memory", None)`` instead."""
    try:
        conn.send(message)
    except MemoryError:
        conn.send(("memory", None))


def _child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...], memory: int) -> None:
    """Run ``fn(*args)`` and send ``(status, value)``: ok, error (an AccordError),
    memory (the budget was hit) or crash (a traceback, logged by the server)."""
    try:
        enter_budget(memory)
        try:
            result: tuple[str, Any] = ("ok", fn(*args))
        except AccordError as exc:
            result = ("error", exc)
        except MemoryError:
            result = ("memory", None)
        except RecursionError:
            result = ("error", AccordError("the input is nested too deeply to process"))
        except Exception:
            result = ("crash", traceback.format_exc())
        try:
            send_outcome(conn, result)
        except Exception:
            conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()


class WorkerPool:
    """Runs tasks in worker processes under the per-request budget (see module doc)."""

    def __init__(
        self,
        workers: int,
        *,
        seconds: float,
        memory_bytes: int,
        queue_seconds: float,
    ) -> None:
        self.workers = workers
        self.seconds = seconds
        self.memory_bytes = memory_bytes
        self.queue_seconds = queue_seconds
        self._slots = threading.BoundedSemaphore(max(1, workers))
        self._ctx = _context() if workers > 0 else None
        self._live: set[Any] = set()
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Start the fork server now (it imports accord once), not on the first request."""
        if self._ctx is not None:
            self._call(_noop, ())

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process, awaited without blocking the event loop."""
        return await asyncio.to_thread(self.call, fn, *args)

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process (blocking; from a thread, never the loop)."""
        if not self._slots.acquire(timeout=self.queue_seconds):
            raise Overloaded(
                f"the server is busy ({max(1, self.workers)} requests computing); try again "
                "in a moment"
            )
        try:
            return self._call(fn, args)
        finally:
            self._slots.release()

    def _call(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        if self._ctx is None:
            return fn(*args)
        recv, send = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(
            target=_child, args=(send, fn, args, self.memory_bytes), daemon=True
        )
        proc.start()
        send.close()
        with self._lock:
            self._live.add(proc)
        try:
            if not recv.poll(self.seconds):
                raise BudgetExceeded(
                    f"the request needs more than {self.seconds:g} s, this server's time "
                    "budget per request; ask for less (fewer issues, options or parties) or "
                    "use the command line, which has no such budget"
                )
            try:
                status, value = recv.recv()
            except (EOFError, OSError):
                status, value = "died", None
            except Exception:
                status, value = "crash", traceback.format_exc()
        finally:
            recv.close()
            if proc.is_alive():
                proc.kill()
            proc.join(5)
            with self._lock:
                self._live.discard(proc)
        if status == "ok":
            return value  # type: ignore[no-any-return]
        if status == "error":
            raise value
        if status in {"memory", "died"}:
            raise BudgetExceeded(
                f"the request needs more than {self.memory_bytes / 2**20:,.0f} MiB, this "
                "server's memory budget per request; ask for less (fewer issues, options or "
                "parties) or use the command line, which has no such budget"
            )
        log.error("worker failed:\n%s", value)
        raise RuntimeError("a worker failed (logged on the server)")

    def stop(self) -> None:
        """Kill the workers still running (on server shutdown)."""
        with self._lock:
            live = list(self._live)
        for proc in live:
            if proc.is_alive():
                proc.kill()


def _noop() -> None:
    return None


__all__ = ["BudgetExceeded", "Overloaded", "WorkerPool"]
