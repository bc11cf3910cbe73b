"""Shared pieces of the foreign-format readers and writers (GENIUS, GeniusWeb, NegMAS).

Everything here works at the io boundary: reading files under a size limit, turning text
into finite numbers with precise errors, discretising real issues and packing an accord
preference into the "weights times values in [0, 1]" shape the field's formats use.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from accord.errors import AccordWarning, FormatError
from accord.io.limits import MAX_OPTIONS_PER_ISSUE
from accord.model import Issue, IssueKind, Preference
from accord.tolerance import EXACT, WRITTEN

#: Files larger than this are refused before being read (a domain of the field is at most
#: a few megabytes; the largest ANAC file is under 100 kB).
MAX_FILE_BYTES = 50 * 1024 * 1024

#: Real (continuous) issues are discretised into this many equally spaced options,
#: both bounds included, unless the caller asks otherwise.
DEFAULT_REAL_OPTIONS = 11

Continuous = Literal["discretize", "refuse"]


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The content of ``path`` by a bounded read, refusing files over ``max_bytes`` and
    anything that is not a regular file (a device, a FIFO) with a clear error."""
    from accord.io.limits import read_limited

    return read_limited(path, max_bytes, error=FormatError, what="negotiation files")


def check_option_count(lo: float, hi: float, step: float, *, file: str, path: str) -> int:
    """The number of options from ``lo`` to ``hi`` by ``step``, refused over
    :data:`~accord.io.limits.MAX_OPTIONS_PER_ISSUE` before anything is built (a 900-byte
    domain with ``upperbound="1e12"`` would otherwise ask for terabytes)."""
    count = (hi - lo) / step
    if not math.isfinite(count) or count + 1 > MAX_OPTIONS_PER_ISSUE:
        shown = f"{count + 1:,.0f}" if math.isfinite(count) else "too many"
        raise FormatError(
            f"the range {lo:g}..{hi:g} (step {step:g}) has {shown} options, over the limit "
            f"of {MAX_OPTIONS_PER_ISSUE:,} per issue",
            file=file,
            path=path,
        )
    return math.floor(count + WRITTEN) + 1


def to_float(value: object, *, file: str, path: str, what: str = "a number") -> float:
    """``value`` as a finite float, or a :class:`FormatError` naming where it was."""
    if isinstance(value, bool) or value is None:
        raise FormatError(f"expected {what}, got {value!r}", file=file, path=path)
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise FormatError(f"expected {what}, got {value!r}", file=file, path=path) from None
    if not math.isfinite(x):
        raise FormatError(f"expected a finite number, got {value!r}", file=file, path=path)
    return x


def to_int(value: object, *, file: str, path: str) -> int:
    """``value`` as an integer (``"3"``, ``3`` or ``3.0``), or a :class:`FormatError`."""
    x = to_float(value, file=file, path=path, what="an integer")
    if x != int(x):
        raise FormatError(f"expected an integer, got {value!r}", file=file, path=path)
    return int(x)


def normalize_weights(weights: dict[str, float], *, file: str, path: str) -> dict[str, float]:
    """Weights summing to one; others are rescaled with an :class:`AccordWarning`.

    Negative weights and all-zero weights are errors: no rescaling makes them meaningful.
    """
    for key, w in weights.items():
        if w < 0:
            raise FormatError(
                f"weight of issue {key!r} is negative ({w!r}); weights must be >= 0",
                file=file,
                path=path,
            )
    total = math.fsum(weights.values())
    if not weights:
        return {}
    if total <= 0:
        raise FormatError(
            "all issue weights are zero; at least one must be positive", file=file, path=path
        )
    if abs(total - 1.0) > WRITTEN:
        warnings.warn(
            f"{file}: {path}: issue weights sum to {total:.12g}, not 1; "
            "they were divided by their sum",
            AccordWarning,
            stacklevel=3,
        )
        return {k: w / total for k, w in weights.items()}
    return dict(weights)


def real_grid(lo: float, hi: float, n_options: int) -> tuple[float, ...]:
    """``n_options`` equally spaced points from ``lo`` to ``hi`` (both included)."""
    if n_options < 2 or hi == lo:
        return (float(lo),) if hi == lo else (float(lo), float(hi))
    return tuple(float(x) for x in np.linspace(lo, hi, n_options))


def integer_issue(name: str, lo: int, hi: int) -> Issue:
    """The integer issue ``lo..hi`` of a foreign domain (GENIUS ``integer``, NegMAS
    ``ContiguousIssue``): every whole number in between is an option, step one.

    >>> integer_issue("price", 2, 4).options
    (2, 3, 4)
    """
    return Issue(
        name,
        name,
        IssueKind.NUMERIC,
        tuple(range(lo, hi + 1)),
        minimum=float(lo),
        maximum=float(hi),
        step=1.0,
    )


