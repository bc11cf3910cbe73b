"""The dashboard's chart of a simulated negotiation, written straight as SVG text: each
party's utility of its own offers exchange by exchange (its concession curve), exchanges
(protocol steps) counted from 1, integer ticks, with the agreement (if any) marked."""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape
from typing import Any

from accord.report.style import PALETTE

W, H = 780, 320
LEFT, RIGHT, TOP, BOTTOM = 52, 220, 34, 48


def _ticks(n: int) -> list[int]:
    """Whole-exchange ticks from 1 to ``n``: at most about ten."""
    step = max(1, -(-n // 10))
    out = list(range(1, n + 1, step))
    if out[-1] != n:
        out.append(n)
    return out


def simulation_svg(transcript: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """SVG of the concession curves of ``transcript`` (``Transcript.to_dict()``). With
    tracks negotiated apart, the curves of the widest track (the whole package when the
    core is negotiated beside separable tracks): each track's offers have utilities of
    their own, and one curve per party must not mix them."""
    steps = transcript.get("steps") or []
    if any("track" in s for s in steps):
        width: dict[str, int] = {}
        for s in steps:
            width[s["track"]] = max(width.get(s["track"], 0), len(s.get("outcome") or {}))
        widest = max(width, key=lambda k: width[k])
        steps = [s for s in steps if s["track"] == widest]
    parties = list(transcript.get("utilities") or {})
    offers: dict[str, list[tuple[int, float]]] = {p: [] for p in parties}
    for s in steps:
        actor = s.get("actor")
        u = (s.get("utilities") or {}).get(actor)
        if actor in offers and s.get("outcome") and u is not None and not math.isnan(u):
            offers[actor].append((int(s["exchange"]) + 1, float(u)))
    n = max([1, *(r for pts in offers.values() for r, _ in pts)])
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(r: float) -> float:
        return LEFT + (0.5 if n == 1 else (r - 1) / (n - 1)) * pw

    def y(u: float) -> float:
        return TOP + (1 - u) * ph

    out = [
        f'<svg class="simchart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" '
        f'width="{W}" height="{H}" role="img" aria-labelledby="simchart-title">',
        '<title id="simchart-title">Concession curves: each party\'s utility of its own '
        "offers, by exchange</title>",
        f'<text x="{LEFT}" y="18" font-size="14" font-weight="600">Concession curves: each '
        "party's utility of its own offers, by exchange</text>",
        f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#ccc"/>',
    ]
    out.extend(
        f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{y(u):.1f}" y2="{y(u):.1f}" stroke="#eee"/>'
        f'<text x="{LEFT - 6}" y="{y(u) + 4:.1f}" font-size="11" text-anchor="end">{u:g}</text>'
        for u in (0, 0.25, 0.5, 0.75, 1.0)
    )
    out.extend(
        f'<line x1="{x(r):.1f}" x2="{x(r):.1f}" y1="{TOP + ph}" y2="{TOP + ph + 4}" '
        f'stroke="#555"/><text x="{x(r):.1f}" y="{TOP + ph + 17}" font-size="11" '
        f'text-anchor="middle" class="tick">{r}</text>'
        for r in _ticks(n)
    )
    out.append(
        f'<text x="{LEFT + pw / 2:.1f}" y="{H - 8}" font-size="12" text-anchor="middle">'
        "exchange (one offer and the answers to it; from 1)</text>"
        f'<text x="14" y="{TOP + ph / 2:.1f}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 14 {TOP + ph / 2:.1f})">utility to the offering party</text>'
    )
    dashes = ("", "6 3", "2 3", "8 3 2 3")
    for k, pid in enumerate(parties):
        pts = offers[pid]
        colour = PALETTE[k % len(PALETTE)]
        if pts:
            path = " ".join(f"{x(r):.1f},{y(u):.1f}" for r, u in pts)
            dash = dashes[k % len(dashes)]
            out.append(
                f'<polyline class="curve" data-party="{escape(pid)}" points="{path}" '
                f'fill="none" stroke="{colour}" stroke-width="2"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
            )
        ly = TOP + 14 + 18 * k
        out.append(
            f'<line x1="{LEFT + pw + 12}" x2="{LEFT + pw + 36}" y1="{ly}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="2"/>'
            f'<text x="{LEFT + pw + 42}" y="{ly + 4}" font-size="12">'
            f"{escape(names.get(pid, pid))}{'' if pts else ' (no offers)'}</text>"
        )
    agreement_round = int(steps[-1]["exchange"]) + 1 if steps else None
    if transcript.get("agreement") and agreement_round is not None:
        out.append(
            f'<line x1="{x(agreement_round):.1f}" x2="{x(agreement_round):.1f}" y1="{TOP}" '
            f'y2="{TOP + ph}" stroke="#009E73" stroke-dasharray="4 3"/>'
            f'<text x="{x(agreement_round) + 4:.1f}" y="{TOP + 12}" font-size="11" '
            f'fill="#00664a">agreement</text>'
        )
    out.append("</svg>")
    return "".join(out)
