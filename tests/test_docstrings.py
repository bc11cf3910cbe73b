"""Every public definition of the package has a docstring.

Public, read from the source (AST): a class or function defined at module level, or in the
body of a public class (methods, properties, nested classes), whose name does not start
with ``_``, in any module of ``src/accord`` whose own name does not start with ``_``
(``__init__`` and ``__main__`` count). Not counted: functions nested in functions
(they are implementation), dunder methods (their meaning is the language's), and Alembic
migration scripts under ``record/migrations/`` (Alembic calls their ``upgrade`` and
``downgrade`` by name; each script's module docstring says what the revision does).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "accord"

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _modules() -> list[Path]:
    return [
        p
        for p in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in p.relative_to(PACKAGE).parts
        and not (p.stem.startswith("_") and p.stem not in ("__init__", "__main__"))
    ]


def _public(body: list[ast.stmt], prefix: str) -> list[tuple[str, ast.AST]]:
    """The public definitions in ``body`` (recursively through public classes)."""
    out: list[tuple[str, ast.AST]] = []
    for node in body:
        if isinstance(node, (ast.If, ast.Try)):
            # definitions under ``if TYPE_CHECKING:`` or ``try: ... except ImportError:``
            branches = [node.body, node.orelse]
            if isinstance(node, ast.Try):
                branches += [h.body for h in node.handlers] + [node.finalbody]
            for branch in branches:
                out += _public(branch, prefix)
            continue
        if not isinstance(node, _DEFS) or node.name.startswith("_"):
            continue
        out.append((prefix + node.name, node))
        if isinstance(node, ast.ClassDef):
            out += _public(node.body, f"{prefix}{node.name}.")
    return out


def _definitions() -> list[tuple[str, int, str, bool]]:
    """(file relative to src, line, qualified name, has a docstring) for each definition."""
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = path.relative_to(SRC).as_posix()
        for name, node in _public(tree.body, ""):
            assert isinstance(node, _DEFS)
            doc = ast.get_docstring(node)
            found.append((rel, node.lineno, name, bool(doc and doc.strip())))
    return found


@pytest.mark.slow
def test_the_walker_sees_the_package() -> None:
    # a walker that finds nothing would pass the test below: the package has over 900
    defs = _definitions()
    assert len(defs) > 800, len(defs)
    names = {name for _, _, name, _ in defs}
    # a class, a method and a property, each known to exist
    assert {"Scenario", "Scenario.party", "Scenario.n_outcomes"} <= names
    assert not any(name.split(".")[-1].startswith("_") for name in names)


def test_the_walker_counts_what_it_should() -> None:
    source = """
def f():
    def inner(): pass
class A:
    \"\"\"Documented.\"\"\"
    def m(self): pass
    @property
    def p(self): return 1
    def _private(self): pass
    def __repr__(self): return ""
    class B:
        def n(self): pass
class _Hidden:
    def m(self): pass
if TYPE_CHECKING:
    def g(): pass
"""
    found = {name: ast.get_docstring(node) for name, node in _public(ast.parse(source).body, "")}
    assert set(found) == {"f", "A", "A.m", "A.p", "A.B", "A.B.n", "g"}
    assert [name for name, doc in found.items() if doc] == ["A"]


@pytest.mark.slow
def test_every_public_definition_has_a_docstring() -> None:
    missing = [f"{rel}:{line} {name}" for rel, line, name, ok in _definitions() if not ok]
    assert not missing, f"{len(missing)} public definitions without a docstring:\n" + "\n".join(
        missing
    )
