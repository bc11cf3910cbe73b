"""Speed of the talks record: commit and compare of the bundled scenario, and log, show and
compare on a record of 10,000 versions, on SQLite and (with a URL) PostgreSQL.

The 10,000-version record is built by one real commit followed by a bulk insert of 9,999
versions (each a complete Geneva document with Russia's reservation value moved, one change
and an analysis snapshot), the same rows `accord talks commit` writes. Timings are of the
commands as the CLI runs them, in-process (Python start-up and imports excluded, printed
separately), median of 5 runs.

Usage: ``python benchmarks/bench_record.py [--versions 10000] [--pg URL]`` (default URL:
``$ACCORD_TEST_PG_URL``; the PostgreSQL database is emptied first).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _median(fn: Any, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _cli(argv: list[str]) -> None:
    from accord.cli.main import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(argv)


def _reset_pg(url: str) -> None:
    from sqlalchemy import MetaData, create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        md = MetaData()
        md.reflect(conn)
        md.drop_all(conn)
    engine.dispose()


def build(url: str, n: int, work: Path) -> float:
    """A record of ``n`` versions of Geneva; returns the seconds it took."""
    from sqlalchemy import insert

    from accord.compare import summary_of
    from accord.io import bundled_scenarios, load_scenario
    from accord.io.yaml_source import load_document
    from accord.record import open_record
    from accord.record.models import ChangeRow, SnapshotRow, VersionRow
    from accord.record.store import document_sha256

    t0 = time.perf_counter()
    path = bundled_scenarios()["geneva-2026"]
    doc = load_document(path).data
    texts = {"report": path.with_name("geneva-2026.source.txt").read_text(encoding="utf-8")}
    snap = json.dumps(summary_of(load_scenario("geneva-2026")))
    with open_record(url, create=True) as rec:
        v1 = rec.commit(doc, message="v1", author="bench", source_texts=texts)
        with rec.engine.begin() as conn:
            first = (
                conn.execute(VersionRow.__table__.select().where(VersionRow.ref == v1.ref))
                .mappings()
                .one()
            )
            parent_id, created = first["id"], first["created_at"]
            rows, changes, snaps = [], [], []
            previous = 0.35
            for seq in range(2, n + 1):
                d = copy.deepcopy(doc)
                value = round(0.2 + (seq % 300) / 1000, 3)
                if value == previous:
                    value = round(value + 0.0005, 4)
                d["parties"][0]["reservation_value"] = value
                vid = parent_id + 1
                rows.append({
                    "id": vid, "ref": hashlib.sha256(f"bench{seq}".encode()).hexdigest(),
                    "scenario": "geneva-2026", "seq": seq, "parent_id": parent_id,
                    "document": json.dumps(d, ensure_ascii=False, separators=(",", ":")),
                    "document_sha256": document_sha256(d), "text": None, "text_format": None,
                    "message": f"update {seq}", "author": "bench", "created_at": created,
                    "as_of": None,
                })  # fmt: skip
                changes.append({
                    "version_id": vid, "position": 0, "category": "reservation values",
                    "op": "changed", "path": "parties[russia].reservation_value",
                    "before": json.dumps(previous), "after": json.dumps(value),
                    "summary": f"Russia's reservation value: {previous} -> {value}",
                })  # fmt: skip
                snaps.append({"version_id": vid, "computed_at": created, "n_outcomes": 162,
                              "zopa_size": 0, "p_full": None, "p_partial": None,
                              "deadline": None, "sweep_runs": None, "data": snap})  # fmt: skip
                parent_id, previous = vid, value
                if len(rows) == 1000 or seq == n:
                    conn.execute(insert(VersionRow.__table__), rows)
                    conn.execute(insert(ChangeRow.__table__), changes)
                    conn.execute(insert(SnapshotRow.__table__), snaps)
                    rows, changes, snaps = [], [], []
            if rec.backend == "postgresql":
                from sqlalchemy import func, select

                conn.execute(select(func.setval(func.pg_get_serial_sequence("versions", "id"),
                                                parent_id)))  # fmt: skip
    return time.perf_counter() - t0


def bundled(url: str, work: Path) -> dict[str, float]:
    """Commit the bundled scenario into an empty record, then compare it with an edit."""
    from accord.io import bundled_scenarios

    src = bundled_scenarios()["geneva-2026"]
    for f in src.parent.iterdir():
        if f.name.startswith("geneva-2026"):
            (work / f.name).write_bytes(f.read_bytes())
    t = src.read_text(encoding="utf-8")
    i, j = t.index("      - id: full-donbas\n"), t.index("      - id: no-shared-znpp\n")
    t = t[:i] + t[j:]
    t = "".join(x for x in t.splitlines(keepends=True) if not x.strip().startswith("full-donbas:"))
    (work / "edit.yaml").write_text(t, encoding="utf-8")
    _cli(["talks", "init", "--db", url])
    t0 = time.perf_counter()
    _cli(["talks", "commit", str(work / "geneva-2026.yaml"), "-m", "v1", "--db", url])
    commit = time.perf_counter() - t0
    t0 = time.perf_counter()
    _cli(["talks", "commit", str(work / "edit.yaml"), "-m", "drop", "--db", url])
    commit2 = time.perf_counter() - t0
    compare = _median(lambda: _cli(["compare", "geneva-2026", str(work / "edit.yaml"), "--json"]))
    compare_rec = _median(lambda: _cli(["compare", "@1", "@2", "--db", url, "--json"]))
    return {"commit (first version)": commit, "commit (an edit)": commit2,
            "compare geneva-2026 FILE": compare, "compare @1 @2": compare_rec}  # fmt: skip


def large(url: str, n: int) -> dict[str, float]:
    from accord.record import open_record

    out: dict[str, float] = {}
    with open_record(url) as rec:
        out[f"Record.log() all {n:,} versions"] = _median(rec.log)
        out["Record.show(latest)"] = _median(lambda: rec.show("latest"))
    out[f"talks log ({n:,} lines)"] = _median(lambda: _cli(["talks", "log", "--db", url]))
    out["talks log -n 20"] = _median(lambda: _cli(["talks", "log", "-n", "20", "--db", url]))
    out["talks show latest"] = _median(lambda: _cli(["talks", "show", "latest", "--db", url]))
    out[f"talks show {n // 2}"] = _median(lambda: _cli(["talks", "show", str(n // 2), "--db", url]))
    out[f"compare @1 @{n}"] = _median(
        lambda: _cli(["compare", "@1", f"@{n}", "--db", url, "--json"])
    )
    out["talks timeline"] = _median(lambda: _cli(["talks", "timeline", "--db", url]))
    return out


def startup() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "accord", "talks", "--help"], capture_output=True,
                   check=False)  # fmt: skip
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--versions", type=int, default=10_000)
    ap.add_argument("--pg", default=os.environ.get("ACCORD_TEST_PG_URL"))
    args = ap.parse_args()
    backends = [("SQLite", None)] + ([("PostgreSQL", args.pg)] if args.pg else [])
    print(f"python -m accord start-up (imports, no work): {startup():.2f} s; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    for name, pg in backends:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            url = str(work / "bundled.db") if pg is None else pg
            if pg:
                _reset_pg(pg)
            print(f"\n== {name}: bundled scenario")
            for k, v in bundled(url, work).items():
                print(f"  {k:36} {v:8.3f} s")
            url = str(work / "large.db") if pg is None else pg
            if pg:
                _reset_pg(pg)
            secs = build(url, args.versions, work)
            print(f"== {name}: record of {args.versions:,} versions (built in {secs:.1f} s)")
            for k, v in large(url, args.versions).items():
                flag = "" if v < 1.0 else "  (over 1 s)"
                print(f"  {k:36} {v:8.3f} s{flag}")
            if pg:
                _reset_pg(pg)


if __name__ == "__main__":
    main()
