"""What-if edits: switch red lines off, move reservation values, weights and the bars of
the ratification stages (docs/two-level.md).

An edit never mutates a scenario: :func:`apply_edits` builds a new one with
:func:`dataclasses.replace`, so every request works on its own copy and users never see
each other's edits.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from accord.errors import ConfigurationError
from accord.model import (
    BlocVoteModel,
    ElectorateModel,
    Party,
    RatificationStage,
    Scenario,
    ThresholdModel,
    Uncertainty,
)


@dataclass(frozen=True, slots=True)
class Edits:
    """``off``: red lines switched off, as ``"party:red_line_id"``; ``reservation``: party id
    to reservation value; ``weights``: party id to ``{issue id: weight}`` (renormalised to
    sum to one over the party's issues); ``stages``: ratification stage id to its bar
    (:func:`stage_bar`: a threshold stage's threshold, a bloc vote's majority, an
    electorate's expected yes share ``base``)."""

    off: frozenset[str] = frozenset()
    reservation: Mapping[str, float] = field(default_factory=dict)
    weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    stages: Mapping[str, float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when the edits change nothing."""
        return not (self.off or self.reservation or self.weights or self.stages)


#: What the what-if moves on each kind of stage, and the range it may take.
STAGE_BARS = {
    "threshold": ("threshold (utility)", -1.0, 2.0),
    "bloc-vote": ("majority (share of the votes)", 0.01, 1.0),
    "electorate": ("support (expected yes share)", 0.0, 1.0),
}


def stage_bar(stage: RatificationStage) -> float:
    """The number the what-if moves on ``stage``: a threshold stage's threshold, a bloc
    vote's majority, an electorate's expected yes share ``base``."""
    m = stage.model
    if isinstance(m, ThresholdModel):
        return m.threshold
    if isinstance(m, BlocVoteModel):
        return m.majority
    assert isinstance(m, ElectorateModel)
    return m.base


def _with_bar(stage: RatificationStage, x: float) -> RatificationStage:
    what, low, high = STAGE_BARS[stage.kind]
    x = _finite(float(x), f"the {what} of stage {stage.id}")
    if not low <= x <= high:
        raise ConfigurationError(
            f"the {what} of stage {stage.id} must lie in [{low:g}, {high:g}], got {x:g}"
        )
    if isinstance(stage.model, BlocVoteModel):
        return replace(stage, model=replace(stage.model, majority=x))
    if isinstance(stage.model, ThresholdModel):
        return stage.with_values(threshold=x)
    return stage.with_values(base=x)


def red_line_key(party: str, red_line: str) -> str:
    """How edits name a red line: ``"party:red_line_id"``."""
    return f"{party}:{red_line}"


def _finite(x: float, what: str) -> float:
    if not math.isfinite(x):
        raise ConfigurationError(f"{what} must be a finite number, got {x!r}")
    return x


def _reweigh(p: Party, new: Mapping[str, float], issue_ids: set[str]) -> Party:
    weights = dict(p.preference.weights)
    for issue, w in new.items():
        if issue not in issue_ids:
            raise ConfigurationError(
                f"weights.{p.id}: no issue {issue!r}; issues are {', '.join(sorted(issue_ids))}"
            )
        if _finite(w, f"weights.{p.id}.{issue}") < 0:
            raise ConfigurationError(f"weights.{p.id}.{issue} must be 0 or more, got {w}")
        weights[issue] = w
    total = sum(weights.values())
    if total <= 0:
        raise ConfigurationError(f"weights.{p.id}: at least one weight must be positive")
    normalised = {k: v / total for k, v in weights.items()}
    return replace(p, preference=replace(p.preference, weights=normalised))


def apply_edits(scenario: Scenario, edits: Edits) -> Scenario:
    """``scenario`` with ``edits`` applied; unknown parties, red lines or issues and values
    out of range raise :class:`~accord.errors.ConfigurationError` naming them."""
    if edits.empty:
        return scenario
    ids = {p.id for p in scenario.parties}
    known = {red_line_key(r.party, r.id) for r in scenario.red_lines}
    for key in sorted(edits.off):
        if key not in known:
            raise ConfigurationError(
                f"no red line {key!r}; red lines are {', '.join(sorted(known)) or 'none'}"
            )
    for where in (edits.reservation, edits.weights):
        for pid in where:
            if pid not in ids:
                raise ConfigurationError(f"no party {pid!r}; parties are {', '.join(sorted(ids))}")
    stage_ids = [st.id for st in scenario.ratification]
    for sid in edits.stages:
        if sid not in stage_ids:
            raise ConfigurationError(
                f"no ratification stage {sid!r}; stages are {', '.join(stage_ids) or 'none'}"
            )
    issue_ids = {i.id for i in scenario.issues}
    parties = []
    for p in scenario.parties:
        q = p
        if any(red_line_key(p.id, r.id) in edits.off for r in p.red_lines):
            q = replace(
                q,
                red_lines=tuple(
                    r for r in p.red_lines if red_line_key(p.id, r.id) not in edits.off
                ),
            )
        if p.id in edits.reservation:
            rv = _finite(float(edits.reservation[p.id]), f"reservation value of {p.id}")
            if not -1.0 <= rv <= 2.0:
                raise ConfigurationError(
                    f"reservation value of {p.id} must lie in [-1, 2], got {rv}"
                )
            q = replace(q, reservation_value=rv)
        if p.id in edits.weights:
            if not p.preference.is_additive:
                raise ConfigurationError(
                    f"party {p.id!r} has non-additive preferences; its weights cannot be moved"
                )
            q = _reweigh(q, edits.weights[p.id], issue_ids)
        parties.append(q)
    stages = tuple(
        _with_bar(st, edits.stages[st.id]) if st.id in edits.stages else st
        for st in scenario.ratification
    )
    return replace(
        scenario,
        parties=tuple(parties),
        ratification=stages,
        uncertainty=_drop_uncertainty(scenario.uncertainty, edits.off),
    )


def _drop_uncertainty(u: Uncertainty | None, off: frozenset[str]) -> Uncertainty | None:
    """``u`` without the entries of switched-off red lines, so that the edited scenario's
    section names only red lines it has (an exported scenario stays valid for
    ``accord sweep``, and a sweep of it samples the red lines that are left)."""
    if u is None or not off:
        return u
    parties = {}
    for pid, pu in u.parties.items():
        kept = {rid: r for rid, r in pu.red_lines.items() if red_line_key(pid, rid) not in off}
        parties[pid] = pu if len(kept) == len(pu.red_lines) else replace(pu, red_lines=kept)
    return replace(u, parties=parties)
