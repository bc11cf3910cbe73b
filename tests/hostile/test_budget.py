"""The dashboard's budget per request: analyses run in worker processes that are stopped
past ``Settings.request_seconds`` or ``Settings.request_memory_bytes`` (503 naming the
budget), and a request waiting too long for a worker gets 503 too; never a 500."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from fastapi.testclient import TestClient

from accord.web import Settings, create_app

from .helpers import BASE, wide_scenario


def client(**settings: object) -> Iterator[TestClient]:
    with TestClient(
        create_app(Settings(**settings)),  # type: ignore[arg-type]
        base_url="http://127.0.0.1",
        raise_server_exceptions=False,
    ) as c:  # type: ignore[arg-type]
        yield c


@pytest.fixture
def slow_budget() -> Iterator[TestClient]:
    yield from client(request_seconds=2.0, queue_seconds=1.0, request_memory_bytes=4 * 2**30)


@pytest.mark.slow
def test_time_budget_gives_503(slow_budget: TestClient) -> None:
    t0 = time.perf_counter()
    r = slow_budget.post("/api/analyze", json={"document": wide_scenario()})
    elapsed = time.perf_counter() - t0
    assert r.status_code == 503, r.text
    assert "2 s" in r.json()["error"] and "budget" in r.json()["error"]
    assert elapsed < 30  # the analysis alone takes minutes
    # the server still answers, and a cheap request still computes
    assert slow_budget.post("/api/analyze", json={"document": BASE}).status_code == 200


@pytest.mark.slow
def test_busy_workers_give_503_not_a_hang(slow_budget: TestClient) -> None:
    doc = {"document": wide_scenario()}
    with ThreadPoolExecutor(4) as pool:
        codes = sorted(
            r.status_code
            for r in pool.map(lambda _: slow_budget.post("/api/analyze", json=doc), range(4))
        )
    assert codes == [503] * 4
    assert slow_budget.get("/api/health").status_code == 200


def test_memory_budget_gives_503() -> None:
    issues = [
        {"id": f"i{j}", "kind": "ordinal", "options": [f"o{n}" for n in range(21)]}
        for j in range(4)
    ]
    parties = [
        {
            "id": f"p{k}",
            "preferences": {
                "weights": {f"i{j}": 0.25 for j in range(4)},
                "values": {
                    f"i{j}": {f"o{n}": ((n + k + j) % 21) / 20 for n in range(21)} for j in range(4)
                },
            },
        }
        for k in range(30)
    ]
    doc = {"metadata": {"id": "wide", "title": "Wide"}, "issues": issues, "parties": parties}
    for c in client(request_memory_bytes=64 * 2**20, request_seconds=120.0):
        r = c.post("/api/analyze", json={"document": doc})
        assert r.status_code == 503, r.text[:300]
        assert "64 MiB" in r.json()["error"]
        assert c.get("/api/health").status_code == 200


@pytest.mark.slow
def test_upload_page_is_bounded_too() -> None:
    text = yaml.safe_dump(wide_scenario()).encode()
    for c in client(request_seconds=2.0):
        r = c.post(
            "/upload",
            data={"csrf_token": c.app.state.csrf.token},  # type: ignore[attr-defined]
            files={"file": ("d.yaml", text, "application/yaml")},
        )
        assert r.status_code == 422  # the upload page analyses before accepting: over budget
        assert "budget" in r.text
