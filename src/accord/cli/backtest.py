"""``accord backtest``: accord's forecasts from past dates, scored against the record."""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from accord.cli.common import SCENARIO_HELP, console, load, print_json
from accord.cli.options import check_seed
from accord.errors import ParameterError
from accord.evaluate.backtest import DEFAULT_RUNS, FORECASTERS, MAX_RUNS, Backtest, backtest
from accord.evaluate.scores import Interval

_NAMES = {
    "accord": "accord",
    "base_rate": "base rate",
    "nothing_changes": "nothing changes",
    "fifty_fifty": "50/50",
}


def _ci(x: Interval, digits: int = 3) -> str:
    if math.isnan(x.value):
        return "-"
    if math.isnan(x.low):
        return f"{x.value:.{digits}f}"
    return f"{x.value:.{digits}f} [dim]({x.low:.{digits}f}-{x.high:.{digits}f})[/dim]"


def render(b: Backtest) -> None:
    """Print the back-test: scores per event kind and overall for accord and the reference
    forecasters, accord's skill against the base rate, the reliability table, the cut
    dates, the worst misses, the verdicts and the notes."""
    scored = len(b.scored)
    console.print(
        f"[bold]Back-test of {escape(b.scenario)}[/bold]: {len(b.cuts)} cut dates from "
        f"{b.cuts[0].date if b.cuts else '-'} to {b.cuts[-1].date if b.cuts else '-'}, "
        f"horizons {', '.join(f'{h} days' for h in b.horizons)}; {scored} forecasts scored "
        f"against the record ({b.record[0]} to {b.record[1]}), "
        f"{len(b.forecasts) - scored} censored; {b.runs:,} sweep runs per cut."
    )
    t = Table(
        title="Brier score (lower is better; 95% bootstrap interval over cut dates)",
        title_justify="left",
    )
    t.add_column("events")
    t.add_column("n", justify="right")
    for name in FORECASTERS:
        t.add_column(_NAMES[name], justify="right")
    t.add_column("accord's skill vs base rate", justify="right")
    groups = [("overall", b.overall), *b.by_kind.items()]
    for label, s in groups:
        acc = s["accord"]
        sk = acc.skill_vs_base_rate
        skill = "-" if sk is None else _ci(sk, 2)
        if sk is not None and sk.value < 0:
            skill = f"[red]{skill}[/red]"
        t.add_row(label, str(acc.n), *(_ci(s[n].brier) for n in FORECASTERS), skill)
    console.print(t)
    t = Table(
        title=f"Log score (lower is better; forecasts clipped to [{b.eps}, {1 - b.eps}])",
        title_justify="left",
    )
    t.add_column("events")
    for name in FORECASTERS:
        t.add_column(_NAMES[name], justify="right")
    for label, s in groups:
        t.add_row(label, *(_ci(s[n].log) for n in FORECASTERS))
    console.print(t)
    t = Table(title="Reliability of accord's forecasts", title_justify="left")
    for col in ("forecast bin", "count", "mean forecast", "observed frequency"):
        t.add_column(col, justify="right")
    for bin_ in b.reliability["accord"]:
        if not bin_.count:
            continue
        t.add_row(
            f"{bin_.low:.1f}-{bin_.high:.1f}",
            str(bin_.count),
            f"{bin_.mean_forecast:.2f}",
            f"{bin_.observed:.2f}",
        )
    console.print(t)
    t = Table(title="Cut dates", title_justify="left")
    for col in ("cut", "past rounds", "deadline known", "left out (dated later)", "accord"):
        t.add_column(col, overflow="fold")
    for c in b.cuts:
        t.add_row(
            c.date.isoformat(),
            str(c.past_rounds),
            "-" if c.deadline is None else c.deadline.isoformat(),
            str(len(c.dropped)),
            "[red]" + escape(c.error) + "[/red]" if c.error else "forecast",
        )
    console.print(t)
    console.print("[bold]Worst misses of accord:[/bold]")
    for m in b.misses:
        console.print(f"  - {escape(m)}")
    console.print("[bold]Verdict:[/bold]")
    for v in b.verdicts:
        style = "red" if "LOSES" in v else "green"
        console.print(f"  [{style}]{escape(v)}[/{style}]")
    for note in b.notes:
        console.print(f"[dim]{escape(note)}[/dim]")


def register(app: typer.Typer) -> None:
    """Add ``accord backtest`` to ``app``."""

    @app.command("backtest")
    def backtest_cmd(
        scenario: Annotated[str | None, typer.Argument(help=SCENARIO_HELP)] = None,
        runs: Annotated[
            int,
            typer.Option("--runs", "-n", help=f"Sweep runs per cut date (1 to {MAX_RUNS:,})."),
        ] = DEFAULT_RUNS,
        seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 1,
        json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    ) -> None:
        """Score accord's forecasts against the record: from every cut date (the eve of each
        past round, the first of each month) the scenario as known then forecasts full and
        partial agreements, each issue and further rounds over 30, 60 and 90 days, scored
        (Brier, log) beside a base-rate, a nothing-changes and a 50/50 forecaster."""
        if not 0 < runs <= MAX_RUNS:
            raise ParameterError(
                "runs", f"must be from 1 to {MAX_RUNS:,} (sweep runs per cut date), got {runs}"
            )
        check_seed(seed)
        sc = load(scenario)
        b = backtest(sc, runs=runs, rng=seed)
        if json_out:
            print_json(b.to_dict())
            return
        render(b)
