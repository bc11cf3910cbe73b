"""The analysis of many variants at once: zone of agreement and binding requirements.

For each variant, with the definitions of :mod:`accord.analysis.analyze` (only bargaining
parties count; a red line that is not firm in the variant is dropped):

* its zone of possible agreement (ZOPA) is the set of feasible packages that break no firm
  red line and give every bargaining party at least its reservation value;
* when the ZOPA is empty, the *binding* requirements are those in some minimal conflict
  (minimal unsatisfiable subset) of the deadlock diagnosis, computed as the minimal
  hitting sets of the minimal violation patterns exactly as
  :func:`accord.analysis.analyze` does, but once per distinct set of patterns.
"""

from __future__ import annotations

import numpy as np

from accord.analysis.deadlock import minimal_hitting_sets, minimal_sets
from accord.arrays import Bool, Float
from accord.sweep.variants import Base, Variants
from accord.tolerance import below

#: Up to this many requirements, patterns are held as a presence table over all 2**n codes.
_MAX_TABLE_BITS = 16


def violations(base: Base, v: Variants, u: Float, reservation: Float) -> Bool:
    """``(n, O, n_requirements)``: which requirement (red lines, then reservation values
    of the bargaining parties) each variant's outcome breaks. ``u`` is
    ``(n, n_bargaining, O)``; ``reservation`` ``(n, P)``."""
    n, o = v.n, base.n_outcomes
    n_red = base.red_index.size
    b = base.bargaining
    out = np.empty((n, o, n_red + b.size), dtype=bool)
    real = v.real[:, base.red_index]  # (n, n_red)
    out[:, :, :n_red] = base.red_violation[None, :, :] & real[:, None, :]
    d = reservation[:, b]  # (n, nb)
    out[:, :, n_red:] = np.transpose(below(u, d[:, :, None]), (0, 2, 1))
    return out


def acceptable(base: Base, viol: Bool) -> Bool:
    """``(n, O)``: the packages in each variant's ZOPA."""
    return np.asarray(base.feasible[None, :] & ~viol.any(axis=2))


def _binding_of(patterns: Bool) -> Bool:
    mcs = minimal_sets(patterns)
    try:
        mus = minimal_hitting_sets(mcs)
    except OverflowError:
        # too many minimal conflicts to list: every requirement of a minimal correction
        # set is in some minimal conflict (Reiter 1987), so the union is exact
        return np.asarray(mcs.any(axis=0))
    return np.asarray(mus.any(axis=0))


#: The binding requirements of each set of violation patterns met so far in this process
#: (chunks of a sweep meet the same few sets again and again); bounded by
#: :data:`_CACHE_SIZE`.
_CACHE: dict[bytes, Bool] = {}
_CACHE_SIZE = 4096


def _cached(present: Bool, bits: Bool) -> Bool:
    """:func:`_binding_of` the patterns whose codes ``present`` marks (``bits`` gives each
    code's requirements), from :data:`_CACHE` when the same patterns were met before."""
    key = np.packbits(present).tobytes() + bits.shape[1].to_bytes(2, "little")
    hit = _CACHE.get(key)
    if hit is None:
        hit = _binding_of(bits[present])
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[key] = hit
    return hit


def binding(base: Base, viol: Bool, zopa: Bool) -> Bool:
    """``(n, n_requirements)``: the requirements in some minimal conflict of each variant
    whose ZOPA is empty (all false where the ZOPA is not empty or nothing is feasible)."""
    n, _, n_req = viol.shape
    out = np.zeros((n, n_req), dtype=bool)
    feas = base.feasible
    rows = np.flatnonzero(~zopa)
    if rows.size == 0 or not feas.any() or n_req == 0:
        return out
    pats = viol[rows][:, feas, :]  # (m, F, n_req)
    if n_req <= _MAX_TABLE_BITS:
        weights = 1 << np.arange(n_req, dtype=np.int64)
        codes = (pats.astype(np.int64) * weights).sum(axis=2)  # (m, F)
        present = np.zeros((rows.size, 1 << n_req), dtype=bool)
        present[np.arange(rows.size)[:, None], codes] = True
        keys, inverse = np.unique(present, axis=0, return_inverse=True)
        bits = ((np.arange(1 << n_req)[:, None] >> np.arange(n_req)[None, :]) & 1).astype(bool)
        results = np.array([_cached(key, bits) for key in keys], dtype=bool)
        out[rows] = results[np.asarray(inverse).reshape(-1)]
        return out
    cache: dict[bytes, Bool] = {}
    for i, r in enumerate(rows):
        uniq = np.unique(np.packbits(pats[i], axis=1), axis=0)
        key = uniq.tobytes()
        hit = cache.get(key)
        if hit is None:
            hit = _binding_of(np.unpackbits(uniq, axis=1, count=n_req).astype(bool))
            cache[key] = hit
        out[r] = hit
    return out
