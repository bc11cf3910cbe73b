"""Preferences: how much each party values each package.

A party's utility is additive over issues (Keeney & Raiffa 1976, ch. 3):
``u(x) = offset + scale * (sum_k w_k * v_k(x_k) + sum_r utility_r * [x in box_r])``. The
value functions ``v_k`` are declared per issue (a table over options, or a linear, peaked
or piecewise-linear function of a numeric option) and compile to one value per option.
The optional hyper-rectangle terms hold the non-additive profiles of ANAC 2014
(GENIUS ``<utility_space type="nonlinear">``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from accord.model.evidence import Evidence
from accord.model.issue import Issue, OptionValue


@dataclass(frozen=True, slots=True)
class TableValue:
    """A value per option: ``values[i]`` belongs to ``issue.options[i]``."""

    values: tuple[float, ...]
    kind: Literal["table"] = "table"

    def evaluate(self, issue: Issue) -> NDArray[np.float64]:
        """The values as an array, one per option of ``issue`` (the issue itself is not read)."""
        return np.asarray(self.values, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class LinearValue:
    """Linear in a numeric option: ``at_min`` at the issue minimum, ``at_max`` at its maximum."""

    at_min: float
    at_max: float
    kind: Literal["linear"] = "linear"

    def evaluate(self, issue: Issue) -> NDArray[np.float64]:
        """The value of each option of the numeric ``issue``, interpolated linearly between its
        smallest and largest option (``at_max`` everywhere when the issue has one option).
        """
        x = np.asarray(issue.options, dtype=np.float64)
        lo, hi = float(x.min()), float(x.max())
        if hi == lo:
            return np.full(x.shape, self.at_max)
        return self.at_min + (self.at_max - self.at_min) * (x - lo) / (hi - lo)


@dataclass(frozen=True, slots=True)
class PeakedValue:
    """Ideal-point (single-peaked) value: ``at_ideal`` (default 1) at ``ideal``, linear down
    to ``at_min`` at the minimum and ``at_max`` at the maximum of the issue (a triangular
    evaluator)."""

    ideal: float
    at_min: float = 0.0
    at_max: float = 0.0
    at_ideal: float = 1.0
    kind: Literal["peaked"] = "peaked"

    def evaluate(self, issue: Issue) -> NDArray[np.float64]:
        """The value of each option of the numeric ``issue``: ``at_ideal`` at ``ideal``, linear
        down to ``at_min`` and ``at_max`` at the smallest and largest options. An ideal at or
        beyond an end of the range gives a single slope from that end.
        """
        x = np.asarray(issue.options, dtype=np.float64)
        lo, hi = float(x.min()), float(x.max())
        xs = [lo, self.ideal, hi]
        ys = [self.at_min, self.at_ideal, self.at_max]
        if self.ideal <= lo:
            xs, ys = [lo, hi], [self.at_ideal, self.at_max]
        elif self.ideal >= hi:
            xs, ys = [lo, hi], [self.at_min, self.at_ideal]
        return np.interp(x, xs, ys)


@dataclass(frozen=True, slots=True)
class PiecewiseLinearValue:
    """Piecewise linear through ``points`` ((x, value) pairs, x increasing); constant beyond."""

    points: tuple[tuple[float, float], ...]
    kind: Literal["piecewise"] = "piecewise"

    def evaluate(self, issue: Issue) -> NDArray[np.float64]:
        """The value of each option of the numeric ``issue``, interpolated through ``points``
        (the first or last value beyond their range).
        """
        x = np.asarray(issue.options, dtype=np.float64)
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return np.interp(x, xs, ys)


ValueFunction = TableValue | LinearValue | PeakedValue | PiecewiseLinearValue


@dataclass(frozen=True, slots=True)
class HyperRectangle:
    """A non-additive term: ``utility`` is earned when every bounded issue lies in its box.

    ``bounds`` holds ``(issue id, lowest option value, highest option value)``, inclusive,
    compared by option value for numeric issues and by option position otherwise.
    """

    utility: float
    bounds: tuple[tuple[str, OptionValue, OptionValue], ...]


@dataclass(frozen=True, slots=True)
class Preference:
    """One party's preferences over packages.

    ``weights`` maps issue id to salience (normalised to sum to one at load time when the
    profile is additive); ``values`` maps issue id to its value function. An issue absent
    from ``values`` contributes nothing.
    """

    weights: dict[str, float] = field(default_factory=dict)
    values: dict[str, ValueFunction] = field(default_factory=dict)
    rectangles: tuple[HyperRectangle, ...] = ()
    offset: float = 0.0
    scale: float = 1.0
    evidence: Evidence = field(default_factory=lambda: Evidence(assumption=True))

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.weights.items())), self.rectangles, self.offset))

    @property
    def is_additive(self) -> bool:
        """True when the utility is a weighted sum over issues (no hyper-rectangle terms)."""
        return not self.rectangles

    def issue_values(self, issue: Issue) -> NDArray[np.float64]:
        """The weighted value ``w_k * v_k`` of each option of ``issue``."""
        fn = self.values.get(issue.id)
        if fn is None:
            return np.zeros(issue.size)
        return self.weights.get(issue.id, 0.0) * fn.evaluate(issue)
