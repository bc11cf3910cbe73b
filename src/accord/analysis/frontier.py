"""Pareto frontiers of compiled outcome spaces, in memory or streamed.

Two exact routes:

* **Product route.** When utilities are additive and every constraint tests one issue,
  the space is a product of per-issue option sets and each party's utility a sum of
  per-issue values. A package ``a + b`` of two disjoint sub-packages is Pareto-optimal
  only if both ``a`` and ``b`` are (otherwise improving the dominated part dominates the
  whole), so the frontier is built issue by issue from per-issue frontiers, pruning after
  each step. Nothing of the size of the full space is ever held.
* **Streaming route.** Otherwise blocks of outcomes are enumerated, each block's frontier is
  merged into the running frontier; memory stays at one block plus the frontier.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.pareto import nondominated
from accord.analysis.result import DECIMALS
from accord.arrays import Bool, Float, Index
from accord.errors import SpaceTooLargeError
from accord.space import CompiledScenario


@dataclass(frozen=True, slots=True)
class Frontier:
    """Pareto-optimal outcomes: option ``positions`` (``m x n_issues``, original issue
    positions) and the bargaining parties' ``utilities`` (``m x p``)."""

    positions: Index
    utilities: Float

    @property
    def size(self) -> int:
        """How many packages the frontier holds."""
        return int(self.positions.shape[0])

    @staticmethod
    def empty(n_issues: int, n_parties: int) -> Frontier:
        """A frontier with no package (of the given widths)."""
        return Frontier(np.zeros((0, n_issues), np.intp), np.zeros((0, n_parties)))

    def merge(self, positions: Index, utilities: Float) -> Frontier:
        """The frontier of this frontier's outcomes together with new ones."""
        if positions.shape[0] == 0:
            return self
        pos = np.concatenate([self.positions, positions])
        u = np.concatenate([self.utilities, utilities])
        keep = nondominated(u, DECIMALS)
        return Frontier(pos[keep], u[keep])

    def sorted(self) -> Frontier:
        """Rows ordered by the first party's utility, descending (stable for output)."""
        if self.size == 0:
            return self
        keys = tuple(self.positions.T[::-1]) + tuple(-self.utilities.T[::-1])
        order = np.lexsort(keys)
        return Frontier(self.positions[order], self.utilities[order])


#: The product route gives up when a (partial) frontier grows past this many packages.
MAX_FRONTIER = 2_000_000


class FrontierTooLarge(SpaceTooLargeError):
    """The Pareto frontier itself holds too many packages to list."""


def prune_margin(cs: CompiledScenario, decimals: int = DECIMALS) -> Float:
    """Per bargaining party, the advantage in raw value sums that surely survives.

    Reported utilities are ``offset + scale * (v_1 + v_2 + ...)``, summed issue by issue,
    and compared at ``decimals`` decimals. Floating-point addition, scaling and rounding
    are monotone, so a partial package at least as good for every party stays at least as
    good once completed; its strict advantage stays strict only if it exceeds the rounding
    step plus the error of the remaining sums. This bounds that, generously.
    """
    b = cs.bargaining
    eps = float(np.finfo(np.float64).eps)
    raw = sum(
        (np.abs(t[:, b]).max(axis=0) for t in cs.value_tables if t.shape[0]),
        np.zeros(b.size),
    )
    scale = np.abs(cs.scales[b])
    final = np.abs(cs.offsets[b]) + scale * raw
    err_sums = 2.0 * (len(cs.value_tables) + 1) * eps * raw
    with np.errstate(divide="ignore", invalid="ignore"):
        rounding = (10.0**-decimals + 6.0 * eps * final) / scale
    margin = 2.0 * (err_sums + rounding)
    return np.where(scale > 0, margin, np.inf)


def product_frontier(
    cs: CompiledScenario, option_masks: list[Bool], max_size: int = MAX_FRONTIER
) -> Frontier:
    """Exact frontier of the product of the allowed options (product route).

    Partial packages carry raw value sums accumulated exactly as the utility table
    accumulates them, so the final utilities are the table's to the last bit. Pruning
    uses :func:`prune_margin` and so only drops packages that stay dominated whatever
    completes them; the survivors are then filtered at the reported precision, which
    leaves exactly the frontier a brute force over the table finds (every dominated
    survivor is dominated by a frontier package, and those all survive).

    Raises
    ------
    FrontierTooLarge
        When a partial frontier would exceed ``max_size`` packages (for instance a
        constant-sum space, where every package is Pareto-optimal).
    """
    b = cs.bargaining
    p = b.size
    k = len(cs.allowed)
    if any(not m.any() for m in option_masks):
        return Frontier.empty(k, p)
    margin = prune_margin(cs)
    # raw sums are pruned as the party ranks them: a negative scale flips the order
    # (exactly: negation commutes with rounding); a zero scale makes the party indifferent
    sign = np.sign(cs.scales[b])
    # partial packages: local option positions of the issues combined so far, raw sums
    local = np.zeros((1, 0), dtype=np.intp)
    raw = np.zeros((1, p))
    for j, table in enumerate(cs.value_tables):
        opts = np.flatnonzero(option_masks[j])
        vals = table[np.ix_(opts, b)] * sign
        keep = nondominated(vals, margin=margin)
        opts, vals = opts[keep], vals[keep]
        m, r = raw.shape[0], opts.size
        if m * r > max_size:
            raise FrontierTooLarge(
                f"the Pareto frontier holds more than {max_size:,} packages (nearly every "
                "package is Pareto-optimal); it is not listed"
            )
        raw = (raw[:, None, :] + vals[None, :, :]).reshape(m * r, p)
        local = np.concatenate([np.repeat(local, r, axis=0), np.tile(opts, m)[:, None]], axis=1)
        keep = nondominated(raw, margin=margin)
        raw, local = raw[keep], local[keep]
    util = cs.offsets[b] + cs.scales[b] * (raw * sign)
    keep = nondominated(util, DECIMALS)
    return Frontier(cs.to_original(local[keep]), util[keep])
