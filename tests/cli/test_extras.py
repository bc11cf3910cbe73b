"""Optional extras: a command whose extra is missing exits 2 with one line naming it.

A missing package is simulated in a fresh interpreter by ``sys.modules[name] = None``
(``import name`` then raises ImportError, as when it is not installed). ``.ci/core_only.py``
checks the same on a real installation of the core alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import accord
from accord.errors import EXTRAS, AccordError, MissingExtraError, require_extra
from datapaths import DATA

SRC = Path(accord.__file__).resolve().parents[1]


def _run_without(
    blocked: list[str], argv: list[str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        f"for name in {blocked!r}:\n"
        "    sys.modules[name] = None\n"
        "from accord.cli.main import main\n"
        f"main({argv!r})\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        timeout=300,
    )


def test_require_extra_returns_the_module() -> None:
    assert require_extra("json", "anything").dumps([1]) == "[1]"


def test_require_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingExtraError) as info:
        require_extra("pyarrow.parquet", "--out FILE.parquet")
    assert str(info.value) == (
        "--out FILE.parquet needs the 'parquet' extra: pip install 'accord[parquet]'"
    )
    assert isinstance(info.value, AccordError)


def test_every_extra_named_is_declared() -> None:
    text = (SRC.parent / "pyproject.toml").read_text(encoding="utf-8")
    for extra in set(EXTRAS.values()):
        assert f"\n{extra} = [" in text, extra


CASES = [
    (["distributed"], ["sweep", "--runs", "20", "--dask", "local:2", "--quiet"], "distributed"),
    (
        ["scipy"],
        ["sweep", str(DATA / "sweep" / "geneva-uncertain.yaml"), "--runs", "20"],
        "sweep",
    ),
    (["pyarrow"], ["sweep", "--runs", "20", "--quiet", "--out", "runs.parquet"], "parquet"),
    (["pyarrow"], ["simulate", "--out", "runs.parquet"], "parquet"),
    (["matplotlib"], ["simulate", "--plot", "plot.png"], "report"),
    (["matplotlib"], ["report", "-o", "r.html"], "report"),
    (["jinja2"], ["report", "-o", "r.html"], "report"),
    (["fastapi"], ["serve", "--port", "1"], "web"),
    (["uvicorn"], ["serve", "--port", "1"], "web"),
    (["ortools"], ["analyze", "--solver"], "solver"),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("blocked", "argv", "extra"), CASES, ids=[f"{c[1][0]}-{c[0][0]}" for c in CASES]
)
def test_command_without_its_extra_exits_2_with_one_line(
    blocked: list[str], argv: list[str], extra: str, tmp_path: Path
) -> None:
    proc = _run_without(blocked, argv, tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert f"pip install 'accord[{extra}]'" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not list(tmp_path.iterdir())  # nothing half-written
