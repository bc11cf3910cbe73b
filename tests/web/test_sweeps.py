"""Sweeps from the dashboard: the JSON API, the page's fragments, limits and bookkeeping."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import accord.sweep
from accord.errors import ConfigurationError
from accord.io import load_scenario
from accord.sweep import make_job, run_sweep
from accord.web import Settings, create_app
from accord.web.settings import LimitError
from accord.web.sweeps import Busy, SweepManager
from procs import alive

WAIT_S = 120.0  # an upper bound for a thread to end, never a timing assert


def finished(app: FastAPI, client: TestClient, sweep_id: str) -> dict[str, Any]:
    app.state.sweeps.join(sweep_id, WAIT_S)
    r = client.get(f"/api/sweeps/{sweep_id}")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert body["status"] != "running"
    return body


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Sweeps that wait for the event before they finish (to test the limits); they run in
    threads (``Settings(workers=0)``), where the patched function is the one called."""
    release = threading.Event()
    real = accord.sweep.run_sweep

    def waiting(job: Any, *, progress: Callable[[int, int], None], **kw: Any) -> Any:
        progress(0, job.runs)
        release.wait(WAIT_S)
        return real(job, progress=progress, **kw)

    monkeypatch.setattr(accord.sweep, "run_sweep", waiting)
    yield release
    release.set()


@pytest.mark.slow
def test_api_sweep_matches_run_sweep(app: FastAPI, client: TestClient) -> None:
    r = client.post("/api/sweeps", json={"runs": 200, "seed": 7})
    assert r.status_code == 202, r.text
    start = r.json()
    assert start["total"] == 200
    assert start["status"] in {"running", "done"}
    body = finished(app, client, start["id"])
    assert body["status"] == "done"
    assert body["done"] == body["total"] == 200
    assert body["runs_per_s"] > 0
    res = body["result"]
    direct = run_sweep(
        make_job(load_scenario(), runs=200, rng=7, protocol="alternating-offers"), workers=1
    ).summary
    assert res["p_zopa"] == pytest.approx(direct.p_zopa)
    assert res["p_full"] == pytest.approx(direct.p_full)
    assert res["p_partial"] == pytest.approx(direct.p_partial)
    lo, hi = res["ci95_full"]
    assert lo <= res["p_full"] <= hi
    assert res["p_full"] <= res["p_partial"]
    assert [p["date"] for p in res["by_date"]] == [p.date for p in direct.by_date or ()]
    assert set(res["binding_red_lines"]) == set(direct.binding_red_lines)
    assert 0 < len(res["sensitivity"]) <= 10
    assert res["sensitivity"][0]["input"] == direct.sensitivity[0].input


@pytest.mark.slow
def test_api_sweep_applies_the_edits(app: FastAPI, client: TestClient) -> None:
    base = client.post("/api/sweeps", json={"runs": 100, "seed": 1, "protocol": "none"}).json()
    base = finished(app, client, base["id"])["result"]
    assert base["p_full"] is None  # no protocol: the zone of agreement only
    assert base["p_partial"] is None and base["by_date"] is None
    edited = client.post(
        "/api/sweeps",
        json={
            "runs": 100,
            "seed": 1,
            "protocol": "none",
            "edits": {"disabled_red_lines": ["russia:full-donbas"]},
        },
    ).json()
    edited = finished(app, client, edited["id"])["result"]
    assert "russia:full-donbas" in base["binding_red_lines"]
    assert "russia:full-donbas" not in edited["binding_red_lines"]
    assert edited["p_zopa"] > base["p_zopa"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"runs": 20_001}, 422, "less than or equal to 20000"),
        ({"runs": 0}, 422, "greater than or equal to 1"),
        ({"runs": 5, "protocol": "poker"}, 422, "protocol: Input should be 'alternating-offers'"),
        ({"runs": 5, "scenario": "nowhere"}, 422, "nowhere"),
        ({"runs": 5, "edits": {"disabled_red_lines": ["x:y"]}}, 422, "no red line 'x:y'"),
    ],
)
def test_api_sweep_errors(
    client: TestClient, body: dict[str, Any], status: int, words: str
) -> None:
    r = client.post("/api/sweeps", json=body)
    assert r.status_code == status
    assert words in r.text


