"""Domestic ratification: the stages a deal signed at the table must pass at home.

A two-level game (Putnam 1988, "Diplomacy and Domestic Politics: The Logic of Two-Level
Games", *International Organization* 42(3)): a negotiator's agreement (level I) binds only
once its domestic constituents ratify it (level II). Each party has zero or more
:class:`RatificationStage` s, in order: a leader's sign-off, a parliament's vote, a
referendum, a foreign legislature ruling on an item that needs it. A stage rules on some
issues (``issues``; empty: every issue) and decides by one of three stated acceptance
models (docs/two-level.md gives the formulas):

* :class:`ThresholdModel` (``kind: threshold``): the stage has an issue-weighted utility
  ``u(x) = sum_k w_k v_k(x_k)`` like a party's (Keeney & Raiffa 1976) and approves a
  package ``x`` iff ``u(x) >= threshold``;
* :class:`BlocVoteModel` (``kind: bloc-vote``): blocs ``b`` with weights ``W_b`` (seats,
  votes) each vote yes iff ``u_b(x) >= t_b``; the stage approves iff the yes weight is at
  least ``majority`` of the total, ``sum_b W_b [u_b(x) >= t_b] >= majority * sum_b W_b``;
* :class:`ElectorateModel` (``kind: electorate``): the expected yes share is
  ``m(x) = clip(base + sum_k shift_k(x_k), 0, 1)`` (a shift of support per option of the
  issues it rules on); the realised share is normal around it, ``S ~ N(m(x), sd^2)``
  (a normal approximation of the vote share, the polls' error), turnout is
  ``T ~ N(turnout, turnout_sd^2)`` independent of it, and the vote carries iff
  ``S > majority`` and ``T >= quorum``: ``P(approve) = Phi((m(x) - majority) / sd) *
  P(T >= quorum)`` (``P(T >= quorum)`` is 0 or 1 when ``turnout_sd`` is 0).

The first two are deterministic (approve or not); an electorate gives a probability.
``duration_days`` is the time the stage takes on the calendar once the previous one ends
(a referendum takes weeks). Evidence backs each stage like every claim; its numbers are
the analyst's, labelled as such. The evaluation lives in
:mod:`accord.analysis.ratification` (:func:`~accord.analysis.ratification.approval`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from accord.model.evidence import Evidence
from accord.model.preference import Preference

#: The acceptance models a stage may use, as the scenario format spells them.
KINDS = ("threshold", "bloc-vote", "electorate")


@dataclass(frozen=True, slots=True)
class ThresholdModel:
    """Approves a package iff its utility ``preference`` (issue weights and values, like a
    party's) reaches ``threshold``."""

    preference: Preference
    threshold: float

    @property
    def kind(self) -> str:
        """``"threshold"``."""
        return "threshold"


@dataclass(frozen=True, slots=True)
class Bloc:
    """A voting bloc: ``weight`` votes (seats), voting yes iff its utility ``preference``
    reaches ``threshold``."""

    id: str
    name: str
    weight: float
    preference: Preference
    threshold: float


@dataclass(frozen=True, slots=True)
class BlocVoteModel:
    """Approves iff the blocs voting yes hold at least ``majority`` (a fraction in (0, 1])
    of the total weight (a simple majority of a 450-seat parliament is 226/450)."""

    blocs: tuple[Bloc, ...]
    majority: float = 0.5

    @property
    def kind(self) -> str:
        """``"bloc-vote"``."""
        return "bloc-vote"


@dataclass(frozen=True, slots=True)
class ElectorateModel:
    """A popular vote: expected yes share ``base`` plus a shift per option (``support``:
    issue id to option label to shift), the realised share normal with ``sd`` around it;
    ``turnout`` (mean, with ``turnout_sd``) must reach ``quorum`` and the share must exceed
    ``majority``."""

    base: float
    sd: float
    support: dict[str, dict[str, float]] = field(default_factory=dict)
    turnout: float = 1.0
    turnout_sd: float = 0.0
    quorum: float = 0.0
    majority: float = 0.5

    def __hash__(self) -> int:
        return hash((self.base, self.sd, frozenset(self.support), self.turnout, self.quorum))

    @property
    def kind(self) -> str:
        """``"electorate"``."""
        return "electorate"


AcceptanceModel = ThresholdModel | BlocVoteModel | ElectorateModel


@dataclass(frozen=True, slots=True)
class RatificationStage:
    """One domestic approval step of ``party``'s (the party whose home it is).

    ``order`` is its position among that party's stages (0 first; the readers number them
    in the order the file lists them); ``issues`` the issue ids it rules on (empty: every
    issue); ``model`` its acceptance model (:attr:`kind` names it); ``duration_days`` the
    time it takes once the previous stage of the party has ended.
    """

    id: str
    name: str
    party: str
    order: int
    model: AcceptanceModel
    issues: tuple[str, ...] = ()
    duration_days: int = 0
    note: str = ""
    evidence: tuple[Evidence, ...] = ()

    @property
    def kind(self) -> str:
        """The acceptance model's name: ``threshold``, ``bloc-vote`` or ``electorate``."""
        return self.model.kind

    def rules_on(self, issue_id: str) -> bool:
        """Whether the stage rules on issue ``issue_id`` (every issue when ``issues`` is
        empty)."""
        return not self.issues or issue_id in self.issues

    def with_values(
        self,
        *,
        threshold: float | None = None,
        bloc_thresholds: dict[str, float] | None = None,
        base: float | None = None,
        turnout: float | None = None,
    ) -> RatificationStage:
        """The stage with some of its numbers replaced (a sweep's draw of its
        ``uncertainty:`` entry, a what-if): a threshold stage's ``threshold``, blocs'
        thresholds by bloc id, an electorate's ``base`` support and mean ``turnout``. A
        value for another kind of model is ignored."""
        m = self.model
        if isinstance(m, ThresholdModel) and threshold is not None:
            m = replace(m, threshold=threshold)
        elif isinstance(m, BlocVoteModel) and bloc_thresholds:
            m = replace(
                m,
                blocs=tuple(
                    replace(b, threshold=bloc_thresholds[b.id]) if b.id in bloc_thresholds else b
                    for b in m.blocs
                ),
            )
        elif isinstance(m, ElectorateModel):
            if base is not None:
                m = replace(m, base=base)
            if turnout is not None:
                m = replace(m, turnout=turnout)
        return replace(self, model=m)
