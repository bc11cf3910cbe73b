"""Negotiation tracks: issues that are negotiated, and may settle, together.

Peace talks rarely bargain over one package. They split the agenda into tracks (a
humanitarian track for prisoners and the dead, a military-technical one for a ceasefire and
its monitoring, a political one for territory and status), often each with its own working
group, and some tracks settle while others deadlock: the "building blocks" approach
(Pruitt 2007, "Readiness theory and the Northern Ireland peace process"; Zartman and
Berman 1982, *The Practical Negotiator*, on sequencing; Bell 2006, "Peace agreements:
their nature and legal status", on partial and framework agreements).

A track's issues always settle together. A *separable* track may settle on its own in a
partial agreement while the others stay open; a track that is not separable settles only
with every other non-separable track and the issues in no track, the core package
("nothing is agreed until everything is agreed"). ``linked_with`` joins tracks that settle
only together (symmetric and transitive); a separable track linked with one that is not
joins the core. :func:`settlement_groups` gives the groups that settle apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.model.evidence import Evidence

#: Id of the group of the non-separable tracks and of the issues in no track.
CORE = "core"


@dataclass(frozen=True, slots=True)
class Track:
    """A negotiation track: ``issues`` (ids) negotiated together, ``separable`` when it may
    settle on its own, ``linked_with`` the tracks it settles only together with, and
    ``working_groups`` the calendar rounds (ids) where the track had sessions or a working
    group of its own, each backed by the track's ``evidence``."""

    id: str
    name: str
    issues: tuple[str, ...]
    separable: bool = True
    linked_with: tuple[str, ...] = ()
    working_groups: tuple[str, ...] = ()
    note: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class SettlementGroup:
    """Issues that settle together: ``id`` (the track's id, its linked tracks' ids joined
    with ``+``, or :data:`CORE`), the ``tracks`` in it and its ``issues`` (ids, in scenario
    order). ``separable``: it may settle while other groups stay open."""

    id: str
    tracks: tuple[str, ...]
    issues: tuple[str, ...]
    separable: bool


def settlement_groups(
    tracks: tuple[Track, ...], issues: tuple[str, ...]
) -> tuple[SettlementGroup, ...]:
    """The groups of ``issues`` (ids, scenario order) that settle apart under ``tracks``
    (see the module docstring), the core group first when it has issues; ``()`` without
    tracks (the whole package settles at once, as one group)."""
    if not tracks:
        return ()
    parent = {t.id: t.id for t in tracks}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in tracks:
        for other in t.linked_with:
            if other in parent:
                parent[find(t.id)] = find(other)
    core_roots = {find(t.id) for t in tracks if not t.separable}
    by_root: dict[str, list[Track]] = {}
    for t in tracks:
        by_root.setdefault(find(t.id), []).append(t)
    tracked = {i for t in tracks for i in t.issues}
    core_tracks = [t.id for t in tracks if find(t.id) in core_roots]
    core_issues = {i for t in tracks if find(t.id) in core_roots for i in t.issues}
    core_issues |= {i for i in issues if i not in tracked}
    out = []
    if core_issues:
        out.append(
            SettlementGroup(
                CORE, tuple(core_tracks), tuple(i for i in issues if i in core_issues), False
            )
        )
    for root, members in by_root.items():
        if root in core_roots:
            continue
        mine = {i for t in members for i in t.issues}
        out.append(
            SettlementGroup(
                "+".join(t.id for t in members),
                tuple(t.id for t in members),
                tuple(i for i in issues if i in mine),
                True,
            )
        )
    return tuple(out)
