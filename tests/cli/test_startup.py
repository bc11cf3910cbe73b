"""Lazy command registration: ``accord --help`` lists every command without importing any
command module, each listed command exists in the module named for it, and no command
module is left out of the table (it would be imported at every start-up)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

import accord.cli
from accord.cli.main import COMMANDS, _load_module_commands, app

SRC = Path(accord.cli.__file__).resolve().parents[2]
HEAVY = ("scipy", "fastapi", "matplotlib", "ortools", "pyarrow", "pandas", "dask", "sqlalchemy")


def _modules_after(code: str) -> set[str]:
    """Module names loaded by a fresh interpreter running ``code``."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_every_command_module_is_in_the_table() -> None:
    listed = {module for module, _ in COMMANDS.values()}
    for info in pkgutil.iter_modules(accord.cli.__path__):
        if info.name in {"main", "common", "options"} or info.name.startswith("_"):
            continue
        assert f"accord.cli.{info.name}" in listed, (
            f"accord/cli/{info.name}.py is not in COMMANDS (src/accord/cli/main.py)"
        )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_listed_command_is_defined_by_its_module(name: str) -> None:
    module, short = COMMANDS[name]
    assert name in _load_module_commands(module)
    assert short and "\n" not in short and len(short) <= 100


@pytest.mark.slow
def test_help_lists_every_command_without_importing_them() -> None:
    loaded = _modules_after(
        "from accord.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    command_modules = {m for m, _ in COMMANDS.values()}
    assert not (loaded & command_modules)
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert "accord.analysis" not in loaded and "accord.io" not in loaded


@pytest.mark.slow
def test_import_accord_is_light() -> None:
    loaded = _modules_after("import accord")
    assert not {m for m in loaded if m.split(".")[0] in (*HEAVY, "numpy", "pydantic")}


@pytest.mark.slow
def test_a_command_imports_only_its_own_module() -> None:
    loaded = _modules_after(
        "from accord.cli.main import main\ntry:\n    main(['schema'])\nexcept SystemExit:\n    pass"
    )
    assert "accord.cli.show" in loaded
    assert not (loaded & ({m for m, _ in COMMANDS.values()} - {"accord.cli.show"}))


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from accord.cli.main import main

    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2
    assert "No such command 'no-such-command'" in capsys.readouterr().err


def test_help_text_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from accord.cli.main import main

    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert f" {name} " in out
    group = typer.main.get_command(app)
    assert sorted(group.list_commands(typer.Context(group))) == sorted(COMMANDS)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_no_private_typer_module_is_used() -> None:
    """The command line uses typer's public API only: nothing under ``typer._*`` (its
    vendored click, its coercion machinery) is imported anywhere in the package, so a typer
    release that reworks its internals cannot break accord silently."""
    import ast

    private = []
    for path in sorted((SRC / "accord").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] in {"typer", "click"} and any(p.startswith("_") for p in parts[1:]):
                    private.append(f"{path.relative_to(SRC)}:{node.lineno}: {name}")
    assert private == []
    assert len(list((SRC / "accord" / "cli").glob("*.py"))) > 10
