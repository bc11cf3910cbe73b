"""Integer and numeric ranges are checked against the option limit before anything is built:
GENIUS integer issues, GeniusWeb number ranges, NegMAS contiguous issues, accord grids."""

from __future__ import annotations

import copy
import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from accord.errors import FormatError
from accord.io.geniusweb import parse_domain
from accord.web import Settings, create_app

from .helpers import BASE, refused

DOMAIN = (
    '<negotiation_template><utility_space number_of_issues="1">'
    '<objective index="0" name="root" type="objective" etype="objective">'
    '<issue index="1" name="n" type="integer" lowerbound="0" upperbound="{upper}"/>'
    "</objective></utility_space></negotiation_template>"
)
PROFILE = (
    '<utility_space><objective index="0" name="root" type="objective" etype="objective">'
    '<issue index="1" name="n" type="integer" lowerbound="0" upperbound="{upper}" '
    'etype="integer" vtype="integer"><evaluator ftype="linear" offset="0" slope="1e-8"/>'
    '</issue><weight index="1" value="1"/></objective></utility_space>'
)


def genius_folder(tmp_path: Path, upper: str) -> Path:
    d = tmp_path / "g"
    d.mkdir()
    (d / "dom.xml").write_text(DOMAIN.format(upper=upper))
    (d / "p1.xml").write_text(PROFILE.format(upper=upper))
    (d / "p2.xml").write_text(PROFILE.format(upper=upper))
    return d


@pytest.mark.parametrize("upper", ["100000000", "1e12"])
def test_genius_integer_range_checked_before_building(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], upper: str
) -> None:
    d = genius_folder(tmp_path, upper)
    tracemalloc.start()
    try:
        line = refused(["info", str(d)], capsys)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "over the limit of 100,000 per issue" in line and "dom.xml" in line
    assert peak < 300_000_000  # imports included; the probe saw 4.07 GB


@pytest.mark.slow
def test_genius_integer_zip_upload_is_a_422() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("dom.xml", DOMAIN.format(upper="100000000"))
        zf.writestr("p1.xml", PROFILE.format(upper="100000000"))
        zf.writestr("p2.xml", PROFILE.format(upper="100000000"))
    data = buf.getvalue()
    assert len(data) < 2000
    with TestClient(
        create_app(Settings()), base_url="http://127.0.0.1", raise_server_exceptions=False
    ) as c:
        t0 = time.perf_counter()
        r = c.post(
            "/api/scenarios",
            files={"file": ("d.zip", data, "application/zip")},
            headers={"X-CSRF-Token": c.get("/api/token").json()["token"]},
        )
        assert time.perf_counter() - t0 < 30
    assert r.status_code == 422
    assert "over the limit" in r.json()["error"]
    assert "/tmp" not in r.json()["error"]


def test_geniusweb_number_range_checked() -> None:
    doc = {"name": "d", "issuesValues": {"n": {"range": [0, 1e12, 1]}}}
    with pytest.raises(FormatError, match="over the limit of 100,000"):
        parse_domain(doc, "domain.json")


def test_numeric_grid_overflow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = copy.deepcopy(BASE)
    doc["issues"][1].update({"max": 1e300, "step": 1e-300})
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(doc))
    line = refused(["analyze", str(p)], capsys)
    assert "over the limit" in line and "issues[1].step" in line
