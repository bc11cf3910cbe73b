"""The named events of a sweep by month, for the report and the dashboard: P(issue agreed by
then) for every issue and P(at least one further round of a format held by then) for every
format of the calendar, from the ``p_agreed`` and ``p_round`` of the sweep's ``by_date``
rows (docs/sweeps.md defines each event).

:func:`event_table` picks the rows (the last day of every month and the deadline) and lays
the events out one per row; :func:`events_figure` draws every event's curve on one date
axis (matplotlib, for the report); :func:`events_svg` draws the same chart as SVG text for
the dashboard. A sweep whose rows carry no named event (a scenario without tracks or a
calendar) has no table and no chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

from matplotlib.figure import Figure

from accord.report import style
from accord.report.date_axis import DateAxis, path

#: Colours of the curves: the Okabe-Ito palette without its yellow (too faint on white).
COLOURS = tuple(c for c in style.PALETTE if c != "#F0E442")

#: Line styles of the two kinds of event in the charts.
AGREED_DASH = ""
ROUND_DASH = "6,3"


@dataclass(frozen=True, slots=True)
class EventRow:
    """One named event: ``kind`` is ``"agreed"`` (an issue settled) or ``"round"`` (a
    further round of a format held), ``key`` the issue id or the format (``"any"`` for
    any format), ``label`` its words, and ``values`` its probability (with its 95% Wilson
    interval) at each of the table's dates."""

    kind: str
    key: str
    label: str
    values: tuple[tuple[float, tuple[float, float] | None], ...]


@dataclass(frozen=True, slots=True)
class EventTable:
    """The named events (:class:`EventRow`) at ``dates``: the last day of each month from
    the as-of date on, and the deadline."""

    dates: tuple[str, ...]
    rows: tuple[EventRow, ...]

    @property
    def empty(self) -> bool:
        """No named event in the sweep's rows."""
        return not self.rows


def _plain(p: Any) -> Mapping[str, Any]:
    """A ``by_date`` row as a mapping (a :class:`~accord.sweep.summary.DatePoint` or its
    JSON)."""
    if isinstance(p, Mapping):
        return p
    return dict(p.to_dict())


def month_ends(days: Sequence[str]) -> list[int]:
    """Indices into ``days`` (ISO dates, one per day) of the last day of each month, the
    first day and the last always included.

    >>> month_ends(["2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02"])
    [0, 1, 3]
    """
    if not days:
        return []
    out = [0]
    for i in range(1, len(days)):
        last = i == len(days) - 1
        month_end = last or (
            date.fromisoformat(days[i + 1]).month != date.fromisoformat(days[i]).month
        )
        if month_end and out[-1] != i:
            out.append(i)
    return out


def _issue_words(names: Mapping[str, str], key: str) -> str:
    return f"{names.get(key, key)} agreed"


def _round_words(key: str) -> str:
    return "a further round of any format" if key == "any" else f"a further {key} round"


def event_table(points: Sequence[Any], issue_names: Mapping[str, str] | None = None) -> EventTable:
    """The named events of ``points`` (the sweep's ``by_date`` rows, as
    :class:`~accord.sweep.summary.DatePoint` or JSON) at the end of every month and at the
    deadline; ``issue_names`` gives the issues' names (ids otherwise)."""
    rows_in = [_plain(p) for p in points]
    names = dict(issue_names or {})
    idx = month_ends([str(p["date"]) for p in rows_in])
    picked = [rows_in[i] for i in idx]
    issues: list[str] = []
    formats: list[str] = []
    for p in rows_in:
        for k in p.get("p_agreed") or {}:
            if k not in issues:
                issues.append(k)
        for k in p.get("p_round") or {}:
            if k not in formats:
                formats.append(k)
    formats.sort(key=lambda f: (f != "any", f))
    rows: list[EventRow] = []
    for kind, keys, p_key, ci_key in (
        ("agreed", issues, "p_agreed", "ci95_agreed"),
        ("round", formats, "p_round", "ci95_round"),
    ):
        for key in keys:
            values = []
            for p in picked:
                ps = p.get(p_key) or {}
                cis = p.get(ci_key) or {}
                ci = cis.get(key)
                values.append(
                    (
                        float(ps.get(key, float("nan"))),
                        None if ci is None else (float(ci[0]), float(ci[1])),
                    )
                )
            label = _issue_words(names, key) if kind == "agreed" else _round_words(key)
            rows.append(EventRow(kind, key, label, tuple(values)))
    return EventTable(tuple(str(p["date"]) for p in picked), tuple(rows))


