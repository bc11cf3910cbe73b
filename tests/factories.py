"""Builders of scenarios for tests: small hand-made ones and hypothesis strategies."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st

from accord.model import (
    Clause,
    Condition,
    Issue,
    IssueKind,
    Metadata,
    Op,
    Party,
    Preference,
    RedLine,
    Role,
    Scenario,
    TableValue,
)

#: A small valid scenario document (two parties, two issues, one red line), for tests that
#: edit a copy of it (``copy.deepcopy``) to make one thing wrong.
SMALL_DOC: dict[str, Any] = {
    "metadata": {"id": "t", "title": "T"},
    "sources": [{"id": "s", "title": "S"}],
    "issues": [
        {"id": "land", "kind": "ordinal", "options": ["a", "b", "c"], "status_quo": "a"},
        {"id": "money", "kind": "numeric", "min": 0, "max": 10, "step": 5},
    ],
    "parties": [
        {
            "id": "x",
            "preferences": {
                "weights": {"land": 0.5, "money": 0.5},
                "values": {
                    "land": {"a": 1, "b": 0.5, "c": 0},
                    "money": {"linear": {"at_min": 0, "at_max": 1}},
                },
            },
            "red_lines": [
                {
                    "id": "r",
                    "statement": "no c",
                    "issue": "land",
                    "op": "!=",
                    "value": "c",
                    "evidence": {"source": "s", "quote": "q"},
                },
            ],
        },
        {
            "id": "y",
            "preferences": {
                "weights": {"land": 1.0},
                "values": {"land": {"a": 0, "b": 0.5, "c": 1}},
            },
        },
    ],
}


def make_scenario(
    sizes: list[int],
    values: np.ndarray,  # (n_parties, n_issues, max_size) in [0, 1]
    weights: np.ndarray,  # (n_parties, n_issues)
    reservation: list[float],
    red_lines: list[tuple[int, int, str, int]] = (),  # type: ignore[assignment]
    capability: list[float] | None = None,
) -> Scenario:
    """A scenario with categorical issues ``i0..``, options ``o0..`` and parties ``p0..``."""
    issues = tuple(
        Issue(
            f"i{k}", f"i{k}", IssueKind.ORDINAL, tuple(f"o{j}" for j in range(n)), status_quo="o0"
        )
        for k, n in enumerate(sizes)
    )
    parties = []
    for i in range(len(reservation)):
        pref = Preference(
            weights={f"i{k}": float(weights[i, k]) for k in range(len(sizes))},
            values={
                f"i{k}": TableValue(tuple(float(v) for v in values[i, k, : sizes[k]]))
                for k in range(len(sizes))
            },
        )
        reds = tuple(
            RedLine(
                id=f"r{j}",
                party=f"p{i}",
                statement=f"red line {j}",
                condition=Condition(Clause(f"i{issue}", Op(op), (f"o{opt}",))),
            )
            for j, (who, issue, op, opt) in enumerate(red_lines)
            if who == i
        )
        parties.append(
            Party(
                id=f"p{i}",
                name=f"P{i}",
                role=Role.PARTY,
                reservation_value=float(reservation[i]),
                capability=1.0 if capability is None else float(capability[i]),
                preference=pref,
                red_lines=reds,
            )
        )
    return Scenario(Metadata("test", "test"), tuple(parties), issues)


@st.composite
def small_scenarios(draw: st.DrawFn, max_parties: int = 4, with_red_lines: bool = True) -> Scenario:
    n_parties = draw(st.integers(2, max_parties))
    n_issues = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 4), min_size=n_issues, max_size=n_issues))
    grid = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])  # coarse: ties happen
    values = np.array(
        draw(st.lists(grid, min_size=n_parties * n_issues * 4, max_size=n_parties * n_issues * 4))
    ).reshape(n_parties, n_issues, 4)
    weights = np.array(
        draw(
            st.lists(
                st.sampled_from([0.0, 1.0, 2.0, 3.0]),
                min_size=n_parties * n_issues,
                max_size=n_parties * n_issues,
            )
        )
    ).reshape(n_parties, n_issues)
    weights[:, 0] += 1.0
    weights = weights / weights.sum(axis=1, keepdims=True)
    reservation = draw(
        st.lists(st.sampled_from([0.0, 0.2, 0.4, 0.6]), min_size=n_parties, max_size=n_parties)
    )
    reds: list[tuple[int, int, str, int]] = []
    if with_red_lines:
        n_red = draw(st.integers(0, 3))
        for _ in range(n_red):
            i = draw(st.integers(0, n_parties - 1))
            k = draw(st.integers(0, n_issues - 1))
            op = draw(st.sampled_from(["==", "!=", "<=", ">="]))
            o = draw(st.integers(0, sizes[k] - 1))
            reds.append((i, k, op, o))
    capability = draw(
        st.lists(st.sampled_from([0.5, 1.0, 2.0]), min_size=n_parties, max_size=n_parties)
    )
    return make_scenario(sizes, values, weights, reservation, reds, capability)


def brute_force(scenario: Scenario) -> tuple[list[tuple[int, ...]], np.ndarray, np.ndarray]:
    """Every outcome (as option positions), the utility matrix and the acceptable mask,
    computed one outcome at a time straight from the model (independent of accord.space)."""
    outcomes = list(itertools.product(*(range(i.size) for i in scenario.issues)))
    parties = [p for p in scenario.parties if p.bargaining]
    u = np.zeros((len(outcomes), len(parties)))
    ok = np.ones(len(outcomes), dtype=bool)
    for n, o in enumerate(outcomes):
        for j, p in enumerate(parties):
            total = 0.0
            for k, issue in enumerate(scenario.issues):
                fn = p.preference.values.get(issue.id)
                if fn is not None:
                    total += p.preference.weights.get(issue.id, 0.0) * fn.evaluate(issue)[o[k]]
            u[n, j] = total
            if total < p.reservation_value - 1e-12:
                ok[n] = False
            for r in p.red_lines:
                k = scenario.issue_position(r.condition.must.issue)
                issue = scenario.issues[k]
                ref = issue.index(r.condition.must.values[0])
                op = r.condition.must.op
                hold = {
                    Op.EQ: o[k] == ref,
                    Op.NE: o[k] != ref,
                    Op.LE: o[k] <= ref,
                    Op.GE: o[k] >= ref,
                }[op]
                if not hold:
                    ok[n] = False
    return outcomes, u, ok


def pareto_brute(u: np.ndarray) -> np.ndarray:
    """Pareto-optimal rows, one row at a time, comparing utilities to 12 decimals (the
    precision accord reports and compares at: sums taken in another order tie)."""
    u = np.round(u, 12)
    out = np.ones(len(u), dtype=bool)
    for i in range(len(u)):
        dom = np.all(u >= u[i], axis=1) & np.any(u > u[i], axis=1)
        out[i] = not dom.any()
    return out
