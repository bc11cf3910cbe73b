"""A scenario without tracks and without a calendar is simulated exactly as before the step
engine negotiated tracks apart: the outputs taken before the change
(tests/data/untracked_sim, see its README) are printed byte for byte the same, under both
protocols, as JSON and in the terminal."""

from __future__ import annotations

import pytest

from accord.cli import common
from accord.cli.main import main
from datapaths import DATA

HERE = DATA / "untracked_sim"
CAMERA = str(DATA / "genius" / "CameraB")
GENEVA = str(DATA / "sweep" / "geneva-uncertain.yaml")
CAM_S = ["--strategy", "Camera-B-prof1=boulware"]

CASES = {
    "camerab-ao.json": [
        CAMERA, "--runs", "20", "--seed", "5", "--exchanges", "30", *CAM_S,
        "--strategy", "Camera-B-prof2=conceder", "--json",
    ],
    "camerab-random.json": [
        CAMERA, "--runs", "10", "--seed", "5", "--exchanges", "30", *CAM_S,
        "--strategy", "Camera-B-prof2=random", "--json",
    ],
    "camerab-st.json": [
        CAMERA, "--runs", "5", "--seed", "5", "--exchanges", "12", "--protocol", "single-text",
        "--neutral-mediator", *CAM_S, "--strategy", "Camera-B-prof2=conceder", "--json",
    ],
    "gu-ao.json": [GENEVA, "--runs", "10", "--seed", "3", "--json"],
    "gu-st.json": [GENEVA, "--runs", "10", "--seed", "3", "--protocol", "single-text", "--json"],
    "gu-ao.txt": [GENEVA, "--runs", "3", "--seed", "3", "--transcript"],
    "gu-st.txt": [
        GENEVA, "--runs", "3", "--seed", "3", "--protocol", "single-text", "--transcript",
    ],
}  # fmt: skip


def test_the_inputs_have_no_tracks_and_no_calendar() -> None:
    from accord.io import load_scenario

    for path in (CAMERA, GENEVA):
        sc = load_scenario(path)
        assert sc.tracks == () and sc.calendar is None


@pytest.mark.parametrize("name", sorted(CASES))
def test_outputs_are_byte_identical(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common.console, "width", 120)
    with pytest.raises(SystemExit) as info:
        main(["simulate", *CASES[name]])
    assert info.value.code in (0, None)
    out = capsys.readouterr().out
    assert out == (HERE / name).read_text(encoding="utf-8")
    assert '"tracks"' not in out
