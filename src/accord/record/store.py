"""The talks record's operations: sources, commits, log, show, checkout, timeline, export and
import. Every write is one transaction; every query is built by SQLAlchemy with bound
parameters (no SQL is assembled from strings)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypedDict, Unpack

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from accord.errors import RecordError, ScenarioError, StaleParentError
from accord.io.diff import canonical, diff_documents, evidence_in, format_path
from accord.io.limits import HugeInteger, bounded_int, inside_folder
from accord.io.quotes import find_quote, nearest_passage, shown_passage
from accord.io.snapshot import Snapshot, read_snapshot, snapshot_document
from accord.record import db
from accord.record.models import (
    EVIDENCE_KINDS,
    ChangeEvidenceRow,
    ChangeRow,
    EventRow,
    EvidenceRow,
    SnapshotRow,
    SourceRow,
    VersionEvidenceRow,
    VersionRow,
)

EXPORT_FORMAT = "accord-talks-record"
_FILE_NOTE = ", and its file is not beside the scenario"
#: the first line of a checked-out file names the version it came from
CHECKOUT_MARK = "# accord talks checkout:"
_MARK_RE = re.compile(r"^# accord talks checkout: .*\bref ([0-9a-f]{8,64})\b.*$", re.MULTILINE)
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def document_sha256(document: Mapping[str, Any]) -> str:
    """A digest of a document's content, independent of key order."""
    return _text_sha256(
        json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    )


