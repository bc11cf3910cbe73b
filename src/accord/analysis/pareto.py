"""Exact Pareto frontiers of utility tables.

An outcome ``x`` is *Pareto-optimal* in a set when no outcome ``y`` of the set gives every
party at least as much and some party strictly more (Pareto 1906; see Raiffa, *The Art
and Science of Negotiation*, 1982, ch. 10). Outcomes with equal utility vectors are all
on the frontier when one of them is.

Two parties: one lexicographic sort and a running maximum, O(n log n). More parties:
the utility vectors are made unique, sorted by their sum (a dominating point always has a
strictly larger sum), thinned by a few strong points and then filtered block by block
against the frontier found so far; every step is an array operation.

>>> import numpy as np
>>> u = np.array([[1.0, 0.0], [0.5, 0.5], [0.4, 0.4], [0.0, 1.0], [0.5, 0.5]])
>>> nondominated(u).tolist()
[True, True, False, True, True]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Float = NDArray[np.float64]
Bool = NDArray[np.bool_]

_BLOCK = 2048


def _unique_rows(u: Float) -> tuple[Float, NDArray[np.intp]]:
    """Unique rows of ``u`` and, for each row of ``u``, the index of its unique row."""
    order = np.lexsort(u.T[::-1])
    s = u[order]
    new = np.ones(len(s), dtype=bool)
    new[1:] = np.any(s[1:] != s[:-1], axis=1)
    group = np.cumsum(new) - 1
    inverse = np.empty(len(u), dtype=np.intp)
    inverse[order] = group
    return s[new], inverse


def _nondominated_2d(u: Float) -> Bool:
    n = len(u)
    order = np.lexsort((-u[:, 1], -u[:, 0]))  # first coordinate desc, then second desc
    s = u[order]
    first = np.ones(n, dtype=bool)
    first[1:] = (s[1:, 0] != s[:-1, 0]) | (s[1:, 1] != s[:-1, 1])
    prev_max = np.empty(n)
    prev_max[0] = -np.inf
    np.maximum.accumulate(s[:-1, 1], out=prev_max[1:])
    # the first of a group of equal vectors is dominated iff an earlier (other) vector
    # reaches its second coordinate; the rest of the group shares its fate
    dominated_first = first & (prev_max >= s[:, 1])
    group = np.cumsum(first) - 1
    dominated_sorted = dominated_first[first][group]
    out = np.empty(n, dtype=bool)
    out[order] = ~dominated_sorted
    return out


def _dominated_by(points: Float, others: Float) -> Bool:
    """For each row of ``points``: is it weakly dominated by some (different) row of
    ``others``? Rows are unique vectors, so ``>=`` everywhere means domination."""
    out = np.zeros(len(points), dtype=bool)
    if len(others) == 0 or len(points) == 0:
        return out
    step = max(1, (1 << 22) // max(1, len(others) * points.shape[1]))
    for a in range(0, len(points), step):
        p = points[a : a + step]
        ge = np.all(others[None, :, :] >= p[:, None, :], axis=2)
        eq = np.all(others[None, :, :] == p[:, None, :], axis=2)
        out[a : a + step] = np.any(ge & ~eq, axis=1)
    return out


def _nondominated_unique(u: Float) -> Bool:
    """Non-dominated mask of a table of *unique* rows with three or more columns."""
    n = len(u)
    order = np.argsort(-u.sum(axis=1), kind="stable")
    s = u[order]
    alive = np.ones(n, dtype=bool)
    # thin out with the strongest points: the max-sum point and each column's best
    elite = {0}
    elite.update(int(np.argmax(s[:, j])) for j in range(s.shape[1]))
    for e in sorted(elite):
        if alive[e]:
            dominated = np.all(s[e] >= s, axis=1)
            dominated[e] = False
            alive &= ~dominated
    cand = np.flatnonzero(alive)
    frontier: list[int] = []
    front_pts = np.empty((0, u.shape[1]))
    for a in range(0, len(cand), _BLOCK):
        idx = cand[a : a + _BLOCK]
        pts = s[idx]
        keep = ~_dominated_by(pts, front_pts)
        idx, pts = idx[keep], pts[keep]
        keep = ~_dominated_by(pts, pts)
        idx, pts = idx[keep], pts[keep]
        frontier.extend(idx.tolist())
        front_pts = np.concatenate([front_pts, pts])
    mask_sorted = np.zeros(n, dtype=bool)
    mask_sorted[np.asarray(frontier, dtype=np.intp)] = True
    out = np.empty(n, dtype=bool)
    out[order] = mask_sorted
    return out


def nondominated(utilities: Float) -> Bool:
    """Mask of the Pareto-optimal rows of ``utilities`` (``n_outcomes x n_parties``).

    Parameters
    ----------
    utilities
        One row per outcome, one column per party; larger is better.

    Returns
    -------
    numpy.ndarray
        ``bool`` mask, true for every row that no other row Pareto-dominates.
    """
    u = np.asarray(utilities, dtype=np.float64)
    if u.ndim != 2:
        raise ValueError("utilities must be a 2-D array (outcomes x parties)")
    n, p = u.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    if p == 0:
        return np.ones(n, dtype=bool)
    if p == 1:
        return u[:, 0] >= u[:, 0].max()
    if p == 2:
        return _nondominated_2d(u)
    uniq, inverse = _unique_rows(u)
    return _nondominated_unique(uniq)[inverse]


def frontier_indices(utilities: Float) -> NDArray[np.intp]:
    """Indices of the Pareto-optimal rows, in row order."""
    return np.flatnonzero(nondominated(utilities))
