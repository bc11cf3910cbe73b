"""Linear time of `accord ingest` on hostile shapes of text.

Each shape (one long sentence of capitalised words, runs of spaces and tabs, abbreviations,
unclosed HTML tags, many Markdown links, unclosed brackets) is built at 25 KB and 100 KB after
an ordinary English paragraph (so the language check passes), read and ingested against the
bundled Geneva scenario. The goal: under 1 s per 100 KB of any text, and a time ratio of
roughly 4 (linear) between the two sizes. Times are the process's CPU time (best of two), so
that other work on a shared machine does not count.

    PYTHONPATH=src python benchmarks/bench_ingest_linear.py [--kb 100]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from accord.ingest import propose
from accord.ingest.reader import ReportError, report_from_bytes
from accord.io import load_scenario

ROOT = Path(__file__).resolve().parents[1]
PLAIN = (
    "The talks in Geneva ended on Wednesday and the delegations said that they would meet "
    "again next week, according to officials who were in the room. "
)


def _fill(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


#: name -> (file name, builder of a text of about n characters)
SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "capitalised sentence": (
        "r.txt",
        lambda n: (
            PLAIN * 160
            + _fill("Russian Delegation Head Vladimir Medinsky Told Rustem Umerov In Geneva ", n)
            + "."
        ),
    ),
    "capitalised sentence with cues": (
        "r.txt",
        lambda n: (
            PLAIN * 160
            + _fill(
                "Russia Rejected The Offer Ukraine Demanded A Ceasefire He Wants Talks In May ", n
            )
            + "."
        ),
    ),
    "capitalised abbreviations": (
        "r.txt",
        lambda n: PLAIN * 160 + _fill("Gen. Smith Of The U.S. Team Said In Geneva And ", n) + ".",
    ),
    "spaces": ("r.txt", lambda n: PLAIN + "the talks" + " " * n + "ended. " + PLAIN),
    "spaces and tabs": ("r.txt", lambda n: PLAIN + _fill("the \t \t  and ", n) + PLAIN),
    "newlines": ("r.txt", lambda n: PLAIN + "\n" * n + PLAIN),
    "commas": ("r.txt", lambda n: PLAIN + "Russia said" + _fill(", and", n) + ". " + PLAIN),
    "unclosed html tags": (
        "r.html",
        lambda n: "<html><body><p>" + PLAIN + _fill("<div class='talks' ", n),
    ),
    "unclosed html comments": ("r.html", lambda n: "<html><body><p>" + PLAIN + _fill("<!-- a ", n)),
    "markdown links": (
        "r.md",
        lambda n: PLAIN + "\n\n" + _fill("[the Geneva talks and the](http://example.com/a) ", n),
    ),
    "unclosed markdown links": ("r.md", lambda n: PLAIN + "\n\n" + _fill("[the talks ](", n)),
    "unclosed markdown emphasis": (
        "r.md",
        lambda n: PLAIN + "\n\n" + _fill("**the talks *and `", n),
    ),
    "unclosed html quotes": (
        "r.html",
        lambda n: "<html><body><p>" + PLAIN + "<a title='" + _fill("the talks > and ", n),
    ),
}


def time_shape(build: Callable[[int], str], kind: str, n: int) -> float:
    """Seconds to read and ingest the shape built at ``n`` characters (best of two)."""
    sc = load_scenario(ROOT / "src/accord/scenarios/geneva-2026.yaml")
    raw = build(n).encode()
    best = float("inf")
    for _ in range(2):
        t0 = time.process_time()
        try:
            report = report_from_bytes(raw, kind)
        except ReportError:
            pass  # refused (e.g. not English once the tags swallow the text): timed all the same
        else:
            propose(report, sc, date(2026, 2, 18))
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    kb = 100
    if "--kb" in sys.argv:
        kb = int(sys.argv[sys.argv.index("--kb") + 1])
    n = kb * 1000
    print(f"{'shape':<28} {n // 4000:>4} KB {kb:>5} KB  ratio  s/100KB  goal < 1 s/100KB")
    worst = 0.0
    for name, (kind, build) in SHAPES.items():
        small = time_shape(build, kind, n // 4)
        big = time_shape(build, kind, n)
        per = big / (len(build(n)) / 100_000)
        worst = max(worst, per)
        print(f"{name:<28} {small:7.3f} {big:8.3f}  {big / max(small, 1e-6):5.1f}  {per:7.3f}")
    print(f"worst: {worst:.3f} s per 100 KB ({'met' if worst < 1 else 'NOT met'})")


if __name__ == "__main__":
    main()