@pytest.mark.slow
def test_server_limits_on_runs_and_space() -> None:
    app = create_app(Settings(max_sweep_runs=50, max_sweep_cells=162 * 40))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        r = c.post("/api/sweeps", json={"runs": 60})
        assert r.status_code == 422
        assert "runs: Input should be less than or equal to 50" in r.json()["error"]  # schema
        r = c.post("/api/sweeps", json={"runs": 45})
        assert r.status_code == 422
        assert "ask for at most 40 runs" in r.json()["error"]


@pytest.mark.slow
def test_unknown_and_malformed_sweep_ids(client: TestClient) -> None:
    r = client.get("/api/sweeps/" + "A" * 22)
    assert r.status_code == 404
    assert "no sweep" in r.json()["error"]
    assert client.get("/api/sweeps/..%2F..%2Fetc").status_code in {404, 422}
    assert client.get("/api/sweeps/short").status_code == 422
    assert client.get("/sweeps/" + "A" * 22 + "/result").status_code == 404


@pytest.mark.slow
def test_one_sweep_per_client_and_a_global_cap(held: threading.Event) -> None:
    manager = SweepManager(Settings(max_sweeps=2, workers=0))
    sc = load_scenario()
    first = manager.start(sc, client="a", runs=20, rng=0, protocol="none")
    with pytest.raises(Busy, match="still running"):
        manager.start(sc, client="a", runs=20, rng=0, protocol="none")
    second = manager.start(sc, client="b", runs=20, rng=0, protocol="none")
    with pytest.raises(Busy, match="running 2 sweeps"):
        manager.start(sc, client="c", runs=20, rng=0, protocol="none")
    assert manager.get(first.id)["status"] == "running"  # type: ignore[index]
    held.set()
    manager.join(first.id, WAIT_S)
    manager.join(second.id, WAIT_S)
    assert manager.get(first.id)["status"] == "done"  # type: ignore[index]
    third = manager.start(sc, client="a", runs=20, rng=0, protocol="none")
    manager.join(third.id, WAIT_S)
    assert manager.get(third.id)["done"] == 20  # type: ignore[index]


#: The longest sweep the API allows (20 chunks of 1,000 runs of up to 1,000 exchanges, tens of
#: seconds): still running when a test stops it after its first chunk.
LONG_SWEEP = {"runs": 20_000, "exchanges": 1000}


@pytest.mark.slow
def test_the_api_answers_429_while_a_sweep_runs(app: FastAPI, client: TestClient) -> None:
    r = client.post("/api/sweeps", json=LONG_SWEEP)
    assert r.status_code == 202
    first = r.json()["id"]
    r = client.post("/api/sweeps", json={"runs": 10})
    assert r.status_code == 429
    assert "still running" in r.json()["error"]
    assert client.delete(f"/api/sweeps/{first}").json()["status"] == "cancelled"
    r = client.post("/api/sweeps", json={"runs": 10})  # the client may start another now
    assert r.status_code == 202
    assert finished(app, client, r.json()["id"])["status"] == "done"


