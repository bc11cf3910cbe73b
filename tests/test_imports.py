"""The package's imports follow the floors of docs/architecture.md, with no cycle, and
every module imports on its own.

The graph is read from the source (AST): an edge ``a -> b`` for every ``import b`` or
``from b import ...`` in module ``a`` (to ``b.name`` when that is a module), wherever it
stands: function bodies, ``try`` blocks and ``if TYPE_CHECKING:`` blocks included, and for
every ``importlib.import_module("...")`` with a literal name. The floors hold for every
edge. The module-cycle check leaves out the ``TYPE_CHECKING`` edges: they never run, so
two modules naming each other's types in annotations make no loop at import time (each
module still imports on its own: the last test). Names computed at run time
(``import_module(f"accord.{name}")``) cannot be read statically.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "accord"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _literal_import(node: ast.Call) -> str | None:
    """The module named by ``importlib.import_module("a.b")`` / ``import_module("a.b")``."""
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    if name not in {"import_module", "__import__"} or not node.args:
        return None
    arg = node.args[0]
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def _imports(name: str, path: Path, modules: set[str]) -> tuple[set[str], set[str]]:
    """The modules ``name`` imports: (those run at import or call time, those named only
    under ``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    typing_only: set[str] = set()

    def visit(node: ast.AST, into: set[str]) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.body:
                visit(child, typing_only)
            for child in node.orelse:
                visit(child, into)
            return
        if isinstance(node, ast.Import):
            into.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # ``from pkg import mod`` imports the module; ``from mod import name`` the module
            subs = {f"{target}.{a.name}" for a in node.names} & modules
            into.update(subs)
            if len(subs) < len(node.names):
                into.add(target)
        elif isinstance(node, ast.Call) and (literal := _literal_import(node)):
            into.add(literal)
        for child in ast.iter_child_nodes(node):
            visit(child, into)

    visit(tree, found)

    def ours(names: set[str]) -> set[str]:
        return {m for m in names if m in modules and m != name}

    return ours(found), ours(typing_only) - ours(found)


def _all_edges() -> dict[str, tuple[set[str], set[str]]]:
    modules = _modules()
    names = set(modules)
    return {m: _imports(m, p, names) for m, p in modules.items()}


def _graph() -> dict[str, set[str]]:
    """Module -> the modules it imports at run time (``TYPE_CHECKING`` blocks left out)."""
    return {m: run for m, (run, _typing) in _all_edges().items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


@pytest.mark.slow
def test_no_import_cycle() -> None:
    graph = _graph()
    assert len(graph) > 50
    cycles = _cycles(graph)
    assert cycles == [], "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def _floors() -> dict[str, int]:
    """Unit -> floor, read from the table of docs/architecture.md (``| 5 | `a`, `b` |``)."""
    floors: dict[str, int] = {}
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\|\s*(\d+)\s*\|(.*)\|\s*", line)
        if m:
            for unit in re.findall(r"`([\w.]+)`", m.group(2)):
                assert unit not in floors, f"docs/architecture.md puts {unit} on two floors"
                floors[unit] = int(m.group(1))
    return floors


def _unit(module: str) -> str:
    """``accord.sweep.job`` -> ``sweep``; ``accord.tolerance`` -> ``tolerance``;
    ``accord`` -> ``accord``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _against_the_floors(edges: dict[str, set[str]], floors: dict[str, int]) -> list[str]:
    """Each import of a unit on the same floor (a sibling) or above, as ``a -> b``."""
    wrong = []
    for a, targets in sorted(edges.items()):
        for b in sorted(targets):
            ua, ub = _unit(a), _unit(b)
            if ua != ub and floors[ub] >= floors[ua]:
                wrong.append(f"{a} (floor {floors[ua]}) -> {b} (floor {floors[ub]})")
    return wrong


def test_the_floors_are_written_down() -> None:
    floors = _floors()
    assert {"model", "space", "analysis", "negotiation", "cli", "web"} <= set(floors)
    assert floors["model"] < floors["space"] < floors["analysis"] < floors["sweep"]
    assert floors["analysis"] == floors["negotiation"] == floors["forecast"]
    assert floors["evaluate"] > max(floors["analysis"], floors["negotiation"])


def test_every_unit_has_a_floor() -> None:
    floors = _floors()
    units = {_unit(m) for m in _modules()} | {
        p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")
    }
    missing = sorted(units - set(floors))
    assert missing == [], f"give these a floor in docs/architecture.md: {missing}"


@pytest.mark.slow
def test_every_import_follows_the_floors() -> None:
    """Every import, lazy and ``TYPE_CHECKING`` ones included, points down a floor."""
    edges = {m: run | typing for m, (run, typing) in _all_edges().items()}
    assert sum(len(v) for v in edges.values()) > 500
    wrong = _against_the_floors(edges, _floors())
    assert wrong == [], "imports against docs/architecture.md:\n" + "\n".join(wrong)


@pytest.mark.slow
def test_no_cycle_between_units() -> None:
    units: dict[str, set[str]] = {}
    for a, (run, typing) in _all_edges().items():
        units.setdefault(_unit(a), set()).update(_unit(b) for b in run | typing)
    for u, targets in units.items():
        targets.discard(u)
    cycles = _cycles(units)
    assert cycles == [], "cycles between units:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_the_floor_check_finds_a_wrong_import(tmp_path: Path) -> None:
    """The reader finds a lazy import inside a function and a literal import_module, and
    the check flags an import upwards and one between siblings."""
    mod = tmp_path / "m.py"
    mod.write_text(
        "import importlib\n"
        "def f():\n"
        "    from accord.web import plot\n"
        "    return importlib.import_module('accord.analysis')\n",
        encoding="utf-8",
    )
    names = {"accord.web", "accord.web.plot", "accord.analysis", "accord.negotiation.x"}
    run, typing = _imports("accord.negotiation.x", mod, names)
    assert run == {"accord.web.plot", "accord.analysis"} and typing == set()
    floors = _floors()
    wrong = _against_the_floors({"accord.negotiation.x": run}, floors)
    assert len(wrong) == 2 and all(w.startswith("accord.negotiation.x") for w in wrong)
    assert _against_the_floors({"accord.web.plot": {"accord.report.style"}}, floors) == []


# Alembic's migration scripts run inside Alembic's context, not as importable modules
SCRIPTS = ("accord.record.migrations.",)


@pytest.mark.parametrize("module", sorted(m for m in _modules() if not m.startswith(SCRIPTS)))
def test_every_module_imports_on_its_own(module: str) -> None:
    importlib.import_module(module)
