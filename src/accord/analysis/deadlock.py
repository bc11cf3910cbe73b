"""Deadlock diagnosis: which requirements collide, and which relaxations open a deal.

The requirements are the bargaining parties' red lines and reservation values. For every
feasible package we know which requirements it breaks (its *violation pattern*).

* A set ``C`` of requirements is a *correction set* when giving up ``C`` leaves some
  feasible package that satisfies every other requirement, that is, when some package's
  violation pattern is a subset of ``C``. The *minimal correction sets* (MCS) are exactly
  the inclusion-minimal violation patterns.
* A *minimal unsatisfiable subset* (MUS, a minimal conflict) is an inclusion-minimal set of
  requirements that no feasible package satisfies together. MUSes are the minimal hitting
  sets of the MCSes and vice versa (Reiter 1987, "A theory of diagnosis from first
  principles", *Artificial Intelligence* 32; Liffiton & Sakallah 2008, "Algorithms for
  computing minimal unsatisfiable subsets of constraints", *J. Automated Reasoning* 40).

Patterns are rows of a boolean matrix (packages x requirements); everything here is a set
operation on those rows, done on rows packed into 64-bit words (a subset test is one
``a & ~b == 0`` per word).

>>> import numpy as np
>>> mcs = np.array([[1, 0, 1, 0], [0, 1, 1, 0], [1, 0, 0, 1], [0, 1, 0, 1]], dtype=bool)
>>> minimal_hitting_sets(mcs).astype(int).tolist()
[[1, 1, 0, 0], [0, 0, 1, 1]]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Bool
from accord.errors import AccordError

Words = NDArray[np.uint64]

#: Subset tests are done in slices of about this many (row, row, word) triples.
_SLICE = 1 << 22

#: Default bound on the intermediate family of :func:`minimal_hitting_sets`.
DEFAULT_HITTING_LIMIT = 10_000


class TooManyConflicts(AccordError, OverflowError):
    """More minimal hitting sets (conflicts) than the limit allows.

    ``found`` holds those of the intermediate family already known to be minimal hitting
    sets of *all* the rows (a true, incomplete list of conflicts).
    """

    def __init__(self, limit: int, found: Bool) -> None:
        self.limit = limit
        self.found = found
        super().__init__(f"more than {limit:,} minimal conflicts")


def pack(rows: Bool) -> Words:
    """Boolean rows ``(m, n)`` packed into 64-bit words ``(m, ceil(n / 64))``."""
    m, n = rows.shape
    w = max(1, (n + 63) // 64)
    padded = np.zeros((m, w * 64), dtype=bool)
    padded[:, :n] = rows
    return np.packbits(padded, axis=1, bitorder="little").view(np.uint64).reshape(m, w)


def subset_matrix(small: Words, large: Words) -> Bool:
    """``out[i, j]``: row ``i`` of ``small`` is a subset of row ``j`` of ``large``
    (both packed with :func:`pack`)."""
    out = np.zeros((small.shape[0], large.shape[0]), dtype=bool)
    if out.size == 0:
        return out
    w = small.shape[1]
    step = max(1, _SLICE // max(1, large.shape[0] * w))
    not_large = ~large
    for s in range(0, small.shape[0], step):
        part = small[s : s + step, None, :] & not_large[None, :, :]
        out[s : s + step] = ~np.any(part, axis=2)
    return out


def minimal_mask(patterns: Bool) -> Bool:
    """Which rows of ``patterns`` are inclusion-minimal and the first of their duplicates.

    Rows are taken by cardinality, level by level: a row can only contain a row of
    smaller cardinality, so each level is tested against the rows kept so far at once.
    """
    m = patterns.shape[0]
    keep = np.zeros(m, dtype=bool)
    if m == 0:
        return keep
    packed = np.packbits(patterns, axis=1)
    _, first = np.unique(packed, axis=0, return_index=True)
    first = np.sort(first)
    words = pack(patterns[first])
    card = patterns[first].sum(axis=1)
    kept = np.zeros((0, words.shape[1]), dtype=np.uint64)
    for c in np.unique(card):
        level = np.flatnonzero(card == c)
        if kept.shape[0]:
            covered = subset_matrix(kept, words[level]).any(axis=0)
            level = level[~covered]
        keep[first[level]] = True
        kept = np.concatenate([kept, words[level]])
    return keep


def minimal_sets(patterns: Bool) -> Bool:
    """The inclusion-minimal rows among ``patterns`` (duplicates removed), by cardinality
    and then in order of first occurrence."""
    if patterns.shape[0] == 0:
        return patterns
    keep = np.flatnonzero(minimal_mask(patterns))
    rows = patterns[keep]
    order = np.argsort(rows.sum(axis=1), kind="stable")
    return rows[order].reshape(keep.size, patterns.shape[1])


def minimal_hitting_sets(
    sets: Bool,
    limit: int = DEFAULT_HITTING_LIMIT,
    check: Callable[[], None] | None = None,
) -> Bool:
    """All inclusion-minimal sets that intersect every row of ``sets`` (Berge's
    incremental algorithm), smallest first.

    Each row splits the current family into the sets that hit it (kept: none of them can
    contain a new set) and those that miss it, which grow by one element of the row; a
    grown set survives unless it contains a kept set. A row every set already hits
    changes nothing.

    Parameters
    ----------
    limit
        Bound on the intermediate family.
    check
        Called once per row; may raise to stop the work (a time budget).

    Raises
    ------
    TooManyConflicts
        When the family outgrows ``limit``; it carries the sets already known to hit
        every row.
    """
    n = sets.shape[1]
    rows = minimal_sets(sets)
    if rows.shape[0] and not rows[0].any():
        return np.zeros((0, n), dtype=bool)  # the empty set can't be hit
    packed_rows = pack(rows)
    unit = pack(np.eye(n, dtype=bool))
    family = np.zeros((1, packed_rows.shape[1]), dtype=np.uint64)  # {∅}
    for r in range(rows.shape[0]):
        if check is not None:
            check()
        row = packed_rows[r]
        hits = np.any(family & row, axis=1)
        if hits.all():
            continue
        keep, miss = family[hits], family[~hits]
        grown = (miss[:, None, :] | unit[np.flatnonzero(rows[r])][None, :, :]).reshape(
            -1, family.shape[1]
        )
        # grown sets are distinct and none contains another (each meets the row in its
        # one added element, and the sets that missed it form an antichain): only a kept
        # set can make one non-minimal
        if grown.shape[1] == 1:  # one word: plain integer operations
            covered = np.any((keep[:, 0, None] & ~grown[None, :, 0]) == 0, axis=0)
        else:
            covered = subset_matrix(keep, grown).any(axis=0)
        family = np.concatenate([keep, grown[~covered]])
        if family.shape[0] > limit:
            # members hitting every row are minimal hitting sets of all of them
            hit_all = ~np.any(subset_matrix(packed_rows, ~family), axis=0)
            raise TooManyConflicts(limit, _by_size(_unpack(family[hit_all], n)))
    return _by_size(_unpack(family, n))


def _unpack(words: Words, n: int) -> Bool:
    bits = np.unpackbits(words.view(np.uint8), axis=1, bitorder="little")
    return bits[:, :n].astype(bool)


def _by_size(rows: Bool) -> Bool:
    """Rows by cardinality, then lexicographically (as bit strings, first bit first)."""
    if rows.shape[0] == 0:
        return rows
    order = np.lexsort((*(~rows.T[::-1]), rows.sum(axis=1)))
    return rows[order]
