"""Scenario keys renamed so that each word has one meaning (docs/deprecations.md).

A *round* is a meeting of the delegations (the calendar's rounds of talks); a step of a
negotiation protocol, one offer and the answers to it, is an *exchange*. The scenario keys
that counted protocol steps as "rounds" now say "exchanges":

========================================  ==========================================
former key                                key
========================================  ==========================================
``deadline.rounds``                       ``deadline.exchanges``
``sessions[].rounds``                     ``sessions[].exchanges``
``calendar.past[].sessions[].rounds``     ``calendar.past[].sessions[].exchanges``
``calendar.future[].rounds_per_session``  ``calendar.future[].exchanges_per_session``
``calendar.expected.rounds_per_session``  ``calendar.expected.exchanges_per_session``
``drift: {per: round}`` (uncertainty)     ``drift: {per: exchange}``
========================================  ==========================================

:func:`read_former_keys` reads a document written with the former keys as if it had the
new ones, with one :class:`~accord.errors.AccordWarning` naming the file and every former
key found, until accord 0.3.0; accord writes the new keys only.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Iterator
from typing import Any

from accord.errors import AccordWarning
from accord.io.yaml_source import Document, PathPart

#: The release that stops reading the former keys.
REMOVED_IN = "0.3.0"


def _mappings(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], list[PathPart], str, str]]:
    """Every mapping of ``data`` that may hold a renamed key: the mapping, its path, the
    former key and the new one."""

    def items(parent: Any, key: str) -> Iterator[tuple[dict[str, Any], list[PathPart]]]:
        seq = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(seq, list):
            for i, x in enumerate(seq):
                if isinstance(x, dict):
                    yield x, [key, i]

    deadline = data.get("deadline")
    if isinstance(deadline, dict):
        yield deadline, ["deadline"], "rounds", "exchanges"
    for s, loc in items(data, "sessions"):
        yield s, loc, "rounds", "exchanges"
    cal = data.get("calendar")
    if isinstance(cal, dict):
        for r, loc in items(cal, "past"):
            for s, sloc in items(r, "sessions"):
                yield s, ["calendar", *loc, *sloc], "rounds", "exchanges"
        for f, loc in items(cal, "future"):
            yield f, ["calendar", *loc], "rounds_per_session", "exchanges_per_session"
        expected = cal.get("expected")
        if isinstance(expected, dict):
            yield expected, ["calendar", "expected"], "rounds_per_session", "exchanges_per_session"


def _drifts(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], list[PathPart]]]:
    """Every ``drift`` mapping of the uncertainty section, with its path."""
    section = data.get("uncertainty")
    parties = section.get("parties") if isinstance(section, dict) else None
    if not isinstance(parties, dict):
        return
    for pid, body in parties.items():
        if not isinstance(body, dict):
            continue
        for key, dist in body.items():
            if isinstance(dist, dict) and isinstance(dist.get("drift"), dict):
                yield dist["drift"], ["uncertainty", "parties", str(pid), str(key), "drift"]


def _path(loc: list[PathPart]) -> str:
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def read_former_keys(doc: Document) -> Document:
    """``doc`` with every former key of the table above under its new name (``doc`` itself
    when it has none), and one :class:`~accord.errors.AccordWarning` listing them.

    A mapping that gives both names with different values is refused with a
    :class:`~accord.errors.ScenarioError` naming the file, line and path; with equal
    values the former one is dropped.
    """
    data = doc.data
    if not isinstance(data, dict):
        return doc
    if not any(old in m for m, _, old, _ in _mappings(data)) and not any(
        d.get("per") == "round" for d, _ in _drifts(data)
    ):
        return doc
    data = copy.deepcopy(data)
    where: list[str] = []
    for m, loc, old, new in _mappings(data):
        if old not in m:
            continue
        if new in m and m[new] != m[old]:
            raise doc.error(
                f"{old} ({m[old]!r}) and {new} ({m[new]!r}) disagree: {old} is the former "
                f"name of {new}; give {new} only",
                [*loc, old],
            )
        value = m.pop(old)
        m.setdefault(new, value)
        line = doc.line([*loc, old])
        where.append(f"{_path([*loc, old])}" + (f" (line {line})" if line else ""))
    for d, loc in _drifts(data):
        if d.get("per") == "round":
            d["per"] = "exchange"
            line = doc.line([*loc, "per"])
            where.append(f"{_path([*loc, 'per'])}: round" + (f" (line {line})" if line else ""))
    shown = ", ".join(where[:6]) + (f" and {len(where) - 6} more" if len(where) > 6 else "")
    warnings.warn(
        f"{doc.file or 'scenario'}: former key names counting exchanges (protocol steps) as "
        f"rounds: {shown}; write exchanges, exchanges_per_session and per: exchange "
        f"(`accord convert` writes them). They are read until accord {REMOVED_IN} "
        "(docs/deprecations.md)",
        AccordWarning,
        stacklevel=3,
    )
    return Document(data=data, file=doc.file, root=doc.root, json_text=doc.json_text)


__all__ = ["REMOVED_IN", "read_former_keys"]
