"""The ``accord`` command.

Sub-commands live in modules of this package; each module defines
``register(app: typer.Typer) -> None``. Registration is lazy so that ``accord --help`` and
each command start at once: :data:`COMMANDS` names every command, the module that registers
it and its one-line help, and a module is imported only when its command runs (or its own
``--help`` is asked for). A new command is one line in :data:`COMMANDS`; a command module
missing from it still works (imported eagerly, at a cost to every start-up) and
``tests/cli/test_startup.py`` fails until it is listed. Every
:class:`~accord.errors.AccordError` becomes a one-paragraph message on standard error and
exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

import accord.cli
from accord.errors import AccordError, AccordWarning, ParameterError

# command name -> (module that registers it, one line of help for ``accord --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "analyze": (
        "accord.cli.analyze",
        "Zone of agreement, Pareto frontier, bargaining solutions, deadlock diagnosis, "
        "partial agreements.",
    ),
    "show": ("accord.cli.show", "Display a scenario, marking what is cited and what is assumed."),
    "scenarios": ("accord.cli.show", "List the scenarios bundled with accord."),
    "schema": ("accord.cli.show", "Print the JSON Schema of accord's scenario format."),
    "convert": (
        "accord.cli.convert",
        "Convert a scenario between accord YAML/JSON, GENIUS XML and GeniusWeb JSON.",
    ),
    "info": (
        "accord.cli.convert",
        "Size of a scenario: issues, parties, outcomes and reservation values.",
    ),
    "simulate": (
        "accord.cli.simulate",
        "Simulate the talks under a protocol and strategies: who concedes when, deal or not.",
    ),
    "sweep": (
        "accord.cli.sweep",
        "Monte Carlo over uncertain assumptions: P(ZOPA), P(agreement), binding red lines.",
    ),
    "forecast": (
        "accord.cli.forecast",
        "Forecast where positions converge with actor-based models (SMP, EUM, exchange).",
    ),
    "backtest": (
        "accord.cli.backtest",
        "Score accord's forecasts from past dates against the record (Brier, log, base rate).",
    ),
    "compare": (
        "accord.cli.compare",
        "What changed between two versions of a scenario and what it did to the analysis.",
    ),
    "copy": (
        "accord.cli.copy",
        "Copy a scenario (default geneva-2026) to an editable file, its sources beside it.",
    ),
    "ingest": (
        "accord.cli.ingest",
        "Propose the round, claims, deadlines and issues a report states; --apply accepted ones.",
    ),
    "talks": (
        "accord.cli.talks",
        "The talks record: sources, verified evidence and scenario versions in a database.",
    ),
    "report": ("accord.cli.report", "Write a self-contained offline HTML report."),
    "serve": ("accord.cli.report", "Serve the local web dashboard (what-if, JSON API)."),
}

_NOT_COMMANDS = {"main", "common", "options"}  # helpers, no command


def _load_module_commands(module_name: str) -> dict[str, Any]:
    """Import ``module_name`` and return the click commands its ``register`` defines."""
    module = importlib.import_module(module_name)
    scratch = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @scratch.callback()
    def _root() -> None:  # forces a group even when the module registers one command
        pass

    module.register(scratch)
    return dict(typer.main.get_group(scratch).commands)


def _cli_modules() -> list[str]:
    """The modules of this package, as ``pkgutil.iter_modules`` lists them (without its
    import cost): ``.py`` files and folders holding an ``__init__.py``."""
    names: set[str] = set()
    for folder in accord.cli.__path__:
        root = Path(folder)
        if not root.is_dir():
            continue
        for entry in root.iterdir():
            if entry.suffix == ".py" and entry.stem.isidentifier() and entry.is_file():
                names.add(entry.stem)
            elif entry.name.isidentifier() and (entry / "__init__.py").is_file():
                names.add(entry.name)
    names.discard("__init__")
    return sorted(names)


class LazyGroup(TyperGroup):
    """A typer group whose commands are imported on first use (see :data:`COMMANDS`).

    Built on typer's public API only (``typer.core.TyperGroup``, ``typer.main``): the
    click types of the overridden methods' parameters (context, formatter, command) are
    written ``Any`` because typer names them only in its private ``typer._click``.
    """

    _listing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loaded: dict[str, Any] = {}
        for module in _cli_modules():
            if module in _NOT_COMMANDS or module.startswith("_"):
                continue
            name = f"accord.cli.{module}"
            if all(module != name for module, _ in COMMANDS.values()):
                for cmd_name, cmd in _load_module_commands(name).items():
                    self.add_command(cmd, cmd_name)

    def list_commands(self, ctx: Any) -> list[str]:
        """Names of every command, loaded or not, sorted."""
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``, importing its module on first use; ``None`` for an unknown
        name. While the top-level help is listed, a stand-in holding the one-line help.
        """
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in COMMANDS:
            return None
        module_name, short = COMMANDS[cmd_name]
        if self._listing:  # the top-level help needs names and one line each, not modules
            return TyperCommand(name=cmd_name, help=short, short_help=short)
        if cmd_name not in self._loaded:
            self._loaded.update(_load_module_commands(module_name))
        return self._loaded.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The top-level help in click's plain layout, commands listed without importing them."""
        # Plain click layout for the top-level list: rich's help renderer (and the
        # markdown parser it pulls in) would double the start-up time of `accord --help`;
        # each command's own --help keeps the rich layout.
        self._listing = True
        try:
            super(TyperGroup, self).format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        """Click's command resolution; a mistyped command's error names the closest commands."""
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:  # click's UsageError ("No such command ...")
            message = getattr(exc, "message", None)
            if args and isinstance(message, str) and "Did you mean" not in message:
                import difflib  # only a mistyped command needs it

                close = difflib.get_close_matches(args[0], self.list_commands(ctx))
                if close:
                    exc.message = (
                        message.rstrip(".")
                        + ". Did you mean "
                        + (", ".join(repr(c) for c in close) + "?")
                    )
            raise


app = typer.Typer(
    name="accord",
    cls=LazyGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Model, analyze, simulate and forecast multi-party negotiations."""


def _err_console() -> Any:
    from accord.cli.common import SafeConsole  # imported when there is something to say

    return SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    if issubclass(category, AccordWarning):
        _err_console().print(f"[yellow]warning:[/yellow] {message}", markup=True)
    else:
        _err_console().print(f"warning: {message}", markup=False)


#: Library parameters whose command-line flag is not ``--`` + the name with dashes.
FLAGS = {"chunk": "--chunk-size", "rng": "--seed"}


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    warnings.showwarning = _show_warning
    try:
        app(args=argv, prog_name="accord", standalone_mode=False)
    except ParameterError as exc:  # the library names parameters; the user typed flags
        _err_console().print(f"error: {exc.for_flag(FLAGS.get(exc.parameter))}", markup=False)
        sys.exit(2)
    except AccordError as exc:
        _err_console().print(f"error: {exc}", markup=False)
        sys.exit(2)
    except typer.Abort:
        _err_console().print("aborted", markup=False)
        sys.exit(130)
    except KeyboardInterrupt:
        _err_console().print("interrupted", markup=False)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, ...
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            _err_console().print(f"error: {exc}", markup=False)
        sys.exit(int(getattr(exc, "exit_code", 2)))
    sys.exit(0)
