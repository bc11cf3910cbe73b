"""The calendar learned from the record: when the next round of each format comes.

Each format of round (``direct``, ``trilateral``, ``mediator-russia``...) is a renewal
process of its own (Cox 1962, *Renewal Theory*): the gaps between the starts of its past
rounds are draws from one distribution. The model, stated once (docs/cadence.md):

- **Two kinds of gap.** An ordinary gap is exponential with rate ``lam`` (rounds per day);
  with probability ``pi`` a gap is a *pause*: no round for ``L`` days, then an ordinary gap.
  ``L``, the pause threshold, is twice the longest interval the analyst expects
  (``calendar.expected``): a recorded gap longer than ``L`` counts as a pause.
- **The analyst's cadence is the prior; the record updates it** (conjugate, Gelman et al.,
  *Bayesian Data Analysis*, ch. 2):
  ``lam ~ Gamma(a0, b0)`` with ``a0 = 2`` (the analyst's cadence weighs as two gaps) and
  ``b0 = a0 * m0``, ``m0`` the middle of the analyst's interval; after ``m`` ordinary gaps
  summing ``G`` days, ``a = a0 + m`` and ``b = b0 + G``. The open gap (``c`` days since
  the format's last round, no round yet) enters by conditioning, below.
  ``pi ~ Beta(2 (1 - p), 2 p)``, ``p`` the analyst's ``p_occurs`` (a round that does not
  take place is a pause); after ``k`` pauses among ``n`` gaps its mean is
  ``(2 (1 - p) + k) / (2 + n)``.
- **Predictive.** With ``lam`` integrated out an ordinary gap has the Lomax survival
  ``S_o(x) = (b / (b + x)) ** a``; a pause ``S_p(x) = 1`` for ``x < L``, ``S_o(x - L)`` after;
  a gap ``S(x) = (1 - pi) S_o(x) + pi S_p(x)``. Given no round in the ``c`` days since the
  last one, ``P(next round within t days of it) = 1 - S(t) / S(c)``.
- **A format not yet held.** A format the analyst's cadence names (``expected.formats``)
  that has no round on record by ``as_of`` is a renewal like the others whose open gap
  runs from the talks' first recorded round (of any format): no gap to learn from, the
  analyst's prior, and the ``c`` days since the talks began without a round of it
  conditioning the rate as any open gap does. A Monte Carlo draw or a formula giving 0 to
  the first round of a format the analyst expects would state it impossible, which nothing
  in the record says.
- **Announced rounds are evidence with their windows.** When a round of the format is
  announced, it is the next one with its ``p_occurs``, on a day uniform in its window;
  otherwise (``1 - p_occurs``) the renewal from the last past round holds:
  ``P(by d) = p F_w(d) + (1 - p) P_renewal(by d)``.

:func:`learn` gives each format's :class:`FormatCadence` (its inputs, posterior and
``p_next_by``); :func:`draw_rounds` draws every run's future rounds of every format from
it (``lam`` drawn per run and format from its posterior, so the runs carry the rate's
uncertainty). Without ``calendar.expected`` nothing is learned: the runs hold the announced
rounds only, as before the model.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.model.calendar import Calendar, FutureRound, negotiates
from accord.tolerance import WRITTEN

#: Format of a round whose calendar entry names none.
UNSPECIFIED = "unspecified"
#: Weight of the analyst's cadence in the rate's prior, in gaps (``a0``).
PRIOR_GAPS = 2.0
#: Weight of the analyst's ``p_occurs`` in the pause probability's prior, in gaps.
PRIOR_PAUSE_GAPS = 2.0
#: A gap longer than this many times the analyst's longest interval is a pause.
PAUSE_FACTOR = 2


@dataclass(frozen=True, slots=True)
class FormatCadence:
    """One format's renewal model: its record, the analyst's prior and the posterior.

    ``gaps`` are the days between the starts of its past rounds; ``origin`` the day its open
    gap runs from (its last round, or for a format not yet held the talks' first recorded
    round; ``None`` when the calendar records no round at all); ``elapsed`` the days from
    ``origin`` to ``as_of``; ``a``/``b`` the Gamma posterior of the rate (rounds per
    day); ``pi`` the posterior mean probability that a gap is a pause of at least
    ``pause_days``; ``announced`` the first announced round of the format, if any.
    """

    format: str
    starts: tuple[dt.date, ...]
    gaps: tuple[int, ...]
    elapsed: int
    pause_days: int
    prior_mean_gap: float
    a0: float
    b0: float
    a: float
    b: float
    pauses: int
    pi_prior: float
    pi: float
    as_of: dt.date
    announced: FutureRound | None = None
    origin: dt.date | None = None

    @property
    def held(self) -> bool:
        """Whether the record holds a round of the format."""
        return bool(self.starts)

    @property
    def negotiates(self) -> bool:
        """Whether its rounds run a negotiation session between the parties."""
        return negotiates(self.format)

    @property
    def record_mean_gap(self) -> float | None:
        """The mean of the recorded gaps (pauses included); ``None`` with fewer than one."""
        return sum(self.gaps) / len(self.gaps) if self.gaps else None

    @property
    def mean_gap(self) -> float:
        """The posterior mean of an ordinary gap, ``b / (a - 1)`` (the Lomax mean)."""
        return self.b / (self.a - 1) if self.a > 1 else math.inf

    def survival(self, x: float) -> float:
        """``S(x)``: the probability that a gap lasts more than ``x`` days."""
        if x <= 0:
            return 1.0
        so = (self.b / (self.b + x)) ** self.a
        sp = 1.0 if x < self.pause_days else (self.b / (self.b + x - self.pause_days)) ** self.a
        return float((1 - self.pi) * so + self.pi * sp)

    def p_renewal_by(self, day: dt.date) -> float:
        """P(a round of the format starts after ``as_of`` and by ``day``), from the renewal
        alone, given none since the last one."""
        if day <= self.as_of or self.origin is None:
            return 0.0
        last = self.origin
        c, t = (self.as_of - last).days, (day - last).days
        return 1.0 - self.survival(t) / self.survival(c)

    def p_next_by(self, day: dt.date) -> float:
        """P(at least one further round of the format by ``day``): the announced round with
        its window and chance, else the renewal (module docstring)."""
        f = self.announced
        renewal = self.p_renewal_by(day)
        if f is None:
            return renewal
        lo, hi = f.first_possible, f.last_possible
        span = (hi - lo).days + 1
        window = min(max((day - lo).days + 1, 0), span) / span
        return f.p_occurs * window + (1 - f.p_occurs) * renewal


def formats_of(cal: Calendar) -> tuple[str, ...]:
    """The formats the calendar knows: of its past rounds in date order, then of its
    announced rounds, then those the analyst's cadence names; each once."""
    out: list[str] = []
    named = [r.format for r in sorted(cal.past, key=lambda x: x.start)]
    named += [f.format for f in cal.future]
    named += list(cal.cadence.formats) if cal.cadence is not None else []
    for fmt in named:
        if fmt and fmt not in out:
            out.append(fmt)
    return tuple(out)


