"""Provenance: the sources a scenario is built from and the quotes that back each claim.

Evidence has a *kind*, following the analysts' convention of keeping apart what a party
says, what a source says about it, and what the analyst concludes:

- ``stated``: the party's own words, attributed (a communiqué, a quoted remark);
- ``reported``: a source reports it (a journalist, an anonymous official, the other side);
- ``inferred``: the analyst's inference from a quote, with the ``reasoning`` written down
  (a demand read as a red line, a reporter's "unlikely to accept" read as a refusal);
- ``assumption``: no source; the analyst assumes it (with a ``note`` saying why).

Optionally graded on the Admiralty scale (NATO STANAG 2511): the source's ``reliability``
(A completely reliable .. F cannot be judged) and the information's ``credibility``
(1 confirmed by other sources .. 6 cannot be judged), and dated (``date``: when the claim
was made, which may precede the source's own date).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EvidenceKind(StrEnum):
    """How directly a quote supports a claim."""

    STATED = "stated"
    REPORTED = "reported"
    INFERRED = "inferred"
    ASSUMPTION = "assumption"

    @property
    def describe(self) -> str:
        """What the kind means in plain words, for reports (``"the party's own words"``...)."""
        return _DESCRIBE[self]


_DESCRIBE = {
    EvidenceKind.STATED: "the party's own words",
    EvidenceKind.REPORTED: "a source reports it",
    EvidenceKind.INFERRED: "the analyst's inference from a quote",
    EvidenceKind.ASSUMPTION: "an analyst assumption, no source",
}

#: Admiralty scale: reliability of the source and credibility of the information.
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


@dataclass(frozen=True, slots=True)
class Source:
    """A document the scenario cites (a news report, a communiqué, an interview)."""

    id: str
    title: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    file: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """What backs a stated position, a red line, a deadline or a number.

    Either a ``source`` id with the ``quote`` it supports and a ``kind`` (stated, reported,
    or inferred with its ``reasoning``), or an assumption (``assumption=True`` or
    ``kind="assumption"``) with a ``note`` saying why the analyst assumes it. A claim never
    stands without one of the two. ``kind`` defaults to ``reported`` when a source is given
    (the cautious reading: not the party's own words) and to ``assumption`` otherwise.
    """

    source: str | None = None
    quote: str | None = None
    assumption: bool = False
    note: str | None = None
    kind: EvidenceKind | None = None
    reasoning: str | None = None
    reliability: str | None = None
    credibility: int | None = None
    date: str | None = None

    def __post_init__(self) -> None:
        kind = self.kind
        if kind is None:
            kind = (
                EvidenceKind.ASSUMPTION
                if self.assumption or self.source is None
                else EvidenceKind.REPORTED
            )
        kind = EvidenceKind(kind)
        object.__setattr__(self, "kind", kind)
        if kind is EvidenceKind.ASSUMPTION:
            object.__setattr__(self, "assumption", True)

    @property
    def is_assumption(self) -> bool:
        """True when no source backs the claim (an analyst assumption), whatever ``kind`` says."""
        return self.assumption or self.source is None

    @property
    def evidence_kind(self) -> EvidenceKind:
        """The kind, never None (set in ``__post_init__``)."""
        assert self.kind is not None
        return self.kind

    @property
    def grade(self) -> str | None:
        """The Admiralty grade, e.g. ``"B2"``, if any part of it was given."""
        if self.reliability is None and self.credibility is None:
            return None
        return f"{self.reliability or '?'}{self.credibility or '?'}"

    def label(self) -> str:
        """A short plain label: ``stated (report)``, ``inferred (report)``, ``assumption``."""
        kind = self.evidence_kind
        if kind is EvidenceKind.ASSUMPTION:
            return "assumption"
        grade = self.grade
        return f"{kind} ({self.source}{', ' + grade if grade else ''})"
