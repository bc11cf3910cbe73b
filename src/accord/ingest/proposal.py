"""What the ingest rules read and what they propose: the :class:`Context` of one report and
the :class:`Proposal` each rule makes. Both sit below the rules (:mod:`accord.ingest.rules`)
and the person rules (:mod:`accord.ingest.people`), which build on them without importing
each other in a loop.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accord.ingest.text import Gazetteer, Mention, Sentence


@dataclass
class Proposal:
    """One thing the report seems to say, for the analyst to accept or reject."""

    kind: str
    span: tuple[int, int]
    quote: str
    confidence: float
    rule: str
    cue: str | None = None
    evidence: str = "reported"  # stated | reported | inferred
    speaker: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The proposal as a flat JSON-ready dict: id and kind, the kind's own fields, then the
        span, quote, speaker, cue, evidence kind, confidence (2 decimals) and rule.
        """
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, **self.data}
        out.update(
            span=list(self.span),
            quote=self.quote,
            speaker=self.speaker,
            cue=self.cue,
            evidence=self.evidence,
            confidence=round(self.confidence, 2),
            rule=self.rule,
        )
        return out


@dataclass
class Context:
    """What the rules read: the report's text and sentences, the gazetteer and the mentions of
    parties and issues found in it (sorted by position), the report's date ``ref`` against
    which relative dates resolve (``None``: unknown), and the span of its dateline.
    """

    text: str
    gaz: Gazetteer
    ref: date | None
    sentences: list[Sentence]
    parties: list[Mention]
    issues: list[Mention]
    dateline: tuple[int, int] | None = None  # the report's own date, not a date it reports
    #: What the rules work out once per report and read again (the report's main event, the
    #: role of each sentence, the topic mentions, the scenario's people by surname key).
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._party_starts = [m.start for m in self.parties]
        self._issue_starts = [m.start for m in self.issues]

    def parties_in(self, a: int, b: int) -> list[Mention]:
        """The party mentions lying entirely within characters ``[a, b)``."""
        return _within(self.parties, self._party_starts, a, b)

    def issues_in(self, a: int, b: int) -> list[Mention]:
        """The issue mentions lying entirely within characters ``[a, b)``."""
        return _within(self.issues, self._issue_starts, a, b)


def _within(ms: list[Mention], starts: list[int], a: int, b: int) -> list[Mention]:
    """The mentions (sorted by start) lying inside [a, b), found by bisection."""
    out = []
    for k in range(bisect.bisect_left(starts, a), len(ms)):
        m = ms[k]
        if m.start >= b:
            break
        if m.end <= b:
            out.append(m)
    return out
