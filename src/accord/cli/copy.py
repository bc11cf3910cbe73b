"""``accord copy``: start a scenario of your own from a bundled one (or any scenario)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import SCENARIO_HELP, check_output, console, write_output
from accord.errors import ConfigurationError
from accord.io import load_scenario
from accord.io.loader import resolve
from accord.model import Scenario

_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def source_files(sc: Scenario) -> list[Path]:
    """The files of ``sc``'s sources that exist beside the file it was read from."""
    base = sc.origin.folder
    if base is None:
        return []
    return [base / src.file for src in sc.sources if src.file and (base / src.file).is_file()]


def copy_scenario(name: str | None, output: Path, force: bool = False) -> list[Path]:
    """Write scenario ``name`` to ``output`` (YAML or JSON by its suffix) with its source
    files beside it, so its quotes are still checked; the paths written. An accord YAML
    copied to YAML keeps its text (comments included). Refuses to overwrite unless
    ``force``."""
    fmt = _FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise ConfigurationError(
            f"-o {str(output)!r}: give a .yaml, .yml or .json file name "
            "(for GENIUS or GeniusWeb use `accord convert`)"
        )
    src_path = resolve(name)
    sc = load_scenario(name)
    sources = source_files(sc)
    targets = [
        output,
        *(output.parent / s.relative_to(sc.origin.folder or ".") for s in sources),
    ]
    for src, dst in zip([src_path, *sources], targets, strict=True):
        if dst.exists() and dst.resolve() == src.resolve():
            raise ConfigurationError(f"{dst} is the scenario's own file; choose another -o")
        if dst != output and dst.is_file() and dst.read_bytes() == src.read_bytes():
            continue
        check_output(dst, force=force, create_folder=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    native_yaml = src_path.is_file() and src_path.suffix.lower() in (".yaml", ".yml")
    if fmt == "yaml" and native_yaml and sc.origin.folder is not None:
        write_output(output, src_path.read_bytes())
    else:
        from accord.io.native import dump_scenario

        dump_scenario(sc, output, fmt)
    written = [output]
    for src, dst in zip(sources, targets[1:], strict=True):
        dst.parent.mkdir(parents=True, exist_ok=True)
        if not (dst.exists() and dst.read_bytes() == src.read_bytes()):
            write_output(dst, src.read_bytes())
        written.append(dst)
    return written


def register(app: typer.Typer) -> None:
    """Add ``accord copy`` to ``app``."""

    @app.command("copy")
    def copy_cmd(
        scenario: Annotated[str | None, typer.Argument(help=SCENARIO_HELP)] = None,
        output: Annotated[
            Path | None,
            typer.Option("-o", "--output", help="The file to write: .yaml, .yml or .json."),
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help="Overwrite the file (and source files) if present.")
        ] = False,
    ) -> None:
        """Copy a scenario (default: the bundled geneva-2026) to a file you can edit, with
        its source files beside it so its quotes are still checked."""
        if output is None:
            raise ConfigurationError("give the file to write with -o FILE (.yaml or .json)")
        for path in copy_scenario(scenario, output, force):
            console.print(f"wrote {path}", markup=False)
