"""``accord backtest``: the model, built from what was known before each past round, against
what that round agreed."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from accord.analysis.backtest import Backtest, backtest
from accord.cli.common import SCENARIO_HELP, console, load, print_json

_STYLE = {
    "hit": "green",
    "agreeable, rarely reached": "yellow",
    "agreeable, never reached": "yellow",
    "miss": "red",
    "outside the model": "dim",
}


def render(b: Backtest) -> None:
    """Print the back-test as a table (one row per agreed item, coloured by verdict), the
    verdict counts and the notes.
    """
    t = Table(
        title=f"Back-test of {b.scenario}: past rounds' agreements against the model known "
        "the day before",
        title_justify="left",
        show_lines=True,
    )
    for col in ("round", "agreed", "in the model", "agreeable?", "simulated runs", "verdict"):
        t.add_column(col, overflow="fold")
    for c in b.checks:
        if c.issue is None:
            where, agreeable, runs = "[dim]no issue[/dim]", "[dim]cannot say[/dim]", ""
        else:
            where = f"{c.issue} = {escape(c.option_label or str(c.option))}"
            if c.agreeable:
                agreeable = (
                    "yes, on its own"
                    if len(c.agreeable_with) == 1
                    else "yes, with " + ", ".join(c.agreeable_with[1:])
                )
            else:
                agreeable = "[red]no[/red]"
            if c.runs:
                runs = (
                    f"{c.exact / c.runs:.0%} as agreed\n"
                    f"{c.reached / c.runs:.0%} with the option\n"
                    f"{c.overreach / c.runs:.0%} settle more"
                )
            else:
                runs = "[dim]not simulated[/dim]"
        style = _STYLE.get(c.verdict, "")
        t.add_row(
            f"{c.round}\n[dim]{c.date:%d %b %Y}[/dim]",
            escape(c.statement),
            where,
            agreeable,
            runs,
            f"[{style}]{c.verdict}[/{style}]",
        )
    console.print(t)
    for c in b.checks:
        style = _STYLE.get(c.verdict, "")
        console.print(
            f"[{style}]{c.verdict}[/{style}] {c.round} / {c.item}: {escape(c.explanation)}."
        )
    dropped = {d for c in b.checks for d in c.dropped}
    if dropped:
        console.print(
            "[dim]Not known before these rounds (evidence dated later), left out of their "
            f"models: {escape(', '.join(sorted(dropped)))}.[/dim]"
        )
    counts = b.counts()
    console.print(
        "[bold]Verdicts:[/bold] "
        + ", ".join(f"{counts.get(k, 0)} {k}" for k in _STYLE if counts.get(k, 0))
        if counts
        else "[bold]Verdicts:[/bold] none"
    )
    for note in b.notes:
        console.print(f"[dim]{escape(note)}[/dim]")


def register(app: typer.Typer) -> None:
    """Add ``accord backtest`` to ``app``."""

    @app.command("backtest")
    def backtest_cmd(
        scenario: Annotated[str | None, typer.Argument(help=SCENARIO_HELP)] = None,
        runs: Annotated[
            int, typer.Option("--runs", "-n", min=1, help="Simulated runs per past round.")
        ] = 1000,
        seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 1,
        json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    ) -> None:
        """Check the model against what past rounds agreed: for each agreed item, is it
        agreeable in the model built from what was known the day before the round, and how
        often does the simulated protocol reach it?"""
        sc = load(scenario)
        b = backtest(sc, runs=runs, rng=seed)
        if json_out:
            print_json(b.to_dict())
            return
        render(b)
