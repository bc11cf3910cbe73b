"""Start-up time of the command line, as a user sees it.

Each case runs in a fresh process, ``--repeat`` times (default 7); printed: the median and
the best wall-clock time and the median CPU time (user + system) of the process. Targets:
``import accord`` <= 0.3 s, ``accord --help`` <= 0.3 s, ``accord analyze`` on the bundled
scenario <= 0.6 s end to end. Run it with the interpreter of the environment to measure
(``accord`` is taken beside it, else ``python -m accord``)::

    python benchmarks/bench_startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {"import accord": 0.3, "accord --help": 0.3, "accord analyze": 0.6}


def _accord() -> list[str]:
    beside = Path(sys.executable).with_name("accord")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("accord")
    return [found] if found else [sys.executable, "-m", "accord"]


def _once(argv: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    accord = _accord()
    cases = {
        "python (bare interpreter)": [sys.executable, "-c", "pass"],
        "import accord": [sys.executable, "-c", "import accord"],
        "accord --help": [*accord, "--help"],
        "accord analyze": [*accord, "analyze"],
        "accord analyze --json": [*accord, "analyze", "--json"],
    }
    print(f"python {sys.version.split()[0]}, {' '.join(accord)}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'case':28} {'median s':>9} {'best s':>8} {'CPU s':>7} {'target':>7}")
    for name, argv in cases.items():
        _once(argv)  # warm the file cache
        runs = [_once(argv) for _ in range(args.repeat)]
        walls = [w for w, _ in runs]
        cpu = statistics.median(c for _, c in runs)
        target = TARGETS.get(name)
        mark = "" if target is None else f"{target:.1f}"
        if target is not None:
            mark += " ok" if statistics.median(walls) <= target else " OVER"
        print(f"{name:28} {statistics.median(walls):9.3f} {min(walls):8.3f} {cpu:7.3f} {mark:>7}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
