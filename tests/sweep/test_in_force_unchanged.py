"""A scenario without ratification stages is simulated and swept exactly as before signing
and entry into force were told apart: the outputs taken before the change
(tests/data/in_force/before) are written byte for byte the same.

The simulations were taken when ``accord simulate`` negotiated every scenario as one
package; it now negotiates the tracks of a scenario apart (accord.negotiation.tracks), so
they run on the same scenario with its ``tracks:`` section taken out."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from accord.cli import common
from accord.cli.main import main
from datapaths import DATA

HERE = DATA / "in_force"
SCENARIO = str(HERE / "geneva-no-stages.yaml")

CASES = {
    "sim.json": ["simulate", SCENARIO, "--runs", "30", "--seed", "3", "--json"],
    "sim-st.json": [
        "simulate", SCENARIO, "--protocol", "single-text", "--runs", "10", "--seed", "3", "--json",
    ],
    "sim.txt": ["simulate", SCENARIO, "--seed", "3", "--transcript"],
    "sweep.txt": ["sweep", SCENARIO, "--runs", "300", "--seed", "3", "--workers", "1", "--quiet"],
    "sweep-geneva.json.gz": [
        "sweep", SCENARIO, "--runs", "300", "--seed", "3", "--workers", "1", "--json", "--quiet",
    ],
}  # fmt: skip


def _reference(name: str) -> str:
    path = HERE / "before" / name
    if name.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def _without_tracks(folder: Path) -> str:
    """The scenario with its top-level ``tracks:`` section taken out, written in ``folder``
    beside its source text."""
    lines = Path(SCENARIO).read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, x in enumerate(lines) if x.startswith("tracks:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha())
    out = folder / "geneva-no-stages.yaml"
    out.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    shutil.copy(HERE / "geneva-2026.source.txt", folder / "geneva-2026.source.txt")
    return str(out)


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=[pytest.mark.slow] if "sweep" in n else []) for n in sorted(CASES)],
)
def test_outputs_are_byte_identical(
    name: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(common.console, "width", 120)
    args = CASES[name]
    if args[0] == "simulate":
        untracked = _without_tracks(tmp_path)
        assert "\ntracks:" not in Path(untracked).read_text(encoding="utf-8")
        args = [untracked if a == SCENARIO else a for a in args]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code in (0, None)
    out = capsys.readouterr().out
    ref = _reference(name)
    if name == "sweep.txt":  # the last line is the elapsed time
        out = out[: out.rstrip("\n").rfind("\n") + 1]
    assert out == ref
    if name.endswith((".json", ".json.gz")):
        data = json.loads(out)
        assert "ratification" not in data and "p_in_force" not in data
