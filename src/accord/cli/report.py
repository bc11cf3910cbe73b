"""``accord report`` (a self-contained HTML report, or its figures) and ``accord serve``
(the web dashboard)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli._bounds import check_runs, check_table
from accord.cli.common import (
    SCENARIO_HELP,
    check_output,
    check_output_folder,
    console,
    load,
    write_output,
)
from accord.errors import ConfigurationError, require_extra
from accord.space import DEFAULT_MAX_OUTCOMES


def register(app: typer.Typer) -> None:
    """Add ``accord report`` and ``accord serve`` to ``app``."""

    @app.command("report")
    def report_cmd(
        scenario: Annotated[str | None, typer.Argument(help=SCENARIO_HELP)] = None,
        output: Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                help="The HTML file to write (default report.html), or with --format "
                "png/svg the folder for the figures (default report-figures).",
            ),
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", "-f", help="html (default), png or svg.")
        ] = "html",
        simulate: Annotated[
            bool,
            typer.Option(
                "--simulate/--no-simulate",
                help="Include a simulated negotiation and P(agreement) by date (by exchange when "
                "the talks are not dated).",
            ),
        ] = True,
        forecast: Annotated[
            bool, typer.Option("--forecast/--no-forecast", help="Include a forecast.")
        ] = True,
        runs: Annotated[
            int, typer.Option("--runs", help="Simulated runs behind P(agreement).")
        ] = 200,
        seed: Annotated[int, typer.Option("--seed", help="Seed of the simulations.")] = 0,
        since: Annotated[
            str | None,
            typer.Option(
                "--since",
                help="Add a 'since the last version' section comparing this earlier version "
                "(a file, bundled name or @version of the talks record). Default for a "
                "@version: its parent.",
            ),
        ] = None,
        timeline: Annotated[
            bool,
            typer.Option(
                "--timeline/--no-timeline",
                help="Add the talks record's timeline (default: on for a @version).",
            ),
        ] = False,
        db: Annotated[
            str | None,
            typer.Option(
                "--db",
                help="The talks record (default: $ACCORD_DB, else accord.db).",
                show_default=False,
            ),
        ] = None,
        force: Annotated[
            bool,
            typer.Option("--force", help="Replace an existing file (or write into a folder)."),
        ] = False,
    ) -> None:
        """Write a report an analyst can send: one offline HTML file with the scenario and
        its evidence, utility-space plots, the deadlock diagnosis, partial agreements and,
        where they apply, a simulation, P(agreement) and a forecast."""
        from accord.analysis import analyze
        from accord.report import FORMATS, compute_sections, render_html, write_figures

        if fmt not in FORMATS:
            raise ConfigurationError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        if runs <= 0:
            raise ConfigurationError(f"--runs must be positive (got {runs})")
        check_runs(runs)
        if fmt == "html":
            out = check_output(output or Path("report.html"), force=force)
        else:
            folder = check_output_folder(output or Path("report-figures"), force=force)
        from_record = scenario is not None and scenario.startswith("@")
        if from_record or since is not None:
            from accord.compare.sides import load_side

            sc, raw, extra, label = load_side(scenario or "geneva-2026", db)
        else:
            sc = load(scenario)
        check_table(sc, DEFAULT_MAX_OUTCOMES)
        analysis = analyze(sc)
        sections = compute_sections(sc, simulate=simulate, forecast=forecast, runs=runs, rng=seed)
        if from_record and since is None:
            from accord.record import open_record

            with open_record(db) as rec:
                parent = rec.resolve(scenario[1:]).parent  # type: ignore[index]
            since = None if parent is None else f"@{parent}"
        if since is not None:
            from dataclasses import replace

            from accord.compare import compare_scenarios

            sa, raw_a, extra_a, label_a = load_side(since, db)
            comparison = compare_scenarios(
                sa,
                sc,
                label_a=label_a,
                label_b=label,
                raw_a=raw_a,
                raw_b=raw,
                sweep_a=extra_a,
                sweep_b=extra,
            )
            sections = replace(sections, since=comparison)
        if timeline or from_record:
            from dataclasses import replace

            from accord.record import open_record

            with open_record(db) as rec:
                versions, events = rec.timeline(sc.id)
            sections = replace(
                sections,
                history={
                    "versions": [v.to_dict() for v in versions],
                    "events": [e.to_dict() for e in events],
                },
            )
        if fmt == "html":
            write_output(out, render_html(sc, analysis, sections))
            console.print(f"wrote {out}")
        else:
            files = write_figures(sc, folder, fmt, analysis=analysis, sections=sections)
            console.print(f"wrote {len(files)} figures to {folder}")

    @app.command("serve")
    def serve_cmd(
        host: Annotated[
            str, typer.Option("--host", help="Interface to bind (only this machine by default).")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
        max_upload: Annotated[
            int, typer.Option("--max-upload-bytes", help="Largest accepted upload.")
        ] = 2_000_000,
        max_outcomes: Annotated[
            int, typer.Option("--max-outcomes", help="Largest outcome space per request.")
        ] = 200_000,
        db: Annotated[
            str | None,
            typer.Option(
                "--db",
                help="The talks record shown at /record (default: $ACCORD_DB, else accord.db).",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Serve the dashboard: pick or upload a scenario, switch red lines off, move
        reservation values and weights, and watch the zone of agreement."""
        if not 0 < port < 65536:
            raise ConfigurationError(f"--port must be 1..65535 (got {port})")
        if max_upload <= 0 or max_outcomes <= 0:
            raise ConfigurationError("--max-upload-bytes and --max-outcomes must be positive")
        from accord.web import Settings, create_app

        hosts = Settings().allowed_hosts
        if host in {"0.0.0.0", "::"}:  # every interface: answer to this machine's name too
            import socket

            hosts = (*hosts, socket.gethostname(), socket.getfqdn())
        elif host not in hosts:
            hosts = (*hosts, host)
        uvicorn = require_extra("uvicorn", "accord serve", "web")
        app_ = create_app(
            Settings(
                max_upload_bytes=max_upload,
                max_outcomes=max_outcomes,
                record=db,
                allowed_hosts=hosts,
            )
        )
        if host not in {"127.0.0.1", "localhost", "::1"}:
            console.print(
                f"[yellow]warning:[/yellow] serving on {host}: reachable from other machines"
            )
        console.print(f"accord dashboard on http://{host}:{port}/  (Ctrl-C stops it)")
        # no proxy headers: X-Forwarded-For from a local client would pick its own address
        uvicorn.run(app_, host=host, port=port, log_level="warning", proxy_headers=False)
