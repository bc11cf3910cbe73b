"""``accord sweep``: Monte Carlo over a scenario's uncertain assumptions."""

from __future__ import annotations

import time
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from accord.cli._bounds import check_local_workers, check_rounds, check_sweep_runs
from accord.cli._renamed import renamed_option
from accord.cli.common import SCENARIO_HELP, SafeConsole, console, print_json
from accord.cli.options import parse_strategies, percent
from accord.errors import ConfigurationError
from accord.io import load_scenario
from accord.model import Scenario
from accord.negotiation.registry import choose_protocol
from accord.sweep import SweepResult, SweepSummary, make_job, sweep_steps
from accord.sweep.headline import Headline
from accord.sweep.output import parts_dir, run_format, table_format, write_table
from accord.sweep.summary import DatePoint

err_console = SafeConsole(stderr=True, highlight=False)


class _RunsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.0f} runs/s")


def _pct(x: float | None) -> str:
    return percent(x, digits=1, missing="n/a")


def render(scenario: Scenario, s: SweepSummary, all_effects: bool = False) -> None:
    """The readable report of a sweep."""
    console.print(
        f"[bold]{scenario.metadata.title}[/bold] [dim]({scenario.id})[/dim]: "
        f"{s.runs:,} sampled variants, seed {s.seed}"
    )
    if s.headline is not None:
        render_headline(s.headline)
    lo, hi = s.p_zopa_ci95
    console.print(
        f"P(zone of agreement non-empty): [bold]{_pct(s.p_zopa)}[/bold] "
        f"(simulation error, 95%: {_pct(lo)}-{_pct(hi)}); "
        f"at the deadline: {_pct(s.p_zopa_deadline)}"
    )
    if s.p_full is not None and s.ci95_full is not None and s.ci95_partial is not None:
        by = f" by {s.deadline}" if s.deadline else " before the deadline"
        console.print(
            f"P(full agreement{by}) under {s.protocol}: [bold]{_pct(s.p_full)}[/bold] "
            f"(simulation error, 95%: {_pct(s.ci95_full[0])}-{_pct(s.ci95_full[1])}); "
            "every issue settled"
        )
        console.print(
            f"P(at least a partial agreement{by}): [bold]{_pct(s.p_partial)}[/bold] "
            f"(simulation error, 95%: {_pct(s.ci95_partial[0])}-{_pct(s.ci95_partial[1])}); "
            f"{s.full_agreements:,} full and {s.partial_agreements:,} partial agreements"
        )
        if s.ratification and s.p_in_force is not None and s.ci95_in_force is not None:
            render_in_force(scenario, s)
        if s.rounds:
            console.print(
                f"Exchanges to agreement: median {s.rounds['median']:g}, mean "
                f"{s.rounds['mean']:.1f}, 10-90% {s.rounds['p10']:g}-{s.rounds['p90']:g}"
            )
        if s.by_date:
            render_by_date(s)
            render_events(scenario, s)
        if s.agreed_tracks:
            names = {t.id: t.name for t in scenario.tracks}
            console.print(
                "Tracks settled by the deadline (share of runs): "
                + "; ".join(
                    f"{escape(names.get(k, k))} [bold]{_pct(v)}[/bold]"
                    for k, v in s.agreed_tracks.items()
                )
            )
        t = Table(
            title="Agreed outcomes per issue (share of agreements, full or partial)",
            title_justify="left",
        )
        t.add_column("issue")
        t.add_column("option")
        t.add_column("share", justify="right")
        for issue in scenario.issues:
            for j, opt in enumerate(issue.options):
                share = s.outcomes.get(issue.id, {}).get(str(opt), 0.0)
                t.add_row(issue.id if j == 0 else "", issue.label(j), _pct(share))
            left_open = s.open_issues.get(issue.id, 0.0)
            if left_open:
                t.add_row("", "[yellow]left open (partial agreements)[/yellow]", _pct(left_open))
        console.print(t)
    t = Table(title="Binding red lines (share of runs in a minimal conflict)", title_justify="left")
    t.add_column("red line")
    t.add_column("binding", justify="right")
    for key, share in sorted(s.binding_red_lines.items(), key=lambda kv: -kv[1]):
        t.add_row(key, _pct(share))
    for party, share in sorted(s.binding_reservations.items(), key=lambda kv: -kv[1]):
        t.add_row(f"{party}: reservation value", _pct(share))
    console.print(t)
    target = {
        "full_agreement": "P(full agreement)",
        "agreement": "P(at least a partial agreement)",
    }.get(s.target, "P(ZOPA)")
    t = Table(
        title=f"Sensitivity of {target}: top quarter of the input minus bottom quarter "
        "(red lines: firm minus bluff), with 95% bootstrap intervals",
        title_justify="left",
    )
    t.add_column("#", justify="right")
    t.add_column("input")
    t.add_column("effect", justify="right")
    t.add_column("95% interval", justify="right")
    t.add_column("low", justify="right")
    t.add_column("high", justify="right")
    t.add_column("Spearman", justify="right")
    rows = [r for r in s.sensitivity if all_effects or not r.noise]
    for i, row in enumerate(rows[:12], 1):
        rho = "n/a" if row.spearman is None else f"{row.spearman:+.2f}"
        lo, hi = row.ci95
        t.add_row(
            str(i),
            escape(row.input) + (" [dim](noise)[/dim]" if row.noise else ""),
            f"{row.effect:+.3f}",
            f"{lo:+.3f} to {hi:+.3f}",
            _pct(row.p_low),
            _pct(row.p_high),
            rho,
        )
    if rows:
        console.print(t)
    noise = sum(r.noise for r in s.sensitivity)
    if noise and not all_effects:
        console.print(
            f"[dim]{noise} input(s) left out as noise: their effect's 95% interval contains 0 "
            "(--all-effects lists them)[/dim]"
        )
    elif not rows:
        console.print(f"[dim]No input moves {target} beyond noise.[/dim]")
    for note in s.notes:
        console.print(f"[dim]note: {note}[/dim]")


