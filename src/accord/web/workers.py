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

Waiting is bounded from the moment a request asks for a worker: requests queue on the event
loop (first come, first served), not in a pool of threads, so however many arrive at once
each one is answered, or refused with 503, within ``Settings.answer_seconds``
(``queue_seconds`` + ``request_seconds`` + :data:`GRACE_SECONDS`).

Processes are forked from a server process that has imported accord once (the
``forkserver`` start method), so a worker starts in milliseconds and shares nothing with
the server's threads. ``Settings.workers == 0`` runs tasks in a thread of the server
instead (no hard stop, no memory budget): for debugging only.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
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

from accord.errors import AccordError, BudgetExceeded
from accord.web.settings import GRACE_SECONDS

log = logging.getLogger("accord.web")

T = TypeVar("T")

#: Modules the fork server imports once, so that workers start with them loaded.
PRELOAD = ["accord.web.tasks"]


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


class _Slots:
    """``n`` slots taken by coroutines of any event loop, first come first served, with a
    timeout; released from any thread. (An ``asyncio.Semaphore`` is bound to one loop; a
    threading one would need a thread per waiting request.)"""

    def __init__(self, n: int) -> None:
        self._free = n
        self._waiters: collections.deque[list[Any]] = collections.deque()
        self._lock = threading.Lock()

    async def acquire(self, timeout: float) -> bool:
        """Take a slot within ``timeout`` seconds; ``False`` when none came free."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._free > 0 and not self._waiters:
                self._free -= 1
                return True
            fut: asyncio.Future[None] = loop.create_future()
            entry: list[Any] = [fut, loop, False]  # [future, loop, granted]
            self._waiters.append(entry)
        try:
            await asyncio.wait_for(asyncio.shield(fut), timeout)
            return True
        except TimeoutError:
            self._abandon(entry)
            return False
        except asyncio.CancelledError:
            self._abandon(entry)
            raise

    def _abandon(self, entry: list[Any]) -> None:
        with self._lock:
            granted = entry[2]
            if not granted:
                self._waiters.remove(entry)
        if granted:  # handed over as the wait ended: pass it on
            self.release()
        entry[0].cancel()

    def release(self) -> None:
        """Give a slot back: to the first waiter whose loop still runs, else to the pool."""
        with self._lock:
            while self._waiters:
                fut, loop, _ = entry = self._waiters.popleft()
                try:
                    loop.call_soon_threadsafe(_grant, fut)
                except RuntimeError:  # that waiter's loop is closed
                    continue
                entry[2] = True
                return
            self._free += 1


def _grant(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


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
        self._slots = _Slots(max(1, workers))
        # one thread per slot: a request holding a slot never waits for a thread
        self._threads = concurrent.futures.ThreadPoolExecutor(
            max(1, workers), thread_name_prefix="accord-worker"
        )
        self._ctx = _context() if workers > 0 else None
        self._live: set[Any] = set()
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Start the fork server now (it imports accord once), not on the first request."""
        if self._ctx is not None:
            self._call(_noop, ())

    @property
    def answer_seconds(self) -> float:
        """The longest :meth:`run` takes to return or raise (see the module doc)."""
        return self.queue_seconds + self.seconds + GRACE_SECONDS

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process, awaited without blocking the event loop.

        Raises :class:`Overloaded` when no worker comes free within ``queue_seconds``, and
        :class:`BudgetExceeded` past the time or memory budget; returns or raises within
        :attr:`answer_seconds` in all cases.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.answer_seconds
        if not await self._slots.acquire(self.queue_seconds):
            raise Overloaded(
                f"the server is busy ({max(1, self.workers)} requests computing, others "
                f"waiting over {self.queue_seconds:g} s); try again in a moment"
            )
        try:
            job = self._threads.submit(self._held, fn, args)
        except BaseException:
            self._slots.release()
            raise
        try:
            return await asyncio.wait_for(
                asyncio.shield(asyncio.wrap_future(job)), max(0.0, deadline - loop.time())
            )
        except TimeoutError:  # the worker is being stopped; its thread frees the slot
            raise BudgetExceeded(self._time_message(), seconds=self.seconds) from None
        except asyncio.CancelledError:
            if job.cancel():  # never started: its slot is ours to give back
                self._slots.release()
            raise

    def _held(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        """``fn(*args)`` in a worker process, then the slot taken for it is released."""
        try:
            return self._call(fn, args)
        finally:
            self._slots.release()

    def _time_message(self) -> str:
        return (
            f"the request needs more than {self.seconds:g} s, this server's time "
            "budget per request; ask for less (fewer issues, options or parties) or "
            "use the command line, which has no such budget"
        )

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
                raise BudgetExceeded(self._time_message(), seconds=self.seconds)
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


__all__ = ["Overloaded", "WorkerPool"]
