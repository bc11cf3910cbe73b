"""A sweep manifest damaged or written to hurt (nested 100,000 levels deep, an integer of
thousands of digits, not an object, oversized) stops ``--resume`` with one line naming the
parts folder, never a RecursionError; through the command line, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import ConfigurationError
from accord.sweep.output import MAX_MANIFEST_BYTES, parts_dir, read_manifest

from .helpers import refused
from .test_sweep_resume import interrupted, sweep


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"runs": ' + "7" * 5000 + "}", "5,000 digits"),
        ("[1, 2]", "not a JSON object"),
        ("{", "Expecting"),
        (" " * (MAX_MANIFEST_BYTES + 1), "over the limit"),
    ],
)
def test_hostile_manifests(tmp_path: Path, text: str, words: str) -> None:
    out = interrupted(tmp_path)
    (parts_dir(out) / "manifest.json").write_text(text)
    with pytest.raises(ConfigurationError, match="unreadable manifest") as info:
        sweep(out, resume=True)
    assert words in str(info.value) and len(str(info.value)) < 500


@pytest.mark.slow
def test_deep_manifest_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.parquet"
    parts = parts_dir(out)
    parts.mkdir()
    (parts / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    line = refused(
        ["sweep", "geneva-2026", "--runs", "8", "--workers", "1", "--quiet", "--out", str(out),
         "--resume"],
        capsys,
    )  # fmt: skip
    assert "unreadable manifest" in line and "nested too deeply" in line


@pytest.mark.slow
def test_a_long_value_is_not_echoed(tmp_path: Path) -> None:
    out = interrupted(tmp_path)
    path = parts_dir(out) / "manifest.json"
    path.write_text('{"scenario": "' + "x" * 100_000 + '"}')
    with pytest.raises(ConfigurationError, match="different sweep") as info:
        sweep(out, resume=True)
    assert len(str(info.value)) < 1000


def test_read_manifest_accepts_a_real_one() -> None:
    assert read_manifest(b'{"runs": 40, "seed": 3}') == {"runs": 40, "seed": 3}
