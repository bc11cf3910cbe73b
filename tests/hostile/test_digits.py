"""Integers written with thousands of digits are refused with file, line and path before
Python's own 4,300-digit conversion limit fires (its error names nothing); a GeniusWeb file
named on the command line is not sunk by an unreadable sibling."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from accord.errors import FormatError, ScenarioError
from accord.io.limits import MAX_INT_DIGITS
from accord.io.yaml_source import parse_json, parse_yaml

from .helpers import BASE, refused, run

HUGE = "9" * 5000


@pytest.mark.parametrize("command", ["analyze", "show", "info", "simulate", "report"])
def test_huge_integer_in_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    text = yaml.safe_dump(BASE, sort_keys=False).replace(
        "  reservation_value:", "  reservation_value:", 1
    )
    text += f"deadline:\n  rounds: {HUGE}\n"
    p = tmp_path / "s.yaml"
    p.write_text(text)
    argv = [command, str(p)] + (["-o", str(tmp_path / "r.html")] if command == "report" else [])
    line = refused(argv, capsys)
    assert "5,000 digits" in line and f"limit of {MAX_INT_DIGITS} digits" in line
    assert "deadline.rounds" in line and f"s.yaml:{text.count(chr(10))}" in line


def test_huge_integer_in_json_names_line_and_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(BASE)
    doc["parties"][1]["reservation_value"] = 0
    text = json.dumps(doc, indent=1).replace(
        '"reservation_value": 0', f'"reservation_value": {HUGE}'
    )
    p = tmp_path / "s.json"
    p.write_text(text)
    line = refused(["analyze", str(p)], capsys)
    row = text[: text.index(HUGE)].count("\n") + 1
    assert f"s.json:{row}, parties[1].reservation_value" in line and "5,000 digits" in line


def test_the_bound_is_checked_by_the_parsers_directly() -> None:
    ok = "9" * MAX_INT_DIGITS
    assert parse_yaml(f"a: {ok}\n", "t.yaml").data["a"] == int(ok)
    assert parse_json(f'{{"a": -{ok}}}', "t.json").data["a"] == -int(ok)
    for text in (
        f"a: {ok}9\n",
        f"a: 0x{'f' * 101}\n",
        f"a: [1, {'1_' * 101}1]\n",
        f"a: 1{':59' * 60}\n",
    ):
        with pytest.raises(ScenarioError, match="over the limit"):
            parse_yaml(text, "t.yaml")
    # a quoted string of digits is text, not a number
    assert parse_yaml(f'a: "{HUGE}"\n', "t.yaml").data["a"] == HUGE


def geniusweb_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    src = tmp_path / "s.yaml"
    src.write_text(yaml.safe_dump(BASE, sort_keys=False))
    out = tmp_path / "gw"
    code, _, err = run(
        ["convert", str(src), "--to", "geniusweb", "--lossy", "-o", str(out)], capsys
    )
    assert code == 0, err
    return out


def test_geniusweb_profile_with_a_huge_integer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gw = geniusweb_folder(tmp_path, capsys)
    profile = sorted(p for p in gw.glob("*.json") if p.stem == "x")[0]
    profile.write_text(profile.read_text().replace("{", '{"extra": ' + HUGE + ", ", 1))
    line = refused(["info", str(gw)], capsys)
    assert "x.json:1, extra" in line and "5,000 digits" in line
    with pytest.raises(FormatError):
        from accord.io.geniusweb import parse_json as gw_json

        gw_json(profile)


def test_geniusweb_file_not_sunk_by_a_bad_sibling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gw = geniusweb_folder(tmp_path, capsys)
    (gw / "notes.json").write_text('{"n": ' + HUGE + "}")
    code, out, err = run(["info", str(gw / "x.json")], capsys)
    assert code == 0, err
    assert "2 parties" in out
    assert "notes.json: skipped" in err and "Traceback" not in err
    line = refused(["info", str(gw)], capsys)  # the folder itself: every file is part of it
    assert "notes.json" in line and "5,000 digits" in line


@pytest.mark.slow
def test_dashboard_upload_with_a_huge_integer_is_a_422() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from accord.web import Settings, create_app

    data = (yaml.safe_dump(BASE, sort_keys=False) + f"deadline:\n  rounds: {HUGE}\n").encode()
    with TestClient(
        create_app(Settings()), base_url="http://127.0.0.1", raise_server_exceptions=False
    ) as c:
        r = c.post(
            "/api/scenarios",
            files={"file": ("s.yaml", data, "application/x-yaml")},
            headers={"X-CSRF-Token": c.get("/api/token").json()["token"]},
        )
    assert r.status_code == 422, r.text
    assert "5,000 digits" in r.json()["error"] and HUGE[:200] not in r.text


def test_actor_table_with_a_huge_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "actors.csv"
    p.write_text(f"Actor,Capability,Position,Salience\na,{HUGE},1,1\nb,1,2,1\n")
    line = refused(["forecast", str(p)], capsys)
    assert "actors.csv:2" in line and "Capability" in line and len(line) < 300
