"""The report's figures, drawn with matplotlib in accord's style (:mod:`.style`).

Each ``*_figure`` function takes the typed result it draws (a
:class:`~.utility_space.PairView`, an :class:`~accord.analysis.Analysis`, a
:class:`~accord.negotiation.transcript.Transcript`, a
:class:`~accord.forecast.result.Forecast`) and returns a matplotlib ``Figure``; :func:`svg_text` and
:func:`png_bytes` turn it into something to embed or write.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.figure import Figure

from accord.analysis import Analysis
from accord.model import Scenario
from accord.negotiation.strategy import ActionKind
from accord.negotiation.transcript import Transcript
from accord.report import style
from accord.report.utility_space import BELOW, BLOCKED, INFEASIBLE, ZOPA, PairView, solution_groups

if TYPE_CHECKING:
    from accord.evaluate.backtest import Backtest
    from accord.forecast.result import Forecast

UTILITY_UNIT = "utility (0 = worst package, 1 = best)"


def _new(width: float, height: float) -> Figure:
    with style.figure_style():
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def _draw_win_sets(ax: Any, view: PairView) -> None:
    """Two-level games (Putnam 1988; docs/two-level.md): ring each outcome in the x party's
    win-set (a wide circle) and in the y party's (a wide square), and star the level-2 zone."""
    shapes = {view.x: ("o", style.WIN_X), view.y: ("s", style.WIN_Y)}
    names = {view.x: view.x_name, view.y: view.y_name}
    for pid, mask in view.win_sets.items():
        marker, colour = shapes[pid]
        pts = view.points[mask]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=110 if marker == "o" else 80,
            facecolors="none",
            edgecolors=colour,
            linewidths=1.3,
            marker=marker,
            alpha=0.85,
            label=f"{names[pid]}'s win-set: its ratifiers approve ({pts.shape[0]:,})",
            zorder=3,
        )
    if view.level2 is not None:
        pts = view.points[view.level2]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=70,
            c=style.LEVEL2,
            marker="+",
            linewidths=1.6,
            label=f"level-2 zone: agreed and ratified ({pts.shape[0]:,})",
            zorder=4,
        )


