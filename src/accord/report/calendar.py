"""The odds by date: P(full agreement) and P(at least a partial agreement) on or before each
date, from a Monte Carlo sweep on the talks' calendar, for the report and the dashboard.

The sweep (:mod:`accord.sweep`) runs every variant on its own draw of the calendar
(:mod:`accord.negotiation.dated`): each agreement carries the date of the session that
reached it, and the curve at a date is the share of runs agreed on or before it, from the
as-of date to the deadline's date, with 95% Wilson intervals. A scenario whose talks are
not dated gets the same curves by exchange (protocol step) instead (the axis says so).

:func:`odds_figure` draws both curves on a date axis with the past rounds (shaded) and the
as-of date and the deadline (dashed lines) marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import matplotlib.dates as mdates
import numpy as np
from matplotlib.figure import Figure

from accord.errors import AccordError
from accord.model import Scenario
from accord.negotiation.dated import Landmark, talks_calendar
from accord.negotiation.registry import default_protocol
from accord.randomness import RNG
from accord.report import style
from accord.sweep.summary import DatePoint, RoundPoint, SweepSummary, by_round

#: Colours of the two curves (Okabe-Ito): full agreement, at least partial.
FULL_COLOUR = style.PALETTE[0]
PARTIAL_COLOUR = style.PALETTE[1]
PAST_COLOUR = "#BBBBBB"
#: The curve of agreements in force (signed, then ratified by every stage at home).
IN_FORCE_COLOUR = style.PALETTE[2]


@dataclass(frozen=True, slots=True)
class Odds:
    """The odds by date (section 6 of the report): cumulative P(full agreement) and P(at
    least a partial agreement) at each point.

    ``points`` are :class:`~accord.sweep.summary.DatePoint` from the as-of date to the
    deadline's date when the talks are dated, else :class:`RoundPoint` by exchange of
    the talks; ``deadline`` is the deadline's ISO date (dated) or its exchange number;
    ``past_rounds`` the rounds held before the as-of date (shaded on the chart);
    ``source`` says which runs the odds come from; ``summary`` is the whole summary of the
    sweep behind them (its headline, sensitivity and named events), ``None`` when the odds
    come from plain simulation runs.
    """

    points: tuple[DatePoint, ...] | tuple[RoundPoint, ...]
    source: str
    as_of: str | None = None
    deadline: str | int | None = None
    past_rounds: tuple[Landmark, ...] = ()
    summary: SweepSummary | None = None

    @property
    def dated(self) -> bool:
        """Whether the points are dates (else exchanges of talks without dates)."""
        return bool(self.points) and isinstance(self.points[0], DatePoint)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        return {
            "points": [p.to_dict() for p in self.points],
            "dated": self.dated,
            "as_of": self.as_of,
            "deadline": self.deadline,
            "past_rounds": [
                {"id": r.id, "start": r.start.isoformat(), "end": r.end.isoformat()}
                for r in self.past_rounds
            ],
            "source": self.source,
        }


def _landmarks(scenario: Scenario) -> tuple[Landmark, ...]:
    cal = talks_calendar(scenario)
    return () if cal is None else cal.history


def odds_from_sweep(
    scenario: Scenario, runs: int, rng: RNG = None, protocol: str | None = None
) -> Odds | None:
    """The odds by date (or by exchange) of ``runs`` sweep runs of ``scenario``; ``None`` when
    the scenario cannot be swept.

    ``rng`` seeds the sweep as in :func:`accord.sweep.make_job` (the source line names the
    seed it ran with)."""
    from accord.sweep import make_job, run_sweep

    protocol = protocol or default_protocol(scenario)
    try:
        job = make_job(scenario, runs=runs, rng=rng, protocol=protocol)
        result = run_sweep(job, workers=1)
    except AccordError:
        return None
    s = result.summary
    source = (
        f"Monte Carlo sweep of {runs:,} runs over the scenario's uncertain inputs"
        + (" and its calendar" if job.sample_calendar else "")
        + f" (seed {s.seed}; {protocol}); bands: 95% Wilson intervals"
    )
    if s.by_date:
        return Odds(
            points=tuple(s.by_date),
            source=source,
            as_of=s.as_of,
            deadline=s.deadline,
            past_rounds=_landmarks(scenario),
            summary=s,
        )
    t = result.table
    rounds = np.asarray(t["rounds"])
    agree = np.asarray(t["agreement"], dtype=bool)
    full = np.asarray(t.get("full_agreement", agree), dtype=bool)
    horizon = max(int(rounds.max()) if rounds.size else 0, job.rounds or 0)
    return Odds(
        points=by_round(full, agree, rounds, horizon),
        source=source,
        deadline=job.rounds,
        summary=s,
    )


def _band(ax: Any, xs: list[Any], ci: list[Sequence[float]], colour: str) -> None:
    lo = [float(c[0]) for c in ci]
    hi = [float(c[1]) for c in ci]
    ax.fill_between(xs, lo, hi, step="post", color=colour, alpha=0.2, lw=0)


def odds_figure(odds: Odds, title: str | None = None) -> Figure:
    """Both curves (full, at least partial) with their 95% bands on a date axis, past rounds
    shaded, the as-of date and the deadline dashed; by exchange for undated talks."""
    from accord.report.figures import _new

    pts = odds.points
    dated = odds.dated
    xs: list[Any] = [
        date.fromisoformat(p.date) if isinstance(p, DatePoint) else p.round for p in pts
    ]
    full = [float(p.p_full) for p in pts]
    part = [float(p.p_partial) for p in pts]
    with style.figure_style():
        fig = _new(8.4, 4.6)
        ax = fig.add_subplot()
        if pts:
            _band(ax, xs, [p.ci95_partial for p in pts], PARTIAL_COLOUR)
            _band(ax, xs, [p.ci95_full for p in pts], FULL_COLOUR)
            # the wider orange line underneath stays visible where the two curves coincide
            same = sum(abs(f - q) < 5e-4 for f, q in zip(full, part, strict=True))
            if same == len(pts):
                note = "\n= P(full) throughout: the two lines coincide"
            elif same:
                note = "\n(where only its wide edge shows, it equals P(full))"
            else:
                note = ""
            ax.step(
                xs, part, where="post", color=PARTIAL_COLOUR, lw=3.6,
                label=f"P(at least a partial agreement by then){note}",
            )  # fmt: skip
            ax.step(
                xs, full, where="post", color=FULL_COLOUR, lw=1.6,
                label="P(full agreement by then): every issue settled",
            )  # fmt: skip
            force: list[float] = []
            bands: list[Sequence[float]] = []
            for p in pts:
                f = getattr(p, "p_in_force", None)
                c = getattr(p, "ci95_in_force", None)
                if f is None or c is None:
                    break
                force.append(float(f))
                bands.append(c)
            if force and len(force) == len(pts):
                # two-level talks: a signed agreement enters into force after ratification
                _band(ax, xs, bands, IN_FORCE_COLOUR)
                ax.step(
                    xs, force, where="post", color=IN_FORCE_COLOUR,
                    lw=1.6, ls="--",
                    label="P(an agreement, full or partial, in force by then):\n"
                    "signed and ratified at home",
                )  # fmt: skip
        if dated:
            as_of = xs[0]
            end = xs[-1]
            # the axis starts shortly before the as-of date: the odds are about what comes
            # next; the rounds held in that lead-in are marked, the earlier ones counted
            left = as_of - max((end - as_of) * 0.15, timedelta(days=14))
            earlier = [r for r in odds.past_rounds if r.end < left]
            shown = [r for r in odds.past_rounds if r.end >= left]
            for k, r in enumerate(shown):
                x0 = mdates.date2num(max(r.start, left))  # type: ignore[no-untyped-call]
                x1 = mdates.date2num(r.end + timedelta(days=1))  # type: ignore[no-untyped-call]
                ax.axvspan(
                    x0, x1, color=PAST_COLOUR, alpha=0.6, lw=0,
                    label=None if k else "past rounds (held)",
                )  # fmt: skip
                ax.annotate(
                    r.id, (x1, 0.97 - 0.4 * (k % 2)), xycoords=("data", "axes fraction"),
                    rotation=90, va="top", ha="left", fontsize=8, color="#444444",
                )  # fmt: skip
            ax.axvline(as_of, color="#555555", lw=1, ls=":", label=f"as of {as_of}")
            ax.axvline(end, color=style.PALETTE[5], lw=1.2, ls="--", label=f"deadline ({end})")
            ax.set_xlim(left, end + timedelta(days=3))
            locator = mdates.AutoDateLocator(maxticks=10)  # type: ignore[no-untyped-call]
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(
                mdates.ConciseDateFormatter(locator, show_offset=False)  # type: ignore[no-untyped-call]
            )
            years = sorted({left.year, end.year})
            label = (
                f"date in {'–'.join(str(y) for y in years)} "
                "(each agreement on the date of the session that reached it)"
            )
            if earlier:
                first = min(r.start for r in earlier)
                label += (
                    f"\n{len(earlier)} earlier round{'s' if len(earlier) != 1 else ''}, from "
                    f"{first:%d %b %Y}, {'are' if len(earlier) != 1 else 'is'} in the "
                    "scenario's calendar"
                )
            ax.set_xlabel(label)
        else:
            deadline = odds.deadline
            if isinstance(deadline, int):
                ax.axvline(
                    deadline, color=style.PALETTE[5], lw=1.2, ls="--",
                    label=f"deadline (exchange {deadline})",
                )  # fmt: skip
            ax.set_xlabel("exchange (the scenario does not date its talks)")
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        ax.set_title(
            title
            or f"Probability of agreement by {'date' if dated else 'exchange'} (Monte Carlo sweep)",
            loc="left",
        )
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.28 if dated else -0.18), ncol=2,
            fontsize=8, frameon=False,
        )  # fmt: skip
    return fig


__all__ = ["Odds", "odds_figure", "odds_from_sweep"]
