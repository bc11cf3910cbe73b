"""Cross-check accord's agreement-space analysis against NegMAS 0.16 on the GENIUS corpus.

Every INDEX.tsv domain with linear-additive profiles and at most 1e6 outcomes:
accord's ``analyze(scenario, partial=False)`` against NegMAS's ``pareto_frontier``,
``nash_points``, ``kalai_points``, ``ks_points`` and ``max_welfare_points``.

Comparing like with like (docs/formats.md, "where NegMAS 0.16 differs"):

* NegMAS's GENIUS reader keeps the raw evaluations and its ``normalize()`` is a min-max
  rescale, a different function from GENIUS's ``eval / max(eval)``. NegMAS is therefore fed
  accord's own tables: per party a ``LinearAdditiveUtilityFunction`` with one ``TableFun``
  per issue holding accord's per-option values, accord's weights and
  ``reserved_value`` = accord's reservation value. Whether NegMAS's own reader loads the
  folder, and whether what it reads is normalised like accord, is reported, not used.
* ``pareto_frontier`` keeps only the rational outcomes (``u_i >= d_i``): it is compared
  with accord's frontier over the acceptable set (ZOPA). accord's frontier over all
  outcomes is compared with ``pareto_frontier`` on copies whose reserved value is -inf.
* NegMAS's ``kalai_points`` is the max-min gain point (Kalai 1977, "proportional"), i.e.
  accord's *egalitarian* solution; ``ks_points`` is its Kalai-Smorodinsky point, but it
  minimises the spread ``max_i r_i - min_i r_i`` of the relative gains
  ``r_i = (u_i - d_i)/(ideal_i - d_i)`` where accord (Kalai & Smorodinsky 1975, discrete
  version) maximises ``min_i r_i``. ``max_welfare_points`` is the utilitarian point.
  ``max_relative_welfare_points`` has no accord counterpart and is not compared.
* The solution functions take ``ranges``. ``calc_scenario_stats`` passes
  ``minmax`` over all outcomes, so NegMAS measures gains from ``max(d_i, min u_i)`` (it
  replaces a reservation value below the range by the range minimum) and takes the KS ideal
  as the maximum over *all* outcomes. Each solution is compared twice: **native** (those
  ranges) and **aligned** (ranges ``(d_i, ideal_i)``, ``ideal_i`` = max ``u_i`` over
  NegMAS's own rational frontier, i.e. over the ZOPA: accord's definitions).
* NegMAS returns every frontier point within ``eps=1e-12`` of the optimum; accord returns
  one (ties: larger sum, then first in issue order). "equal" means accord's point is one of
  NegMAS's points (utilities rounded to 9 decimals, 2e-9 tolerance at rounding boundaries).

Every difference is classified by checking its cause on the numbers (see ``_classify_*``);
what no known cause explains is printed as UNEXPLAINED.

Run (about 20 minutes, 13 of them NegMAS on the 70-party six_issues; NegMAS runs in a
child process killed after ``--timeout`` seconds):
    PYTHONPATH=src python benchmarks/negmas_crosscheck.py [--timeout 1800] [--only SUBSTR]
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing as mp
import queue
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis import analyze
from accord.errors import AccordWarning, FormatError
from accord.io.foreign import load_foreign
from accord.model import Scenario

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "genius"
MAX_OUTCOMES = 1_000_000
DECIMALS = 9
MATCH_TOL = 2e-9  # points that round differently only because they straddle a 9th decimal
ULP_TOL = 1e-12  # accord compares dominance at 12 decimals (analysis.result.DECIMALS)
VALUE_TOL = 1e-9  # equal objective values
CONCEPTS = ("nash", "egalitarian", "kalai_smorodinsky", "utilitarian")

Float = NDArray[np.float64]


# -- accord -----------------------------------------------------------------------------


def _load(rel: str) -> Scenario:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AccordWarning)
        try:
            return load_foreign(CORPUS / rel)
        except FormatError:  # unit/scenarios/anac/y2010/Travel: negative evaluations
            return load_foreign(CORPUS / rel, allow_negative=True)


@dataclass(frozen=True, slots=True)
class AccordSide:
    reservation: Float
    zopa_size: int
    frontier: Float  # over all outcomes
    zopa_frontier: Float
    solutions: dict[str, Float | None]
    seconds: float


def _accord(sc: Scenario) -> AccordSide:
    ids = [p.id for p in sc.parties]
    t = time.perf_counter()
    res = analyze(sc, partial=False).to_dict()
    dt = time.perf_counter() - t

    def arr(points: list[dict[str, Any]]) -> Float:
        return np.array([[pt["utilities"][i] for i in ids] for pt in points], dtype=float).reshape(
            -1, len(ids)
        )

    sols: dict[str, Float | None] = {}
    for name in CONCEPTS:
        pt = res["solutions"][name]
        sols[name] = None if pt is None else arr([pt])[0]
    return AccordSide(
        reservation=np.array([p.reservation_value for p in sc.parties], dtype=float),
        zopa_size=int(res["zopa"]["size"]),
        frontier=arr(res["pareto_frontier"]),
        zopa_frontier=arr(res["zopa"]["pareto_frontier"]),
        solutions=sols,
        seconds=dt,
    )


# -- NegMAS (in a child process, under a timeout) ------------------------------------------


def _negmas_ufuns(sc: Scenario, reserved: list[float]) -> list[Any]:
    """accord's normalized tables as NegMAS ufuns over option positions 0..n_k-1."""
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

    issues = [make_issue(values=i.size, name=i.id) for i in sc.issues]
    os_ = make_os(issues, name=sc.id)
    ufuns = []
    for p, r in zip(sc.parties, reserved, strict=True):
        pref = p.preference
        assert pref.offset == 0.0 and pref.scale == 1.0, "GENIUS additive: no offset/scale"
        values = {}
        weights = {}
        for issue in sc.issues:
            fn = pref.values.get(issue.id)
            v = fn.evaluate(issue) if fn is not None else np.zeros(issue.size)
            values[issue.id] = TableFun({k: float(x) for k, x in enumerate(v)})
            weights[issue.id] = float(pref.weights.get(issue.id, 0.0)) if fn is not None else 0.0
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=values, weights=weights, outcome_space=os_, reserved_value=r, name=p.id
            )
        )
    return ufuns


