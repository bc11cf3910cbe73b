"""Transcripts: every step of a negotiation and how it ended.

A :class:`Transcript` is columnar (one entry per step): round, session, actor, action
(offer, accept, reject, walk away, draft, critique, vote), the outcome on the table (the
offer, the draft, or the outcome an answer refers to), every party's utility of it, the
objections of a critique, and the :class:`Result` (agreement, deadline passed, walk-out).
Under the single negotiating text it also keeps every draft as a :class:`DraftVersion`
with the critiques that draft answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

import numpy as np

from accord.arrays import Float, Index
from accord.errors import require_extra
from accord.model import Issue, OptionValue
from accord.negotiation.strategy import ActionKind, Critique


class Ending(StrEnum):
    """How the talks ended."""

    AGREEMENT = "agreement"
    DEADLINE = "deadline"
    WALK_OUT = "walk_out"


@dataclass(frozen=True, slots=True)
class TrackAgreement:
    """A settlement group a run agreed: its ``group`` id (a track's id, linked tracks' ids
    joined with ``+``, or ``core``), the ``tracks`` in it, the ``issues`` it settled, the
    exchanges held when it settled (``rounds``) and the ``date`` of that session (``None``
    when the talks are not dated). ``by_core``: settled by the core's comprehensive
    agreement, not on its own."""

    group: str
    tracks: tuple[str, ...]
    issues: tuple[str, ...]
    rounds: int
    date: str | None = None
    by_core: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        return {
            "track": self.group,
            "tracks": list(self.tracks),
            "issues": list(self.issues),
            "exchange": self.rounds,
            "date": self.date,
            **({"by_core": True} if self.by_core else {}),
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The end of one run.

    ``agreement`` is the agreed outcome's index in the compiled space (``None`` without
    agreement); ``utilities`` every party's utility of it (discounted when the protocol
    discounts), or each party's reservation value without agreement; ``rounds`` the number
    of rounds held; ``agreed_issues`` the issues the text on the table covers (all of them,
    or the partial text's track under the single negotiating text) and ``open_issues`` the
    others, which no agreement of this run settles; ``date`` the calendar date the run
    ended on (the session that reached the agreement or saw the walk-out, or the deadline's
    date), when the schedule is dated.

    A **full** agreement settles every issue; a **partial** one settles ``agreed_issues``
    only and leaves ``open_issues`` open (they are not agreed at their status quo).

    ``tracks`` (a scenario whose tracks settle apart, :mod:`accord.negotiation.tracks`;
    empty otherwise): the tracks the agreement settled, each with its exchange and date, in
    the order they settled; ``rounds`` and ``date`` are then those of the last one.
    """

    ending: Ending
    agreement: int | None
    utilities: tuple[float, ...]
    rounds: int
    agreed_issues: tuple[str, ...] = ()
    by: str | None = None
    open_issues: tuple[str, ...] = ()
    date: str | None = None
    tracks: tuple[TrackAgreement, ...] = ()

    @property
    def agreed(self) -> bool:
        """Any agreement, full or partial."""
        return self.ending is Ending.AGREEMENT

    @property
    def full(self) -> bool:
        """An agreement that settles every issue."""
        return self.agreed and not self.open_issues

    @property
    def partial(self) -> bool:
        """An agreement that settles some issues and leaves ``open_issues`` open."""
        return self.agreed and bool(self.open_issues)

    @property
    def kind(self) -> str:
        """``full_agreement``, ``partial_agreement``, ``deadline`` or ``walk_out``."""
        if self.agreed:
            return FULL if self.full else PARTIAL
        return self.ending.value

    @property
    def settled_issues(self) -> tuple[str, ...]:
        """The issues this run's agreement settles (none without agreement)."""
        return self.agreed_issues if self.agreed else ()

    def unsettled(self, issues: tuple[str, ...]) -> tuple[str, ...]:
        """The issues of ``issues`` this run leaves open (all of them without agreement)."""
        settled = set(self.settled_issues)
        return tuple(i for i in issues if i not in settled)


#: :attr:`Result.kind` of an agreement that settles every issue.
FULL = "full_agreement"
#: :attr:`Result.kind` of an agreement that settles some issues only.
PARTIAL = "partial_agreement"
#: Every :attr:`Result.kind`, in the order tables list them.
KINDS = (FULL, PARTIAL, "deadline", "walk_out")


@dataclass(frozen=True, slots=True)
class Step:
    """One row of a transcript."""

    round: int
    session: int
    actor: str
    action: ActionKind
    outcome: int | None
    utilities: tuple[float, ...]
    accept: bool | None = None
    objections: tuple[str, ...] = ()
    track: str = ""


