"""The rolling-origin back-test: accord's forecasts from past dates, scored against the
record beside reference forecasters.

At every cut date (:func:`accord.evaluate.cut.cut_dates`: the eve of every past round and
the first of every month the record covers) the scenario is cut to what was known then
(:func:`accord.evaluate.cut.known_at`), swept from the cut with the sweep engine (the
same runs ``accord sweep`` makes, :func:`accord.sweep.make_job`), and its odds of the named
events (:mod:`accord.evaluate.events`) read at fixed horizons: 30, 60 and 90 days, and the
deadline where one was known at the cut. Each forecast is scored against what the record
says happened in the window, when the window ends within the record (on or before the
calendar's ``as_of``); a window reaching past the record is censored and not scored.

Scores (:mod:`accord.evaluate.scores`): Brier and log score per event kind and overall
for accord and the three reference forecasters, with cluster-bootstrap intervals over the
cut dates; accord's Brier skill against the base rate; a reliability table; the worst
misses in plain words; and a plain statement of every event kind where accord loses to
the base rate. Nothing is fitted to the outcomes: the forecasts are the model's, from what
was known at each cut.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.errors import AccordError, ConfigurationError, ParameterError
from accord.evaluate.cut import Cut, cut_dates, known_at
from accord.evaluate.events import KINDS, REFERENCES, Record, describe, kind_of
from accord.evaluate.scores import EPS, RESAMPLES, ReliabilityBin, Scores, reliability, score_set
from accord.model import Scenario
from accord.randomness import RNG, recorded_seed, substream

#: Horizons in days.
HORIZONS = (30, 60, 90)

#: Sweep runs per cut date by default.
DEFAULT_RUNS = 1000

#: Runs per cut date at most (the back-test sweeps once per cut).
MAX_RUNS = 100_000

#: The forecasters, accord first.
FORECASTERS = ("accord", *REFERENCES)

#: Salts of the back-test's secondary streams.
_BOOTSTRAP_SALT = 0xB7E5
_ROUNDS_SALT = 0x20D5

#: Worst misses listed.
MISSES = 5


@dataclass(frozen=True, slots=True)
class Forecast:
    """One forecast of one event from one cut over one horizon, by every forecaster, and
    what happened (``outcome`` None when the window reaches past the record: censored)."""

    cut: dt.date
    event: str
    horizon: str  # "30d", "60d", "90d" or "deadline"
    days: int
    end: dt.date
    forecasts: Mapping[str, float]
    outcome: int | None
    because: str | None = None  # the round that made the event happen

    @property
    def kind(self) -> str:
        """The event's kind (``full``, ``partial``, ``agreed``, ``round``)."""
        return kind_of(self.event)

    @property
    def censored(self) -> bool:
        """True when the window ends after the record (not scored)."""
        return self.outcome is None

    def to_dict(self) -> dict[str, Any]:
        """The forecast as JSON-ready data."""
        return {
            "cut": self.cut.isoformat(),
            "event": self.event,
            "kind": self.kind,
            "horizon": self.horizon,
            "days": self.days,
            "end": self.end.isoformat(),
            "forecasts": dict(self.forecasts),
            "censored": self.censored,
            "outcome": self.outcome,
            "because": self.because,
        }


