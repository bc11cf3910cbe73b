"""Ingest runs in linear time on hostile shapes of text (issue: a long capitalised sentence,
runs of spaces, unclosed HTML tags and Markdown links made it quadratic).

Not a timed assert: each shape is ingested at n and at 4n characters and the ratio of the
times (CPU time, so other work on the machine does not count) must stay far below the 16 a
quadratic cost gives (linear gives about 4). Absolute figures are in
benchmarks/bench_ingest_linear.py and benchmarks/RESULTS.md.
"""

from __future__ import annotations

import contextlib
import time
from datetime import date
from pathlib import Path

import pytest

from accord.ingest import propose
from accord.ingest.reader import ReportError, report_from_bytes
from accord.ingest.text import MAX_SENTENCE, sentences
from accord.io import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = load_scenario(ROOT / "src/accord/scenarios/geneva-2026.yaml")
OPEN = "The talks in Geneva ended and the sides said that they would meet again. "


def _fill(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


SHAPES = {
    "capitalised sentence with cues": (
        "r.txt",
        lambda n: _fill("The Russian Side Rejected The Offer And Ukraine Demanded A Ceasefire ", n),
    ),
    "abbreviations": ("r.txt", lambda n: _fill("Gen. Smith of the U.S. team and the ", n)),
    "spaces": ("r.txt", lambda n: OPEN + "the talks" + " " * n + "ended. " + OPEN),
    "unclosed html tags": (
        "r.html",
        lambda n: "<html><body><p>" + OPEN + _fill("<div class='the talks and' ", n),
    ),
    "unclosed markdown links": ("r.md", lambda n: OPEN + _fill("[the talks and the ](", n)),
}


def _seconds(kind: str, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        with contextlib.suppress(ReportError):
            propose(report_from_bytes(text.encode(), kind), SCENARIO, date(2026, 2, 18))
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_time_grows_linearly(shape: str) -> None:
    kind, build = SHAPES[shape]
    small = _seconds(kind, build(12_000))
    big = _seconds(kind, build(48_000))
    # linear: ~4; quadratic: ~16. The floor keeps timer noise on tiny times from counting.
    assert big / max(small, 0.02) < 10, (shape, small, big)


def test_a_run_without_stops_is_cut_into_bounded_sentences() -> None:
    text = _fill("Russia Wants Talks ", 5000) + ". Then Ukraine agreed."
    ss = sentences(text)
    assert all(s.end - s.start <= MAX_SENTENCE for s in ss)
    assert ss[-1].text == "Then Ukraine agreed."
    # nothing is lost: every piece is the text at its span
    assert all(text[s.start : s.end] == s.text for s in ss)
    assert sum(len(s.text.split()) for s in ss) == len(text.split())
