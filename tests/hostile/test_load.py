"""Load test: the server keeps answering while hostile and heavy requests are in flight.

A real server (uvicorn, on 127.0.0.1 only, in a child process) gets at once: the YAML alias
bomb, a 2 MB upload and 8 parallel hard analyses (the deadlock diagnosis of 12 binary
issues, about 30 s each without a budget). Meanwhile ``/api/health`` is polled every 0.2 s.

What is checked, and why these criteria: this test measures a latency on a shared, possibly
loaded 2-core machine, so it asks for what a user would notice and leaves room for the
machine's noise: every poll is answered (none times out at 2 s, every answer is 200), the
95th percentile of the health latency is under 100 ms, and the slowest poll under 1 s
(before the fix, polls went unanswered for 27 to 54 s). The hostile requests are answered
with 4xx or 503 (budget, busy), never 500. Memory: the server's process tree (server, fork
server and workers, resident set sizes summed, which overcounts shared pages) stays under
3 GiB: 2 workers x 512 MiB of budget on top of what accord needs loaded. The whole test is
bounded: 8 s of budget per request, 3 s of queueing, about 25 s in all.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.web import Settings
from hostile_inputs import alias_bomb, deadlock_scenario, multipart, request

from .helpers import BASE

#: The server's limits (the test below reads its documented answer bound from them).
LIMITS: dict[str, Any] = {
    "max_upload_bytes": 2_500_000,
    "workers": 2,
    "request_seconds": 8.0,
    "request_memory_bytes": 512 * 2**20,
    "queue_seconds": 3.0,
}
SERVER = f"""
import sys, uvicorn
from accord.web import Settings, create_app
settings = Settings(**{LIMITS!r})
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[1]),
            log_level="warning", proxy_headers=False)
"""

MEMORY_BOUND = 3 * 2**30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


@pytest.fixture
def server() -> Iterator[tuple[int, int]]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(port, "GET", "/api/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail("the server did not start")
            time.sleep(0.2)
        yield port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def big_upload() -> bytes:
    """A valid scenario of about 2 MB (many sources), real parsing work."""
    doc: dict[str, Any] = {
        **BASE,
        "sources": [
            {"id": f"s{n}" if n else "s", "title": f"Source {n} " + "x" * 60, "publisher": "P"}
            for n in range(20_000)
        ],
    }
    data = yaml.safe_dump(doc, sort_keys=False).encode()
    assert 1_800_000 < len(data) < 2_500_000
    return data


@pytest.mark.slow
def test_health_answers_while_hostile_and_heavy_requests_run(server: tuple[int, int]) -> None:
    port, pid = server
    hard_json = json.dumps({"document": deadlock_scenario(12)}).encode()
    results: list[tuple[str, int]] = []
    lock = threading.Lock()

    def send(label: str, *args: Any, **kwargs: Any) -> None:
        try:
            status, _ = request(port, *args, **kwargs)
        except OSError:
            status = -1
        with lock:
            results.append((label, status))

    own = {"Origin": f"http://127.0.0.1:{port}"}  # an upload needs it, or the token
    bomb_body, bomb_headers = multipart("bomb.yaml", alias_bomb().encode())
    big_body, big_headers = multipart("big.yaml", big_upload())
    bomb_headers, big_headers = {**bomb_headers, **own}, {**big_headers, **own}
    jobs = [
        threading.Thread(
            target=send, args=("bomb", "POST", "/api/scenarios", bomb_body, bomb_headers)
        ),
        threading.Thread(
            target=send, args=("upload", "POST", "/api/scenarios", big_body, big_headers)
        ),
    ] + [
        threading.Thread(
            target=send,
            args=(
                "analysis",
                "POST",
                "/api/analyze",
                hard_json,
                {"Content-Type": "application/json"},
            ),
        )
        for _ in range(8)
    ]
    latencies: list[float] = []
    unanswered = 0
    peak = tree_rss(pid)
    for job in jobs:
        job.start()
    t_end = time.monotonic() + 60
    while any(j.is_alive() for j in jobs) and time.monotonic() < t_end:
        t0 = time.perf_counter()
        try:
            status, _ = request(port, "GET", "/api/health", timeout=2)
            if status != 200:
                unanswered += 1
        except OSError:
            unanswered += 1
        latencies.append(time.perf_counter() - t0)
        peak = max(peak, tree_rss(pid))
        time.sleep(max(0.0, 0.2 - (time.perf_counter() - t0)))
    for job in jobs:
        job.join(30)
    assert not any(j.is_alive() for j in jobs), "requests still running after 60 s"
    assert len(latencies) >= 10
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    assert unanswered == 0
    assert p95 < 0.100, f"p95 {p95 * 1000:.0f} ms over {len(latencies)} polls"
    assert latencies[-1] < 1.0, f"slowest poll {latencies[-1] * 1000:.0f} ms"
    statuses: dict[str, set[int]] = {"bomb": set(), "upload": set(), "analysis": set()}
    for label, status in results:
        statuses[label].add(status)
    assert statuses["bomb"] == {422}
    assert statuses["upload"] <= {201, 503}
    assert statuses["analysis"] <= {200, 503} and 500 not in statuses["analysis"]
    assert peak < MEMORY_BOUND, f"server tree peaked at {peak / 2**20:,.0f} MiB"


#: Parallel hard requests for the queue test: 20 times the workers, and more than the
#: threads of a default executor (6 on 2 cores), where requests used to queue unbounded.
CROWD = 40


@pytest.mark.slow
def test_every_request_is_answered_or_refused_within_the_documented_bound(
    server: tuple[int, int],
) -> None:
    """Point 9: under a crowd of hard requests, each gets its answer or a 503 within
    ``Settings.answer_seconds`` (queue + budget + grace: 14 s here); before the fix,
    requests queued behind a pool of threads and went unanswered for minutes."""
    port, _ = server
    bound = Settings(**LIMITS).answer_seconds
    hard_json = json.dumps({"document": deadlock_scenario(12)}).encode()
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    go = threading.Barrier(CROWD)

    def send() -> None:
        go.wait()
        t0 = time.monotonic()
        try:
            status, _ = request(
                port,
                "POST",
                "/api/analyze",
                hard_json,
                {"Content-Type": "application/json"},
                timeout=3 * bound,
            )
        except OSError:
            status = -1
        with lock:
            results.append((status, time.monotonic() - t0))

    crowd = [threading.Thread(target=send) for _ in range(CROWD)]
    for t in crowd:
        t.start()
    for t in crowd:
        t.join(4 * bound)
    assert not any(t.is_alive() for t in crowd)
    assert len(results) == CROWD
    statuses = sorted({status for status, _ in results})
    assert set(statuses) <= {200, 503}, statuses  # an answer or a 503, never a dropped request
    assert 503 in statuses  # the crowd is more than the workers take within the queue time
    late = sorted(round(t, 1) for _, t in results if t > bound)
    assert not late, f"{len(late)} of {CROWD} requests waited past {bound:g} s: {late}"
    # still serving afterwards
    assert request(port, "GET", "/api/health")[0] == 200