def _own_reader(rel: str) -> str:
    """Does NegMAS's own reader load the folder, and is what it reads normalised?"""
    from negmas.inout import Scenario as NScenario

    folder = CORPUS / rel
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if "geniusweb" in rel:
                nsc = NScenario.from_geniusweb_folder(folder, ignore_discount=True)
            else:
                nsc = NScenario.from_genius_folder(folder, ignore_discount=True)
    except Exception as e:  # report, whatever NegMAS raises
        return f"fails ({type(e).__name__}: {str(e)[:80]})"
    if nsc is None:
        return "fails (returned None)"
    try:
        mx = max(float(u.minmax(nsc.outcome_space, above_reserve=False)[1]) for u in nsc.ufuns)
    except Exception as e:
        return f"loads (range unknown: {type(e).__name__})"
    return "loads, raw" if mx > 1.0 + 1e-9 else "loads, max<=1"


def _negmas(sc: Scenario, rel: str, reservation: Float, need_all: bool) -> dict[str, Any]:
    from negmas.preferences import (
        kalai_points,
        ks_points,
        max_welfare_points,
        nash_points,
        pareto_frontier,
    )

    t = time.perf_counter()
    out: dict[str, Any] = {"reader": _own_reader(rel)}
    ufuns = _negmas_ufuns(sc, [float(r) for r in reservation])
    outcomes = list(itertools.product(*(range(i.size) for i in sc.issues)))
    front, _ = pareto_frontier(ufuns, outcomes=outcomes, sort_by_welfare=True)
    out["zopa_frontier"] = np.array(front, dtype=float).reshape(-1, len(ufuns))
    if need_all:
        free = _negmas_ufuns(sc, [float("-inf")] * len(ufuns))
        all_front, _ = pareto_frontier(free, outcomes=outcomes, sort_by_welfare=True)
        out["frontier"] = np.array(all_front, dtype=float).reshape(-1, len(ufuns))
    else:  # every outcome is rational: same frontier
        out["frontier"] = out["zopa_frontier"]
    os_ = ufuns[0].outcome_space
    native = [tuple(float(x) for x in u.minmax(os_, above_reserve=False)) for u in ufuns]
    out["native_ranges"] = np.array(native)
    f = out["zopa_frontier"]
    aligned = [
        (float(r), float(f[:, j].max()) if len(f) else float(r)) for j, r in enumerate(reservation)
    ]
    out["aligned_ranges"] = np.array(aligned)
    fronts = [tuple(map(float, p)) for p in f]
    funcs = {
        "nash": nash_points,
        "egalitarian": kalai_points,
        "kalai_smorodinsky": ks_points,
        "utilitarian": max_welfare_points,
    }
    for mode, ranges in (("native", native), ("aligned", aligned)):
        for name, fn in funcs.items():
            pts = fn(ufuns, frontier=fronts, ranges=ranges)
            out[f"{mode}:{name}"] = np.array([p for p, _ in pts], dtype=float).reshape(
                -1, len(ufuns)
            )
    out["seconds"] = time.perf_counter() - t
    return out


