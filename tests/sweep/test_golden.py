"""The sweep's results are byte-identical to the golden ones (tests/data/sweep/golden,
README there): the JSON report of ``accord sweep --json`` and the runs written by ``--out``,
for the bundled scenario and examples/ceasefire-talks.yaml on a fixed seed and runs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from accord.cli.main import main

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "sweep" / "golden"
ROOT = Path(__file__).resolve().parents[2]
CASES: dict[str, list[str]] = json.loads((GOLDEN / "cases.json").read_text("utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_sweep_matches_golden(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(ROOT / a) if a.startswith("examples/") else a for a in CASES[name]]
    runs = tmp_path / "runs.jsonl"
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--workers", "1", "--quiet", "--json", "--out", str(runs)])
    assert stop.value.code in (0, None)
    out = capsys.readouterr().out
    expected = (GOLDEN / f"{name}.json").read_text("utf-8")
    assert json.loads(out) == json.loads(expected)  # a readable diff first
    assert out == expected
    digest = hashlib.sha256(runs.read_bytes()).hexdigest()
    assert digest == (GOLDEN / f"{name}.runs.sha256").read_text("utf-8").strip()
