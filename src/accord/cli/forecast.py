"""``accord forecast``: actor-based forecasts (KTAB SMP, BDM EUM, Stokman exchange)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.markup import escape
from rich.table import Table

from accord.cli._bounds import MAX_FORECAST_ROUNDS, MAX_PAIRWISE_ACTORS, check_rounds
from accord.cli._renamed import renamed_option
from accord.cli.common import console
from accord.errors import ConfigurationError
from accord.forecast import ActorTable, Forecast, actor_table_from_scenario, models, run_forecast
from accord.forecast.reading import ForecastReading, first_crossings, read_forecast
from accord.model import Scenario

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


def load_input(source: str, dimensions: list[str] | None) -> tuple[ActorTable, Scenario | None]:
    """The actor table of ``source`` and the scenario it came from (None for a table)."""
    from accord.io.actors import read_actor_table

    path = Path(source)
    if path.suffix.lower() in _TABLE_SUFFIXES:
        table = read_actor_table(path)
    elif (
        path.suffix.lower() in {".yaml", ".yml", ".json"}
        and path.is_file()
        and (_yaml_has_forecast_section(path))
    ):
        table = read_actor_table(path, format="yaml")
    else:
        from accord.io import load_scenario

        sc = load_scenario(source)
        return actor_table_from_scenario(sc, issues=dimensions or None), sc
    if dimensions:
        table = table.select(dimensions)
    return table, None


def _round_columns(n_states: int, width: int, fixed: int) -> list[int]:
    """Which states to show as columns so the table fits ``width`` (each column about 9
    characters with its borders; the start, the last step and evenly spaced steps
    between)."""
    limit = max(2, (width - fixed) // 9)
    if n_states <= limit:
        return list(range(n_states))
    step = (n_states - 1) / (limit - 2)
    return sorted({0, 1, *(round(k * step) for k in range(1, limit - 1)), n_states - 1})[:limit]


def _fmt(x: float) -> str:
    return "-" if np.isnan(x) else f"{x:.1f}"


def _print_forecast(f: Forecast, reading: ForecastReading | None) -> None:
    meta = models()[f.model]
    t = f.table
    crossed = {(c["actor"], c["issue"], c["step"]) for c in reading.crossings} if reading else set()
    console.print(f"[bold]{escape(meta.title)}[/bold] [dim]({f.model})[/dim]")
    name_w = max([len(a) for a in t.actors] + [8]) + 3
    label_w = 30 if reading else 0
    cols = _round_columns(f.positions.shape[0], console.width, name_w + label_w + 4)
    for k, dim in enumerate(t.dimensions):
        lo, hi = t.scale[k]
        table = Table(
            title=f"{escape(dim)} [{lo:g}-{hi:g}]: positions by model step "
            f"({'all steps' if len(cols) == f.positions.shape[0] else 'a selection of steps'})",
            title_justify="left",
        )
        table.add_column("actor", no_wrap=True)
        for c in cols:
            table.add_column("start" if c == 0 else str(c), justify="right", no_wrap=True)
        if reading:
            table.add_column("final: nearest option", overflow="fold", max_width=label_w)
        for i, a in enumerate(t.actors):
            cells = []
            for c in cols:
                cell = _fmt(float(f.positions[c, i, k]))
                cells.append(f"[red]{cell}✗[/red]" if (a, dim, c) in crossed else cell)
            extra = [escape(reading.final_labels[a].get(dim) or "-")] if reading else []
            table.add_row(escape(a), *cells, *extra)
        if f.model == "eum":
            for key in ("median", "mean"):
                series = f.series[key]
                table.add_row(
                    f"[dim]{key}[/dim]",
                    *(_fmt(float(series[c][k])) for c in cols),
                    *([""] if reading else []),
                )
        if f.model == "exchange":
            nbs = f.series["nbs"][dim]
            table.add_row(
                "[dim]NBS[/dim]",
                *(_fmt(lo + float(nbs[c]) / 100.0 * (hi - lo)) for c in cols),
                *([""] if reading else []),
            )
        console.print(table)
    if f.model == "smp":
        win = f.series["win_probability"][-1]
        best = int(win.argmax())
        console.print(
            f"most probable final position: {escape(t.actors[best])}'s (p = {float(win[best]):.2f})"
        )
    if f.model == "exchange":
        counts = ", ".join(str(len(r)) for r in f.series["exchanges"])
        console.print(f"exchanges per model step: {counts}")
    outcome = ", ".join(
        f"{escape(d)} {_fmt(float(v))}"
        + (f" ({escape(reading.outcome_labels.get(d) or '-')})" if reading else "")
        for d, v in zip(t.dimensions, f.outcome, strict=True)
    )
    status = "converged" if f.converged else "not converged (step limit)"
    if f.model == "exchange" and not any(len(r) for r in f.series["exchanges"]):
        console.print(
            f"predicted outcome: {outcome}; no exchange happened in {f.n_rounds} model "
            f"step{'s' if f.n_rounds != 1 else ''}, so this is the starting position (the "
            "capability- and salience-weighted mean of the actors' positions), not a convergence"
        )
    else:
        console.print(
            f"predicted outcome: {outcome}; {f.n_rounds} model "
            f"step{'s' if f.n_rounds != 1 else ''}, {status}"
        )
    if reading:
        for x in first_crossings(reading):
            console.print(
                f"[red]✗ red line crossed:[/red] {escape(x['actor'])}'s position on "
                f"{escape(x['issue'])} is nearest to {escape(x['option_label'])} from model "
                f"step {x['step']} on, against its red line {escape(x['red_line'])} "
                f"({escape(x['statement'])})"
            )
    console.print()


def _print_side_by_side(results: list[Forecast], sc: Scenario | None) -> None:
    t = results[0].table
    table = Table(title="Predicted outcome by model", title_justify="left")
    table.add_column("dimension")
    for f in results:
        table.add_column(f.model, justify="right", overflow="fold")
    for k, dim in enumerate(t.dimensions):
        cells = []
        for f in results:
            cell = _fmt(float(f.outcome[k]))
            if sc is not None and dim in {i.id for i in sc.issues}:
                label = read_forecast(sc, f).outcome_labels.get(dim)
                cell += f"\n[dim]{escape(label or '-')}[/dim]"
            cells.append(cell)
        table.add_row(escape(dim), *cells)
    console.print(table)


def _left_out_note(sc: Scenario, table: ActorTable) -> None:
    from accord.forecast.reading import left_out_issues

    for x in left_out_issues(sc, tuple(table.dimensions)):
        console.print(
            f"[yellow]not forecast:[/yellow] {escape(x['name'])} ({escape(x['issue'])}): "
            f"{escape(x['reason'])}"
        )


def register(app: typer.Typer) -> None:
    """Add ``accord forecast`` to ``app``."""

    @app.command("forecast")
    def forecast_cmd(
        source: Annotated[
            str, typer.Argument(metavar="[INPUT]", help=INPUT_HELP + " Default: geneva-2026.")
        ] = "geneva-2026",
        model: Annotated[
            str, typer.Option("--model", "-m", help="smp, eum, exchange or all.")
        ] = "all",
        steps: Annotated[
            int | None,
            typer.Option(
                "--steps",
                "-n",
                help="Most model steps (iterations, not meetings; default: the model's).",
            ),
        ] = None,
        rounds: Annotated[
            int | None, typer.Option("--rounds", hidden=True, help="Former name of --steps.")
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
        max_actors: Annotated[
            int,
            typer.Option(
                "--max-actors",
                help="Most actors smp and eum take (their time grows with the square).",
            ),
        ] = MAX_PAIRWISE_ACTORS,
    ) -> None:
        """Forecast where positions converge with actor-based models."""
        flag = "--rounds" if rounds is not None else "--steps"
        steps = renamed_option(steps, rounds, "--steps", "--rounds")
        if steps is not None and steps < 1:
            raise ConfigurationError(f"{flag} must be at least 1, got {steps}")
        check_rounds(steps, flag, bound=MAX_FORECAST_ROUNDS, unit="model steps")
        names = sorted(models()) if model == "all" else [model]
        for name in names:
            if name not in models():
                raise ConfigurationError(
                    f"unknown --model {name!r}; valid: {', '.join(sorted(models()))}, all"
                )
        table, sc = load_input(source, dimension)
        pairwise = [n for n in names if n in ("smp", "eum")]
        if pairwise and table.n_actors > max_actors:
            raise ConfigurationError(
                f"{table.n_actors:,} actors is over the limit of {max_actors:,} for "
                f"{' and '.join(pairwise)}, which weigh every pair of actors each step; merge "
                "minor actors into blocs, use --model exchange, or raise the limit with "
                "--max-actors N (the time grows with the square of N)"
            )
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
            results.append(run_forecast(table, name, rounds=steps, rng=seed, **options))
        readings = [read_forecast(sc, f) if sc is not None else None for f in results]
        if as_json:
            dicts = []
            for f, r in zip(results, readings, strict=True):
                d = f.to_dict()
                if r is not None:
                    d.update(r.to_dict())
                dicts.append(d)
            data: Any = dicts[0] if len(results) == 1 and model != "all" else {"forecasts": dicts}
            if sc is not None and not (len(results) == 1 and model != "all"):
                from accord.forecast.reading import left_out_issues

                data["issues_left_out"] = left_out_issues(sc, tuple(table.dimensions))
            sys.stdout.write(json.dumps(data, indent=1) + "\n")
            return
        src = "scenario" if sc is not None else "actor table"
        console.print(
            f"{src} {escape(table.source or '')}: {table.n_actors} actors, "
            f"{table.n_dimensions} dimension(s): {escape(', '.join(table.dimensions))}"
        )
        if sc is not None:
            _left_out_note(sc, table)
        console.print(
            "[dim]Model steps are the model's iterations, counted from 1 ('start' is the "
            "input); they are not meetings and carry no dates. ✗ marks a position whose "
            "nearest option breaks the actor's own red line.[/dim]\n"
            if sc is not None
            else ""
        )
        for f, r in zip(results, readings, strict=True):
            _print_forecast(f, r)
        if len(results) > 1 or sc is not None:
            _print_side_by_side(results, sc)
