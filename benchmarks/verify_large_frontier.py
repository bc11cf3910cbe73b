"""Exact brute-force check of accord's Pareto frontier on a corpus domain too slow for the
test suite (default: other/journal_learning/six_issues, 70 parties, 262,144 outcomes).

Independent of accord's frontier code: the utility table comes from accord's compiled
scenario (itself checked against the XML by the corpus tests), and each distinct utility
vector ``x`` is dominated iff some ``y != x`` has ``y >= x`` everywhere. Only vectors
reaching ``x`` on the coordinate where ``x`` ranks highest can do that, so each ``x`` is
compared with that prefix of one sorted column (exact, just far fewer comparisons than all
pairs). Utilities are compared at 12 decimals, rounded as accord rounds them (numpy's
rounding: Python's decimal-exact ``round`` differs from it on a few last digits).

Usage: ``python benchmarks/verify_large_frontier.py [FOLDER]``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from accord.analysis import analyze
from accord.io import load_scenario
from accord.space import compile_scenario

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "genius"


def brute_nondominated(u: np.ndarray) -> np.ndarray:
    """Distinct non-dominated rows of ``u`` (exact, by rank-limited candidates)."""
    pts = np.unique(u, axis=0)
    n, p = pts.shape
    order = np.argsort(-pts, axis=0, kind="stable")  # column j: rows by y_j descending
    rank = np.empty((n, p), dtype=np.int64)  # rows with y_j >= x_j (x included)
    for j in range(p):
        col = pts[:, j]
        rank[:, j] = n - np.searchsorted(np.sort(col), col, side="left")
    best = rank.argmin(axis=1)
    dominated = np.zeros(n, dtype=bool)
    for j in range(p):
        rows = np.flatnonzero(best == j)
        rows = rows[np.argsort(rank[rows, j])]
        for a in range(0, rows.size, 64):
            batch = rows[a : a + 64]
            cand = pts[order[: int(rank[batch, j].max()), j]]
            ge = np.all(cand[None, :, :] >= pts[batch][:, None, :], axis=2)
            eq = np.all(cand[None, :, :] == pts[batch][:, None, :], axis=2)
            dominated[batch] = np.any(ge & ~eq, axis=1)
    return pts[~dominated]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA / "other/journal_learning/six_issues"
    sc = load_scenario(folder)
    t = time.perf_counter()
    a = analyze(sc, partial=False, top=0)
    t_accord = time.perf_counter() - t
    ids = [p.id for p in sc.parties if p.bargaining]
    got = np.array([[pt.utilities[k] for k in ids] for pt in a.pareto_frontier])
    mine = {tuple(r) for r in np.round(got, 12)}
    cs = compile_scenario(sc)
    u = np.round(cs.table().utilities[:, cs.bargaining], 12)
    t = time.perf_counter()
    ref = {tuple(r) for r in brute_nondominated(u)}
    t_brute = time.perf_counter() - t
    print(f"{folder.name}: {u.shape[0]:,} outcomes, {u.shape[1]} parties")
    print(
        f"accord frontier: {len(a.pareto_frontier):,} packages, "
        f"{len(mine):,} distinct vectors, {t_accord:.1f} s"
    )
    print(f"brute force:     {len(ref):,} distinct vectors, {t_brute:.1f} s")
    print("EQUAL" if mine == ref else f"DIFFER: {len(mine - ref)} extra, {len(ref - mine)} missing")


if __name__ == "__main__":
    main()