def render_in_force(scenario: Scenario, s: SweepSummary) -> None:
    """Signed versus in force (a scenario with ratification stages): the share of runs whose
    signed agreement passes every stage at home, by the deadline and eventually, and per
    stage how often it sat on a deal and approved it."""
    assert s.p_in_force is not None and s.ci95_in_force is not None
    by_deadline = ""
    if s.by_date and s.by_date[-1].p_in_force is not None:
        by_deadline = f"; in force by {s.deadline}: [bold]{_pct(s.by_date[-1].p_in_force)}[/bold]"
    console.print(
        f"P(signed by the deadline and in force after ratification): "
        f"[bold]{_pct(s.p_in_force)}[/bold] (simulation error, 95%: "
        f"{_pct(s.ci95_in_force[0])}-{_pct(s.ci95_in_force[1])}){by_deadline}; signed: "
        f"{_pct(s.p_partial)}"
    )
    names = {p.id: p.name for p in scenario.parties}
    t = Table(
        title="Ratification stages (share of runs): sat on a signed deal, approved it",
        title_justify="left",
    )
    for col in ("stage", "party", "reached", "approved", "rejected"):
        t.add_column(col, justify="right" if col in ("reached", "approved", "rejected") else "left")
    for stage in scenario.ratification:
        f = s.ratification.get(stage.id)
        if f is None:
            continue
        t.add_row(
            escape(stage.name),
            escape(names.get(stage.party, stage.party)),
            _pct(f["reached"]),
            _pct(f["approved"]),
            _pct(f["reached"] - f["approved"]),
        )
    console.print(t)


