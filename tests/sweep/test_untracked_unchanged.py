"""A scenario without tracks and without a calendar sweeps exactly as before tracks and
named events existed: every field of the reference outputs (tests/data/sweep/untracked,
taken before the change) is written byte for byte the same; new fields may only be added."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.cli.main import main
from datapaths import DATA

HERE = DATA / "sweep" / "untracked"
GENEVA = str(DATA / "sweep" / "geneva-uncertain.yaml")
CAMERA = str(DATA / "genius" / "CameraB")
CAMERA_STRATEGIES = [
    "--strategy",
    "Camera-B-prof1=boulware",
    "--strategy",
    "Camera-B-prof2=hardliner",
]

CASES = {
    "camerab-ao.json": [
        CAMERA,
        "--runs",
        "400",
        "--seed",
        "7",
        "--exchanges",
        "12",
        "--protocol",
        "alternating-offers",
        *CAMERA_STRATEGIES,
    ],
    "gu-ao.json": [GENEVA, "--runs", "400", "--seed", "11"],
    "gu-st.json": [GENEVA, "--runs", "200", "--seed", "11", "--protocol", "single-text"],
}


def _same(new: object, old: object) -> bool:
    return json.dumps(new) == json.dumps(old)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_existing_fields_are_byte_identical(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    ref = json.loads((HERE / name).read_text(encoding="utf-8"))
    with pytest.raises(SystemExit) as info:
        main(["sweep", *CASES[name], "--workers", "1", "--json", "--quiet"])
    assert info.value.code == 0
    new = json.loads(capsys.readouterr().out)
    # the old fields, in their old order, each written exactly as before
    assert [k for k in new if k in ref] == list(ref)
    for key, value in ref.items():
        if key != "by_date":
            assert _same(new[key], value), key
    assert "agreed_tracks" not in new  # no tracks: nothing to name
    if ref["by_date"] is None:
        assert new["by_date"] is None
        return
    assert len(new["by_date"]) == len(ref["by_date"])
    for got, want in zip(new["by_date"], ref["by_date"], strict=True):
        assert _same({k: got[k] for k in want}, want), want["date"]
        # named events: the issues settled; no calendar, so no round events
        assert "p_round" not in got
        assert set(got["p_agreed"]) == set(new["outcomes"])


def test_reference_files_are_the_committed_outputs() -> None:
    assert sorted(p.name for p in Path(HERE).glob("*.json")) == sorted(CASES)


@pytest.mark.slow
def test_bootstrap_drawn_ahead_gives_the_same_sensitivity(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # with worker processes the bootstrap's weights are drawn while the runs simulate
    ref = json.loads((HERE / "gu-ao.json").read_text(encoding="utf-8"))
    with pytest.raises(SystemExit) as info:
        main(["sweep", *CASES["gu-ao.json"], "--workers", "2", "--json", "--quiet"])
    assert info.value.code == 0
    new = json.loads(capsys.readouterr().out)
    assert ref["sensitivity"] and _same(new["sensitivity"], ref["sensitivity"])
