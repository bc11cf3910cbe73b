"""The talks record in the dashboard (/record, /compare, /api/record/...) and in the report
("since the last version", timeline)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from accord.io import bundled_scenarios
from accord.report.history import timeline_svg
from accord.web import Settings, create_app

if TYPE_CHECKING:
    from clirun import Cli


@pytest.fixture
def two_versions(tmp_path: Path, cli: Cli) -> str:
    db = str(tmp_path / "r.db")
    assert cli(["talks", "init", "--example", "--db", db])[0] == 0
    src = bundled_scenarios()["geneva-2026"]
    t = src.read_text(encoding="utf-8")
    i, j = t.index("      - id: full-donbas\n"), t.index("      - id: no-shared-znpp\n")
    t = t[:i] + t[j:]
    t = "".join(x for x in t.splitlines(keepends=True) if not x.strip().startswith("full-donbas:"))
    (tmp_path / "edit.yaml").write_text(t, encoding="utf-8")
    (tmp_path / "geneva-2026.source.txt").write_bytes(
        src.with_name("geneva-2026.source.txt").read_bytes()
    )
    code, _, err = cli(["talks", "commit", str(tmp_path / "edit.yaml"), "-m", "Moscow moves",
                        "--as-of", "2026-03-05", "--db", db])  # fmt: skip
    assert code == 0, err
    return db


@pytest.mark.slow
def test_dashboard_record_and_compare(two_versions: str) -> None:
    client = TestClient(create_app(Settings(record=two_versions)), base_url="http://127.0.0.1")
    page = client.get("/record")
    assert page.status_code == 200
    assert "Moscow moves" in page.text and "<svg" in page.text and "13 of 162" in page.text
    api = client.get("/api/record/timeline").json()
    assert [v["seq"] for v in api["versions"]] == [1, 2]
    d = client.get("/api/record/compare", params={"a": "@1", "b": "@2"}).json()
    assert d["analysis"]["zopa_size"] == {"before": 0, "after": 13}
    assert d["b"].startswith("geneva-2026 version 2")
    # a bundled scenario against a record version, as a page
    html = client.get("/compare", params={"a": "geneva-2026", "b": "@latest"})
    assert html.status_code == 200
    assert "full-donbas removed" in html.text and "13 of 162" in html.text
    bad = client.get("/api/record/compare", params={"a": "@42", "b": "@1"})
    assert bad.status_code in (404, 422) and "no version" in bad.json()["error"]
    missing = TestClient(
        create_app(Settings(record=two_versions + ".none")), base_url="http://127.0.0.1"
    ).get("/record")
    assert missing.status_code == 200 and "accord talks init" in missing.text


@pytest.mark.slow
def test_report_since_last_version_and_timeline(
    two_versions: str, tmp_path: Path, cli: Cli
) -> None:
    out = tmp_path / "r.html"
    code, _, err = cli(["report", "@latest", "-o", str(out), "--no-simulate", "--no-forecast",
                        "--db", two_versions])  # fmt: skip
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    since = html[html.index('<section id="since">') : html.index('<section id="timeline">')]
    assert "geneva-2026 version 1" in since and "geneva-2026 version 2" in since
    assert "full-donbas removed" in since
    assert "0 of 162" in since and "13 of 162" in since
    timeline = html[html.index('<section id="timeline">') :]
    assert "Moscow moves" in timeline and "<svg" in timeline
    # a file with --since: the same section, no record needed for the timeline
    code, _, err = cli(["report", str(tmp_path / "edit.yaml"), "--since", "geneva-2026", "-o",
                        str(out), "--force", "--no-simulate", "--no-forecast"])  # fmt: skip
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert '<section id="since">' in html and '<section id="timeline">' not in html


def test_timeline_svg_places_versions_by_date() -> None:
    versions = [
        {"seq": 1, "as_of": "2026-02-18", "zopa_size": 0, "n_outcomes": 162, "p_full": 0.3,
         "deadline": "2026-06-30", "message": "a"},
        {"seq": 2, "as_of": "2026-03-05", "zopa_size": 81, "n_outcomes": 162, "p_full": 0.8,
         "deadline": "2026-06-30", "message": "b"},
    ]  # fmt: skip
    svg = timeline_svg(versions, [{"date": "2026-01-23", "kind": "round", "title": "abu"}])
    assert svg.count("<rect") == 2 and svg.count("<circle") == 2
    assert "deadline 30 Jun 2026" in svg and "abu" in svg
    # the later version's bar is to the right and, at half the packages, higher
    import re

    rects = [tuple(map(float, m)) for m in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)"', svg)]
    assert rects[1][0] > rects[0][0] and rects[1][1] < rects[0][1]


def test_timeline_svg_labels_months_and_one_label_per_day() -> None:
    import re

    versions = [
        {"seq": k, "as_of": day, "zopa_size": z, "n_outcomes": 162, "p_full": None,
         "deadline": "2026-06-30", "message": "m"}
        for k, day, z in ((1, "2026-02-18", 0), (2, "2026-02-18", 0), (3, "2026-02-26", 13))
    ]  # fmt: skip
    svg = timeline_svg(versions, [{"date": "2025-02-18", "kind": "round", "title": "riyadh"}])
    labels = re.findall(r">([#][^<]*)</text>", svg)
    # two versions on one day share one label; the next day's label is set apart
    assert labels == ["#1–2: 0", "#3: 13"]
    anchors = re.findall(r'text-anchor="(\w+)" fill="#2b6cb0">#', svg)
    assert anchors == ["end", "start"]
    # the date axis is labelled by month, the first tick and each January with the year
    months = re.findall(r'text-anchor="middle">([A-Z][a-z]{2}(?: \d{4})?)</text>', svg)
    assert months[0].endswith("2025") and "Jan 2026" in months and len(months) >= 4
    assert 'font-size="13"' in svg
