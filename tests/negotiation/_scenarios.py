"""Scenarios built in code for the negotiation tests (no files needed)."""

from __future__ import annotations

import numpy as np

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
