"""Bueno de Mesquita's expected utility model (EUM) of political forecasting.

Two variants, both specified in ``docs/forecasting-models.md`` (section 3):

``variant="scholz"`` (default, compatibility mode)
    The model as coded by Scholz, Calbert & Smith (2011, *J. Theor. Politics* 23(4):510)
    and replicated by J. McKibben-Sanders' ``bdm-scholz-expected-utility-model`` (whose
    outputs are our golden reference), with its known quirks: the probability of success
    is normalised over all triples of voter and pair of actors (so it is tiny), each actor
    evaluates offers with its own risk exponent, capitulation never happens, and among
    compromises the one with the smallest weighted position is taken.
``variant="canonical"``
    The same rounds with Bueno de Mesquita's (1994) probability of success
    ``P_i = sum_{k: v_k > 0} v_k / sum_k |v_k|``, ``v_k = c_k s_k (|x_k - x_j| - |x_k - x_i|)
    / range``.

Every round, risk exponents ``r_i`` are inferred from each actor's exposure with all
``r = 1``; every actor then receives the offers that others would make it (confrontation
or compromise), accepts the best, and all move at once. Q = 1 (the status quo is assumed
to hold if nobody challenges). Only the mean is a stable forecast (Masad's sensitivity
analysis); the outcome reported is the last round's weighted mean, with the weighted
median in the series.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from accord.arrays import Float
from accord.errors import ConfigurationError
from accord.forecast.actors import ActorTable
from accord.forecast.result import Forecast
from accord.randomness import RNG
from accord.tolerance import EXACT

Variant = Literal["scholz", "canonical"]

#: Rounds played when none are given (the reference EU emissions run).
DEFAULT_ROUNDS = 10


def weighted_mean(x: Float, c: Float, s: Float) -> float:
    """``sum c s x / sum c s``."""
    w = c * s
    return float((w * x).sum() / w.sum())


def weighted_median(x: Float, c: Float, s: Float) -> float:
    """The weighted (Condorcet) median: the lowest position whose cumulative ``c s`` weight
    reaches half the total. With single-peaked preferences on a line it beats every other
    position in a pairwise vote weighted by ``c s``."""
    w = c * s
    order = np.argsort(x, kind="stable")
    cum = np.cumsum(w[order])
    k = int(np.searchsorted(cum, 0.5 * cum[-1] - EXACT * cum[-1]))
    return float(x[order][min(k, x.size - 1)])


def _votes(xk: Float, c: Float, s: Float, r: Float, span: float, x: Float) -> Float:
    """``v[k, a, b] = c_k s_k ((|x_k - x_b| / span)^r_k - (|x_k - x_a| / span)^r_k)``:
    voter ``k``'s (at ``xk``) support for ``a`` against ``b``."""
    dist = (np.abs(xk[:, None] - x[None, :]) / span) ** r[:, None]
    return (c * s)[:, None, None] * (dist[:, None, :] - dist[:, :, None])


