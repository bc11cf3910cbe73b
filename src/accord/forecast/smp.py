"""KTAB's Spatial Model of Politics (SMP) with KTAB's default settings.

Reimplemented from the specification in ``docs/forecasting-models.md`` (section 1), which
re-derives the model of KAPSARC's KTAB (Wise et al. 2015; ``examples/smp`` of
``KAPSARC/KTAB``, MIT) with the settings its CSV reference runs use: VictoryProb Linear,
VotingRule Prop, PCE Conditional, StateTransitions Deterministic, BigRRange Mid,
BigRAdjust OneThird, ThirdParty SemiCommit, InterVecBrgn S2P2, Bargn InitOnlyInterp, and
identity accommodation (the ideal point is the current position).

Each turn, every actor estimates risk attitudes from the probability that each position
would win, challenges the actor where it expects the largest gain, and the bargains so
formed are resolved by a conditional probability-of-coalition-extension (PCE) vote in each
actor's queue. Positions are kept on the 0-1 scale and bargains rounded to 4 decimals,
as KTAB does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Float
from accord.errors import ConfigurationError
from accord.forecast.actors import ActorTable
from accord.forecast.result import Forecast
from accord.randomness import RNG

#: KTAB's round limit (``SMPModel::stopSMP``).
MAX_ROUNDS = 100
#: Stop when the latest total move is below this fraction of the first one.
STOP_FRACTION = 0.02
#: Positions closer than this (Euclidean, 0-1 scale) count as one option.
UNIQUE_TOLERANCE = 1e-3


@dataclass(frozen=True, slots=True)
class SMPTurn:
    """Intermediate quantities of one turn (for checks against KTAB's logs)."""

    risk_neutral: Float  # U0[i, j] = 1 - d_ij
    risk: Float  # R_i
    position_probability: Float  # conditional PCE over all positions
    utility: Float  # U[i, j] = u(d_ij, R_i)
    target: NDArray[np.int64]  # j targeted by i, -1 for none
    gain: Float  # expected gain of i's best challenge (nan for none)
    phi: Float  # i's estimate of the probability it wins against its target


def distances(x: Float, s: Float) -> Float:
    """``d[i, j]``: the salience-weighted distance from ``x_i`` to ``x_j`` seen by ``i``.

    ``d_ij = sqrt(sum_k (s_ik (x_ik - x_jk))^2 / sum_k s_ik^2)`` (KTAB ``SMPActor``).
    """
    diff = x[:, None, :] - x[None, :, :]
    s2 = s * s
    num = np.einsum("ik,ijk->ij", s2, diff * diff)
    den = s2.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.sqrt(np.where(den[:, None] > 0, num / np.where(den > 0, den, 1.0)[:, None], 0.0))
    return d


def utility(d: Float, r: Float) -> Float:
    """KTAB's risk-adjusted utility of distance ``d`` under risk attitude ``r``.

    ``u = (1 - d)(1 + d r)`` for ``d <= 1`` and ``(1 - d)(1 + r)`` beyond.
    """
    return np.where(d <= 1.0, (1.0 - d) * (1.0 + d * r), (1.0 - d) * (1.0 + r))


def coalition_strengths(u: Float, w: Float, chunk: int = 1 << 22) -> Float:
    """``C[a, b] = sum_k w_k max(u[k, a] - u[k, b], 0)`` (proportional voting, Prop).

    Computed in chunks of actors so memory stays ``O(options^2)``.
    """
    n, m = u.shape
    out = np.zeros((m, m))
    step = max(1, chunk // max(1, m * m))
    for lo in range(0, n, step):
        uk = u[lo : lo + step]
        diff = uk[:, :, None] - uk[:, None, :]
        np.maximum(diff, 0.0, out=diff)
        out += np.einsum("k,kab->ab", w[lo : lo + step], diff)
    return out


def conditional_pce(u: Float, w: Float) -> Float:
    """Conditional probability of coalition extension over the options (columns of ``u``).

    Votes ``c_k (u_ka - u_kb)``, coalitions ``C_ab = 1e-8 + sum_k max(vote, 0)``, victory
    probabilities ``P_ab = C_ab / (C_ab + C_ba)`` (``P_aa = 1/2``) and
    ``p_a proportional to prod_b P_ab``, evaluated in logs.
    """
    m = u.shape[1]
    c = 1e-8 + coalition_strengths(u, w)
    p = c / (c + c.T)
    np.fill_diagonal(p, 0.5)
    logp = np.log(p).sum(axis=1)
    logp -= logp.max()
    e = np.exp(logp)
    if m == 0:
        return np.asarray(e, dtype=np.float64)
    return np.asarray(e / e.sum(), dtype=np.float64)


def risk_attitudes(prob: Float) -> Float:
    """``R_i = (3 p_i - (p_max + 2 p_min)) / (2 (p_max - p_min))`` (BigRRange Mid)."""
    pmax, pmin = prob.max(), prob.min()
    span = pmax - pmin
    if span <= 0:
        return np.zeros_like(prob)
    return np.asarray((3.0 * prob - (pmax + 2.0 * pmin)) / (2.0 * span), dtype=np.float64)


def unique_options(x: Float, tol: float = UNIQUE_TOLERANCE) -> NDArray[np.int64]:
    """For each actor, the index of the first actor whose position lies within Euclidean
    distance ``tol`` of its own (KTAB's equivalence of positions)."""
    n = x.shape[0]
    diff = x[:, None, :] - x[None, :, :]
    close = np.sqrt((diff * diff).sum(axis=2)) < tol
    rep = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        if rep[i] < 0:
            rep[np.flatnonzero(close[i] & (rep < 0))] = i
    return rep


def win_probabilities(x: Float, s: Float, c: Float) -> Float:
    """Each actor's position's probability of winning (KTAB's "winning probabilities").

    Conditional PCE over the unique positions with ``U_ij = u(d_ij, R_i)``; actors on the
    same position share its probability.
    """
    d = distances(x, s)
    r = risk_attitudes(conditional_pce(1.0 - d, c))
    u = utility(d, r[:, None])
    rep = unique_options(x)
    cols = np.unique(rep)
    p = conditional_pce(u[:, cols], c)
    lookup = np.zeros(x.shape[0])
    lookup[cols] = p
    return np.asarray(lookup[rep], dtype=np.float64)


def _round4(v: Float) -> Float:
    return np.asarray(np.round(v, 4), dtype=np.float64)


def smp_turn(x: Float, s: Float, c: Float) -> tuple[Float, SMPTurn]:
    """One turn of the SMP from positions ``x`` (0-1 scale). Returns the new positions."""
    n, dims = x.shape
    d = distances(x, s)
    u0 = 1.0 - d
    prob = conditional_pce(u0, c)
    big_r = risk_attitudes(prob)
    u_obj = utility(d, big_r[:, None])
    total_s = s.sum(axis=1)
    wts = total_s * c

    target = np.full(n, -1, dtype=np.int64)
    gain = np.full(n, np.nan)
    phi_of = np.full(n, np.nan)
    idx = np.arange(n)
    for i in range(n):
        # i's estimate of everyone's utilities: r_hi = (2 R_h + R_i) / 3 with h = i.
        uh = utility(d, ((2.0 * big_r[i] + big_r) / 3.0)[:, None])
        u_ii = uh[i, i]
        u_ij = uh[i, :]
        u_ji = uh[:, i]
        u_jj = np.diagonal(uh)
        a_i = wts[i] * (u_ii - u_ij)
        a_j = wts * (u_ji - u_jj)
        chi0_ij = 1e-10 + np.maximum(a_i, 0.0) + np.maximum(a_j, 0.0)
        chi0_ji = 1e-10 + np.maximum(-a_i, 0.0) + np.maximum(-a_j, 0.0)
        # third parties n (rows) for each target j (columns)
        u_ni = uh[:, i][:, None]
        u_nj = uh
        u_nn = np.diagonal(uh)[:, None]
        e = wts[:, None] * (u_ni - u_nj)
        ep, em = np.maximum(e, 0.0), np.maximum(-e, 0.0)
        pi = (chi0_ij[None, :] + ep) / (chi0_ij[None, :] + ep + chi0_ji[None, :] + em)
        vote = wts[:, None] * (
            (pi * (2.0 * u_ni + u_nn) + (1.0 - pi) * 3.0 * u_nj)
            - (pi * 3.0 * u_ni + (1.0 - pi) * (2.0 * u_nj + u_nn))
        )
        third = (idx[:, None] != i) & (idx[:, None] != idx[None, :])
        vote = np.where(third, vote, 0.0)
        chi_ij = chi0_ij + np.maximum(vote, 0.0).sum(axis=0)
        chi_ji = chi0_ji + np.maximum(-vote, 0.0).sum(axis=0)
        phi = chi_ij / (chi_ij + chi_ji)
        sj = total_s
        delta = (1.0 - sj) * 2.0 * u_ii + sj * (phi * 2.0 * u_ii + (1.0 - phi) * 2.0 * u_ij)
        delta = delta - (u_ii + u_ij)
        delta[i] = -np.inf
        j = int(np.argmax(delta))
        if delta[j] > 1e-5:
            target[i] = j
            gain[i] = delta[j]
            phi_of[i] = phi[j]

    # S2P2 bargains, one per challenging actor, in actor order.
    initiators = np.flatnonzero(target >= 0)
    bi = np.empty((initiators.size, dims))
    bj = np.empty((initiators.size, dims))
    for m, i in enumerate(initiators.tolist()):
        j = int(target[i])
        p_i, p_j = phi_of[i], 1.0 - phi_of[i]
        w_i = s[i] ** 2 * p_i**2
        w_j = s[j] ** 2 * p_j**2
        den = w_i + 1e-6 + w_j
        bi[m] = _round4(((w_i + 1e-6) * x[i] + w_j * x[j]) / den)
        bj[m] = _round4((w_i * x[i] + (1e-6 + w_j) * x[j]) / den)

    # Utility to each actor a of each bargain: mean utility over all actors' positions
    # after the bargain, only the two bargainers moved (u(d(x_a, .), R_a)).
    base = u_obj.sum(axis=1)
    s2 = s * s
    den_a = s2.sum(axis=1)
    den_a = np.where(den_a > 0, den_a, 1.0)

    def util_to(points: Float) -> Float:
        diff = x[:, None, :] - points[None, :, :]
        dd = np.sqrt(np.einsum("ak,amk->am", s2, diff * diff) / den_a[:, None])
        return utility(dd, big_r[:, None])

    tj = target[initiators]
    u_bargain = (
        base[:, None] - u_obj[:, initiators] - u_obj[:, tj] + util_to(bi) + util_to(bj)
    ) / n
    u_sq = base / n

    new_x = x.copy()
    for k in range(n):
        involved = np.flatnonzero((initiators == k) | (tj == k))
        if involved.size == 0:
            continue
        options = np.column_stack([u_sq, u_bargain[:, involved]])
        p = conditional_pce(options, c)
        best = int(np.argmax(p))
        if best == 0:
            continue
        m = int(involved[best - 1])
        new_x[k] = bi[m] if initiators[m] == k else bj[m]

    turn = SMPTurn(
        risk_neutral=u0,
        risk=big_r,
        position_probability=prob,
        utility=u_obj,
        target=target,
        gain=gain,
        phi=phi_of,
    )
    return new_x, turn


def run_smp(
    table: ActorTable,
    *,
    rounds: int | None = None,
    rng: RNG = None,
) -> Forecast:
    """Run KTAB's SMP on ``table`` to convergence or ``rounds`` turns (default 100).

    Parameters
    ----------
    table
        A complete actor table; positions are rescaled to [0, 1] by the table's scale and
        saliences (which KTAB requires to sum to at most 1 per actor) used as given.
    rounds
        Round limit; ``None`` uses KTAB's limit of 100 with its stopping rule (the latest
        total move is below 2 % of the first one).
    rng
        Unused: the default SMP is deterministic. Accepted for a uniform model interface.

    Returns
    -------
    Forecast
        ``positions`` per turn, the outcome (the position with the highest winning
        probability in the final state) and the series ``win_probability[t][i]`` and
        ``risk[t][i]``.

    Examples
    --------
    >>> import numpy as np
    >>> t = ActorTable(("A", "B"), ("x",), np.array([1.0, 1.0]), np.array([[20.0], [80.0]]),
    ...                np.array([[0.5], [0.5]]), ((0.0, 100.0),))
    >>> run_smp(t).positions.shape[1:]
    (2, 1)
    """
    del rng
    table.require_complete("smp")
    limit = MAX_ROUNDS if rounds is None else rounds
    if limit < 1:
        raise ConfigurationError(f"rounds must be at least 1, got {limit}")
    lo = np.array([sc[0] for sc in table.scale])
    hi = np.array([sc[1] for sc in table.scale])
    x = np.asarray(table.normalized_position(), dtype=np.float64)
    s = np.asarray(table.salience, dtype=np.float64)
    c = table.actor_capability
    history = [x]
    risks: list[Float] = []
    first_move = 0.0
    converged = False
    for it in range(1, limit + 1):
        x_new, turn = smp_turn(x, s, c)
        risks.append(turn.risk)
        move = float(np.linalg.norm(x_new - x, axis=1).sum())
        if it == 1:
            first_move = move
        history.append(x_new)
        x = x_new
        if it >= 2 and move / (first_move + 1e-4) < STOP_FRACTION:
            converged = True
            break
    states = np.stack(history)
    win = np.stack([win_probabilities(xt, s, c) for xt in states])
    risks.append(risk_attitudes(conditional_pce(1.0 - distances(x, s), c)))
    best = int(np.argmax(win[-1]))
    outcome = lo + states[-1, best] * (hi - lo)
    return Forecast(
        model="smp",
        table=table,
        positions=lo + states * (hi - lo),
        outcome=outcome,
        converged=converged,
        series={"win_probability": win, "risk": np.stack(risks)},
    )