def render_headline(h: Headline) -> None:
    """The verdict first: the headline under the inputs that decide it, as a tree, then
    its spread over each deciding input's plausible range."""
    lo, hi = h.ci95
    console.print(
        f"[bold]Headline:[/bold] P({escape(h.event)}) = [bold]{_pct(h.p)}[/bold] at the "
        f"scenario's assumptions [dim](95% simulation-error interval {_pct(lo)}-{_pct(hi)})[/dim]"
    )
    if not h.deciding:
        console.print(f"  {h.nothing_decides}")
    for d in h.deciding:
        console.print("  " + escape(d.line(h.p)))
    if h.tree and h.tree[0].children:
        first, second = h.deciding[0], h.deciding[1]
        t = Table(
            title=f"  Both together: P({escape(h.event)}) (runs)",
            title_justify="left",
            box=None,
            padding=(0, 2),
        )
        t.add_column(f"{escape(first.text)} \\ {escape(second.text)}")
        for c in h.tree[0].children:
            t.add_column(c.when, justify="right")
        for b in h.tree:
            t.add_row(b.when, *(f"{_pct(c.p)} ({c.runs:,})" for c in b.children))
        console.print(t)
    for d in h.deciding:
        console.print(
            f"  over {escape(d.range_text)}: {_pct(min(d.spread))} to {_pct(max(d.spread))}"
        )
    if h.spread is not None and len(h.deciding) > 1:
        console.print(
            f"  over every deciding input's range at once: [bold]{_pct(h.spread[0])} to "
            f"{_pct(h.spread[1])}[/bold]"
        )
    if h.also is not None:
        a = h.also
        console.print(
            f"[bold]Beside it:[/bold] P({escape(a.event)}) = [bold]{_pct(a.p)}[/bold] "
            f"[dim](95% simulation-error interval {_pct(a.ci95[0])}-{_pct(a.ci95[1])})[/dim]"
        )
        for d in a.deciding:
            console.print("  " + escape(d.line(a.p)))
        if a.spread is not None and len(a.deciding) > 1:
            console.print(
                f"  over every deciding input's range at once: {_pct(a.spread[0])} to "
                f"{_pct(a.spread[1])}"
            )
    console.print(f"  [dim]{h.interval}[/dim]")


def table_dates(points: tuple[DatePoint, ...]) -> list[DatePoint]:
    """The rows of the terminal's odds-by-date table: weekly from the as-of date when the
    span is at most 26 weeks, else the last day of every month; the deadline always last."""
    if not points:
        return []
    first = date.fromisoformat(points[0].date)
    last = date.fromisoformat(points[-1].date)
    if (last - first).days <= 26 * 7:
        rows = list(points[::7])
    else:
        rows = [
            p
            for p, nxt in pairwise(points)
            if date.fromisoformat(nxt.date).month != date.fromisoformat(p.date).month
        ]
        rows.insert(0, points[0])
    if rows[-1] is not points[-1]:
        rows.append(points[-1])
    return rows


def render_by_date(s: SweepSummary) -> None:
    """The odds by date as a weekly (or monthly) table."""
    assert s.by_date is not None
    t = Table(
        title="Odds by date: agreement on or before each date (95% Wilson intervals)"
        + (
            "; signed (full, at least partial) and in force after ratification"
            if s.by_date[-1].p_in_force is not None
            else ""
        ),
        title_justify="left",
    )
    t.add_column("date")
    t.add_column("P(full)", justify="right")
    t.add_column("95% CI", justify="right")
    t.add_column("P(at least partial)", justify="right")
    t.add_column("95% CI", justify="right")
    force = s.by_date[-1].p_in_force is not None
    if force:
        t.add_column("P(in force)", justify="right")
        t.add_column("95% CI", justify="right")
    rows = table_dates(s.by_date)
    for p in rows:
        label = p.date + ("  deadline" if p is s.by_date[-1] else "")
        label = label + ("  as of" if p is s.by_date[0] else "")
        ci = p.ci95_in_force or (0.0, 0.0)
        t.add_row(
            label,
            _pct(p.p_full),
            f"{_pct(p.ci95_full[0])}-{_pct(p.ci95_full[1])}",
            _pct(p.p_partial),
            f"{_pct(p.ci95_partial[0])}-{_pct(p.ci95_partial[1])}",
            *((_pct(p.p_in_force), f"{_pct(ci[0])}-{_pct(ci[1])}") if force else ()),
        )
    console.print(t)