@dataclass(frozen=True, slots=True)
class CutInfo:
    """One cut date: what the model of then left out and kept undated, and whether accord
    could forecast from it (``error`` says why not)."""

    date: dt.date
    dropped: tuple[str, ...]
    undated: tuple[str, ...]
    deadline: dt.date | None
    past_rounds: int
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The cut as JSON-ready data."""
        return {
            "date": self.date.isoformat(),
            "past_rounds": self.past_rounds,
            "deadline_known": None if self.deadline is None else self.deadline.isoformat(),
            "dropped_as_unknown_then": list(self.dropped),
            "kept_undated_possible_hindsight": list(self.undated),
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class Backtest:
    """The back-test of a scenario (see the module docstring)."""

    scenario: str
    runs: int
    seed: int
    record: tuple[str, str]
    horizons: tuple[int, ...]
    cuts: tuple[CutInfo, ...]
    forecasts: tuple[Forecast, ...]
    overall: Mapping[str, Scores]
    by_kind: Mapping[str, Mapping[str, Scores]]
    by_event: Mapping[str, Mapping[str, Scores]]
    reliability: Mapping[str, tuple[ReliabilityBin, ...]]
    misses: tuple[str, ...]
    verdicts: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    eps: float = EPS

    @property
    def scored(self) -> tuple[Forecast, ...]:
        """The forecasts whose window ends within the record."""
        return tuple(f for f in self.forecasts if not f.censored)

    def to_dict(self) -> dict[str, Any]:
        """The back-test as JSON-ready data (``docs/evaluation.md`` describes each field)."""
        out: dict[str, Any] = _clean(
            {
                "scenario": self.scenario,
                "runs_per_cut": self.runs,
                "seed": self.seed,
                "record": {"start": self.record[0], "end": self.record[1]},
                "horizons_days": list(self.horizons),
                "log_score_eps": self.eps,
                "forecasters": list(FORECASTERS),
                "cuts": [c.to_dict() for c in self.cuts],
                "scored": len(self.scored),
                "censored": len(self.forecasts) - len(self.scored),
                "scores": {
                    "overall": {k: v.to_dict() for k, v in self.overall.items()},
                    "by_kind": {
                        kind: {k: v.to_dict() for k, v in s.items()}
                        for kind, s in self.by_kind.items()
                    },
                    "by_event": {
                        event: {k: v.to_dict() for k, v in s.items()}
                        for event, s in self.by_event.items()
                    },
                },
                "reliability": {
                    k: [b.to_dict() for b in bins] for k, bins in self.reliability.items()
                },
                "worst_misses": list(self.misses),
                "verdicts": list(self.verdicts),
                "notes": list(self.notes),
                "forecasts": [f.to_dict() for f in self.forecasts],
            }
        )
        return out


def _clean(x: Any) -> Any:
    if isinstance(x, float):
        return None if math.isnan(x) else x
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x


Progress = Callable[[int, int], None]


def backtest(
    scenario: Scenario,
    *,
    runs: int = DEFAULT_RUNS,
    rng: RNG = 1,
    horizons: Sequence[int] = HORIZONS,
    resamples: int = RESAMPLES,
    progress: Progress | None = None,
) -> Backtest:
    """The rolling-origin back-test of ``scenario`` (see the module docstring).

    ``runs`` sweep runs per cut date. ``rng`` seeds everything random (an int, a
    SeedSequence of one, a Generator or None for fresh entropy, see
    :mod:`accord.randomness`): each cut's sweep runs from its own spawned child, the
    bootstrap from a stream of its own, and the seed is recorded in the result, so a
    back-test can be run again. ``progress`` is called with ``(cuts done, cuts)``.
    """
    if isinstance(runs, bool) or not isinstance(runs, int) or not 0 < runs <= MAX_RUNS:
        raise ParameterError(
            "runs",
            f"must be a whole number from 1 to {MAX_RUNS:,} (runs per cut date), got {runs!r}",
        )
    root = recorded_seed(rng)
    seed = root.entropy
    assert isinstance(seed, int)  # recorded_seed refuses any other
    hs = tuple(sorted(set(horizons)))
    if not hs or any(isinstance(h, bool) or not isinstance(h, int) or h <= 0 for h in hs):
        raise ParameterError("horizons", f"must be whole numbers of days > 0, got {horizons!r}")
    cal = scenario.calendar
    if cal is None or not cal.past:
        raise ConfigurationError(
            f"scenario {scenario.id!r} has no calendar of past rounds: a back-test scores "
            "forecasts against what the rounds of calendar.past did (docs/evaluation.md)"
        )
    record = Record.of(scenario, cal)
    events = record.events()
    dates = cut_dates(cal)
    children = root.spawn(len(dates))
    infos: list[CutInfo] = []
    rows: list[Forecast] = []
    for k, day in enumerate(dates):
        cut = known_at(scenario, day, horizon_end=run_end(scenario, day, hs))
        past = len(cut.scenario.calendar.past) if cut.scenario.calendar else 0
        deadline = (
            cut.scenario.deadline.day if cut.deadline_known and cut.scenario.deadline else None
        )
        windows = [(f"{h}d", h) for h in hs]
        if deadline is not None and (deadline - day).days not in hs:
            windows.append(("deadline", (deadline - day).days))
        error = None
        try:
            odds = accord_odds(cut, events, [h for _, h in windows], runs, children[k])
        except AccordError as exc:
            odds, error = None, str(exc)
        infos.append(CutInfo(day, cut.dropped, cut.undated, deadline, past, error))
        for event in events:
            for label, h in windows:
                end = day + dt.timedelta(days=h)
                outcome: int | None = None
                because = None
                if end <= record.end:
                    r = record.outcome(event, day, end)
                    outcome = int(r is not None)
                    because = None if r is None else f"{r.id}, {r.start:%d %b %Y}"
                fc = {
                    "accord": math.nan if odds is None else odds[event][h],
                    "base_rate": record.base_rate(event, day, h),
                    "nothing_changes": record.nothing_changes(event, day, h),
                    "fifty_fifty": 0.5,
                }
                rows.append(Forecast(day, event, label, h, end, fc, outcome, because))
        if progress is not None:
            progress(k + 1, len(dates))
    return _score(scenario, record, runs, seed, root, hs, infos, rows, resamples)


def lead_days(scenario: Scenario) -> int | None:
    """The analyst's horizon for the parties: the days from the calendar's ``as_of`` to the
    scenario's deadline (``None`` without a dated deadline after ``as_of``)."""
    cal, dl = scenario.calendar, scenario.deadline
    if cal is None or dl is None or dl.day is None or dl.day <= cal.as_of:
        return None
    return (dl.day - cal.as_of).days


