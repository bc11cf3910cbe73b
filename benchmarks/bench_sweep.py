"""Benchmark of ``accord sweep``: 100,000 simulated negotiations of the Geneva scenario
(its protocol, its tracks, sampled assumptions and, by default, its calendar: every run
draws its own future sessions up to the June deadline) in this process, on every core, and
on a local Dask cluster. Prints runs per second, CPU time, the odds by the deadline and by
date, the named events and tracks settled, peak memory (RSS) and the machine's load
average (the machine is shared).

    python benchmarks/bench_sweep.py [--runs 100000] [--seed 1] [--rounds R] [--no-dask]
                                     [--serial-only] [--scenario FILE]

``--rounds R`` fixes the round budget (every run on the nominal sessions) instead of the
calendar. The Geneva scenario with an ``uncertainty:`` block: the bundled one when it
carries the block, else the copy in tests/data/sweep/; ``--scenario FILE`` another one
(tests/data/in_force/geneva-no-stages.yaml: the Geneva scenario without ratification
stages). With ratification stages it also prints P(in force) beside P(signed).
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


def _cpu() -> float:
    """User + system CPU seconds of this process and its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--no-dask", action="store_true", help="Skip the Dask back end.")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--serial-only", action="store_true", help="This process only.")
    ap.add_argument("--scenario", default=None, help="A scenario file (default: Geneva).")
    args = ap.parse_args()
    scenario = load_scenario(args.scenario or "geneva-2026")
    source = "bundled geneva-2026" if args.scenario is None else Path(args.scenario).name
    if scenario.uncertainty is None and args.scenario is None:
        scenario, source = load_scenario(COPY), str(COPY.name)
    protocol = scenario.protocol or "alternating-offers"
    job = make_job(scenario, runs=args.runs, rng=args.seed, protocol=protocol, rounds=args.rounds)
    if job.sample_calendar and job.calendar is not None:
        how = (
            f"each run on its own draw of the calendar ({job.calendar.as_of} to "
            f"{job.calendar.deadline}; nominal {job.rounds} rounds)"
        )
    else:
        how = f"{job.rounds} rounds"
    print(
        f"accord sweep benchmark: {args.runs:,} runs of {scenario.id} ({source}), "
        f"{protocol}, {how}; {platform.python_version()}, {os.cpu_count()} cores; "
        f"load average {_load()}"
    )
    backends = [
        ("serial (1 process)", {"workers": 1}),
        (f"all cores (process pool, {args.workers} workers)", {"workers": args.workers}),
    ]
    if args.serial_only:
        backends = backends[:1]
    elif not args.no_dask:
        backends.append(
            (f"local Dask cluster ({args.workers} workers)", {"dask": f"local:{args.workers}"})
        )
    reference = None
    for name, kw in backends:
        start = time.perf_counter()
        cpu0 = _cpu()
        result = run_sweep(job, **kw)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        cpu = _cpu() - cpu0
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
            f"P(full) {s.p_full:.4f}  P(partial) {s.p_partial:.4f}  P(ZOPA) {s.p_zopa:.4f}"
            f"{same}  (load average {_load()})"
        )
        if "dask" not in kw:  # Dask workers are not children of this process
            print(
                f"  CPU time {cpu:.1f} s (this process and its finished children): "
                f"{cpu / (os.cpu_count() or 1):.1f} s of wall time on {os.cpu_count()} idle cores"
            )
        if s.by_date and name.startswith("serial"):
            full = [p.p_full for p in s.by_date]
            part = [p.p_partial for p in s.by_date]
            print(
                f"  by_date: {s.by_date[0].date} to {s.by_date[-1].date}, {len(s.by_date)} "
                f"dates, {len(set(full))} distinct P(full) values, never decreasing: "
                f"{full == sorted(full) and part == sorted(part)}, P(full) <= P(partial) "
                f"on every date: {all(f <= q for f, q in zip(full, part, strict=True))}"
            )
            last = s.by_date[-1]
            if last.p_agreed:
                agreed = ", ".join(f"{k} {v:.3f}" for k, v in last.p_agreed.items())
                print(f"  named events by {last.date}: settled: {agreed}")
            if last.p_round:
                held = ", ".join(f"{k} {v:.3f}" for k, v in last.p_round.items())
                print(f"  a further round held: {held}")
            if getattr(s, "p_in_force", None) is not None and last.p_in_force is not None:
                force = [p.p_in_force or 0.0 for p in s.by_date]
                print(
                    f"  signed vs in force: P(in force by {last.date}) {last.p_in_force:.4f} "
                    f"(signed {last.p_partial:.4f}); eventually {s.p_in_force:.4f}; "
                    "P(in force) <= P(signed) on every date: "
                    f"{all(f <= q for f, q in zip(force, part, strict=True))}"
                )
            if s.agreed_tracks:
                tracks = ", ".join(f"{k} {v:.3f}" for k, v in s.agreed_tracks.items())
                print(f"  tracks settled by the deadline: {tracks}")
    print(
        f"peak RSS: this process {_peak_mib(resource.RUSAGE_SELF):,.0f} MiB; largest finished "
        f"child process {_peak_mib(resource.RUSAGE_CHILDREN):,.0f} MiB"
    )


if __name__ == "__main__":
    main()
