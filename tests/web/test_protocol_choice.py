"""Every entry point picks the same protocol for the same scenario.

``accord sweep``, ``accord talks sweep``, the HTTP API and the dashboard's sweep form all
choose through :func:`accord.negotiation.registry.choose_protocol`: the scenario's own
protocol if it names one, else alternating offers; the zone of agreement only when asked
(``none``). Each is run here, as a user would run it, on a scenario of each kind.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from accord.cli.main import main
from accord.errors import ConfigurationError
from accord.io import bundled_scenarios, load_scenario
from accord.negotiation.registry import (
    ALTERNATING,
    ANALYSIS_ONLY,
    SINGLE_TEXT,
    choose_protocol,
    default_protocol,
)
from accord.web import Settings, create_app

WAIT_S = 120.0  # an upper bound for a sweep thread to end, never a timing assert
RUNS = 4
LINE = "protocol: alternating-offers\n"

# what the scenario names -> what every entry point must run when nothing is asked
KINDS = {"single-text": SINGLE_TEXT, "alternating-offers": ALTERNATING, "": ALTERNATING}


def scenario_file(tmp_path: Path, named: str) -> Path:
    """The bundled scenario naming protocol ``named`` (none when empty), with its source."""
    src = bundled_scenarios()["geneva-2026"]
    text = src.read_text(encoding="utf-8")
    assert text.count(LINE) == 1
    text = text.replace(LINE, f"protocol: {named}\n" if named else "")
    shutil.copy(src.with_name("geneva-2026.source.txt"), tmp_path)
    out = tmp_path / f"geneva-{named or 'unnamed'}.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert info.value.code in (0, None), err
    return out


def cli_sweep(path: Path, asked: str | None, capsys: pytest.CaptureFixture[str]) -> str | None:
    argv = ["sweep", str(path), "-n", str(RUNS), "--workers", "1", "--json", "--quiet"]
    protocol: str | None = json.loads(
        cli([*argv, *(["--protocol", asked] if asked else [])], capsys)
    )["protocol"]
    return protocol


def talks_sweep(
    path: Path, asked: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> str | None:
    db = str(tmp_path / f"{path.stem}-{asked}.db")
    cli(["talks", "init", "--db", db], capsys)
    cli(["talks", "commit", str(path), "-m", "kind", "--db", db], capsys)
    argv = ["talks", "sweep", "latest", "-n", str(RUNS), "--workers", "1", "--db", db]
    cli([*argv, *(["--protocol", asked] if asked else [])], capsys)
    shown = json.loads(cli(["talks", "show", "latest", "--json", "--db", db], capsys))
    protocol: str | None = shown["snapshot"].get("sweep_protocol")  # absent: analysis only
    return protocol


def finished_protocol(app: FastAPI, client: TestClient, sweep_id: str) -> str | None:
    app.state.sweeps.join(sweep_id, WAIT_S)
    body = client.get(f"/api/sweeps/{sweep_id}").json()
    assert body["status"] == "done", body
    protocol: str | None = body["result"]["protocol"]
    return protocol


def api_sweep(app: FastAPI, client: TestClient, key: str, asked: str | None) -> str | None:
    body: dict[str, object] = {"scenario": key, "runs": RUNS, "seed": 0}
    if asked is not None:
        body["protocol"] = asked
    r = client.post("/api/sweeps", json=body)
    assert r.status_code == 202, r.text
    return finished_protocol(app, client, r.json()["id"])


def form_sweep(app: FastAPI, client: TestClient, key: str, asked: str | None) -> str | None:
    page = client.get(f"/s/{key}").text
    (chosen,) = re.findall(r'<option value="([^"]*)" selected>', page)
    # the form as a browser posts it: the option shown selected, unless one is picked
    data = {"sweep_runs": str(RUNS), "sweep_seed": "0", "sweep_protocol": asked or chosen}
    keep = [f"{r.party}:{r.id}" for r in app.state.store.get(key).red_lines]
    r = client.post(
        f"/s/{key}/sweep", data={**data, "keep": keep}, headers={"X-Requested-With": "fetch"}
    )
    assert r.status_code == 200, r.text
    return finished_protocol(app, client, r.text.split('data-poll="/api/sweeps/')[1].split('"')[0])


@pytest.fixture
def app() -> FastAPI:
    """The dashboard, its sweeps in threads (the client fixture serves this app)."""
    return create_app(Settings(workers=0, max_outcomes=50_000))


@pytest.mark.slow
@pytest.mark.parametrize("named", list(KINDS))
def test_every_entry_point_picks_the_same_protocol(
    named: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    app: FastAPI,
    client: TestClient,
) -> None:
    path = scenario_file(tmp_path, named)
    sc = load_scenario(str(path))
    assert (sc.protocol or "") == named
    expected = KINDS[named]
    assert default_protocol(sc) == expected == choose_protocol(sc)
    key = app.state.store.add(sc)
    for asked, want in ((None, expected), (ANALYSIS_ONLY, None)):
        picked = {
            "accord sweep": cli_sweep(path, asked, capsys),
            "accord talks sweep": talks_sweep(path, asked, tmp_path, capsys),
            "POST /api/sweeps": api_sweep(app, client, key, asked),
            "dashboard form": form_sweep(app, client, key, asked),
        }
        assert picked == dict.fromkeys(picked, want), (named, asked)


def test_an_unknown_protocol_is_refused_by_name() -> None:
    sc = load_scenario()
    with pytest.raises(ConfigurationError, match=r"unknown protocol 'poker'.*alternating-offers"):
        choose_protocol(sc, "poker")
    assert choose_protocol(sc, " NONE ") is None
    assert choose_protocol(sc, "") == ALTERNATING