def run_end(scenario: Scenario, day: dt.date, horizons: Sequence[int]) -> dt.date:
    """The end of the runs from a cut on ``day`` where no deadline was known then.

    A scoring horizon is the forecaster's choice, not a deadline the parties faced: ending
    the runs at the longest horizon made the time-dependent strategies concede exactly as
    the last window closes (on the bundled scenario, a full agreement about three times as
    likely within 90 days as within 60). Without a deadline known at the cut the parties
    are given the analyst's horizon instead, the lead the scenario's own deadline has at
    ``as_of`` (:func:`lead_days`), and never less than the longest horizon, which the runs
    must cover; without a dated deadline, the longest horizon as before."""
    lead = lead_days(scenario) or 0
    return day + dt.timedelta(days=max(*horizons, lead))


def accord_odds(
    cut: Cut,
    events: Sequence[str],
    horizons: Sequence[int],
    runs: int,
    rng: np.random.SeedSequence,
) -> dict[str, dict[int, float]]:
    """accord's probability of each event within each horizon from ``cut``: a sweep of the
    cut scenario (the runs of ``accord sweep``), read off its odds by date. The issue and
    round events come from the by-date rows' ``p_agreed`` and ``p_round`` where the sweep
    gives them, else from the sweep's table of runs (an issue settled by a run's agreement)
    and from draws of the calendar's future rounds (:meth:`Calendar.sample_sessions`). Each
    share of the runs is carried as its posterior mean (:func:`posterior_mean`)."""
    from accord.negotiation.registry import default_protocol
    from accord.sweep import make_job, run_sweep

    sc = cut.scenario
    job = make_job(sc, runs=runs, rng=rng, protocol=default_protocol(sc))
    result = run_sweep(job, workers=1)
    points = result.summary.by_date or ()
    if not points:
        raise ConfigurationError(f"the sweep from {cut.date} gave no odds by date")
    table = result.table
    day = np.asarray(table.get("agreement_day", np.zeros(0)), dtype=np.int64)
    agree = np.asarray(table.get("agreement", np.zeros(0)), dtype=bool)
    n = max(1, agree.size)
    rounds = None
    out: dict[str, dict[int, float]] = {}
    for event in events:
        kind, _, arg = event.partition(":")
        out[event] = {}
        for h in horizons:
            p = points[min(h, len(points) - 1)]
            value: float | None = None
            if kind == "full":
                value = p.p_full
            elif kind == "partial":
                value = p.p_partial
            elif kind == "agreed":
                got = getattr(p, "p_agreed", None) or {}
                if arg in got:
                    value = float(got[arg])
                else:
                    col = np.asarray(table.get(f"outcome:{arg}", np.full(agree.size, -1)))
                    hit = agree & (col >= 0) & (day <= min(h, len(points) - 1))
                    value = float(hit.sum()) / n
            else:
                got = getattr(p, "p_round", None) or {}
                if arg in got or (got and arg != "any"):
                    value = float(got.get(arg, 0.0))
                else:
                    if rounds is None:
                        rounds = _round_odds(sc, runs, rng)
                    value = rounds(arg, min(h, len(points) - 1))
            out[event][h] = posterior_mean(float(value), runs)
    return out


