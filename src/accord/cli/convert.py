"""``accord convert`` and ``accord info``: the field's formats in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import (
    SCENARIO_HELP,
    SafeConsole,
    check_output,
    check_output_folder,
    console,
    fmt_count,
    print_json,
)
from accord.errors import ConfigurationError
from accord.io import load_scenario
from accord.io.foreign import WRITE_FORMATS, info, write_scenario
from accord.io.foreign_common import DEFAULT_REAL_OPTIONS
from accord.io.lossy import conversion_losses, keep_what_can_be_kept
from accord.model import Scenario

err_console = SafeConsole(stderr=True, highlight=False)


def _load(path: str, real_options: int | None, refuse_continuous: bool) -> Scenario:
    options: dict[str, object] = {}
    if real_options is not None:
        if real_options < 2:
            raise ConfigurationError(f"--real-options must be at least 2 (got {real_options})")
        options["real_options"] = real_options
    if refuse_continuous:
        options["continuous"] = "refuse"
    return load_scenario(path, **options)


def register(app: typer.Typer) -> None:
    """Add ``accord convert`` (between accord, GENIUS, GeniusWeb and NegMAS formats) and
    ``accord info`` to ``app``.
    """

    @app.command("convert")
    def convert_cmd(
        path: Annotated[str, typer.Argument(help=SCENARIO_HELP)],
        to: Annotated[str, typer.Option("--to", help="yaml, json, genius or geniusweb.")],
        out: Annotated[
            Path, typer.Option("-o", "--output", help="Output file (yaml/json) or folder.")
        ],
        real_options: Annotated[
            int | None,
            typer.Option(
                "--real-options",
                help=f"Options per real issue when reading (default {DEFAULT_REAL_OPTIONS}).",
            ),
        ] = None,
        refuse_continuous: Annotated[
            bool, typer.Option("--refuse-continuous", help="Error on real (continuous) issues.")
        ] = False,
        force: Annotated[
            bool, typer.Option("--force", help="Overwrite an existing output file.")
        ] = False,
        lossy: Annotated[
            bool,
            typer.Option(
                "--lossy",
                help="Write to a format that cannot hold the whole scenario (red lines, "
                "constraints, roles, evidence, calendar): keep what it can, list the rest.",
            ),
        ] = False,
    ) -> None:
        """Convert a scenario between accord YAML/JSON, GENIUS XML and GeniusWeb JSON.

        GENIUS and GeniusWeb hold utility profiles only: a conversion that would lose part of
        the scenario lists what and is refused unless --lossy is given."""
        if to not in WRITE_FORMATS:
            raise ConfigurationError(
                f"--to {to!r} is not a format accord writes; use one of {', '.join(WRITE_FORMATS)}"
            )
        if to in {"yaml", "json"}:
            check_output(out, force=force)
        else:
            check_output_folder(out, force=force)
        sc = _load(path, real_options, refuse_continuous)
        losses = conversion_losses(sc, to)
        if losses and not lossy:
            lines = "\n".join(f"  - {x.describe()}" for x in losses)
            raise ConfigurationError(
                f"{to} cannot hold all of this scenario; converting would lose:\n{lines}\n"
                "pass --lossy to write what the format can hold (as listed above), or "
                "convert to yaml or json"
            )
        if losses:
            sc, losses = keep_what_can_be_kept(sc, to)
            err_console.print(f"warning: {to} cannot hold all of this scenario:", markup=False)
            for x in losses:
                err_console.print(f"  - {x.describe()}", markup=False)
        write_scenario(sc, out, to)
        console.print(f"wrote {to} to {out}", markup=False)
        if to in {"yaml", "json"}:
            _copy_sources(sc, out)

    @app.command("info")
    def info_cmd(
        path: Annotated[str, typer.Argument(help=SCENARIO_HELP)],
        json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
        real_options: Annotated[
            int | None, typer.Option("--real-options", help="Options per real issue.")
        ] = None,
    ) -> None:
        """Size of a scenario: issues, parties, outcomes and reservation values."""
        summary = info(_load(path, real_options, False))
        if json_out:
            print_json(summary)
            return
        console.print(
            f"{summary['issues']} issues, {summary['parties']} parties, "
            f"{fmt_count(summary['outcomes'])} outcomes",
            markup=False,
        )
        for pid, rv in summary["reservation_values"].items():
            console.print(f"  {pid}: reservation value {rv:g}", markup=False)


def _copy_sources(sc: Scenario, out: Path) -> None:
    """Put the scenario's source files beside the written file (never overwriting a
    different one) so that its quotes are still checked when it is read."""
    import shutil

    from accord.cli.copy import source_files

    base = sc.origin.folder or Path()
    for src in source_files(sc):
        dst = out.parent / src.relative_to(base)
        if dst.exists():
            if dst.read_bytes() != src.read_bytes():
                console.print(
                    f"note: {dst} exists and differs from the source file {src}; left as is",
                    markup=False,
                )
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        console.print(f"wrote source file {dst}", markup=False)
