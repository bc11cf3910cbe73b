"""The ``accord`` command.

Sub-commands live one per module in this package; each module defines
``register(app: typer.Typer) -> None``. Every :class:`~accord.errors.AccordError` becomes a
one-paragraph message on standard error and exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import warnings

import typer

import accord.cli
from accord.cli.common import SafeConsole
from accord.errors import AccordError, AccordWarning

app = typer.Typer(
    name="accord",
    help="Model, analyze, simulate and forecast multi-party negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

err_console = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(accord.cli.__path__), key=lambda m: m.name):
        if info.name in {"main", "common"} or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"accord.cli.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)


_register_commands()


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    if issubclass(category, AccordWarning):
        err_console.print(f"[yellow]warning:[/yellow] {message}", markup=True)
    else:
        err_console.print(f"warning: {message}", markup=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    warnings.showwarning = _show_warning
    try:
        app(args=argv, prog_name="accord", standalone_mode=False)
    except AccordError as exc:
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(2)
    except typer.Abort:
        err_console.print("aborted", markup=False)
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("interrupted", markup=False)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, ...
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err_console.print(f"error: {exc}", markup=False)
        sys.exit(int(getattr(exc, "exit_code", 2)))
    sys.exit(0)
