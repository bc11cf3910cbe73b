"""A fast SVG of one party pair's utility space for the dashboard.

The report draws with matplotlib; the dashboard redraws on every what-if edit and must
answer within a few hundred milliseconds, so it writes the same picture (same categories,
palette and markers, :mod:`accord.report.style`) straight as SVG text: a few milliseconds.
"""

from __future__ import annotations

from html import escape

import numpy as np

from accord.report import style
from accord.report.utility_space import (
    BELOW,
    BLOCKED,
    INFEASIBLE,
    ZOPA,
    PairView,
    solution_groups,
)

W, H = 560, 420
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 48

_CATS = (
    (INFEASIBLE, "infeasible", style.GREY_INFEASIBLE, 2.2),
    (BLOCKED, "blocked", style.GREY_BLOCKED, 2.6),
    (BELOW, "below", style.GREY_BELOW, 2.6),
    (ZOPA, "zopa", style.ZOPA, 4.0),
)

_SOLUTION_SHAPES = {
    "nash": "star",
    "nash_weighted": "plus",
    "kalai_smorodinsky": "diamond",
    "egalitarian": "up",
    "utilitarian": "down",
}


def _bounds(view: PairView) -> tuple[float, float, float, float]:
    pts = [view.points]
    if view.frontier.size:
        pts.append(view.frontier)
    allp = np.concatenate(pts) if pts[0].size else np.zeros((1, 2))
    lo = np.minimum(allp.min(axis=0), 0.0)
    hi = np.maximum(allp.max(axis=0), 1.0)
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def _marker(shape: str, x: float, y: float, r: float) -> str:
    if shape == "diamond":
        return f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}L{x - r:.1f},{y:.1f}Z"
    if shape == "up":
        return f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}L{x - r:.1f},{y + r:.1f}Z"
    if shape == "down":
        return f"M{x:.1f},{y + r:.1f}L{x + r:.1f},{y - r:.1f}L{x - r:.1f},{y - r:.1f}Z"
    if shape == "plus":
        t = r / 3
        return (
            f"M{x - t:.1f},{y - r:.1f}h{2 * t:.1f}v{r - t:.1f}h{r - t:.1f}v{2 * t:.1f}"
            f"h{t - r:.1f}v{r - t:.1f}h{-2 * t:.1f}v{t - r:.1f}h{t - r:.1f}v{-2 * t:.1f}"
            f"h{r - t:.1f}Z"
        )
    pts = []
    for k in range(10):  # a five-pointed star
        rad = r if k % 2 == 0 else r * 0.45
        a = -np.pi / 2 + k * np.pi / 5
        pts.append(f"{x + rad * np.cos(a):.1f},{y + rad * np.sin(a):.1f}")
    return "M" + "L".join(pts) + "Z"


