"""The JSON API and the dashboard's routes: schema, what-if, uploads, limits, isolation,
robustness."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import typer
import typer.main
from fastapi.testclient import TestClient

import accord.analysis
from accord.analysis import analyze
from accord.analysis.concessions import analysis_document
from accord.cli.main import app as cli_app
from accord.errors import AccordWarning
from accord.io import bundled_scenarios, load_scenario, scenario_to_document
from accord.web import Settings, create_app

GENEVA_ISSUES = ("donbas", "znpp", "ceasefire_monitoring", "energy_truce", "prisoner_exchange")
MALFORMED = b"accord: 1\nmetadata:\n  id: broken\n  title: [unclosed\nparties: []\n"


@pytest.mark.slow
def test_analysis_uses_the_cli_schema(client: TestClient) -> None:
    r = client.post("/api/analyze", json={})
    assert r.status_code == 200
    sc = load_scenario()
    expected = json.loads(json.dumps(analysis_document(sc, analyze(sc))))
    assert r.json() == expected
    assert {"relaxation", "partial"} <= {p["kind"] for p in r.json()["concessions"]}
    assert r.json()["schema"] == "accord.analysis/1"


@pytest.mark.slow
def test_switching_off_the_blocking_red_line_opens_the_zopa(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"edits": {"disabled_red_lines": ["russia:full-donbas"]}})
    assert r.status_code == 200
    body = r.json()
    assert body["zopa"]["size"] == 13
    assert body["solutions"]["nash"] is not None
    assert body["deadlock"]["conflicts"] == []


@pytest.mark.slow
def test_reservation_and_weight_edits(client: TestClient) -> None:
    base = client.post(
        "/api/analyze", json={"edits": {"disabled_red_lines": ["russia:full-donbas"]}}
    )
    higher = client.post(
        "/api/analyze",
        json={
            "edits": {
                "disabled_red_lines": ["russia:full-donbas"],
                "reservation_values": {"ukraine": 0.7},
            }
        },
    )
    assert higher.json()["zopa"]["size"] < base.json()["zopa"]["size"]
    reweighed = client.post(
        "/api/analyze", json={"edits": {"weights": {"russia": {"donbas": 0.0}}}}
    )
    assert reweighed.status_code == 200
    doc = client.post(
        "/api/export?format=json", json={"edits": {"weights": {"russia": {"donbas": 0.0}}}}
    ).json()
    russia = next(p for p in doc["parties"] if p["id"] == "russia")
    weights = russia["preferences"]["weights"]
    assert weights["donbas"] == 0.0
    assert sum(weights.values()) == pytest.approx(1.0)


@pytest.mark.slow
@pytest.mark.parametrize(
    "edits, fragment",
    [
        ({"disabled_red_lines": ["russia:nope"]}, "no red line 'russia:nope'"),
        ({"reservation_values": {"mars": 0.1}}, "no party 'mars'"),
        ({"reservation_values": {"russia": 5.0}}, "less than or equal to 2"),  # the schema's
        ({"weights": {"russia": {"moon": 1.0}}}, "no issue 'moon'"),
        (
            {"weights": {"russia": dict.fromkeys(GENEVA_ISSUES, 0.0)}},
            "at least one weight",
        ),
    ],
)
def test_bad_edits_are_named(client: TestClient, edits: dict[str, object], fragment: str) -> None:
    r = client.post("/api/analyze", json={"edits": edits})
    assert r.status_code == 422
    assert fragment in r.json()["error"] + str(r.json().get("detail"))


@pytest.mark.slow
def test_inline_document_and_bad_document(client: TestClient) -> None:
    doc = scenario_to_document(load_scenario())
    r = client.post("/api/analyze", json={"document": doc})
    assert r.status_code == 200
    assert r.json()["scenario"]["id"] == "geneva-2026"
    doc["parties"][0]["red_lines"][0]["issue"] = "atlantis"
    r = client.post("/api/analyze", json={"document": doc})
    assert r.status_code == 422
    assert "parties[0].red_lines[0]" in r.json()["error"]


@pytest.mark.slow
def test_upload_native_and_genius_zip(client: TestClient, genius_zip: bytes) -> None:
    text = bundled_scenarios()["geneva-2026"].read_bytes()
    r = client.post("/api/scenarios", files={"file": ("mine.yaml", text, "application/yaml")})
    assert r.status_code == 201, r.text
    key = r.json()["key"]
    assert key.startswith("u-")
    assert client.post("/api/analyze", json={"scenario": key}).json()["zopa"]["size"] == 0
    r = client.post("/api/scenarios", files={"file": ("itex.zip", genius_zip, "application/zip")})
    assert r.status_code == 201, r.text
    info = r.json()
    assert info["outcomes"] > 0
    a = client.post("/api/analyze", json={"scenario": info["key"]}).json()
    assert a["outcomes"] == info["outcomes"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, data, status, fragment",
    [
        ("bad.yaml", MALFORMED, 422, "malformed YAML"),
        ("bad.json", b'{"accord": 1,', 422, "malformed JSON"),
        ("evil.yaml", b"!!python/object/apply:os.system ['echo pwned']\n", 422, "plain data"),
        ("x.exe", b"MZ\x90\x00", 422, "unsupported file type"),
        ("big.yaml", b"#" * 300_000, 413, "limit"),
        ("bad.zip", b"PK\x03\x04 not really", 422, "not a valid zip"),
        ("empty.json", b"", 422, "empty"),
        ("latin.yaml", "caf\xe9".encode("latin-1"), 422, "UTF-8"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(
    client: TestClient, name: str, data: bytes, status: int, fragment: str
) -> None:
    r = client.post("/api/scenarios", files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == status, r.text
    assert fragment in r.json()["error"]


@pytest.mark.slow
def test_uploaded_yaml_never_runs_code(client: TestClient) -> None:
    payload = b"accord: 1\nmetadata: !!python/object/new:os.system [touch /tmp/accord-pwned]\n"
    r = client.post("/api/scenarios", files={"file": ("evil.yaml", payload, "text/yaml")})
    assert r.status_code == 422
    import pathlib

    assert not pathlib.Path("/tmp/accord-pwned").exists()


@pytest.mark.slow
def test_upload_page_shows_the_error_in_the_page(client: TestClient) -> None:
    r = client.post("/upload", files={"file": ("bad.yaml", MALFORMED, "text/yaml")})
    assert r.status_code == 422
    assert 'role="alert"' in r.text
    assert 'id="upload-error"' in r.text
    assert "bad.yaml:" in r.text and "malformed YAML" in r.text
    assert "Traceback" not in r.text


@pytest.mark.slow
def test_outcome_space_limit(client: TestClient) -> None:
    doc = scenario_to_document(load_scenario())
    doc["issues"].append(
        {"id": "big", "name": "Big", "kind": "numeric", "min": 0, "max": 999, "step": 1}
    )
    r = client.post("/api/analyze", json={"document": doc})
    assert r.status_code == 422
    assert "over this server's limit" in r.json()["error"]


@pytest.mark.slow
@pytest.mark.parametrize("key", ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "nope", "u-guess"])
def test_no_paths_from_requests(client: TestClient, key: str) -> None:
    for r in (client.get(f"/api/scenarios/{key}"), client.get(f"/s/{key}")):
        assert r.status_code in (404, 422)
        assert "root:" not in r.text
    r = client.post("/api/analyze", json={"scenario": "/etc/passwd"})
    assert r.status_code == 422
    assert "root:" not in r.text


@pytest.mark.slow
def test_concurrent_users_do_not_see_each_others_edits(client: TestClient) -> None:
    def ask(off: bool) -> int:
        edits = {"disabled_red_lines": ["russia:full-donbas"]} if off else {}
        r = client.post("/api/analyze", json={"edits": edits})
        return int(r.json()["zopa"]["size"])

    with ThreadPoolExecutor(4) as pool:
        sizes = list(pool.map(ask, [True, False] * 8))
    assert sizes == [13, 0] * 8
    # the what-if page form is stateless too: a fresh page shows the scenario unedited
    client.post("/s/geneva-2026/whatif", data={"keep": []})
    assert 'data-zopa="0"' in client.get("/s/geneva-2026").text


@pytest.mark.slow
def test_a_failing_request_does_not_take_the_server_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    # workers=0 computes in the server's own threads, where the patch applies
    app = create_app(Settings(workers=0))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        monkeypatch.setattr(accord.analysis, "analyze", boom)
        r = client.post("/api/analyze", json={})
        assert r.status_code == 500
        assert r.json() == {"error": "internal error (logged on the server)"}
        monkeypatch.undo()
        assert client.post("/api/analyze", json={}).status_code == 200


def test_body_size_limit(client: TestClient) -> None:
    r = client.post(
        "/api/analyze",
        content=b"{" + b" " * 400_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413


@pytest.mark.slow
def test_whatif_fragment_and_downloads(client: TestClient) -> None:
    keep = ["russia:no-shared-znpp", "ukraine:no-withdrawal", "ukraine:no-ceding-znpp"]
    r = client.post("/s/geneva-2026/whatif", data={"keep": keep})
    assert r.status_code == 200
    assert 'data-zopa="13"' in r.text
    assert r.text.count('<svg class="uplot"') == 3
    assert "Switched off: russia:full-donbas" in r.text
    r = client.post("/s/geneva-2026/report", data={"keep": keep})
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    assert "-edited-report.html" in r.headers["content-disposition"]
    assert "A deal is possible" in r.text
    r = client.post("/s/geneva-2026/scenario.yaml", data={"keep": keep})
    assert "full-donbas" not in r.text and "no-withdrawal" in r.text
    r = client.post("/s/geneva-2026/whatif", data={"keep": keep, "rv:ukraine": "abc"})
    assert r.status_code == 422
    assert "rv:ukraine must be a number" in r.text


@pytest.mark.slow
def test_simulation_api_and_page(client: TestClient) -> None:
    r = client.post("/api/simulate", json={"seed": 3})
    assert r.status_code == 200
    t = r.json()["transcript"]
    assert t["steps"] and t["result"] in {
        "full_agreement",
        "partial_agreement",
        "deadline",
        "walk_out",
    }
    # the bundled scenario's tracks are negotiated apart: a separable one settles alone
    assert t["result"] == "partial_agreement"
    assert {a["track"] for a in t["tracks"]} == {"humanitarian", "military-technical"}
    page = client.post("/s/geneva-2026/simulate", data={"keep": []})
    assert page.status_code == 200
    assert 'id="sim-result"' in page.text
    # every red line off: the political track agrees too, in the whole package
    assert 'id="sim-tracks"' in page.text and "every track agreed" in page.text
    assert page.text.count("<tr>") >= 2


@pytest.mark.slow
def test_pages_load_only_local_assets(client: TestClient) -> None:
    html = client.get("/s/geneva-2026").text
    assert "http" not in html.replace('"http', "")  # no absolute URL anywhere
    for asset in ("/static/app.js", "/static/style.css"):
        assert asset in html
        assert client.get(asset).status_code == 200
    assert "default-src 'self'" in client.get("/").headers["content-security-policy"]


@pytest.mark.slow
def test_openapi_document(client: TestClient) -> None:
    doc = client.get("/api/openapi.json").json()
    assert {"/api/analyze", "/api/scenarios", "/api/simulate", "/api/report"} <= set(doc["paths"])
    assert client.get("/docs").status_code == 404  # the CDN-based docs page is off


def test_serve_binds_localhost_by_default() -> None:
    cmd = typer.main.get_command(cli_app)
    serve = cmd.get_command(typer.Context(cmd), "serve")  # type: ignore[attr-defined]
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


@pytest.mark.slow
def test_export_of_a_switched_off_red_line_drops_its_uncertainty_entry(
    client: TestClient,
) -> None:
    doc = client.post(
        "/api/export?format=json", json={"edits": {"disabled_red_lines": ["russia:full-donbas"]}}
    ).json()
    russia = doc["uncertainty"]["parties"]["russia"]
    assert set(russia["red_lines"]) == {"no-shared-znpp"}
    assert russia["reservation_value"]["drift"] == {"per": "month", "by": -0.01}
    # the exported document reads back as a scenario whose sweep samples what is left
    from accord.io.native import scenario_from_document
    from accord.io.yaml_source import Document
    from accord.sweep import plan_uncertainty

    with pytest.warns(AccordWarning, match="quotes citing source"):  # no folder: not checked
        sc = scenario_from_document(Document(data=doc, file="export.json"))
    keys = {r.key for r in plan_uncertainty(sc).red_lines}
    assert "russia:full-donbas" not in keys and "russia:no-shared-znpp" in keys
