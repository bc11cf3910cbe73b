"""Negotiations per second: accord (step and batch engines) against NegMAS 0.16, same setting.

Setting: the ANAC domains CameraB (3,600 outcomes) and Travel (ANAC 2010, 188,160 outcomes)
from ``tests/data/genius``; Boulware (e = 0.2) against conceder (e = 2), stacked
alternating offers of 100 rounds, utilities normalized to [0, 1] and discounting ignored as
NegMAS's tournaments do. The batch engine runs negotiations with differing exponents
(Boulware e in [0.1, 0.5], conceder e in [1.5, 5]) and seeds.

Run: ``python benchmarks/bench_simulation.py [--quick]`` (NegMAS from the ``bench`` extra;
without it the NegMAS column reads the figures measured on the reference machine).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from accord.io import load_scenario
from accord.negotiation.alternating import run_alternating
from accord.negotiation.batch import run_batch
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategies import TimeDependent
from accord.space import compile_scenario

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "genius"
DOMAINS = {"CameraB": DATA / "CameraB", "Travel": DATA / "anac" / "y2010" / "Travel"}
ROUNDS = 100
#: NegMAS 0.16 on the reference machine (issue 4), used when NegMAS is not installed.
NEGMAS_REFERENCE = {"CameraB": 47.8, "Travel": 1.0}


def accord_setup(folder: Path):  # type: ignore[no-untyped-def]
    scenario = load_scenario(folder)
    compiled = compile_scenario(scenario)
    t0 = time.perf_counter()
    compiled.table()
    from accord.negotiation.view import party_views

    party_views(compiled, (0, 1))  # inverse utilities, once per party
    setup = time.perf_counter() - t0
    ids = [p.id for p in scenario.parties]
    return compiled, ids, setup


def bench_step(compiled, ids, seconds: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    strategies = {ids[0]: TimeDependent(e=0.2), ids[1]: TimeDependent(e=2.0)}
    schedule = Schedule.of(ROUNDS)
    n = 0
    agreed = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        t = run_alternating(compiled, strategies, schedule, n)
        agreed += t.result.agreed
        n += 1
    return n / (time.perf_counter() - t0), agreed / n


def bench_batch(compiled, ids, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    e_b = rng.uniform(0.1, 0.5, runs)
    e_c = rng.uniform(1.5, 5.0, runs)
    per_run = [
        {ids[0]: TimeDependent(e=float(b)), ids[1]: TimeDependent(e=float(c))}
        for b, c in zip(e_b, e_c, strict=True)
    ]
    seeds = list(range(runs))
    t0 = time.perf_counter()
    result = run_batch(compiled, per_run, ROUNDS, seeds)
    return runs / (time.perf_counter() - t0), float(result.agreement.mean())


def bench_negmas(folder: Path, seconds: float) -> float | None:
    try:
        from negmas.inout import Scenario as NScenario
        from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism
    except ImportError:
        return None
    scenario = NScenario.from_genius_folder(folder, ignore_discount=True)
    assert scenario is not None
    scenario.normalize()
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds or n == 0:
        m = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=ROUNDS)
        m.add(BoulwareTBNegotiator(), ufun=scenario.ufuns[0])
        m.add(ConcederTBNegotiator(), ufun=scenario.ufuns[1])
        m.run()
        n += 1
    return n / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="shorter timings")
    args = ap.parse_args(argv)
    seconds = 2.0 if args.quick else 6.0
    runs = (
        {"CameraB": 20_000, "Travel": 20_000}
        if not args.quick
        else {"CameraB": 5000, "Travel": 5000}
    )
    print(f"Boulware (e=0.2) vs conceder (e=2), {ROUNDS} rounds, normalized, no discounting")
    print(
        f"{'domain':<9} {'outcomes':>9} {'NegMAS/s':>10} {'step/s':>10} {'step x':>8} "
        f"{'batch/s':>11} {'batch x':>9} {'setup s':>8} {'agree step/batch':>17}"
    )
    for name, folder in DOMAINS.items():
        compiled, ids, setup = accord_setup(folder)
        neg = bench_negmas(folder, seconds if name == "CameraB" else 2 * seconds)
        source = "measured"
        if neg is None:
            neg, source = NEGMAS_REFERENCE[name], "reference"
        step, agree_s = bench_step(compiled, ids, seconds)
        batch, agree_b = bench_batch(compiled, ids, runs[name])
        print(
            f"{name:<9} {compiled.n_outcomes:>9,} {neg:>10.1f} {step:>10.0f} {step / neg:>7.0f}x "
            f"{batch:>11.0f} {batch / neg:>8.0f}x {setup:>8.3f} {agree_s:>8.2f}/{agree_b:.2f}"
            f"  (NegMAS {source})"
        )
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
