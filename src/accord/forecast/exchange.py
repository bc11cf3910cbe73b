"""Stokman's exchange model of collective decision making (Equal Gain variant).

Reimplemented from the specification in ``docs/forecasting-models.md`` (section 2) after
Stokman & van Oosten (1994) and the observed behaviour of ``decide-exchange-model``
2022.1.28 (``EqualGainModel``, ``ALLOW_RANDOM = False``), which this module reproduces
exchange by exchange. Positions are on 0-100 (the table's scale rescaled), saliences and
powers in [0, 1].

One round
---------
1. The Nash bargaining solution of each issue is ``NBS_d = sum c s x / sum c s``.
2. For each pair of issues ``(p, q)`` in table order, the actors present on both are
   grouped by side of the NBS (``x <= NBS`` is "left"): right on both with left on both,
   then left on ``p`` only with left on ``q`` only. Every such pair is a candidate, created
   in that order (first actor of the pair in table order, then the second).
3. The actor with the higher ``s_p / s_q`` (the first of the pair on a tie) demands ``p``
   and supplies (moves on) ``q``; its partner supplies ``p``. The moves are sized so that
   both gain ``|dq s_iq - dp s_ip|`` equally: first the partner moves all the way, and if
   that asks too much of the first actor, the first actor moves all the way instead.
4. A candidate is infeasible when a move is ``<= 1e-10`` or leaves [0, 100], when an
   actor's successive moves on its supply issue change direction or add up to more than
   100, or when the gain is below ``1e-10``. A feasible move that would push the supply
   issue's NBS past the partner's position is shortened ("clipped") so that the NBS stops
   there, and the partner's move is rescaled to keep the gains equal.
5. The candidate with the highest gain is realised; ties go to the candidate ranked first
   by the previous ranking (a stable sort; creation order at the start of the round) or,
   with ``random_ties``, to a seeded random one of them. Every remaining candidate that
   shares a supplying actor-issue with it, or whose actor demands what one of the realised
   pair demands, is recomputed: a shared supply position starts from the realised voting
   position, and the other side's realised voting position enters that candidate's view of
   the NBS (``_remember``). Candidates that become infeasible are dropped. Repeat until none
   is left. An actor may thus supply the same issue several times in a round.
6. Each actor-issue's voting position ``y`` is its last realised one. An actor that moved on
   an issue starts the next round at ``x' = (1 - 0.4 (1 - s) - 0.1) x + (0.4 (1 - s) + 0.1) y``.

Two rules follow the package's behaviour rather than the theory, because its reference
runs depend on them: a candidate sees another actor's realised position on an issue only
when the actor who demanded that move is one of its own actors, demanding the same issue
here (``absorb``),
and the direction history of a candidate keeps its earlier moves for the actor whose
supply position was shifted by a realised exchange, but only the latest for the other.
Ranking compares 28-digit decimals computed in the package's order of operations
(``arithmetic="decimal"``), because algebraically equal gains differ in their last digit
there and that decides which is realised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from operator import attrgetter
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Float
from accord.errors import ConfigurationError
from accord.forecast.actors import ActorTable
from accord.forecast.result import Forecast
from accord.randomness import RNG, generator

#: A number of the chosen arithmetic: ``Decimal`` (exact mode) or ``float``.
Scalar = Any
Grid = list[list[Scalar]]

DEFAULT_ROUNDS = 10
SALIENCE_WEIGHT = 0.4
FIXED_WEIGHT = 0.1
#: Moves and gains at or below this size are no exchange (the package's threshold).
EPSILON = 1e-10
#: In float arithmetic, gains equal to this many significant digits are ties: the
#: reference ranks 28-digit decimals, where algebraically equal gains mostly compare equal.
FLOAT_TIE_DIGITS = 12
Arithmetic = Literal["decimal", "float"]


@dataclass(frozen=True, slots=True)
class Exchange:
    """A realised exchange: ``i`` moves on ``i_supply`` (from ``i_start``, its position at
    the start of the round, to the voting position ``i_y``) in return for ``j`` moving on
    ``j_supply``; both gain ``gain``."""

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
        """The exchange as a JSON-ready dict, actors and dimensions named by ``table``'s ids
        rather than by index.
        """
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


def nbs(x: Float, s: Float, c: Float, present: NDArray[np.bool_]) -> Float:
    """``NBS_d = sum c s x / sum c s`` over the actors present on ``d``."""
    w = np.where(present, c * s, 0.0)
    xs = np.where(present, x, 0.0)
    den = w.sum(axis=0)
    return np.asarray(
        np.where(den > 0, (w * xs).sum(axis=0) / np.where(den > 0, den, 1.0), np.nan),
        dtype=np.float64,
    )


class _Board:
    """What stays fixed during a round: start positions ``x``, saliences ``s``, powers
    ``c`` and, per issue, its members (table order) and ``sum c s``.

    Products and sums keep the reference's order of operations (``(x s) c``, left to
    right over the members) so that decimal results agree to the last digit; that
    decides which of two algebraically equal gains ranks first.
    """

    __slots__ = ("c", "denominator", "epsilon", "members", "s", "seen", "w", "wx", "x")

    def __init__(self, x: Grid, s: Grid, c: Grid, members: list[list[int]], *, exact: bool) -> None:
        self.x, self.s, self.c, self.members = x, s, c, members
        self.w: Grid = [
            [sk * ck for sk, ck in zip(sr, cr, strict=True)] for sr, cr in zip(s, c, strict=True)
        ]
        self.wx: Grid = [
            [xk * sk * ck for xk, sk, ck in zip(xr, sr, cr, strict=True)]
            for xr, sr, cr in zip(x, s, c, strict=True)
        ]
        # the package compares decimals with the binary double 1e-10; so does this
        self.epsilon: Scalar = Decimal(EPSILON) if exact else EPSILON
        # NBS values without realised positions of others, by (issue, actor, position)
        self.seen: dict[tuple[int, int, Scalar], Scalar] = {}
        self.denominator: list[Scalar] = []
        for d, group in enumerate(members):
            total: Scalar = 0
            for k in group:
                total += self.w[k][d]
            self.denominator.append(total)

    def centre(self, issue: int) -> Scalar:
        """The NBS of ``issue`` at the start positions."""
        return self.mean(issue, {}, -1, 0)

    def mean(self, issue: int, known: dict[int, Scalar], actor: int, position: Scalar) -> Scalar:
        """The NBS of ``issue`` with ``actor`` at ``position`` and the positions ``known``."""
        if self.denominator[issue] == 0:
            return 0
        if not known:
            key = (issue, actor, position)
            if key not in self.seen:
                self.seen[key] = self._mean(issue, known, actor, position)
            return self.seen[key]
        return self._mean(issue, known, actor, position)

    def _mean(self, issue: int, known: dict[int, Scalar], actor: int, position: Scalar) -> Scalar:
        total: Scalar = 0
        for k in self.members[issue]:
            if k == actor:
                total += position * self.s[k][issue] * self.c[k][issue]
            elif k in known:
                total += known[k] * self.s[k][issue] * self.c[k][issue]
            else:
                total += self.wx[k][issue]
        return total / self.denominator[issue]

    def shift_to(
        self, issue: int, known: dict[int, Scalar], actor: int, position: Scalar, target: Scalar
    ) -> Scalar:
        """How far ``actor`` must move from ``position`` for the NBS of ``issue`` to reach
        ``target`` (a position in ``known`` takes precedence, as in the reference)."""
        total: Scalar = 0
        for k in self.members[issue]:
            if k in known:
                total += known[k] * self.s[k][issue] * self.c[k][issue]
            elif k == actor:
                total += position * self.s[k][issue] * self.c[k][issue]
            else:
                total += self.wx[k][issue]
        return (target * self.denominator[issue] - total) / self.w[actor][issue]


class _Side:
    """One actor of a candidate: it supplies ``supply`` and demands ``demand``."""

    __slots__ = ("actor", "demand", "move", "moves", "position", "start", "supply", "target", "y")

    def __init__(self, board: _Board, actor: int, supply: int, demand: int, partner: int) -> None:
        self.actor = actor
        self.supply = supply
        self.demand = demand
        self.start: Scalar = board.x[actor][supply]
        self.position: Scalar = self.start
        # the partner's position on this side's supply issue: where the move heads
        self.target: Scalar = board.x[partner][supply]
        self.moves: list[Scalar] = []
        self.move: Scalar = 0
        self.y: Scalar = self.start

    def feasible(self, epsilon: Scalar) -> bool:
        move = self.move
        if abs(move) > 100 or abs(move) <= epsilon:
            return False
        if not 0 <= self.position + move <= 100:
            return False
        moves = self.moves
        if len(moves) == 1:
            return True  # the one move is ``move``: not zero, not beyond 100
        if sum(moves) > 100:
            return False
        # all moves on this supply issue in one direction
        return all(m < 0 for m in moves) or all(m > 0 for m in moves)

    def set_move(self, length: Scalar, *, replace: bool) -> None:
        move = -length if self.position > self.target else length
        self.move = move
        if replace:
            self.moves[-1] = move
        else:
            self.moves.append(move)
        self.y = self.position + move


class _Candidate:
    """A possible exchange between ``i`` (supplies ``q``, demands ``p``) and ``j``."""

    __slots__ = ("feasible", "gain", "i", "j", "known")

    def __init__(self, board: _Board, i: int, j: int, p: int, q: int) -> None:
        self.i = _Side(board, i, supply=q, demand=p, partner=j)
        self.j = _Side(board, j, supply=p, demand=q, partner=i)
        # realised positions of other actors, per issue, that this candidate takes into
        # account for its NBS
        self.known: dict[int, dict[int, Scalar]] = {}
        self.gain: Scalar = 0
        self.feasible = False

    def settle(self, board: _Board) -> None:
        """Size the equal-gain moves from the current supply positions."""
        i, j = self.i, self.j
        p, q = j.supply, i.supply
        s, c, den = board.s, board.c, board.denominator
        if board.w[i.actor][q] <= 0 or board.w[j.actor][p] <= 0:
            self.feasible = False
            return
        sip, siq, sjp, sjq = s[i.actor][p], s[i.actor][q], s[j.actor][p], s[j.actor][q]
        ciq, cjp = c[i.actor][q], c[j.actor][p]
        gap_p = abs(j.target - j.position)
        gap_q = abs(i.target - i.position)
        # j moves all the way to i's position on p; i's move follows from equal gains
        dp = gap_p * sjp * cjp / den[p]
        dq = (sjp + sip) / (sjq + siq) * dp
        move_i, move_j = dq * den[q] / (ciq * siq), gap_p
        if abs(move_i) > gap_q:
            # too far for i: i moves all the way instead
            dq = gap_q * siq * ciq / den[q]
            dp = (siq + sjq) / (sip + sjp) * dq
            move_i, move_j = gap_q, dp * den[p] / (cjp * sjp)
        i.set_move(move_i, replace=False)
        j.set_move(move_j, replace=False)
        self.gain = abs(dq * siq - dp * sip)
        eps = board.epsilon
        self.feasible = i.feasible(eps) and j.feasible(eps) and self.gain >= eps
        if self.feasible:
            self._clip(board, i, j)
            self._clip(board, j, i)
            self.feasible = i.feasible(eps) and j.feasible(eps)

    def _clip(self, board: _Board, side: _Side, other: _Side) -> None:
        """Shorten ``side``'s move if it carries its supply issue's NBS past ``other``'s
        position there; ``other``'s counter-move is rescaled to keep the gains equal."""
        issue = side.supply
        known = self.known.get(issue, {})
        goal = side.target
        before = goal - board.mean(issue, known, side.actor, side.position)
        after = goal - board.mean(issue, known, side.actor, side.y)
        if (before >= 0 and after >= 0) or (before <= 0 and after <= 0):
            return
        s, c, den = board.s, board.c, board.denominator
        a, o, oq = side.actor, other.actor, other.supply
        reach = abs(board.shift_to(issue, known, a, side.position, goal))
        ratio_side = reach * s[a][issue] * c[a][issue] / den[issue]
        ratio_other = (s[a][issue] + s[o][issue]) / (s[a][oq] + s[o][oq]) * ratio_side
        other.set_move(abs(ratio_other * den[oq] / (c[o][oq] * s[o][oq])), replace=True)
        side.set_move(reach, replace=True)
        self.gain = abs(ratio_other * s[o][oq] - ratio_side * s[o][issue])

    def absorb(self, board: _Board, done: _Candidate) -> None:
        """Update after ``done`` was realised (it shares an actor-issue with this one)."""
        touched = False
        for side, other in ((self.i, self.j), (self.j, self.i)):
            for moved in (done.i, done.j):
                if side.actor == moved.actor and side.supply == moved.supply:
                    # supplied again, from the realised voting position; this side keeps
                    # its move history, the other side restarts its last move
                    side.position = moved.y
                    other.moves.pop()
                    touched = True
        for demander, mover in ((done.j, done.i), (done.i, done.j)):
            if any(
                demander.actor == t.actor and demander.demand == t.demand for t in (self.i, self.j)
            ):
                _remember(self.known.setdefault(mover.supply, {}), mover)
                if not touched:
                    self.i.moves.pop()
                    self.j.moves.pop()
                    touched = True
        if touched:
            self.settle(board)

    def realised(self) -> Exchange:
        i, j = self.i, self.j
        return Exchange(
            i=i.actor,
            i_supply=i.supply,
            i_start=float(i.start),
            i_y=float(i.y),
            j=j.actor,
            j_supply=j.supply,
            j_start=float(j.start),
            j_y=float(j.y),
            gain=float(self.gain),
        )