def learn(cal: Calendar) -> tuple[FormatCadence, ...]:
    """Each format's :class:`FormatCadence` (module docstring); ``()`` without the
    analyst's cadence (``calendar.expected``), which is the prior."""
    c = cal.cadence
    if c is None:
        return ()
    m0 = (c.every_days.low + c.every_days.high) / 2
    pause = PAUSE_FACTOR * c.every_days.high
    a0, b0 = PRIOR_GAPS, PRIOR_GAPS * m0
    pi_a0 = PRIOR_PAUSE_GAPS * (1 - c.p_occurs)
    out = []
    # the talks' first recorded round: where a format not yet held waits from
    began = min((r.start for r in cal.past), default=None)
    for fmt in formats_of(cal):
        starts = tuple(sorted({r.start for r in cal.past if r.format == fmt}))
        gaps = tuple((y - x).days for x, y in itertools.pairwise(starts))
        ordinary = [g for g in gaps if g <= pause]
        origin = starts[-1] if starts else began
        elapsed = (cal.as_of - origin).days if origin is not None else 0
        k = len(gaps) - len(ordinary)
        announced = sorted(
            (f for f in cal.future if f.format == fmt), key=lambda f: f.first_possible
        )
        out.append(
            FormatCadence(
                format=fmt,
                starts=starts,
                gaps=gaps,
                elapsed=elapsed,
                pause_days=pause,
                prior_mean_gap=m0,
                a0=a0,
                b0=b0,
                a=a0 + len(ordinary),
                b=b0 + sum(ordinary),
                pauses=k,
                pi_prior=1 - c.p_occurs,
                pi=(pi_a0 + k) / (PRIOR_PAUSE_GAPS + len(gaps)),
                as_of=cal.as_of,
                announced=announced[0] if announced else None,
                origin=origin,
            )
        )
    return tuple(out)


