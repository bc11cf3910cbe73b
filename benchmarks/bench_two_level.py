"""The cost of the two-level analysis (docs/two-level.md) on the bundled scenario.

Printed: CPU time of ``analyze`` on geneva-2026 without its ratification stages (level 1
only) and with them (both levels), in process (median of ``--repeat`` loops of
``--loops`` calls), and ``accord analyze geneva-2026`` end to end in fresh processes
(median and best wall clock, median CPU), against the 0.6 s budget of
``bench_startup.py``::

    python benchmarks/bench_two_level.py [--repeat 7] [--loops 20]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

BUDGET = 0.6

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_startup import _accord, _once  # noqa: E402  the process timer of the start-up benchmark

_process = _once


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--loops", type=int, default=20)
    args = ap.parse_args()

    from accord.analysis import analyze
    from accord.io import load_scenario

    sc = load_scenario("geneva-2026")
    bare = dataclasses.replace(sc, ratification=())
    analyze(sc), analyze(bare)  # warm
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"geneva-2026: {sc.n_outcomes} packages, {len(sc.ratification)} ratification stages")
    for label, s in (("analyze, level 1 only", bare), ("analyze, both levels", sc)):
        runs = []
        for _ in range(args.repeat):
            t0 = time.process_time()
            for _ in range(args.loops):
                a = analyze(s)
            runs.append((time.process_time() - t0) / args.loops)
        print(f"  {label:<28} {statistics.median(runs) * 1e3:8.2f} ms CPU (median)")
    tl = a.two_level
    assert tl is not None
    print(
        f"  win-sets {tl.win_sets}; level-2 zone {tl.zone_size} (level 1 {tl.zopa_size}); "
        f"fails at: {tl.fails_at}"
    )
    cmd = [*_accord(), "analyze", "geneva-2026"]
    _process(cmd)
    walls, cpus = zip(*(_process(cmd) for _ in range(args.repeat)), strict=True)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    verdict = "ok" if cpu <= BUDGET else "OVER"
    print(
        f"accord analyze geneva-2026: median {wall:.3f} s, best {min(walls):.3f} s wall, "
        f"CPU {cpu:.3f} s; budget {BUDGET} s: {verdict} (by CPU)"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