def real_issue(
    name: str,
    lo: float,
    hi: float,
    *,
    real_options: int,
    continuous: Continuous,
    file: str,
    path: str,
) -> Issue:
    """The real (continuous) issue ``[lo, hi]`` of a foreign domain (GENIUS ``real``,
    NegMAS ``ContinuousIssue``): ``real_options`` equally spaced options (:func:`real_grid`),
    or, with ``continuous="refuse"``, the error of :func:`continuous_refused` at ``path``.

    >>> real_issue("t", 0.0, 1.0, real_options=3, continuous="discretize", file="f", path="p").step
    0.5
    """
    if continuous == "refuse":
        raise continuous_refused(name, lo, hi, file=file, path=path)
    grid = real_grid(lo, hi, real_options)
    return Issue(
        name,
        name,
        IssueKind.NUMERIC,
        grid,
        minimum=lo,
        maximum=hi,
        step=(hi - lo) / (len(grid) - 1) if len(grid) > 1 else None,
    )


def check_real_options(n_options: int) -> None:
    """Refuse fewer than two options per real-valued issue (:class:`FormatError`)."""
    if n_options < 2:
        raise FormatError(f"real_options must be at least 2, got {n_options}")


def continuous_refused(issue: str, lo: float, hi: float, *, file: str, path: str) -> FormatError:
    """The error for a real-valued ``issue`` on ``[lo, hi]`` met with ``continuous='refuse'``,
    naming the file, the path and the option that discretises it instead.
    """
    return FormatError(
        f"issue {issue!r} is real-valued (continuous on [{lo:g}, {hi:g}]) and "
        "continuous='refuse' was asked; accord works on finite outcome spaces: load with "
        "continuous='discretize' (and real_options=N) to discretise it",
        file=file,
        path=path,
    )


# -- writing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackedIssue:
    """One issue of a preference in the field's shape: ``weight * values`` with
    ``max(values) == 1`` (or all zero) and values in ``[0, 1]``."""

    weight: float
    values: NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PackedPreference:
    """``u = constant + factor * sum_k weight_k * values_k`` with weights summing to one."""

    issues: dict[str, PackedIssue]
    constant: float
    factor: float

    @property
    def exact(self) -> bool:
        """True when the packed form is the preference itself (no constant, factor one), not a
        positive affine transform of it.
        """
        return abs(self.constant) <= EXACT and abs(self.factor - 1.0) <= EXACT


def pack_preference(
    preference: Preference, issues: tuple[Issue, ...], *, unit_max: bool = True
) -> PackedPreference:
    """Rewrite an additive preference as weights summing to one over per-issue values in
    ``[0, 1]`` whose maximum is one.

    Exact (``constant == 0``, ``factor == 1``) for every preference read from GENIUS or
    GeniusWeb; other preferences are written as the positive affine transform
    ``(u - constant) / factor``, which has the same Pareto frontier and bargaining
    solutions (with reservation values transformed alike).
    """
    if not unit_max:  # GeniusWeb: values in [0, 1] need not reach 1
        direct = {}
        for issue in issues:
            fn = preference.values.get(issue.id)
            v = fn.evaluate(issue) if fn is not None else np.zeros(issue.size)
            w = preference.scale * preference.weights.get(issue.id, 0.0)
            direct[issue.id] = PackedIssue(w, np.asarray(v, dtype=np.float64))
        total = math.fsum(p.weight for p in direct.values())
        if (
            abs(preference.offset) <= EXACT
            and abs(total - 1.0) <= EXACT
            and all(p.values.min() >= 0 and p.values.max() <= 1 for p in direct.values())
        ):
            return PackedPreference(direct, 0.0, 1.0)
    constant = preference.offset
    raw: dict[str, NDArray[np.float64]] = {}
    for issue in issues:
        t = preference.scale * preference.issue_values(issue)
        low = float(t.min())
        if low < 0:  # values must be >= 0: move the minimum into the constant
            t = t - low
            constant += low
        raw[issue.id] = t
    ranges = {k: float(t.max()) for k, t in raw.items()}
    factor = math.fsum(ranges.values())
    packed: dict[str, PackedIssue] = {}
    for k, t in raw.items():
        r = ranges[k]
        if r > 0:
            packed[k] = PackedIssue(r / factor, t / r)
        else:
            packed[k] = PackedIssue(0.0, np.zeros_like(t))
    if factor <= 0:
        factor = 1.0
    return PackedPreference(packed, constant, factor)


def warn_inexact(fmt: str, party: str, packed: PackedPreference) -> None:
    """Warn (:class:`~accord.errors.AccordWarning`) when party ``party``'s preference is
    written to format ``fmt`` as a positive affine transform ``(u - constant) / factor``
    rather than as it is (same frontier and solutions, other utility numbers).
    """
    if not packed.exact:
        warnings.warn(
            f"{fmt} profiles hold weights summing to one over values in [0, 1] and no "
            f"offset: party {party!r}'s utilities are written as "
            f"(u - {packed.constant:.12g}) / {packed.factor:.12g}, a positive affine "
            "transform (same frontier and solutions)",
            AccordWarning,
            stacklevel=3,
        )


def is_integer_range(issue: Issue) -> bool:
    """True when the options are the consecutive integers ``lo, lo + 1, ..., hi``."""
    if issue.kind is not IssueKind.NUMERIC:
        return False
    opts = issue.options
    if not all(isinstance(o, int) and not isinstance(o, bool) for o in opts):
        return False
    ints = [int(o) for o in opts]
    return ints == list(range(ints[0], ints[0] + len(ints)))


def format_number(x: float) -> str:
    """Shortest text that reads back as exactly ``x``."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x)) if not math.copysign(1.0, x) < 0 or x != 0 else "0"
    return repr(float(x))
