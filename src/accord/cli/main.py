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
import re
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from typer import _click as click  # typer >= 0.29 ships its own click
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
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

_NOT_COMMANDS = {"main", "common"}

#: An integer as typed that converts the same under int() as under typer's own (pydantic)
#: conversion; anything else (signs, spaces, underscores, huge values) goes to typer's.
_PLAIN_INT = re.compile(r"-?[0-9]{1,18}")


@dataclass(frozen=True)
class _QuickParam(RuntimeParam):
    """Conversion of a plain ``str``, ``int``, ``bool``, ``Path`` or ``list[str]``
    parameter without typer's
    pydantic adapter: typer builds one per parameter on every run (pydantic's import and
    schema building are a large part of a command's start-up). Values converted here are
    the ones typer's adapter returns; any other value (an error included) goes to typer's
    own conversion, built when first needed, so messages and results are unchanged."""

    descriptor: TypeDescriptor | None = None
    _slow: list[RuntimeParam] = field(default_factory=list)

    def _coerce_value(self, value: Any, param: Any, ctx: click.Context) -> Any:
        kind = self.annotation
        if kind is str and type(value) is str:
            return value
        if kind is bool and type(value) is bool:
            return value
        if kind is int:
            if type(value) is int:
                return value
            if type(value) is str and _PLAIN_INT.fullmatch(value):
                return int(value)
        if (
            kind == list[str]
            and isinstance(value, (list, tuple))
            and all(type(v) is str for v in value)
        ):
            return list(value)
        if not self._slow:
            assert self.descriptor is not None
            self._slow.append(build_runtime_param(self.descriptor))
        return self._slow[0]._coerce_value(value, param, ctx)


def _quick_conversions(params: list[click.Parameter]) -> list[click.Parameter]:
    """Give the plain parameters among ``params`` a :class:`_QuickParam` (see there)."""
    for param in params:
        desc = getattr(param, "type_descriptor", None)
        if not isinstance(desc, TypeDescriptor) or getattr(param, "_runtime_param", 0) is not None:
            continue
        info = desc.parameter_info
        plain = info.parser is None and info.min is None and info.max is None
        if plain and desc.file_annotation is None and desc.annotation in _QUICK_KINDS:
            param._runtime_param = _QuickParam(  # type: ignore[attr-defined]
                parameter_info=info, annotation=desc.annotation, descriptor=desc
            )
    return params


_QUICK_KINDS = (str, int, bool, Path, list[str])


def _quick_command(command: click.Command) -> None:
    """Quick conversions for ``command``'s parameters, its ``--help`` included (click
    adds that one when the command is parsed)."""
    own = command.get_params

    def get_params(ctx: click.Context) -> list[click.Parameter]:
        return _quick_conversions(own(ctx))

    command.get_params = get_params  # type: ignore[method-assign]


def _load_module_commands(module_name: str) -> dict[str, click.Command]:
    """Import ``module_name`` and return the click commands its ``register`` defines."""
    module = importlib.import_module(module_name)
    scratch = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @scratch.callback()
    def _root() -> None:  # forces a group even when the module registers one command
        pass

    module.register(scratch)
    group = typer.main.get_group(scratch)
    for command in group.commands.values():
        _quick_command(command)
    return dict(group.commands)


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
    """A typer group whose commands are imported on first use (see :data:`COMMANDS`)."""

    _listing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loaded: dict[str, click.Command] = {}
        for module in _cli_modules():
            if module in _NOT_COMMANDS or module.startswith("_"):
                continue
            name = f"accord.cli.{module}"
            if all(module != name for module, _ in COMMANDS.values()):
                for cmd_name, cmd in _load_module_commands(name).items():
                    self.add_command(cmd, cmd_name)

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        """The group's parameters, plain ones converted without typer's per-parameter adapters."""
        return _quick_conversions(super().get_params(ctx))

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Names of every command, loaded or not, sorted."""
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
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

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The top-level help in click's plain layout, commands listed without importing them."""
        # Plain click layout for the top-level list: rich's help renderer (and the
        # markdown parser it pulls in) would double the start-up time of `accord --help`;
        # each command's own --help keeps the rich layout.
        self._listing = True
        try:
            super(TyperGroup, self).format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Click's command resolution; a mistyped command's error names the closest commands."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.UsageError as exc:
            if args and "Did you mean" not in exc.message:
                import difflib  # only a mistyped command needs it

                close = difflib.get_close_matches(args[0], self.list_commands(ctx))
                if close:
                    exc.message = (
                        exc.message.rstrip(".")
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