def success_probability(
    x: Float, c: Float, s: Float, r: Float, span: float, variant: Variant
) -> Float:
    """``P[i, j]``: the probability that ``i`` wins a challenge against ``j``.

    Votes are summed over voters in chunks so memory stays ``O(n^2)``.
    """
    n = x.size
    pos = np.zeros((n, n))
    den = np.zeros((n, n))
    step = max(1, (1 << 22) // max(1, n * n))
    for lo in range(0, n, step):
        sl = slice(lo, lo + step)
        v = _votes(x[sl], c[sl], s[sl], r[sl], span, x)
        pos += np.maximum(v, 0.0).sum(axis=0)
        den += np.abs(v).sum(axis=0)
    if variant == "scholz":
        total = den.sum()
        return np.asarray(pos / total if total > 0 else np.zeros_like(pos), dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(den > 0, pos / np.where(den > 0, den, 1.0), 0.5)
    return np.asarray(p, dtype=np.float64)


def expected_utility(
    x: Float,
    s: Float,
    prob: Float,
    r: Float | float,
    span: float,
) -> Float:
    """``E[i, j]``: the expected utility of ``i`` challenging ``j`` with risk exponent ``r``
    (``r`` broadcast against ``[i, j]``; Q = 1).

    ``E = s_j (P U_s + (1 - P) U_f) + (1 - s_j) U_s - U_sq`` with
    ``U_s = 2 - 4 (0.5 - 0.5 d)^r``, ``U_f = 2 - 4 (0.5 + 0.5 d)^r``, ``U_sq = 2 - 4 (0.5)^r``
    and ``d = |x_i - x_j| / span`` (Scholz et al. 2011, eq. 1-5).
    """
    d = np.abs(x[:, None] - x[None, :]) / span
    u_s = 2.0 - 4.0 * (0.5 - 0.5 * d) ** r
    u_f = 2.0 - 4.0 * (0.5 + 0.5 * d) ** r
    u_sq = 2.0 - 4.0 * 0.5**r
    return np.asarray(
        s[None, :] * (prob * u_s + (1.0 - prob) * u_f) + (1.0 - s[None, :]) * u_s - u_sq,
        dtype=np.float64,
    )


def risk_exponents(x: Float, c: Float, s: Float, span: float, variant: Variant) -> Float:
    """``r_i = (1 - R_i/3) / (1 + R_i/3)`` in [0.5, 2] from the exposure
    ``D_i = sum_{k != i} E^k(U_ki)`` (what the others expect from challenging ``i``),
    computed with every ``r = 1``;
    ``R_i = (2 D_i - D_max - D_min) / (D_max - D_min)``."""
    ones = np.ones_like(x)
    prob = success_probability(x, c, s, ones, span, variant)
    eu = expected_utility(x, s, prob, 1.0, span)
    np.fill_diagonal(eu, 0.0)
    exposure = eu.sum(axis=0)
    dmax, dmin = exposure.max(), exposure.min()
    if dmax - dmin <= 0:
        return np.ones_like(x)
    big_r = (2.0 * exposure - dmax - dmin) / (dmax - dmin)
    return np.asarray((1.0 - big_r / 3.0) / (1.0 + big_r / 3.0), dtype=np.float64)


def eum_round(
    x: Float, c: Float, s: Float, span: float, variant: Variant
) -> tuple[Float, Float, dict[str, dict[str, object]], list[str]]:
    """One round. Returns new positions, the risk exponents, and the accepted offers
    (keyed by receiver index as str; actor names are filled in by :func:`run_eum`)."""
    n = x.size
    r = risk_exponents(x, c, s, span, variant)
    prob = success_probability(x, c, s, r, span, variant)
    new_x = x.copy()
    offers: dict[str, dict[str, object]] = {}
    kinds: list[str] = [""] * n
    for i in range(n):
        # i's own view (its own r_i) of what it gains challenging j, and j challenging i
        eu = expected_utility(x, s, prob, r[i], span)
        eu_ij = eu[i, :]
        eu_ji = eu[:, i]
        others = np.arange(n) != i
        confront = others & (eu_ji > eu_ij) & (eu_ij > 0)
        compromise = others & (eu_ji > 0) & (eu_ij < 0) & (eu_ji > np.abs(eu_ij))
        if confront.any():
            cand = np.flatnonzero(confront)
            j = int(cand[np.argmin(np.abs(x[cand] - x[i]))])
            new_x[i] = x[j]
            kinds[i] = "confrontation"
        elif compromise.any():
            cand = np.flatnonzero(compromise)
            a, b = np.abs(eu_ij[cand]), np.abs(eu_ji[cand])
            weighted = (a * x[i] + b * x[cand]) / (a + b)
            j = int(cand[np.argmin(weighted)])
            new_x[i] = x[i] + (x[j] - x[i]) * abs(eu_ij[j] / eu_ji[j])
            kinds[i] = "compromise"
        else:
            continue
        offers[str(i)] = {
            "type": kinds[i],
            "from": j,
            "eu_recv": float(eu_ij[j]),
            "eu_sender": float(eu_ji[j]),
            "new_pos": float(new_x[i]),
        }
    return new_x, r, offers, kinds


def run_eum(
    table: ActorTable,
    *,
    rounds: int | None = None,
    variant: Variant = "scholz",
    rng: RNG = None,
) -> Forecast:
    """Run the expected utility model on each dimension of ``table`` for ``rounds`` rounds.

    Dimensions are forecast independently (the model is one-dimensional). The position
    range used in the distances is the range of the actors' starting positions on each
    dimension, as in the Scholz code. The model has no convergence test: it runs
    ``rounds`` rounds (default 10) and ``converged`` says whether the last round moved
    nobody.

    Returns
    -------
    Forecast
        ``positions`` per round; ``outcome``: the final weighted mean; series ``median``,
        ``mean`` (``[round][dimension]``), ``risk`` (``[round-1][dimension][actor]``) and
        ``offers`` (``[round-1][dimension]``: receiver -> offer).
    """
    del rng
    if variant not in ("scholz", "canonical"):
        raise ConfigurationError(f"unknown EUM variant {variant!r}; valid: 'scholz', 'canonical'")
    n_rounds = DEFAULT_ROUNDS if rounds is None else rounds
    if n_rounds < 1:
        raise ConfigurationError(f"steps must be at least 1, got {n_rounds}")
    table.require_complete("eum")
    c_all = table.capability
    n, dims = table.n_actors, table.n_dimensions
    positions = np.empty((n_rounds + 1, n, dims))
    positions[0] = table.position
    medians = np.empty((n_rounds + 1, dims))
    means = np.empty((n_rounds + 1, dims))
    risks = np.empty((n_rounds, dims, n))
    offers: list[list[dict[str, dict[str, object]]]] = [[] for _ in range(n_rounds)]
    moved_last = np.zeros(dims, dtype=bool)
    for k in range(dims):
        x = table.position[:, k].astype(np.float64)
        c = c_all[:, k]
        s = table.salience[:, k]
        span = float(x.max() - x.min())
        if span <= 0:
            span = 1.0
        medians[0, k] = weighted_median(x, c, s)
        means[0, k] = weighted_mean(x, c, s)
        for t in range(n_rounds):
            x_new, r, off, _ = eum_round(x, c, s, span, variant)
            named = {
                table.actors[int(i)]: {**o, "from": table.actors[int(str(o["from"]))]}
                for i, o in off.items()
            }
            offers[t].append(named)
            risks[t, k] = r
            moved_last[k] = bool(np.any(x_new != x))
            x = x_new
            positions[t + 1, :, k] = x
            medians[t + 1, k] = weighted_median(x, c, s)
            means[t + 1, k] = weighted_mean(x, c, s)
    return Forecast(
        model="eum",
        table=table,
        positions=positions,
        outcome=means[-1].copy(),
        converged=not bool(moved_last.any()),
        series={
            "variant": variant,
            "median": medians,
            "mean": means,
            "risk": risks,
            "offers": offers,
        },
    )
