"""Side by side, in one run: accord's whole ``analyze`` (Pareto frontiers over all outcomes
and over the ZOPA, Nash, weighted Nash, Kalai-Smorodinsky, egalitarian, utilitarian;
``partial=False``) against NegMAS 0.16's ``calc_scenario_stats`` (rational Pareto frontier,
Nash, Kalai, modified Kalai, KS, modified KS, max welfare, max relative welfare) on the
same GENIUS domains: anac/y2010/Travel (188,160 outcomes) and other/AMPOvsCity
(1,944,000 outcomes).

Each side loads the folder with its own GENIUS reader (accord ``load_foreign``, NegMAS
``Scenario.from_genius_folder``); loading is timed apart from the analysis. NegMAS's reader
keeps the raw GENIUS evaluations (docs/formats.md), so its ufuns are not normalised like
accord's (``eval / max(eval)`` per issue); the script prints NegMAS's utility ranges. The
work is the same either way: every outcome is evaluated and the frontier searched.

NegMAS runs twice per domain, each time in a child process killed after ``--timeout``
seconds (default 600): on its own reader's ufuns (the reader fails on AMPOvsCity, whose
root objective takes index 1) and on accord's normalized tables, the ufuns of
negmas_crosscheck.py (same utilities, same frontier as accord).

Run: PYTHONPATH=src python benchmarks/bench_negmas_analysis.py [--timeout 600]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import queue
import time
import warnings
from pathlib import Path
from typing import Any

from accord.analysis import analyze
from accord.errors import AccordWarning
from accord.io.foreign import load_foreign

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "genius"
DOMAINS = ("anac/y2010/Travel", "other/AMPOvsCity")


def _accord(rel: str) -> dict[str, Any]:
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AccordWarning)
        sc = load_foreign(CORPUS / rel)
    load = time.perf_counter() - t
    t = time.perf_counter()
    res = analyze(sc, partial=False)
    dt = time.perf_counter() - t
    d = res.to_dict()
    ids = [p.id for p in sc.parties]

    def distinct(points: list[dict[str, Any]]) -> int:  # NegMAS lists utility vectors once
        return len({tuple(round(pt["utilities"][i], 9) for i in ids) for pt in points})

    return {
        "load": load,
        "analyze": dt,
        "outcomes": sc.n_outcomes,
        "frontier": len(d["pareto_frontier"]),
        "distinct": distinct(d["pareto_frontier"]),
        "zopa_frontier": len(d["zopa"]["pareto_frontier"]),
        "zopa_distinct": distinct(d["zopa"]["pareto_frontier"]),
        "nash": d["solutions"]["nash"]["utilities"],
    }


def _negmas(rel: str, source: str) -> dict[str, Any]:
    from negmas.inout import Scenario
    from negmas.preferences import calc_scenario_stats

    t = time.perf_counter()
    if source == "reader":
        sc = Scenario.from_genius_folder(CORPUS / rel)
        if sc is None:
            raise RuntimeError(f"NegMAS's from_genius_folder returned None for {rel}")
        ufuns = list(sc.ufuns)
    else:  # accord's normalized tables, as in negmas_crosscheck.py
        from negmas_crosscheck import _load, _negmas_ufuns

        asc = _load(rel)
        ufuns = _negmas_ufuns(asc, [p.reservation_value for p in asc.parties])
    load = time.perf_counter() - t
    os_ = ufuns[0].outcome_space
    ranges = [tuple(float(x) for x in u.minmax(os_)) for u in ufuns]
    reserved = [float(u.reserved_value) for u in ufuns]
    t = time.perf_counter()
    stats = calc_scenario_stats(ufuns)
    dt = time.perf_counter() - t
    return {
        "load": load,
        "stats": dt,
        "ranges": ranges,
        "reserved": reserved,
        "frontier": len(stats.pareto_utils),
        "nash": [tuple(round(float(x), 6) for x in p) for p in stats.nash_utils],
    }


def _child(rel: str, source: str, q: mp.Queue[Any]) -> None:
    try:
        q.put(("ok", _negmas(rel, source)))
    except Exception as e:  # report to the parent whatever NegMAS raises
        q.put(("error", f"{type(e).__name__}: {e}"))


def _run_negmas(rel: str, source: str, timeout: float) -> tuple[str, Any]:
    ctx = mp.get_context("fork")
    q: mp.Queue[Any] = ctx.Queue()
    proc = ctx.Process(target=_child, args=(rel, source, q))
    proc.start()
    try:
        status, payload = q.get(timeout=timeout)
    except queue.Empty:
        proc.terminate()
        proc.join()
        return "timeout", None
    proc.join()
    return status, payload


SOURCES = {
    "reader": "NegMAS's own GENIUS reader (Scenario.from_genius_folder)",
    "tables": "accord's normalized tables (LinearAdditiveUtilityFunction + TableFun)",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds for NegMAS per domain")
    args = ap.parse_args()
    import negmas

    print(f"NegMAS {negmas.__version__}, timeout {args.timeout:.0f} s per domain")
    for rel in DOMAINS:
        a = _accord(rel)
        print(f"\n{rel}: {a['outcomes']:,} outcomes")
        print(
            f"  accord  load {a['load']:7.2f} s  analyze(partial=False) {a['analyze']:8.2f} s  "
            f"frontier {a['frontier']} packages, {a['distinct']} distinct utility vectors "
            f"(ZOPA {a['zopa_frontier']}, {a['zopa_distinct']})  Nash {a['nash']}"
        )
        for source, what in SOURCES.items():
            print(f"  NegMAS on {what}:")
            status, n = _run_negmas(rel, source, args.timeout)
            if status == "timeout":
                print(
                    f"    calc_scenario_stats did not finish within {args.timeout:.0f} s "
                    f"(killed): ratio > {args.timeout / a['analyze']:.0f}x"
                )
                continue
            if status == "error":
                print(f"    failed: {n}")
                continue
            normalized = all(lo >= -1e-12 and hi <= 1 + 1e-12 for lo, hi in n["ranges"])
            print(
                f"    load {n['load']:7.2f} s  calc_scenario_stats {n['stats']:8.2f} s  "
                f"frontier {n['frontier']} (rational)  Nash {n['nash']}"
            )
            rng = [(round(lo, 4), round(hi, 4)) for lo, hi in n["ranges"]]
            print(
                f"    ufun ranges {rng}, reserved {n['reserved']}: "
                + ("within [0, 1]" if normalized else "raw GENIUS evaluations, NOT like accord's")
            )
            print(
                f"    ratio: analysis {n['stats'] / a['analyze']:.0f}x, "
                f"load + analysis {(n['load'] + n['stats']) / (a['load'] + a['analyze']):.0f}x"
            )


if __name__ == "__main__":
    main()
