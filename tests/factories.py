"""The one place the tests build scenarios in code: a small valid document to edit
(:data:`SMALL_DOC`), scenarios from arrays (:func:`make_scenario`), hypothesis strategies
(:func:`small_scenarios`), named hand-made ones for the negotiation tests (:func:`bilateral`,
:func:`geneva_like`), seeded random ones (:func:`random_scenario`), and brute-force references."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st

from accord.model import (
    Clause,
    Condition,
    Deadline,
    Issue,
    IssueKind,
    Metadata,
    Op,
    Party,
    Preference,
    RedLine,
    Role,
    Scenario,
    Session,
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


# -- named and seeded scenarios of the negotiation tests ------------------------------


def issue(iid: str, n: int, status_quo: int | None = 0) -> Issue:
    opts = tuple(f"{iid}{j}" for j in range(n))
    return Issue(
        iid,
        iid,
        IssueKind.CATEGORICAL,
        opts,
        status_quo=None if status_quo is None else opts[status_quo],
    )


def party(
    pid: str,
    issues: tuple[Issue, ...],
    values: dict[str, list[float]],
    weights: dict[str, float] | None = None,
    *,
    reservation: float = 0.0,
    red_lines: tuple[tuple[str, Op, tuple[str, ...]], ...] = (),
    role: Role = Role.PARTY,
    strategy: str | None = None,
    discount: float = 1.0,
) -> Party:
    w = weights or {i.id: 1.0 / len(issues) for i in issues}
    lines = tuple(
        RedLine(f"{pid}-rl{j}", pid, f"{iid} {op} {vals}", Condition(Clause(iid, op, vals)))
        for j, (iid, op, vals) in enumerate(red_lines)
    )
    return Party(
        pid,
        pid.title(),
        role=role,
        reservation_value=reservation,
        preference=Preference(
            weights=w, values={k: TableValue(tuple(v)) for k, v in values.items()}
        ),
        red_lines=lines,
        bargaining=role is Role.PARTY,
        strategy=strategy,
        discount_factor=discount,
    )


def bilateral(rounds: int = 20) -> Scenario:
    """Two parties, three issues of opposed interests (a ZOPA exists)."""
    iss = (issue("a", 4), issue("b", 3), issue("c", 5))
    up = {"a": [0, 0.3, 0.7, 1], "b": [0, 0.5, 1], "c": [0, 0.25, 0.5, 0.75, 1]}
    down = {k: list(reversed(v)) for k, v in up.items()}
    return Scenario(
        Metadata("toy-bilateral", "Toy bilateral"),
        (
            party("buyer", iss, up, {"a": 0.5, "b": 0.3, "c": 0.2}, reservation=0.2),
            party("seller", iss, down, {"a": 0.2, "b": 0.3, "c": 0.5}, reservation=0.2),
        ),
        iss,
        deadline=Deadline(rounds=rounds),
    )


def geneva_like(with_mediator: bool = True) -> Scenario:
    """A Geneva-shaped toy: the territorial red lines collide, a technical track can be agreed.

    ``donbas``: 0 status quo (contact line), 1 Russian full control. Russia's red line:
    donbas == 1; Ukraine's: donbas == 0 (no withdrawal). ``znpp``: 0 status quo (Russian
    held), 1 international, 2 Ukrainian. Technical issues ``ceasefire``, ``prisoners``,
    ``energy``: 0 status quo (nothing), higher options more cooperation.
    """
    iss = (
        issue("donbas", 2),
        issue("znpp", 3),
        issue("ceasefire", 3),
        issue("prisoners", 3),
        issue("energy", 2),
    )
    ru = party(
        "russia",
        iss,
        {
            "donbas": [0, 1],
            "znpp": [1, 0.5, 0],
            "ceasefire": [0.2, 1, 0.4],
            "prisoners": [0, 1, 0.8],
            "energy": [0.2, 1],
        },
        {"donbas": 0.4, "znpp": 0.2, "ceasefire": 0.15, "prisoners": 0.15, "energy": 0.1},
        reservation=0.3,
        red_lines=(("donbas", Op.EQ, ("donbas1",)),),
        strategy="staller:fraction=0.9",
    )
    ua = party(
        "ukraine",
        iss,
        {
            "donbas": [1, 0],
            "znpp": [0, 0.7, 1],
            "ceasefire": [0, 0.6, 1],
            "prisoners": [0, 0.7, 1],
            "energy": [0, 1],
        },
        {"donbas": 0.4, "znpp": 0.2, "ceasefire": 0.15, "prisoners": 0.15, "energy": 0.1},
        reservation=0.4,
        red_lines=(("donbas", Op.EQ, ("donbas0",)),),
        strategy="boulware",
    )
    parties = [ru, ua]
    if with_mediator:
        parties.append(
            party(
                "usa",
                iss,
                {k: [0.5] * i.size for k, i in zip([i.id for i in iss], iss, strict=True)},
                role=Role.MEDIATOR,
            )
        )
    return Scenario(
        Metadata("toy-geneva", "Toy Geneva"),
        tuple(parties),
        iss,
        deadline=Deadline(rounds=12, date="2026-06-30"),
        sessions=(Session("2026-02-17", 10.0, 8), Session("2026-02-18", 2.0, 4)),
        protocol="single-text",
    )


def random_scenario(seed: int, n_parties: int = 2, red_lines: bool = True) -> Scenario:
    """Small random scenario: 2-4 issues of 2-4 options, random values and reservations."""
    rng = np.random.default_rng(seed)
    n_issues = int(rng.integers(2, 5))
    iss = tuple(issue(f"i{k}", int(rng.integers(2, 5))) for k in range(n_issues))
    parties = []
    for p in range(n_parties):
        # values on a coarse grid so that ties between outcomes occur
        values = {i.id: list(rng.integers(0, 5, i.size) / 4.0) for i in iss}
        w = rng.dirichlet(np.ones(n_issues))
        rl: tuple[tuple[str, Op, tuple[str, ...]], ...] = ()
        if red_lines and rng.random() < 0.5:
            target = iss[int(rng.integers(n_issues))]
            banned = target.options[int(rng.integers(target.size))]
            rl = ((target.id, Op.NE, (str(banned),)),)
        parties.append(
            party(
                f"p{p}",
                iss,
                values,
                {i.id: float(x) for i, x in zip(iss, w, strict=True)},
                reservation=float(rng.choice([0.0, 0.2, 0.4])),
                red_lines=rl,
            )
        )
    return Scenario(
        Metadata(f"random-{seed}", "random"),
        tuple(parties),
        iss,
        deadline=Deadline(rounds=int(rng.integers(2, 30))),
    )
