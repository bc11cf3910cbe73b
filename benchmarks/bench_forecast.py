"""Forecasting benchmark (issue 6): accord vs decide-exchange-model, and scaling tables.

Run: ``PYTHONPATH=src python benchmarks/bench_forecast.py [--decide-python PATH]``.

1. The exchange model on cop21 for 10 rounds in accord and in decide-exchange-model
   2022.1.28 (EqualGainModel.ALLOW_RANDOM = False). decide pins numpy==1.23.4, so it
   usually lives in its own environment: give its interpreter with ``--decide-python``
   (or ``ACCORD_DECIDE_PYTHON``; default ``/tmp/decide_venv/bin/python`` if it exists);
   the peer is then timed inside that interpreter. The script compares every realised
   exchange of every round and the NBS per issue after every round, and prints the ratio.
2. Scaling of the spatial model (smp) and the expected utility model (eum) on random
   tables of 10, 100 and 1000 actors and 1-3 dimensions: seconds per round and peak
   memory (tracemalloc) per run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

from accord.forecast import ActorTable, Forecast, run_eum, run_exchange, run_smp
from accord.io.actors import read_decide

REPO = Path(__file__).resolve().parents[1]
COP21 = REPO / "tests" / "data" / "forecasting" / "decide" / "inputs" / "cop21.csv"

PEER = r"""
import json, sys, time
from decide.data.modelfactory import ModelFactory
from decide.data.reader import InputDataFile
from decide.model import equalgain
from decide.model.observers.observer import Observable
from decide.model.utils import ModelLoop
equalgain.EqualGainModel.ALLOW_RANDOM = False

class Recorder(Observable):
    def __init__(self, model):
        super().__init__(model_ref=model, output_directory="/tmp")
        self.rounds = []

    def before_loop(self, iteration, repetition=None):
        self.rounds.append([])

    def execute_exchange(self, e):
        self.rounds[-1].append({
            "i": e.i.actor.actor_id, "i_supply": e.i.supply.issue.name,
            "i_start": float(e.i.start_position), "i_y": float(e.i.y),
            "j": e.j.actor.actor_id, "j_supply": e.j.supply.issue.name,
            "j_start": float(e.j.start_position), "j_y": float(e.j.y),
            "gain": float(e.gain)})

t0 = time.perf_counter()
model = ModelFactory(InputDataFile.open(sys.argv[1]))(
    model_klass=equalgain.EqualGainModel, randomized_value=None)
recorder = Recorder(model)
loop = ModelLoop(model, recorder, 0)
nbs = []
for _ in range(int(sys.argv[2])):
    loop.loop()
    model.calc_nbs()  # the NBS on the next round's start positions
    nbs.append({i.name: float(model.nbs[i]) for i in model.issues.values()})
print(json.dumps({"seconds": time.perf_counter() - t0, "nbs": nbs, "exchanges": recorder.rounds}))
"""
DEFAULT_PEER = Path("/tmp/decide_venv/bin/python")


def peer_run(python: str, rounds: int) -> dict[str, Any] | None:
    try:
        out = subprocess.run(
            [python, "-c", PEER, str(COP21), str(rounds)],
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"peer not run ({exc})")
        return None
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def compare(ours: Forecast, theirs: dict[str, Any], rounds: int) -> tuple[int, int, float]:
    """Exchanges that differ (by name, or a value by more than 1e-9), exchanges compared,
    and the largest NBS difference over all issues and rounds."""
    names = ("i", "i_supply", "j", "j_supply")
    values = ("i_start", "i_y", "j_start", "j_y", "gain")
    differ = compared = 0
    for r in range(rounds):
        mine, peer = ours.series["exchanges"][r], theirs["exchanges"][r]
        compared += max(len(mine), len(peer))
        differ += abs(len(mine) - len(peer))
        for a, b in zip(mine, peer, strict=False):
            if any(a[k] != b[k] for k in names) or any(abs(a[k] - b[k]) > 1e-9 for k in values):
                differ += 1
    worst = max(
        abs(ours.series["nbs"][issue][r + 1] - value)
        for r in range(rounds)
        for issue, value in theirs["nbs"][r].items()
    )
    return differ, compared, worst


def exchange_bench(python: str | None, rounds: int = 10) -> None:
    table = read_decide(COP21)
    t0 = time.perf_counter()
    ours = run_exchange(table, rounds=rounds)
    mine = time.perf_counter() - t0
    t0 = time.perf_counter()
    run_exchange(table, rounds=rounds, arithmetic="float")
    fast = time.perf_counter() - t0
    print(f"## exchange model, cop21, {rounds} rounds (one run each)")
    print(f"accord (decimal, exact): {mine:8.3f} s")
    print(f"accord (float):          {fast:8.3f} s   (ties may differ from decide)")
    if python is None:
        print("decide-exchange-model: not available (give --decide-python)")
        return
    peer = peer_run(python, rounds)
    if peer is None:
        return
    secs = float(peer["seconds"])
    print(f"decide-exchange-model:   {secs:8.3f} s")
    print(f"ratio (decide / accord decimal): {secs / mine:6.1f}x")
    differ, compared, worst = compare(ours, peer, rounds)
    print(
        f"realised exchanges: {compared} compared, {differ} differ"
        f" (names exact; positions and gains to 1e-9)"
    )
    print(f"NBS per issue per round: max difference {worst:.3g}")
    same = differ == 0 and worst < 1e-9
    print(f"results IDENTICAL to decide: {'yes' if same else 'NO'}")


def random_table(n: int, d: int, rng: np.random.Generator) -> ActorTable:
    sal = rng.uniform(0.05, 1.0, (n, d))
    sal = sal / sal.sum(axis=1, keepdims=True) * rng.uniform(0.5, 1.0, (n, 1))
    return ActorTable(
        actors=tuple(f"a{i}" for i in range(n)),
        dimensions=tuple(f"d{k}" for k in range(d)),
        capability=rng.uniform(1, 100, n),
        position=rng.uniform(0, 100, (n, d)),
        salience=sal,
        scale=tuple((0.0, 100.0) for _ in range(d)),
    )


def scaling(sizes: list[int], dims: list[int], rounds: int) -> None:
    rng = np.random.default_rng(6)
    print(f"\n## scaling ({rounds} round(s) per run; seconds per round, peak MiB)")
    print(f"{'model':6} {'actors':>7} {'dims':>5} {'s/round':>10} {'peak MiB':>9}")
    for model, fn in (("smp", run_smp), ("eum", run_eum)):
        for n in sizes:
            for d in dims:
                if model == "eum" and d > 1 and n >= 1000:
                    continue  # eum is per dimension: d times the 1-D cost
                table = random_table(n, d, rng)
                tracemalloc.start()
                t0 = time.perf_counter()
                f = fn(table, rounds=rounds)
                secs = (time.perf_counter() - t0) / max(1, f.n_rounds)
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                print(f"{model:6} {n:7d} {d:5d} {secs:10.4f} {peak:9.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--decide-python", default=os.environ.get("ACCORD_DECIDE_PYTHON"))
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    python = args.decide_python
    if python is None and DEFAULT_PEER.exists():
        python = str(DEFAULT_PEER)
    if python is None:
        try:
            import decide  # noqa: F401

            python = sys.executable
        except ImportError:
            python = None
    exchange_bench(python)
    scaling([int(v) for v in args.sizes.split(",")], [1, 2, 3], args.rounds)


if __name__ == "__main__":
    main()
