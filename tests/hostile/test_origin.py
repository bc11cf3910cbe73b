"""Other sites cannot drive the dashboard: Origin and Sec-Fetch-Site checks on every
request that changes something, Host checks against DNS rebinding, CSRF tokens on forms,
and the JSON API's content-type rule."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from accord.web import Settings, create_app

from .helpers import scenario_yaml

EVIL = {"Origin": "http://evil.example"}


@pytest.fixture
def c() -> Iterator[TestClient]:
    app = create_app(Settings())
    with TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False) as client:
        yield client


def token(c: TestClient) -> str:
    return str(c.app.state.csrf.token)  # type: ignore[attr-defined]


def form(c: TestClient, **extra: object) -> dict[str, object]:
    return {"csrf_token": token(c), **extra}


@pytest.mark.slow
def test_pages_carry_the_token(c: TestClient) -> None:
    assert f'name="csrf_token" value="{token(c)}"' in c.get("/").text
    assert f'name="csrf_token" value="{token(c)}"' in c.get("/s/geneva-2026").text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "kwargs"),
    [
        ("/upload", {"files": {"file": ("s.yaml", scenario_yaml(), "text/yaml")}}),
        ("/api/scenarios", {"files": {"file": ("s.yaml", scenario_yaml(), "text/yaml")}}),
        ("/s/geneva-2026/sweep", {"data": {"sweep_runs": "10", "sweep_seed": "0"}}),
        ("/s/geneva-2026/whatif", {"data": {"keep": []}}),
        ("/s/geneva-2026/report", {"data": {"keep": []}}),
    ],
)
def test_cross_origin_posts_refused(c: TestClient, path: str, kwargs: dict[str, object]) -> None:
    data = {**kwargs.get("data", {}), "csrf_token": token(c)}  # type: ignore[dict-item]
    r = c.post(path, headers=EVIL, data=data, files=kwargs.get("files"))  # type: ignore[arg-type]
    assert r.status_code == 403
    assert "another site" in r.text
    r = c.post(
        path,
        headers={"Sec-Fetch-Site": "cross-site"},
        data=data,
        files=kwargs.get("files"),  # type: ignore[arg-type]
    )
    assert r.status_code == 403


@pytest.mark.slow
def test_no_sweep_started_by_another_site(c: TestClient) -> None:
    c.post("/s/geneva-2026/sweep", headers=EVIL, data=form(c, sweep_runs="10", sweep_seed="0"))
    assert not c.app.state.sweeps._sweeps  # type: ignore[attr-defined]


@pytest.mark.slow
def test_same_origin_with_token_works(c: TestClient) -> None:
    r = c.post(
        "/s/geneva-2026/whatif",
        headers={"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"},
        data=form(c, keep=[]),
    )
    assert r.status_code == 200


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/upload", "/s/geneva-2026/whatif", "/s/geneva-2026/sweep"])
def test_forms_without_the_token_refused(c: TestClient, path: str) -> None:
    r = c.post(path, data={"keep": [], "sweep_runs": "10", "sweep_seed": "0"})
    assert r.status_code == 403
    assert "csrf_token" in r.text
    r = c.post(path, data={"csrf_token": "forged", "sweep_runs": "10", "sweep_seed": "0"})
    assert r.status_code == 403


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_dns_rebinding_host_refused(c: TestClient, host: str) -> None:
    r = c.get("/", headers={"Host": host})
    assert r.status_code == 400
    assert "does not answer to the host" in r.json()["error"]
    assert c.post("/api/analyze", json={}, headers={"Host": host}).status_code == 400


@pytest.mark.slow
@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"])
def test_loopback_hosts_answer(c: TestClient, host: str) -> None:
    assert c.get("/api/health", headers={"Host": host}).status_code == 200


@pytest.mark.slow
def test_json_api_keeps_its_content_type_rule(c: TestClient) -> None:
    r = c.post("/api/analyze", content=b"{}", headers={"Content-Type": "text/plain"})
    assert 400 <= r.status_code < 500
    r = c.post(
        "/api/analyze",
        content=b"{}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert 400 <= r.status_code < 500
