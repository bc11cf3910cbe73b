"""The request pool's queue (accord.web.workers): requests wait for a worker on the event
loop, first come first served, each at most ``queue_seconds`` (then Overloaded, a 503), and
a slot is never lost, whether a request is answered, refused, fails or is cancelled.

``workers=0`` runs tasks in a thread of the server (no process), so these tests need no
fork server; the slots and the queue are the same code as with processes.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from accord.errors import AccordError
from accord.web.settings import GRACE_SECONDS, Settings
from accord.web.workers import Overloaded, WorkerPool


def pool(queue_seconds: float = 0.3) -> WorkerPool:
    return WorkerPool(0, seconds=30.0, memory_bytes=2**30, queue_seconds=queue_seconds)


def held(gate: threading.Event) -> str:
    gate.wait(10)
    return "done"


def fails() -> None:
    raise AccordError("refused in the worker")


def test_answer_bound_is_documented() -> None:
    s = Settings(queue_seconds=3.0, request_seconds=8.0)
    assert s.answer_seconds == 3.0 + 8.0 + GRACE_SECONDS
    p = WorkerPool(2, seconds=8.0, memory_bytes=2**30, queue_seconds=3.0)
    assert p.answer_seconds == s.answer_seconds


@pytest.mark.slow
def test_a_request_waiting_past_the_queue_time_is_refused_and_the_slot_kept() -> None:
    p, gate = pool(), threading.Event()

    async def scenario() -> list[object]:
        first = asyncio.ensure_future(p.run(held, gate))
        await asyncio.sleep(0.05)  # the first holds the only slot
        crowd = [asyncio.ensure_future(p.run(held, gate)) for _ in range(20)]
        refused = await asyncio.gather(*crowd, return_exceptions=True)
        gate.set()
        return [await first, *refused, await p.run(str, "after")]

    results = asyncio.run(scenario())
    assert results[0] == "done"
    assert all(isinstance(r, Overloaded) for r in results[1:-1]), results
    assert "busy" in str(results[1])
    assert results[-1] == "after"  # the slot came back


@pytest.mark.slow
def test_waiting_requests_are_served_in_arrival_order() -> None:
    p, gate = pool(queue_seconds=10.0), threading.Event()
    order: list[int] = []

    def note(i: int) -> int:
        order.append(i)
        return i

    async def scenario() -> list[int]:
        first = asyncio.ensure_future(p.run(held, gate))
        await asyncio.sleep(0.05)
        waiting = []
        for i in range(8):
            waiting.append(asyncio.ensure_future(p.run(note, i)))
            await asyncio.sleep(0.01)
        gate.set()
        await first
        return list(await asyncio.gather(*waiting))

    assert asyncio.run(scenario()) == list(range(8))
    assert order == list(range(8))


@pytest.mark.slow
def test_errors_and_cancellations_give_the_slot_back() -> None:
    p, gate = pool(queue_seconds=5.0), threading.Event()

    async def scenario() -> str:
        with pytest.raises(AccordError, match="refused in the worker"):
            await p.run(fails)
        first = asyncio.ensure_future(p.run(held, gate))
        await asyncio.sleep(0.05)
        waiting = asyncio.ensure_future(p.run(str, "cancelled"))
        await asyncio.sleep(0.05)
        waiting.cancel()  # a client gone while it waited
        with pytest.raises(asyncio.CancelledError):
            await waiting
        gate.set()
        await first
        return await p.run(str, "after")

    assert asyncio.run(scenario()) == "after"


def test_the_pool_serves_more_than_one_event_loop() -> None:
    """Slots are shared by the loops of a process (a server's, a test client's)."""
    p = pool()
    assert asyncio.run(p.run(str, "one")) == "one"
    assert asyncio.run(p.run(str, "two")) == "two"
