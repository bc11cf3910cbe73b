"""What a sweep samples: a scenario's ``uncertainty`` section, laid out on its columns.

The section itself (:class:`accord.model.Uncertainty`, keyed by party, issue, option and
red-line ids) is parsed and checked once, when the scenario is read
(:mod:`accord.io.uncertainty`). :func:`plan_uncertainty` turns it into an
:class:`UncertaintyPlan`: the uncertain numbers in the fixed order a run draws them, each
located by its party column and its issue and option positions in the scenario, as the
vectorized engines (:mod:`accord.sweep.variants`) need them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from accord.errors import ConfigurationError
from accord.model import Dirichlet, ScalarDistribution, Scenario, TableValue


@dataclass(frozen=True, slots=True)
class ScalarInput:
    """One uncertain number of the scenario.

    ``kind`` says what it is; ``party`` is the party's column (scenario order); ``issue``
    and ``option`` locate an option value (``-1`` otherwise).
    """

    name: str
    kind: Literal["reservation", "capability", "weight", "value"]
    party: int
    dist: ScalarDistribution
    issue: int = -1
    option: int = -1


@dataclass(frozen=True, slots=True)
class WeightsInput:
    """A party's weight vector drawn from a Dirichlet centred on ``center`` (per issue)."""

    name: str
    party: int
    concentration: float
    center: tuple[float, ...]  # one per issue of the scenario, summing to one
    label: str


@dataclass(frozen=True, slots=True)
class RedLineInput:
    """Whether red line ``index`` (in ``scenario.red_lines`` order) is real in a run."""

    name: str
    party: int
    index: int
    key: str  # "party:red_line"
    p_real: float
    label: str


@dataclass(frozen=True, slots=True)
class DriftSpec:
    """Party column ``party``'s reservation value moves ``by`` per ``round`` or ``month``."""

    party: int
    per: Literal["round", "month"]
    by: float


@dataclass(frozen=True, slots=True)
class UncertaintyPlan:
    """The uncertain inputs of one scenario, in drawing order (see the module docstring)."""

    scalars: tuple[ScalarInput, ...] = ()
    weights: tuple[WeightsInput, ...] = ()
    red_lines: tuple[RedLineInput, ...] = ()
    drifts: tuple[DriftSpec, ...] = ()
    normalised_weights: tuple[int, ...] = ()  # parties whose per-issue weights are rescaled

    @property
    def empty(self) -> bool:
        """Nothing to sample."""
        return not (self.scalars or self.weights or self.red_lines or self.drifts)


def _missing(scenario: Scenario, what: str) -> ConfigurationError:
    return ConfigurationError(
        f"scenario {scenario.id!r}: its uncertainty section names {what}, which the scenario "
        "does not have (a scenario read from a file is checked when it is read; one built "
        "in code must keep the two in step)"
    )


def _months_known(scenario: Scenario) -> bool:
    dl = scenario.deadline
    return scenario.metadata.start_date is not None and dl is not None and dl.date is not None


def plan_uncertainty(scenario: Scenario) -> UncertaintyPlan:
    """The sampling plan of ``scenario.uncertainty`` (empty without one).

    The section was checked against the scenario when it was read; a scenario built or
    edited in code whose section names a party, issue, option or red line it lacks, or
    drifts per month without the dates to count months, raises
    :class:`~accord.errors.ConfigurationError`.
    """
    u = scenario.uncertainty
    if u is None:
        return UncertaintyPlan()
    ids = [p.id for p in scenario.parties]
    issue_ids = [i.id for i in scenario.issues]
    all_red = scenario.red_lines
    scalars: list[ScalarInput] = []
    weights: list[WeightsInput] = []
    red_inputs: list[RedLineInput] = []
    drifts: list[DriftSpec] = []
    normalised: list[int] = []
    for pid, pu in u.parties.items():
        if pid not in ids:
            raise _missing(scenario, f"party {pid!r}")
        col = ids.index(pid)
        party = scenario.parties[col]
        if pu.reservation_value is not None:
            d = pu.reservation_value
            scalars.append(ScalarInput(f"{pid}.reservation_value", "reservation", col, d))
            if d.drift is not None:
                if d.drift.per == "month" and not _months_known(scenario):
                    raise ConfigurationError(
                        f"scenario {scenario.id!r}: the reservation value of {pid!r} drifts "
                        "per month, which needs the scenario's start date and deadline date"
                    )
                drifts.append(DriftSpec(col, d.drift.per, d.drift.by))
        if pu.capability is not None:
            scalars.append(ScalarInput(f"{pid}.capability", "capability", col, pu.capability))
        if isinstance(pu.weights, Dirichlet):
            base = pu.weights.center if pu.weights.center is not None else party.preference.weights
            center = [float(base.get(i, 0.0)) for i in issue_ids]
            total = sum(center)
            if not total > 0:
                raise ConfigurationError(
                    f"scenario {scenario.id!r}: party {pid!r} has no positive weight to "
                    "centre a Dirichlet on"
                )
            weights.append(
                WeightsInput(
                    f"{pid}.weights",
                    col,
                    float(pu.weights.concentration),
                    tuple(c / total for c in center),
                    pu.weights.label,
                )
            )
        elif pu.weights:
            for iid, d in pu.weights.items():
                if iid not in issue_ids:
                    raise _missing(scenario, f"issue {iid!r}")
                k = issue_ids.index(iid)
                scalars.append(ScalarInput(f"{pid}.weights.{iid}", "weight", col, d, issue=k))
            normalised.append(col)
        for iid, options in pu.values.items():
            if iid not in issue_ids:
                raise _missing(scenario, f"issue {iid!r}")
            k = issue_ids.index(iid)
            fn = party.preference.values.get(iid)
            if fn is not None and not isinstance(fn, TableValue):
                raise ConfigurationError(
                    f"scenario {scenario.id!r}: party {pid!r} values issue {iid!r} with a "
                    f"{fn.kind} function; only a table of option values can carry distributions"
                )
            labels = [str(o) for o in scenario.issues[k].options]
            for opt, d in options.items():
                if opt not in labels:
                    raise _missing(scenario, f"option {opt!r} of issue {iid!r}")
                j = labels.index(opt)
                scalars.append(
                    ScalarInput(f"{pid}.values.{iid}.{opt}", "value", col, d, issue=k, option=j)
                )
        for rid, r in pu.red_lines.items():
            index = next((i for i, x in enumerate(all_red) if x.party == pid and x.id == rid), None)
            if index is None:
                raise _missing(scenario, f"red line {rid!r} of party {pid!r}")
            name, key = f"{pid}.red_lines.{rid}", f"{pid}:{rid}"
            red_inputs.append(RedLineInput(name, col, index, key, r.p_real, r.label))
    return UncertaintyPlan(
        tuple(scalars), tuple(weights), tuple(red_inputs), tuple(drifts), tuple(normalised)
    )
