"""The dashboard shows evidence kinds, who concedes what, partial agreements by issue name
and the simulation as a chart run on the edited scenario."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

ALL_RED_LINES = [
    "russia:full-donbas",
    "russia:no-shared-znpp",
    "ukraine:no-withdrawal",
    "ukraine:no-ceding-znpp",
]


@pytest.mark.slow
def test_workspace_marks_each_red_line_with_its_evidence_kind(client: TestClient) -> None:
    html = client.get("/s/geneva-2026").text
    kinds = re.findall(r'data-evidence-kind="(\w+)"', html)
    assert kinds.count("inferred") == 3 and kinds.count("reported") == 1
    assert "Inference:" in html and "reporter&#39;s judgement" in html


@pytest.mark.slow
def test_results_show_who_concedes_what_and_partial_agreements_by_name(client: TestClient) -> None:
    r = client.post("/s/geneva-2026/whatif", data={"keep": ALL_RED_LINES})
    assert r.status_code == 200
    assert 'id="concessions"' in r.text
    assert r.text.count('data-kind="relaxation"') == 2 and 'data-kind="partial"' in r.text
    agreeable = r.text.split("Agreeable now")[1].split("</ul>")[0]
    assert "Ceasefire monitoring mechanism" in agreeable and "ceasefire_monitoring" not in agreeable
    # with Russia's full-donbas off there is a zone, and the Nash solution's table
    keep = [k for k in ALL_RED_LINES if k != "russia:full-donbas"]
    r = client.post("/s/geneva-2026/whatif", data={"keep": keep})
    assert 'data-kind="solution"' in r.text and "Nash solution" in r.text


@pytest.mark.slow
def test_simulation_is_a_chart_on_the_edited_scenario(client: TestClient) -> None:
    page = client.post("/s/geneva-2026/simulate", data={"keep": ALL_RED_LINES}).text
    assert "Runs on the scenario as edited" in page
    assert '<svg class="simchart"' in page and "Concession curves" in page
    ticks = [int(t) for t in re.findall(r'class="tick">(\d+)<', page)]
    assert ticks[0] == 1 and ticks == sorted(ticks)  # whole exchanges counted from 1
    assert '<details id="sim-transcript">' in page
    rounds = [int(x) for x in re.findall(r'<tr><td class="num">(\d+)</td>', page)]
    assert min(rounds) == 1
    # every red line off: the talks agree, and the agreement's concessions are shown
    page = client.post("/s/geneva-2026/simulate", data={"keep": []}).text
    assert "switched off: russia:full-donbas" in page
    assert 'id="sim-result">full agreement' in page
    assert 'data-kind="simulated"' in page and "The simulated agreement" in page


def test_favicon(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in r.content
    assert 'rel="icon"' in client.get("/").text


@pytest.mark.slow
def test_a_simulation_short_of_acceptable_packages_says_why(client: TestClient) -> None:
    keep = [k for k in ALL_RED_LINES if k != "russia:full-donbas"]
    zone = client.post("/s/geneva-2026/whatif", data={"keep": keep}).text
    size = int(re.search(r'data-zopa="(\d+)"', zone).group(1))  # type: ignore[union-attr]
    assert size > 0
    page = client.post("/s/geneva-2026/simulate", data={"keep": keep}).text
    result = re.search(r'id="sim-result">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    why = re.search(r'<p id="sim-why">([^<]+)</p>', page)
    if result == "full agreement":
        assert why is None  # a full agreement needs no excuse
    else:
        assert why is not None
        text = why.group(1)
        assert f"did not reach any of the {size:,} acceptable packages" in text
        assert "plays staller" in text and "exchanges" in text
    # with every red line on there is no zone: the reason does not speak of packages
    page = client.post("/s/geneva-2026/simulate", data={"keep": ALL_RED_LINES}).text
    why = re.search(r'<p id="sim-why">([^<]+)</p>', page)
    assert why is not None and "acceptable packages" not in why.group(1)
