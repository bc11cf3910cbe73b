"""Stokman's exchange model of collective decision making (Equal Gain variant).

Reimplemented from the specification in ``docs/forecasting-models.md`` (section 2) after
Stokman & van Oosten (1994) and the behaviour of ``decide-exchange-model`` 2022.1.28.
Positions are on 0-100 (the table's scale rescaled), saliences and powers in [0, 1].

One round: the Nash bargaining solution of each issue is the capability-and-salience
weighted mean ``NBS_d = sum c s x / sum c s``; every pair of actors on opposite sides of
the NBS on two issues ``p`` and ``q`` is a candidate exchange in which the actor with the
relatively higher salience on ``p`` demands ``p`` and moves (supplies) on ``q``; the two
moves are sized so that both actors gain equally. Exchanges are realised in decreasing
order of gain (ties: the first candidate in creation order, or a seeded random choice);
an actor supplies each issue at most once per round. At the end of the round, an actor
that moved on an issue starts the next round at
``x' = (1 - 0.4 (1 - s) - 0.1) x + (0.4 (1 - s) + 0.1) y``, ``y`` its voting position.

Known gap (see ``docs/forecasting.md``): the package's recomputation of the remaining
candidates after each realised exchange (its ``check_nbs`` and per-issue NBS updates) is
not reproduced yet, so only each round's first exchange and starting NBS match the
package exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import ConfigurationError
from accord.forecast.actors import ActorTable
from accord.forecast.result import Forecast

FloatArray = NDArray[np.float64]

DEFAULT_ROUNDS = 10
SALIENCE_WEIGHT = 0.4
FIXED_WEIGHT = 0.1


@dataclass(frozen=True, slots=True)
class Exchange:
    """A candidate or realised exchange: ``i`` moves on ``i_supply`` (from ``i_start`` to
    ``i_y``) in return for ``j`` moving on ``j_supply``; both gain ``gain``."""

    i: int
    i_supply: int
    i_start: float
    i_y: float
    j: int
    j_supply: int
    j_start: float
    j_y: float
    gain: float

    def to_dict(self, table: ActorTable) -> dict[str, Any]:
        return {
            "i": table.actors[self.i],
            "i_supply": table.dimensions[self.i_supply],
            "i_start": self.i_start,
            "i_y": self.i_y,
            "j": table.actors[self.j],
            "j_supply": table.dimensions[self.j_supply],
            "j_start": self.j_start,
            "j_y": self.j_y,
            "gain": self.gain,
        }


def nbs(x: FloatArray, s: FloatArray, c: FloatArray, present: NDArray[np.bool_]) -> FloatArray:
    """``NBS_d = sum c s x / sum c s`` over the actors present on ``d``."""
    w = np.where(present, c * s, 0.0)
    xs = np.where(present, x, 0.0)
    den = w.sum(axis=0)
    return np.asarray(
        np.where(den > 0, (w * xs).sum(axis=0) / np.where(den > 0, den, 1.0), np.nan),
        dtype=np.float64,
    )


def candidate_exchanges(
    x: FloatArray, s: FloatArray, c: FloatArray, present: NDArray[np.bool_]
) -> list[Exchange]:
    """Every valid equal-gain exchange, in creation order (issue pairs in file order, then
    actor pairs)."""
    n, dims = x.shape
    centre = nbs(x, s, c, present)
    w = np.where(present, c * s, 0.0)
    cs = w.sum(axis=0)
    left = x <= centre[None, :]
    out: list[Exchange] = []
    for p in range(dims):
        for q in range(p + 1, dims):
            both = present[:, p] & present[:, q]
            ii, jj = np.nonzero(
                both[:, None]
                & both[None, :]
                & (left[:, None, p] != left[None, :, p])
                & (left[:, None, q] != left[None, :, q])
                & (np.arange(n)[:, None] < np.arange(n)[None, :])
            )
            for a, b in zip(ii.tolist(), jj.tolist(), strict=True):
                ra = s[a, p] / s[a, q] if s[a, q] > 0 else np.inf
                rb = s[b, p] / s[b, q] if s[b, q] > 0 else np.inf
                if ra == rb:
                    continue
                i, j = (a, b) if ra > rb else (b, a)
                ex = _equal_gain(x, s, c, cs, i, j, p, q)
                if ex is not None:
                    out.append(ex)
    return out


def _equal_gain(  # noqa: PLR0917
    x: FloatArray, s: FloatArray, c: FloatArray, cs: FloatArray, i: int, j: int, p: int, q: int
) -> Exchange | None:
    """``i`` demands ``p`` and supplies ``q``; ``j`` supplies ``p``."""
    if c[i, q] * s[i, q] <= 0 or c[j, p] * s[j, p] <= 0:
        return None
    gap_p = abs(x[i, p] - x[j, p])
    gap_q = abs(x[j, q] - x[i, q])
    move_j = gap_p
    dp = move_j * s[j, p] * c[j, p] / cs[p]
    dq = dp * (s[i, p] + s[j, p]) / (s[i, q] + s[j, q])
    move_i = dq * cs[q] / (c[i, q] * s[i, q])
    if move_i > gap_q:
        move_i = gap_q
        dq = move_i * s[i, q] * c[i, q] / cs[q]
        dp = dq * (s[i, q] + s[j, q]) / (s[i, p] + s[j, p])
        move_j = dp * cs[p] / (c[j, p] * s[j, p])
    gain = abs(dq * s[i, q] - dp * s[i, p])
    if move_i <= 1e-10 or move_j <= 1e-10 or gain < 1e-10:
        return None
    y_i = x[i, q] + np.sign(x[j, q] - x[i, q]) * move_i
    y_j = x[j, p] + np.sign(x[i, p] - x[j, p]) * move_j
    if not (0.0 <= y_i <= 100.0 and 0.0 <= y_j <= 100.0):
        return None
    return Exchange(
        i=i,
        i_supply=q,
        i_start=float(x[i, q]),
        i_y=float(y_i),
        j=j,
        j_supply=p,
        j_start=float(x[j, p]),
        j_y=float(y_j),
        gain=float(gain),
    )


def exchange_round(
    x: FloatArray,
    s: FloatArray,
    c: FloatArray,
    present: NDArray[np.bool_],
    rng: np.random.Generator | None,
) -> tuple[FloatArray, FloatArray, list[Exchange]]:
    """One round from start positions ``x`` (0-100). Returns voting positions ``y``, next
    start positions and the realised exchanges in order."""
    pending = candidate_exchanges(x, s, c, present)
    y = x.copy()
    supplied = np.zeros(x.shape, dtype=bool)
    realised: list[Exchange] = []
    while pending:
        gains = np.array([e.gain for e in pending])
        best = np.flatnonzero(gains == gains.max())
        k = int(best[0]) if rng is None or best.size == 1 else int(rng.choice(best))
        ex = pending.pop(k)
        realised.append(ex)
        y[ex.i, ex.i_supply] = ex.i_y
        y[ex.j, ex.j_supply] = ex.j_y
        supplied[ex.i, ex.i_supply] = True
        supplied[ex.j, ex.j_supply] = True
        pending = [
            e for e in pending if not (supplied[e.i, e.i_supply] or supplied[e.j, e.j_supply])
        ]
    share = SALIENCE_WEIGHT * (1.0 - s) + FIXED_WEIGHT
    new_x = np.where(supplied, (1.0 - share) * x + share * y, x)
    return y, new_x, realised


def run_exchange(
    table: ActorTable,
    *,
    rounds: int | None = None,
    rng: int | np.random.Generator | None = None,
    random_ties: bool = False,
) -> Forecast:
    """Run the exchange model for ``rounds`` rounds (default 10).

    Parameters
    ----------
    table
        Positions on any scale (rescaled to 0-100 by ``table.scale``), saliences and
        capabilities (power) in [0, 1]; cells may be missing (the actor takes no part).
    rounds
        Rounds to play.
    rng
        Seed or generator for random tie-breaking; used only with ``random_ties=True``.
    random_ties
        Break exactly equal gains at random (seeded by ``rng``) instead of by creation
        order (the package's ``ALLOW_RANDOM = False``).

    Returns
    -------
    Forecast
        ``positions`` per round start on the table's scale; ``outcome``: the NBS after the
        last round; series ``nbs`` (``[round][dimension]`` on 0-100, round 0 the start),
        ``voting_nbs`` and ``exchanges`` (per round, realised, in order).
    """
    n_rounds = DEFAULT_ROUNDS if rounds is None else rounds
    if n_rounds < 1:
        raise ConfigurationError(f"rounds must be at least 1, got {n_rounds}")
    gen = np.random.default_rng(rng) if random_ties else None
    lo = np.array([sc[0] for sc in table.scale])
    hi = np.array([sc[1] for sc in table.scale])
    present = table.present
    x = np.where(present, 100.0 * table.normalized_position(), 0.0)
    s = np.asarray(table.salience, dtype=np.float64)
    c = np.asarray(table.capability, dtype=np.float64)
    states = [x]
    nbs_series = [nbs(x, s, c, present)]
    voting: list[FloatArray] = []
    exchanges: list[list[dict[str, Any]]] = []
    for _ in range(n_rounds):
        y, x, realised = exchange_round(x, s, c, present, gen)
        voting.append(nbs(y, s, c, present))
        exchanges.append([e.to_dict(table) for e in realised])
        states.append(x)
        nbs_series.append(nbs(x, s, c, present))
    pos = np.stack(states)
    native = lo + pos / 100.0 * (hi - lo)
    native = np.where(present[None], native, np.nan)
    final_nbs = nbs_series[-1]
    return Forecast(
        model="exchange",
        table=table,
        positions=native,
        outcome=lo + final_nbs / 100.0 * (hi - lo),
        converged=not exchanges[-1],
        series={
            "nbs": {d: [float(v[k]) for v in nbs_series] for k, d in enumerate(table.dimensions)},
            "voting_nbs": {
                d: [float(v[k]) for v in voting] for k, d in enumerate(table.dimensions)
            },
            "exchanges": exchanges,
            "random_ties": random_ties,
        },
    )