def check_sweep_bounds(
    runs: int,
    rounds: int | None,
    workers: int | None,
    dask: str | None,
    flag: str = "--exchanges",
) -> None:
    """The sweep's stated bounds (:mod:`accord.cli._bounds`), checked before anything is
    loaded: variants, exchanges (``flag``), local worker processes (``--workers``,
    ``--dask local:K``)."""
    check_sweep_runs(runs)
    if rounds is not None and rounds <= 0:
        raise ConfigurationError(f"{flag} must be > 0, got {rounds}")
    check_rounds(rounds, flag)
    check_local_workers(workers, f"--workers {workers}")
    if dask is not None and dask.strip().startswith("local:"):
        text = dask.strip().removeprefix("local:").strip()
        if text.isdigit() and len(text) <= 18:
            check_local_workers(int(text), f"--dask {dask.strip()}")
        elif text.isdigit():
            check_local_workers(10**18, f"--dask local:{text[:20]}…")


def month_ends(points: tuple[DatePoint, ...]) -> list[DatePoint]:
    """The last day of every month from the as-of date to the deadline, the deadline last
    (the rows of the named-events table)."""
    rows = [
        p
        for p, nxt in pairwise(points)
        if date.fromisoformat(nxt.date).month != date.fromisoformat(p.date).month
    ]
    if not rows or rows[-1] is not points[-1]:
        rows.append(points[-1])
    return rows


def render_events(scenario: Scenario, s: SweepSummary) -> None:
    """The named events by month (docs/sweeps.md, "Named events"): P(each issue settled)
    and P(at least one further round of each format, and of any) on or before each date."""
    assert s.by_date is not None
    last = s.by_date[-1]
    if not last.p_agreed and not last.p_round:
        return
    t = Table(
        title="Named events by month: P(on or before the date); intervals in --json",
        title_justify="left",
    )
    # one row per event, one column per month: as many events as the scenario names fit
    t.add_column("event")
    months = month_ends(s.by_date)
    for p in months:
        t.add_column(p.date + ("\ndeadline" if p is last else ""), justify="right")
    issues = [i for i in scenario.issues if i.id in last.p_agreed]
    for i in issues:
        t.add_row(f"{i.id} settled", *(_pct(p.p_agreed.get(i.id)) for p in months))
        if i.id in last.p_agreed_in_force:
            t.add_row(f"{i.id} in force", *(_pct(p.p_agreed_in_force.get(i.id)) for p in months))
    for f in last.p_round:
        t.add_row(f"round: {f}", *(_pct(p.p_round.get(f)) for p in months))
    console.print(t)


