"""``accord simulate``: how talks could unfold under a protocol and strategies."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from accord.cli._bounds import check_rounds, check_runs
from accord.cli._renamed import renamed_option
from accord.cli.common import (
    SCENARIO_HELP,
    atomic_output,
    check_output,
    console,
    load,
    print_json,
)
from accord.cli.options import parse_strategies
from accord.errors import ConfigurationError, require_extra
from accord.negotiation import rules
from accord.negotiation.explain import standings, why_it_ended
from accord.negotiation.registry import protocols, strategies
from accord.negotiation.simulation import Simulation, simulate
from accord.negotiation.strategy import ActionKind
from accord.negotiation.transcript import Result

#: Steps shown in the step-by-step table before the middle is elided.
MAX_ROWS = 40


def _outcome_text(sim: Simulation, outcome: int | None, track: str = "") -> str:
    """The options of ``outcome`` on the issues the text on the table covers (a partial
    text's open issues are not part of it; an offer of a track negotiated apart covers that
    track's issues)."""
    if outcome is None:
        return ""
    decoded = sim.transcript.decode_track(outcome, track)
    return ", ".join(f"{i.id}={decoded[i.id]}" for i in sim.scenario.issues if i.id in decoded)


def _agreement_concessions(sim: Simulation) -> Any:
    """Who concedes what in the first run's agreement (None without one)."""
    from accord.analysis.concessions import package_concessions

    agreement = sim.transcript.to_dict().get("agreement")
    if not agreement:
        return None
    return package_concessions(
        sim.scenario, dict(agreement), "the simulated agreement (run 1)", "simulated"
    )


def _identical_runs(sim: Simulation) -> bool:
    """Whether every run ended alike (same ending, agreement, date and number of exchanges,
    and, with ratification stages, the same fate at home)."""
    home = sim.ratification or (None,) * len(sim.results)
    keys = {
        (r.ending, r.agreement, r.date, r.rounds, r.tracks)
        + ((e.status, e.in_force, e.failed_at) if e is not None else ())
        for r, e in zip(sim.results, home, strict=True)
    }
    return len(keys) == 1


def summary_lines(sim: Simulation) -> list[str]:
    """The summary that leads ``accord simulate``'s output (run 1): the outcome and its
    date, what was agreed and what was left open, each party's utility against its
    reservation value, why the run ended, and whether the runs could differ at all."""
    t = sim.transcript
    sc = sim.scenario
    r = t.result
    names = {p.id: p.name for p in sc.parties}
    run = " (run 1)" if sim.runs > 1 else ""
    on = f" on {r.date}" if r.date else ""
    lines: list[str] = []
    if r.full:
        lines.append(
            f"[bold]Outcome{run}:[/bold] [green]full agreement[/green]{on}, exchange {r.rounds}"
        )
    elif r.partial:
        lines.append(
            f"[bold]Outcome{run}:[/bold] [yellow]partial agreement[/yellow]{on}, "
            f"exchange {r.rounds}"
        )
    elif r.ending.value == "walk_out":
        who = names.get(r.by or "", r.by or "a party")
        lines.append(
            f"[bold]Outcome{run}:[/bold] [red]walk-out[/red] by {who}{on}, exchange {r.rounds}"
        )
    else:
        lines.append(
            f"[bold]Outcome{run}:[/bold] [red]no agreement[/red]: the deadline passed{on} after "
            f"{r.rounds} exchange{'s' if r.rounds != 1 else ''}"
        )
    if r.agreed:
        lines.append(f"Agreed: {_outcome_text(sim, r.agreement)}")
        if sim.ratification:
            lines.append(ratification_line(sim, 0))
    else:
        lines.append("Agreed: nothing")
    if sim.tracked:
        lines.append(track_line(sim, r))
    open_now = list(t.open_issues) if r.agreed else [i.id for i in sc.issues]
    lines.append("Left open: " + (", ".join(open_now) if open_now else "nothing"))
    parts = []
    if r.agreed:
        for p in sc.parties:
            if not p.bargaining:
                continue
            u = r.utilities[sim.parties.index(p.id)]
            mark = "≥" if rules.meets(u, p.reservation_value) else "<"
            parts.append(f"{p.name} {u:.2f} {mark} its reservation {p.reservation_value:g}")
    if r.agreed:
        lines.append("Utilities: " + "; ".join(parts))
    else:
        lines.append("Without agreement: " + "; ".join(_standing_parts(sim)))
        lines.append(f"Why it ended: {why_it_ended(sim)}.")
    if r.agreed and sim.tracked and r.open_issues:
        # the whole package (the core) was not agreed: where its last offers stood, and why
        lines.append("Whole package without agreement: " + "; ".join(_standing_parts(sim)))
        lines.append(f"Why it stays open: {why_it_ended(sim)}.")
    if sim.runs > 1 and _identical_runs(sim):
        stochastic = [pid for pid, s in sim.strategies.items() if s.meta.stochastic]
        if stochastic:
            lines.append(
                f"All {sim.runs} runs ended alike, although "
                f"{', '.join(names.get(x, x) for x in stochastic)} draw at random."
            )
        else:
            lines.append(
                f"[yellow]All {sim.runs} runs are identical[/yellow]: no strategy draws at "
                "random and the calendar is fixed, so runs cannot differ; vary the "
                "assumptions with `accord sweep`, or give a party a stochastic strategy."
            )
    return lines


def _groups(sim: Simulation) -> dict[str, tuple[str, ...]]:
    """Each settlement group's id and its tracks' ids
    (:func:`accord.model.track.settlement_groups`)."""
    from accord.model.track import settlement_groups

    return {g.id: g.tracks for g in settlement_groups(sim.scenario.tracks, sim.issue_ids)}


def _standing_parts(sim: Simulation) -> list[str]:
    """Each bargaining party's best last offer received against its reservation value (with
    tracks negotiated apart: in the negotiation of the whole package)."""
    names = {p.id: p.name for p in sim.scenario.parties}
    parts = []
    for st in standings(sim):
        if st.best is None:
            parts.append(f"{st.name}: no offer received (reservation {st.reservation:g})")
            continue
        mark = "≥" if st.meets else "<"
        parts.append(
            f"{st.name}: the last offer of {names.get(st.by or '', st.by)} gives it "
            f"{st.best:.2f} {mark} its reservation {st.reservation:g}"
        )
    return parts


def track_name(sim: Simulation, group: str) -> str:
    """A settlement group's (or a track's) name: its tracks' names joined with " + ", the
    issues in no track named as such."""
    names = {t.id: t.name for t in sim.scenario.tracks}
    if group in names:
        return names[group]
    ids = _groups(sim).get(group, ())
    return " + ".join(names[x] for x in ids) if ids else "the issues in no track"


def track_label(sim: Simulation, group: str) -> str:
    """A settlement group's short label: its tracks' ids joined with "+" (its own id when
    it has no track)."""
    return "+".join(_groups(sim).get(group, ())) or group


def track_line(sim: Simulation, r: Result) -> str:
    """Which track agreed when in run result ``r``, and which did not agree (tracks
    negotiated apart)."""
    parts = []
    for a in r.tracks:
        when = f"on {a.date}, exchange {a.rounds}" if a.date else f"exchange {a.rounds}"
        how = " (in the comprehensive agreement)" if a.by_core else ""
        parts.append(f"{escape(track_name(sim, a.group))} [green]agreed[/green] {when}{how}")
    done = {a.group for a in r.tracks}
    for group, _issues in sim.transcript.track_issues:
        if group not in done:
            parts.append(f"{escape(track_name(sim, group))} [red]not agreed[/red]")
    return "[bold]Tracks:[/bold] " + "; ".join(parts)


def ratification_line(sim: Simulation, run: int) -> str:
    """What became of run ``run``'s signed agreement at home: "signed on D; in force on D'
    after <stages>" or "signed on D; failed at <stage> on D'" (days after signing when
    the talks are not dated)."""
    e = sim.ratification[run]
    if e is None:
        return "Ratification: nothing signed"
    stages = {s.id: s for s in sim.scenario.ratification}
    names = {p.id: p.name for p in sim.scenario.parties}
    signed = f"signed on {e.signed}" if e.signed else "signed"

    def when(date: str | None, days: int) -> str:
        later = f"{days} day{'s' if days != 1 else ''} after signing"
        return f"on {date} ({later})" if date else later

    held = [stages[s.stage].name for s in e.steps if s.held]
    if e.status == "in_force":
        after = f" after {', '.join(held)}" if held else " (no stage rules on what it settles)"
        return (
            f"[bold]Ratification:[/bold] {signed}; [green]in force[/green] "
            f"{when(e.in_force, e.days)}{after}"
        )
    failed = stages[e.failed_at or ""]
    who = names.get(failed.party, failed.party)
    step = next(s for s in e.steps if s.stage == failed.id)
    return (
        f"[bold]Ratification:[/bold] {signed}; [red]failed at {failed.name}[/red] ({who}, "
        f"stage {failed.id!r}, approval {step.p:.0%}) {when(e.failed_on, e.days)}"
    )


def _render(sim: Simulation, transcript: bool) -> None:
    t = sim.transcript
    sc = sim.scenario
    console.print(f"[bold]{sc.metadata.title}[/bold] [dim]({sc.id})[/dim]")
    strat = ", ".join(f"{p}: {s}" for p, s in sim.summary(0)["strategies"].items())
    sched = sim.schedule
    sessions = " + ".join(str(n) for n in sched.session_rounds)
    console.print(
        f"protocol [bold]{sim.protocol}[/bold] · {sched.rounds} exchanges"
        + (
            f" in {len(sched.session_rounds)} sessions ({sessions})"
            if len(sched.session_rounds) > 1
            else ""
        )
        + (f" · deadline {sched.deadline_date}" if sched.deadline_date else "")
        + f" · {strat}"
    )
    dated = any(sched.session_dates)
    if dated:
        console.print(
            "sessions: "
            + ", ".join(
                f"{d or '?'} ({k} exchange{'s' if k != 1 else ''})"
                for d, k in zip(sched.session_dates, sched.session_rounds, strict=True)
            )
        )
    for line in summary_lines(sim):
        console.print(line)
    if transcript:
        _transcript_table(sim)
    else:
        console.print(
            f"[dim]{len(t.steps)} steps: --transcript shows them, --out FILE.csv writes every "
            "run[/dim]"
        )
    r = t.result
    if r.agreed:
        agreed = _agreement_concessions(sim)
        if agreed is not None:
            from accord.cli.analyze import concession_table

            console.print(concession_table(agreed))
    if sim.runs > 1:
        summ = sim.summary(0)
        console.print(
            f"{summ['runs']} runs: {summ['full_agreements']} full agreements "
            f"({summ['p_full']:.1%}), {summ['partial_agreements']} partial agreements "
            f"(at least partial: {summ['p_partial']:.1%}), mean exchanges "
            f"{summ['mean_exchanges']:.1f}"
            + (
                f"; in force after ratification: {summ['in_force']} ({summ['p_in_force']:.1%}), "
                f"failed at home: {summ['failed_ratification']}"
                if sim.ratification
                else ""
            )
        )
        if sim.tracked:
            console.print(
                "Tracks settled (share of runs): "
                + "; ".join(
                    f"{escape(track_name(sim, k))} {v:.1%}" for k, v in sim.agreed_tracks().items()
                )
            )


def _transcript_table(sim: Simulation) -> None:
    """Run 1, step by step (offers, drafts, critiques, votes)."""
    from rich.table import Table  # only the table output needs it

    t = sim.transcript
    sc = sim.scenario
    bargaining = [p.id for p in sc.parties if p.bargaining]
    cols = [sim.parties.index(p) for p in bargaining]
    dated = any(sim.schedule.session_dates)
    title = "run 1, step by step" if sim.runs > 1 else "step by step"
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    tracked = sim.tracked
    labels = {g: track_label(sim, g) for g, _ in t.track_issues}
    names = (
        "exchange",
        "session",
        *(("date",) if dated else ()),
        *(("track",) if tracked else ()),
        "actor",
        "action",
    )
    for name in names:
        table.add_column(name, justify="right" if name in ("exchange", "session") else "left")
    for p in bargaining:
        table.add_column(f"u {p}", justify="right")
    table.add_column("outcome")
    steps = t.steps
    shown = list(range(len(steps)))
    if len(steps) > MAX_ROWS:
        half = MAX_ROWS // 2
        keep = {*shown[:half], *shown[-half:], *_settling_steps(sim)}
        shown = []
        for i in sorted(keep):
            if shown and shown[-1] >= 0 and i > shown[-1] + 1:
                shown.append(-(i - shown[-1] - 1))  # a gap of that many steps
            shown.append(i)
    for i in shown:
        if i < 0:
            table.add_row(
                "…",
                "",
                *([""] if dated else []),
                *([""] if tracked else []),
                "",
                f"{-i} steps not shown",
                *[""] * (len(cols) + 1),
            )
            continue
        s = steps[i]
        action = s.action.value
        if s.action in (ActionKind.CRITIQUE, ActionKind.VOTE):
            action += " yes" if s.accept else " no"
            if s.objections:
                action += f" ({', '.join(s.objections)})"
        us = ["" if s.outcome is None else f"{s.utilities[c]:.3f}" for c in cols]
        shown_outcome = s.action in (ActionKind.OFFER, ActionKind.DRAFT)
        table.add_row(
            str(s.round + 1),
            str(s.session + 1),
            *([t.date_of(s.session) or ""] if dated else []),
            *([labels.get(s.track, s.track)] if tracked else []),
            s.actor,
            action,
            *us,
            _outcome_text(sim, s.outcome, s.track) if shown_outcome else "",
        )
    console.print(table)


def _settling_steps(sim: Simulation) -> list[int]:
    """The steps of run 1 that settled a track on its own (the last two steps of each
    settled group's negotiation: the offer and its acceptance): the table keeps them when
    it elides the middle."""
    t = sim.transcript
    done = {a.group for a in t.result.tracks if not a.by_core}
    out: list[int] = []
    for g in done:
        out.extend([i for i, x in enumerate(t.track) if x == g][-2:])
    return sorted(out)


def _clean_number(x: Any) -> Any:
    """A float as the number it stands for: 12 significant digits drop the binary noise of
    sums (``0.4600000000000001`` is written ``0.46``); other values as they are."""
    if isinstance(x, float):
        return float(f"{x:.12g}")
    return x


def _write_out(sim: Simulation, path: Path) -> None:
    # runs are numbered from 1, as the terminal says "run 1"
    rows = [
        {k: (v + 1 if k == "run" else _clean_number(v)) for k, v in row.items()}
        for row in sim.rows()
    ]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with atomic_output(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    elif suffix == ".parquet":
        pa = require_extra("pyarrow", "--out FILE.parquet (or write .csv)")
        pq = require_extra("pyarrow.parquet", "--out FILE.parquet (or write .csv)")
        with atomic_output(path) as tmp:
            pq.write_table(pa.Table.from_pylist(rows), str(tmp))
    else:
        raise ConfigurationError(
            f"--out {str(path)!r}: unknown file type {suffix or '(none)'!r}; valid: .csv, .parquet"
        )


#: File types ``--out`` and ``--plot`` write.
OUT_SUFFIXES = (".csv", ".parquet")
PLOT_SUFFIXES = (".png", ".svg", ".pdf")


def check_outputs(out: Path | None, plot: Path | None, force: bool) -> None:
    """Check ``--out`` and ``--plot`` before simulating: a known file type, a folder that
    exists, nothing there unless ``--force`` (see :func:`accord.outputs.check_output`)."""
    for flag, path, valid in (("--out", out, OUT_SUFFIXES), ("--plot", plot, PLOT_SUFFIXES)):
        if path is None:
            continue
        if path.suffix.lower() not in valid:
            raise ConfigurationError(
                f"{flag} {str(path)[:200]!r}: unknown file type "
                f"{path.suffix.lower()[:20] or '(none)'!r}; valid: {', '.join(valid)}"
            )
        check_output(path, force=force, flag=flag)
    if out is not None and plot is not None and out.resolve() == plot.resolve():
        raise ConfigurationError("--out and --plot name the same file; give two")


def _session_ticks(sim: Simulation) -> list[tuple[float, float, str]]:
    """The sessions of run 1 along the plot's x axis (exchange numbers from 1): for each
    session its first and last exchange and its label, the session's date when the run is
    dated (``18 Mar 2026``), else none."""
    import datetime as dt

    t = sim.transcript
    dates = t.session_dates
    if not dates or any(d is None for d in dates) or len(t.action) == 0:
        return []
    spans: dict[int, list[float]] = {}
    for i in range(len(t.action)):
        x = float(t.round[i]) + 1
        lo_hi = spans.setdefault(int(t.session[i]), [x, x])
        lo_hi[0], lo_hi[1] = min(lo_hi[0], x), max(lo_hi[1], x)
    return [
        (lo, hi, dt.date.fromisoformat(str(dates[s])).strftime("%d %b %Y").lstrip("0"))
        for s, (lo, hi) in sorted(spans.items())
    ]


def _draw_offers(
    ax: Any, sim: Simulation, steps: list[int], agreed_at: float | None, palette: Any
) -> None:
    """On ``ax``, the offers among run 1's ``steps``: for each bargaining party (one colour)
    its utility of its own offers (solid) and of the others' (dotted), its reservation
    value (dashed), and the agreement at exchange ``agreed_at`` (a black line)."""
    t = sim.transcript
    xs = [float(r) + 1 for r in t.round]
    offers = [i for i in steps if t.action[i] in (ActionKind.OFFER, ActionKind.DRAFT)]
    bargaining = [p for p in sim.scenario.parties if p.bargaining]
    for k, p in enumerate(bargaining):
        colour = palette[k % len(palette)]
        c = sim.parties.index(p.id)
        own = [i for i in offers if t.actor[i] == p.id]
        other = [i for i in offers if t.actor[i] != p.id]
        for rows, style, marker, whose in (
            (own, "-", "o", "its own"),
            (other, ":", "x", "the others'"),
        ):
            if rows:
                ax.plot(
                    [xs[i] for i in rows],
                    t.utilities[rows, c],
                    style,
                    marker=marker,
                    ms=3,
                    color=colour,
                    label=f"{p.name}: its utility of {whose} offers",
                )
        ax.axhline(
            p.reservation_value,
            color=colour,
            ls="--",
            lw=1,
            alpha=0.8,
            label=f"{p.name}: reservation value {p.reservation_value:.2f}",
        )
    if agreed_at is not None and offers:
        ax.axvline(agreed_at, color="black", alpha=0.5, lw=1.5, label="agreement")
    ax.set_ylabel("utility (0 to 1)")
    ax.set_ylim(-0.03, 1.03)


def _session_axis(ax: Any, sim: Simulation) -> None:
    """The x axis of run 1: its sessions labelled by date (a grey line between sessions),
    else exchange numbers."""
    sessions = _session_ticks(sim)
    if sessions:
        # the exchanges in order, grouped by session; each session labelled by its date
        for lo, _hi, _label in sessions[1:]:
            ax.axvline(lo - 0.5, color="#BBBBBB", lw=0.8)
        ax.set_xticks([(lo + hi) / 2 for lo, hi, _ in sessions])
        ax.set_xticklabels([label for _, _, label in sessions], rotation=30, ha="right")
        ax.tick_params(axis="x", length=0)
        ax.set_xlabel("session date (the exchanges of each session in order, left to right)")
    else:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("exchange (from 1)")


def _plot(sim: Simulation, path: Path) -> None:
    """Draw run 1: for each bargaining party (one colour), its utility of every offer on the
    table over time (solid: its own offers, dotted: the other side's), its reservation value
    as a dashed line, and the agreement when there is one. With tracks negotiated apart, one
    panel per track (its own offers, and its agreement when it settled on its own)."""
    require_extra("matplotlib", "--plot").use("Agg")
    plt = require_extra("matplotlib.pyplot", "--plot")
    from accord.report.style import PALETTE

    t = sim.transcript
    sc = sim.scenario
    ending = t.result.ending.value if hasattr(t.result.ending, "value") else t.result.ending
    title = f"{sc.metadata.title}\n{sim.protocol}, run 1: {ending}"
    if not sim.tracked:
        fig, ax = plt.subplots(figsize=(9, 4.8))
        agreed_at = None
        if t.result.agreed:
            outcomes = [i for i in range(len(t.action)) if t.outcome[i] >= 0]
            agreed_at = float(t.round[max(outcomes)]) + 1 if outcomes else None
        _draw_offers(ax, sim, list(range(len(t.action))), agreed_at, PALETTE)
        _session_axis(ax, sim)
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    else:
        groups = [g for g, _ in t.track_issues]
        fig, axes = plt.subplots(
            len(groups), 1, figsize=(9, 2.6 * len(groups) + 0.8), sharex=True, squeeze=False
        )
        own = {a.group: a for a in t.result.tracks}
        for ax, g in zip(axes[:, 0], groups, strict=True):
            a = own.get(g)
            steps = [i for i, x in enumerate(t.track) if x == g]
            settled = a is not None and not a.by_core
            _draw_offers(ax, sim, steps, float(a.rounds) if settled and a else None, PALETTE)
            if a is None:
                state = "not agreed"
            else:
                when = f" on {a.date}" if a.date else ""
                how = " (in the comprehensive agreement)" if a.by_core else ""
                state = f"agreed{when}, exchange {a.rounds}{how}"
            ax.set_title(f"{track_name(sim, g)}: {state}", fontsize=9, loc="left")
        for ax in axes[:-1, 0]:
            for lo, _hi, _label in _session_ticks(sim)[1:]:
                ax.axvline(lo - 0.5, color="#BBBBBB", lw=0.8)
        _session_axis(axes[-1, 0], sim)
        kind = t.result.kind.replace("_", " ")
        fig.suptitle(f"{sc.metadata.title}\n{sim.protocol}, run 1: {kind}", fontsize=10)
        axes[0, 0].legend(
            fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False
        )
    fig.tight_layout()
    with atomic_output(path) as tmp:
        fig.savefig(tmp, bbox_inches="tight")
    plt.close(fig)


def register(app: typer.Typer) -> None:
    """Add ``accord simulate`` to ``app``."""

    @app.command("simulate")
    def simulate_command(
        scenario: Annotated[str | None, typer.Argument(help=SCENARIO_HELP)] = None,
        protocol: Annotated[
            str | None,
            typer.Option(help="alternating-offers or single-text (default: the scenario's)."),
        ] = None,
        strategy: Annotated[
            list[str] | None,
            typer.Option(
                "--strategy",
                "-s",
                help="PARTY=NAME[:param=value,...], repeatable (default: the scenario's).",
            ),
        ] = None,
        exchanges: Annotated[
            int | None,
            typer.Option(
                help="Exchanges before the deadline: protocol steps, each one offer and the "
                "answers to it (default: the scenario's deadline and sessions)."
            ),
        ] = None,
        rounds: Annotated[
            int | None, typer.Option("--rounds", hidden=True, help="Former name of --exchanges.")
        ] = None,
        runs: Annotated[int, typer.Option(help="Number of runs.")] = 1,
        seed: Annotated[
            int | None, typer.Option(help="Random seed (runs are reproducible).")
        ] = None,
        json_out: Annotated[bool, typer.Option("--json", help="JSON summary on stdout.")] = False,
        out: Annotated[
            Path | None, typer.Option(help="Write every run to FILE.csv or .parquet.")
        ] = None,
        plot: Annotated[
            Path | None, typer.Option(help="Concession plot of run 1 to FILE.png.")
        ] = None,
        neutral_mediator: Annotated[
            bool, typer.Option(help="single-text without a mediator party: a neutral one drafts.")
        ] = False,
        discount: Annotated[
            bool, typer.Option(help="Apply the parties' discount factors.")
        ] = False,
        list_all: Annotated[
            bool, typer.Option("--list", help="List protocols and strategies, then exit.")
        ] = False,
        force: Annotated[
            bool, typer.Option("--force", help="Replace existing --out / --plot files.")
        ] = False,
        transcript: Annotated[
            bool,
            typer.Option("--transcript", help="Show run 1 step by step after the summary."),
        ] = False,
    ) -> None:
        """Simulate the talks: who concedes when, what the mediator's drafts do, whether a
        deal comes before the deadline."""
        if list_all:
            console.print("protocols: " + ", ".join(protocols()))
            for name, cls in strategies().items():
                console.print(f"[bold]{name}[/bold]: {cls.meta.description}")
            return
        if protocol is not None and protocol not in protocols():
            raise ConfigurationError(
                f"unknown protocol {protocol!r}; valid protocols: {', '.join(protocols())}"
            )
        flag = "--rounds" if rounds is not None else "--exchanges"
        exchanges = renamed_option(exchanges, rounds, "--exchanges", "--rounds")
        if exchanges is not None and exchanges <= 0:
            raise ConfigurationError(f"{flag} must be > 0, got {exchanges}")
        if runs <= 0:
            raise ConfigurationError(f"--runs must be > 0, got {runs}")
        check_runs(runs)
        check_rounds(exchanges, flag)
        given = parse_strategies(strategy or [])
        check_outputs(out, plot, force)
        sc = load(scenario)
        sim = simulate(
            sc,
            protocol=protocol,
            strategies=given,
            rounds=exchanges,
            runs=runs,
            rng=seed,
            discount=discount,
            neutral_mediator=neutral_mediator,
        )
        if out is not None:
            _write_out(sim, out)
        if plot is not None:
            _plot(sim, plot)
        if json_out:
            data: dict[str, Any] = sim.summary()
            agreed = _agreement_concessions(sim)
            data["concessions"] = None if agreed is None else agreed.to_dict()
            print_json(data)
        else:
            _render(sim, transcript)