@dataclass(frozen=True, slots=True)
class DraftVersion:
    """One version of the single negotiating text and the critiques it answered (the
    critiques of the previous version; none for the first); ``track``: the settlement
    group whose text it is, when the tracks of a scenario are negotiated apart."""

    version: int
    round: int
    outcome: int
    answered: tuple[tuple[str, Critique], ...] = ()
    track: str = ""


@dataclass(frozen=True, eq=False)
class Transcript:
    """The record of one run (see the module docstring)."""

    protocol: str
    scenario: str
    parties: tuple[str, ...]
    issues: tuple[Issue, ...]
    sizes: tuple[int, ...]
    round: Index
    session: Index
    actor: tuple[str, ...]
    action: tuple[ActionKind, ...]
    outcome: Index  # -1 where a step has no outcome
    utilities: Float  # (n_steps, n_parties), nan where a step has no outcome
    result: Result
    accept: tuple[bool | None, ...] = ()
    objections: tuple[tuple[str, ...], ...] = ()
    drafts: tuple[DraftVersion, ...] = ()
    sessions: tuple[str, ...] = ()
    session_dates: tuple[str | None, ...] = ()  # ISO date of each session, when dated
    # tracks negotiated apart (accord.negotiation.tracks): each step's settlement group, and
    # each group's issues; empty otherwise
    track: tuple[str, ...] = ()
    track_issues: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __len__(self) -> int:
        return len(self.actor)

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """The transcript as one :class:`Step` per row (built on first access, then cached)."""
        acc = self.accept or (None,) * len(self)
        obj = self.objections or ((),) * len(self)
        trk = self.track or ("",) * len(self)
        return tuple(
            Step(
                int(self.round[i]),
                int(self.session[i]),
                self.actor[i],
                self.action[i],
                None if self.outcome[i] < 0 else int(self.outcome[i]),
                tuple(float(x) for x in self.utilities[i]),
                acc[i],
                obj[i],
                trk[i],
            )
            for i in range(len(self))
        )

    def decode(self, outcome: int) -> dict[str, OptionValue]:
        """``{issue id: option value}`` of an outcome index of this transcript."""
        pos = np.unravel_index(int(outcome), self.sizes)
        return {issue.id: issue.options[int(p)] for issue, p in zip(self.issues, pos, strict=True)}

    def decode_text(self, outcome: int) -> dict[str, OptionValue]:
        """:meth:`decode` restricted to the issues the text on the table covers (a partial
        text leaves its open issues out: they are not part of any offer)."""
        out = self.decode(outcome)
        for i in self.result.open_issues:
            out.pop(i, None)
        return out

    def decode_track(self, outcome: int, track: str = "") -> dict[str, OptionValue]:
        """:meth:`decode_text` of an offer or draft of settlement group ``track`` (tracks
        negotiated apart): the options of that group's issues only (the others stay at
        their status quo in its negotiation). Without ``track``, :meth:`decode_text`."""
        if not track:
            return self.decode_text(outcome)
        mine = set(dict(self.track_issues).get(track, ()))
        return {k: v for k, v in self.decode(outcome).items() if k in mine}

    @property
    def agreement(self) -> dict[str, OptionValue] | None:
        """``{issue: option}`` of the issues the agreement settles (``None`` without
        agreement); the issues a partial agreement leaves open are not in it."""
        a = self.result.agreement
        return None if a is None else self.decode_text(a)

    @property
    def open_issues(self) -> tuple[str, ...]:
        """The issues no agreement of this run settles (every issue without agreement)."""
        return self.result.unsettled(tuple(i.id for i in self.issues))

    def date_of(self, session: int) -> str | None:
        """The ISO date of session ``session`` (``None`` when the schedule is not dated)."""
        if 0 <= session < len(self.session_dates):
            return self.session_dates[session]
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        r = self.result
        tracked = bool(self.track_issues)
        return {
            "protocol": self.protocol,
            "scenario": self.scenario,
            "result": r.kind,
            "date": r.date,
            "agreement": self.agreement,
            **({"tracks": [a.to_dict() for a in r.tracks]} if tracked else {}),
            "settled_issues": list(r.settled_issues),
            "open_issues": list(self.open_issues),
            "utilities": dict(zip(self.parties, r.utilities, strict=True)),
            "exchanges": r.rounds,
            # "rounds", "round": former names of "exchanges", "exchange" (docs/deprecations.md)
            "rounds": r.rounds,
            "sessions": [
                {"session": k, "name": name, "date": self.date_of(k)}
                for k, name in enumerate(self.sessions)
            ],
            "steps": [
                {
                    "exchange": s.round,
                    "round": s.round,
                    "session": s.session,
                    "date": self.date_of(s.session),
                    **({"track": s.track} if tracked else {}),
                    "actor": s.actor,
                    "action": s.action.value,
                    "outcome": (
                        None if s.outcome is None else self.decode_track(s.outcome, s.track)
                    ),
                    "utilities": dict(zip(self.parties, s.utilities, strict=True)),
                    **({"accept": s.accept} if s.accept is not None else {}),
                    **({"objections": list(s.objections)} if s.objections else {}),
                }
                for s in self.steps
            ],
            "drafts": [
                {
                    "version": d.version,
                    **({"track": d.track} if tracked else {}),
                    "exchange": d.round,
                    "round": d.round,
                    "outcome": self.decode_track(d.outcome, d.track),
                    "answered": [
                        {"party": p, "accept": c.accept, "objections": list(c.objections)}
                        for p, c in d.answered
                    ],
                }
                for d in self.drafts
            ],
        }

    def to_frame(self) -> Any:
        """The steps as a pandas DataFrame (needs pandas)."""
        pd = require_extra("pandas", "to_frame()")

        rows = []
        for s in self.steps:
            row: dict[str, Any] = {
                "exchange": s.round,
                "round": s.round,  # former name of "exchange" (docs/deprecations.md)
                "session": s.session,
                "date": self.date_of(s.session),
                "actor": s.actor,
                "action": s.action.value,
                "outcome": s.outcome,
            }
            row.update({f"u_{p}": u for p, u in zip(self.parties, s.utilities, strict=True)})
            rows.append(row)
        return pd.DataFrame(rows)


