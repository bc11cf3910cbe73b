"""What a worker computes for a request checks the request's scenario against the size
limit once, and refuses one over it (accord.web.tasks, accord.web.settings)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import accord.web.tasks
from accord.web import Settings, create_app
from accord.web.settings import LimitError, check_size

EDITS = {"edits": {"disabled_red_lines": ["russia:full-donbas"]}}
KEEP = ["russia:no-shared-znpp", "ukraine:no-withdrawal", "ukraine:no-ceding-znpp"]


@pytest.fixture
def app() -> FastAPI:
    """The dashboard computing in its own process (``workers=0``), where the count is kept."""
    return create_app(Settings(workers=0, max_outcomes=50_000))


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def counted(scenario: Any, settings: Settings) -> None:
        seen.append(scenario.id)
        check_size(scenario, settings)

    monkeypatch.setattr(accord.web.tasks, "check_size", counted)
    return seen


@pytest.mark.slow
@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("json", "/api/analyze", EDITS),
        ("json", "/api/simulate", EDITS),
        ("json", "/api/report", EDITS),
        ("form", "/s/geneva-2026/whatif", {"keep": KEEP}),
        ("form", "/s/geneva-2026/simulate", {"keep": KEEP}),
    ],
)
def test_an_edited_request_is_size_checked_once(
    client: TestClient, checks: list[str], method: str, url: str, body: dict[str, Any]
) -> None:
    if method == "json":
        r = client.post(url, json=body)
    else:
        r = client.post(url, data=body, headers={"X-Requested-With": "fetch"})
    assert r.status_code == 200, r.text
    assert checks == ["geneva-2026"]


def test_a_scenario_over_the_limit_is_refused_naming_the_option() -> None:
    from accord.io import load_scenario

    sc = load_scenario("geneva-2026")
    with pytest.raises(LimitError, match=r"162 packages.*limit of 100.*--max-outcomes"):
        check_size(sc, Settings(max_outcomes=100))
    small = create_app(Settings(workers=0, max_outcomes=100))
    r = TestClient(small, base_url="http://127.0.0.1").post("/api/analyze", json={})
    assert r.status_code == 422 and "--max-outcomes" in r.json()["error"]
