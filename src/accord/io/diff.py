"""What changed between two scenario documents: a list of changes, each with a path, what it
was, what it is, a category (parties, issues, options, red lines, positions, reservation
values, weights, values, calendar...) and a sentence a reader understands.

Documents are compared in canonical form (:func:`canonical`): the form accord writes, so
that two spellings of the same scenario (an option as a bare string or as a mapping) are not
reported as a change. Lists of identified items (parties, issues, red lines, options,
positions, sessions) are matched by their identity, not by their place in the list.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.io.native import scenario_from_document, scenario_to_document
from accord.io.yaml_source import Document
from accord.model import Scenario

PathPart = str | int
#: the key that identifies an item of a list, by the list's own key
_IDENTITY = {
    "positions": "issue",
    "options": "value",
    "sessions": "date",
    "representatives": "name",
    "rounds": "id",
}
_EVIDENCE_KEYS = ("evidence", "reservation_evidence")

CATEGORIES = (
    "parties",
    "issues",
    "options",
    "red lines",
    "positions",
    "reservation values",
    "weights",
    "values",
    "calendar",
    "constraints",
    "sources",
    "metadata",
    "ratification",
    "other",
)


@dataclass(frozen=True)
class Change:
    """One difference between two documents."""

    path: tuple[PathPart, ...]
    op: str  # added, removed, changed
    before: Any
    after: Any
    category: str
    summary: str
    evidence: tuple[Any, ...] = field(default=())  # the evidence document(s) that back it

    @property
    def path_text(self) -> str:
        """The path as text, e.g. ``parties[russia].red_lines[full-donbas].value``."""
        return format_path(self.path)

    def to_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dict, its path as text."""
        return {
            "category": self.category,
            "op": self.op,
            "path": self.path_text,
            "before": self.before,
            "after": self.after,
            "summary": self.summary,
            "evidence": list(self.evidence),
        }


_LIST_KEYS = frozenset(
    {
        "parties",
        "issues",
        "red_lines",
        "positions",
        "options",
        "sessions",
        "representatives",
        "sources",
        "constraints",
        "rounds",
    }
)


def format_path(path: Sequence[PathPart]) -> str:
    """A document path as text: keys joined by dots, list positions and the ids of items
    in the document's id-keyed lists (parties, issues, red lines...) in brackets, e.g.
    ``parties[russia].red_lines[full-donbas].value``."""
    out = ""
    previous: PathPart | None = None
    for p in path:
        if isinstance(p, int) or (previous is not None and str(previous) in _LIST_KEYS):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
        previous = p
    return out


def canonical(data: dict[str, Any], file: str | None = None) -> dict[str, Any]:
    """The canonical document of a native scenario document (validated on the way).

    Quotes are not checked here (there is no folder to read source files from): the talks
    record checks them against its stored sources."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*the quotes citing source", category=Warning)
        scenario = scenario_from_document(Document(data=data, file=file))
    return canonical_of(scenario, data)


def canonical_of(scenario: Scenario, raw: dict[str, Any] | None = None) -> dict[str, Any]:
    """The canonical document of ``scenario``; top-level keys of ``raw`` the written document
    lacks (a section given as ``null``) are kept as written. The ``forecast`` and
    ``uncertainty`` sections are the scenario's own typed ones, written canonically."""
    out = scenario_to_document(scenario)
    for k, v in (raw or {}).items():
        if k not in out:
            out[k] = v
    return out


def _identity(items: list[Any], key_hint: str | None) -> str | None:
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    for key in ((key_hint,) if key_hint else ()) + ("id",):
        if all(key in x for x in items):
            values = [json.dumps(x[key], sort_keys=True, default=str) for x in items]
            if len(set(values)) == len(values):
                return key
    return None