def utility_space_figure(view: PairView, *, title: str | None = None) -> Figure:
    """All outcomes of one party pair, the Pareto frontier, the ZOPA, the reservation values,
    the bargaining solutions and the status quo."""
    with style.figure_style():
        fig = _new(6.4, 4.8)
        ax = fig.add_subplot()
        layers = [
            (INFEASIBLE, style.GREY_INFEASIBLE, "x", "infeasible (scenario constraint)"),
            (BLOCKED, style.GREY_BLOCKED, "o", "breaks a red line"),
            (BELOW, style.GREY_BELOW, "o", "below a reservation value"),
            (ZOPA, style.ZOPA, "o", "zone of possible agreement (ZOPA)"),
        ]
        for k, colour, marker, label in layers:
            pts = view.points[view.category == k]
            if pts.shape[0] == 0:
                continue
            hollow = k == BLOCKED  # rings, so it reads apart from the filled grey dots
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                s=18 if k == ZOPA else (16 if hollow else 10),
                c="none" if hollow else colour,
                edgecolors=colour if hollow else "face",
                marker=marker,
                linewidths=0.8 if marker == "x" or hollow else 0,
                alpha=0.9,
                label=f"{label} ({pts.shape[0]:,})",
                zorder=2 if k != ZOPA else 3,
                rasterized=view.points.shape[0] > 5000,
            )
        _draw_win_sets(ax, view)
        if view.frontier.shape[0]:
            ax.plot(
                view.frontier[:, 0],
                view.frontier[:, 1],
                "-",
                color=style.FRONTIER,
                lw=1.4,
                drawstyle="steps-post" if view.frontier.shape[0] > 1 else "default",
                label="Pareto frontier (feasible packages)",
                zorder=4,
            )
        if view.zopa_frontier.shape[0]:
            ax.plot(
                view.zopa_frontier[:, 0],
                view.zopa_frontier[:, 1],
                "--",
                color=style.ZOPA,
                lw=1.4,
                label="Pareto frontier of the ZOPA",
                zorder=4,
            )
        rx, ry = view.reservation
        if rx is not None:
            ax.axvline(rx, color=style.RESERVATION, ls=":", lw=1.2, zorder=1)
        if ry is not None:
            ax.axhline(ry, color=style.RESERVATION, ls=":", lw=1.2, zorder=1)
        if rx is not None or ry is not None:
            ax.plot([], [], ":", color=style.RESERVATION, label="reservation value")
        for group in solution_groups(dict(view.solutions)):
            x, y = view.solutions[group[0]]
            names = [style.SOLUTION_STYLE.get(k, (k, "", ""))[0] for k in group]
            for j, key in enumerate(group):
                label, colour, marker = style.SOLUTION_STYLE.get(key, (key, "#000000", "o"))
                mx, my = x, y
                if len(group) > 1:  # the same package: fan the markers out, joined to it
                    angle = np.pi / 2 + 2 * np.pi * j / len(group)
                    mx, my = x + 0.035 * np.cos(angle), y + 0.035 * np.sin(angle)
                    ax.plot([x, mx], [y, my], "-", color="#333333", lw=0.7, zorder=5)
                ax.scatter(
                    [mx],
                    [my],
                    s=110,
                    c=colour,
                    marker=marker,
                    edgecolors="white",
                    linewidths=0.8,
                    label=f"{label} solution"
                    + (
                        f" (= {', '.join(n for n in names if n != label)})"
                        if len(group) > 1
                        else ""
                    ),
                    zorder=6,
                )
        if view.status_quo is not None:
            ax.scatter(
                [view.status_quo[0]],
                [view.status_quo[1]],
                s=70,
                facecolors="none",
                edgecolors=style.STATUS_QUO,
                linewidths=1.5,
                marker="s",
                label="status quo",
                zorder=5,
            )
        ax.set_xlabel(f"{view.x_name}: {UTILITY_UNIT}")
        ax.set_ylabel(f"{view.y_name}: {UTILITY_UNIT}")
        ax.set_title(title or f"Utility space: {view.x_name} vs {view.y_name}", loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
        fig.set_size_inches(9.0, 4.8)
    return fig


def _wrap(text: str, width: int) -> str:
    """``text`` on lines of at most ``width`` characters: never cut."""
    return "\n".join(textwrap.wrap(text, width=width)) or text


def _whole_rounds(ax: Any) -> None:
    """Exchange and model-step axes tick whole numbers only."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def deadlock_figure(scenario: Scenario, analysis: Analysis) -> Figure | None:
    """Which requirements collide: one row per red line (and reservation value in a
    conflict), one column per minimal conflict, dots joined where they collide
    (an UpSet-style matrix). ``None`` when there is no deadlock to draw."""
    dl = analysis.deadlock
    if dl is None or not dl.conflicts:
        return None
    names = {p.id: p.name for p in scenario.parties}
    order = {p.id: i for i, p in enumerate(scenario.parties)}
    rows: list[tuple[str, str, str]] = [
        (r.party, r.id, r.statement)
        for r in scenario.red_lines
        if scenario.party(r.party).bargaining
    ]
    for conflict in dl.conflicts:
        for ref in conflict:
            key = (ref.party, ref.red_line, ref.statement)
            if all((k[0], k[1]) != (ref.party, ref.red_line) for k in rows):
                rows.append(key)
    rows.sort(key=lambda r: (order.get(r[0], 99), r[1] == "reservation_value"))
    index = {(p, rid): i for i, (p, rid, _) in enumerate(rows)}
    relaxers = {(c.party, c.red_line) for r in dl.relaxations for c in r.changes}
    n_rows, n_cols = len(rows), len(dl.conflicts)
    with style.figure_style():
        lines = sum(
            len(textwrap.wrap(f"{names.get(p, p)}: {rid} — {st}", 70)) for p, rid, st in rows
        )
        fig = _new(7.5 + 0.8 * n_cols, 1.3 + 0.26 * lines + 0.2 * n_rows)
        ax = fig.add_subplot()
        ax.grid(False)
        for j in range(n_cols):
            for i in range(n_rows):
                ax.scatter([j], [i], s=60, c="#EEEEEE", zorder=1)
        for j, conflict in enumerate(dl.conflicts):
            hit = sorted(index[(r.party, r.red_line)] for r in conflict)
            ax.plot([j, j], [hit[0], hit[-1]], "-", color="#333333", lw=2.5, zorder=2)
            for i in hit:
                colour = style.party_colour(order.get(rows[i][0], 0))
                ax.scatter([j], [i], s=150, c=colour, edgecolors="#333333", zorder=3)
        ax.set_yticks(range(n_rows))
        ax.set_yticklabels(
            [
                _wrap(f"{names.get(p, p)}: {rid}{' ◆' if (p, rid) in relaxers else ''} — {st}", 70)
                for p, rid, st in rows
            ]
        )
        for tick, (p, _, _) in zip(ax.get_yticklabels(), rows, strict=True):
            tick.set_color(style.party_colour(order.get(p, 0)))
        ax.set_xticks(range(n_cols))
        ax.set_xticklabels([f"conflict {j + 1}" for j in range(n_cols)])
        ax.set_xlim(-0.6, n_cols - 0.4)
        ax.set_ylim(n_rows - 0.5, -0.5)
        ax.spines[["left", "bottom"]].set_visible(False)
        ax.tick_params(length=0)
        fig.suptitle(
            "Which requirements collide (◆ = relaxing it can open a ZOPA)",
            x=0.01,
            ha="left",
            fontweight="bold",
            fontsize=11,
        )
    return fig


def concession_figure(
    transcript: Transcript,
    parties: Mapping[str, str],
    bargaining: Collection[str] = (),
) -> Figure:
    """Concession curves of a simulated negotiation: each party's utility of its own offers
    exchange by exchange (solid) and of the offers it received (dotted).

    ``parties`` maps ids to names, in the order that gives each party its colour. A party
    gets curves when it makes offers (drafts, under the single negotiating text) or is in
    ``bargaining``: under the single negotiating text the mediator drafts and the
    bargaining parties only answer, so their curves are the drafts they received.
    """
    kinds = (ActionKind.OFFER, ActionKind.DRAFT)
    made = [i for i, k in enumerate(transcript.action) if k in kinds]
    actors = {transcript.actor[i] for i in made}
    column = {p: j for j, p in enumerate(transcript.parties)}
    ids = list(parties)
    result = transcript.result
    with style.figure_style():
        fig = _new(8.0, 4.2)
        ax = fig.add_subplot()
        for pid in ids:
            if pid not in column or (pid not in actors and pid not in bargaining):
                continue
            colour = style.party_colour(ids.index(pid))
            own: list[tuple[int, float]] = []
            other: list[tuple[int, float]] = []
            for i in made:
                u = float(transcript.utilities[i, column[pid]])
                if np.isnan(u):
                    continue
                point = (int(transcript.round[i]) + 1, u)
                (own if transcript.actor[i] == pid else other).append(point)
            if own:
                xs, ys = zip(*own, strict=True)
                ax.plot(xs, ys, "-o", ms=3, color=colour, label=f"{parties[pid]}: own offers")
            if other:
                xs, ys = zip(*other, strict=True)
                ax.plot(xs, ys, ":", color=colour, lw=1.2, label=f"{parties[pid]}: offers received")
        if result.agreed:
            ax.axvline(result.rounds, color="#333333", lw=1, ls="--")
            ax.plot([], [], "--", color="#333333", lw=1, label="agreement")
        ax.set_xlabel("exchange (from 1)")
        _whole_rounds(ax)
        ax.set_ylabel(UTILITY_UNIT)
        ended = result.kind.replace("_", " ")
        ax.set_title(f"Concession curves ({transcript.protocol}; ended: {ended})", loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return fig


def forecast_figure(
    forecast: Forecast,
    names: Mapping[str, str] | None = None,
    options: Mapping[str, Sequence[tuple[float, str]]] | None = None,
    crossings: Sequence[Mapping[str, Any]] = (),
) -> Figure:
    """Forecast trajectories: each actor's position per model step on each dimension, with the
    forecast outcome. ``crossings`` are the ``red_line_crossings`` of
    :class:`~accord.forecast.reading.ForecastReading` (marked with a cross); ``options``
    maps a dimension to its options' ``(scale position, label)``, drawn on a right-hand
    axis. The position axis is the model's whole 0-100 scale (a flat line is not blown up
    to 96-104)."""
    names = names or {}
    options = options or {}
    positions = forecast.positions  # [model step, actor, dimension]
    n_dims = int(positions.shape[2]) if positions.ndim == 3 else 0
    dims = list(forecast.table.dimensions) or [f"dimension {k + 1}" for k in range(n_dims)]
    dims = dims[:6]
    actors = list(forecast.table.actors)
    xs = list(range(int(positions.shape[0])))
    outcome = [float(x) for x in forecast.outcome]
    with style.figure_style():
        fig = _new(10.0, 2.8 * max(1, len(dims)) + 0.6)
        axes = fig.subplots(max(1, len(dims)), 1, squeeze=False, sharex=True)[:, 0]
        for k, (ax, dim) in enumerate(zip(axes, dims, strict=False)):
            for i, actor in enumerate(actors):
                ax.plot(
                    xs,
                    positions[:, i, k].astype(float),
                    "-",
                    marker=".",
                    color=style.party_colour(i),
                    label=names.get(actor, actor),
                )
                bad = [
                    (c["step"], c["position"])
                    for c in crossings
                    if c.get("actor") == actor and c.get("issue") == dim
                ]
                if bad:
                    bx, by = zip(*bad, strict=True)
                    ax.scatter(bx, by, marker="x", s=60, color=style.party_colour(i), zorder=5)
            if k < len(outcome) and not np.isnan(outcome[k]):
                ax.axhline(outcome[k], color="#333333", ls="--", lw=1.2, label="forecast outcome")
            if crossings and k == 0:
                ax.scatter([], [], marker="x", color="#333333", label="breaks its red line")
            ax.set_ylim(-5, 105)
            ax.set_ylabel("position (0-100)")
            ax.set_title(f"{dim}", loc="left")
            ax.xaxis.set_major_locator(_integer_locator())
            opts = options.get(dim)
            if opts:
                right = ax.twinx()
                right.set_ylim(-5, 105)
                right.set_yticks([x for x, _ in opts])
                right.set_yticklabels([_wrap(lab, 24) for _, lab in opts], fontsize=8)
                right.grid(False)
        axes[-1].set_xlabel("model step (0 = the actors' starting positions)")
        axes[0].legend(loc="upper left", bbox_to_anchor=(1.28, 1.0), borderaxespad=0)
        fig.suptitle(
            f"Forecast trajectories ({forecast.model})",
            x=0.01,
            ha="left",
            fontweight="bold",
        )
    return fig


def reliability_figure(backtest: Backtest) -> Figure:
    """The reliability diagram of a back-test (Murphy & Winkler 1977): per forecast bin, the
    observed frequency of the events against the mean forecast, for accord and the base
    rate, each point's area by the number of forecasts in the bin; the diagonal is perfect
    calibration."""
    with style.figure_style():
        fig = _new(6.4, 5.0)
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1], ls="--", color="#777777", lw=1, label="perfect calibration")
        for name, colour, marker, label in (
            ("accord", style.FRONTIER, "o", "accord"),
            ("base_rate", style.RESERVATION, "s", "base rate"),
        ):
            bins = [b for b in backtest.reliability.get(name, ()) if b.count]
            if not bins:
                continue
            xs = [b.mean_forecast for b in bins]
            ys = [b.observed for b in bins]
            sizes = [20 + 400 * b.count / max(1, len(backtest.scored)) for b in bins]
            ax.plot(xs, ys, "-", color=colour, lw=1, alpha=0.6)
            ax.scatter(
                xs, ys, s=sizes, color=colour, marker=marker, alpha=0.85, label=label, zorder=3
            )
            for b in bins:
                ax.annotate(
                    str(b.count),
                    (b.mean_forecast, b.observed),
                    fontsize=7,
                    xytext=(4, 4),
                    textcoords="offset points",
                    color=colour,
                )
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("forecast probability (mean of the bin)")
        ax.set_ylabel("observed frequency of the event")
        ax.set_title(
            f"Reliability over {len(backtest.scored)} scored forecasts "
            f"({len(backtest.cuts)} cut dates)",
            loc="left",
        )
        ax.legend(loc="upper left")
    return fig


def _integer_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


_XML_DECL = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.S)
_NS = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')
_META = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


def svg_text(fig: Figure, *, inline: bool = False) -> str:
    """The figure as SVG text. ``inline=True`` strips the XML prologue and namespace
    declarations, which HTML5 does not need for an ``<svg>`` element, so the page holds no
    URL at all."""
    buf = io.StringIO()
    with style.figure_style():
        fig.savefig(
            buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight"
        )
    text = buf.getvalue()
    if inline:
        text = _META.sub("", _NS.sub("", _XML_DECL.sub("", text)))
    return text


def png_bytes(fig: Figure) -> bytes:
    """``fig`` as PNG bytes, in the report's figure style, without the ``Software``
    metadata tag (which would name the matplotlib version).
    """
    buf = io.BytesIO()
    with style.figure_style():
        fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight")
    return buf.getvalue()


__all__ = [
    "concession_figure",
    "deadlock_figure",
    "forecast_figure",
    "png_bytes",
    "svg_text",
    "utility_space_figure",
]
