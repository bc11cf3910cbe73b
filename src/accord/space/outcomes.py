"""The outcome space: every package, as the Cartesian product of the issues' options.

Outcomes are numbered in C order (the last issue varies fastest). An outcome is held as
its vector of option positions; :func:`decode` turns positions back into option values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.model import Issue, OptionValue

DEFAULT_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class OutcomeSpace:
    """The product of ``issues``' options; ``sizes[k]`` options for issue ``k``."""

    issues: tuple[Issue, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        """Options per issue."""
        return tuple(i.size for i in self.issues)

    @property
    def n_outcomes(self) -> int:
        """How many packages: the product of :attr:`sizes` (exact, any size)."""
        return int(np.prod(self.sizes, dtype=object))

    def positions(self, start: int, stop: int) -> NDArray[np.intp]:
        """Option positions of outcomes ``start..stop-1`` as an ``(m, n_issues)`` array."""
        flat = np.arange(start, stop, dtype=np.int64)
        if not self.issues:
            return np.zeros((stop - start, 0), dtype=np.intp)
        cols = np.unravel_index(flat, self.sizes)
        return np.stack(cols, axis=1).astype(np.intp, copy=False)

    def ranges(self, chunk: int = DEFAULT_CHUNK) -> Iterator[tuple[int, int]]:
        """``(start, stop)`` of consecutive blocks of at most ``chunk`` outcomes."""
        n = self.n_outcomes
        for start in range(0, n, chunk):
            yield start, min(n, start + chunk)

    def decode(self, positions: NDArray[np.intp] | tuple[int, ...]) -> dict[str, OptionValue]:
        """``{issue id: option value}`` of one outcome given its option positions."""
        return {
            issue.id: issue.options[int(p)] for issue, p in zip(self.issues, positions, strict=True)
        }
