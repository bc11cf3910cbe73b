"""The dashboard and API at both levels (docs/two-level.md): the what-if moves the bars of
the ratification stages, and the results say where a deal fails."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from accord.io import load_scenario
from accord.web.pages import edits_from_form
from accord.web.whatif import Edits, apply_edits, stage_bar

KEEP = ["russia:no-shared-znpp", "ukraine:no-withdrawal", "ukraine:no-ceding-znpp"]


@pytest.mark.slow
def test_moving_the_referendum_closes_the_level_two_zone(client: TestClient) -> None:
    off = {"disabled_red_lines": ["russia:full-donbas"]}
    base = client.post("/api/analyze", json={"edits": off}).json()
    assert base["two_level"]["zone"]["size"] == base["zopa"]["size"] > 0
    low = client.post(
        "/api/analyze", json={"edits": {**off, "ratification": {"ua-referendum": 0.3}}}
    ).json()
    assert low["zopa"] == base["zopa"]  # level 1 does not move
    assert low["two_level"]["zone"]["size"] == 0
    assert low["two_level"]["fails_at"] == "home"
    assert low["two_level"]["blocked"][0]["stage"] == "ua-referendum"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stages", "fragment"),
    [
        ({"nope": 0.5}, "no ratification stage 'nope'"),
        ({"ua-rada": 0.0}, "must lie in [0.01, 1]"),
        ({"ua-referendum": 1.5}, "must lie in [0, 1]"),
    ],
)
def test_bad_stage_edits_are_named(
    client: TestClient, stages: dict[str, float], fragment: str
) -> None:
    r = client.post("/api/analyze", json={"edits": {"ratification": stages}})
    assert r.status_code == 422
    assert fragment in r.json()["error"]


@pytest.mark.slow
def test_the_whatif_form_has_a_slider_per_stage_and_shows_the_level(client: TestClient) -> None:
    page = client.get("/s/geneva-2026").text
    sc = load_scenario()
    for st in sc.ratification:
        assert f'name="st:{st.id}"' in page
    assert 'id="two-level"' in page and 'data-fails-at="table"' in page
    r = client.post("/s/geneva-2026/whatif", data={"keep": KEEP, "st:ua-referendum": "0.3"})
    assert r.status_code == 200
    assert 'data-fails-at="home"' in r.text and 'id="stages-moved"' in r.text
    assert "blocked at home: Ukraine&#39;s referendum" in r.text
    # the win-sets are drawn on the plots
    assert 'class="win-set"' in r.text


def test_form_values_equal_to_the_scenario_are_not_edits() -> None:
    sc = load_scenario()

    class Form(dict[str, str]):
        def getlist(self, key: str) -> list[str]:
            return []

    same = Form({f"st:{st.id}": repr(stage_bar(st)) for st in sc.ratification})
    assert edits_from_form(sc, same).stages == {}  # type: ignore[arg-type]
    moved = apply_edits(sc, Edits(stages={"ua-rada": 0.6, "ua-president": 0.5}))
    bars = {st.id: stage_bar(st) for st in moved.ratification}
    assert bars["ua-rada"] == 0.6 and bars["ua-president"] == 0.5
    assert moved.parties == sc.parties