def _remember(known: dict[int, Scalar], mover: _Side) -> None:
    """Record ``mover``'s realised voting position; of two realised moves by one actor the
    reference keeps the one nearer the actor's start."""
    if mover.actor not in known:
        known[mover.actor] = mover.y
    elif mover.start <= known[mover.actor]:
        known[mover.actor] = min(known[mover.actor], mover.y)
    else:
        known[mover.actor] = max(known[mover.actor], mover.y)


def _candidates(board: _Board, n: int, dims: int) -> list[_Candidate]:
    """Every feasible candidate at the start of a round, in creation order."""
    s = board.s
    inside = [set(group) for group in board.members]
    left = [[False] * dims for _ in range(n)]
    for d in range(dims):
        centre = board.centre(d)
        for k in board.members[d]:
            left[k][d] = board.x[k][d] <= centre
    out: list[_Candidate] = []
    for p, q in combinations(range(dims), 2):
        both = [k for k in range(n) if k in inside[p] and k in inside[q]]
        groups: dict[tuple[bool, bool], list[int]] = {}
        for k in both:
            groups.setdefault((left[k][p], left[k][q]), []).append(k)
        for first, second in (((False, False), (True, True)), ((True, False), (False, True))):
            for a in groups.get(first, []):
                for b in groups.get(second, []):
                    # the actor with the relatively higher salience on p demands p
                    i, j = (b, a) if _ratio(s, a, p, q) < _ratio(s, b, p, q) else (a, b)
                    cand = _Candidate(board, i, j, p, q)
                    cand.settle(board)
                    if cand.feasible:
                        out.append(cand)
    return out


