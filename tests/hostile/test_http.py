"""HTTP details a careful client relies on: 405 with ``Allow``, 413 for an oversized
chunked body, strict types in the JSON API, the CLI's serve ignoring proxy headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from accord.web import Settings, create_app


@pytest.fixture
def c() -> Iterator[TestClient]:
    app = create_app(Settings(max_upload_bytes=10_000))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        yield client


@pytest.mark.slow
def test_405_lists_every_method_of_the_path(c: TestClient) -> None:
    r = c.request("DELETE", "/api/scenarios")
    assert r.status_code == 405
    assert set(r.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}
    r = c.request("PUT", "/api/health")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"


def test_oversized_chunked_body_is_413(c: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 2000

    r = c.post(
        "/api/scenarios",
        content=chunks(),
        headers={
            "Content-Type": "multipart/form-data; boundary=b",
            "X-CSRF-Token": c.get("/api/token").json()["token"],
        },
    )
    assert r.status_code == 413
    assert "over the limit" in r.json()["error"]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [False, "3", 1.5])
def test_json_api_types_are_strict(c: TestClient, seed: object) -> None:
    r = c.post("/api/simulate", json={"seed": seed})
    assert r.status_code == 422


def test_serve_ignores_proxy_headers() -> None:
    import inspect

    from accord.cli import report

    assert "proxy_headers=False" in inspect.getsource(report)


@pytest.mark.slow
def test_delete_cancels_a_running_sweep(c: TestClient) -> None:
    r = c.post("/api/sweeps", json={"runs": 20_000, "protocol": "alternating-offers"})
    assert r.status_code == 202, r.text
    sid = r.json()["id"]
    r = c.delete(f"/api/sweeps/{sid}")
    assert r.status_code == 200
    assert r.json()["status"] in {"cancelled", "done"}
    assert c.get(f"/api/sweeps/{sid}").json()["status"] == r.json()["status"]
    # the client may start another one at once: the cancelled sweep no longer counts
    assert c.post("/api/sweeps", json={"runs": 10, "protocol": "none"}).status_code == 202
    assert c.delete("/api/sweeps/" + "A" * 22).status_code == 404