def parse_date(value: str | dt.date | None, what: str) -> dt.date | None:
    """``value`` as a date (an ISO ``YYYY-MM-DD`` string or a date; ``None`` stays ``None``).

    Raises :class:`~accord.errors.RecordError` naming ``what`` for anything else.
    """
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RecordError(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None


# -- what the record returns -------------------------------------------------------------------
@dataclass(frozen=True)
class SourceInfo:
    """A source stored in the record: its number, the sha256 of its text, title, publication
    date, where it comes from, the Admiralty reliability of the source (A-F) if graded and
    its length in characters. ``created`` is true when the call that returned it stored it.
    """

    id: int
    sha256: str
    title: str
    published: dt.date
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None
    reliability: str | None = None
    length: int = 0
    added_at: dt.datetime | None = None
    created: bool = False  # True when this call stored it

    def to_dict(self) -> dict[str, Any]:
        """The source as a JSON-ready dict (dates as ISO strings; ``created`` left out)."""
        return {
            "id": self.id,
            "sha256": self.sha256,
            "title": self.title,
            "published": self.published.isoformat(),
            "outlet": self.outlet,
            "author": self.author,
            "url": self.url,
            "language": self.language,
            "reliability": self.reliability,
            "length": self.length,
        }


@dataclass(frozen=True)
class EvidenceInfo:
    """A quote checked against a stored source: the characters ``start:end`` of the source's
    text, its kind (``stated``, ``reported`` or ``inferred``), the speaker, the reasoning of
    an inference, the date of the claim and its credibility (Admiralty 1-6) if given.
    """

    id: int
    source_id: int
    source_title: str
    start: int
    end: int
    quote: str
    kind: str
    speaker: str | None = None
    reasoning: str | None = None
    claim_date: dt.date | None = None
    credibility: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The evidence as a JSON-ready dict, the span as ``[start, end]``."""
        return {
            "id": self.id,
            "source": self.source_id,
            "source_title": self.source_title,
            "span": [self.start, self.end],
            "quote": self.quote,
            "kind": self.kind,
            "speaker": self.speaker,
            "reasoning": self.reasoning,
            "claim_date": None if self.claim_date is None else self.claim_date.isoformat(),
            "credibility": self.credibility,
        }


@dataclass(frozen=True)
class ChangeInfo:
    """One change a version made to its parent's document (as :class:`accord.io.diff.Change`),
    with the evidence that justifies it.
    """

    category: str
    op: str
    path: str
    before: Any
    after: Any
    summary: str
    evidence: tuple[EvidenceInfo, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The change and its evidence as a JSON-ready dict."""
        return {
            "category": self.category,
            "op": self.op,
            "path": self.path,
            "before": self.before,
            "after": self.after,
            "summary": self.summary,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class VersionInfo:
    """One version of a scenario in the record and the figures of its analysis snapshot.

    ``seq`` numbers the scenario's versions from 1; ``ref`` is a sha256 over the parent's
    ref, the document's digest, message, author, time of commit and as-of date; ``parent``
    is the parent's ref (``None`` for the first version). The snapshot figures (ZOPA size,
    outcome count, deadline, and after ``accord talks sweep`` the probabilities of a full and
    of a partial agreement by the deadline) are ``None`` when not computed.
    """

    seq: int
    ref: str
    scenario: str
    parent: str | None
    message: str
    author: str
    created_at: dt.datetime
    as_of: dt.date | None
    n_changes: int = 0
    zopa_size: int | None = None
    n_outcomes: int | None = None
    p_full: float | None = None
    p_partial: float | None = None
    deadline: dt.date | None = None

    @property
    def short(self) -> str:
        """The first 10 characters of :attr:`ref`, as ``accord talks log`` shows it."""
        return self.ref[:10]

    @property
    def date(self) -> dt.date:
        """The date the version stands for: its as-of date, else the day it was committed."""
        return self.as_of or self.created_at.date()

    def to_dict(self) -> dict[str, Any]:
        """The version as a JSON-ready dict (dates and times as ISO strings)."""
        return {
            "seq": self.seq,
            "ref": self.ref,
            "scenario": self.scenario,
            "parent": self.parent,
            "message": self.message,
            "author": self.author,
            "created_at": self.created_at.isoformat(),
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "changes": self.n_changes,
            "zopa_size": self.zopa_size,
            "n_outcomes": self.n_outcomes,
            "p_full": self.p_full,
            "p_partial": self.p_partial,
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
        }


@dataclass(frozen=True)
class VersionDetail:
    """A version in full: its document and original file text (``text_format`` ``yaml`` or
    ``json``; ``None`` when committed from a document), its changes with their evidence, the
    evidence cited at each path of the document, and its analysis snapshot (``None`` if none).
    """

    version: VersionInfo
    document: dict[str, Any]
    text: str | None
    text_format: str | None
    changes: tuple[ChangeInfo, ...]
    evidence: tuple[tuple[str, EvidenceInfo], ...]  # (path in the document, evidence)
    snapshot: Snapshot | None

    def to_dict(self) -> dict[str, Any]:
        """The version, its changes, its cited evidence (each with its ``path``) and its snapshot
        as a JSON-ready dict; the document and its text are left out.
        """
        return {
            "version": self.version.to_dict(),
            "changes": [c.to_dict() for c in self.changes],
            "evidence": [{"path": p, **e.to_dict()} for p, e in self.evidence],
            "snapshot": None if self.snapshot is None else self.snapshot.to_dict(),
        }


@dataclass(frozen=True)
class EventInfo:
    """A dated event of the talks (a round, by default) with the evidence kind of the fact and
    the page it comes from; ``scenario`` ``None`` means it belongs to every scenario.
    """

    date: dt.date
    end_date: dt.date | None
    kind: str
    title: str
    detail: str | None
    evidence_kind: str
    url: str | None
    scenario: str | None

    def to_dict(self) -> dict[str, Any]:
        """The event as a JSON-ready dict (dates as ISO strings)."""
        return {
            "date": self.date.isoformat(),
            "end_date": None if self.end_date is None else self.end_date.isoformat(),
            "kind": self.kind,
            "title": self.title,
            "detail": self.detail,
            "evidence_kind": self.evidence_kind,
            "url": self.url,
            "scenario": self.scenario,
        }


@dataclass(frozen=True)
class CommitEvidence:
    """Evidence given with a commit for changes that carry none of their own (a red line
    dropped after a new report, say): a quote from a stored source."""

    source: str  # a record source id, sha256 prefix or title
    quote: str
    kind: str = "reported"
    speaker: str | None = None
    reasoning: str | None = None


@dataclass
class _Prepared:
    evidence: dict[tuple[str, str], EvidenceRow] = field(default_factory=dict)
    cited: list[tuple[str, EvidenceRow]] = field(default_factory=list)


class SourceFields(TypedDict, total=False):
    """The optional description of a stored source (:meth:`Record.add_source`)."""

    url: str | None
    outlet: str | None
    author: str | None
    language: str | None
    reliability: str | None


def checkout_parent(text: str) -> str | None:
    """The version ref a checked-out file names in its first lines, if any."""
    m = _MARK_RE.search(text[:2000])
    return m.group(1) if m else None


def strip_checkout_mark(text: str) -> str:
    """``text`` without the leading lines that ``checkout`` adds to name the parent version."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(CHECKOUT_MARK):
        lines.pop(0)
    return "".join(lines)


class Record:
    """An open talks record. Use :func:`open_record` to get one."""

    def __init__(self, engine: Engine, url: URL, migrated_from: str | None = None) -> None:
        self.engine = engine
        self.url = url
        self.migrated_from = migrated_from
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def display_url(self) -> str:
        """The record's database URL with any password replaced by ``***``."""
        return db.display_url(self.url)

    @property
    def backend(self) -> str:
        """The database backend's name (``sqlite``, ``postgresql``)."""
        return self.url.get_backend_name()

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def __enter__(self) -> Record:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        try:
            with self._sessions() as s, s.begin():
                yield s
        except IntegrityError:
            raise  # a constraint: the caller tells a concurrent commit from bad data
        except DatabaseError as exc:  # a lock held too long, a damaged file
            raise db.connection_error(self.url, exc) from None

    # -- sources -------------------------------------------------------------------------
    def add_source(
        self, text: str, *, title: str, published: str | dt.date, **fields: Unpack[SourceFields]
    ) -> SourceInfo:
        """Store a source's full text (once: the same text is found by its sha256).

        ``fields`` are the optional :class:`SourceFields` (url, outlet, author, language,
        reliability)."""
        with self._session() as s:
            return self._add_source(s, text, title=title, published=published, **fields)

    def _add_source(
        self,
        s: Session,
        text: str,
        *,
        title: str,
        published: str | dt.date,
        **fields: Unpack[SourceFields],
    ) -> SourceInfo:
        language, reliability = fields.get("language"), fields.get("reliability")
        if not text.strip():
            raise RecordError(f"source {title!r}: the text is empty")
        if not title.strip():
            raise RecordError("a source needs a title (--title)")
        day = parse_date(published, f"source {title!r}: publication date")
        assert day is not None
        if language is not None and not _LANGUAGE_RE.match(language):
            raise RecordError(f"source {title!r}: {language!r} is not a language tag (en, uk, ru)")
        if reliability is not None:
            reliability = reliability.upper()
            if reliability not in "ABCDEF" or len(reliability) != 1:
                raise RecordError(
                    f"source {title!r}: reliability {reliability!r} is not on the Admiralty "
                    "scale (A completely reliable ... F cannot be judged)"
                )
        row = _stored_text(s, text)
        if row is not None:
            return _source_info(row)
        row = SourceRow(
            sha256=_text_sha256(text),
            title=title.strip(),
            outlet=fields.get("outlet"),
            author=fields.get("author"),
            url=fields.get("url"),
            published=day,
            language=language,
            reliability=reliability,
            text=text,
            added_at=_now(),
        )
        s.add(row)
        s.flush()
        info = _source_info(row)
        return SourceInfo(**{**info.__dict__, "created": True})

    def sources(self) -> list[SourceInfo]:
        """Every stored source, by number."""
        with self._session() as s:
            return [_source_info(r) for r in s.scalars(select(SourceRow).order_by(SourceRow.id))]

    def source_text(self, source_id: int) -> str:
        """The full text of source number ``source_id``; :class:`~accord.errors.RecordError` if the
        record has no such source.
        """
        with self._session() as s:
            row = s.get(SourceRow, source_id)
            if row is None:
                raise RecordError(f"no source {source_id} in the record")
            return row.text

    def _find_source(self, s: Session, key: str) -> SourceRow:
        """A source by number, sha256 prefix or exact title."""
        if key.isdigit():
            row = s.get(SourceRow, int(key))
            if row is not None:
                return row
        if re.fullmatch(r"[0-9a-f]{6,64}", key):
            rows = list(
                s.scalars(
                    select(SourceRow).where(SourceRow.sha256.startswith(key, autoescape=True))
                )
            )
            if len(rows) == 1:
                return rows[0]
        rows = list(s.scalars(select(SourceRow).where(SourceRow.title == key)))
        if len(rows) == 1:
            return rows[0]
        known = "; ".join(f"{r.id}: {r.title}" for r in s.scalars(select(SourceRow)).all()[:10])
        raise RecordError(
            f"no single source {key!r} in the record (give its number, sha256 prefix or title); "
            f"sources: {known or 'none yet, add one with `accord talks add-source`'}"
        )

    def _match_source(
        self, s: Session, entry: Mapping[str, Any], text: str | None, where: str
    ) -> SourceRow:
        """The record source a scenario's ``sources`` entry stands for: the same text (its
        file, stored on first use), else the same URL, else the same title and date."""
        if text is not None:
            row = _stored_text(s, text)
            if row is not None:
                return row
            if entry.get("date"):
                info = self._add_source(
                    s,
                    text,
                    title=str(entry.get("title") or entry.get("id")),
                    published=str(entry["date"]),
                    url=entry.get("url"),
                    outlet=entry.get("publisher") or entry.get("outlet"),
                    author=entry.get("author"),
                    language=entry.get("language"),
                )
                row = s.get(SourceRow, info.id)
                assert row is not None
                return row
        if entry.get("url"):
            row = s.scalar(
                select(SourceRow).where(SourceRow.url == entry["url"]).order_by(SourceRow.id.desc())
            )
            if row is not None:
                return row
        if entry.get("title"):
            q = select(SourceRow).where(SourceRow.title == str(entry["title"]))
            day = parse_date(entry.get("date"), f"{where}.date") if entry.get("date") else None
            if day is not None:
                q = q.where(SourceRow.published == day)
            row = s.scalar(q.order_by(SourceRow.id.desc()))
            if row is not None:
                return row
        sid = entry.get("id")
        hint = f" --title {json.dumps(str(entry.get('title') or sid))}"
        if entry.get("date"):
            hint += f" --date {entry['date']}"
        raise RecordError(
            f"{where}: source {sid!r} is not in the record (no stored text with its URL or "
            f"title and date{_FILE_NOTE if entry.get('file') else ''}"
            f"); store its full text first: accord talks add-source FILE{hint}"
        )

    # -- evidence ------------------------------------------------------------------------
    def _evidence_row(
        self,
        s: Session,
        src: SourceRow,
        quote: str,
        where: str,
        *,
        kind: str | None,
        speaker: str | None,
        reasoning: str | None,
        claim_date: Any = None,
        credibility: Any = None,
    ) -> EvidenceRow:
        match = find_quote(quote, src.text)
        if match is None:
            near = nearest_passage(quote, src.text)
            raise RecordError(
                f"{where}: quote not found in source {src.id} ({src.title!r}): "
                f'"{quote}"; nearest passage ({near.similarity:.0%} alike): '
                f'"{shown_passage(near.text, quote)}"'
            )
        kind = kind or "reported"
        if kind not in EVIDENCE_KINDS:
            raise RecordError(
                f"{where}: evidence kind {kind!r} is not one of {', '.join(EVIDENCE_KINDS)}"
            )
        if kind == "inferred" and not reasoning:
            raise RecordError(f"{where}: inferred evidence needs the reasoning behind it")
        day = parse_date(claim_date, f"{where}.date") if claim_date else None
        cred = None
        if credibility is not None:
            try:
                cred = int(credibility)
            except (TypeError, ValueError):
                cred = -1
            if not 1 <= cred <= 6:
                raise RecordError(
                    f"{where}: credibility {credibility!r} is not on the Admiralty scale (1-6)"
                )
        start, end = match.start, match.end
        q = select(EvidenceRow).where(
            EvidenceRow.source_id == src.id,
            EvidenceRow.start == start,
            EvidenceRow.end == end,
            EvidenceRow.kind == kind,
            EvidenceRow.speaker.is_(None) if speaker is None else EvidenceRow.speaker == speaker,
            EvidenceRow.reasoning.is_(None)
            if reasoning is None
            else EvidenceRow.reasoning == reasoning,
        )
        row = s.scalar(q.order_by(EvidenceRow.id))
        if row is None:
            row = EvidenceRow(
                source_id=src.id,
                start=start,
                end=end,
                quote=src.text[start:end],
                speaker=speaker,
                kind=kind,
                reasoning=reasoning,
                claim_date=day,
                credibility=cred,
                created_at=_now(),
            )
            s.add(row)
            s.flush()
        return row

    def _prepare_evidence(
        self, s: Session, document: Mapping[str, Any], source_texts: Mapping[str, str]
    ) -> _Prepared:
        entries = {
            str(e.get("id")): e for e in document.get("sources", []) or [] if isinstance(e, dict)
        }
        matched: dict[str, SourceRow] = {}
        out = _Prepared()
        for path, ev in evidence_in(document):
            sid, quote = ev.get("source"), ev.get("quote")
            if not sid or not quote:
                continue
            where = format_path(path)
            sid = str(sid)
            if sid not in matched:
                if sid not in entries:
                    raise RecordError(f"{where}: unknown source {sid!r}")
                matched[sid] = self._match_source(
                    s, entries[sid], source_texts.get(sid), f"sources[{sid}]"
                )
            row = self._evidence_row(
                s,
                matched[sid],
                str(quote),
                where,
                kind=ev.get("kind"),
                speaker=ev.get("speaker"),
                reasoning=ev.get("reasoning") or ev.get("note"),
                claim_date=ev.get("date"),
                credibility=ev.get("credibility"),
            )
            out.evidence[(sid, _norm(str(quote)))] = row
            out.cited.append((where, row))
        return out

    # -- versions ------------------------------------------------------------------------
    def commit(
        self,
        document: dict[str, Any],
        *,
        message: str,
        author: str,
        text: str | None = None,
        text_format: str | None = None,
        parent: str | None = None,
        source_texts: Mapping[str, str] | None = None,
        as_of: str | dt.date | None = None,
        evidence: Sequence[CommitEvidence] = (),
        snapshot: Snapshot | None = None,
        allow_empty: bool = False,
        file: str | None = None,
        parent_from_checkout: bool = False,
    ) -> VersionInfo:
        """Store ``document`` as the next version of its scenario, in one transaction.

        ``parent`` names the version the document was edited from (default: the latest); if
        another version was committed on it since, :class:`StaleParentError` is raised and
        nothing is written. Every quote must be found in its stored source.
        ``parent_from_checkout``: ``parent`` was read from a checked-out file's first line; a
        ref this record does not hold (a file from another record) then counts as no parent.
        """
        if not message.strip():
            raise RecordError("a commit needs a message (-m) saying what changed and why")
        if not author.strip():
            raise RecordError("a commit needs an author")
        try:
            canon = canonical(document, file)
        except ScenarioError:
            raise
        scenario = str(canon["metadata"]["id"])
        day = parse_date(as_of, "as-of date")
        if day is None:
            day = parse_date(_document_as_of(document), "metadata.as_of")
        attempt = 1
        try:
            with self._session() as s:
                head = self._head(s, scenario)
                if parent is not None and parent_from_checkout:
                    known = s.scalar(
                        select(VersionRow.id).where(
                            VersionRow.ref == parent, VersionRow.scenario == scenario
                        )
                    )
                    if known is None:
                        parent = None
                if parent is None:
                    base = head
                else:
                    base = self._resolve(s, parent, scenario)
                    if base.scenario != scenario:
                        raise RecordError(
                            f"version {base.ref[:10]} is of scenario {base.scenario!r}, not "
                            f"{scenario!r}"
                        )
                    if head is not None and base.id != head.id:
                        raise _stale(base, head)
                prepared = self._prepare_evidence(s, document, source_texts or {})
                before = (
                    canonical(_stored(base.document, f"version {base.seq}"))
                    if base is not None
                    else None
                )
                changes = diff_documents(before, canon) if before is not None else []
                if base is not None and before is not None and not changes and not allow_empty:
                    raise RecordError(
                        f"nothing changed since version {base.seq} ({base.ref[:10]}) of "
                        f"{scenario}; nothing committed"
                    )
                extra = [
                    self._evidence_row(
                        s,
                        self._find_source(s, e.source),
                        e.quote,
                        f"--evidence {e.quote!r}",
                        kind=e.kind,
                        speaker=e.speaker,
                        reasoning=e.reasoning,
                    )
                    for e in evidence
                ]
                attempt = (base.seq + 1) if base else 1
                created = _now()
                doc_sha = document_sha256(document)
                ref = hashlib.sha256(
                    _json(
                        [
                            base.ref if base else None,
                            doc_sha,
                            message,
                            author,
                            created.isoformat(),
                            None if day is None else day.isoformat(),
                        ]
                    ).encode("utf-8")
                ).hexdigest()
                row = VersionRow(
                    ref=ref,
                    scenario=scenario,
                    seq=(base.seq + 1) if base else 1,
                    parent_id=base.id if base else None,
                    document=_json(document),
                    document_sha256=doc_sha,
                    text=text,
                    text_format=text_format,
                    message=message.strip(),
                    author=author.strip(),
                    created_at=created,
                    as_of=day,
                )
                s.add(row)
                s.flush()
                for path, ev in prepared.cited:
                    s.merge(VersionEvidenceRow(version_id=row.id, evidence_id=ev.id, path=path))
                for k, ch in enumerate(changes):
                    crow = ChangeRow(
                        version_id=row.id,
                        position=k,
                        category=ch.category,
                        op=ch.op,
                        path=ch.path_text,
                        before=None if ch.before is None else _json(ch.before),
                        after=None if ch.after is None else _json(ch.after),
                        summary=ch.summary,
                    )
                    s.add(crow)
                    s.flush()
                    linked = {
                        prepared.evidence[key].id
                        for e in ch.evidence
                        if isinstance(e, dict)
                        and (key := (str(e.get("source")), _norm(str(e.get("quote")))))
                        in prepared.evidence
                    }
                    if not linked:
                        linked = {e.id for e in extra}
                    for eid in sorted(linked):
                        s.add(ChangeEvidenceRow(change_id=crow.id, evidence_id=eid))
                if snapshot is not None:
                    s.add(_snapshot_row(row.id, snapshot))
                s.flush()
                return self._info(s, row)
        except IntegrityError as exc:
            # Someone committed on the same parent between our read and our write: the unique
            # (scenario, seq) / parent constraints refused the second version.
            with self._session() as s:
                head = self._head(s, scenario)
                base_ref = parent or "the version you started from"
            if head is None or head.seq < attempt:
                first = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else ""
                raise RecordError(
                    f"the database refused the commit ({first}); nothing was written"
                ) from None
            raise StaleParentError(
                f"commit refused: another version of {scenario} was committed on "
                f"{base_ref} at the same time (now the latest is version "
                f"{head.seq if head else '?'}, {head.ref[:10] if head else '?'}: "
                f"{head.message if head else ''!r}); nothing was written. Check out the latest "
                "version, apply your changes to it and commit again."
            ) from None

    def _head(self, s: Session, scenario: str) -> VersionRow | None:
        return s.scalar(
            select(VersionRow)
            .where(VersionRow.scenario == scenario)
            .order_by(VersionRow.seq.desc())
            .limit(1)
        )

    def scenarios(self) -> list[str]:
        """Ids of the scenarios that have versions in the record, sorted."""
        with self._session() as s:
            return list(
                s.scalars(select(VersionRow.scenario).distinct().order_by(VersionRow.scenario))
            )

    def _resolve(self, s: Session, ref: str, scenario: str | None = None) -> VersionRow:
        text = ref.strip()
        if ":" in text and not text.startswith(":"):
            scenario, text = text.split(":", 1)
        # a version number or ~N beyond 18 digits names no version (and would not fit the
        # database's integers): such text is read as a ref prefix, or refused
        m = re.fullmatch(r"(latest|head|HEAD)(?:~(\d{1,18}))?", text)
        if m or (text.isdigit() and len(text) <= 18):
            if scenario is None:
                names = list(s.scalars(select(VersionRow.scenario).distinct().limit(20)))
                if not names:
                    raise RecordError("the record has no versions yet (accord talks commit FILE)")
                if len(names) > 1:
                    raise RecordError(
                        f"the record holds several scenarios ({', '.join(sorted(names))}); "
                        f"name one: SCENARIO:{text}"
                    )
                scenario = names[0]
            if m:
                head = self._head(s, scenario)
                if head is None:
                    raise RecordError(f"no versions of scenario {scenario!r} in the record")
                seq = head.seq - int(m.group(2) or 0)
            else:
                seq = int(text)
            row = (
                s.scalar(
                    select(VersionRow).where(VersionRow.scenario == scenario, VersionRow.seq == seq)
                )
                if seq > 0
                else None
            )
            if row is not None:
                return row
            # a ref prefix may be all digits ("42119917"): a number that names no version is
            # read as a prefix next, before giving up
            if m or len(text) < 4:
                raise RecordError(f"no version {ref!r} of scenario {scenario!r} in the record")
        if re.fullmatch(r"[0-9a-f]{4,64}", text):
            q = select(VersionRow).where(VersionRow.ref.startswith(text, autoescape=True))
            if scenario is not None:
                q = q.where(VersionRow.scenario == scenario)
            rows = list(s.scalars(q.limit(2)))
            if len(rows) == 1:
                return rows[0]
            if len(rows) > 1:
                raise RecordError(f"version ref {text!r} is ambiguous; give more characters")
        raise RecordError(
            f"no version {ref!r} in the record; a version is named by its number (3), "
            "latest or latest~N, a ref prefix (a1b2c3d4), optionally after SCENARIO:"
        )

    def resolve(self, ref: str) -> VersionInfo:
        """The version that ``ref`` names: ``3``, ``latest``, ``latest~1``, a ref prefix, each
        optionally after ``SCENARIO:`` (see ``docs/record.md``). Raises
        :class:`~accord.errors.RecordError` when it names no version, or several.
        """
        with self._session() as s:
            return self._info(s, self._resolve(s, ref))

    def _info(self, s: Session, row: VersionRow) -> VersionInfo:
        parent = s.get(VersionRow, row.parent_id) if row.parent_id else None
        snap = s.get(SnapshotRow, row.id)
        n = s.scalar(
            select(func.count()).select_from(ChangeRow).where(ChangeRow.version_id == row.id)
        )
        return VersionInfo(
            seq=row.seq,
            ref=row.ref,
            scenario=row.scenario,
            parent=parent.ref if parent else None,
            message=row.message,
            author=row.author,
            created_at=_utc(row.created_at),
            as_of=row.as_of,
            n_changes=int(n or 0),
            zopa_size=snap.zopa_size if snap else None,
            n_outcomes=snap.n_outcomes if snap else None,
            p_full=snap.p_full if snap else None,
            p_partial=snap.p_partial if snap else None,
            deadline=snap.deadline if snap else None,
        )

    def log(self, scenario: str | None = None, limit: int | None = None) -> list[VersionInfo]:
        """Versions, newest first (documents are not loaded)."""
        parent = aliased(VersionRow)
        counts = (
            select(ChangeRow.version_id, func.count().label("n"))
            .group_by(ChangeRow.version_id)
            .subquery()
        )
        q = (
            select(
                VersionRow.seq,
                VersionRow.ref,
                VersionRow.scenario,
                parent.ref,
                VersionRow.message,
                VersionRow.author,
                VersionRow.created_at,
                VersionRow.as_of,
                counts.c.n,
                SnapshotRow.zopa_size,
                SnapshotRow.n_outcomes,
                SnapshotRow.p_full,
                SnapshotRow.p_partial,
                SnapshotRow.deadline,
            )
            .outerjoin(parent, parent.id == VersionRow.parent_id)
            .outerjoin(counts, counts.c.version_id == VersionRow.id)
            .outerjoin(SnapshotRow, SnapshotRow.version_id == VersionRow.id)
            .order_by(VersionRow.id.desc())
        )
        if scenario is not None:
            q = q.where(VersionRow.scenario == scenario)
        if limit is not None:
            q = q.limit(limit)
        with self._session() as s:
            return [
                VersionInfo(
                    seq=r[0],
                    ref=r[1],
                    scenario=r[2],
                    parent=r[3],
                    message=r[4],
                    author=r[5],
                    created_at=_utc(r[6]),
                    as_of=r[7],
                    n_changes=int(r[8] or 0),
                    zopa_size=r[9],
                    n_outcomes=r[10],
                    p_full=r[11],
                    p_partial=r[12],
                    deadline=r[13],
                )
                for r in s.execute(q)
            ]

    def show(self, ref: str) -> VersionDetail:
        """The version ``ref`` names in full (:class:`VersionDetail`), as ``accord talks show``
        prints it.
        """
        with self._session() as s:
            row = self._resolve(s, ref)
            info = self._info(s, row)
            changes = []
            evidence_of: dict[int, list[EvidenceInfo]] = {}
            q = (
                select(ChangeEvidenceRow.change_id, EvidenceRow, SourceRow.title)
                .join(EvidenceRow, EvidenceRow.id == ChangeEvidenceRow.evidence_id)
                .join(SourceRow, SourceRow.id == EvidenceRow.source_id)
                .join(ChangeRow, ChangeRow.id == ChangeEvidenceRow.change_id)
                .where(ChangeRow.version_id == row.id)
                .order_by(ChangeEvidenceRow.change_id, EvidenceRow.id)
            )
            for cid, ev, title in s.execute(q):
                evidence_of.setdefault(cid, []).append(_evidence_info(ev, title))
            for c in s.scalars(
                select(ChangeRow).where(ChangeRow.version_id == row.id).order_by(ChangeRow.position)
            ):
                changes.append(  # noqa: PERF401
                    ChangeInfo(
                        category=c.category,
                        op=c.op,
                        path=c.path,
                        before=None
                        if c.before is None
                        else _stored(c.before, f"version {row.seq}"),
                        after=None if c.after is None else _stored(c.after, f"version {row.seq}"),
                        summary=c.summary,
                        evidence=tuple(evidence_of.get(c.id, ())),
                    )
                )
            cited = [
                (path, _evidence_info(ev, title))
                for path, ev, title in s.execute(
                    select(VersionEvidenceRow.path, EvidenceRow, SourceRow.title)
                    .join(EvidenceRow, EvidenceRow.id == VersionEvidenceRow.evidence_id)
                    .join(SourceRow, SourceRow.id == EvidenceRow.source_id)
                    .where(VersionEvidenceRow.version_id == row.id)
                    .order_by(VersionEvidenceRow.path)
                )
            ]
            snap = s.get(SnapshotRow, row.id)
            return VersionDetail(
                version=info,
                document=_stored(row.document, f"version {row.seq}"),
                text=row.text,
                text_format=row.text_format,
                changes=tuple(changes),
                evidence=tuple(cited),
                snapshot=self._snapshot(snap, row) if snap else None,
            )

    def version(self, ref: str) -> tuple[VersionInfo, dict[str, Any], Snapshot | None]:
        """A version, its document and its analysis snapshot (one short transaction)."""
        with self._session() as s:
            row = self._resolve(s, ref)
            snap = s.get(SnapshotRow, row.id)
            return (
                self._info(s, row),
                _stored(row.document, f"version {row.seq}"),
                self._snapshot(snap, row) if snap else None,
            )

    def document(self, ref: str) -> tuple[VersionInfo, dict[str, Any]]:
        """The version ``ref`` names and its scenario document."""
        with self._session() as s:
            row = self._resolve(s, ref)
            return self._info(s, row), _stored(row.document, f"version {row.seq}")

    def checkout(self, ref: str, out: Path) -> tuple[VersionInfo, list[Path]]:
        """Write the version's document to ``out`` (its original text when it has one, after a
        first line naming the version), and the text of each source it names by ``file`` beside
        it, so that the file loads and commits as it was. Returns the files written."""
        with self._session() as s:
            row = self._resolve(s, ref)
            info = self._info(s, row)
            document = _stored(row.document, f"version {row.seq}")
            mark = (
                f"{CHECKOUT_MARK} version {row.seq} of {row.scenario}, ref {row.ref}; "
                "keep this line so that `accord talks commit` knows the parent\n"
            )
            suffix = out.suffix.lower()
            if suffix == ".json":
                body = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
                if row.text is not None and row.text_format == "json":
                    body = row.text
                content = body  # JSON has no comments: the parent is given with --parent
            else:
                import yaml

                if row.text is not None and row.text_format == "yaml":
                    body = row.text
                else:
                    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
                content = mark + body
            written = [out]
            texts: list[tuple[Path, str]] = []
            entries = [e for e in document.get("sources", []) or [] if isinstance(e, dict)]
            for e in entries:
                if not e.get("file"):
                    continue
                try:
                    src = self._match_source(s, e, None, f"sources[{e.get('id')}]")
                except RecordError:
                    continue
                try:
                    path = inside_folder(out.parent, str(e["file"]))
                except ValueError as exc:  # a document written elsewhere names any path
                    raise RecordError(f"version {row.seq}, sources[{e.get('id')}]: {exc}") from None
                texts.append((path, src.text))
        for path, text in texts:
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            if path.exists():
                raise RecordError(
                    f"{path} exists with a different text than the stored source; move it away "
                    "or check out into another folder"
                )
        from accord.outputs import write_output

        out.parent.mkdir(parents=True, exist_ok=True)
        write_output(out, content)
        for path, text in texts:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                write_output(path, text)
                written.append(path)
        return info, written

    # -- snapshots and events ------------------------------------------------------------
    def set_snapshot(self, ref: str, snapshot: Snapshot) -> VersionInfo:
        """Store (or replace) a version's analysis snapshot, e.g. with a sweep's figures
        (:meth:`accord.io.snapshot.Snapshot.with_sweep` of the one :meth:`version` returns)."""
        with self._session() as s:
            row = self._resolve(s, ref)
            old = s.get(SnapshotRow, row.id)
            if old is not None:
                s.delete(old)
                s.flush()
            s.add(_snapshot_row(row.id, snapshot))
            s.flush()
            return self._info(s, row)

    def _snapshot(self, r: SnapshotRow, version: VersionRow) -> Snapshot:
        """The stored snapshot ``r`` of ``version``, read through its schema (older forms
        upgraded); a damaged one raises :class:`RecordError` naming the record and version."""
        where = (
            f"the analysis snapshot of version {version.seq} of {version.scenario} in the "
            f"record at {self.display_url}"
        )
        return read_snapshot(_stored(r.data, where), where, _utc(r.computed_at).isoformat())

    def add_event(
        self,
        *,
        date: str | dt.date,
        title: str,
        kind: str = "round",
        end_date: str | dt.date | None = None,
        detail: str | None = None,
        evidence_kind: str = "reported",
        url: str | None = None,
        scenario: str | None = None,
    ) -> EventInfo:
        """Store a dated event of the talks and return it.

        Raises :class:`~accord.errors.RecordError` for a date that is not ``YYYY-MM-DD`` or an
        ``evidence_kind`` other than ``stated``, ``reported`` or ``inferred``.
        """
        day = parse_date(date, f"event {title!r}: date")
        end = parse_date(end_date, f"event {title!r}: end date")
        assert day is not None
        if evidence_kind not in EVIDENCE_KINDS:
            raise RecordError(f"event {title!r}: evidence kind {evidence_kind!r} is unknown")
        with self._session() as s:
            row = EventRow(
                date=day,
                end_date=end,
                kind=kind,
                title=title,
                detail=detail,
                evidence_kind=evidence_kind,
                url=url,
                scenario=scenario,
            )
            s.add(row)
            s.flush()
            return _event_info(row)

    def events(self, scenario: str | None = None) -> list[EventInfo]:
        """The record's events by date; with ``scenario``, those of that scenario and those
        belonging to every scenario.
        """
        q = select(EventRow).order_by(EventRow.date, EventRow.id)
        if scenario is not None:
            q = q.where((EventRow.scenario == scenario) | EventRow.scenario.is_(None))
        with self._session() as s:
            return [_event_info(r) for r in s.scalars(q)]

    def timeline(self, scenario: str | None = None) -> tuple[list[VersionInfo], list[EventInfo]]:
        """Versions oldest first, and the dated events around them."""
        versions = sorted(self.log(scenario), key=lambda v: (v.date, v.created_at, v.seq))
        return versions, self.events(scenario)

    # -- export / import -----------------------------------------------------------------
    _TABLES: tuple[tuple[str, Any], ...] = (
        ("source", SourceRow),
        ("evidence", EvidenceRow),
        ("version", VersionRow),
        ("change", ChangeRow),
        ("change_evidence", ChangeEvidenceRow),
        ("version_evidence", VersionEvidenceRow),
        ("snapshot", SnapshotRow),
        ("event", EventRow),
    )

    def export(self, out: IO[str]) -> dict[str, int]:
        """Write the whole record as JSON Lines: a header, then one line per row."""
        counts: dict[str, int] = {}
        with self._session() as s:
            state = db.schema_state(s.connection())
            out.write(
                _json({"type": "header", "format": EXPORT_FORMAT, "schema": state.current}) + "\n"
            )
            for name, model in self._TABLES:
                pk = list(model.__table__.primary_key.columns)
                n = 0
                for row in s.execute(select(model.__table__).order_by(*pk)).mappings():
                    out.write(
                        _json({"type": name, **{k: _export_value(v) for k, v in row.items()}})
                        + "\n"
                    )
                    n += 1
                counts[name] = n
        return counts

    def import_(self, lines: Iterable[str], where: str = "input") -> dict[str, int]:
        """Load an export into this record, which must be empty; one transaction."""
        models = dict(self._TABLES)
        counts: dict[str, int] = dict.fromkeys(models, 0)
        with self._session() as s:
            if s.scalar(select(func.count()).select_from(VersionRow)) or s.scalar(
                select(func.count()).select_from(SourceRow)
            ):
                raise RecordError(
                    f"the record at {self.display_url} is not empty; import into a new record "
                    "(accord talks init --db NEW)"
                )
            header_seen = False
            batch: dict[str, list[dict[str, Any]]] = {k: [] for k in models}
            for lineno, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line, parse_int=bounded_int)
                except json.JSONDecodeError as exc:
                    raise RecordError(f"{where}:{lineno}: not JSON ({exc.msg})") from None
                except HugeInteger as exc:
                    raise RecordError(f"{where}:{lineno}: {exc}") from None
                except RecursionError:
                    raise RecordError(
                        f"{where}:{lineno}: nested too deeply; an export's lines are flat rows"
                    ) from None
                if not isinstance(item, dict) or "type" not in item:
                    raise RecordError(f"{where}:{lineno}: each line is an object with a 'type'")
                kind = item.pop("type")
                if kind == "header":
                    if item.get("format") != EXPORT_FORMAT:
                        raise RecordError(f"{where}:{lineno}: not an accord talks record export")
                    state = db.schema_state(s.connection())
                    if not isinstance(item.get("schema"), str) or item.get("schema") not in (
                        state.known
                    ):
                        raise RecordError(
                            f"{where}:{lineno}: the export has schema {item.get('schema')!r}, "
                            f"unknown to this accord (it knows {', '.join(state.known)})"
                        )
                    header_seen = True
                    continue
                if not header_seen:
                    raise RecordError(f"{where}:{lineno}: the first line must be the header")
                if not isinstance(kind, str) or kind not in models:
                    raise RecordError(f"{where}:{lineno}: unknown row type {str(kind)[:60]!r}")
                table = models[kind].__table__
                unknown = set(item) - set(table.columns.keys())
                if unknown:
                    raise RecordError(
                        f"{where}:{lineno}: unknown field(s) {', '.join(sorted(unknown))} "
                        f"for a {kind}"
                    )
                try:
                    batch[kind].append(
                        {c.name: _import_value(c, item.get(c.name)) for c in table.columns}
                    )
                except (ValueError, TypeError) as exc:
                    raise RecordError(f"{where}:{lineno}: {exc}") from None
            if not header_seen:
                raise RecordError(f"{where}: empty, or not an accord talks record export")
            try:
                for name, model in self._TABLES:
                    rows = batch[name]
                    if name == "version":
                        rows.sort(key=lambda r: r["id"])
                    for chunk in _chunks(rows, 500):
                        s.execute(model.__table__.insert(), chunk)
                    counts[name] = len(rows)
                    if self.backend == "postgresql" and rows and "id" in model.__table__.c:
                        s.execute(
                            select(
                                func.setval(
                                    func.pg_get_serial_sequence(model.__table__.name, "id"),
                                    select(func.max(model.__table__.c.id)).scalar_subquery(),
                                )
                            )
                        )
                s.flush()
            except IntegrityError as exc:
                raise RecordError(
                    f"{where}: the export is inconsistent ({str(exc.orig).splitlines()[0]}); "
                    "nothing was imported"
                ) from None
            self._check_imported(s, where)
        return counts

    def _check_imported(self, s: Session, where: str) -> None:
        """Imported documents must hash to their stored digest and quotes must be in their
        sources: an edited export is refused, never half-trusted."""
        for vid, document, sha in s.execute(
            select(VersionRow.id, VersionRow.document, VersionRow.document_sha256)
        ):
            try:
                parsed = json.loads(document, parse_int=bounded_int)
            except (ValueError, RecursionError):
                parsed = None  # not JSON: cannot match its digest either
            if parsed is None or document_sha256(parsed) != sha:
                raise RecordError(
                    f"{where}: version {vid}: the document does not match its sha256; the "
                    "export was altered; nothing was imported"
                )
        for snap in s.scalars(select(SnapshotRow)):
            what = f"{where}: the analysis snapshot of version {snap.version_id}"
            try:
                read_snapshot(_stored(snap.data, what), what)
            except RecordError as exc:
                raise RecordError(f"{exc}; nothing was imported") from None
        for src_id, text, sha in s.execute(select(SourceRow.id, SourceRow.text, SourceRow.sha256)):
            if _text_sha256(text) != sha:
                raise RecordError(
                    f"{where}: source {src_id}: the text does not match its sha256; nothing "
                    "was imported"
                )
        for ev, text in s.execute(
            select(EvidenceRow, SourceRow.text).join(
                SourceRow, SourceRow.id == EvidenceRow.source_id
            )
        ):
            if text[ev.start : ev.end] != ev.quote:
                raise RecordError(
                    f"{where}: evidence {ev.id}: the quote is not at its span in source "
                    f"{ev.source_id}; nothing was imported"
                )


def _stale(base: VersionRow, head: VersionRow) -> StaleParentError:
    return StaleParentError(
        f"commit refused: it is based on version {base.seq} ({base.ref[:10]}) of "
        f"{base.scenario}, but version {head.seq} ({head.ref[:10]}, {head.message!r} by "
        f"{head.author}) was committed since. Nothing was written. Check out version "
        f"{head.seq}, apply your changes to it and commit again."
    )


def _text_sha256(text: str) -> str:
    """The digest a source's text is stored and found under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored_text(s: Session, text: str) -> SourceRow | None:
    """The stored source whose text is ``text`` (the same bytes), if any."""
    return s.scalar(select(SourceRow).where(SourceRow.sha256 == _text_sha256(text)))


def _norm(quote: str) -> str:
    return " ".join(quote.split())


def _chunks(rows: list[dict[str, Any]], n: int) -> Iterator[list[dict[str, Any]]]:
    for k in range(0, len(rows), n):
        yield rows[k : k + n]


def _document_as_of(document: Mapping[str, Any]) -> str | None:
    """The date a document stands for: its calendar's (or metadata's) as-of date, else the
    date of the latest source it cites."""
    for holder in (document.get("calendar"), document.get("metadata")):
        if isinstance(holder, dict) and holder.get("as_of"):
            return str(holder["as_of"])
    dates = [
        str(s["date"])
        for s in document.get("sources", []) or []
        if isinstance(s, dict) and s.get("date")
    ]
    return max(dates) if dates else None


def _export_value(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return _utc(v).isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def _import_value(column: Any, v: Any) -> Any:
    if v is None:
        return None
    pytype = column.type.python_type
    if pytype is dt.datetime:
        return _utc(dt.datetime.fromisoformat(v))
    if pytype is dt.date:
        return dt.date.fromisoformat(v)
    if pytype is int and not isinstance(v, int):
        raise RecordError(f"{column.name} must be an integer, not {v!r}")
    if pytype is int and not -(2**63) <= v < 2**63:
        raise RecordError(f"{column.name} {v} is outside the database's integers (64 bits)")
    if pytype is float and not isinstance(v, int | float):
        raise RecordError(f"{column.name} must be a number, not {v!r}")
    if pytype is float and not math.isfinite(v):
        raise RecordError(f"{column.name} must be a finite number, not {v!r}")
    if pytype is str and not isinstance(v, str):
        raise RecordError(f"{column.name} must be a string, not {v!r}")
    return v


def _source_info(r: SourceRow) -> SourceInfo:
    return SourceInfo(
        id=r.id,
        sha256=r.sha256,
        title=r.title,
        published=r.published,
        outlet=r.outlet,
        author=r.author,
        url=r.url,
        language=r.language,
        reliability=r.reliability,
        length=len(r.text),
        added_at=_utc(r.added_at),
    )


def _evidence_info(r: EvidenceRow, title: str) -> EvidenceInfo:
    return EvidenceInfo(
        id=r.id,
        source_id=r.source_id,
        source_title=title,
        start=r.start,
        end=r.end,
        quote=r.quote,
        kind=r.kind,
        speaker=r.speaker,
        reasoning=r.reasoning,
        claim_date=r.claim_date,
        credibility=r.credibility,
    )


def _event_info(r: EventRow) -> EventInfo:
    return EventInfo(
        date=r.date,
        end_date=r.end_date,
        kind=r.kind,
        title=r.title,
        detail=r.detail,
        evidence_kind=r.evidence_kind,
        url=r.url,
        scenario=r.scenario,
    )


def _snapshot_row(version_id: int, snap: Snapshot) -> SnapshotRow:
    return SnapshotRow(
        version_id=version_id,
        computed_at=_now(),
        n_outcomes=snap.n_outcomes,
        zopa_size=snap.zopa_size,
        p_full=snap.p_full,
        p_partial=snap.p_partial,
        deadline=parse_date(snap.deadline, "snapshot deadline"),
        sweep_runs=snap.sweep_runs,
        data=_json(snapshot_document(snap)),
    )


def _stored(text: str | None, what: str) -> Any:
    """A JSON value the record stored (a document, a change, a snapshot), or a
    :class:`RecordError` naming ``what`` when the database holds something else there (a row
    damaged or written by another program): never a traceback."""
    try:
        if not isinstance(text, str):
            raise RecordError(f"a {type(text).__name__}, not text")
        return json.loads(text, parse_int=bounded_int)
    except (ValueError, RecursionError) as exc:
        detail = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)[:100]
        raise RecordError(
            f"the record's data for {what} is damaged: not valid JSON ({detail}); restore the "
            "record from an export (accord talks import) or a copy"
        ) from None


def open_record(target: str | None = None, *, create: bool = False, migrate: bool = True) -> Record:
    """Open the record at ``target`` (a URL or SQLite path; default :func:`db.default_url`).

    ``create`` makes the schema if there is none (``accord talks init``). An older schema is
    migrated (``Record.migrated_from`` says from which revision); a newer one is refused
    before anything is written.
    """
    url = db.parse_url(target or db.default_url())
    path = db.sqlite_path(url)
    if path is not None and not create and not path.exists():
        raise RecordError(
            f"no talks record at {path}; create one with `accord talks init` (or name another "
            "with --db / ACCORD_DB)"
        )
    if path is not None and create and not path.parent.exists():
        raise RecordError(f"cannot create {path}: folder {path.parent} does not exist")
    engine = db.make_engine(url)
    try:
        state = db.check_schema(engine, url)
        migrated_from = None
        if state.current is None:
            if state.has_tables:
                raise RecordError(
                    f"the database at {db.display_url(url)} holds tables but no talks record; "
                    "use an empty database"
                )
            if not create:
                raise RecordError(
                    f"no talks record at {db.display_url(url)}; create one with `accord talks init`"
                )
            db.upgrade(engine, url)
        elif state.older:
            if not migrate:
                raise RecordError(
                    f"the record at {db.display_url(url)} has schema {state.current}; this "
                    f"accord needs {state.head}: run `accord talks init` to migrate it"
                )
            db.upgrade(engine, url)
            migrated_from = state.current
    except BaseException:
        engine.dispose()
        raise
    return Record(engine, url, migrated_from)