def _child(sc: Scenario, rel: str, reservation: Float, need_all: bool, q: mp.Queue[Any]) -> None:
    try:
        q.put(("ok", _negmas(sc, rel, reservation, need_all)))
    except Exception as e:  # send it to the parent
        q.put(("error", f"{type(e).__name__}: {e}"))


def _run_negmas(
    sc: Scenario, rel: str, reservation: Float, need_all: bool, timeout: float
) -> tuple[str, Any]:
    ctx = mp.get_context("fork")
    q: mp.Queue[Any] = ctx.Queue()
    proc = ctx.Process(target=_child, args=(sc, rel, reservation, need_all, q))
    proc.start()
    try:
        status, payload = q.get(timeout=timeout)
    except queue.Empty:
        proc.terminate()
        proc.join()
        return "timeout", None
    proc.join()
    return status, payload


# -- comparison -----------------------------------------------------------------------------


def _keys(a: Float) -> list[tuple[float, ...]]:
    return [tuple(float(x) for x in row) for row in np.round(a, DECIMALS)]


def _set_diff(a: Float, b: Float) -> tuple[Float, Float]:
    """Rows of ``a`` not in ``b`` and rows of ``b`` not in ``a`` (compared rounded, then
    matched to MATCH_TOL across rounding boundaries); the rows are returned unrounded."""
    ka, kb = _keys(a), _keys(b)
    sa, sb = set(ka), set(kb)
    only_a = a[[k not in sb for k in ka]].reshape(-1, a.shape[1])
    only_b = b[[k not in sa for k in kb]].reshape(-1, a.shape[1])
    if len(only_a) and len(only_b):
        close: NDArray[np.bool_] = np.asarray(
            (np.abs(only_a[:, None] - only_b[None]) <= MATCH_TOL).all(axis=2)
        )
        only_a, only_b = only_a[~close.any(axis=1)], only_b[~close.any(axis=0)]
    return only_a, only_b


def _dominated_within_ulp(points: Float, by: Float) -> bool:
    """Every point is dominated by a point of ``by`` once differences below ULP_TOL count as
    ties (what accord's 12-decimal comparison drops)."""
    for p in points:
        weak = (by >= p - ULP_TOL).all(axis=1)
        strict = (by > p + ULP_TOL).any(axis=1)
        if not (weak & strict).any():
            return False
    return True


def _compare_frontier(acc: Float, neg: Float) -> tuple[bool, str]:
    only_a, only_n = _set_diff(acc, neg)
    if not len(only_a) and not len(only_n):
        return True, ""
    if not len(only_a) and _dominated_within_ulp(only_n, acc):
        return False, (
            "ulp ties: NegMAS (exact comparison) keeps points dominated by less than 1e-12 "
            f"that accord (12-decimal comparison) drops | {len(only_n)} of {len(neg)}"
        )
    return False, (
        f"UNEXPLAINED frontier | {len(only_a)} accord-only, {len(only_n)} NegMAS-only "
        f"(e.g. {only_a[:1].tolist()} / {only_n[:1].tolist()})"
    )