def posterior_mean(share: float, runs: int) -> float:
    """The probability a forecast carries for an event that ``share`` of ``runs`` runs
    showed: the posterior mean ``(k + 1/2) / (n + 1)`` of a binomial proportion under the
    Jeffreys prior Beta(1/2, 1/2), ``k = share * n`` (Jeffreys 1946; the prior the base-rate
    forecaster uses too). A Monte Carlo estimate of 0 from ``n`` runs is not a probability of
    0 (an event the model never drew in 1,000 runs has a chance below about 1 in 1,000,
    not none), and no forecast of exactly 0 or 1 is scored.

    >>> posterior_mean(0.0, 1000), posterior_mean(1.0, 1000)
    (0.0004995004995004995, 0.9995004995004995)
    """
    k = share * runs
    return (k + 0.5) / (runs + 1)


def _round_odds(
    sc: Scenario, runs: int, seed: np.random.SeedSequence
) -> Callable[[str, int], float]:
    """P(a round of a format starts within ``h`` days after the cut) from ``runs`` draws of
    the cut calendar's future rounds (announced rounds with their windows and chances, the
    cadence's expected rounds, which name no format and count for ``any`` only)."""
    cal = sc.calendar
    deadline = sc.deadline.day if sc.deadline else None
    if cal is None or deadline is None:
        return lambda fmt, h: 0.0
    gen = substream(seed, _ROUNDS_SALT)
    formats = {f.id: f.format for f in cal.future}
    firsts: list[dict[str, int]] = []
    for _ in range(runs):
        first: dict[str, int] = {}
        for s in cal.sample_sessions(gen, deadline):
            d = (s.date - cal.as_of).days
            if s.past or d <= 0:
                continue
            fmt = formats.get(s.round_id)
            for key in ("any", *([fmt] if fmt else [])):
                if key not in first or d < first[key]:
                    first[key] = d
        firsts.append(first)

    def odds(fmt: str, h: int) -> float:
        return sum(1 for f in firsts if f.get(fmt, h + 1) <= h) / max(1, len(firsts))

    return odds


def _score(
    scenario: Scenario,
    record: Record,
    runs: int,
    seed: int,
    root: np.random.SeedSequence,
    horizons: tuple[int, ...],
    infos: list[CutInfo],
    rows: list[Forecast],
    resamples: int,
) -> Backtest:
    scored = [f for f in rows if not f.censored and not math.isnan(f.forecasts["accord"])]
    boot = substream(root, _BOOTSTRAP_SALT)
    state = boot.bit_generator.state

    def scores(items: Sequence[Forecast]) -> dict[str, Scores]:
        boot.bit_generator.state = state  # the same resamples for every set
        o = [f.outcome or 0 for f in items]
        return score_set(
            {name: [f.forecasts[name] for f in items] for name in FORECASTERS},
            o,
            [f.cut for f in items],
            rng=boot,
            resamples=resamples,
        )

    overall = scores(scored)
    by_kind = {
        kind: scores([f for f in scored if f.kind == kind])
        for kind in KINDS
        if any(f.kind == kind for f in scored)
    }
    by_event = {
        event: scores([f for f in scored if f.event == event])
        for event in dict.fromkeys(f.event for f in scored)
    }
    rel = {
        name: reliability([f.forecasts[name] for f in scored], [f.outcome or 0 for f in scored])
        for name in ("accord", "base_rate")
    }
    misses = _misses(scenario, scored)
    verdicts = _verdicts(overall, by_kind, by_event)
    notes = [
        "Cut dates: the eve of every past round but the first, and the first of every month "
        f"from the record's first round ({record.start}) to its end ({record.end}).",
        "At each cut, claims whose evidence is all dated later are left out; claims and "
        "numbers without a dated source (the analyst's weights, values, reservation values, "
        "strategies, cadence and uncertainty ranges) are kept and may carry hindsight.",
        "Past rounds are fact and are not replayed; where no deadline was known at a cut, "
        f"the runs end {max(*horizons, lead_days(scenario) or 0)} days after it (the "
        "lead the scenario's deadline has at its as-of date, at least the longest horizon), "
        "which time-dependent strategies concede towards: an assumption of the back-test "
        "(the deadline, stated later, lends only its lead: possible hindsight).",
        "A window ending after the record's end is censored: forecast, shown, not scored.",
        f"Log score: forecasts clipped to [{EPS}, {1 - EPS}]; intervals: 95% bootstrap over "
        f"cut dates ({RESAMPLES if resamples == RESAMPLES else resamples} resamples).",
        "Items a round agreed that map to no issue of the scenario count for no event.",
    ]
    failed = [c for c in infos if c.error]
    if failed:
        notes.append(
            f"accord gave no forecast at {len(failed)} cut(s) ("
            + "; ".join(f"{c.date}: {c.error}" for c in failed)
            + "); those cuts are left out of every forecaster's scores"
        )
    return Backtest(
        scenario=scenario.id,
        runs=runs,
        seed=seed,
        record=(record.start.isoformat(), record.end.isoformat()),
        horizons=horizons,
        cuts=tuple(infos),
        forecasts=tuple(rows),
        overall=overall,
        by_kind=by_kind,
        by_event=by_event,
        reliability=rel,
        misses=misses,
        verdicts=verdicts,
        notes=tuple(notes),
    )


