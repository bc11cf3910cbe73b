"""Quality and speed of `accord ingest`.

Precision and recall per kind of proposal on the hand-annotated Geneva report (the rules were
written against it) and, separately, on the held-out reports (written and annotated before
the rules, never used to tune them): tests/data/ingest/*.gold.yaml. Then the time to ingest
a report of about 2,000 words (the held-out reports and the Geneva report, concatenated).

    PYTHONPATH=src python benchmarks/bench_ingest.py [--details]
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from accord.ingest import propose, read_report
from accord.ingest.evaluate import Score, load_gold, score
from accord.ingest.reader import report_from_bytes
from accord.io import load_scenario

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "ingest"
GOAL_R, GOAL_P = 0.9, 0.7


def fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def table(title: str, scores: dict[str, Score], details: bool) -> Score:
    total = Score("all")
    print(f"\n{title}")
    print(
        f"  {'kind':<12} {'proposed':>8} {'correct':>8} {'annotated':>9} {'found':>6}  "
        f"precision recall"
    )
    for kind in sorted(scores):
        s = scores[kind]
        total.add(s)
        print(
            f"  {kind:<12} {s.proposed:>8} {s.correct:>8} {s.annotated:>9} {s.found:>6}  "
            f"{fmt(s.precision):>9} {fmt(s.recall):>6}"
        )
    ok = (total.recall or 0) >= GOAL_R and (total.precision or 0) >= GOAL_P
    print(
        f"  {'all':<12} {total.proposed:>8} {total.correct:>8} {total.annotated:>9} "
        f"{total.found:>6}  {fmt(total.precision):>9} {fmt(total.recall):>6}   "
        f"goal P>={GOAL_P} R>={GOAL_R}: {'met' if ok else 'NOT met'}"
    )
    if details:
        for s in scores.values():
            for m in s.misses:
                print("    missed:", m)
            for w in s.wrong:
                print("    wrong: ", w)
    return total


def main() -> None:
    details = "--details" in sys.argv
    splits: dict[str, dict[str, Score]] = {}
    texts = []
    for gold_path in sorted([*DATA.glob("*.gold.yaml"), *DATA.glob("dev/*.gold.yaml")]):
        gold = load_gold(gold_path)
        report = read_report(gold["_dir"] / gold["report"])
        texts.append(report.text)
        sc = load_scenario(gold["_dir"] / gold["scenario"])
        on = date.fromisoformat(gold["date"]) if gold.get("date") else None
        result = propose(report, sc, on)
        per = score(result, gold)
        split = gold.get("split", "held-out")
        bucket = splits.setdefault(split, {})
        for kind, s in per.items():
            bucket.setdefault(kind, Score(kind)).add(s)
        if details and (
            not [a for a in sys.argv if a.startswith("--split=")] or f"--split={split}" in sys.argv
        ):
            table(f"{gold_path.name} ({split})", per, True)
    names = {
        "tuning": "Geneva report (rules written against it)",
        "dev": "development reports (written after the first rules, used to tune them)",
        "held-out": "held-out reports (not used to tune the rules)",
    }
    only = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--split=")]
    for split in ("tuning", "dev", "held-out"):
        if split in splits and (not only or split in only):
            table(names[split], splits[split], False)

    # speed: ~2,000 words
    words = " \n\n".join(texts).split(" ")
    big = " ".join((words * 3)[:2000])
    report = report_from_bytes(big.encode(), "bench.txt")
    sc = load_scenario(ROOT / "src/accord/scenarios/geneva-2026.yaml")
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        res = propose(report, sc, date(2026, 2, 18))
        runs.append(time.perf_counter() - t0)
    print(
        f"\nspeed: {len(big.split())} words, {len(res.proposals)} proposals, "
        f"best {min(runs) * 1000:.1f} ms, median {sorted(runs)[2] * 1000:.1f} ms "
        "(goal < 2 s)"
    )


if __name__ == "__main__":
    main()