def _contains(points: Float, x: Float | None) -> bool:
    if x is None:
        return len(points) == 0
    if not len(points):
        return False
    return bool(
        (np.abs(np.round(points, DECIMALS) - np.round(x, DECIMALS)) <= MATCH_TOL).all(axis=1).any()
    )


def _objective(name: str, x: Float, d: Float, ideal: Float) -> float:
    """accord's criterion (docs/analysis.md)."""
    if name == "nash":
        return float(np.prod(x - d))
    if name == "egalitarian":
        return float(np.min(x - d))
    if name == "utilitarian":
        return float(np.sum(x))
    span = np.where(ideal - d > 0, ideal - d, 1.0)
    return float(np.min((x - d) / span))


def _spread(x: Float, d: Float, ideal: Float) -> float:
    """NegMAS's ks_points criterion."""
    span = np.where(ideal - d != 0, ideal - d, 1.0)
    r = (x - d) / span
    return float(r.max() - r.min())


def _classify_solution(
    name: str, acc: AccordSide, neg: dict[str, Any], mode: str
) -> tuple[bool, str]:
    """(equal, why): ``why`` is the cause of a difference, or a note on an equality."""
    x = acc.solutions[name]
    pts: Float = neg[f"{mode}:{name}"]
    ranges: Float = neg[f"{mode}_ranges"]
    if _contains(pts, x):
        n_front = len(neg["zopa_frontier"])
        if n_front > 1 and len(pts) == n_front and (ranges[:, 1] - ranges[:, 0] <= 1e-12).any():
            return True, "degenerate: a range is <= eps, NegMAS returns the whole frontier"
        return True, ""
    if x is None or not len(pts):
        return False, f"UNEXPLAINED {name}: accord {x}, NegMAS {pts.tolist()}"
    d = acc.reservation
    ideal = neg["aligned_ranges"][:, 1]
    if mode == "native":
        lo, hi = neg["native_ranges"][:, 0], neg["native_ranges"][:, 1]
        if not _contains(neg[f"aligned:{name}"], x):
            return False, "as in aligned mode: " + _classify_solution(name, acc, neg, "aligned")[1]
        parts = []
        if name != "utilitarian" and (lo > d + 1e-12).any():
            parts.append("gains from max(d_i, min u_i) (d_i below the range minimum is replaced)")
        if name == "kalai_smorodinsky" and (hi > ideal + 1e-12).any():
            parts.append("the KS ideal as the maximum over all outcomes, not over the ZOPA")
        if parts:
            return False, "native ranges: NegMAS takes " + " and ".join(parts)
    a_val = _objective(name, x, d, ideal)
    n_val = max(_objective(name, p, d, ideal) for p in pts)
    if abs(a_val - n_val) <= VALUE_TOL:
        if name == "kalai_smorodinsky":
            return False, (
                "KS tie: same min r_i (accord's criterion); accord breaks the tie by the larger "
                "sum, NegMAS's spread criterion picks another of the tied points"
            )
        return False, f"tie: same {name} value to 1e-9; accord's tie-break picks another point"
    if name == "kalai_smorodinsky" and a_val > n_val:
        s_acc = _spread(x, d, ideal)
        s_neg = min(_spread(p, d, ideal) for p in pts)
        if s_neg <= s_acc + 1e-12:
            return False, (
                "KS criterion: NegMAS minimises the spread max r_i - min r_i of the relative "
                "gains, accord maximises min r_i (Kalai-Smorodinsky on a discrete frontier)"
            )
    if a_val > n_val:
        return False, f"NegMAS suboptimal on {name}: accord {a_val:.12g} > NegMAS {n_val:.12g}"
    return False, (
        f"ACCORD SUBOPTIMAL on {name}: accord {a_val:.12g} < NegMAS {n_val:.12g} "
        f"(accord {x.tolist()}, NegMAS {pts[0].tolist()})"
    )


# -- driver ---------------------------------------------------------------------------------