def register(app: typer.Typer) -> None:
    """Add ``accord sweep`` to ``app``."""

    @app.command("sweep")
    def sweep(
        scenario: Annotated[str | None, typer.Argument(help=SCENARIO_HELP)] = None,
        runs: Annotated[int, typer.Option("--runs", "-n", help="Variants to sample.")] = 1000,
        seed: Annotated[int, typer.Option(help="Seed of the whole sweep (>= 0).")] = 0,
        protocol: Annotated[
            str | None,
            typer.Option(
                help="Simulate each variant under this protocol (default: the scenario's, "
                "else alternating-offers); 'none': the zone of agreement only."
            ),
        ] = None,
        strategy: Annotated[
            list[str] | None,
            typer.Option(help="PARTY=NAME[:param=value,...]; repeat per party."),
        ] = None,
        exchanges: Annotated[
            int | None,
            typer.Option(
                help="Exchanges before the deadline: protocol steps, each one offer and the "
                "answers to it (default: the scenario's calendar or deadline)."
            ),
        ] = None,
        rounds: Annotated[
            int | None, typer.Option("--rounds", hidden=True, help="Former name of --exchanges.")
        ] = None,
        workers: Annotated[
            int | None,
            typer.Option(help="Local worker processes (default: every core; 1: no pool)."),
        ] = None,
        dask: Annotated[
            str | None,
            typer.Option(help="Dask scheduler tcp://HOST:PORT, or local:K for K local workers."),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        out: Annotated[
            Path | None,
            typer.Option(
                help="Write every run to this file, in the format its extension names: "
                ".parquet, .csv or .jsonl."
            ),
        ] = None,
        by_date_out: Annotated[
            Path | None,
            typer.Option(
                "--by-date-out",
                help="Write the odds by date (one row a date, intervals as .low/.high "
                "columns) to this .csv or .jsonl file.",
            ),
        ] = None,
        resume: Annotated[
            bool, typer.Option(help="Continue an interrupted sweep written to --out.")
        ] = False,
        chunk_size: Annotated[
            int | None, typer.Option(help="Runs per chunk of work (default: about N/32).")
        ] = None,
        quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
        all_effects: Annotated[
            bool,
            typer.Option(
                "--all-effects",
                help="List every sensitivity effect, noise too (95% interval containing 0).",
            ),
        ] = False,
    ) -> None:
        """Sample variants of a scenario's uncertain assumptions; report P(ZOPA), P(full
        agreement) and P(at least a partial agreement) by the deadline and by date,
        outcomes, binding red lines and sensitivity."""
        flag = "--rounds" if rounds is not None else "--exchanges"
        exchanges = renamed_option(exchanges, rounds, "--exchanges", "--rounds")
        check_sweep_bounds(runs, exchanges, workers, dask, flag)
        if out is not None:
            run_format(out)
        if by_date_out is not None:
            table_format(by_date_out)
            if by_date_out.exists() or by_date_out.is_symlink():
                raise ConfigurationError(
                    f"--by-date-out {by_date_out} exists; delete it or choose another file"
                )
            if not by_date_out.resolve().parent.is_dir():
                raise ConfigurationError(
                    f"--by-date-out {by_date_out}: the folder {by_date_out.parent} does not exist"
                )
        sc = load_scenario(scenario)
        protocol = choose_protocol(sc, protocol)
        if protocol is None and strategy:
            raise ConfigurationError("--strategy needs a protocol; not with --protocol none")
        if by_date_out is not None and (protocol is None or sc.deadline is None):
            raise ConfigurationError(
                "--by-date-out: odds by date need a protocol to simulate and a deadline "
                + ("(this sweep analyses the ZOPA only)" if protocol is None else "(none set)")
            )
        job = make_job(
            sc,
            runs=runs,
            rng=seed,
            protocol=protocol,
            strategies=parse_strategies(strategy or []),
            rounds=exchanges,
        )
        progress = Progress(
            TextColumn("sweep"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("runs"),
            _RunsPerSecond(),
            TimeRemainingColumn(),
            console=err_console,
            disable=quiet,
            transient=False,
        )
        task = progress.add_task("sweep", total=job.runs)
        started = time.monotonic()

        result: SweepResult | None = None
        try:
            with progress:
                steps = sweep_steps(
                    job, workers=workers, dask=dask, out=out, resume=resume, chunk=chunk_size
                )
                for step in steps:  # the runs done as chunks finish, then the result
                    if isinstance(step, SweepResult):
                        result = step
                    else:
                        progress.update(task, completed=step[0], total=step[1])
        except KeyboardInterrupt:
            if out is not None:
                err_console.print(
                    f"the finished runs are kept in {parts_dir(out)}; run the same command "
                    "with --resume to finish the sweep",
                    markup=False,
                )
            raise
        assert result is not None  # sweep_steps ends with its result
        elapsed = time.monotonic() - started
        if by_date_out is not None:
            points = result.summary.by_date
            if not points:
                raise ConfigurationError(
                    "--by-date-out: this scenario has no dates to give odds for (it needs a "
                    "calendar with as_of and a deadline)"
                )
            write_table([p.to_dict() for p in points], by_date_out)
            err_console.print(f"odds by date written to {by_date_out}", markup=False)
        if as_json:
            print_json(result.to_dict())
            return
        render(sc, result.summary, all_effects)
        console.print(
            f"[dim]{job.runs:,} runs in {elapsed:.1f} s"
            + (f"; runs written to {out}" if out is not None else "")
            + "[/dim]"
        )
