"""The dashboard's guards, round two: an origin is a scheme, a host and a port (an https page
is another origin than an http server); a Host header is a name and a port and nothing else;
an upload to the API needs the token or the dashboard's own Origin; and the API's schema
says what the server checks (protocols, runs, edit ranges, keys), so a request the schema
allows is not refused for those."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from accord.web import Settings, create_app

from .helpers import scenario_yaml

SERVER = "http://127.0.0.1:8000"


@pytest.fixture
def c() -> Iterator[TestClient]:
    app = create_app(Settings(max_sweep_runs=50, max_runs=40))
    with TestClient(app, base_url=SERVER, raise_server_exceptions=False) as client:
        yield client


def upload(c: TestClient, headers: dict[str, str]) -> int:
    files = {"file": ("s.yaml", scenario_yaml(), "text/yaml")}
    return int(c.post("/api/scenarios", files=files, headers=headers).status_code)


@pytest.mark.parametrize(
    "origin",
    [
        "https://127.0.0.1:8000",  # same host and port, another scheme
        "http://127.0.0.1",  # port 80, not 8000
        "http://127.0.0.1:8001",
        "ws://127.0.0.1:8000",
        "http://[127.0.0.1]evil.example:8000",
        "http://127.0.0.1:8000.evil.example",
        "http://127.0.0.1:8000/",  # an origin has no path (RFC 6454)
        "http://user@127.0.0.1:8000",
        "127.0.0.1:8000",
    ],
)
def test_other_origins_refused(c: TestClient, origin: str) -> None:
    r = c.post("/api/analyze", json={}, headers={"Origin": origin})
    assert r.status_code == 403, r.text
    assert "another site" in r.json()["error"]


@pytest.mark.slow
@pytest.mark.parametrize("origin", [SERVER, "HTTP://127.0.0.1:8000"])
def test_own_origin_accepted(c: TestClient, origin: str) -> None:
    assert c.post("/api/analyze", json={}, headers={"Origin": origin}).status_code == 200


@pytest.mark.slow
def test_default_ports_are_the_same_origin() -> None:
    with TestClient(create_app(Settings()), base_url="http://127.0.0.1") as c:
        r = c.post("/api/analyze", json={}, headers={"Origin": "http://127.0.0.1:80"})
        assert r.status_code == 200
        r = c.post("/api/analyze", json={}, headers={"Origin": "https://127.0.0.1"})
        assert r.status_code == 403


@pytest.mark.slow
@pytest.mark.parametrize(
    "host",
    [
        "[127.0.0.1]evil.example",
        "[127.0.0.1]:8000evil",
        "[::1]evil.example:8000",
        "127.0.0.1:8000:8000",
        "127.0.0.1:99999",
        "127.0.0.1:80x",
        "user@127.0.0.1",
        "127.0.0.1/evil",
        "",
    ],
)
def test_malformed_hosts_refused(c: TestClient, host: str) -> None:
    r = c.get("/api/health", headers={"Host": host})
    assert r.status_code == 400
    assert "does not answer to the host" in r.json()["error"]


@pytest.mark.slow
def test_upload_needs_the_token_or_the_own_origin(c: TestClient) -> None:
    refused = c.post(
        "/api/scenarios", files={"file": ("s.yaml", scenario_yaml(), "text/yaml")}
    ).json()
    assert "X-CSRF-Token" in refused["error"] and "GET /api/token" in refused["error"]
    assert upload(c, {}) == 403
    assert upload(c, {"X-CSRF-Token": "forged"}) == 403
    token = c.get("/api/token").json()["token"]
    assert token == c.app.state.csrf.token  # type: ignore[attr-defined]
    assert upload(c, {"X-CSRF-Token": token}) == 201
    assert upload(c, {"Origin": SERVER}) == 201
    # another origin is refused even with the token (a page that read it from elsewhere)
    assert upload(c, {"Origin": "https://127.0.0.1:8000", "X-CSRF-Token": token}) == 403


@pytest.mark.slow
def test_token_route_is_documented(c: TestClient) -> None:
    doc = c.get("/api/openapi.json").json()
    assert "/api/token" in doc["paths"]
    params = doc["paths"]["/api/scenarios"]["post"]["parameters"]
    assert [p["name"] for p in params] == ["x-csrf-token"]


@pytest.mark.slow
def test_schema_carries_the_servers_limits(c: TestClient) -> None:
    schemas = c.get("/api/openapi.json").json()["components"]["schemas"]
    sweep = schemas["SweepRequest"]["properties"]
    enum = sweep["protocol"]["anyOf"][0]["enum"]
    assert set(enum) == {"alternating-offers", "single-text", "none"}  # none: analysis only
    assert sweep["runs"]["maximum"] == 50
    assert schemas["SimulateRequest"]["properties"]["runs"]["maximum"] == 40
    edits = schemas["EditsModel"]["properties"]
    assert edits["reservation_values"]["additionalProperties"] == {
        "type": "number",
        "minimum": -1.0,
        "maximum": 2.0,
    }
    assert edits["weights"]["additionalProperties"]["additionalProperties"]["minimum"] == 0.0
    assert edits["disabled_red_lines"]["items"]["pattern"] == "^[^:]+:.+$"
    key = schemas["ScenarioRequest"]["properties"]["scenario"]["anyOf"][0]["pattern"]
    assert key.startswith("^[A-Za-z0-9]")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "body", "words"),
    [
        ("/api/sweeps", {"runs": 5, "protocol": "free text"}, "protocol: Input should be"),
        ("/api/sweeps", {"runs": 51}, "runs: Input should be less than or equal to 50"),
        ("/api/simulate", {"runs": 41}, "runs: Input should be less than or equal to 40"),
        ("/api/analyze", {"edits": {"weights": {"russia": {"donbas": -1}}}}, "greater than"),
        ("/api/analyze", {"edits": {"disabled_red_lines": ["nocolon"]}}, "pattern"),
        ("/api/analyze", {"scenario": "../etc"}, "scenario: String should match pattern"),
    ],
)
def test_schema_refusals_name_the_field(
    c: TestClient, path: str, body: dict[str, object], words: str
) -> None:
    r = c.post(path, json=body)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error.startswith("invalid request: ") and words in error, error
    assert "\n" not in error


@pytest.mark.slow
def test_within_the_schema_the_server_agrees(c: TestClient) -> None:
    """The bounds the schema states are the server's: at them, no 422."""
    assert c.post("/api/simulate", json={"runs": 40}).status_code == 200
    assert c.post("/api/sweeps", json={"runs": 50, "protocol": "single-text"}).status_code == 202
    r = c.post(
        "/api/analyze",
        json={"edits": {"reservation_values": {"russia": 2.0}, "weights": {"russia": {}}}},
    )
    assert r.status_code == 200


@pytest.mark.slow
@pytest.mark.parametrize("ref", ["../x", "a b", "@", ""])
def test_compare_refs_follow_the_schema(c: TestClient, ref: str) -> None:
    r = c.get("/api/record/compare", params={"a": ref, "b": "geneva-2026"})
    assert r.status_code == 422
    assert "invalid request: " in r.json()["error"]