def _ratio(s: Grid, a: int, p: int, q: int) -> Scalar:
    return s[a][p] / s[a][q] if s[a][q] > 0 else float("inf")


def _float_rank(cand: _Candidate) -> float:
    return float(f"{cand.gain:.{FLOAT_TIE_DIGITS - 1}e}")


def _play_round(
    board: _Board,
    n: int,
    dims: int,
    rng: np.random.Generator | None,
    rank: Callable[[_Candidate], Any],
) -> list[_Candidate]:
    """Realise exchanges until no feasible candidate is left; return them in order."""
    pending = _candidates(board, n, dims)
    by_supply: dict[tuple[int, int], list[_Candidate]] = {}
    by_demand: dict[tuple[int, int], list[_Candidate]] = {}
    for cand in pending:
        for side in (cand.i, cand.j):
            by_supply.setdefault((side.actor, side.supply), []).append(cand)
            by_demand.setdefault((side.actor, side.demand), []).append(cand)
    realised: list[_Candidate] = []
    while pending:
        # stable: equal gains keep the order of the previous ranking
        pending.sort(key=rank, reverse=True)
        k = 0
        if rng is not None:
            top = rank(pending[0])
            tied = 1
            while tied < len(pending) and rank(pending[tied]) == top:
                tied += 1
            k = int(rng.integers(tied))
        done = pending.pop(k)
        done.feasible = False
        realised.append(done)
        affected: dict[int, _Candidate] = {}
        for key in ((done.i.actor, done.i.supply), (done.j.actor, done.j.supply)):
            for cand in by_supply.get(key, []):
                affected[id(cand)] = cand
        for key in ((done.i.actor, done.i.demand), (done.j.actor, done.j.demand)):
            for cand in by_demand.get(key, []):
                affected[id(cand)] = cand
        dropped = False
        for cand in affected.values():
            if cand.feasible:
                cand.absorb(board, done)
                dropped = dropped or not cand.feasible
        if dropped:
            pending = [cand for cand in pending if cand.feasible]
    return realised


