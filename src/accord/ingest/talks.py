"""The talks record as the source and destination of ``accord ingest`` (``--record REF``).

``accord ingest REPORT --record REF`` recognises the parties and issues of the scenario
version ``REF`` of the record; ``accord ingest --apply review.yaml`` then commits the accepted
proposals as the next version of that scenario (its parent is ``REF``: if someone committed
on it since, the record refuses and nothing is written). The report's text is stored in the
record as a source, and every quote is checked against it there.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from accord.errors import AccordError
from accord.ingest.reader import read_report
from accord.ingest.review import Applied, ReviewError, apply_review
from accord.model import Scenario


def scenario_from_record(ref: str, db: str | None = None) -> tuple[Scenario, dict[str, Any]]:
    """The scenario version ``ref`` names in the record, and how the review file cites it."""
    from accord.io.native import scenario_from_document
    from accord.io.yaml_source import Document
    from accord.record import open_record

    with open_record(db) as rec:
        info, doc = rec.document(ref)
        url = rec.display_url
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # quotes are checked by the record, not against files
        sc = scenario_from_document(Document(doc, f"record {info.scenario} version {info.seq}"))
    return sc, {"record": info.ref, "scenario": info.scenario, "version": info.seq, "db": url}


def apply_to_record(
    review: dict[str, Any],
    *,
    db: str | None = None,
    author: str,
    message: str | None = None,
) -> tuple[Applied, Any]:
    """Commit the accepted proposals of ``review`` as the next version; returns the changes
    and the new version's :class:`accord.record.VersionInfo`."""
    from accord.compare import summary_of
    from accord.io.native import scenario_from_document
    from accord.io.yaml_source import Document
    from accord.record import open_record

    where = review.get("scenario") or {}
    ref = where.get("record")
    if not ref:
        raise ReviewError("the review names no record version ('scenario: {record: REF}')")
    rep_meta = review.get("report") or {}
    path = rep_meta.get("path")
    if not path or not Path(path).is_file():
        raise ReviewError(
            f"the report {path!r} the review was made from is not there; the record stores "
            "its text as the source of the quotes"
        )
    report = read_report(path)
    if rep_meta.get("sha256") and rep_meta["sha256"] != report.sha256:
        raise ReviewError(f"{path}: the report changed since the review was written; ingest "
                          "it again")  # fmt: skip
    with open_record(db) as rec:
        info, doc = rec.document(str(ref))
        applied = apply_review(doc, review)
        if not any(c.proposal != "-" for c in applied.changes):
            raise ReviewError("no accepted proposal changes the scenario; nothing to commit")
        sid = next(c.summary.split("'")[1] for c in applied.changes if c.kind == "source")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sc = scenario_from_document(Document(applied.document, "new version"))
        n = sum(1 for c in applied.changes if c.proposal != "-")
        title = report.title or Path(path).name
        try:
            version = rec.commit(
                applied.document,
                message=message
                or f"ingest: {n} accepted proposal{'s' if n != 1 else ''} from {title}",
                author=author,
                parent=info.ref,
                source_texts={sid: report.text},
                snapshot=summary_of(sc),
            )
        except AccordError:
            raise
        rnd = applied.new_round
        if rnd is not None:
            # the round the report adds shows on the record's timeline, beside the versions
            said = ", ".join(str(rnd[k]) for k in ("venue", "format") if rnd.get(k))
            rec.add_event(
                date=str(rnd["start"]),
                end_date=rnd.get("end"),
                kind="round",
                title=f"{rnd['id']}" + (f" ({said})" if said else ""),
                detail=f"added by version {version.seq} from the report {title}",
                evidence_kind="reported",
                url=rep_meta.get("url"),
                scenario=info.scenario,
            )
    return applied, version
