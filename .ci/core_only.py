"""CI check of the light core, run by .ci/run with the python of a fresh venv where only
``pip install .`` was done (no extra):

1. no optional package is installed there (else the check would prove nothing);
2. importing accord and its core layers imports no optional package;
3. the core commands work on bundled data: analyze, show, scenarios, schema, convert, info,
   simulate, forecast (and a sweep whose inputs need no scipy);
4. each command needing an extra exits 2 with one line naming it (pip install 'accord[X]').

Usage: ``/tmp/core-venv/bin/python .ci/core_only.py`` from the repository root.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = (
    "fastapi",
    "uvicorn",
    "python_multipart",
    "jinja2",
    "matplotlib",
    "scipy",
    "ortools",
    "pyarrow",
    "pandas",
    "dask",
    "distributed",
    "sqlalchemy",
    "alembic",
    "psycopg",
)
CORE_LAYERS = (
    "accord",
    "accord.model",
    "accord.io",
    "accord.space",
    "accord.analysis",
    "accord.negotiation",
    "accord.forecast",
    "accord.sweep",
    "accord.cli.main",
)
ACCORD = Path(sys.executable).with_name("accord")
failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ACCORD), *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=600
    )


def main() -> None:
    installed = [m for m in OPTIONAL if importlib.util.find_spec(m) is not None]
    check(not installed, f"no optional package installed in the core venv ({installed or 'none'})")

    probe = (
        "import json, sys\n"
        + "".join(f"import {m}\n" for m in CORE_LAYERS)
        + "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd="/"
    ).stdout
    loaded = {m.split(".")[0] for m in json.loads(out)}
    heavy = sorted(loaded & set(OPTIONAL))
    check(not heavy, f"importing {', '.join(CORE_LAYERS)} imports no extra ({heavy or 'none'})")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        example = str(ROOT / "examples" / "ceasefire-talks.yaml")  # no scipy-backed inputs
        sweep = ["sweep", example, "--strategy", "north=conceder", "--strategy", "south=boulware"]
        sweep += ["--quiet"]
        core = [
            ["analyze"],
            ["analyze", "--json"],
            ["show"],
            ["scenarios"],
            ["schema"],
            ["convert", "geneva-2026", "--to", "genius", "--lossy", "-o", "geneva-genius"],
            ["info", "geneva-genius"],
            ["convert", "geneva-genius", "--to", "yaml", "-o", "back.yaml"],
            ["simulate"],
            ["simulate", "--runs", "200", "--seed", "1", "--json", "--out", "runs.csv"],
            ["forecast", "geneva-2026", "--json"],
            [*sweep, "--runs", "50", "--workers", "1", "--json"],
            ["--help"],
        ]
        for args in core:
            proc = run(args, work)
            detail = proc.stderr.strip().splitlines()[-1:] if proc.returncode else ""
            check(
                proc.returncode == 0 and proc.stdout.strip() != "",
                f"accord {' '.join(args)} {detail}",
            )

        uncertain = str(ROOT / "tests" / "data" / "sweep" / "geneva-uncertain.yaml")
        needs_extra = [
            (["report", "-o", "report.html"], "report"),
            (["simulate", "--plot", "plot.png"], "report"),
            (["serve", "--port", "8765"], "web"),
            (["analyze", "--solver"], "solver"),
            (["simulate", "--runs", "5", "--out", "runs.parquet"], "parquet"),
            ([*sweep, "--runs", "20", "--out", "runs.parquet"], "parquet"),
            ([*sweep, "--runs", "20", "--dask", "local:2"], "distributed"),
            (["sweep", "--runs", "20", "--quiet"], "sweep"),  # beta, normal, Dirichlet inputs
            (["sweep", uncertain, "--runs", "20", "--quiet"], "sweep"),
            (["talks", "init", "--db", str(work / "talks.db")], "db"),
        ]
        for args, extra in needs_extra:
            proc = run(args, work)
            lines = proc.stderr.strip().splitlines()
            ok = (
                proc.returncode == 2
                and len(lines) == 1
                and f"pip install 'accord[{extra}]'" in lines[0]
                and "Traceback" not in proc.stderr
            )
            shown = lines[0] if len(lines) == 1 else f"{len(lines)} lines: {proc.stderr[-300:]!r}"
            check(ok, f"accord {' '.join(args)} -> exit {proc.returncode}: {shown}")

    if failures:
        print(f"\n{len(failures)} core-only check(s) failed")
        sys.exit(1)
    print("\ncore-only checks passed")


if __name__ == "__main__":
    main()
