"""`accord ingest` on real public news reports of the 2025-2026 talks: precision and recall by
fact kind.

The expected facts of each report are annotated in our own words in
tests/data/ingest/real/*.yaml (with the report's address and date); the reports' texts are not
in the repository: they are read from a cache folder (``$ACCORD_INGEST_DEV``, default
``~/.cache/accord-ingest-dev``, one ``<report>.txt`` per annotation). Without it the benchmark
says so in one line and stops. The development reports are ``split: dev`` (76, among them the
49 of the first three held-aside sets, each scored once and so no longer unseen); a new set of
reports is held aside ("held-aside"): scored only with ``--held-aside``, never used to change a
rule.

    PYTHONPATH=src python benchmarks/bench_ingest_real.py [--held-aside] [--details] [--only ID]
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import yaml

from accord.ingest import propose
from accord.ingest.evaluate import Score, score_facts
from accord.ingest.reader import report_from_bytes
from accord.io import load_scenario

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "tests" / "data" / "ingest" / "real"
CACHE = Path(os.environ.get("ACCORD_INGEST_DEV", "~/.cache/accord-ingest-dev")).expanduser()
GOAL = 0.85
FLOOR = 0.7


def fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def table(title: str, scores: dict[str, Score]) -> Score:
    total = Score("all")
    print(f"\n{title}")
    cols = f"{'proposed':>8} {'correct':>8} {'annotated':>9} {'found':>6}"
    print(f"  {'kind':<18} {cols}  precision recall")
    for kind in sorted(scores):
        s = scores[kind]
        total.add(s)
        print(
            f"  {kind:<18} {s.proposed:>8} {s.correct:>8} {s.annotated:>9} {s.found:>6}  "
            f"{fmt(s.precision):>9} {fmt(s.recall):>6}"
        )
    low = [
        k
        for k, s in scores.items()
        if min(1.0 if s.precision is None else s.precision, 1.0 if s.recall is None else s.recall)
        < FLOOR
    ]
    ok = (total.recall or 0) >= GOAL and (total.precision or 0) >= GOAL and not low
    print(
        f"  {'all':<18} {total.proposed:>8} {total.correct:>8} {total.annotated:>9} "
        f"{total.found:>6}  {fmt(total.precision):>9} {fmt(total.recall):>6}   "
        f"goal P,R>={GOAL}, no kind <{FLOOR}: {'met' if ok else 'NOT met'}"
        + (f" (below {FLOOR}: {', '.join(sorted(low))})" if low else "")
    )
    return total


def main() -> None:
    if not CACHE.is_dir():
        print(f"skipped: no report texts in {CACHE} (set ACCORD_INGEST_DEV; see the module doc)")
        return
    split = "held-aside" if "--held-aside" in sys.argv else "dev"
    details = "--details" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    sc = load_scenario(ROOT / "src/accord/scenarios/geneva-2026.yaml")
    totals: dict[str, Score] = {}
    n = missing = 0
    for path in sorted(ANNOTATIONS.glob("*.yaml")):
        ann = yaml.safe_load(path.read_text(encoding="utf-8"))
        if ann["split"] != split or (only and ann["report"] != only):
            continue
        text_path = CACHE / f"{ann['report']}.txt"
        if not text_path.is_file():
            missing += 1
            continue
        n += 1
        report = report_from_bytes(text_path.read_bytes(), text_path.name)
        result = propose(report, sc, date.fromisoformat(str(ann["date"])))
        per = score_facts(result, ann["items"])
        for kind, s in per.items():
            totals.setdefault(kind, Score(kind)).add(s)
        if details:
            print(f"\n== {ann['report']} ({ann['date']})")
            for s in per.values():
                for m in s.misses:
                    print("   missed:", m)
                for w in s.wrong:
                    print("   wrong: ", w)
    table(f"{split} reports: {n} scored" + (f", {missing} without text" if missing else ""), totals)


if __name__ == "__main__":
    main()
