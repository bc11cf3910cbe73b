"""Benchmark of ``accord sweep``: 100,000 simulated negotiations of the Geneva scenario
(alternating offers, 100 rounds, sampled assumptions) in this process, on every core, and
on a local Dask cluster. Prints runs per second and peak memory (RSS).

    python benchmarks/bench_sweep.py [--runs 100000] [--rounds 100] [--seed 1]

The Geneva scenario with an ``uncertainty:`` block: the bundled one when it carries the
block, else the copy in tests/data/sweep/.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from pathlib import Path

import numpy as np

from accord.io import load_scenario
from accord.sweep import make_job, run_sweep

COPY = Path(__file__).resolve().parents[1] / "tests" / "data" / "sweep" / "geneva-uncertain.yaml"


def _peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    scenario = load_scenario("geneva-2026")
    source = "bundled geneva-2026"
    if "uncertainty" not in scenario.extras:
        scenario, source = load_scenario(COPY), str(COPY.name)
    job = make_job(
        scenario, runs=args.runs, seed=args.seed, protocol="alternating-offers", rounds=args.rounds
    )
    print(
        f"accord sweep benchmark: {args.runs:,} runs of {scenario.id} ({source}), "
        f"alternating offers, {args.rounds} rounds; {platform.python_version()}, "
        f"{os.cpu_count()} cores"
    )
    backends = [
        ("serial (1 process)", {"workers": 1}),
        (f"all cores (process pool, {args.workers} workers)", {"workers": args.workers}),
        (f"local Dask cluster ({args.workers} workers)", {"dask": f"local:{args.workers}"}),
    ]
    reference = None
    for name, kw in backends:
        start = time.perf_counter()
        result = run_sweep(job, **kw)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        s = result.summary
        same = ""
        if reference is None:
            reference = result.table
        else:
            same = (
                ", identical to serial"
                if all(np.array_equal(reference[k], result.table[k]) for k in reference)
                else ", DIFFERS from serial"
            )
        print(
            f"{name:45s} {elapsed:6.1f} s  {args.runs / elapsed:9,.0f} runs/s  "
            f"P(agreement) {s.p_agreement:.4f}  P(ZOPA) {s.p_zopa:.4f}{same}"
        )
    print(
        f"peak RSS: this process {_peak_mib(resource.RUSAGE_SELF):,.0f} MiB; largest finished "
        f"child process {_peak_mib(resource.RUSAGE_CHILDREN):,.0f} MiB"
    )


if __name__ == "__main__":
    main()