def exchange_round(
    x: Float,
    s: Float,
    c: Float,
    present: NDArray[np.bool_],
    rng: np.random.Generator | None = None,
) -> tuple[Float, Float, list[Exchange]]:
    """One round in float arithmetic from start positions ``x`` (0-100). Returns the
    voting positions ``y``, the next start positions and the realised exchanges."""
    state = _State.from_arrays(x, s, c, present, "float")
    realised = state.play(rng)
    return state.voting_array(), state.start_array(), realised


class _State:
    """Positions between rounds, in the chosen arithmetic."""

    __slots__ = ("c", "members", "one", "s", "voting", "x")

    def __init__(self, x: Grid, s: Grid, c: Grid, members: list[list[int]], one: Scalar) -> None:
        self.x, self.s, self.c, self.members, self.one = x, s, c, members, one
        self.voting: Grid = [row[:] for row in x]

    @classmethod
    def from_arrays(
        cls,
        x: Float,
        s: Float,
        c: Float,
        present: NDArray[np.bool_],
        arithmetic: Arithmetic,
    ) -> _State:
        num = _number(arithmetic)
        n, dims = x.shape

        def grid(values: Float) -> Grid:
            return [
                [num(float(values[k, d])) if present[k, d] else num(0.0) for d in range(dims)]
                for k in range(n)
            ]

        members = [np.flatnonzero(present[:, d]).tolist() for d in range(dims)]
        return cls(grid(x), grid(s), grid(c), members, num(1.0))

    @classmethod
    def from_table(cls, table: ActorTable, arithmetic: Arithmetic) -> _State:
        """Positions rescaled to 0-100 as the reference does: ``(x - lo) * (100 / (hi - lo))``."""
        num = _number(arithmetic)
        n, dims = table.position.shape
        present = table.present
        x = np.zeros((n, dims))
        state = cls.from_arrays(x, table.salience, table.capability, present, arithmetic)
        for d, (lo, hi) in enumerate(table.scale):
            step = num(100.0) / (num(hi) - num(lo))
            for k in state.members[d]:
                state.x[k][d] = (num(float(table.position[k, d])) - num(lo)) * step
        state.voting = [row[:] for row in state.x]
        return state

    def nbs(self, positions: Grid | None = None) -> list[float]:
        board = _Board(
            self.x if positions is None else positions,
            self.s,
            self.c,
            self.members,
            exact=isinstance(self.one, Decimal),
        )
        return [
            float(board.centre(d)) if board.denominator[d] > 0 else float("nan")
            for d in range(len(self.members))
        ]

    def play(self, rng: np.random.Generator | None) -> list[Exchange]:
        """Play one round: record the voting positions and move to the next start."""
        exact = isinstance(self.one, Decimal)
        board = _Board(self.x, self.s, self.c, self.members, exact=exact)
        n, dims = len(self.x), len(self.members)
        rank: Callable[[_Candidate], Any] = attrgetter("gain") if exact else _float_rank
        done = _play_round(board, n, dims, rng, rank)
        voting = [row[:] for row in self.x]
        for cand in done:
            for side in (cand.i, cand.j):
                voting[side.actor][side.supply] = side.y
        # Decimal(0.4) is the binary double 0.4 written out, as in the reference
        sw = Decimal(SALIENCE_WEIGHT) if exact else SALIENCE_WEIGHT
        fw = Decimal(FIXED_WEIGHT) if exact else FIXED_WEIGHT
        start = [row[:] for row in self.x]
        for cand in done:
            for side in (cand.i, cand.j):
                k, d = side.actor, side.supply
                rest = (self.one - self.s[k][d]) * sw
                start[k][d] = rest * side.y + fw * side.y + (self.one - rest - fw) * side.start
        self.voting, self.x = voting, start
        return [cand.realised() for cand in done]

    def start_array(self) -> Float:
        return np.array([[float(v) for v in row] for row in self.x], dtype=np.float64)

    def voting_array(self) -> Float:
        return np.array([[float(v) for v in row] for row in self.voting], dtype=np.float64)


