"""From a report and a scenario to proposals: the round, claims, deadlines, candidates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accord.ingest import rules
from accord.ingest.dates import report_date
from accord.ingest.proposal import Context, Proposal
from accord.ingest.reader import Report
from accord.ingest.text import Gazetteer, sentences
from accord.model import Scenario

#: The order proposals are listed in.
ORDER = {k: i for i, k in enumerate(rules.KINDS)}


@dataclass
class IngestResult:
    """Everything ``accord ingest`` proposes for one report."""

    report: Report
    scenario_id: str
    report_date: date | None
    date_source: str  # "option" | "report" | "page metadata" | "unknown"
    proposals: list[Proposal] = field(default_factory=list)
    party_names: dict[str, str] = field(default_factory=dict)

    def by_kind(self, kind: str) -> list[Proposal]:
        """The proposals of ``kind`` (one of :data:`accord.ingest.rules.KINDS`), in report order."""
        return [p for p in self.proposals if p.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """The report's description (path, kind, title, sha256, length, date and where the date
        came from) and every proposal, as ``accord ingest --json`` prints them.
        """
        return {
            "report": {
                "path": self.report.path,
                "kind": self.report.kind,
                "title": self.report.title,
                "sha256": self.report.sha256,
                "chars": len(self.report.text),
                "date": self.report_date.isoformat() if self.report_date else None,
                "date_source": self.date_source,
            },
            "scenario": self.scenario_id,
            "spans": "character offsets into the report's text "
            + ("(the file as decoded)" if self.report.kind == "text" else "(extracted text)"),
            "proposals": [p.to_dict() for p in self.proposals],
        }


def propose(report: Report, scenario: Scenario, on: date | None = None) -> IngestResult:
    """Propose what ``report`` says, recognising the parties and issues of ``scenario``.

    ``on`` is the report's date (relative expressions are resolved against it); when None it
    is taken from the report (its dateline or the page's metadata).
    """
    text = report.text
    source = "option"
    ref = on
    found = report_date(text)
    dateline = (found[1], found[2]) if found is not None else None
    if ref is None:
        if found is not None:
            ref, source = found[0], "report"
        elif report.published:
            ref, source = date.fromisoformat(report.published), "page metadata"
        else:
            source = "unknown"
    gaz = Gazetteer.from_scenario(scenario)
    ctx = Context(
        text=text,
        gaz=gaz,
        ref=ref,
        sentences=sentences(text),
        parties=gaz.parties(text),
        issues=gaz.issues(text),
        dateline=dateline,
    )
    props: list[Proposal] = []
    props += rules.round_proposals(ctx)
    claim_props = rules.claims(ctx)
    props += claim_props
    props += rules.deadlines(ctx)
    props += rules.candidates(ctx, claim_props)
    props.sort(key=lambda p: (ORDER[p.kind], p.span[0]))
    for k, p in enumerate(props, 1):
        p.id = f"p{k}"
        p.confidence = round(max(0.0, min(1.0, p.confidence)), 2)
    return IngestResult(
        report, scenario.metadata.id, ref, source, props, {p.id: p.name for p in scenario.parties}
    )
