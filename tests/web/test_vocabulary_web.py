"""The dashboard's words (docs/deprecations.md): a protocol's step is an exchange, a round a
meeting of the delegations; the API writes the new keys beside the former ones and accepts
the former ``rounds`` of a sweep request."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

#: What the dashboard said of protocol steps ("after 80 rounds", "round by round").
PROTOCOL_ROUND = re.compile(
    r"\d+\s+rounds?\b|\bround[- ]by[- ]round\b|\bround of agreement\b|>\s*round\s*<"
    r"|\bby round\b|\bround \(from 1\)",
    re.IGNORECASE,
)

WAIT_S = 120.0  # an upper bound for a sweep thread to end, never a timing assert


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.slow
def test_simulation_page_says_exchanges(client: TestClient) -> None:
    page = client.post("/s/geneva-2026/simulate", data={"keep": []}).text
    assert "Concession curves" in page
    assert PROTOCOL_ROUND.findall(page) == []
    assert re.search(r"after \d+ exchanges? \(offers and the answers to them\)", _text(page))
    assert "Transcript, exchange by exchange" in page
    assert '<th class="num">exchange</th>' in page
    assert "by exchange</text>" in page and "exchange (one offer and the answers" in page


def test_simulate_api_writes_exchanges_beside_rounds(client: TestClient) -> None:
    r = client.post("/api/simulate", json={"seed": 3, "runs": 2})
    assert r.status_code == 200, r.text
    body = r.json()
    t = body["transcript"]
    assert t["exchanges"] == t["rounds"] > 0
    assert t["steps"] and all(s["exchange"] == s["round"] for s in t["steps"])
    summary = body["summary"]
    assert summary["mean_exchanges"] == summary["mean_rounds"] > 0


def _sweep(app: FastAPI, client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    r = client.post("/api/sweeps", json={"runs": 40, "seed": 3, **body})
    assert r.status_code == 202, r.text
    sweep_id = r.json()["id"]
    app.state.sweeps.join(sweep_id, WAIT_S)
    done = client.get(f"/api/sweeps/{sweep_id}").json()
    assert done["status"] == "done", done
    result: dict[str, Any] = done["result"]
    return result


@pytest.mark.slow
def test_sweep_api_takes_exchanges_and_the_former_rounds(app: FastAPI, client: TestClient) -> None:
    new = _sweep(app, client, {"exchanges": 30})
    assert new["exchanges"] and new["exchanges"] == new["rounds"]
    assert new["exchanges"]["max"] <= 30
    old = _sweep(app, client, {"rounds": 30})
    assert old == new
    same = _sweep(app, client, {"rounds": 30, "exchanges": 30})
    assert same == new
    # the answer to a request naming the former name says so; one without it does not
    r = client.post("/api/sweeps", json={"runs": 40, "seed": 3, "rounds": 30})
    assert r.status_code == 202 and r.headers["Deprecation"] == "true"
    assert "send exchanges" in r.headers["Warning"] and r.headers["Warning"].startswith("299 ")
    app.state.sweeps.join(r.json()["id"], WAIT_S)
    r = client.post("/api/sweeps", json={"runs": 40, "seed": 3, "exchanges": 30})
    assert r.status_code == 202 and "Deprecation" not in r.headers
    app.state.sweeps.join(r.json()["id"], WAIT_S)
    r = client.post("/api/sweeps", json={"runs": 40, "rounds": 30, "exchanges": 20})
    assert r.status_code == 422
    assert "give exchanges only" in r.text


@pytest.mark.slow
def test_sweep_request_schema_marks_rounds_deprecated(client: TestClient) -> None:
    doc = client.get("/api/openapi.json")
    if doc.status_code == 404:
        doc = client.get("/openapi.json")
    assert doc.status_code == 200
    props = doc.json()["components"]["schemas"]["SweepRequest"]["properties"]
    assert "exchanges" in props and props["rounds"]["deprecated"] is True