def disagreement(cal: Calendar, learned: Sequence[FormatCadence] | None = None) -> str | None:
    """One plain line where the record disagrees with the analyst's cadence: the formats
    whose recorded mean gap falls outside the analyst's interval, and a share of pauses
    above the analyst's chance that a round does not take place; ``None`` when they agree
    (or there is no cadence or no format with a recorded gap)."""
    c = cal.cadence
    if c is None:
        return None
    learned = learn(cal) if learned is None else learned
    lo, hi = c.every_days.low, c.every_days.high
    parts = []
    for f in learned:
        mean = f.record_mean_gap
        if mean is None:
            continue
        outside = mean < lo or mean > hi
        share = f.pauses / len(f.gaps)
        more_pauses = share > f.pi_prior + WRITTEN  # 2 of 10 is the analyst's 20%
        if outside or more_pauses:
            bit = f"{f.format} every {mean:.0f} days"
            if more_pauses:
                bit += f" ({f.pauses} of {len(f.gaps)} gaps over {f.pause_days} days)"
            parts.append(bit)
    if not parts:
        return None
    return (
        f"The record disagrees with the analyst's cadence (a round every {lo}-{hi} days, "
        f"{1 - c.p_occurs:.0%} not held): on record, " + "; ".join(parts) + "."
    )


@dataclass(frozen=True, slots=True, eq=False)
class DrawnRounds:
    """Every run's future rounds: ``start[i, j]`` the start day (from ``as_of``) of run
    ``i``'s ``j``-th drawn round, ``held[i, j]`` whether it takes place by the deadline,
    ``fmt[j]`` its format (an index into ``formats``), ``days[j]`` its length in days and
    ``rounds[i, j, d]`` the negotiation rounds of its ``d``-th day (0 for a format that
    runs no negotiation session)."""

    start: NDArray[np.int64]
    held: NDArray[np.bool_]
    fmt: NDArray[np.int16]
    days: NDArray[np.int64]
    rounds: NDArray[np.int64]
    formats: tuple[str, ...]


def _int_in(u: NDArray[np.float64], low: int, high: int) -> NDArray[np.int64]:
    k = np.floor(u * (high - low + 1)).astype(np.int64)
    return low + np.minimum(k, high - low)


