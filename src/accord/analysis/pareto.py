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


def _dominated_by(points: Float, others: Float, same: bool = False) -> Bool:
    """For each row of ``points``: is it dominated by some row of ``others``? Rows are
    unique vectors, so ``>=`` everywhere means domination, except a row against itself
    (``same``: ``others`` is ``points``)."""
    out = np.zeros(len(points), dtype=bool)
    if len(others) == 0 or len(points) == 0:
        return out
    step = max(1, (1 << 22) // max(1, len(others) * points.shape[1]))
    for a in range(0, len(points), step):
        p = points[a : a + step]
        ge = np.all(others[None, :, :] >= p[:, None, :], axis=2)
        if same:
            rows = np.arange(p.shape[0])
            ge[rows, a + rows] = False
        out[a : a + step] = np.any(ge, axis=1)
    return out


def _block_nested(s: Float, idx: NDArray[np.intp], front_pts: Float) -> tuple[list[int], Float]:
    """Filter candidates ``idx`` (rows of ``s``, in decreasing-sum order) against the
    frontier found so far and each other, block by block."""
    frontier: list[int] = []
    for a in range(0, len(idx), _BLOCK):
        block = idx[a : a + _BLOCK]
        pts = s[block]
        keep = ~_dominated_by(pts, front_pts)
        block, pts = block[keep], pts[keep]
        keep = ~_dominated_by(pts, pts, same=True)
        block, pts = block[keep], pts[keep]
        frontier.extend(block.tolist())
        front_pts = np.concatenate([front_pts, pts])
    return frontier, front_pts


def _nondominated_unique(u: Float) -> Bool:
    """Non-dominated mask of a table of *unique* rows with three or more columns.

    Rows are visited by decreasing sum: a row can only be dominated by one of larger sum.
    The frontier of the first rows is exact (their dominators all come before them); a
    sample of it then thins out the rest, one elite at a time on the shrinking survivors,
    before the exact block-nested filter runs on what is left.
    """
    n = len(u)
    order = np.argsort(-u.sum(axis=1), kind="stable")
    s = u[order]
    head = min(n, 4 * _BLOCK)
    frontier, front_pts = _block_nested(s, np.arange(head), np.empty((0, u.shape[1])))
    rest = np.arange(head, n)
    if rest.size:
        step = max(1, len(frontier) // 256)
        for e in front_pts[::step]:
            if rest.size == 0:
                break
            rest = rest[~np.all(e >= s[rest], axis=1)]
        more, _ = _block_nested(s, rest, front_pts)
        frontier.extend(more)
    mask_sorted = np.zeros(n, dtype=bool)
    mask_sorted[np.asarray(frontier, dtype=np.intp)] = True
    out = np.empty(n, dtype=bool)
    out[order] = mask_sorted
    return out


def nondominated(utilities: Float, decimals: int | None = None) -> Bool:
    """Mask of the Pareto-optimal rows of ``utilities`` (``n_outcomes x n_parties``).

    Parameters
    ----------
    utilities
        One row per outcome, one column per party; larger is better.
    decimals
        Compare utilities rounded to this many decimals, so that two packages worth the
        same up to floating-point rounding (sums taken in another order) tie instead of
        one dominating the other by an ulp. ``None`` compares exactly.

    Returns
    -------
    numpy.ndarray
        ``bool`` mask, true for every row that no other row Pareto-dominates.
    """
    u = np.asarray(utilities, dtype=np.float64)
    if decimals is not None:
        u = np.round(u, decimals)
    if u.ndim != 2:
        raise ValueError("utilities must be a 2-D array (outcomes x parties)")
    n, p = u.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    if p == 0:
        return np.ones(n, dtype=bool)
    if p == 1:
        return np.asarray(u[:, 0] >= u[:, 0].max(), dtype=bool)
    if p == 2:
        return _nondominated_2d(u)
    uniq, inverse = _unique_rows(u)
    return _nondominated_unique(uniq)[inverse]


def frontier_indices(utilities: Float) -> NDArray[np.intp]:
    """Indices of the Pareto-optimal rows, in row order."""
    return np.flatnonzero(nondominated(utilities))