def _curves(
    points: Sequence[Any], names: Mapping[str, str]
) -> tuple[list[date], list[tuple[str, str, list[float]]]]:
    """The days and every event's curve as ``(kind, label, values)``; events of a kind
    whose curves are the same (issues of one track, settled in the same runs) share one
    curve, their labels joined with " = "."""
    rows = [_plain(p) for p in points]
    days = [date.fromisoformat(str(p["date"])) for p in rows]
    out: list[tuple[str, str, list[float]]] = []
    for kind, key in (("agreed", "p_agreed"), ("round", "p_round")):
        keys: list[str] = []
        for p in rows:
            keys += [k for k in p.get(key) or {} if k not in keys]
        if kind == "round":
            keys.sort(key=lambda f: (f != "any", f))
        groups: dict[tuple[float, ...], list[str]] = {}
        for k in keys:
            ys = tuple(float((p.get(key) or {}).get(k, float("nan"))) for p in rows)
            groups.setdefault(ys, []).append(k)
        for ys, ks in groups.items():
            words = [_issue_words(names, k) if kind == "agreed" else _round_words(k) for k in ks]
            out.append((kind, " = ".join(words), list(ys)))
    return days, out


def events_figure(points: Sequence[Any], issue_names: Mapping[str, str] | None = None) -> Figure:
    """Every named event's probability by date on one chart: issues agreed (solid) and
    further rounds by format (dashed), from the as-of date to the deadline."""
    from accord.report.figures import _new

    names = dict(issue_names or {})
    days, curves = _curves(points, names)
    with style.figure_style():
        fig = _new(8.4, 4.4 + 0.22 * len(curves))
        ax = fig.add_subplot()
        xs: list[Any] = list(days)
        for j, (kind, label, ys) in enumerate(curves):
            ax.step(
                xs,
                ys,
                where="post",
                color=COLOURS[j % len(COLOURS)],
                lw=1.8,
                ls="-" if kind == "agreed" else "--",
                label=f"P({label} by then)",
            )
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        ax.set_xlabel("date (from the as-of date to the deadline)")
        ax.set_title("Named events by date (Monte Carlo sweep)", loc="left")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=1)
        import matplotlib.dates as mdates

        locator = mdates.AutoDateLocator(maxticks=10)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    return fig


W, PLOT_H = 720, 224
LEFT, RIGHT, TOP = 52, 16, 16


def events_svg(points: Sequence[Any], issue_names: Mapping[str, str] | None = None) -> str:
    """The chart of :func:`events_figure` as SVG text (the dashboard's), or ``""`` when
    the rows carry no named event."""
    names = dict(issue_names or {})
    days, curves = _curves(points, names)
    if not days or not curves:
        return ""
    start, end = days[0], days[-1]
    bottom = 44 + 15 * len(curves)
    axis = DateAxis(
        W, TOP + PLOT_H + bottom, (LEFT, RIGHT, TOP, bottom), start, max((end - start).days + 1, 1)
    )
    x, y = axis.x, axis.y
    ph = axis.plot_height
    out = [
        axis.open(
            f"Named events by date, {start} to {end}",
            font="DejaVu Sans, sans-serif",
            element_id="events-chart",
        )
    ]
    for k in range(0, 11, 2):
        yy = y(k / 10)
        out.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#E5E5E5"/>'
            f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end">{k * 10}%</text>'
        )
    xe = x(end + timedelta(days=1))
    legend = []
    for j, (kind, label, ys) in enumerate(curves):
        colour = COLOURS[j % len(COLOURS)]
        pts: list[tuple[float, float]] = []
        for i, (d, v) in enumerate(zip(days, ys, strict=True)):
            if i:
                pts.append((x(d), y(ys[i - 1])))
            pts.append((x(d), y(v)))
        pts.append((xe, y(ys[-1])))
        dash = f' stroke-dasharray="{ROUND_DASH}"' if kind == "round" else ""
        out.append(
            f'<path class="event-{kind}" d="{path(pts)}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash}><title>{escape(label)}: {100 * ys[-1]:.1f}% by {end}'
            "</title></path>"
        )
        legend.append((colour, dash, label))
    m = date(start.year, start.month, 1)
    while m <= end:
        if m >= start:
            xx = x(m)
            out.append(
                f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{TOP + ph}" y2="{TOP + ph + 4}" '
                f'stroke="#333"/><text x="{xx:.1f}" y="{TOP + ph + 16}" '
                f'text-anchor="middle">{m:%b}</text>'
            )
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    out.append(
        f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{TOP + ph}" y2="{TOP + ph}" stroke="#333"/>'
    )
    for i, (colour, dash, label) in enumerate(legend):
        lx = LEFT
        ly = TOP + ph + 34 + i * 15
        out.append(
            f'<line x1="{lx}" x2="{lx + 22}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2"{dash}/><text x="{lx + 28}" y="{ly}">'
            f"{escape(label)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


__all__ = ["EventRow", "EventTable", "event_table", "events_figure", "events_svg", "month_ends"]
