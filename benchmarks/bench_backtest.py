"""Benchmark of ``accord backtest``: the full rolling-origin back-test of the bundled
scenario at its default number of sweep runs per cut date, in this process. Prints the wall
and CPU time, the cut dates, the scores per event kind (Brier of accord and the base rate,
accord's Brier skill against it with its interval) and the machine's load average (the
machine is shared).

    python benchmarks/bench_backtest.py [--runs N] [--seed 1] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

from accord.evaluate.backtest import DEFAULT_RUNS, backtest
from accord.io import load_scenario


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def main() -> None:
    """Run the back-test and print its timing and scores."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    sc = load_scenario()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), _cpu()
        b = backtest(sc, runs=args.runs, rng=args.seed)
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        print(
            f"backtest {sc.id}: {len(b.cuts)} cuts ({b.cuts[0].date} .. {b.cuts[-1].date}), "
            f"{args.runs} runs per cut, {len(b.scored)} scored / {len(b.forecasts)} forecasts: "
            f"wall {wall:.1f} s, cpu {cpu:.1f} s"
        )
    for label, s in (("overall", b.overall), *b.by_kind.items()):
        a, base = s["accord"], s["base_rate"]
        sk = a.skill_vs_base_rate
        assert sk is not None
        print(
            f"  {label:8s} n={a.n:4d}  Brier accord {a.brier.value:.3f}  base rate "
            f"{base.brier.value:.3f}  nothing-changes {s['nothing_changes'].brier.value:.3f}  "
            f"skill {sk.value:+.2f} ({sk.low:+.2f} to {sk.high:+.2f})  "
            f"log accord {a.log.value:.2f} base {base.log.value:.2f}"
        )
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