@pytest.mark.slow
def test_a_sweep_runs_in_a_process_that_delete_kills(app: FastAPI, client: TestClient) -> None:
    r = client.post("/api/sweeps", json={**LONG_SWEEP, "seed": 5})
    assert r.status_code == 202, r.text
    sweep_id = r.json()["id"]
    pid = app.state.sweeps.pid(sweep_id)
    assert pid is not None and pid != os.getpid()
    assert alive(pid)
    # the sweep computes in its own process while the server answers, health included;
    # its progress reaches the server through the pipe
    deadline = time.monotonic() + WAIT_S
    state = client.get(f"/api/sweeps/{sweep_id}").json()
    while state["done"] == 0 and time.monotonic() < deadline:
        assert client.get("/api/health").status_code == 200
        time.sleep(0.05)
        state = client.get(f"/api/sweeps/{sweep_id}").json()
    assert state["status"] == "running"
    assert 0 < state["done"] < state["total"]
    assert client.get("/api/health").status_code == 200
    r = client.delete(f"/api/sweeps/{sweep_id}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "cancelled"
    assert body["error"] == "cancelled"
    assert not alive(pid)  # DELETE killed the process, not just flagged it
    assert client.get(f"/api/sweeps/{sweep_id}").json()["status"] == "cancelled"


@pytest.mark.slow
def test_a_stopping_server_kills_sweep_processes() -> None:
    long = 10_000_000  # far more than the test lets it run
    manager = SweepManager(Settings(max_sweep_runs=long, max_sweep_cells=long * 1000))
    s = manager.start(load_scenario(), client="a", runs=long, rng=0, protocol="none")
    pid = manager.pid(s.id)
    assert pid is not None and alive(pid)
    manager.stop()
    manager.join(s.id, WAIT_S)
    state = manager.get(s.id)
    assert state is not None
    assert state["status"] == "failed"
    assert "server stopped" in state["error"]
    assert not alive(pid)


@pytest.mark.slow
def test_results_are_capped_and_expire() -> None:
    sc = load_scenario()
    manager = SweepManager(Settings(keep_sweeps=2))
    ids = []
    for seed in range(3):
        s = manager.start(sc, client="a", runs=10, rng=seed, protocol="none")
        manager.join(s.id, WAIT_S)
        ids.append(s.id)
    assert manager.get(ids[0]) is None  # the oldest of three went
    assert manager.get(ids[1]) is not None
    assert manager.get(ids[2]) is not None
    gone = SweepManager(Settings(sweep_ttl_s=-1.0))
    s = gone.start(sc, client="a", runs=10, rng=0, protocol="none")
    gone.join(s.id, WAIT_S)
    assert gone.get(s.id) is None
    assert len({*ids}) == 3 and all(len(i) == 22 for i in ids)


def test_a_stopping_server_ends_running_sweeps(held: threading.Event) -> None:
    manager = SweepManager(Settings(workers=0))
    s = manager.start(load_scenario(), client="a", runs=30, rng=0, protocol="none")
    manager.stop()
    held.set()
    manager.join(s.id, WAIT_S)
    state = manager.get(s.id)
    assert state is not None
    assert state["status"] == "failed"
    assert "server stopped" in state["error"]


@pytest.mark.slow
def test_limits_are_checked_before_starting() -> None:
    manager = SweepManager(Settings(max_sweep_runs=10))
    with pytest.raises(LimitError, match="between 1 and 10"):
        manager.start(load_scenario(), client="a", runs=11, rng=0, protocol="none")
    with pytest.raises(ConfigurationError, match="unknown protocol"):
        manager.start(load_scenario(), client="a", runs=5, rng=0, protocol="nope")


@pytest.mark.slow
def test_the_page_starts_a_sweep_and_renders_its_result(app: FastAPI, client: TestClient) -> None:
    page = client.get("/s/geneva-2026").text
    assert 'id="run-sweep"' in page
    assert 'name="sweep_runs"' in page
    keep = [f"{r.party}:{r.id}" for r in load_scenario().red_lines]  # every box ticked
    r = client.post(
        "/s/geneva-2026/sweep",
        data={
            "keep": keep,
            "sweep_runs": "120",
            "sweep_seed": "3",
            "sweep_protocol": "alternating-offers",
        },
        headers={"X-Requested-With": "fetch"},
    )
    assert r.status_code == 200, r.text
    assert '<progress id="sweep-progress" max="120"' in r.text
    sweep_id = r.text.split('data-poll="/api/sweeps/')[1].split('"')[0]
    assert finished(app, client, sweep_id)["status"] == "done"
    html = client.get(f"/sweeps/{sweep_id}/result").text
    assert "P(ZOPA non-empty)" in html
    assert "P(full agreement by 2026-06-30)" in html
    assert "P(at least a partial agreement)" in html
    assert 'id="odds-chart"' in html and 'id="odds-deadline"' in html
    assert 'class="curve-p_full"' in html and 'class="curve-p_partial"' in html
    assert 'id="sweep-binding"' in html
    assert "russia:full-donbas" in html
    bad = client.post(
        "/s/geneva-2026/sweep",
        data={"sweep_runs": "2.5", "sweep_seed": "0"},
        headers={"X-Requested-With": "fetch"},
    )
    assert bad.status_code == 422
    assert "sweep_runs must be a whole number" in bad.text


@pytest.mark.slow
def test_openapi_documents_the_sweeps(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "post" in paths["/api/sweeps"]
    assert "429" in paths["/api/sweeps"]["post"]["responses"]
    assert "get" in paths["/api/sweeps/{sweep_id}"]


@pytest.mark.slow
def test_sweep_fragment_leads_with_the_headline(app: FastAPI, client: TestClient) -> None:
    r = client.post("/api/sweeps", json={"runs": 600, "seed": 2})
    assert r.status_code == 202, r.text
    body = finished(app, client, r.json()["id"])
    h = body["result"]["headline"]
    assert h["deciding"], "the bundled scenario's red lines decide its odds"
    page = client.get(f"/sweeps/{body['id']}/result")
    assert page.status_code == 200
    html = page.text
    assert 'id="sweep-headline"' in html
    assert html.index('id="sweep-headline"') < html.index('id="sweep-p-zopa"')
    assert h["deciding"][0]["line"].split(":")[0].replace("'", "&#39;") in html
    assert "simulation (Monte Carlo) error" in html
    lo, hi = (f"{100 * x:.1f}%" for x in h["simulation_ci95"])
    error = html[html.index('id="sweep-headline-error"') :]
    assert error.index(f"simulation-error interval: {lo}–{hi}") < error.index("deciding inputs")


@pytest.mark.slow
def test_result_asked_before_the_sweep_ends_is_a_409(app: FastAPI, client: TestClient) -> None:
    r = client.post("/api/sweeps", json={"runs": 400, "seed": 5})
    assert r.status_code == 202, r.text
    sweep_id = r.json()["id"]
    early = client.get(f"/sweeps/{sweep_id}/result")
    if early.status_code == 409:  # still queued or running: said so, not a 500
        assert "still" in early.text and f"/api/sweeps/{sweep_id}" in early.text
    else:  # finished already on a fast machine
        assert early.status_code == 200
    assert finished(app, client, sweep_id)["status"] == "done"
    assert client.get(f"/sweeps/{sweep_id}/result").status_code == 200


def test_odds_chart_starts_near_the_as_of_date_and_says_when_curves_coincide() -> None:
    import re

    from accord.web.odds_svg import LEFT, odds_svg

    point = {"p_full": 0.1, "ci95_full": [0, 0.2], "p_partial": 0.1, "ci95_partial": [0, 0.2]}
    points = [{"date": "2026-02-18", **point}, {"date": "2026-06-30", **point}]
    rounds = [
        {"id": "istanbul-1", "start": "2025-05-16", "end": "2025-05-16"},
        {"id": "abu-dhabi-2", "start": "2026-02-04", "end": "2026-02-05"},
    ]
    svg = odds_svg(points, past_rounds=rounds)
    # the year-old round is counted, not drawn; the recent one is drawn and named
    assert "abu-dhabi-2</text>" in svg and "istanbul-1</text>" not in svg
    assert "1 earlier round, from 16 May 2025, is in the scenario" in svg
    assert "the lines coincide" in svg
    # the as-of date sits near the left edge: at most a fifth of the plot before it
    as_of = re.search(r'<line x1="([\d.]+)"[^>]*stroke="#555" stroke-dasharray="2,3"', svg)
    deadline = re.search(r'id="odds-deadline" x1="([\d.]+)"', svg)
    assert as_of is not None and deadline is not None
    assert float(as_of.group(1)) - LEFT < 0.2 * (float(deadline.group(1)) - LEFT)
    different = [{**points[0]}, {**points[1], "p_partial": 0.5, "ci95_partial": [0.4, 0.6]}]
    assert "the lines coincide" not in odds_svg(different)


def test_sensitivity_names_break_between_their_parts() -> None:
    from accord.report.jinja import breakable

    assert str(breakable("russia.weights.prisoner_exchange")).count("<wbr>") == 3
    assert "<script>" not in str(breakable("<script>.x"))


def test_odds_chart_draws_agreements_in_force_when_the_talks_must_pass_at_home() -> None:
    from accord.web.odds_svg import odds_svg

    point = {"p_full": 0.1, "ci95_full": [0, 0.2], "p_partial": 0.5, "ci95_partial": [0.4, 0.6]}
    plain = [{"date": "2026-02-18", **point}, {"date": "2026-06-30", **point}]
    assert "curve-p_in_force" not in odds_svg(plain)
    ratified = [{**p, "p_in_force": 0.05, "ci95_in_force": [0.0, 0.1]} for p in plain]
    svg = odds_svg(ratified)
    assert 'class="curve-p_in_force"' in svg and "P(in force: signed, ratified)" in svg


@pytest.mark.slow
def test_report_odds_figure_draws_agreements_in_force() -> None:
    from accord.report.calendar import Odds, odds_figure
    from accord.report.figures import svg_text
    from accord.sweep.summary import DatePoint

    pts = tuple(
        DatePoint(date=f"2026-03-{d:02d}", p_full=0.1, ci95_full=(0.0, 0.2), p_partial=0.3,
                  ci95_partial=(0.2, 0.4), p_in_force=0.05, ci95_in_force=(0.0, 0.1))
        for d in range(1, 11)
    )  # fmt: skip
    svg = svg_text(odds_figure(Odds(points=pts, source="test")))
    assert "in force by then" in svg
