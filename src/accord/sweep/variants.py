"""Scenario variants as arrays: many sampled versions of one scenario at once.

A variant changes only numbers (weights, option values, reservation values,
capabilities) and which red lines are firm, so the outcome space, feasibility and the
red lines' violation masks are those of the base scenario, compiled once. Utilities of a
block of ``n`` variants are a ``(n, parties, outcomes)`` tensor built with the same
operations, in the same order, as :func:`accord.space.compile_scenario` builds them for
one scenario, so a variant here and the :class:`~accord.model.Scenario` that
:func:`variant_scenario` builds for it have bit-identical utilities.

Drifting reservation values: a party's reservation value at a round (its *floor*) is the
one formula of every engine, :func:`accord.negotiation.rules.floor_at`: ``d + by * r``
(per round) or ``d + by * days / DAYS_PER_MONTH`` (per month, the days of the round from
the start of the simulated talks). Rounds without dates are spread evenly over the months
from ``metadata.start_date`` to ``deadline.date``, so a drift per month is
``by * months / (R - 1)`` per round (:func:`accord.negotiation.rules.per_round`).
:func:`floors` gives every party's floor at every round. Analysis reports the zone of
agreement at the start (``d``) and at the deadline (:func:`reservation_at_deadline`:
round ``R - 1``, or the deadline date when no round budget is known).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np

from accord.arrays import Bool, Float, Index
from accord.errors import ConfigurationError
from accord.model import Scenario, TableValue
from accord.negotiation import rules
from accord.space import CompiledScenario, compile_scenario
from accord.sweep.sampling import Draws
from accord.sweep.uncertainty import UncertaintyPlan


def days_to_deadline(scenario: Scenario) -> int:
    """Days from ``metadata.start_date`` to ``deadline.date``."""
    start = scenario.metadata.start_date
    end = scenario.deadline.date if scenario.deadline is not None else None
    if start is None or end is None:
        raise ConfigurationError(
            f"scenario {scenario.id!r} needs metadata.start_date and deadline.date for a "
            "drift per month"
        )
    try:
        return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    except ValueError as exc:
        raise ConfigurationError(f"scenario {scenario.id!r}: bad date ({exc})") from None


def months_to_deadline(scenario: Scenario) -> float:
    """Calendar months from ``metadata.start_date`` to ``deadline.date``
    (:data:`accord.negotiation.rules.DAYS_PER_MONTH` days each)."""
    return days_to_deadline(scenario) / rules.DAYS_PER_MONTH


@dataclass(frozen=True, eq=False)
class Base:
    """The base scenario compiled once, with the arrays every variant shares."""

    scenario: Scenario
    uncertainty: UncertaintyPlan
    compiled: CompiledScenario
    bargaining: Index  # party columns whose consent is needed, turn order
    positions: Index  # (O, K) option positions of every outcome
    feasible: Bool  # (O,)
    offsets: tuple[int, ...]  # first option column of each issue in the flat option axis
    base_values: Float  # (P, total options) raw option values
    base_weights: Float  # (P, K)
    red_index: Index  # scenario.red_lines index of each engaged bargaining red line
    red_owner: Index  # position in ``bargaining`` of each engaged red line's party
    red_violation: Bool  # (O, n_red) which engaged red line each outcome breaks
    defaults: tuple[float, ...]  # the scenario value of each scalar input

    @property
    def n_outcomes(self) -> int:
        """Size of the outcome space of the base scenario."""
        return int(self.positions.shape[0])

    @property
    def requirement_keys(self) -> tuple[str, ...]:
        """``party:id`` of the red lines then the reservation values (analysis order)."""
        return tuple(r.key for r in self.compiled.requirements)


def _default(scenario: Scenario, kind: str, col: int, issue: int, option: int) -> float:
    p = scenario.parties[col]
    if kind == "reservation":
        return float(p.reservation_value)
    if kind == "capability":
        return float(p.capability)
    if kind == "weight":
        return float(p.preference.weights.get(scenario.issues[issue].id, 0.0))
    fn = p.preference.values.get(scenario.issues[issue].id)
    return float(fn.values[option]) if isinstance(fn, TableValue) else 0.0


def build_base(scenario: Scenario, uncertainty: UncertaintyPlan) -> Base:
    """Compile ``scenario`` once for a sweep over ``uncertainty``."""
    cs = compile_scenario(scenario)
    table = cs.table()
    sizes = [i.size for i in scenario.issues]
    offsets = tuple(int(x) for x in np.concatenate([[0], np.cumsum(sizes)[:-1]]))
    n_p, n_k = len(scenario.parties), len(scenario.issues)
    values = np.zeros((n_p, sum(sizes)), dtype=np.float64)
    weights = np.zeros((n_p, n_k), dtype=np.float64)
    for j, p in enumerate(scenario.parties):
        for k, issue in enumerate(scenario.issues):
            fn = p.preference.values.get(issue.id)
            if fn is not None:
                values[j, offsets[k] : offsets[k] + issue.size] = fn.evaluate(issue)
            weights[j, k] = p.preference.weights.get(issue.id, 0.0)
    engaged = cs.engaged_red_lines
    all_red = scenario.red_lines
    red_index = np.array(
        [next(i for i, r in enumerate(all_red) if r is e) for e in engaged], dtype=np.intp
    )
    bargaining = cs.bargaining
    ids = [scenario.parties[int(c)].id for c in bargaining]
    red_owner = np.array([ids.index(r.party) for r in engaged], dtype=np.intp)
    viol = cs.violations(table.positions, table.utilities)[:, : len(engaged)]
    defaults = tuple(
        _default(scenario, s.kind, s.party, s.issue, s.option) for s in uncertainty.scalars
    )
    return Base(
        scenario,
        uncertainty,
        cs,
        bargaining,
        table.positions,
        table.feasible,
        offsets,
        values,
        weights,
        red_index,
        red_owner,
        np.ascontiguousarray(viol),
        defaults,
    )


@dataclass(frozen=True, slots=True, eq=False)
class Variants:
    """The numbers of ``n`` scenario variants (all parties, scenario order)."""

    reservation: Float  # (n, P)
    capability: Float  # (n, P)
    weights: Float  # (n, P, K)
    values: Float  # (n, P, total options)
    real: Bool  # (n, n_red_all) in scenario.red_lines order
    inputs: dict[str, Float]  # what was drawn, by input name (for output and sensitivity)

    @property
    def n(self) -> int:
        """Number of variants in the block."""
        return int(self.reservation.shape[0])


def make_variants(base: Base, draws: Draws) -> Variants:
    """The variants of a block of draws."""
    sc, u = base.scenario, base.uncertainty
    n = draws.scalars.shape[0]
    n_p = len(sc.parties)
    reservation = np.broadcast_to(
        np.array([p.reservation_value for p in sc.parties], dtype=np.float64), (n, n_p)
    ).copy()
    capability = np.broadcast_to(
        np.array([p.capability for p in sc.parties], dtype=np.float64), (n, n_p)
    ).copy()
    weights = np.broadcast_to(base.base_weights, (n, *base.base_weights.shape)).copy()
    values = np.broadcast_to(base.base_values, (n, *base.base_values.shape)).copy()
    real = np.ones((n, len(sc.red_lines)), dtype=bool)
    inputs: dict[str, Float] = {}
    for j, s in enumerate(u.scalars):
        x = draws.scalars[:, j]
        if s.kind == "reservation":
            reservation[:, s.party] = x
        elif s.kind == "capability":
            capability[:, s.party] = x
        elif s.kind == "weight":
            weights[:, s.party, s.issue] = x
        else:
            values[:, s.party, base.offsets[s.issue] + s.option] = x
        if s.kind != "weight":
            inputs[s.name] = x
    for col in u.normalised_weights:
        total = weights[:, col, :].sum(axis=1, keepdims=True)
        if not np.all(total > 0):
            raise ConfigurationError(
                f"party {sc.parties[col].id!r}: sampled weights sum to zero or less; give "
                "weight distributions on non-negative values"
            )
        weights[:, col, :] = weights[:, col, :] / total
    for s in u.scalars:
        if s.kind == "weight":
            inputs[s.name] = weights[:, s.party, s.issue]
    for w, block in zip(u.weights, draws.weights, strict=True):
        weights[:, w.party, :] = block
        for k, issue in enumerate(sc.issues):
            if w.center[k] > 0:
                inputs[f"{w.name}.{issue.id}"] = block[:, k]
    for j, r in enumerate(u.red_lines):
        real[:, r.index] = draws.real[:, j]
        inputs[r.name] = draws.real[:, j].astype(np.float64)
    return Variants(reservation, capability, weights, values, real, inputs)


def utilities(base: Base, v: Variants, columns: Index) -> Float:
    """``(n, len(columns), O)``: each variant's utility of every outcome for the parties at
    ``columns`` (the same arithmetic as :mod:`accord.space.compiled`)."""
    sc = base.scenario
    n = v.n
    cols = np.asarray(columns, dtype=np.intp)
    u = np.zeros((n, cols.size, base.n_outcomes), dtype=np.float64)
    for k, issue in enumerate(sc.issues):
        lo = base.offsets[k]
        table = v.weights[:, cols, k][:, :, None] * v.values[:, cols, lo : lo + issue.size]
        u += table[:, :, base.positions[:, k]]
    offs = base.compiled.offsets[cols][None, :, None]
    scales = base.compiled.scales[cols][None, :, None]
    return np.asarray(offs + scales * u)


def floors(base: Base, v: Variants, rounds: int, days: Float | None = None) -> Float:
    """``(n, P, rounds)``: every party's floor (its reservation value,
    :func:`accord.negotiation.rules.floor_at`) at each round of each variant.

    ``days`` (``(n, rounds)``): the day of each run's rounds from the start of the simulated
    talks, which a drift per month follows. Without it the rounds are spread evenly over
    the months to the deadline (:func:`accord.negotiation.rules.per_round`)."""
    out = np.repeat(v.reservation[:, :, None], rounds, axis=2)
    r = np.arange(rounds, dtype=np.float64)[None, :]
    for d in base.uncertainty.drifts:
        if d.per == "round":
            by_round, by_month = d.by, 0.0
        elif days is not None:
            by_round, by_month = 0.0, d.by
        elif rounds < 2:
            continue
        else:
            by_round = rules.per_round(d.by, months_to_deadline(base.scenario), rounds)
            by_month = 0.0
        out[:, d.party, :] = rules.floor_at(
            out[:, d.party, :], by_round, by_month, r, 0.0 if days is None else days
        )
    return out


def reservation_at_deadline(base: Base, v: Variants, rounds: int | None) -> Float:
    """``(n, P)`` reservation values at the deadline (:func:`accord.negotiation.rules.floor_at`
    at the last round, or at the deadline date)."""
    out = v.reservation.copy()
    for d in base.uncertainty.drifts:
        if d.per == "round":
            if rounds is None:
                raise ConfigurationError(
                    f"party {base.scenario.parties[d.party].id!r} drifts per exchange but the "
                    "scenario sets no exchange budget; give --exchanges"
                )
            out[:, d.party] = rules.floor_at(out[:, d.party], d.by, 0.0, rounds - 1, 0.0)
        else:
            days = days_to_deadline(base.scenario)
            out[:, d.party] = rules.floor_at(out[:, d.party], 0.0, d.by, 0, days)
    return out


def variant_scenario(base: Base, v: Variants, i: int) -> Scenario:
    """Variant ``i`` as a :class:`~accord.model.Scenario` (reservation values at the start;
    red lines that are not firm in this run dropped)."""
    sc = base.scenario
    parties = []
    red_all = sc.red_lines
    keep = {(r.party, r.id) for j, r in enumerate(red_all) if v.real[i, j]}
    for col, p in enumerate(sc.parties):
        pref = p.preference
        weights = {
            issue.id: float(v.weights[i, col, k])
            for k, issue in enumerate(sc.issues)
            if issue.id in pref.weights or v.weights[i, col, k] != 0.0
        }
        values = dict(pref.values)
        for k, issue in enumerate(sc.issues):
            fn = values.get(issue.id)
            if isinstance(fn, TableValue):
                lo = base.offsets[k]
                values[issue.id] = TableValue(
                    tuple(float(x) for x in v.values[i, col, lo : lo + issue.size])
                )
        parties.append(
            dataclasses.replace(
                p,
                reservation_value=float(v.reservation[i, col]),
                capability=float(v.capability[i, col]),
                preference=dataclasses.replace(pref, weights=weights, values=values),
                red_lines=tuple(r for r in p.red_lines if (r.party, r.id) in keep),
            )
        )
    return dataclasses.replace(sc, parties=tuple(parties))
