"""What a sweep found: probabilities with Wilson intervals, agreed outcomes, binding red
lines and a sensitivity ranking, computed from the table of runs.

Sensitivity (a one-at-a-time screen over the Monte Carlo sample; Saltelli et al. 2008,
*Global Sensitivity Analysis: The Primer*, ch. 1): for each uncertain input, the
probability of the target (agreement when simulated, else a non-empty ZOPA) among the runs
with the input in its top quarter minus that in its bottom quarter (for a red line: firm
minus bluff), and Spearman's rank correlation of input and target. Inputs are ranked by
the absolute effect.

Each effect carries a 95% percentile-bootstrap interval (Efron & Tibshirani 1993, ch. 13):
the runs are resampled with replacement :data:`BOOTSTRAP` times (from a stream of the
sweep's seed of their own, :func:`accord.randomness.substream`; the quarters are those of
the whole sample) and the effect recomputed. An effect whose interval contains 0 is
*noise*: the sample cannot tell it from no effect; tables leave noise out by default.
Inputs that cannot move the target are not ranked at all: for P(ZOPA), anything of a party
whose consent is not needed (a mediator's weights, values, reservation value, red lines)
and every capability (the zone of agreement depends on bargaining parties' utilities, red
lines and reservation values only).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from accord.errors import ParameterError
from accord.model import Scenario
from accord.randomness import RNG, substream
from accord.sweep.headline import Headline, headline
from accord.sweep.intervals import wilson

Columns = dict[str, NDArray[np.generic]]

#: Bootstrap resamples behind each sensitivity interval.
BOOTSTRAP = 400

#: Salt of the bootstrap's stream of a sweep's seed.
_BOOTSTRAP_SALT = 0x5E75


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """How much one uncertain input moves the target probability, with a 95% bootstrap
    interval of the effect; ``noise`` when the interval contains 0."""

    input: str
    effect: float  # P(target | high) - P(target | low)
    p_low: float
    p_high: float
    spearman: float | None
    kind: str  # "continuous" or "binary"
    ci95: tuple[float, float] = (math.nan, math.nan)
    #: True when the 95% interval of the effect contains 0, or could not be computed (set
    #: from ``ci95`` when the row is made: the headline and the tables read it as data)
    noise: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        lo, hi = self.ci95
        object.__setattr__(self, "noise", math.isnan(lo) or math.isnan(hi) or lo <= 0.0 <= hi)

    def to_dict(self) -> dict[str, Any]:
        """The sensitivity as a dict, ``ci95`` as a list and ``noise`` included."""
        return {
            "input": self.input,
            "effect": self.effect,
            "ci95": list(self.ci95),
            "noise": self.noise,
            "p_low": self.p_low,
            "p_high": self.p_high,
            "spearman": self.spearman,
            "kind": self.kind,
        }


_Interval = tuple[float, float]


class _Shares(Protocol):
    @property
    def p_full(self) -> float: ...
    @property
    def ci95_full(self) -> _Interval: ...
    @property
    def p_partial(self) -> float: ...
    @property
    def ci95_partial(self) -> _Interval: ...


def _shares(kf: int, ka: int, n: int, empty: float) -> tuple[float, _Interval, float, _Interval]:
    """P(full) and P(at least partial) from ``kf`` and ``ka`` agreements in ``n`` runs, each
    with its Wilson interval, in the field order of :class:`DatePoint` and
    :class:`RoundPoint` (``empty`` when there are no runs)."""
    return (kf / n if n else empty, wilson(kf, n), ka / n if n else empty, wilson(ka, n))


def _shares_dict(p: _Shares) -> dict[str, Any]:
    """The shares of a point as JSON-ready data, intervals as lists."""
    return {
        "p_full": p.p_full,
        "ci95_full": list(p.ci95_full),
        "p_partial": p.p_partial,
        "ci95_partial": list(p.ci95_partial),
    }


@dataclass(frozen=True, slots=True)
class DatePoint:
    """P(full agreement by ``date``) and P(at least a partial agreement by ``date``), each
    with its 95% Wilson interval; the named events by ``date``: ``p_agreed`` (per issue:
    settled, in a full or a partial agreement) and ``p_round`` (per round format of the
    calendar, and ``"any"``: at least one further round of it held after as_of), each with
    its Wilson interval (empty when not applicable: no simulation, or no calendar)."""

    date: str
    p_full: float
    ci95_full: tuple[float, float]
    p_partial: float
    ci95_partial: tuple[float, float]
    p_agreed: Mapping[str, float] = field(default_factory=dict)
    ci95_agreed: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    p_round: Mapping[str, float] = field(default_factory=dict)
    ci95_round: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    p_in_force: float | None = None
    ci95_in_force: tuple[float, float] | None = None
    p_agreed_in_force: Mapping[str, float] = field(default_factory=dict)
    ci95_agreed_in_force: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The point as a dict, intervals as lists; the named events, and the odds of entry
        into force (a scenario with ratification stages), only when given."""
        out: dict[str, Any] = {"date": self.date, **_shares_dict(self)}
        if self.p_in_force is not None and self.ci95_in_force is not None:
            out["p_in_force"] = self.p_in_force
            out["ci95_in_force"] = list(self.ci95_in_force)
        if self.p_agreed:
            out["p_agreed"] = dict(self.p_agreed)
            out["ci95_agreed"] = {k: list(v) for k, v in self.ci95_agreed.items()}
        if self.p_agreed_in_force:
            out["p_agreed_in_force"] = dict(self.p_agreed_in_force)
            out["ci95_agreed_in_force"] = {k: list(v) for k, v in self.ci95_agreed_in_force.items()}
        if self.p_round:
            out["p_round"] = dict(self.p_round)
            out["ci95_round"] = {k: list(v) for k, v in self.ci95_round.items()}
        return out


