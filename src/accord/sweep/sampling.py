"""Drawing the uncertain inputs of a sweep's runs.

Run ``i`` of a sweep with seed ``S`` owns the generator seeded by the ``i``-th child of
``SeedSequence(S)`` (``SeedSequence(S).spawn(N)[i]``, built directly as
``SeedSequence(S, spawn_key=(i,))``). It draws all its uniforms in one call, in a fixed
order (scalars, then Dirichlet weight vectors, then red lines), and they are turned into
the inputs by inverse distribution functions (scipy.special), element by element. A run's
inputs therefore depend on ``S`` and ``i`` only: not on how runs are batched or on which
process or machine draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.arrays import Bool, Float
from accord.errors import require_extra
from accord.model import Beta, Fixed, Normal, ScalarDistribution, Triangular, Uniform
from accord.randomness import child_seed
from accord.sweep.uncertainty import UncertaintyPlan

#: Uniforms are kept strictly inside (0, 1) so inverse CDFs stay finite.
_TINY = 2.0**-60


def run_seed(root: int | np.random.SeedSequence, run: int) -> np.random.SeedSequence:
    """The seed sequence of run ``run`` of a sweep whose root is ``root`` (its seed, or
    its root :class:`~numpy.random.SeedSequence`): ``SeedSequence(root).spawn(N)[run]``
    (``root.spawn(N)[run]``) for any ``N > run``, made alone."""
    return child_seed(_root(root), run)


def run_generators(
    root: int | np.random.SeedSequence, start: int, stop: int
) -> list[np.random.Generator]:
    """The generators of runs ``start..stop-1`` of the sweep whose root is ``root``."""
    parent = _root(root)
    return [np.random.Generator(np.random.PCG64(child_seed(parent, i))) for i in range(start, stop)]


def _root(root: int | np.random.SeedSequence) -> np.random.SeedSequence:
    return root if isinstance(root, np.random.SeedSequence) else np.random.SeedSequence(root)


def dimensions(u: UncertaintyPlan, n_issues: int) -> int:
    """How many uniforms one run draws."""
    return len(u.scalars) + n_issues * len(u.weights) + len(u.red_lines)


def draw_uniforms(gens: list[np.random.Generator], d: int) -> Float:
    """``(len(gens), d)`` uniforms, one row per run from its own generator."""
    out = np.empty((len(gens), d), dtype=np.float64)
    for i, g in enumerate(gens):
        out[i] = g.random(d)
    return np.clip(out, _TINY, 1.0 - _TINY)


def _special() -> Any:
    """:mod:`scipy.special` (the quantile functions of the normal, beta and gamma laws)."""
    return require_extra("scipy.special", "sampling uncertain assumptions (accord sweep)")


def check_sampling_extras(u: UncertaintyPlan) -> None:
    """Raise :class:`~accord.errors.MissingExtraError` now, before any run, when sampling ``u``
    needs scipy (normal, beta or Dirichlet inputs) and it is not installed."""
    if u.weights or any(isinstance(s.dist, Normal | Beta) for s in u.scalars):
        _special()


def inverse_cdf(dist: ScalarDistribution, u: Float, default: float) -> Float:
    """Quantiles of ``dist`` at probabilities ``u`` (``default`` for a ``fixed`` without a
    value)."""
    if isinstance(dist, Uniform):
        return dist.low + u * (dist.high - dist.low)
    if isinstance(dist, Normal):  # truncated to its bounds, if any
        special = _special()
        if dist.low is None and dist.high is None:
            return np.asarray(dist.mean + dist.sd * special.ndtri(u))
        a = 0.0 if dist.low is None else float(special.ndtr((dist.low - dist.mean) / dist.sd))
        b = 1.0 if dist.high is None else float(special.ndtr((dist.high - dist.mean) / dist.sd))
        x = dist.mean + dist.sd * special.ndtri(a + u * (b - a))
        lo = -np.inf if dist.low is None else dist.low
        hi = np.inf if dist.high is None else dist.high
        return np.asarray(np.clip(x, lo, hi), dtype=np.float64)
    if isinstance(dist, Beta):
        a, b = dist.shape
        lo, hi = dist.bounds
        ppf = _special().betaincinv(a, b, u)
        return np.asarray(lo + (hi - lo) * ppf)
    if isinstance(dist, Triangular):
        lo, mode, hi = dist.low, dist.mode, dist.high
        c = (mode - lo) / (hi - lo)
        left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
        right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
        return np.asarray(np.where(u < c, left, right), dtype=np.float64)
    assert isinstance(dist, Fixed)
    value = default if dist.value is None else dist.value
    return np.full(u.shape, float(value))


def dirichlet(center: Float, concentration: float, u: Float) -> Float:
    """Dirichlet draws from uniforms ``u`` ``(n, K)`` by normalised Gamma quantiles;
    components with a zero centre stay zero."""
    alpha = concentration * center
    pos = alpha > 0
    g = np.zeros(u.shape, dtype=np.float64)
    g[:, pos] = _special().gammaincinv(alpha[pos][None, :], u[:, pos])
    total = g.sum(axis=1, keepdims=True)
    # all-zero draws need every uniform within ~1e-300 of 0; fall back to the centre
    bad = ~(total[:, 0] > 0)
    if bad.any():
        g[bad] = center
        total[bad] = center.sum()
    return np.asarray(g / total)


@dataclass(frozen=True, slots=True)
class Draws:
    """The inputs of a block of runs.

    ``scalars`` ``(n, n_scalars)`` (per-issue weights before normalisation),
    ``weights`` one ``(n, n_issues)`` array per Dirichlet input, ``real`` ``(n, n_red)``
    whether each uncertain red line is firm.
    """

    scalars: Float
    weights: tuple[Float, ...]
    real: Bool


def draw(u: UncertaintyPlan, uniforms: Float, defaults: tuple[float, ...], n_issues: int) -> Draws:
    """Turn a block of uniforms into inputs (``defaults``: each scalar's scenario value)."""
    n = uniforms.shape[0]
    col = 0
    scalars = np.empty((n, len(u.scalars)), dtype=np.float64)
    for j, s in enumerate(u.scalars):
        scalars[:, j] = inverse_cdf(s.dist, uniforms[:, col], defaults[j])
        col += 1
    weights = []
    for w in u.weights:
        block = uniforms[:, col : col + n_issues]
        weights.append(dirichlet(np.asarray(w.center), w.concentration, block))
        col += n_issues
    p = np.array([r.p_real for r in u.red_lines], dtype=np.float64)
    real = uniforms[:, col : col + len(u.red_lines)] < p[None, :]
    return Draws(scalars, tuple(weights), real)
