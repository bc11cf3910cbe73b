"""Speed of the deadlock diagnosis on opposed red lines, side by side with another tree.

``k`` binary issues; on each, party p0's red line demands option o0 and party p1's option
o1, so every package breaks exactly ``k`` red lines: ``2**k`` minimal relaxations and
``k`` minimal conflicts (the probe of the analysis's bounded work). Each case runs
``analyze`` (partial agreements included, default limits) in a fresh process and prints
its seconds, peak memory, relaxations listed and counted, and conflicts; with
``--against DIR`` the same case also runs on the ``src`` tree under ``DIR`` (for instance
a checkout of the previous version) in the same run, up to ``--against-max-k``.

Usage: ``python benchmarks/bench_deadlock.py [--k 10 11 12 13 14] [--solver]
[--against DIR] [--against-max-k 11]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
import numpy as np
from accord.analysis import analyze
from accord.model import (Clause, Condition, Issue, IssueKind, Metadata, Op, Party,
    Preference, RedLine, Role, Scenario, TableValue)
k, solver = int(sys.argv[1]), sys.argv[2] == "1"
issues = tuple(Issue(f"i{j}", f"i{j}", IssueKind.ORDINAL, ("o0", "o1"), status_quo="o0")
               for j in range(k))
parties = []
for i in range(2):
    pref = Preference(weights={f"i{j}": 1.0 / k for j in range(k)},
                      values={f"i{j}": TableValue((1.0, 0.0) if i == 0 else (0.0, 1.0))
                              for j in range(k)})
    reds = tuple(RedLine(id=f"r{j}", party=f"p{i}", statement=f"o{i} on i{j}",
                         condition=Condition(Clause(f"i{j}", Op("=="), (f"o{i}",))))
                 for j in range(k))
    parties.append(Party(id=f"p{i}", name=f"P{i}", role=Role.PARTY, reservation_value=0.0,
                         capability=1.0, preference=pref, red_lines=reds))
sc = Scenario(Metadata("opposed", "opposed"), tuple(parties), issues)
t = time.perf_counter()
a = analyze(sc, solver=solver)
s = time.perf_counter() - t
dl = a.deadlock
capped = getattr(a, "capped", {}).get("deadlock.relaxations")
print(json.dumps({
    "seconds": s,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "listed": len(dl.relaxations),
    "total": capped.total if capped is not None else len(dl.relaxations),
    "conflicts": len(dl.conflicts),
    "json_kib": len(json.dumps(a.to_dict())) / 1024,
}))
"""


def run(src: Path, k: int, solver: bool) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(k), "1" if solver else "0"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--k", type=int, nargs="+", default=[10, 11, 12, 13, 14])
    p.add_argument("--solver", action="store_true")
    p.add_argument("--against", type=Path)
    p.add_argument("--against-max-k", type=int, default=11)
    args = p.parse_args()
    here = Path(__file__).resolve().parents[1] / "src"
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    head = f"{'k':>3} {'outcomes':>9} {'seconds':>8} {'peak MiB':>8} {'listed':>7} {'counted':>8}"
    head += f" {'conflicts':>9} {'JSON KiB':>9}"
    if args.against:
        head += f" {'before s':>9} {'before JSON KiB':>15} {'ratio':>7}"
    print(head)
    for k in args.k:
        r = run(here, k, args.solver)
        line = (
            f"{k:>3} {2**k:>9,} {r['seconds']:>8.2f} {r['peak_mib']:>8.0f} {r['listed']:>7,} "
            f"{r['total'] or 0:>8,} {r['conflicts']:>9} {r['json_kib']:>9.0f}"
        )
        if args.against and k <= args.against_max_k:
            b = run(args.against / "src", k, args.solver)
            line += (
                f" {b['seconds']:>9.2f} {b['json_kib']:>15.0f} {b['seconds'] / r['seconds']:>6.1f}x"
            )
        print(line, flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
