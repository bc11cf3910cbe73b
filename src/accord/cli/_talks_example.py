"""``accord talks init --example``: the Geneva talks as a record.

The shipped report becomes a source, the scenario's quotes become verified evidence, the
scenario the first version (with its analysis snapshot), and the past rounds of its calendar
dated events, each a reported fact with the page it comes from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.compare import summary_of
from accord.errors import RecordError
from accord.io import resolve
from accord.io.native import scenario_from_document
from accord.io.yaml_source import load_document, read_text

if TYPE_CHECKING:
    from accord.record import Record

EXAMPLE = "geneva-2026"


def _first(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        return next((x for x in value if isinstance(x, dict)), {})
    return value if isinstance(value, dict) else {}


def build_example(rec: Record, *, author: str) -> None:
    """Fill an empty record with the bundled Geneva scenario and its history."""
    if rec.log():
        raise RecordError(
            f"the record at {rec.display_url} already holds versions; --example fills a new one"
        )
    path = resolve(EXAMPLE)
    doc = load_document(path)
    sc = scenario_from_document(doc, base_dir=path.parent)
    data: dict[str, Any] = doc.data
    texts = {}
    for src in sc.sources:
        if src.file:
            file = path.parent / src.file
            texts[src.id] = read_text(file)
            rec.add_source(
                texts[src.id],
                title=src.title,
                published=src.date or "",
                url=src.url,
                outlet=src.publisher,
                author=src.author,
                language="en",
            )
    urls = {str(s.get("id")): s.get("url") for s in data.get("sources", []) if isinstance(s, dict)}
    calendar = data.get("calendar") if isinstance(data.get("calendar"), dict) else {}
    for item in (calendar or {}).get("past", []) or []:
        if not isinstance(item, dict) or not item.get("start"):
            continue
        ev = _first(item.get("evidence"))
        where = ", ".join(str(x) for x in (item.get("venue"), item.get("format")) if x)
        rec.add_event(
            date=str(item["start"]),
            end_date=item.get("end"),
            kind="round",
            title=f"{item.get('id', 'round')}" + (f" ({where})" if where else ""),
            detail=item.get("note"),
            evidence_kind=str(ev.get("kind") or "reported"),
            url=urls.get(str(ev.get("source"))),
            scenario=sc.id,
        )
        for agreed in item.get("agreed", []) or []:
            if not isinstance(agreed, dict):
                continue
            aev = _first(agreed.get("evidence"))
            rec.add_event(
                date=str(item.get("end") or item["start"]),
                kind="agreement",
                title=f"{item.get('id', 'round')}: {agreed.get('statement', agreed.get('id'))}",
                detail=", ".join(agreed.get("topics", []) or []) or None,
                evidence_kind=str(aev.get("kind") or "reported"),
                url=urls.get(str(aev.get("source"))),
                scenario=sc.id,
            )
    rec.commit(
        data,
        message="Geneva round of 17-18 February 2026: positions and red lines from the report",
        author=author,
        text=read_text(path),
        text_format="yaml",
        source_texts=texts,
        snapshot=summary_of(sc),
        file=str(path),
    )
