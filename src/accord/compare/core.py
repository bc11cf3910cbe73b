"""Comparison of two scenarios: document changes and the effect on the analysis."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.analysis import Analysis, analyze
from accord.errors import AccordError
from accord.io.diff import CATEGORIES, Change, canonical_of, diff_documents
from accord.model import Scenario

SCHEMA = "accord.compare/1"


def _ref(r: Any) -> dict[str, str]:
    return {"party": r.party, "red_line": r.red_line}


def _key(refs: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((r["party"], r["red_line"]) for r in refs))


def summary_of(scenario: Scenario, analysis: Analysis | None = None) -> dict[str, Any]:
    """The compact analysis of ``scenario`` kept per record version and used by compare:
    ZOPA size, conflicts, relaxations, partial agreements, the Nash package, the deadline."""
    if analysis is None:
        try:
            analysis = analyze(scenario, top=1)
        except AccordError as exc:
            return {"error": str(exc), "n_outcomes": None, "zopa_size": None}
    a = analysis
    bargaining = [p.id for p in scenario.parties if p.bargaining]
    nash = a.solutions.get("nash")
    dl = a.deadlock
    deadline = getattr(scenario.deadline, "date", None) if scenario.deadline else None
    return {
        "scenario": scenario.id,
        "n_outcomes": a.n_outcomes,
        "zopa_size": a.zopa.size,
        "has_zopa": a.zopa.exists is True,
        "bargaining_parties": bargaining,
        "conflicts": [[_ref(r) for r in c] for c in dl.conflicts] if dl else [],
        "relaxations": [
            {
                "changes": [_ref(r) for r in rx.changes],
                "zopa_size": rx.zopa_size,
                "package": dict(rx.package.outcome),
                "utilities": _round(rx.package.utilities),
            }
            for rx in dl.relaxations
        ]
        if dl
        else [],
        "partial_agreements": [
            {"issues": list(pa.issues), "zopa_size": pa.zopa_size, "maximal": pa.maximal}
            for pa in a.partial_agreements
        ],
        "nash": None
        if nash is None
        else {"package": dict(nash.outcome), "utilities": _round(nash.utilities)},
        "deadline": None if deadline is None else str(deadline),
    }


@dataclass(frozen=True)
class Comparison:
    """Two scenarios side by side: ``changes`` turn A into B; ``before``/``after`` are their
    analysis summaries (:func:`summary_of`), ``effect`` what the changes did."""

    a: str
    b: str
    changes: tuple[Change, ...]
    before: dict[str, Any]
    after: dict[str, Any]
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
            "analysis": {"before": self.before, "after": self.after, **self.effect},
        }


def _effect(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    cb = {_key(c): c for c in before.get("conflicts", [])}
    ca = {_key(c): c for c in after.get("conflicts", [])}
    rb = {_key(r["changes"]): r for r in before.get("relaxations", [])}
    ra = {_key(r["changes"]): r for r in after.get("relaxations", [])}
    pb = {tuple(p["issues"]): p for p in before.get("partial_agreements", []) if p["maximal"]}
    pa = {tuple(p["issues"]): p for p in after.get("partial_agreements", []) if p["maximal"]}
    nb, na = before.get("nash"), after.get("nash")
    parties = list(
        dict.fromkeys(
            [
                *before.get("bargaining_parties", []),
                *after.get("bargaining_parties", []),
                *(nb or {}).get("utilities", {}),
                *(na or {}).get("utilities", {}),
            ]
        )
    )
    return {
        "zopa_size": {"before": before.get("zopa_size"), "after": after.get("zopa_size")},
        "n_outcomes": {"before": before.get("n_outcomes"), "after": after.get("n_outcomes")},
        "conflicts_added": [ca[k] for k in ca if k not in cb],
        "conflicts_removed": [cb[k] for k in cb if k not in ca],
        "relaxations_added": [ra[k] for k in ra if k not in rb],
        "relaxations_removed": [rb[k] for k in rb if k not in ra],
        "nash": {
            "before": nb,
            "after": na,
            "changed": (nb or {}).get("package") != (na or {}).get("package"),
            "utility_change": {
                p: None
                if nb is None or na is None or p not in nb["utilities"] or p not in na["utilities"]
                else round(na["utilities"][p] - nb["utilities"][p], 6)
                for p in parties
            },
        },
        "partial_agreements_added": [pa[k] for k in pa if k not in pb],
        "partial_agreements_removed": [pb[k] for k in pb if k not in pa],
        "p_agreement": {
            "before": {k: before.get(k) for k in ("p_full", "p_partial", "deadline", "sweep_runs")},
            "after": {k: after.get(k) for k in ("p_full", "p_partial", "deadline", "sweep_runs")},
        },
    }


def compare_scenarios(
    a: Scenario,
    b: Scenario,
    *,
    label_a: str = "A",
    label_b: str = "B",
    raw_a: Mapping[str, Any] | None = None,
    raw_b: Mapping[str, Any] | None = None,
    extra_a: Mapping[str, Any] | None = None,
    extra_b: Mapping[str, Any] | None = None,
) -> Comparison:
    """Compare two scenarios. ``raw_*`` are their documents as written (for parts the model
    does not hold, such as ``uncertainty``); ``extra_*`` are swept probabilities
    (``p_full``, ``p_partial``, ``sweep_runs``) to show beside the analysis."""
    doc_a = canonical_of(a, dict(raw_a) if raw_a else None)
    doc_b = canonical_of(b, dict(raw_b) if raw_b else None)
    changes = tuple(diff_documents(doc_a, doc_b))
    before = {**summary_of(a), **dict(extra_a or {})}
    after = {**summary_of(b), **dict(extra_b or {})}
    return Comparison(label_a, label_b, changes, before, after, _effect(before, after))


def _round(utilities: Mapping[str, float]) -> dict[str, float]:
    return {k: round(float(v), 6) for k, v in utilities.items()}
