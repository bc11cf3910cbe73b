"""Signed versus in force: a deal reached at the table, then ratified at home on the calendar.

An agreement reached at the table is *signed* on the date of the session that reached it.
It binds only once every domestic ratifier whose ruling it needs has approved it (a
two-level game: Putnam 1988): each party's ratification stages
(:class:`accord.model.RatificationStage`, docs/two-level.md) run in their order, each
taking ``duration_days`` on the calendar after the previous one of that party ends; the
parties' chains run side by side from the signing day.

Rules, for one run with a signed agreement:

1. A stage *rules on* the deal when it rules on every issue (``issues`` empty) or on an
   issue the deal settles; a stage that rules on none of them is not held (it takes no
   time and has nothing to approve).
2. A held stage approves with probability ``p = approval(scenario, stage, package,
   settled)`` (:func:`accord.analysis.ratification.approval`): it approves when the run's
   uniform draw for it is below ``p`` (a deterministic stage, ``p`` 0 or 1, never depends
   on the draw).
3. A party's chain stops at its first rejection. The deal *fails* at the rejection that
   ends first on the calendar (ties: the stage listed first in the scenario); stages of
   other parties still running then are abandoned (not held to their end).
4. Otherwise the deal enters *into force* on the day its last held stage ends (the signing
   day itself when no stage rules on it).

Each run draws one uniform per stage of the scenario (in the scenario's order): in a sweep
from the run's own generator, after everything else the run draws; in ``accord simulate``
from a stream of the simulation's seed kept for them (:func:`ratification_uniforms`). A
run's ratification therefore depends on the seed and the run number only, never shifts
what the talks draw, and a scenario without ratification stages draws nothing and gives
exactly the results it gave before.

References
----------
R. D. Putnam, "Diplomacy and Domestic Politics: The Logic of Two-Level Games",
*International Organization* 42(3) (1988) 427-460.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.arrays import Bool, Float, Index
from accord.model import Scenario

#: The spawn-key word of the ratification stream of ``accord simulate``: the simulation's
#: root seed extended with it (:func:`ratification_uniforms`), so the ratification draws
#: never shift the draws of the talks.
STREAM = 0x2A71F1ED


@dataclass(frozen=True, slots=True, eq=False)
class Ratified:
    """The ratification of many runs' agreements (arrays over runs ``n`` and the
    scenario's stages ``S``, in scenario order).

    ``held[i, s]``: stage ``s`` sat on run ``i``'s deal (its issues are settled, the
    party's earlier stages approved, and the deal had not failed before it ended);
    ``approved[i, s]``: it was held and approved; ``p[i, s]``: its probability of approving
    the deal (1 where it rules on none of the deal's issues; 0 without agreement);
    ``start[i, s]`` and ``end[i, s]``: its first and last day counted from the signing
    (equal when not held). ``in_force[i]``: the deal passed every stage; ``delay[i]``: the
    days from signing to entry into force, or to the failing stage's end; ``failed[i]``:
    the index of the stage it failed at (-1 when it did not fail, or was not signed)."""

    in_force: Bool
    delay: NDArray[np.int64]
    failed: NDArray[np.int64]
    held: Bool
    approved: Bool
    p: Float
    start: NDArray[np.int64]
    end: NDArray[np.int64]

    @property
    def runs(self) -> int:
        """Number of runs."""
        return int(self.in_force.size)


def has_ratification(scenario: Scenario) -> bool:
    """Whether ``scenario`` has any ratification stage (else signing is entry into force)."""
    return bool(getattr(scenario, "ratification", ()))


def stage_rules(scenario: Scenario) -> Bool:
    """``(S, n_issues)``: which issues each stage rules on (every one for a stage that
    names none)."""
    ids = [i.id for i in scenario.issues]
    out = np.zeros((len(scenario.ratification), len(ids)), dtype=bool)
    for s, stage in enumerate(scenario.ratification):
        out[s] = [stage.rules_on(i) for i in ids]
    return out


def approvals(scenario: Scenario, positions: Index, settled: Bool) -> Float:
    """``(n, S)``: each stage's probability of approving each package ``positions``
    (``(n, n_issues)`` original option positions) that settles ``settled``
    (:func:`accord.analysis.ratification.approval`)."""
    from accord.space.ratification import approval

    n = int(positions.shape[0])
    out = np.ones((n, len(scenario.ratification)), dtype=np.float64)
    if n == 0:
        return out
    for s, stage in enumerate(scenario.ratification):
        out[:, s] = np.asarray(approval(scenario, stage, positions, settled), dtype=np.float64)
    return out


def ratify(
    scenario: Scenario,
    agreed: Bool,
    settled: Bool,
    uniforms: Float,
    p: Float,
) -> Ratified:
    """The ratification of ``n`` runs' deals by the rules of the module docstring.

    ``agreed`` (``(n,)``): the run signed an agreement; ``settled`` (``(n, n_issues)``):
    the issues it settles; ``uniforms`` (``(n, S)``): the run's draws, one per stage;
    ``p`` (``(n, S)``): each stage's probability of approving the run's deal
    (:func:`approvals`, or per-run values in a sweep whose stages are uncertain).
    """
    stages = tuple(getattr(scenario, "ratification", ()))
    agreed = np.asarray(agreed, dtype=bool)
    n, n_s = int(agreed.size), len(stages)
    held = np.zeros((n, n_s), dtype=bool)
    approved = np.zeros((n, n_s), dtype=bool)
    start = np.zeros((n, n_s), dtype=np.int64)
    end = np.zeros((n, n_s), dtype=np.int64)
    p_out = np.where(agreed[:, None], np.asarray(p, dtype=np.float64).reshape(n, n_s), 0.0)
    if n_s == 0:
        return Ratified(
            agreed.copy(), np.zeros(n, np.int64), np.full(n, -1, np.int64), held, approved,
            p_out, start, end,
        )  # fmt: skip
    rules = stage_rules(scenario)
    sits = agreed[:, None] & (np.asarray(settled, dtype=bool) @ rules.T.astype(np.int64) > 0)
    ok = sits & (np.asarray(uniforms, dtype=np.float64) < p_out)
    # each party's chain on its own: the days of its stages, and whether each is reached
    reached = np.zeros((n, n_s), dtype=bool)
    chains: dict[str, list[int]] = {}
    for s, stage in enumerate(stages):
        chains.setdefault(stage.party, []).append(s)
    for members in chains.values():
        members.sort(key=lambda s: (stages[s].order, s))
        day = np.zeros(n, dtype=np.int64)
        alive = agreed.copy()
        for s in members:
            reached[:, s] = alive & sits[:, s]
            start[:, s] = day
            day = day + np.where(reached[:, s], int(stages[s].duration_days), 0)
            end[:, s] = day
            alive &= ~reached[:, s] | ok[:, s]
    rejects = reached & ~ok
    never = np.iinfo(np.int64).max
    fail_end = np.where(rejects, end, never)
    fail_day = fail_end.min(axis=1)
    failing = rejects.any(axis=1)
    # the rejection ending first, ties to the stage listed first (argmin keeps the first)
    failed = np.where(failing, np.argmin(fail_end, axis=1), -1).astype(np.int64)
    held = reached & (end <= fail_day[:, None])
    approved = held & ok
    in_force = agreed & ~failing
    last = np.where(held, end, 0).max(axis=1)
    delay = np.where(failing, fail_day, np.where(agreed, last, 0)).astype(np.int64)
    start = np.where(held, start, end)
    return Ratified(in_force, delay, failed, held, approved, p_out, start, end)


def ratification_uniforms(rng: np.random.SeedSequence, runs: int, stages: int) -> Float:
    """The ratification draws of ``accord simulate``'s ``runs`` runs, ``(runs, stages)``:
    from the simulation's rng seed extended by :data:`STREAM` (a stream of its own,
    independent of those the talks draw from). Row ``i`` is run ``i``'s, whatever the
    number of runs (the rows are drawn in order from one generator)."""
    gen = np.random.default_rng(
        np.random.SeedSequence(
            rng.entropy, spawn_key=(*rng.spawn_key, STREAM), pool_size=rng.pool_size
        )
    )
    return gen.random((runs, stages))


@dataclass(frozen=True, slots=True)
class StageStep:
    """One ratification stage in one run: ``held`` (it sat on the deal), ``approved``,
    its probability ``p`` of approving, and its first and last day (ISO dates when the
    talks are dated, else ``None``; ``days`` counts from the signing to its end)."""

    stage: str
    party: str
    held: bool
    approved: bool
    p: float
    start: str | None
    end: str | None
    days: int

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        return {
            "stage": self.stage,
            "party": self.party,
            "held": self.held,
            "approved": self.approved,
            "p_approve": self.p,
            "start": self.start,
            "end": self.end,
            "days_after_signing": self.days,
        }


@dataclass(frozen=True, slots=True)
class EntryIntoForce:
    """What became of one run's signed agreement at home: ``status`` is ``"in_force"`` or
    ``"failed"``; ``signed`` the date it was signed (``None`` when the talks are not
    dated); ``in_force`` the date it entered into force, ``failed_at`` the id of the
    stage that rejected it and ``failed_on`` the date it did; ``days`` the days from signing
    to either; ``steps`` every stage of the scenario, held or not."""

    status: str
    signed: str | None
    in_force: str | None
    failed_at: str | None
    failed_on: str | None
    days: int
    steps: tuple[StageStep, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        return {
            "status": self.status,
            "signed": self.signed,
            "in_force": self.in_force,
            "failed_at": self.failed_at,
            "failed_on": self.failed_on,
            "days_after_signing": self.days,
            "stages": [s.to_dict() for s in self.steps],
        }


def _plus(date: str | None, days: int) -> str | None:
    if date is None:
        return None
    return (dt.date.fromisoformat(date) + dt.timedelta(days=int(days))).isoformat()


def entry_into_force(
    scenario: Scenario, r: Ratified, i: int, signed: str | None
) -> EntryIntoForce | None:
    """Run ``i`` of ``r`` as an :class:`EntryIntoForce` (``None`` when it signed nothing);
    ``signed`` is its signing date (ISO), or ``None`` for talks that are not dated."""
    if not (r.in_force[i] or r.failed[i] >= 0):
        return None
    stages = scenario.ratification
    steps = tuple(
        StageStep(
            st.id,
            st.party,
            bool(r.held[i, s]),
            bool(r.approved[i, s]),
            float(r.p[i, s]),
            _plus(signed, int(r.start[i, s])) if r.held[i, s] else None,
            _plus(signed, int(r.end[i, s])) if r.held[i, s] else None,
            int(r.end[i, s]),
        )
        for s, st in enumerate(stages)
    )
    days = int(r.delay[i])
    if r.in_force[i]:
        return EntryIntoForce("in_force", signed, _plus(signed, days), None, None, days, steps)
    stage = stages[int(r.failed[i])].id
    return EntryIntoForce("failed", signed, None, stage, _plus(signed, days), days, steps)


__all__ = [
    "STREAM",
    "EntryIntoForce",
    "Ratified",
    "StageStep",
    "approvals",
    "entry_into_force",
    "has_ratification",
    "ratification_uniforms",
    "ratify",
    "stage_rules",
]
