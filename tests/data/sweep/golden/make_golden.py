"""Write the sweep's golden results: for every case of ``cases.json``, the exact standard
output of ``accord sweep ... --json`` (``NAME.json``) and the SHA-256 of its runs written
with ``--out`` as JSON lines (``NAME.runs.sha256``). Run from the repository's root:

    python tests/data/sweep/golden/make_golden.py

Every case runs serially (``--workers 1``) without a progress bar; the paths in
``cases.json`` are relative to the repository's root.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
from pathlib import Path

from accord.cli.main import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]


def sweep(argv: list[str]) -> tuple[str, str]:
    """The ``--json`` output of ``accord sweep argv`` and the SHA-256 of its runs."""
    with tempfile.TemporaryDirectory() as tmp:
        runs = Path(tmp) / "runs.jsonl"
        full = [*argv, "--workers", "1", "--quiet", "--json", "--out", str(runs)]
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                main(full)
        except SystemExit as stop:
            if stop.code not in (0, None):
                raise RuntimeError(f"accord {' '.join(full)} exited with {stop.code}") from None
        return out.getvalue(), hashlib.sha256(runs.read_bytes()).hexdigest()


def cases() -> dict[str, list[str]]:
    """The golden cases: a name and the ``accord`` arguments, paths made absolute."""
    raw: dict[str, list[str]] = json.loads((HERE / "cases.json").read_text("utf-8"))
    return {
        name: [str(ROOT / a) if a.startswith("examples/") else a for a in argv]
        for name, argv in raw.items()
    }


if __name__ == "__main__":
    for name, argv in cases().items():
        text, digest = sweep(argv)
        (HERE / f"{name}.json").write_text(text, "utf-8")
        (HERE / f"{name}.runs.sha256").write_text(digest + "\n", "utf-8")
        print(name, digest)
