"""Simulation speed as a user sees it: the whole ``accord simulate`` command against NegMAS
0.16 on the same domain, side by side in one run, as a ratio of negotiations per second.

accord: ``accord simulate DOMAIN --protocol alternating-offers --strategy A=boulware
--strategy B=conceder --exchanges 100 --runs 20000 --seed 1 --json``, timed end to end in a
fresh process (interpreter start, imports, reading the GENIUS folder, the runs, the JSON on
stdout). NegMAS: ``BoulwareTBNegotiator`` against ``ConcederTBNegotiator``, a
``SAOMechanism`` of 100 steps, normalized utilities, discounting ignored (accord's default
too), run in a loop for ``--seconds`` in its own process (its imports and the domain's
loading are not counted: NegMAS's figure is its best case).

Both rates are given by wall clock and by CPU time (user + system of each process): the
machine is shared, and CPU time is the steadier figure under load.

NegMAS lives in its own environment (it pins old packages)::

    python3 -m venv /work/negmas-venv && /work/negmas-venv/bin/pip install negmas==0.16.0
    python benchmarks/bench_simulate_e2e.py --negmas-python /work/negmas-venv/bin/python
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENIUS = ROOT / "tests" / "data" / "genius"
DOMAINS = {
    "CameraB": (GENIUS / "CameraB", ("Camera-B-prof1", "Camera-B-prof2")),
    "Travel": (GENIUS / "anac" / "y2010" / "Travel", ("travel_chox", "travel_fanny")),
}
ROUNDS = 100
RUNS = 20_000

NEGMAS = """
import json, sys, time, resource
from negmas.inout import Scenario
from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism
folder, seconds, rounds = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
sc = Scenario.from_genius_folder(folder, ignore_discount=True)
sc.normalize()
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
n = agreed = 0
t0, c0 = time.perf_counter(), cpu()
while time.perf_counter() - t0 < seconds or n == 0:
    m = SAOMechanism(outcome_space=sc.outcome_space, n_steps=rounds)
    m.add(BoulwareTBNegotiator(), ufun=sc.ufuns[0])
    m.add(ConcederTBNegotiator(), ufun=sc.ufuns[1])
    m.run()
    n += 1
    agreed += m.agreement is not None
wall, cpu_s = time.perf_counter() - t0, cpu() - c0
print(json.dumps({"runs": n, "wall": wall, "cpu": cpu_s, "agreed": agreed / n,
                  "outcomes": sc.outcome_space.cardinality}))
"""


def _accord_cmd() -> list[str]:
    beside = Path(sys.executable).with_name("accord")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "accord"]


def run_accord(folder: Path, parties: tuple[str, str]) -> tuple[float, float, dict[str, object]]:
    argv = [
        *_accord_cmd(),
        "simulate",
        str(folder),
        "--protocol",
        "alternating-offers",
        "--strategy",
        f"{parties[0]}=boulware",
        "--strategy",
        f"{parties[1]}=conceder",
        "--exchanges",
        str(ROUNDS),
        "--runs",
        str(RUNS),
        "--seed",
        "1",
        "--json",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(proc.stdout)


def run_negmas(python: str, folder: Path, seconds: float) -> dict[str, float] | None:
    if not Path(python).exists():
        return None
    proc = subprocess.run(
        [python, "-c", NEGMAS, str(folder), str(seconds), str(ROUNDS)],
        check=True,
        capture_output=True,
        text=True,
    )
    data: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--negmas-python", default="/work/negmas-venv/bin/python")
    ap.add_argument("--seconds", type=float, default=10.0, help="NegMAS's timing loop")
    ap.add_argument("--repeat", type=int, default=3, help="accord commands per domain")
    args = ap.parse_args()
    print(
        f"accord simulate ... --exchanges {ROUNDS} --runs {RUNS:,} --seed 1 --json, end to end; "
        f"NegMAS 0.16 BoulwareTB vs ConcederTB, {ROUNDS} steps, same domain"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{'domain':8} {'outcomes':>9} {'NegMAS/s':>9} {'accord s':>9} {'accord/s':>9} "
        f"{'ratio':>7} | {'CPU: NegMAS/s':>13} {'accord/s':>9} {'ratio':>7} | agreed N/a"
    )
    for name, (folder, parties) in DOMAINS.items():
        neg = run_negmas(args.negmas_python, folder, args.seconds)
        runs = [run_accord(folder, parties) for _ in range(args.repeat)]
        wall = statistics.median(w for w, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        summary = runs[0][2]
        agreed = float(summary["p_full"])  # type: ignore[arg-type]
        rate, cpu_rate = RUNS / wall, RUNS / cpu
        if neg is None:
            print(f"{name:8} (NegMAS not found at {args.negmas_python}) accord {rate:,.0f}/s")
            continue
        n_rate, n_cpu_rate = neg["runs"] / neg["wall"], neg["runs"] / neg["cpu"]
        print(
            f"{name:8} {int(neg['outcomes']):>9,} {n_rate:>9.1f} {wall:>9.2f} {rate:>9,.0f} "
            f"{rate / n_rate:>6,.0f}x | {n_cpu_rate:>13.1f} {cpu_rate:>9,.0f} "
            f"{cpu_rate / n_cpu_rate:>6,.0f}x | {neg['agreed']:.2f}/{agreed:.2f}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
