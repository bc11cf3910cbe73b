"""Comparison of two scenarios: document changes and the effect on the analysis."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.analysis import Analysis, analyze
from accord.errors import AccordError
from accord.io.diff import CATEGORIES, Change, canonical_of, diff_documents
from accord.io.snapshot import (
    Package,
    RequirementKey,
    Snapshot,
    SnapshotPartial,
    SnapshotRelaxation,
    SweepFigures,
)
from accord.model import Scenario

SCHEMA = "accord.compare/1"


def _keys(refs: Any) -> tuple[RequirementKey, ...]:
    return tuple(RequirementKey(r.party, r.red_line) for r in refs)


def _key(refs: tuple[RequirementKey, ...]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((r.party, r.red_line) for r in refs))


def summary_of(scenario: Scenario, analysis: Analysis | None = None) -> Snapshot:
    """The compact analysis of ``scenario`` kept per record version and used by compare
    (:class:`~accord.io.snapshot.Snapshot`): the ZOPA, conflicts, relaxations, partial
    agreements, the Nash package, the deadline. A scenario that cannot be analysed gives a
    snapshot whose ``error`` says why."""
    if analysis is None:
        try:
            analysis = analyze(scenario, top=1)
        except AccordError as exc:
            return Snapshot(error=str(exc))
    a = analysis
    nash = a.solutions.get("nash")
    dl = a.deadlock
    deadline = getattr(scenario.deadline, "date", None) if scenario.deadline else None
    return Snapshot(
        scenario=scenario.id,
        n_outcomes=a.n_outcomes,
        zopa=a.zopa,
        bargaining_parties=tuple(p.id for p in scenario.parties if p.bargaining),
        conflicts=tuple(_keys(c) for c in dl.conflicts) if dl else (),
        relaxations=tuple(
            SnapshotRelaxation(
                changes=_keys(rx.changes),
                zopa_size=rx.zopa_size,
                package=dict(rx.package.outcome),
                utilities=_round(rx.package.utilities),
            )
            for rx in dl.relaxations
        )
        if dl
        else (),
        partial_agreements=tuple(
            SnapshotPartial(issues=tuple(pa.issues), zopa_size=pa.zopa_size, maximal=pa.maximal)
            for pa in a.partial_agreements
        ),
        nash=None if nash is None else Package(dict(nash.outcome), _round(nash.utilities)),
        deadline=None if deadline is None else str(deadline),
    )


@dataclass(frozen=True)
class Comparison:
    """Two scenarios side by side: ``changes`` turn A into B; ``before``/``after`` are their
    analysis snapshots (:func:`summary_of`, with the sweep's figures where swept), ``effect``
    what the changes did."""

    a: str
    b: str
    changes: tuple[Change, ...]
    before: Snapshot
    after: Snapshot
    effect: dict[str, Any] = field(default_factory=dict)

    def by_category(self) -> dict[str, list[Change]]:
        """The changes grouped by category, in the order of :data:`accord.io.diff.CATEGORIES`
        (categories without a change left out).
        """
        out: dict[str, list[Change]] = {c: [] for c in CATEGORIES}
        for ch in self.changes:
            out.setdefault(ch.category, []).append(ch)
        return {k: v for k, v in out.items() if v}

    def to_dict(self) -> dict[str, Any]:
        """The comparison in the JSON schema ``accord.compare/1``: the changes by category, and
        under ``analysis`` the two summaries with the effect of the changes.
        """
        return {
            "schema": SCHEMA,
            "a": self.a,
            "b": self.b,
            "changes": {k: [c.to_dict() for c in v] for k, v in self.by_category().items()},
            "analysis": {
                "before": self.before.to_dict(),
                "after": self.after.to_dict(),
                **self.effect,
            },
        }


def _odds(s: Snapshot) -> dict[str, Any]:
    return {
        "p_full": s.p_full,
        "p_partial": s.p_partial,
        "deadline": s.deadline,
        "sweep_runs": s.sweep_runs,
    }


def _effect(before: Snapshot, after: Snapshot) -> dict[str, Any]:
    cb = {_key(c): c for c in before.conflicts}
    ca = {_key(c): c for c in after.conflicts}
    rb = {r.key: r for r in before.relaxations}
    ra = {r.key: r for r in after.relaxations}
    pb = {p.issues: p for p in before.partial_agreements if p.maximal}
    pa = {p.issues: p for p in after.partial_agreements if p.maximal}
    nb, na = before.nash, after.nash
    parties = list(
        dict.fromkeys(
            [
                *before.bargaining_parties,
                *after.bargaining_parties,
                *(nb.utilities if nb else {}),
                *(na.utilities if na else {}),
            ]
        )
    )
    return {
        "zopa_size": {"before": before.zopa_size, "after": after.zopa_size},
        "n_outcomes": {"before": before.n_outcomes, "after": after.n_outcomes},
        "conflicts_added": [[r.to_dict() for r in ca[k]] for k in ca if k not in cb],
        "conflicts_removed": [[r.to_dict() for r in cb[k]] for k in cb if k not in ca],
        "relaxations_added": [ra[k].to_dict() for k in ra if k not in rb],
        "relaxations_removed": [rb[k].to_dict() for k in rb if k not in ra],
        "nash": {
            "before": None if nb is None else nb.to_dict(),
            "after": None if na is None else na.to_dict(),
            "changed": (None if nb is None else nb.package) != (None if na is None else na.package),
            "utility_change": {
                p: None
                if nb is None or na is None or p not in nb.utilities or p not in na.utilities
                else round(na.utilities[p] - nb.utilities[p], 6)
                for p in parties
            },
        },
        "partial_agreements_added": [pa[k].to_dict() for k in pa if k not in pb],
        "partial_agreements_removed": [pb[k].to_dict() for k in pb if k not in pa],
        "p_agreement": {"before": _odds(before), "after": _odds(after)},
    }


def compare_scenarios(
    a: Scenario,
    b: Scenario,
    *,
    label_a: str = "A",
    label_b: str = "B",
    raw_a: Mapping[str, Any] | None = None,
    raw_b: Mapping[str, Any] | None = None,
    sweep_a: SweepFigures | None = None,
    sweep_b: SweepFigures | None = None,
) -> Comparison:
    """Compare two scenarios. ``raw_*`` are their documents as written (for parts the model
    does not hold, such as ``uncertainty``); ``sweep_*`` are the figures of a sweep of each
    (P(full), P(partial), runs) to show beside the analysis."""
    doc_a = canonical_of(a, dict(raw_a) if raw_a else None)
    doc_b = canonical_of(b, dict(raw_b) if raw_b else None)
    changes = tuple(diff_documents(doc_a, doc_b))
    before, after = summary_of(a), summary_of(b)
    if sweep_a is not None:
        before = before.with_sweep(sweep_a)
    if sweep_b is not None:
        after = after.with_sweep(sweep_b)
    return Comparison(label_a, label_b, changes, before, after, _effect(before, after))


def _round(utilities: Mapping[str, float]) -> dict[str, float]:
    return {k: round(float(v), 6) for k, v in utilities.items()}