@dataclass
class Summary:
    domains: int = 0
    compared: int = 0
    equal: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    causes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    skipped: list[str] = field(default_factory=list)
    readers: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _rows(only: str | None) -> list[list[str]]:
    lines = (CORPUS / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("\t") for line in lines if line.strip()]
    return [
        r
        for r in rows
        if r[1] != "LOAD_FAILED"
        and r[4] == "True"
        and r[3] != "inf"
        and int(r[3]) <= MAX_OUTCOMES
        and (only is None or only in r[0])
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per domain (NegMAS)")
    ap.add_argument("--only", default=None, help="only domains whose path contains this")
    args = ap.parse_args()
    import negmas

    print(f"NegMAS {negmas.__version__}; corpus {CORPUS}")
    rows = _rows(args.only)
    s = Summary(domains=len(rows))
    keys = ["frontier_all", "frontier_zopa"] + [
        f"{m}:{c}" for c in CONCEPTS for m in ("native", "aligned")
    ]
    t0 = time.perf_counter()
    for r in rows:
        rel = r[0]
        sc = _load(rel)
        acc = _accord(sc)
        need_all = acc.zopa_size < sc.n_outcomes
        status, neg = _run_negmas(sc, rel, acc.reservation, need_all, args.timeout)
        if status != "ok":
            what = f"timeout after {args.timeout:g} s" if status == "timeout" else neg
            s.skipped.append(
                f"{rel} ({len(sc.parties)} parties, {sc.n_outcomes:,} outcomes): {what}"
            )
            print(
                f"{rel:50s} {sc.n_outcomes:>9,d} {len(sc.parties):>2d}p  "
                f"accord {acc.seconds:.2f} s  NegMAS {what}"
            )
            continue
        s.compared += 1
        s.readers[neg["reader"]].append(rel)
        results = {
            "frontier_all": _compare_frontier(acc.frontier, neg["frontier"]),
            "frontier_zopa": _compare_frontier(acc.zopa_frontier, neg["zopa_frontier"]),
        }
        for c in CONCEPTS:
            for m in ("native", "aligned"):
                results[f"{m}:{c}"] = _classify_solution(c, acc, neg, m)
        for k in keys:
            ok, why = results[k]
            if ok:
                s.equal[k] += 1
                if why:
                    s.notes[f"{k}: {why}"].append(rel)
            else:
                cause, _, detail = why.partition(" | ")
                s.causes[f"{k}: {cause}"].append(f"{rel} ({detail})" if detail else rel)
        flags = " ".join(("=" if results[k][0] else "x") for k in keys)
        print(
            f"{rel:50s} {sc.n_outcomes:>9,d} {len(sc.parties):>2d}p zopa {acc.zopa_size:>9,d} "
            f"front {len(acc.frontier):>5d}/{len(acc.zopa_frontier):>5d}  [{flags}]  "
            f"accord {acc.seconds:7.2f} s  NegMAS {neg['seconds']:7.2f} s  reader: {neg['reader']}",
            flush=True,
        )
    print(f"\n== summary ({time.perf_counter() - t0:.0f} s) ==")
    print("flags: frontier_all frontier_zopa, then native/aligned for " + ", ".join(CONCEPTS))
    print(
        f"domains (linear-additive, <= {MAX_OUTCOMES:,} outcomes): {s.domains}; "
        f"compared: {s.compared}"
    )
    for k in keys:
        print(f"  {k:28s} equal {s.equal[k]:>4d} / {s.compared}")
    print("NegMAS's own reader on these folders:")
    for what, rels in sorted(s.readers.items()):
        print(
            f"  {what}: {len(rels)}" + (f" ({', '.join(rels)})" if what.startswith("fails") else "")
        )
    print("not compared:")
    for line in s.skipped or ["none"]:
        print(f"  {line}")
    print("notes on equal results:")
    for note, rels in sorted(s.notes.items()) or [("none", [])]:
        print(f"  [{len(rels):>3d}] {note} {', '.join(rels)}")
    print("differences, grouped by cause:")
    for cause, rels in sorted(s.causes.items()):
        shown = ", ".join(rels[:6]) + (f", ... (+{len(rels) - 6})" if len(rels) > 6 else "")
        print(f"  [{len(rels):>3d}] {cause}\n        {shown}")


if __name__ == "__main__":
    main()
