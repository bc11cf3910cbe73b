"""Negotiation tracks in the scenario format: read, written back, checked, shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.cli.main import main
from accord.errors import ScenarioError
from accord.io import load_scenario
from accord.io.native import scenario_from_document, scenario_to_document
from accord.io.yaml_source import parse_yaml
from accord.model import CORE, Track, settlement_groups

BUNDLED = load_scenario("geneva-2026")


def _doc() -> dict[str, Any]:
    return scenario_to_document(BUNDLED)


def _load(tmp_path: Path, doc: dict[str, Any]) -> Any:
    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    # the report the scenario quotes sits beside it
    src = Path(BUNDLED.origin.folder or ".") / "geneva-2026.source.txt"
    (tmp_path / "geneva-2026.source.txt").write_text(src.read_text(encoding="utf-8"))
    return load_scenario(f)


def test_bundled_tracks_have_evidence_and_settle_apart() -> None:
    ids = [t.id for t in BUNDLED.tracks]
    assert ids == ["humanitarian", "military-technical", "political"]
    assert all(t.evidence and not any(e.is_assumption for e in t.evidence) for t in BUNDLED.tracks)
    groups = settlement_groups(BUNDLED.tracks, tuple(i.id for i in BUNDLED.issues))
    assert [(g.id, g.issues, g.separable) for g in groups] == [
        (CORE, ("donbas", "znpp"), False),
        ("humanitarian", ("prisoner_exchange",), True),
        ("military-technical", ("ceasefire_monitoring", "energy_truce"), True),
    ]


@pytest.mark.slow
def test_round_trip_keeps_the_tracks() -> None:
    again = scenario_from_document(parse_yaml(yaml.safe_dump(_doc()), None))
    assert again.tracks == BUNDLED.tracks


def test_groups_follow_links_and_untracked_issues_join_the_core() -> None:
    issues = ("a", "b", "c", "d", "e")
    tracks = (
        Track("t1", "T1", ("a",), True, ("t2",)),
        Track("t2", "T2", ("b",), True),
        Track("t3", "T3", ("c",), True, ("t4",)),
        Track("t4", "T4", ("d",), False),
    )
    groups = settlement_groups(tracks, issues)
    # t3 is linked with the non-separable t4, so joins the core with the untracked e
    assert [(g.id, g.tracks, g.issues, g.separable) for g in groups] == [
        (CORE, ("t3", "t4"), ("c", "d", "e"), False),
        ("t1+t2", ("t1", "t2"), ("a", "b"), True),
    ]
    assert settlement_groups((), issues) == ()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (
            lambda d: d["tracks"][0]["issues"].append("donbas"),
            "tracks[2].issues[0]",
            "already in track",
        ),
        (lambda d: d["tracks"][1].update(id="humanitarian"), "tracks[1].id", "duplicate track id"),
        (
            lambda d: d["tracks"][0]["issues"].append("nowhere"),
            "tracks[0].issues[1]",
            "unknown issue",
        ),
        (
            lambda d: d["tracks"][2].update(linked_with=["x"]),
            "tracks[2].linked_with[0]",
            "no other track",
        ),
        (
            lambda d: d["tracks"][2].update(working_groups=["x"]),
            "tracks[2].working_groups[0]",
            "unknown calendar round",
        ),
    ],
)
def test_bad_tracks_are_refused_with_their_path(
    tmp_path: Path, edit: Any, path: str, words: str
) -> None:
    doc = _doc()
    edit(doc)
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, doc)
    assert info.value.path == path, info.value
    assert words in info.value.message


@pytest.mark.slow
def test_show_lists_the_tracks(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["show", "geneva-2026"])
    assert info.value.code in (0, None)
    out = capsys.readouterr().out
    assert "Tracks" in out and "only in a full" in out and "on its own" in out
