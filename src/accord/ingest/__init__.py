"""``accord ingest``: from a news report to proposed evidence, for an analyst to review.

:func:`read_report` reads plain text, Markdown or a saved HTML page (nothing fetched, no
script run); :func:`propose` finds the round (venue, dates, format, delegations, duration,
next round), claims per party and issue, deadlines and candidate issues, each with its span,
quote, cue, rule and confidence. :mod:`accord.ingest.review` writes the review file and
applies the proposals the analyst accepted. Nothing here changes a scenario by itself.
"""

from __future__ import annotations

from accord.ingest.proposal import Proposal
from accord.ingest.propose import IngestResult, propose
from accord.ingest.reader import MAX_REPORT_BYTES, Report, ReportError, read_report

__all__ = [
    "MAX_REPORT_BYTES",
    "IngestResult",
    "Proposal",
    "Report",
    "ReportError",
    "propose",
    "read_report",
]
