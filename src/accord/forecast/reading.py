"""A forecast read back against the scenario it came from.

The forecasting models work on a 0-100 scale per ordinal or numeric issue
(:mod:`accord.forecast.scenario`). This module says what that leaves out and what the
numbers mean: the categorical issues the models cannot forecast (they have no order, so a
"position between" two options means nothing; they are listed, not silently dropped), each
position's nearest option (``donbas 61.8`` is nearest to "Demilitarized zone"), and every
forecast position whose nearest option crosses a red line of the party holding it.

>>> from accord.io import load_scenario
>>> from accord.forecast import actor_table_from_scenario, run_forecast
>>> sc = load_scenario()
>>> f = run_forecast(actor_table_from_scenario(sc), "eum")
>>> r = read_forecast(sc, f)
>>> [x["issue"] for x in r.left_out]
['znpp', 'ceasefire_monitoring', 'energy_truce']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.forecast.result import Forecast
from accord.forecast.scenario import issue_scale
from accord.model import Issue, IssueKind, Scenario


@dataclass(frozen=True, slots=True)
class ForecastReading:
    """What a scenario forecast leaves out and what its positions mean."""

    left_out: tuple[dict[str, Any], ...]
    outcome_labels: dict[str, str | None]
    final_labels: dict[str, dict[str, str | None]]  # actor -> issue -> label
    crossings: tuple[dict[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The reading as a JSON-ready dict: ``issues_left_out``, ``outcome_labels``,
        ``final_labels`` (actor to issue to label) and ``red_line_crossings``.
        """
        return {
            "issues_left_out": list(self.left_out),
            "outcome_labels": dict(self.outcome_labels),
            "final_labels": {a: dict(v) for a, v in self.final_labels.items()},
            "red_line_crossings": list(self.crossings),
        }


def left_out_issues(sc: Scenario, dimensions: tuple[str, ...]) -> list[dict[str, Any]]:
    """The scenario's issues a forecast on ``dimensions`` does not cover, and why."""
    out = []
    for issue in sc.issues:
        if issue.id in dimensions:
            continue
        reason = (
            _categorical_reason(sc, issue)
            if issue.kind is IssueKind.CATEGORICAL
            else "not selected (--dimension)"
        )
        out.append(
            {"issue": issue.id, "name": issue.name, "kind": str(issue.kind), "reason": reason}
        )
    return out


def _categorical_reason(sc: Scenario, issue: Issue) -> str:
    """Why the spatial models leave out a categorical issue, and whether the scenario could
    let them take it: a scale needs one order of the options that every actor shares. Two
    options always make one (a yes/no issue); more make one only when every party's values
    rank them alike (ties aside). The models never pick an order themselves: declaring the
    issue ordinal, in that order, is the analyst's call."""
    base = (
        "categorical: its options have no declared order, so the spatial models cannot "
        "place a position between them"
    )
    labels = [issue.label(k) for k in range(issue.size)]
    if issue.size == 2:
        return (
            f"{base}; with two options it could be read as a scale from "
            f"'{labels[0]}' to '{labels[1]}': declare it `kind: ordinal` to forecast it"
        )
    orders: dict[str, tuple[int, ...]] = {}
    for p in sc.parties:
        if issue.id not in p.preference.weights or p.preference.weights[issue.id] <= 0:
            continue
        v = p.preference.issue_values(issue)
        orders[p.name] = tuple(int(k) for k in np.argsort(v, kind="stable"))
    distinct = set(orders.values())
    if len(distinct) == 1:
        order = " < ".join(labels[k] for k in next(iter(distinct)))
        return (
            f"{base}; every party's values rank its options alike ({order}): declare it "
            "`kind: ordinal` in that order to forecast it"
        )
    if len(distinct) > 1:
        shown = "; ".join(
            f"{name}: {' < '.join(labels[k] for k in o)}" for name, o in orders.items()
        )
        return (
            f"{base}; the parties rank its options differently ({shown}), so no shared scale exists"
        )
    return base


def nearest_option(issue: Issue, x: float) -> int | None:
    """The option of ``issue`` nearest to scale position ``x`` (lower option on a tie)."""
    if x is None or np.isnan(x):
        return None
    scale = issue_scale(issue)
    return int(np.argmin(np.abs(scale - float(x))))


def _party_of(sc: Scenario, actor: str) -> str | None:
    for p in sc.parties:
        if actor in (p.name, p.id):
            return p.id
    return None


def read_forecast(sc: Scenario, f: Forecast) -> ForecastReading:
    """Left-out issues, nearest options and red-line crossings of ``f`` on ``sc``."""
    dims = tuple(f.table.dimensions)
    issues = [sc.issue(d) if d in {i.id for i in sc.issues} else None for d in dims]

    def label(k: int, x: float) -> str | None:
        issue = issues[k]
        if issue is None:
            return None
        j = nearest_option(issue, x)
        return None if j is None else issue.label(j)

    outcome = {d: label(k, float(f.outcome[k])) for k, d in enumerate(dims)}
    final = {
        a: {d: label(k, float(f.final[i, k])) for k, d in enumerate(dims)}
        for i, a in enumerate(f.table.actors)
    }
    crossings: list[dict[str, Any]] = []
    for i, actor in enumerate(f.table.actors):
        pid = _party_of(sc, actor)
        if pid is None:
            continue
        party = sc.party(pid)
        for k, issue in enumerate(issues):
            if issue is None:
                continue
            lines = [
                r
                for r in party.red_lines
                if r.condition.when is None and r.condition.must.issue == issue.id
            ]
            if not lines:
                continue
            for t in range(1, f.positions.shape[0]):
                j = nearest_option(issue, float(f.positions[t, i, k]))
                if j is None:
                    continue
                crossings.extend(
                    {
                        "party": pid,
                        "actor": actor,
                        "red_line": r.id,
                        "statement": r.statement,
                        "issue": issue.id,
                        "step": t,
                        "round": t,  # former name of "step" (docs/deprecations.md)
                        "position": float(f.positions[t, i, k]),
                        "option": issue.options[j],
                        "option_label": issue.label(j),
                    }
                    for r in lines
                    if not bool(r.condition.must.option_mask(issue)[j])
                )
    return ForecastReading(tuple(left_out_issues(sc, dims)), outcome, final, tuple(crossings))


def first_crossings(reading: ForecastReading) -> list[dict[str, Any]]:
    """The first model step at which each (party, red line) is crossed."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for c in reading.crossings:
        key = (c["party"], c["red_line"])
        if key not in seen or c["step"] < seen[key]["step"]:
            seen[key] = c
    return list(seen.values())