def _misses(scenario: Scenario, scored: Sequence[Forecast]) -> tuple[str, ...]:
    """accord's worst forecasts (largest squared error), in plain words: the worst of each
    event, the :data:`MISSES` worst of those (so one event does not fill the list)."""
    ranked = sorted(
        scored,
        key=lambda f: (-((f.forecasts["accord"] - (f.outcome or 0)) ** 2), f.cut, f.event),
    )
    first: dict[str, Forecast] = {}
    for f in ranked:
        first.setdefault(f.event, f)
    worst = list(first.values())[:MISSES]
    out = []
    for f in worst:
        p = f.forecasts["accord"]
        what = describe(f.event, scenario)
        within = f"within {f.days} days" if f.horizon != "deadline" else "by the deadline"
        tail = f"it happened ({f.because})" if f.outcome else f"none came by {f.end:%d %b %Y}"
        out.append(
            f"On {f.cut:%d %b %Y} accord gave {p:.0%} to {what} {within}; {tail} "
            f"(base rate said {f.forecasts['base_rate']:.0%})."
        )
    return tuple(out)


def _verdicts(
    overall: Mapping[str, Scores],
    by_kind: Mapping[str, Mapping[str, Scores]],
    by_event: Mapping[str, Mapping[str, Scores]],
) -> tuple[str, ...]:
    """Plain statements of how accord fares against the base rate, overall and per kind,
    then every single event where it loses."""
    out = []
    groups = [("overall", overall), *by_kind.items()]
    groups += [
        (f"the event {event}", s)
        for event, s in by_event.items()
        if kind_of(event) != event  # single events of a kind with several
        and (sk := s["accord"].skill_vs_base_rate) is not None
        and sk.value < 0
    ]
    for label, s in groups:
        a, b = s.get("accord"), s.get("base_rate")
        if a is None or b is None or a.skill_vs_base_rate is None or not a.n:
            continue
        sk = a.skill_vs_base_rate
        if label == "overall":
            where = "over all events"
        elif label.startswith("the event "):
            where = f"on {label}"
        else:
            where = f"on {label} events"
        ci = f"skill {sk.value:+.2f}, 95% interval {sk.low:+.2f} to {sk.high:+.2f}"
        if sk.value < 0:
            verdict = "accord LOSES to the base rate"
        elif sk.value > 0:
            verdict = "accord beats the base rate"
        else:
            verdict = "accord ties the base rate"
        unsure = (
            "; the interval includes 0, so the record cannot tell them apart"
            if not math.isnan(sk.low) and sk.low <= 0 <= sk.high
            else ""
        )
        out.append(
            f"{verdict} {where}: Brier {a.brier.value:.3f} against {b.brier.value:.3f} "
            f"({ci}, n = {a.n}){unsure}."
        )
    return tuple(out)
