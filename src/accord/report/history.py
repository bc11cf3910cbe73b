"""The talks record in a report or the dashboard: the timeline of versions (a date axis with
each version's ZOPA size and P(full agreement by the deadline), past rounds as marks) as SVG
text, and the rows of a comparison ("since the last version").

The timeline takes plain dictionaries (``Record.timeline()`` as JSON) and the rows a
:class:`~accord.compare.Comparison`, so the report does not need the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from accord.report.date_axis import DateAxis, path

if TYPE_CHECKING:
    from accord.compare.core import Comparison
    from accord.io.snapshot import Snapshot

W, H = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 64, 22, 84
ZOPA_COLOUR = "#2b6cb0"
P_COLOUR = "#c05621"
EVENT_COLOUR = "#718096"


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def timeline_svg(
    versions: Sequence[Mapping[str, Any]], events: Sequence[Mapping[str, Any]] = ()
) -> str:
    """Versions on a date axis: a bar per version for its ZOPA size (share of all packages,
    left axis), a dot for P(full agreement by the deadline) where swept (right axis); past
    rounds and agreements are ticks under the axis."""
    dated = [(d, v) for v in versions if (d := _day(v.get("as_of") or v.get("created_at")))]
    marks = [(d, e) for e in events if (d := _day(e.get("date")))]
    days = [d for d, _ in dated] + [d for d, _ in marks]
    deadlines = [d for v in versions if (d := _day(v.get("deadline")))]
    days += deadlines[-1:]
    if not days:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>'
    lo, hi = min(days), max(days)
    pad = timedelta(days=max(1, (hi - lo).days // 25))
    lo, hi = lo - pad, hi + pad
    axis = DateAxis(W, H, (LEFT, RIGHT, TOP, BOTTOM), lo, max((hi - lo).days, 1))
    pw, ph = axis.plot_width, axis.plot_height
    x, y = axis.x, axis.y

    out = [
        axis.open("Timeline of the talks record", font_size=13),
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{W - RIGHT}" y2="{y(0):.1f}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{y(0):.1f}" stroke="#333"/>',
        f'<line x1="{W - RIGHT}" y1="{TOP}" x2="{W - RIGHT}" y2="{y(0):.1f}" stroke="#333"/>',
    ]
    for frac in (0.0, 0.5, 1.0):
        out.append(
            f'<text x="{LEFT - 6}" y="{y(frac) + 4:.1f}" text-anchor="end" '
            f'fill="{ZOPA_COLOUR}">{frac:.0%}</text>'
        )
        out.append(
            f'<text x="{W - RIGHT + 6}" y="{y(frac) + 4:.1f}" fill="{P_COLOUR}">{frac:.0%}</text>'
        )
    out.append(
        f'<text x="12" y="{TOP + ph / 2:.1f}" fill="{ZOPA_COLOUR}" '
        f'transform="rotate(-90 12 {TOP + ph / 2:.1f})" text-anchor="middle">'
        "ZOPA (share of packages)</text>"
    )
    out.append(
        f'<text x="{W - 8}" y="{TOP + ph / 2:.1f}" fill="{P_COLOUR}" '
        f'transform="rotate(90 {W - 8} {TOP + ph / 2:.1f})" text-anchor="middle">'
        "P(full agreement by the deadline)</text>"
    )
    for d in axis.month_ticks():
        first = d == axis.month_ticks()[0]
        label = d.strftime("%b %Y") if d.month == 1 or first else d.strftime("%b")
        out.append(
            f'<line x1="{x(d):.1f}" y1="{y(0):.1f}" x2="{x(d):.1f}" y2="{y(0) + 5:.1f}" '
            'stroke="#333"/>'
            f'<text x="{x(d):.1f}" y="{y(0) + 34:.1f}" text-anchor="middle">{label}</text>'
        )
    if deadlines:
        dl = deadlines[-1]
        out.append(
            f'<line x1="{x(dl):.1f}" y1="{TOP}" x2="{x(dl):.1f}" y2="{y(0):.1f}" '
            'stroke="#c53030" stroke-dasharray="5,4"/>'
            f'<text x="{x(dl) - 4:.1f}" y="{TOP + 12}" text-anchor="end" '
            f'fill="#c53030">deadline {dl:%d %b %Y}</text>'
        )
    for d, e in marks:
        title = escape(f"{d.isoformat()} {e.get('kind', '')}: {e.get('title', '')}")
        out.append(
            f'<line x1="{x(d):.1f}" y1="{y(0) + 4:.1f}" x2="{x(d):.1f}" '
            f'y2="{y(0) + 16:.1f}" stroke="{EVENT_COLOUR}" stroke-width="2">'
            f"<title>{title}</title></line>"
        )
    if marks:
        out.append(
            f'<text x="{LEFT}" y="{y(0) + 58:.1f}" fill="{EVENT_COLOUR}">'
            "grey ticks under the axis: past rounds and agreements (reported facts)</text>"
        )
    by_day: dict[date, list[Mapping[str, Any]]] = {}
    for d, v in dated:
        by_day.setdefault(d, []).append(v)
    bar = max(4.0, min(18.0, pw / max(len(by_day), 1) * 0.6))
    p_points = []
    days_sorted = sorted(by_day)
    near = {  # a day within 48 px of the next: its label goes left, the next one's right
        a: b for a, b in pairwise(days_sorted) if x(b) - x(a) < 48
    }
    for d, same_day in sorted(by_day.items()):
        # versions of one day share a bar (the day's last version) and one label
        v = same_day[-1]
        n, z = v.get("n_outcomes"), v.get("zopa_size")
        frac = (z / n) if isinstance(z, int) and isinstance(n, int) and n else 0.0
        seqs = [str(w.get("seq")) for w in same_day]
        label = escape(
            "; ".join(
                f"version {w.get('seq')} ({d.isoformat()}): ZOPA {w.get('zopa_size')} of "
                f"{w.get('n_outcomes')}"
                + (f", P(full) {w['p_full']:.0%}" if w.get("p_full") is not None else "")
                + f" - {w.get('message', '')}"
                for w in same_day
            )
        )
        top = y(frac)
        height = max(y(0) - top, 1.5)
        out.append(
            f'<rect x="{x(d) - bar / 2:.1f}" y="{y(0) - height:.1f}" width="{bar:.1f}" '
            f'height="{height:.1f}" fill="{ZOPA_COLOUR}" opacity="0.75">'
            f"<title>{label}</title></rect>"
        )
        name = f"#{seqs[0]}" if len(seqs) == 1 else f"#{seqs[0]}–{seqs[-1]}"
        tx, anchor = x(d), "middle"
        if d in near:
            tx, anchor = x(d) - bar / 2 - 2, "end"
        elif d in near.values():
            tx, anchor = x(d) + bar / 2 + 2, "start"
        out.append(
            f'<text x="{tx:.1f}" y="{y(0) - height - 6:.1f}" text-anchor="{anchor}" '
            f'fill="{ZOPA_COLOUR}">{name}: {z if z is not None else "?"}</text>'
        )
        p_points += [
            (x(d), y(float(w["p_full"])), label) for w in same_day if w.get("p_full") is not None
        ]
    if len(p_points) > 1:
        line = path([(px, py) for px, py, _ in p_points])
        out.append(f'<path d="{line}" fill="none" stroke="{P_COLOUR}" stroke-width="1.5"/>')
    for px, py, label in p_points:
        out.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{P_COLOUR}">'
            f"<title>{label}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


def effect_rows(comparison: Comparison) -> list[tuple[str, str, str]]:
    """``(what, A, B)`` rows of a comparison's effect on the analysis, as text."""
    before, after = comparison.before, comparison.after

    def conflicts(s: Snapshot) -> str:
        return (
            "; ".join(" vs ".join(f"{r.party} {r.red_line}" for r in c) for c in s.conflicts)
            or "none"
        )

    def package(s: Snapshot) -> str:
        if s.nash is None:
            return "none (no ZOPA)"
        return ", ".join(f"{k}: {v}" for k, v in s.nash.package.items())

    def partials(s: Snapshot) -> str:
        return (
            "; ".join(
                ", ".join(p.issues) + f" ({p.zopa_size})" for p in s.partial_agreements if p.maximal
            )
            or "none"
        )

    def pct(p: float | None) -> str:
        return "not swept" if p is None else f"{100 * float(p):.0f}%"

    rows = [
        (
            "ZOPA size",
            f"{before.zopa_size} of {before.n_outcomes}",
            f"{after.zopa_size} of {after.n_outcomes}",
        ),
        ("Conflicting red lines", conflicts(before), conflicts(after)),
        ("Nash package", package(before), package(after)),
    ]
    for p, delta in comparison.effect["nash"]["utility_change"].items():
        ub = before.nash.utilities.get(p) if before.nash else None
        ua = after.nash.utilities.get(p) if after.nash else None
        rows.append(
            (
                f"utility of {p} in it",
                "-" if ub is None else f"{ub:.3f}",
                ("-" if ua is None else f"{ua:.3f}")
                + ("" if delta is None else f" ({delta:+.3f})"),
            )
        )
    rows.append(("Maximal partial agreements", partials(before), partials(after)))
    rows.append(("P(full agreement by the deadline)", pct(before.p_full), pct(after.p_full)))
    rows.append(
        ("P(partial agreement by the deadline)", pct(before.p_partial), pct(after.p_partial))
    )
    return rows


def change_rows(comparison: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """``(category, change, evidence)`` rows of a comparison's document changes."""
    rows = []
    for cat, changes in comparison["changes"].items():
        for ch in changes:
            ev = "; ".join(
                f"{e.get('source')}: \u201c{e.get('quote')}\u201d"
                + (f" ({e['kind']})" if e.get("kind") else "")
                if e.get("quote")
                else ("assumption" if e.get("assumption") else "")
                for e in ch.get("evidence", [])
                if isinstance(e, dict)
            )
            rows.append((cat, ch["summary"], ev or "-"))
    return rows
