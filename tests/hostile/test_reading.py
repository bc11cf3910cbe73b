"""Hostile files at the reading boundary: alias and merge-key bombs, deep nesting, devices,
FIFOs, oversized files, lone surrogates, duplicate keys; each answered by one line and exit
code 2, fast, on every reader (scenarios, foreign formats, forecast inputs)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from accord.errors import ScenarioError
from accord.io import load_scenario
from accord.io.yaml_source import MAX_ALIAS_NODES, parse_json, parse_yaml
from hostile_inputs import alias_bomb, merge_bomb

from .helpers import BASE, refused, scenario_yaml


def test_alias_bomb_refused_by_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "bomb.yaml"
    p.write_text(alias_bomb())
    assert p.stat().st_size < 500
    t0 = time.perf_counter()
    line = refused(["analyze", str(p)], capsys)
    assert "aliases" in line and f"{MAX_ALIAS_NODES:,}" in line
    assert time.perf_counter() - t0 < 30  # the unbounded walk ran for hours


def test_alias_bomb_prepended_to_a_valid_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = tmp_path / "s.yaml"
    p.write_text("x-bomb: " + "\n".join(["&z0 [l]"]) + "\n" + alias_bomb() + scenario_yaml())
    assert "aliases" in refused(["show", str(p)], capsys)


def test_merge_key_bomb_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "merge.yaml"
    p.write_text(merge_bomb(25))
    assert "merge keys" in refused(["analyze", str(p)], capsys)


def test_forecast_refuses_the_bomb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "f.yaml"
    p.write_text(alias_bomb() + "forecast: {}\n")
    assert "aliases" in refused(["forecast", str(p)], capsys)


def test_small_alias_use_still_works() -> None:
    text = "common: &c {at_min: 0, at_max: 1}\nm: {linear: *c}\nn: {linear: *c}\n"
    doc = parse_yaml(text, "t.yaml")
    assert doc.data["m"] == doc.data["n"] == {"linear": {"at_min": 0, "at_max": 1}}


def test_recursive_alias_refused() -> None:
    with pytest.raises(ScenarioError, match="recursive"):
        parse_yaml("a: &a [1, *a]\n", "t.yaml")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    p = tmp_path / f"deep{suffix}"
    p.write_text('{"a": ' + "[" * 1000 + "]" * 1000 + "}")
    assert "nest" in refused(["analyze", str(p)], capsys)


def test_deep_nesting_in_geniusweb_and_forecast_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gw = tmp_path / "gw"
    gw.mkdir()
    (gw / "domain.json").write_text('{"issuesValues": ' + "[" * 5000 + "]" * 5000 + "}")
    assert "nested" in refused(["analyze", str(gw)], capsys)
    f = tmp_path / "f.json"
    f.write_text('{"forecast": ' + "[" * 5000 + "]" * 5000 + "}")
    assert "nested" in refused(["forecast", str(f)], capsys)


def test_lone_surrogate_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(json.dumps(BASE))
    doc["metadata"]["title"] = "T \ud800"
    p = tmp_path / "s.json"
    p.write_text(json.dumps(doc))  # ascii-escaped: "\\ud800"
    assert "surrogate" in refused(["analyze", str(p), "--json"], capsys)


def test_duplicate_json_keys_refused() -> None:
    with pytest.raises(ScenarioError, match="duplicate key 'a'"):
        parse_json('{"a": 1, "a": 2}', "t.json")


def test_bom_accepted_alike_in_yaml_and_json(tmp_path: Path) -> None:
    y = tmp_path / "s.yaml"
    y.write_bytes(b"\xef\xbb\xbf" + scenario_yaml().encode())
    j = tmp_path / "s.json"
    j.write_bytes(b"\xef\xbb\xbf" + json.dumps(BASE).encode())
    assert load_scenario(y).id == load_scenario(j).id == "t"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("a: !!set {x, y}\n", "a set"),
        ("a: !!binary aGVsbG8=\n", "binary"),
        ("a: 2026-02-30\n", "not a valid date"),
    ],
)
def test_yaml_tags_refused_with_a_line(text: str, match: str) -> None:
    with pytest.raises(ScenarioError, match=match) as info:
        parse_yaml("x: 1\n" + text, "t.yaml")
    assert info.value.line == 2


def test_dev_zero_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert "not a regular file" in refused(["analyze", "/dev/zero"], capsys)


def test_fifo_refused_without_blocking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "p3.yaml"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(["analyze", str(fifo)], capsys)


def test_fifo_and_device_in_a_genius_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = tmp_path / "g"
    d.mkdir()
    (d / "dom.xml").write_text(
        '<negotiation_template><utility_space><objective index="0" name="o">'
        '<issue index="1" name="i" type="discrete"><item index="1" value="a"/>'
        "</issue></objective></utility_space></negotiation_template>"
    )
    (d / "p1.xml").symlink_to("/dev/zero")
    os.mkfifo(d / "p3.xml")
    line = refused(["analyze", str(d)], capsys)
    assert "not a regular file" in line


def test_forecast_input_over_the_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = tmp_path / "big.csv"
    with p.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB declared, nothing written
    t0 = time.perf_counter()
    assert "over the limit" in refused(["forecast", str(p)], capsys)
    assert time.perf_counter() - t0 < 30


def test_forecast_input_fifo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "t.csv"
    os.mkfifo(p)
    assert "not a regular file" in refused(["forecast", str(p)], capsys)
