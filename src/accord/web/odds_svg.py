"""The dashboard's chart of the odds by date, written straight as SVG text.

The same picture as the report's (:func:`accord.report.calendar.odds_figure`): P(full
agreement) and P(at least a partial agreement) on or before each date as step curves with
their 95% bands, past rounds shaded, the as-of date dotted and the deadline dashed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape
from typing import Any

from accord.report.calendar import FULL_COLOUR, IN_FORCE_COLOUR, PARTIAL_COLOUR, PAST_COLOUR
from accord.report.date_axis import DateAxis, path

W, H = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 16, 84


def _steps(xs: Sequence[float], ys: Sequence[float], end: float) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if i:
            pts.append((x, ys[i - 1]))
        pts.append((x, y))
    if pts:
        pts.append((end, ys[-1]))
    return pts


def odds_svg(
    points: Sequence[Mapping[str, Any]],
    *,
    past_rounds: Sequence[Mapping[str, str]] = (),
) -> str:
    """The SVG of ``by_date`` points (``{date, p_full, ci95_full, p_partial,
    ci95_partial}``, as-of date first, deadline last)."""
    if not points:
        return ""
    days = [date.fromisoformat(str(p["date"])) for p in points]
    as_of, end = days[0], days[-1]
    # the axis starts shortly before the as-of date (as the report's figure does): the odds
    # are about what comes next; the rounds held in that lead-in are marked, earlier ones counted
    left = as_of - max((end - as_of) * 0.15, timedelta(days=14))
    axis = DateAxis(W, H, (LEFT, RIGHT, TOP, BOTTOM), left, max((end - left).days + 3, 1))
    ph = axis.plot_height
    x, y = axis.x, axis.y

    out = [
        axis.open(
            f"Probability of agreement by date, {as_of} to {end}",
            font="DejaVu Sans, sans-serif",
            element_id="odds-chart",
        )
    ]
    for k in range(0, 11, 2):
        yy = y(k / 10)
        out.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#E5E5E5"/>'
            f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end">{k * 10}%</text>'
        )
    earlier = []
    shown = 0
    for r in past_rounds:
        a, b = date.fromisoformat(r["start"]), date.fromisoformat(r["end"])
        if b < left:
            earlier.append(a)
            continue
        x0, x1 = x(max(a, left)), x(b + timedelta(days=1))
        lift = 0.4 * ph * (shown % 2)  # neighbouring labels at two heights
        shown += 1
        out.append(
            f'<rect class="past-round" x="{x0:.1f}" y="{TOP}" width="{max(x1 - x0, 2):.1f}" '
            f'height="{ph}" fill="{PAST_COLOUR}" opacity="0.6"><title>{escape(r["id"])}: '
            f"{a} to {b}</title></rect>"
            f'<text x="{x1 + 2:.1f}" y="{TOP + 4 + lift:.1f}" font-size="10" fill="#444" '
            f'text-anchor="end" transform="rotate(-90 {x1 + 2:.1f} {TOP + 4 + lift:.1f})" '
            f'dominant-baseline="hanging">{escape(r["id"])}</text>'
        )
    xs = [x(d) for d in days]
    xe = x(end + timedelta(days=1))
    # the wider orange line underneath stays visible where the two curves coincide
    curves = [
        ("p_partial", "ci95_partial", PARTIAL_COLOUR, 4),
        ("p_full", "ci95_full", FULL_COLOUR, 2),
    ]
    in_force = all(p.get("p_in_force") is not None for p in points)
    if in_force:  # two-level talks: signed, then ratified at home
        curves.append(("p_in_force", "ci95_in_force", IN_FORCE_COLOUR, 2))
    for key, ci, colour, width in curves:
        lo = _steps(xs, [y(float(p[ci][0])) for p in points], xe)
        hi = _steps(xs, [y(float(p[ci][1])) for p in points], xe)
        band = path(hi + lo[::-1]) + " Z"
        line = path(_steps(xs, [y(float(p[key])) for p in points], xe))
        out.append(
            f'<path d="{band}" fill="{colour}" opacity="0.2" stroke="none"/>'
            f'<path class="curve-{key}" d="{line}" fill="none" stroke="{colour}" '
            f'stroke-width="{width}"/>'
        )
    out.append(
        f'<line x1="{x(as_of):.1f}" x2="{x(as_of):.1f}" y1="{TOP}" y2="{TOP + ph}" '
        'stroke="#555" stroke-dasharray="2,3"/>'
        f'<line id="odds-deadline" x1="{x(end):.1f}" x2="{x(end):.1f}" y1="{TOP}" '
        f'y2="{TOP + ph}" stroke="#D55E00" stroke-width="1.5" stroke-dasharray="6,4"/>'
    )
    # month ticks
    m = date(left.year, left.month, 1)
    while m <= end:
        if m >= left:
            xx = x(m)
            label = m.strftime("%b") if m.month != 1 else m.strftime("%b %Y")
            out.append(
                f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{TOP + ph}" y2="{TOP + ph + 4}" '
                f'stroke="#333"/><text x="{xx:.1f}" y="{TOP + ph + 16}" '
                f'text-anchor="middle">{label}</text>'
            )
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    out.append(
        f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{TOP + ph}" y2="{TOP + ph}" stroke="#333"/>'
    )
    ly = H - 46
    same = sum(abs(float(p["p_full"]) - float(p["p_partial"])) < 5e-4 for p in points)
    partial = "P(at least a partial agreement)"
    if same == len(points):
        partial += " = P(full) throughout: the lines coincide"
    elif same:
        partial += " (its wide edge alone: equal to P(full))"
    legend = [
        (FULL_COLOUR, "P(full agreement by then)"),
        (PARTIAL_COLOUR, partial),
    ]

    lx = LEFT
    for colour, text in legend:
        out.append(
            f'<rect x="{lx}" y="{ly - 9}" width="14" height="10" fill="{colour}"/>'
            f'<text x="{lx + 18}" y="{ly}">{escape(text)}</text>'
        )
        lx += 26 + 7 * len(text)
    marks = (
        f"past rounds · as of {as_of} (dotted) · deadline {end} (dashed)"
        if in_force
        else f"past rounds · as of {as_of} (dotted line) · deadline {end} (dashed line)"
    )
    out.append(
        f'<rect x="{LEFT}" y="{ly + 9}" width="14" height="10" fill="{PAST_COLOUR}"/>'
        f'<text x="{LEFT + 18}" y="{ly + 18}" fill="#555">{marks}</text>'
    )
    if in_force:
        fx = LEFT + 30 + int(6.2 * len(marks))
        out.append(
            f'<rect x="{fx}" y="{ly + 9}" width="14" height="10" fill="{IN_FORCE_COLOUR}"/>'
            f'<text x="{fx + 18}" y="{ly + 18}">P(in force: signed, ratified)</text>'
        )
    if earlier:
        out.append(
            f'<text x="{LEFT}" y="{H - 6}" fill="#555">{len(earlier)} earlier '
            f"round{'s' if len(earlier) != 1 else ''}, from {min(earlier):%d %b %Y}, "
            f"{'are' if len(earlier) != 1 else 'is'} in the scenario's calendar</text>"
        )
    out.append("</svg>")
    return "".join(out)


__all__ = ["odds_svg"]