class Recorder:
    """Collects steps during a run, then builds the :class:`Transcript` in one go (the
    utilities of all steps are one gather from the utility table)."""

    __slots__ = ("accept", "action", "actor", "objections", "outcome", "round", "session")

    def __init__(self) -> None:
        self.round: list[int] = []
        self.session: list[int] = []
        self.actor: list[str] = []
        self.action: list[ActionKind] = []
        self.outcome: list[int] = []
        self.accept: list[bool | None] = []
        self.objections: list[tuple[str, ...]] = []

    def add(
        self,
        rnd: int,
        session: int,
        actor: str,
        action: ActionKind,
        outcome: int,
        accept: bool | None = None,
        objections: tuple[str, ...] = (),
    ) -> None:
        """Append one step: round ``rnd`` and ``session`` (0-based), the acting party, what it did,
        the outcome index involved (``-1`` for none), and for critiques whether it accepted and
        the issues it objected to.
        """
        self.round.append(rnd)
        self.session.append(session)
        self.actor.append(actor)
        self.action.append(action)
        self.outcome.append(outcome)
        self.accept.append(accept)
        self.objections.append(objections)

    def build(
        self,
        *,
        protocol: str,
        scenario: str,
        parties: tuple[str, ...],
        issues: tuple[Issue, ...],
        sizes: tuple[int, ...],
        table: Float,
        result: Result,
        drafts: tuple[DraftVersion, ...] = (),
        sessions: tuple[str, ...] = (),
        session_dates: tuple[str | None, ...] = (),
        detail: bool = False,
    ) -> Transcript:
        """The :class:`Transcript` of the recorded steps; each step's utilities are read from
        ``table`` (``(n_outcomes, n_parties)``) at its outcome, ``nan`` for steps without one.
        Acceptances and objections are kept only with ``detail=True``.
        """
        outcome = np.asarray(self.outcome, dtype=np.intp)
        utilities = table[outcome] if outcome.size else np.zeros((0, len(parties)))
        if outcome.size and (outcome < 0).any():
            utilities = utilities.copy()
            utilities[outcome < 0] = np.nan
        return Transcript(
            protocol=protocol,
            scenario=scenario,
            parties=parties,
            issues=issues,
            sizes=sizes,
            round=np.asarray(self.round, dtype=np.intp),
            session=np.asarray(self.session, dtype=np.intp),
            actor=tuple(self.actor),
            action=tuple(self.action),
            outcome=outcome,
            utilities=utilities,
            result=result,
            accept=tuple(self.accept) if detail else (),
            objections=tuple(self.objections) if detail else (),
            drafts=drafts,
            sessions=sessions,
            session_dates=session_dates,
        )