def pair_svg(view: PairView) -> str:
    """The SVG element of ``view`` (titled for screen readers, classes for tests)."""
    x0, x1, y0, y1 = _bounds(view)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def sx(v: float) -> float:
        return LEFT + (v - x0) / (x1 - x0) * pw

    def sy(v: float) -> float:
        return TOP + (1 - (v - y0) / (y1 - y0)) * ph

    out = [
        f'<svg class="uplot" viewBox="0 0 {W} {H}" role="img" '
        f'data-x="{escape(view.x)}" data-y="{escape(view.y)}" '
        f'data-zopa="{int((view.category == ZOPA).sum())}">',
        f"<title>Utility space: {escape(view.x_name)} vs {escape(view.y_name)}</title>",
        f'<text x="{LEFT}" y="20" class="plot-title" font-weight="600">'
        f"{escape(view.x_name)} and {escape(view.y_name)}: what each package gives them</text>",
        f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="#fff" stroke="#ccc"/>',
    ]
    for t in np.linspace(0, 1, 6):
        gx, gy = sx(float(t)), sy(float(t))
        out.append(
            f'<line x1="{gx:.1f}" y1="{TOP}" x2="{gx:.1f}" y2="{TOP + ph}" stroke="#eee"/>'
            f'<line x1="{LEFT}" y1="{gy:.1f}" x2="{LEFT + pw}" y2="{gy:.1f}" stroke="#eee"/>'
            f'<text x="{gx:.1f}" y="{TOP + ph + 16}" text-anchor="middle" class="tick">'
            f"{t:.1f}</text>"
            f'<text x="{LEFT - 6}" y="{gy + 4:.1f}" text-anchor="end" class="tick">{t:.1f}</text>'
        )
    for k, name, colour, r in _CATS:
        pts = view.points[view.category == k]
        if not pts.shape[0]:
            continue
        # "breaks a red line" as open rings, "below a reservation value" as filled dots:
        # told apart by shape, not only by two greys
        paint = (
            f'fill="none" stroke="{colour}" stroke-width="1.2"'
            if k == BLOCKED
            else f'fill="{colour}"'
        )
        out.append(f'<g class="pts {name}" {paint}>')
        out.extend(
            f'<circle cx="{sx(float(a)):.1f}" cy="{sy(float(b)):.1f}" r="{r}"/>' for a, b in pts
        )
        out.append("</g>")
    # two-level games: rings for each party's win-set, a cross for the level-2 zone
    for pid, mask in view.win_sets.items():
        is_x = pid == view.x
        colour = style.WIN_X if is_x else style.WIN_Y
        name = view.x_name if is_x else view.y_name
        out.append(
            f'<g class="win-set" data-party="{escape(pid)}" fill="none" stroke="{colour}" '
            f'stroke-width="1.2"><title>{escape(name)}\'s win-set: its ratifiers approve</title>'
        )
        for a, b in view.points[mask]:
            cx, cy = sx(float(a)), sy(float(b))
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6"/>'
                if is_x
                else f'<rect x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10"/>'
            )
        out.append("</g>")
    if view.level2 is not None and view.level2.any():
        out.append(f'<g class="level2" stroke="{style.LEVEL2}" stroke-width="1.6">')
        for a, b in view.points[view.level2]:
            cx, cy = sx(float(a)), sy(float(b))
            out.append(
                f'<path d="M{cx - 5:.1f},{cy:.1f}H{cx + 5:.1f}M{cx:.1f},{cy - 5:.1f}'
                f'V{cy + 5:.1f}"><title>level-2 zone: agreed and ratified</title></path>'
            )
        out.append("</g>")
    rx, ry = view.reservation
    if rx is not None:
        out.append(
            f'<line class="reservation" x1="{sx(rx):.1f}" y1="{TOP}" x2="{sx(rx):.1f}" '
            f'y2="{TOP + ph}" stroke="{style.RESERVATION}" stroke-dasharray="3 3"/>'
        )
    if ry is not None:
        out.append(
            f'<line class="reservation" x1="{LEFT}" y1="{sy(ry):.1f}" x2="{LEFT + pw}" '
            f'y2="{sy(ry):.1f}" stroke="{style.RESERVATION}" stroke-dasharray="3 3"/>'
        )
    for arr, cls, colour, dash in (
        (view.frontier, "frontier", style.FRONTIER, ""),
        (view.zopa_frontier, "zopa-frontier", style.ZOPA, ' stroke-dasharray="6 3"'),
    ):
        if arr.shape[0]:
            path = []
            for i, (a, b) in enumerate(arr):
                if i:
                    path.append(f"H{sx(float(a)):.1f}")
                    path.append(f"V{sy(float(b)):.1f}")
                else:
                    path.append(f"M{sx(float(a)):.1f},{sy(float(b)):.1f}")
            out.append(
                f'<path class="{cls}" d="{"".join(path)}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dash}/>'
            )
    if view.status_quo is not None:
        a, b = view.status_quo
        out.append(
            f'<rect class="status-quo" x="{sx(a) - 5:.1f}" y="{sy(b) - 5:.1f}" width="10" '
            f'height="10" fill="none" stroke="{style.STATUS_QUO}" stroke-width="1.5">'
            "<title>status quo</title></rect>"
        )
    for group in solution_groups(view.solutions):
        (a, b) = view.solutions[group[0]]
        cx, cy = sx(a), sy(b)
        together = " = ".join(style.SOLUTION_STYLE.get(k, (k, "", ""))[0] for k in group)
        if len(group) > 1:  # the same package: fan the markers out around it, joined to it
            out.append(
                f'<circle class="solution-spot" cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="#333">'
                f"<title>{escape(together)}: the same package</title></circle>"
            )
        for j, key in enumerate(group):
            label, colour, _ = style.SOLUTION_STYLE.get(key, (key, "#000", "o"))
            mx, my = cx, cy
            if len(group) > 1:
                angle = -np.pi / 2 + 2 * np.pi * j / len(group)
                mx, my = cx + 14 * np.cos(angle), cy + 14 * np.sin(angle)
                out.append(
                    f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{mx:.1f}" y2="{my:.1f}" '
                    'stroke="#333" stroke-width="0.8"/>'
                )
            d = _marker(_SOLUTION_SHAPES.get(key, "diamond"), mx, my, 8)
            note = f" ({together}: the same package)" if len(group) > 1 else ""
            out.append(
                f'<path class="solution {escape(key)}" d="{d}" fill="{colour}" stroke="#fff">'
                f"<title>{escape(label)} solution{escape(note)}</title></path>"
            )
    out.append(
        f'<text x="{LEFT + pw / 2:.1f}" y="{H - 10}" text-anchor="middle" class="axis">'
        f"{escape(view.x_name)}: utility</text>"
        f'<text transform="translate(14 {TOP + ph / 2:.1f}) rotate(-90)" text-anchor="middle" '
        f'class="axis">{escape(view.y_name)}: utility</text>'
    )
    out.append("</svg>")
    return "".join(out)