def _number(arithmetic: Arithmetic) -> Callable[[float], Scalar]:
    if arithmetic == "decimal":
        # repr gives the shortest decimal string of the float: the number as it was written
        return lambda v: Decimal(repr(v))
    if arithmetic == "float":
        return float
    raise ConfigurationError(f"arithmetic must be 'decimal' or 'float', got {arithmetic!r}")


def run_exchange(
    table: ActorTable,
    *,
    rounds: int | None = None,
    rng: RNG = None,
    random_ties: bool = False,
    arithmetic: Arithmetic = "decimal",
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
        Seed or generator for random tie-breaking (an int, a Generator, a SeedSequence or
        None for fresh entropy; see :mod:`accord.randomness`); used only with
        ``random_ties=True``.
    random_ties
        Break equal gains at random (seeded by ``rng``) instead of by the previous ranking
        (creation order at the start of a round; the package's ``ALLOW_RANDOM = False``).
    arithmetic
        ``"decimal"`` (default): 28-digit decimals in the reference's order of operations,
        so that ties are broken exactly as ``decide-exchange-model`` breaks them.
        ``"float"``: binary floats, faster; gains equal to 12 significant digits are ties.

    Returns
    -------
    Forecast
        ``positions`` per round start on the table's scale; ``outcome``: the NBS after the
        last round; series ``nbs`` (``[dimension][round]`` on 0-100, round 0 the start),
        ``voting_nbs`` and ``exchanges`` (per round, realised, in order).

    Examples
    --------
    >>> from accord.forecast import ActorTable
    >>> table = ActorTable(
    ...     actors=("a", "b"), dimensions=("p", "q"),
    ...     capability=[[1.0, 1.0], [1.0, 1.0]], position=[[0.0, 0.0], [100.0, 100.0]],
    ...     salience=[[0.8, 0.2], [0.2, 0.8]], scale=((0.0, 100.0), (0.0, 100.0)))
    >>> ex = run_exchange(table, rounds=1).series["exchanges"][0][0]
    >>> ex["i"], ex["i_supply"], ex["i_y"], ex["j"], ex["j_supply"], round(ex["gain"], 6)
    ('a', 'q', 100.0, 'b', 'p', 12.0)
    """
    n_rounds = DEFAULT_ROUNDS if rounds is None else rounds
    if n_rounds < 1:
        raise ConfigurationError(f"steps must be at least 1, got {n_rounds}")
    gen = generator(rng) if random_ties else None
    lo = np.array([sc[0] for sc in table.scale])
    hi = np.array([sc[1] for sc in table.scale])
    present = table.present
    state = _State.from_table(table, arithmetic)
    starts = [state.start_array()]
    nbs_series = [state.nbs()]
    voting: list[list[float]] = []
    exchanges: list[list[dict[str, Any]]] = []
    for _ in range(n_rounds):
        realised = state.play(gen)
        voting.append(state.nbs(state.voting))
        exchanges.append([e.to_dict(table) for e in realised])
        starts.append(state.start_array())
        nbs_series.append(state.nbs())
    pos = np.stack(starts)
    native = lo + pos / 100.0 * (hi - lo)
    native = np.where(present[None], native, np.nan)
    final_nbs = np.array(nbs_series[-1])
    return Forecast(
        model="exchange",
        table=table,
        positions=native,
        outcome=lo + final_nbs / 100.0 * (hi - lo),
        converged=not exchanges[-1],
        series={
            "nbs": {d: [v[k] for v in nbs_series] for k, d in enumerate(table.dimensions)},
            "voting_nbs": {d: [v[k] for v in voting] for k, d in enumerate(table.dimensions)},
            "exchanges": exchanges,
            "random_ties": random_ties,
            "arithmetic": arithmetic,
        },
    )