def _cumulative(mask: NDArray[np.bool_], day: NDArray[Any], span: int) -> NDArray[np.int64]:
    """How many runs (``mask``) have their event on or before each day ``0..span``: a day
    before as_of counts from as_of, one after the deadline never."""
    d = np.asarray(day, dtype=np.int64)
    days = np.maximum(d[mask & (d <= span)], 0)
    return np.cumsum(np.bincount(days, minlength=span + 1)[: span + 1])


def by_date(
    full: NDArray[np.bool_],
    any_agreement: NDArray[np.bool_],
    day: NDArray[np.integer[Any]],
    as_of: date,
    deadline: date,
    *,
    full_day: NDArray[np.integer[Any]] | None = None,
    agreed: Mapping[str, tuple[NDArray[np.bool_], NDArray[np.integer[Any]]]] | None = None,
    rounds: Mapping[str, tuple[NDArray[np.bool_], NDArray[np.integer[Any]]]] | None = None,
    in_force: tuple[NDArray[np.bool_], NDArray[np.integer[Any]]] | None = None,
    agreed_in_force: Mapping[str, tuple[NDArray[np.bool_], NDArray[np.integer[Any]]]] | None = None,
) -> tuple[DatePoint, ...]:
    """For every date from ``as_of`` to ``deadline`` (both included), the share of runs
    with a full agreement and with at least a partial one on or before it; ``day`` is the
    day of each run's agreement counted from ``as_of`` (ignored where there is none), its
    first agreement when tracks settle apart, ``full_day`` the day its agreement became
    full (default: ``day``). ``agreed`` (per issue) and ``rounds`` (per round format and
    ``"any"``) give each event's ``(happened, day)`` per run: the named events.
    ``in_force`` (the agreement entered into force, and the day) and ``agreed_in_force``
    (per issue) give the odds of entry into force, for a scenario with ratification stages.

    >>> import numpy as np
    >>> pts = by_date(np.array([True, False]), np.array([True, True]), np.array([1, 0]),
    ...               date(2026, 1, 1), date(2026, 1, 3))
    >>> [(p.date, p.p_full, p.p_partial) for p in pts]
    [('2026-01-01', 0.0, 0.5), ('2026-01-02', 0.5, 1.0), ('2026-01-03', 0.5, 1.0)]
    """
    n = int(full.size)
    span = (deadline - as_of).days
    if span < 0:
        return ()
    # runs agreed on day k count from day k on (a day before as_of counts from as_of; one
    # after the deadline never)
    f_cum = _cumulative(full, day if full_day is None else full_day, span)
    a_cum = _cumulative(any_agreement, day, span)
    ev_agreed = {k: _cumulative(m, d, span) for k, (m, d) in (agreed or {}).items()}
    ev_round = {k: _cumulative(m, d, span) for k, (m, d) in (rounds or {}).items()}
    ev_force = {k: _cumulative(m, d, span) for k, (m, d) in (agreed_in_force or {}).items()}
    force_cum = None if in_force is None else _cumulative(in_force[0], in_force[1], span)

    def events(
        cum: dict[str, NDArray[np.int64]], k: int
    ) -> tuple[dict[str, float], dict[str, tuple[float, float]]]:
        p = {name: int(c[k]) / n if n else math.nan for name, c in cum.items()}
        ci = {name: wilson(int(c[k]), n) for name, c in cum.items()}
        return p, ci

    out = []
    for k in range(span + 1):
        kf, ka = int(f_cum[k]), int(a_cum[k])
        pa, ca = events(ev_agreed, k)
        pr, cr = events(ev_round, k)
        pf, cf = events(ev_force, k)
        kk = None if force_cum is None else int(force_cum[k])
        out.append(
            DatePoint(
                (as_of + timedelta(days=k)).isoformat(),
                *_shares(kf, ka, n, math.nan),
                pa,
                ca,
                pr,
                cr,
                None if kk is None else (kk / n if n else math.nan),
                None if kk is None else wilson(kk, n),
                pf,
                cf,
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class RoundPoint:
    """P(full agreement) and P(at least a partial agreement) by the end of exchange
    ``round`` (protocol step), each with its 95% Wilson interval: the by-exchange twin of
    :class:`DatePoint`, for talks that are not dated."""

    round: int
    p_full: float
    ci95_full: tuple[float, float]
    p_partial: float
    ci95_partial: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        # "round": former name of "exchange" (docs/deprecations.md)
        return {"exchange": self.round, "round": self.round, **_shares_dict(self)}


def by_round(
    full: NDArray[np.bool_],
    agree: NDArray[np.bool_],
    rounds: NDArray[Any],
    horizon: int,
) -> tuple[RoundPoint, ...]:
    """P(full) and P(at least partial) by the end of exchange ``r``, ``r = 1..horizon``,
    with Wilson intervals (for talks that are not dated)."""
    n = int(full.size)
    out = []
    for r in range(1, horizon + 1):
        kf = int((full & (rounds <= r)).sum())
        ka = int((agree & (rounds <= r)).sum())
        out.append(RoundPoint(r, *_shares(kf, ka, n, 0.0)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SweepSummary:
    """The figures of a sweep (see :func:`summarize`). ``seed`` (with ``spawn_key`` when
    the sweep was given a spawned SeedSequence) is the seed that reproduces the sweep:
    ``make_job(..., rng=SeedSequence(seed, spawn_key=spawn_key))``, or ``rng=seed``."""

    scenario: str
    runs: int
    seed: int
    protocol: str | None
    p_zopa: float
    p_zopa_ci95: tuple[float, float]
    p_zopa_deadline: float
    p_full: float | None
    ci95_full: tuple[float, float] | None
    p_partial: float | None
    ci95_partial: tuple[float, float] | None
    full_agreements: int | None
    partial_agreements: int | None
    endings: dict[str, int]
    outcomes: dict[str, dict[str, float]]
    open_issues: dict[str, float]
    rounds: dict[str, float]
    binding_red_lines: dict[str, float]
    binding_reservations: dict[str, float]
    sensitivity: tuple[Sensitivity, ...]
    target: str
    notes: tuple[str, ...] = field(default=())
    by_date: tuple[DatePoint, ...] | None = None
    as_of: str | None = None
    deadline: str | None = None
    spawn_key: tuple[int, ...] = ()
    agreed_tracks: dict[str, float] = field(default_factory=dict)
    headline: Headline | None = None
    in_force_agreements: int | None = None
    p_in_force: float | None = None
    ci95_in_force: tuple[float, float] | None = None
    ratification: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict (``nan`` written as ``None``), the sensitivity target
        under ``sensitivity_target``; ``docs/sweeps.md`` describes each field.
        """
        out: dict[str, Any] = _clean(
            {
                "scenario": self.scenario,
                "runs": self.runs,
                "seed": self.seed,
                **({"spawn_key": list(self.spawn_key)} if self.spawn_key else {}),
                "protocol": self.protocol,
                "p_zopa": self.p_zopa,
                "p_zopa_ci95": list(self.p_zopa_ci95),
                "p_zopa_deadline": self.p_zopa_deadline,
                "full_agreements": self.full_agreements,
                "partial_agreements": self.partial_agreements,
                "p_full": self.p_full,
                "ci95_full": None if self.ci95_full is None else list(self.ci95_full),
                "p_partial": self.p_partial,
                "ci95_partial": None if self.ci95_partial is None else list(self.ci95_partial),
                **({"agreed_tracks": self.agreed_tracks} if self.agreed_tracks else {}),
                **(
                    {
                        "in_force_agreements": self.in_force_agreements,
                        "p_in_force": self.p_in_force,
                        "ci95_in_force": None
                        if self.ci95_in_force is None
                        else list(self.ci95_in_force),
                        "ratification": self.ratification,
                    }
                    if self.ratification
                    else {}
                ),
                "as_of": self.as_of,
                "deadline": self.deadline,
                "by_date": None if self.by_date is None else [p.to_dict() for p in self.by_date],
                "endings": self.endings,
                "outcomes": self.outcomes,
                "open_issues": self.open_issues,
                "exchanges": self.rounds,
                "rounds": self.rounds,  # former name of "exchanges" (docs/deprecations.md)
                "binding_red_lines": self.binding_red_lines,
                "binding_reservations": self.binding_reservations,
                "sensitivity_target": self.target,
                "sensitivity": [s.to_dict() for s in self.sensitivity],
                "notes": list(self.notes),
                **({"headline": self.headline.to_dict()} if self.headline is not None else {}),
            }
        )
        return out


#: The day column of a run without the event (as :data:`accord.sweep.chunk.NO_DAY`).
NO_EVENT = int(np.iinfo(np.int32).min)


def _issue_events(
    scenario: Scenario, table: Columns, agree: NDArray[np.bool_]
) -> dict[str, tuple[NDArray[np.bool_], NDArray[Any]]]:
    """Per issue, whether each run's agreement settled it and on which day: its own
    ``day:<issue>`` column when tracks settle apart, else the agreement's day."""
    out = {}
    for issue in scenario.issues:
        own = table.get(f"day:{issue.id}")
        if own is not None:
            d = np.asarray(own)
            out[issue.id] = (d != NO_EVENT, d)
        elif f"outcome:{issue.id}" in table:
            settled = agree & (np.asarray(table[f"outcome:{issue.id}"], dtype=np.int64) >= 0)
            out[issue.id] = (settled, np.asarray(table["agreement_day"]))
    return out


def _clean(x: Any) -> Any:
    if isinstance(x, float):
        return None if math.isnan(x) else x
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x


def average_ranks(a: NDArray[Any]) -> NDArray[np.float64]:
    """Ranks 1..n of ``a``, ties given the average of the ranks they span."""
    a = np.asarray(a).ravel()
    order = np.argsort(a, kind="mergesort")
    ordered = a[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    group = np.cumsum(starts) - 1  # tie group of each sorted position
    bounds = np.r_[np.flatnonzero(starts), a.size]  # first sorted position of each group
    mean_rank = 0.5 * (bounds[:-1] + bounds[1:] + 1)  # average of positions+1 in the group
    ranks = np.empty(a.size, dtype=np.float64)
    ranks[order] = mean_rank[group]
    return ranks


def spearman(x: NDArray[Any], y: NDArray[Any]) -> float:
    """Spearman's rank correlation (Pearson's on average ranks); NaN when either input is
    constant."""
    return _spearman_ranked(average_ranks(x), average_ranks(y))


def _spearman_ranked(rx: NDArray[np.float64], ry: NDArray[np.float64]) -> float:
    """:func:`spearman` from the average ranks of both inputs."""
    if np.all(rx == rx[0]) or np.all(ry == ry[0]):
        return math.nan
    matrix = np.asarray(np.corrcoef(np.column_stack((rx, ry)), rowvar=False))
    return float(matrix[1, 0])


def bootstrap_weights(rng: RNG, n: int, resamples: int = BOOTSTRAP) -> NDArray[np.float64]:
    """How often each of ``n`` runs is drawn in each bootstrap resample,
    ``(resamples, n)``, from the sweep seed's bootstrap stream. They depend on the seed and
    ``n`` only, so a sweep may draw them while its runs simulate
    (:func:`accord.sweep.runner.run_sweep`)."""
    gen = substream(rng, _BOOTSTRAP_SALT)
    return gen.multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(np.float64)


#: Inputs whose resampled counts one matrix product computes (bounds its memory).
_INPUTS_PER_PRODUCT = 8


def _resampled_counts(
    weights: NDArray[np.float64],
    yf: NDArray[np.float64],
    screened: list[tuple[str, NDArray[np.bool_], NDArray[np.bool_], str, float | None]],
) -> NDArray[np.float64]:
    """``(resamples, 4 * inputs)``: for each screened input, each resample's number of
    runs in its low and high groups and of those with the target, in that order (high,
    then low). A few inputs per matrix product, so the resampling weights are read a few
    times instead of four times per input; the counts are integers, summed exactly in
    any order, so they equal the products taken one by one."""
    out = np.empty((weights.shape[0], 4 * len(screened)), dtype=np.float64)
    step = _INPUTS_PER_PRODUCT
    for s in range(0, len(screened), step):
        part = screened[s : s + step]
        m = np.empty((yf.size, 4 * len(part)), dtype=np.float64)
        for j, (_, low, high, _, _) in enumerate(part):
            m[:, 4 * j] = low
            m[:, 4 * j + 1] = high
            m[:, 4 * j + 2] = yf * high
            m[:, 4 * j + 3] = yf * low
        out[:, 4 * s : 4 * (s + len(part))] = weights @ m
    return out


def sensitivity(
    inputs: dict[str, NDArray[np.float64]],
    y: NDArray[np.bool_],
    *,
    rng: RNG = 0,
    resamples: int = BOOTSTRAP,
    precomputed: NDArray[np.float64] | None = None,
) -> tuple[Sensitivity, ...]:
    """The sensitivity table of target ``y`` to each input, each effect with its 95%
    bootstrap interval (see the module docstring).

    ``rng`` seeds the bootstrap: an int (the sweep's seed), a SeedSequence, a Generator
    (used as it is) or None for fresh entropy (see :mod:`accord.randomness`).
    ``precomputed``: the resampling weights
    (:func:`bootstrap_weights` of the same ``rng``, ``n`` and ``resamples``), drawn ahead."""
    n = y.size
    out: list[Sensitivity] = []
    yf = y.astype(np.float64)
    weights: NDArray[np.float64] | None = None
    if n >= 4 and resamples > 0:
        weights = (
            bootstrap_weights(rng, n, resamples)
            if precomputed is None or precomputed.shape != (resamples, n)
            else precomputed
        )
    ry = None if np.all(y == y[0]) else average_ranks(yf)  # the target's ranks, once
    screened: list[tuple[str, NDArray[np.bool_], NDArray[np.bool_], str, float | None]] = []
    for name, x in inputs.items():
        if n < 4 or np.all(x == x[0]):
            continue
        values = np.unique(x)
        if values.size == 2:
            low, high = x == values[0], x == values[1]
            kind = "binary"
        else:
            order = np.lexsort((np.arange(n), x))
            q = n // 4
            low = np.zeros(n, dtype=bool)
            high = np.zeros(n, dtype=bool)
            low[order[:q]] = True
            high[order[n - q :]] = True
            kind = "continuous"
        rho: float | None = None
        if ry is not None:
            r = _spearman_ranked(average_ranks(x), ry)
            rho = None if math.isnan(r) else r
        screened.append((name, low, high, kind, rho))
    counts = None if weights is None else _resampled_counts(weights, yf, screened)
    for j, (name, low, high, kind, rho) in enumerate(screened):
        p_low = float(yf[low].mean())
        p_high = float(yf[high].mean())
        ci: tuple[float, float] = (math.nan, math.nan)
        if counts is not None:
            lo_n, hi_n, y_hi, y_lo = (counts[:, 4 * j + c] for c in range(4))
            ok = (lo_n > 0) & (hi_n > 0)
            if ok.any():
                eff = y_hi[ok] / hi_n[ok] - y_lo[ok] / lo_n[ok]
                ci = (float(np.quantile(eff, 0.025)), float(np.quantile(eff, 0.975)))
        out.append(Sensitivity(name, p_high - p_low, p_low, p_high, rho, kind, ci))
    out.sort(key=lambda s: (-abs(s.effect), -abs(s.spearman or 0.0), s.input))
    return tuple(out)


def cannot_move(scenario: Scenario, target: str, name: str) -> str | None:
    """Why input ``name`` (``party.kind...``) cannot move ``target``, or None if it can."""
    if target != "zopa":
        return None
    party, _, rest = name.partition(".")
    ids = {p.id: p for p in scenario.parties}
    if party in ids and not ids[party].bargaining:
        return f"{ids[party].name}'s consent is not needed for a package to be in the ZOPA"
    if rest == "capability":
        return "capabilities do not enter the zone of agreement"
    return None


def summarize(
    scenario: Scenario,
    table: Columns,
    *,
    rng: int | np.random.SeedSequence,
    protocol: str | None,
    notes: tuple[str, ...] = (),
    dates: tuple[date, date] | None = None,
    bootstrap: NDArray[np.float64] | None = None,
) -> SweepSummary:
    """The summary of a complete table of runs (rows in run order); ``dates`` (as-of date,
    deadline date) adds the odds by date when the table has the agreements' days.

    ``rng`` is the seed the sweep ran with (an int, or its root SeedSequence,
    :attr:`SweepJob.seed_sequence <accord.sweep.SweepJob>`): it is recorded in the summary
    and seeds the bootstrap."""
    if isinstance(rng, np.random.SeedSequence) and isinstance(rng.entropy, int):
        seed, spawn_key = rng.entropy, tuple(rng.spawn_key)
    elif isinstance(rng, int) and not isinstance(rng, bool) and rng >= 0:
        seed, spawn_key = rng, ()
    else:
        raise ParameterError(
            "rng",
            f"must be the seed the sweep ran with (a whole number >= 0 or a SeedSequence of "
            f"one), got {rng!r}",
        )
    n = int(table["run"].size)
    zopa = np.asarray(table["zopa"], dtype=bool)
    n_zopa = int(zopa.sum())
    binding_red: dict[str, float] = {}
    binding_res: dict[str, float] = {}
    for name, col in table.items():
        if name.startswith("binding:"):
            key = name.removeprefix("binding:")
            share = float(np.asarray(col, dtype=bool).mean()) if n else math.nan
            if key.endswith(":reservation_value"):
                binding_res[key.removesuffix(":reservation_value")] = share
            else:
                binding_red[key] = share
    p_full: float | None = None
    p_partial: float | None = None
    ci_full: tuple[float, float] | None = None
    ci_partial: tuple[float, float] | None = None
    n_full: int | None = None
    n_partial: int | None = None
    endings: dict[str, int] = {}
    outcomes: dict[str, dict[str, float]] = {}
    open_share: dict[str, float] = {}
    rounds: dict[str, float] = {}
    points: tuple[DatePoint, ...] | None = None
    agreed_tracks: dict[str, float] = {}
    n_force: int | None = None
    p_force: float | None = None
    ci_force: tuple[float, float] | None = None
    stages: dict[str, dict[str, float]] = {}
    target = zopa
    target_name = "zopa"
    if protocol is not None and "agreement" in table:
        agree = np.asarray(table["agreement"], dtype=bool)
        full = np.asarray(table.get("full_agreement", agree), dtype=bool)
        partial = agree & ~full
        k = int(agree.sum())
        n_full, n_partial = int(full.sum()), int(partial.sum())
        p_full = n_full / n if n else math.nan
        p_partial = k / n if n else math.nan
        ci_full, ci_partial = wilson(n_full, n), wilson(k, n)
        # sensitivity of the full agreement, unless no run reaches one
        target, target_name = (full, "full_agreement") if n_full else (agree, "agreement")
        ending = np.asarray(table["ending"])
        endings = {
            "full_agreement": n_full,
            "partial_agreement": n_partial,
            "deadline": int((ending == 1).sum()),
            "walk_out": int((ending == 2).sum()),
        }
        for issue in scenario.issues:
            col = np.asarray(table[f"outcome:{issue.id}"])[agree]
            settled = col >= 0
            counts = np.bincount(col[settled].astype(np.intp), minlength=issue.size) if k else None
            outcomes[issue.id] = {
                str(opt): (float(counts[j]) / k if counts is not None else 0.0)
                for j, opt in enumerate(issue.options)
            }
            open_share[issue.id] = float((~settled).sum()) / k if k else 0.0
        r = np.asarray(table["rounds"])[agree].astype(np.float64)
        if k:
            rounds = {
                "mean": float(r.mean()),
                "p10": float(np.quantile(r, 0.1)),
                "median": float(np.median(r)),
                "p90": float(np.quantile(r, 0.9)),
                "min": float(r.min()),
                "max": float(r.max()),
            }
        for name, col in table.items():
            if name.startswith("track:"):
                agreed_tracks[name.removeprefix("track:")] = (
                    float(np.asarray(col, dtype=bool).mean()) if n else math.nan
                )
        force = None
        if "in_force" in table:
            force = np.asarray(table["in_force"], dtype=bool)
            n_force = int(force.sum())
            p_force = n_force / n if n else math.nan
            ci_force = wilson(n_force, n)
            for stage in scenario.ratification:
                votes = np.asarray(table[f"stage:{stage.id}"], dtype=np.int64)
                stages[stage.id] = {
                    "reached": float((votes >= 0).mean()) if n else math.nan,
                    "approved": float((votes == 1).mean()) if n else math.nan,
                }
        if dates is not None and "agreement_day" in table:
            force_day: NDArray[np.int64] | None = None
            if force is not None and "in_force_day" in table:
                force_day = np.asarray(table["in_force_day"], dtype=np.int64)
            issue_events = _issue_events(scenario, table, agree)
            points = by_date(
                full,
                agree,
                np.asarray(table["agreement_day"]),
                *dates,
                full_day=np.asarray(table["full_day"]) if "full_day" in table else None,
                agreed=issue_events,
                rounds={
                    name.removeprefix("round_day:"): (np.asarray(col) != NO_EVENT, np.asarray(col))
                    for name, col in table.items()
                    if name.startswith("round_day:")
                },
                in_force=None if force is None or force_day is None else (force, force_day),
                agreed_in_force=None
                if force is None or force_day is None
                else {k: (m & force, force_day) for k, (m, _) in issue_events.items()},
            )
    inputs = {
        name.removeprefix("input:"): np.asarray(col, dtype=np.float64)
        for name, col in table.items()
        if name.startswith("input:")
    }
    relevant = {k: v for k, v in inputs.items() if cannot_move(scenario, target_name, k) is None}
    dropped = sorted(set(inputs) - set(relevant))
    if dropped:
        notes = (
            *notes,
            f"not ranked as drivers of P(ZOPA), since they cannot move it: {', '.join(dropped)} "
            "(a party whose consent is not needed; capabilities)",
        )
    ranked = sensitivity(relevant, target, rng=rng)
    return SweepSummary(
        scenario=scenario.id,
        runs=n,
        seed=seed,
        spawn_key=spawn_key,
        protocol=protocol,
        p_zopa=n_zopa / n if n else math.nan,
        p_zopa_ci95=wilson(n_zopa, n),
        p_zopa_deadline=float(np.asarray(table["zopa_deadline"], dtype=bool).mean())
        if n
        else math.nan,
        p_full=p_full,
        ci95_full=ci_full,
        p_partial=p_partial,
        ci95_partial=ci_partial,
        full_agreements=n_full,
        partial_agreements=n_partial,
        endings=endings,
        outcomes=outcomes,
        open_issues=open_share,
        rounds=rounds,
        binding_red_lines=binding_red,
        binding_reservations=binding_res,
        sensitivity=ranked,
        target=target_name,
        notes=notes,
        by_date=points,
        agreed_tracks=agreed_tracks,
        in_force_agreements=n_force,
        p_in_force=p_force,
        ci95_in_force=ci_force,
        ratification=stages,
        as_of=None if dates is None else dates[0].isoformat(),
        deadline=None if dates is None else dates[1].isoformat(),
        headline=headline(
            scenario,
            relevant,
            target,
            ranked,
            target_name,
            by=None if dates is None else dates[1].isoformat(),
            also=(
                np.asarray(table["agreement"], dtype=bool)
                if target_name == "full_agreement" and n_partial
                else None
            ),
        ),
    )
