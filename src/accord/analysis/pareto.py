"""Exact Pareto frontiers of utility tables.

An outcome ``x`` is *Pareto-optimal* in a set when no outcome ``y`` of the set gives every
party at least as much and some party strictly more (Pareto 1906; see Raiffa, *The Art
and Science of Negotiation*, 1982, ch. 10). Outcomes with equal utility vectors are all
on the frontier when one of them is.

Two parties: one lexicographic sort and a running maximum, O(n log n). More parties:
the utility vectors are made unique, sorted by their sum (a dominating point never has a
smaller one), thinned by a few strong points and then filtered block by block against the
frontier found so far; every step is an array operation.

A *margin* ``m`` (one per party) asks for a stricter dominance: ``y`` dominates ``x`` when
``y >= x`` for every party and ``y - x > m`` for some party. Pruning with it keeps every
package whose strict advantage could still vanish in later rounding (see
:mod:`accord.analysis.frontier`).

>>> import numpy as np
>>> u = np.array([[1.0, 0.0], [0.5, 0.5], [0.4, 0.4], [0.0, 1.0], [0.5, 0.5]])
>>> nondominated(u).tolist()
[True, True, False, True, True]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Bool, Float
from accord.errors import ParameterError

_BLOCK = 4096


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


def _nondominated_2d_margin(u: Float, m: Float) -> Bool:
    """Two parties with a margin: ``x`` is dominated iff the best second coordinate among
    points reaching ``x``'s first exceeds ``x_1 + m_1``, or the same with the parties
    swapped (such a best point reaches ``x`` on both coordinates)."""
    out = np.ones(len(u), dtype=bool)
    for a, c in ((0, 1), (1, 0)):
        order = np.lexsort((-u[:, c], -u[:, a]))
        s = u[order]
        best = np.maximum.accumulate(s[:, c])
        # rows with equal first coordinate reach each other: take the group's last maximum
        last = np.ones(len(s), dtype=bool)
        last[:-1] = s[1:, a] != s[:-1, a]
        group_end = np.flatnonzero(last)
        reach = best[group_end[np.searchsorted(group_end, np.arange(len(s)))]]
        dominated = np.empty(len(s), dtype=bool)
        dominated[order] = (reach - s[:, c]) > m[c]
        out &= ~dominated
    return out


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


#: Pairs compared at once; the dense phase of :func:`_dominated_by` holds one bool each.
_PAIRS = 1 << 20
#: The dense phase ends once at most one pair in this many survives (tuned on 70 parties).
_DENSE = 64


def _dominated_by(points: Float, others: Float, m: Float | None = None, same: bool = False) -> Bool:
    """For each row of ``points``: is it dominated by some row of ``others``?
    (``same``: ``others`` is ``points``; rows are unique vectors, so without a margin
    ``>=`` everywhere means domination, a row against itself aside.)

    Pairs are tested party by party: densely while many pairs survive, then as a list of
    the surviving pairs, which shrinks fast, so most pairs are settled by a few parties
    instead of all of them.
    """
    out = np.zeros(len(points), dtype=bool)
    if len(others) == 0 or len(points) == 0:
        return out
    d = points.shape[1]
    oth = np.ascontiguousarray(others.T)
    step = max(1, _PAIRS // len(others))
    for a in range(0, len(points), step):
        pts = np.ascontiguousarray(points[a : a + step].T)
        ge = oth[0][None, :] >= pts[0][:, None]
        c = 1
        while c < d and np.count_nonzero(ge) * _DENSE > ge.size:
            ge &= oth[c][None, :] >= pts[c][:, None]
            c += 1
        if same:
            rows = np.arange(pts.shape[1])
            ge[rows, a + rows] = False
        i, j = np.nonzero(ge)
        for col in range(c, d):
            if i.size == 0:
                break
            keep = oth[col][j] >= pts[col][i]
            i, j = i[keep], j[keep]
        if m is not None and i.size:
            keep = np.any(others[j] - points[a + i] > m, axis=1)
            i = i[keep]
        out[a + i] = True
    return out


def _block_nested(
    s: Float, idx: NDArray[np.intp], front_pts: Float, m: Float | None
) -> tuple[list[int], Float]:
    """Filter candidates ``idx`` (rows of ``s``, in decreasing-sum order) against the
    frontier found so far and each other, block by block."""
    frontier: list[int] = []
    for a in range(0, len(idx), _BLOCK):
        block = idx[a : a + _BLOCK]
        pts = s[block]
        keep = ~_dominated_by(pts, front_pts, m)
        block, pts = block[keep], pts[keep]
        keep = ~_dominated_by(pts, pts, m, same=True)
        block, pts = block[keep], pts[keep]
        frontier.extend(block.tolist())
        front_pts = np.concatenate([front_pts, pts])
    return frontier, front_pts


def _nondominated_unique(u: Float, m: Float | None) -> Bool:
    """Non-dominated mask of a table of *unique* rows with three or more columns.

    Rows are visited by decreasing sum, ties broken lexicographically: a dominating row
    never has a smaller (floating-point) sum, since each addition is monotone, and on
    equal sums it is the lexicographically larger.
    The frontier of the first rows is exact (their dominators all come before them); a
    sample of it then thins out the rest, one elite at a time on the shrinking survivors,
    before the exact block-nested filter runs on what is left.
    """
    n = len(u)
    order = np.lexsort((*(-u.T[::-1]), -u.sum(axis=1)))
    s = u[order]
    head = min(n, 4 * _BLOCK)
    frontier, front_pts = _block_nested(s, np.arange(head), np.empty((0, u.shape[1])), m)
    rest = np.arange(head, n)
    if rest.size:
        step = max(1, len(frontier) // 256)
        for e in front_pts[::step]:
            if rest.size == 0:
                break
            rest = rest[~_dominated_by(s[rest], e[None, :], m)]
        more, _ = _block_nested(s, rest, front_pts, m)
        frontier.extend(more)
    mask_sorted = np.zeros(n, dtype=bool)
    mask_sorted[np.asarray(frontier, dtype=np.intp)] = True
    out = np.empty(n, dtype=bool)
    out[order] = mask_sorted
    return out


def nondominated(
    utilities: Float, decimals: int | None = None, margin: Float | float | None = None
) -> Bool:
    """Mask of the Pareto-optimal rows of ``utilities`` (``n_outcomes x n_parties``).

    Parameters
    ----------
    utilities
        One row per outcome, one column per party; larger is better.
    decimals
        Compare utilities rounded to this many decimals, so that two packages worth the
        same up to floating-point rounding (sums taken in another order) tie instead of
        one dominating the other by an ulp. ``None`` compares exactly.
    margin
        Non-negative advantage (a scalar, or one per party) that a dominating row must
        exceed for at least one party; ``None`` or 0 is ordinary dominance.

    Returns
    -------
    numpy.ndarray
        ``bool`` mask, true for every row that no other row Pareto-dominates.
    """
    u = np.asarray(utilities, dtype=np.float64)
    if decimals is not None:
        u = np.round(u, decimals)
    if u.ndim != 2:
        raise ParameterError("utilities", "must be a 2-D array (outcomes x parties)")
    n, p = u.shape
    m: Float | None = None
    if margin is not None:
        m = np.broadcast_to(np.asarray(margin, dtype=np.float64), (p,))
        if np.any(np.isnan(m)) or np.any(m < 0):
            raise ParameterError("margin", "must be non-negative")
        if not m.any():
            m = None
    if n == 0:
        return np.zeros(0, dtype=bool)
    if p == 0:
        return np.ones(n, dtype=bool)
    if p == 1:
        top = u[:, 0].max()
        if m is not None:
            return np.asarray(top - u[:, 0] <= m[0], dtype=bool)
        return np.asarray(u[:, 0] >= top, dtype=bool)
    if p == 2:
        return _nondominated_2d(u) if m is None else _nondominated_2d_margin(u, m)
    uniq, inverse = _unique_rows(u)
    return _nondominated_unique(uniq, m)[inverse]


def frontier_indices(utilities: Float) -> NDArray[np.intp]:
    """Indices of the Pareto-optimal rows, in row order."""
    return np.flatnonzero(nondominated(utilities))
