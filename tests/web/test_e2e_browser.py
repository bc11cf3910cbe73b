"""End to end in a real browser: Debian's Chromium driven by Playwright against a live
server. Screenshots go to tests-artifacts/screenshots/ (kept by CI)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from accord.analysis import analyze
from accord.io import load_scenario
from accord.web import Settings, create_app
from system import require_component

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS_URI = (Path(__file__).resolve().parents[2] / "tests-artifacts").as_uri()
require_component(
    Path(CHROMIUM).exists(), f"Debian's Chromium ({CHROMIUM})", "apt-get install chromium"
)
MALFORMED = b"accord: 1\nmetadata:\n  id: broken\n  title: [unclosed\nparties: []\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(Settings()), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # wait for the socket, not for a time
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "the dashboard did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    outside: list[str] = []
    local = (base_url, (ARTIFACTS_URI))
    pg.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
    yield pg
    context.close()
    assert outside == [], f"the page reached outside the server: {outside}"


def blocking_red_line() -> str:
    """The red line whose relaxation alone opens a zone of agreement (from the analysis)."""
    a = analyze(load_scenario())
    assert a.deadlock is not None
    change = a.deadlock.relaxations[0].changes[0]
    return f"{change.party}:{change.red_line}"


@pytest.mark.slow
def test_switch_off_the_blocking_red_line(page: Page, base_url: str, artifacts: Path) -> None:
    shots = artifacts / "screenshots"
    page.goto(base_url + "/")
    page.click('a[data-scenario="geneva-2026"]')
    expect(page.locator("#verdict")).to_have_attribute("data-zopa", "0")
    expect(page.locator("#diagnosis .conflict")).to_have_count(1)
    page.screenshot(path=str(shots / "01-default-deadlock.png"), full_page=True)

    page.uncheck(f'input[data-red-line="{blocking_red_line()}"]')
    expect(page.locator("#verdict.open")).to_be_visible()
    size = int(page.locator("#zopa-size").inner_text().replace(",", ""))
    assert size > 0
    assert page.locator("svg.uplot g.zopa circle").count() >= size  # drawn in every pair plot
    # recorded for the record (CI keeps it), never asserted: timings depend on the machine
    (artifacts / "whatif-latency.json").write_text(
        json.dumps(
            {
                "server_ms": float(page.locator("#latency").get_attribute("data-ms") or "nan"),
                "edit_to_screen_ms": float(
                    page.locator("#results").get_attribute("data-client-ms") or "nan"
                ),
            },
            indent=2,
        )
    )
    page.screenshot(path=str(shots / "02-red-line-off-zopa-open.png"), full_page=True)

    page.check(f'input[data-red-line="{blocking_red_line()}"]')
    expect(page.locator("#verdict.closed")).to_be_visible()

    page.click("#run-simulation")
    expect(page.locator("#sim-result")).to_be_visible()
    assert page.locator("table.transcript tbody tr").count() >= 2
    page.screenshot(path=str(shots / "03-simulation.png"), full_page=True)


@pytest.mark.slow
def test_upload_a_malformed_file(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(base_url + "/")
    page.set_input_files(
        "#file", files=[{"name": "broken.yaml", "mimeType": "text/yaml", "buffer": MALFORMED}]
    )
    page.click('#upload button[type="submit"]')
    error = page.locator("#upload-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("broken.yaml:")
    expect(error).to_contain_text("malformed YAML")
    page.screenshot(path=str(artifacts / "screenshots" / "04-upload-error.png"), full_page=True)


@pytest.mark.slow
def test_download_the_report(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(base_url + "/s/geneva-2026")
    page.uncheck(f'input[data-red-line="{blocking_red_line()}"]')
    expect(page.locator("#verdict.open")).to_be_visible()
    with page.expect_download() as info:
        page.click("#download-report")
    download = info.value
    assert download.suggested_filename == "geneva-2026-edited-report.html"
    target = artifacts / download.suggested_filename
    download.save_as(target)
    html = target.read_text(encoding="utf-8")
    assert "A deal is possible" in html
    assert '<section id="deadlock">' in html
    page.goto(target.resolve().as_uri())
    expect(page.locator("#verdict")).to_contain_text("A deal is possible")
    page.screenshot(path=str(artifacts / "screenshots" / "05-downloaded-report.png"))


@pytest.mark.slow
def test_run_a_sweep_with_progress(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(base_url + "/s/geneva-2026")
    page.fill("#sweep-runs", "200")
    page.fill("#sweep-seed", "1")
    page.select_option("#sweep-protocol", "alternating-offers")
    page.click("#run-sweep")
    bar = page.locator("#sweep-progress")
    expect(bar).to_be_visible()
    expect(bar).to_have_attribute("max", "200")
    expect(page.locator("#sweep-done")).to_be_visible(timeout=60_000)
    expect(page.locator("#sweep-run")).to_have_attribute("data-status", "done")
    assert bar.evaluate("b => [b.value, b.max]") == [200, 200]
    expect(page.locator("#sweep-count")).to_contain_text("200 of 200 runs")
    expect(page.locator("#sweep-p-zopa")).to_contain_text("95% interval")
    expect(page.locator("#sweep-p-full")).to_contain_text("95% interval")
    expect(page.locator("#sweep-p-partial")).to_contain_text("95% interval")
    expect(page.locator("#odds-chart")).to_be_visible()
    expect(page.locator("#sweep-headline")).to_contain_text("The odds:")
    expect(page.locator("#sweep-headline")).to_contain_text("simulation (Monte Carlo) error")
    assert page.locator("#sweep-binding tbody tr").count() >= 1
    assert page.locator("#sweep-sensitivity tbody tr").count() >= 1
    # the sweep options are not what-if edits: the analysis was not redone for them
    expect(page.locator("#results")).not_to_have_attribute("data-version", "1")
    page.locator("#sweep").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "screenshots" / "06-sweep.png"), full_page=True)
