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
operation on those rows.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Bool = NDArray[np.bool_]


def unique_patterns(violations: Bool) -> Bool:
    """The distinct rows of a boolean violation matrix."""
    if violations.shape[0] == 0:
        return violations.reshape(0, violations.shape[1])
    packed = np.packbits(violations, axis=1)
    _, first = np.unique(packed, axis=0, return_index=True)
    return violations[np.sort(first)]


def minimal_sets(patterns: Bool) -> Bool:
    """The inclusion-minimal rows among ``patterns`` (duplicates removed)."""
    if patterns.shape[0] == 0:
        return patterns
    pats = unique_patterns(patterns)
    order = np.argsort(pats.sum(axis=1), kind="stable")
    pats = pats[order]
    kept: list[NDArray[np.bool_]] = []
    for row in pats:
        if kept:
            k = np.asarray(kept)
            # some kept set is a subset of this row -> this row is not minimal
            if np.any(np.all(~k | row, axis=1)):
                continue
        kept.append(row)
    return np.asarray(kept, dtype=bool).reshape(len(kept), patterns.shape[1])


def minimal_hitting_sets(sets: Bool, limit: int = 10_000) -> Bool:
    """All inclusion-minimal sets that intersect every row of ``sets`` (Berge's
    incremental algorithm). ``limit`` bounds the intermediate family."""
    n = sets.shape[1]
    family = np.zeros((1, n), dtype=bool)  # {∅}
    for row in minimal_sets(sets):
        if not row.any():
            return np.zeros((0, n), dtype=bool)  # the empty set can't be hit
        hits = np.any(family & row, axis=1)
        keep = family[hits]
        miss = family[~hits]
        grown = [m | _unit(n, int(j)) for m in miss for j in np.flatnonzero(row)]
        family = np.concatenate([keep, np.asarray(grown, dtype=bool).reshape(-1, n)])
        family = minimal_sets(family)
        if len(family) > limit:
            raise OverflowError(f"more than {limit} minimal conflicts")
    return family


def _unit(n: int, j: int) -> Bool:
    e = np.zeros(n, dtype=bool)
    e[j] = True
    return e
