"""The two pieces every worker process of the dashboard shares: entering the budget and
sending its last message (the request pool and the sweep processes use both)."""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from accord.web.workers import enter_budget, send_outcome


class _TightPipe:
    """A connection whose first send does not fit in memory."""

    def __init__(self) -> None:
        self.sent: list[Any] = []

    def send(self, message: Any) -> None:
        if not self.sent and message[0] != "memory":
            self.sent.append(("refused", message[0]))
            raise MemoryError
        self.sent.append(message)


def test_send_outcome_sends_the_message() -> None:
    recv, send = multiprocessing.Pipe(duplex=False)
    send_outcome(send, ("ok", {"p": 0.5}))
    assert recv.recv() == ("ok", {"p": 0.5})


def test_send_outcome_says_memory_when_the_message_does_not_fit() -> None:
    pipe = _TightPipe()
    send_outcome(pipe, ("ok", "a large result"))  # type: ignore[arg-type]
    assert pipe.sent == [("refused", "ok"), ("memory", None)]


def _allocate_after_budget(conn: Connection) -> None:
    enter_budget(64 * 2**20)
    try:
        block = bytearray(512 * 2**20)
    except MemoryError:
        conn.send("memory")
    else:
        conn.send(f"allocated {len(block)}")
    conn.close()


def test_enter_budget_caps_the_memory_of_the_process() -> None:
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_allocate_after_budget, args=(send,))
    proc.start()
    send.close()
    try:
        assert recv.recv() == "memory"
    finally:
        proc.join(30)