def _walk(
    a: Any, b: Any, path: tuple[PathPart, ...]
) -> Iterator[tuple[tuple[PathPart, ...], str, Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        yield from _walk_keyed(a, b, path)
        return
    if isinstance(a, list) and isinstance(b, list):
        hint = _IDENTITY.get(str(path[-1])) if path else None
        key = _identity(a, hint) if a else (_identity(b, hint) if b else None)
        if key is not None and (not b or _identity(b, key) == key):
            ia = {_label(x[key]): x for x in a}
            ib = {_label(x[key]): x for x in b}
            yield from _walk_keyed(ia, ib, path)
            if [k for k in ia if k in ib] != [k for k in ib if k in ia] and hint == "value":
                yield (*path,), "changed", [x[key] for x in a], [x[key] for x in b]
            return
        if a != b:
            yield path, "changed", a, b
        return
    if a != b or type(a) is not type(b):
        if _same_number(a, b):
            return
        yield path, "changed", a, b


def _walk_keyed(
    a: dict[Any, Any], b: dict[Any, Any], path: tuple[PathPart, ...]
) -> Iterator[tuple[tuple[PathPart, ...], str, Any, Any]]:
    """Mappings (and lists matched by identity) compare key by key, in ``a``'s order then
    ``b``'s new keys: a key only in ``a`` is removed, only in ``b`` added."""
    for k in list(a) + [k for k in b if k not in a]:
        if k not in b:
            yield (*path, k), "removed", a[k], None
        elif k not in a:
            yield (*path, k), "added", None, b[k]
        else:
            yield from _walk(a[k], b[k], (*path, k))


def _same_number(a: Any, b: Any) -> bool:
    return (
        isinstance(a, int | float)
        and isinstance(b, int | float)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
        and float(a) == float(b)
    )


def _label(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def category(path: Sequence[PathPart]) -> str:
    """The category of a change at document path ``path`` (one of :data:`CATEGORIES`).

    Read from the path's head: under a party, red lines, positions, reservation values,
    weights and values each have their own category; an issue's options, bounds and step
    count as ``options``; deadline, sessions and calendar as ``calendar``; the ratification
    stages as ``ratification``; anything
    unrecognised is ``other``.
    """
    top = str(path[0]) if path else ""
    if top == "parties":
        if len(path) <= 2:
            return "parties"
        part = str(path[2])
        if part == "red_lines":
            return "red lines"
        if part == "positions":
            return "positions"
        if part in ("reservation_value", "reservation_evidence"):
            return "reservation values"
        if part == "preferences" and len(path) > 3:
            sub = str(path[3])
            return {"weights": "weights", "values": "values"}.get(sub, "values")
        return "parties"
    if top == "issues":
        if len(path) > 2 and str(path[2]) in ("options", "min", "max", "step"):
            return "options"
        return "issues"
    if top in ("deadline", "sessions", "calendar"):
        return "calendar"
    if top in ("constraints", "sources", "metadata", "ratification"):
        return top
    return "other"


def _short(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("statement", "label", "name", "title", "id", "value", "date"):
            if key in value and isinstance(value[key], str | int | float):
                return repr(value[key]) if isinstance(value[key], str) else str(value[key])
        return "{...}"
    if isinstance(value, list):
        return f"[{len(value)} items]"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def _summary(
    path: tuple[PathPart, ...], op: str, before: Any, after: Any, names: dict[str, str]
) -> str:
    where = format_path(path)
    if path and path[0] == "parties" and len(path) > 1:
        who = names.get(str(path[1]), str(path[1]))
        rest = format_path(path[2:])
        if len(path) == 2:
            where = f"party {who}"
        elif len(path) >= 4 and path[2] == "red_lines":
            where = f"{who}'s red line {path[3]}" + (
                f" ({format_path(path[4:])})" if len(path) > 4 else ""
            )
        elif len(path) >= 4 and path[2] == "positions":
            where = f"{who}'s position on {path[3]}" + (
                f" ({format_path(path[4:])})" if len(path) > 4 else ""
            )
        elif len(path) >= 5 and path[2] == "preferences" and path[3] == "weights":
            where = f"{who}'s weight on {path[4]}"
        elif len(path) >= 5 and path[2] == "preferences" and path[3] == "values":
            where = f"{who}'s value of {format_path([p for p in path[4:] if p != 'table'])}"
        else:
            where = f"{who}'s {rest.replace('_', ' ')}"
    elif path and path[0] == "issues" and len(path) > 1:
        if len(path) == 2:
            where = f"issue {path[1]}"
        elif len(path) >= 4 and path[2] == "options":
            where = f"option {path[3]} of issue {path[1]}"
        else:
            where = f"issue {path[1]}'s {format_path(path[2:])}"
    if op == "added":
        return f"{where} added: {_short(after)}"
    if op == "removed":
        return f"{where} removed (was {_short(before)})"
    return f"{where}: {_short(before)} -> {_short(after)}"


def evidence_in(value: Any) -> list[tuple[tuple[PathPart, ...], dict[str, Any]]]:
    """Every evidence mapping inside ``value``, with its path relative to ``value``."""
    found: list[tuple[tuple[PathPart, ...], dict[str, Any]]] = []

    def visit(v: Any, path: tuple[PathPart, ...]) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                if k in _EVIDENCE_KEYS:
                    items = x if isinstance(x, list) else [x]
                    for i, e in enumerate(items):
                        if isinstance(e, dict):
                            found.append(
                                ((*path, k) if not isinstance(x, list) else (*path, k, i), e)
                            )
                else:
                    visit(x, (*path, k))
        elif isinstance(v, list):
            for i, x in enumerate(v):
                key = None
                if isinstance(x, dict):
                    for cand in ("id", "issue", "value", "date", "name"):
                        if cand in x and isinstance(x[cand], str | int):
                            key = x[cand]
                            break
                visit(x, (*path, key if key is not None else i))

    visit(value, ())
    return found


def _enclosing_evidence(doc: Any, path: tuple[PathPart, ...]) -> tuple[Any, ...]:
    """The evidence of the element at ``path`` in ``doc``, or of the nearest element above it
    that carries one (a red line's evidence backs a change of its value)."""
    nodes: list[Any] = [doc]
    for p in path:
        node = _child(nodes[-1], p)
        if node is None:
            break
        nodes.append(node)
    if len(nodes) == len(path) + 1:
        own = evidence_in(nodes[-1])
        if own:
            return tuple(e for _, e in own)
    if path and path[-1] == "reservation_value" and len(nodes) >= len(path):
        holder = nodes[len(path) - 1]
        if isinstance(holder, dict) and isinstance(holder.get("reservation_evidence"), dict):
            return (holder["reservation_evidence"],)
    for n in reversed(nodes[1:]):
        if isinstance(n, dict) and "evidence" in n:
            ev = n["evidence"]
            return tuple(ev) if isinstance(ev, list) else (ev,)
    return ()


def _child(node: Any, part: PathPart) -> Any:
    if isinstance(node, dict):
        return node.get(part) if isinstance(part, str) else None
    if isinstance(node, list):
        for x in node:
            if isinstance(x, dict):
                for cand in ("id", "issue", "value", "date", "name"):
                    if cand in x and _label(x[cand]) == part:
                        return x
        if isinstance(part, int) and 0 <= part < len(node):
            return node[part]
    return None


def diff_documents(a: dict[str, Any], b: dict[str, Any]) -> list[Change]:
    """The changes that turn document ``a`` into document ``b`` (both canonical)."""
    names = {
        str(p.get("id")): str(p.get("name", p.get("id")))
        for doc in (a, b)
        for p in doc.get("parties", [])
        if isinstance(p, dict)
    }
    out = []
    for path, op, before, after in _walk(a, b, ()):
        evidence = _enclosing_evidence(b, path) if op != "removed" else ()
        out.append(
            Change(
                path=path,
                op=op,
                before=before,
                after=after,
                category=category(path),
                summary=_summary(path, op, before, after, names),
                evidence=evidence,
            )
        )
    return out
