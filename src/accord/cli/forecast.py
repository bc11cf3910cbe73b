"""``accord forecast``: actor-based forecasts (KTAB SMP, BDM EUM, Stokman exchange)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.table import Table

from accord.cli.common import SafeConsole
from accord.errors import ConfigurationError
from accord.forecast import ActorTable, Forecast, actor_table_from_scenario, models, run_forecast

console = SafeConsole(highlight=False, soft_wrap=False)

INPUT_HELP = (
    "An actor table (KTAB .csv/.xml, decide #A/#P/#M/#D file, BDM Actor,Capability,"
    "Position,Salience .csv, a YAML file with a top-level 'forecast:' section) or a "
    "scenario (a bundled name such as geneva-2026, or an accord .yaml/.json file)."
)

_TABLE_SUFFIXES = {".csv", ".txt", ".xml", ".tsv", ".dat"}


def _yaml_has_forecast_section(path: Path) -> bool:
    from accord.io.actors import read_document

    doc = read_document(path).data
    return isinstance(doc, dict) and "forecast" in doc


def load_input(source: str, dimensions: list[str] | None) -> tuple[ActorTable, bool]:
    """The actor table of ``source`` and whether it came from a scenario."""
    from accord.io.actors import read_actor_table

    path = Path(source)
    is_scenario = True
    if path.suffix.lower() in _TABLE_SUFFIXES:
        table = read_actor_table(path)
        is_scenario = False
    elif (
        path.suffix.lower() in {".yaml", ".yml", ".json"}
        and path.is_file()
        and (_yaml_has_forecast_section(path))
    ):
        table = read_actor_table(path, format="yaml")
        is_scenario = False
    else:
        from accord.io import load_scenario

        table = actor_table_from_scenario(load_scenario(source), issues=dimensions or None)
        return table, is_scenario
    if dimensions:
        table = table.select(dimensions)
    return table, is_scenario


def _round_columns(n_states: int, limit: int = 8) -> list[int]:
    if n_states <= limit:
        return list(range(n_states))
    step = (n_states - 1) / (limit - 1)
    return sorted({round(k * step) for k in range(limit)})


def _fmt(x: float) -> str:
    return "-" if np.isnan(x) else f"{x:.1f}"


def _print_forecast(f: Forecast) -> None:
    meta = models()[f.model]
    t = f.table
    cols = _round_columns(f.positions.shape[0])
    console.print(f"[bold]{meta.title}[/bold] [dim]({f.model})[/dim]")
    for k, dim in enumerate(t.dimensions):
        lo, hi = t.scale[k]
        table = Table(title=f"{dim} [{lo:g}-{hi:g}]: positions by round", title_justify="left")
        table.add_column("actor", no_wrap=True)
        for c in cols:
            table.add_column(str(c), justify="right", no_wrap=True)
        for i, a in enumerate(t.actors):
            table.add_row(a, *(_fmt(float(f.positions[c, i, k])) for c in cols))
        if f.model == "eum":
            for key in ("median", "mean"):
                series = f.series[key]
                table.add_row(f"[dim]{key}[/dim]", *(_fmt(float(series[c][k])) for c in cols))
        if f.model == "exchange":
            nbs = f.series["nbs"][dim]
            table.add_row(
                "[dim]NBS[/dim]", *(_fmt(lo + float(nbs[c]) / 100.0 * (hi - lo)) for c in cols)
            )
        console.print(table)
    if f.model == "smp":
        win = f.series["win_probability"][-1]
        best = int(win.argmax())
        console.print(
            f"most probable final position: {t.actors[best]}'s (p = {float(win[best]):.2f})"
        )
    if f.model == "exchange":
        counts = ", ".join(str(len(r)) for r in f.series["exchanges"])
        console.print(f"exchanges per round: {counts}")
    outcome = ", ".join(
        f"{d} {_fmt(float(v))}" for d, v in zip(t.dimensions, f.outcome, strict=True)
    )
    status = "converged" if f.converged else "not converged (round limit)"
    console.print(f"predicted outcome: {outcome}; {f.n_rounds} rounds, {status}\n")


def _print_side_by_side(results: list[Forecast]) -> None:
    t = results[0].table
    table = Table(title="Predicted outcome by model", title_justify="left")
    table.add_column("dimension")
    for f in results:
        table.add_column(f.model, justify="right")
    for k, dim in enumerate(t.dimensions):
        table.add_row(dim, *(_fmt(float(f.outcome[k])) for f in results))
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("forecast")
    def forecast_cmd(
        source: Annotated[str, typer.Argument(metavar="INPUT", help=INPUT_HELP)],
        model: Annotated[
            str, typer.Option("--model", "-m", help="smp, eum, exchange or all.")
        ] = "all",
        rounds: Annotated[
            int | None, typer.Option("--rounds", "-n", help="Round limit (model default).")
        ] = None,
        dimension: Annotated[
            list[str] | None,
            typer.Option("--dimension", "-d", help="Only this dimension (repeatable)."),
        ] = None,
        variant: Annotated[
            str, typer.Option(help="eum: scholz (compatibility) or canonical.")
        ] = "scholz",
        random_ties: Annotated[
            bool, typer.Option(help="exchange: break equal gains at random (seeded).")
        ] = False,
        seed: Annotated[int | None, typer.Option(help="Random seed.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Forecast where positions converge with actor-based models."""
        if rounds is not None and rounds < 1:
            raise ConfigurationError(f"--rounds must be at least 1, got {rounds}")
        names = sorted(models()) if model == "all" else [model]
        for name in names:
            if name not in models():
                raise ConfigurationError(
                    f"unknown --model {name!r}; valid: {', '.join(sorted(models()))}, all"
                )
        table, from_scenario = load_input(source, dimension)
        results: list[Forecast] = []
        for name in names:
            options: dict[str, Any] = {}
            if name == "eum":
                options["variant"] = variant
            if name == "exchange":
                options["random_ties"] = random_ties
            if name in ("smp", "eum") and not table.is_complete:
                console.print(
                    f"[yellow]note:[/yellow] {name} skipped: the table has missing cells"
                ) if not as_json else None
                continue
            results.append(run_forecast(table, name, rounds=rounds, rng=seed, **options))
        if as_json:
            data: Any = (
                results[0].to_dict()
                if len(results) == 1 and model != "all"
                else {"forecasts": [r.to_dict() for r in results]}
            )
            sys.stdout.write(json.dumps(data, indent=1) + "\n")
            return
        src = "scenario" if from_scenario else "actor table"
        console.print(
            f"{src} {table.source}: {table.n_actors} actors, "
            f"{table.n_dimensions} dimension(s): {', '.join(table.dimensions)}\n"
        )
        for f in results:
            _print_forecast(f)
        if len(results) > 1 or from_scenario:
            _print_side_by_side(results)
