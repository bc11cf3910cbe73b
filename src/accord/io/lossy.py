"""What a foreign format cannot hold, before anything is written.

GENIUS and GeniusWeb hold issues, additive (or hyper-rectangle) utility profiles, a
reservation value (GeniusWeb: a reservation bid) and a discount factor per profile, and
nothing else. Every profile is read back as a negotiating party. An accord scenario also
carries red lines, scenario constraints (``requires``), ratification stages, roles (a
mediator whose consent is not needed), and what the analysis does not read: sources and
evidence, positions, the calendar and the deadline, the uncertainty and forecast sections.
Written as they are, a scenario with red lines analyses differently once read back
(Geneva's 0 acceptable packages become 57), so :func:`conversion_losses` lists what would
be lost and ``accord convert`` refuses unless ``--lossy`` is given.

With ``--lossy``, :func:`keep_what_can_be_kept` writes what the format allows:

- a red line on one issue (no ``when``) of a party with an additive profile is kept as a
  *reservation*: the options it forbids are worth 0 to the party, which is exact when every
  package with such an option then falls below the party's reservation value (the party's
  best utility on the other issues is under it): those packages were unacceptable to the
  party and remain so, and no other package changes. Otherwise it is dropped, and the reason
  is said;
- a party that does not bargain (a mediator, an observer) is written without a profile, so
  that it is not read back as a party whose consent a deal needs;
- scenario constraints, ratification stages and everything the analysis does not read are
  dropped.

>>> from accord.io import load_scenario
>>> losses = conversion_losses(load_scenario(), "genius")
>>> losses[0].what
"russia's red line full-donbas (donbas == russian_control)"
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from accord.model import Scenario
from accord.model.constraint import Condition, RedLine
from accord.model.party import Party
from accord.model.preference import TableValue, ValueFunction
from accord.tolerance import below

#: The formats that hold only issues and utility profiles.
PROFILE_FORMATS = ("genius", "geniusweb")


@dataclass(frozen=True, slots=True)
class Loss:
    """One part of a scenario a format cannot hold; ``kept`` says how ``--lossy`` keeps it
    (``None``: dropped), ``reason`` why it cannot be kept where it is dropped."""

    what: str
    kept: str | None = None
    reason: str = ""

    def describe(self) -> str:
        """One line for the terminal."""
        if self.kept:
            return f"{self.what}: kept {self.kept}"
        return f"{self.what}: dropped" + (f" ({self.reason})" if self.reason else "")


def conversion_losses(scenario: Scenario, fmt: str) -> tuple[Loss, ...]:
    """What writing ``scenario`` as ``fmt`` would lose, each with how ``--lossy`` would keep
    it (empty for accord's own formats)."""
    if fmt not in PROFILE_FORMATS:
        return ()
    return _plan(scenario)[1]


def keep_what_can_be_kept(scenario: Scenario, fmt: str) -> tuple[Scenario, tuple[Loss, ...]]:
    """The scenario to write as ``fmt`` with ``--lossy``: red lines kept as reservations
    where that is exact, parties that do not bargain left out; and the losses."""
    if fmt not in PROFILE_FORMATS:
        return scenario, ()
    return _plan(scenario)


def _plan(scenario: Scenario) -> tuple[Scenario, tuple[Loss, ...]]:
    losses: list[Loss] = []
    parties: list[Party] = []
    for p in scenario.parties:
        if not p.bargaining:
            losses.append(
                Loss(
                    f"{p.id} ({p.role}): a party whose consent a deal does not need",
                    kept="by leaving its profile out (every profile is read back as a party "
                    "whose consent is needed)",
                )
            )
            continue
        values = dict(p.preference.values)
        for r in p.red_lines:
            how, reason = _as_reservation(scenario, p, r, values)
            losses.append(
                Loss(f"{p.id}'s red line {r.id} ({_describe(r)})", kept=how, reason=reason)
            )
        if values != p.preference.values:
            p = dataclasses.replace(p, preference=dataclasses.replace(p.preference, values=values))
        parties.append(p)
    losses.extend(
        Loss(
            f"constraint {c.id} ({_condition_text(c.condition)})",
            reason="the format has no constraint binding every party",
        )
        for c in scenario.constraints
    )
    if scenario.ratification:
        losses.append(
            Loss(
                "ratification stages (" + ", ".join(st.id for st in scenario.ratification) + ")",
                reason="the format has no domestic ratification; the two-level analysis "
                "(docs/two-level.md) reads them",
            )
        )
    extras = [
        ("sources and evidence", bool(scenario.sources)),
        ("positions", any(p.positions for p in scenario.parties)),
        ("the calendar", scenario.calendar is not None or bool(scenario.sessions)),
        ("the deadline", scenario.deadline is not None),
        ("the uncertainty section", scenario.uncertainty is not None),
        ("the forecast section", scenario.forecast is not None),
    ]
    held = [name for name, present in extras if present]
    if held:
        losses.append(
            Loss(
                ", ".join(held),
                reason="not read by the analysis, but not held by the format either",
            )
        )
    kept = dataclasses.replace(scenario, parties=tuple(parties), constraints=(), ratification=())
    return kept, tuple(losses)


def _as_reservation(
    scenario: Scenario, p: Party, r: RedLine, values: dict[str, ValueFunction]
) -> tuple[str | None, str]:
    """Keep red line ``r`` of party ``p`` by making the options it forbids worth 0 to ``p``,
    when that is exact; updates ``values``. Returns (how it is kept, or None; why not)."""
    cond = r.condition
    if cond.when is not None:
        return None, "it ties two issues; a utility profile cannot hold a condition"
    if not p.preference.is_additive or p.preference.offset != 0.0:
        return None, "the party's profile is not a plain weighted sum"
    issue = scenario.issue(cond.must.issue)
    allowed = cond.must.option_mask(issue)
    best_other = sum(
        float(p.preference.issue_values(i).max(initial=0.0))
        for i in scenario.issues
        if i.id != issue.id
    )
    if not below(best_other, p.reservation_value):
        return None, (
            f"{p.id}'s best utility on the other issues ({best_other:.3f}) reaches its "
            f"reservation value ({p.reservation_value:g}), so no reservation excludes the "
            "options the red line forbids"
        )
    fn = values.get(issue.id)
    current = fn.evaluate(issue) if fn is not None else np.zeros(issue.size)
    new = np.where(allowed, current, 0.0)
    values[issue.id] = TableValue(tuple(float(x) for x in new))
    forbidden = [issue.label(k) for k in range(issue.size) if not allowed[k]]
    return (
        f"as a reservation: {', '.join(forbidden)} worth 0 to {p.id}, which puts every "
        f"package with it under {p.id}'s reservation value ({p.reservation_value:g})",
        "",
    )


def _condition_text(cond: Condition) -> str:
    must = cond.must.describe()
    return must if cond.when is None else f"{must} when {cond.when.describe()}"


def _describe(r: RedLine) -> str:
    return _condition_text(r.condition)