def _steps(f: FormatCadence, horizon: int, min_gap: int) -> int:
    """Renewal steps drawn per run: enough for the rate's mean plus four standard
    deviations over the horizon, plus four Poisson deviations (never more than the horizon
    allows at the shortest gap)."""
    lam = (f.a + 4 * math.sqrt(f.a)) / f.b
    mu = lam * horizon
    return int(min(math.ceil(mu + 4 * math.sqrt(mu) + 2), horizon // max(min_gap, 1) + 1))


def draw_rounds(
    cal: Calendar,
    deadline: dt.date,
    gens: Sequence[np.random.Generator],
    formats: Sequence[str],
) -> DrawnRounds:
    """Draw every run's future rounds between ``as_of`` and ``deadline``, each run from its
    own generator: the announced rounds (a day uniform in the window, held with their
    ``p_occurs``, rounds per session uniform in their range), then, per learned format, the
    renewal: the rate drawn from its Gamma posterior, each gap a pause with probability
    ``pi``; the first gap continues the open one (given no round in the ``elapsed`` days,
    or starts after the format's last announced round when that one is held). A round
    lasts the cadence's ``days`` (a mediator-with-one-side round: one day, no negotiation
    rounds). ``formats`` indexes the formats (it must hold every announced and learned
    format)."""
    n = len(gens)
    horizon = (deadline - cal.as_of).days
    learned = learn(cal)
    c = cal.cadence
    plan: list[tuple[FormatCadence, int, int]] = []
    for f in learned:
        days = c.days if (c is not None and f.negotiates) else 1
        plan.append((f, days, _steps(f, horizon, days)))
    per = sum(2 + f.days for f in cal.future)
    per += sum(k * (2 + (d if f.negotiates else 0)) for f, d, k in plan)
    u = np.empty((n, per), dtype=np.float64)
    # the rate given no round in the open gap: Gamma(a, b + c) in the ordinary regime,
    # Gamma(a, b + max(c - L, 0)) in a pause (the posterior's two components)
    lam = np.empty((n, 2 * len(plan)), dtype=np.float64)
    shapes = np.asarray([f.a for f, _, _ in plan] * 2, dtype=np.float64)
    scales = np.asarray(
        [1.0 / (f.b + f.elapsed) for f, _, _ in plan]
        + [1.0 / (f.b + max(f.elapsed - f.pause_days, 0)) for f, _, _ in plan],
        dtype=np.float64,
    )
    for i, g in enumerate(gens):
        u[i] = g.random(per)
        if plan:
            lam[i] = g.gamma(shapes, scales)
    col = 0

    def take(k: int) -> NDArray[np.float64]:
        nonlocal col
        out = u[:, col : col + k]
        col += k
        return out

    starts: list[NDArray[np.int64]] = []
    helds: list[NDArray[np.bool_]] = []
    fmts: list[int] = []
    lengths: list[int] = []
    rounds: list[NDArray[np.int64]] = []
    width = max([f.days for f in cal.future] + [d for _, d, _ in plan] + [1])
    last_announced: dict[str, tuple[NDArray[np.int64], NDArray[np.bool_]]] = {}
    for fut in cal.future:
        first = (fut.first_possible - cal.as_of).days
        span = (fut.last_possible - fut.first_possible).days
        start = first + _int_in(take(1)[:, 0], 0, span)
        occurs = take(1)[:, 0] < fut.p_occurs
        per_day = take(fut.days)
        rp = fut.rounds_per_session
        r = np.zeros((n, width), dtype=np.int64)
        for k in range(fut.days):
            r[:, k] = _int_in(per_day[:, k], rp.low, rp.high) if negotiates(fut.format) else 0
        starts.append(start)
        helds.append(occurs & (start <= horizon))
        fmts.append(list(formats).index(fut.format or UNSPECIFIED))
        lengths.append(fut.days)
        rounds.append(r)
        if fut.format:
            end = start + fut.days - 1
            prev = last_announced.get(fut.format)
            if prev is None:
                last_announced[fut.format] = (np.where(occurs, end, -1), occurs)
            else:
                last_announced[fut.format] = (
                    np.where(occurs, np.maximum(prev[0], end), prev[0]),
                    prev[1] | occurs,
                )
    for j, (f, days, steps) in enumerate(plan):
        if f.origin is None and f.format not in last_announced:
            continue
        blocks = take(steps * (2 + (days if f.negotiates else 0))).reshape(n, steps, -1)
        c0 = f.elapsed
        # the open gap's regime given no round in ``c0`` days: weights (1 - pi) S_o(c0) and
        # pi S_p(c0), the rate integrated out
        w_ord = (1 - f.pi) * (f.b / (f.b + c0)) ** f.a
        w_pause = f.pi * (f.b / (f.b + max(c0 - f.pause_days, 0))) ** f.a
        first_pause = blocks[:, 0, 0] < w_pause / (w_pause + w_ord)
        rate = np.where(first_pause, lam[:, len(plan) + j], lam[:, j])
        gap = -np.log1p(-blocks[:, :, 1]) / rate[:, None]  # exponential, in days
        pause = blocks[:, :, 0] < f.pi
        # the first gap continues the open one
        origin = (f.origin - cal.as_of).days if f.origin is not None else 0
        first_start = origin + c0 + np.where(first_pause, max(f.pause_days - c0, 0), 0) + gap[:, 0]
        held_ann = last_announced.get(f.format)
        if held_ann is not None:  # after the format's announced round, when it is held
            after = held_ann[0] + gap[:, 0] + np.where(pause[:, 0], f.pause_days, 0)
            first_start = np.where(held_ann[1], after, first_start)
        gaps = gap[:, 1:] + np.where(pause[:, 1:], f.pause_days, 0)
        gaps = np.maximum(gaps, days)
        # a round starts on the day its continuous time falls in (ceil: "by day d" is
        # "time <= d", as the formula counts it), never on as_of
        times = first_start[:, None] + np.concatenate(
            [np.zeros((n, 1)), np.cumsum(gaps, axis=1)], axis=1
        )
        seq = np.maximum(np.ceil(times), 1).astype(np.int64)
        crp = c.rounds_per_session if c is not None else None
        for k in range(steps):
            r = np.zeros((n, width), dtype=np.int64)
            if f.negotiates and crp is not None:
                for d in range(days):
                    r[:, d] = _int_in(blocks[:, k, 2 + d], crp.low, crp.high)
            starts.append(seq[:, k])
            helds.append(seq[:, k] <= horizon)
            fmts.append(list(formats).index(f.format))
            lengths.append(days)
            rounds.append(r)
    if not starts:
        return DrawnRounds(
            np.zeros((n, 0), dtype=np.int64),
            np.zeros((n, 0), dtype=bool),
            np.zeros(0, dtype=np.int16),
            np.zeros(0, dtype=np.int64),
            np.zeros((n, 0, width), dtype=np.int64),
            tuple(formats),
        )
    return DrawnRounds(
        np.stack(starts, axis=1),
        np.stack(helds, axis=1),
        np.asarray(fmts, dtype=np.int16),
        np.asarray(lengths, dtype=np.int64),
        np.stack(rounds, axis=1),
        tuple(formats),
    )


__all__ = [
    "PAUSE_FACTOR",
    "PRIOR_GAPS",
    "PRIOR_PAUSE_GAPS",
    "UNSPECIFIED",
    "DrawnRounds",
    "FormatCadence",
    "disagreement",
    "draw_rounds",
    "formats_of",
    "learn",
]
