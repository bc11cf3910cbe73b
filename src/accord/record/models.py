"""The record's tables (SQLAlchemy 2 ORM). Documents and JSON values are stored as text,
exactly as written, so that export and import are lossless on every backend."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

EVIDENCE_KINDS = ("stated", "reported", "inferred")


class Base(DeclarativeBase):
    """The declarative base of the record's tables (the metadata Alembic migrates)."""

    pass


class SourceRow(Base):
    """A document in full: a news report, a communiqué, a transcript."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(35))
    reliability: Mapped[str | None] = mapped_column(String(1))
    text: Mapped[str] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(
            "reliability IS NULL OR reliability IN ('A','B','C','D','E','F')",
            name="ck_sources_reliability",
        ),
    )


class EvidenceRow(Base):
    """A quote from a stored source, located by its character span, and what kind of claim it
    is: a party's own words (stated), a source's account (reported), the analyst's inference."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    reasoning: Mapped[str | None] = mapped_column(Text)
    claim_date: Mapped[dt.date | None] = mapped_column(Date)
    credibility: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    source: Mapped[SourceRow] = relationship()

    __table_args__ = (
        CheckConstraint("kind IN ('stated','reported','inferred')", name="ck_evidence_kind"),
        CheckConstraint('start >= 0 AND "end" >= start', name="ck_evidence_span"),
        CheckConstraint(
            "credibility IS NULL OR (credibility >= 1 AND credibility <= 6)",
            name="ck_evidence_credibility",
        ),
    )


class VersionRow(Base):
    """One complete scenario document, committed on top of its parent.

    ``(scenario, seq)`` and ``parent_id`` are unique: two commits on the same parent cannot
    both succeed, whatever the isolation level, so a concurrent commit never loses a version.
    """

    __tablename__ = "versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    scenario: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), unique=True)
    document_sha256: Mapped[str] = mapped_column(String(64))
    text_format: Mapped[str | None] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    # the large columns last (SQLite reads a row's columns in order)
    document: Mapped[str] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("scenario", "seq", name="uq_versions_scenario_seq"),
        CheckConstraint("seq >= 1", name="ck_versions_seq"),
    )


class ChangeRow(Base):
    """One change a version makes to its parent's document (a path, before, after)."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("version_id", "position", name="uq_changes_position"),
        CheckConstraint("op IN ('added','removed','changed')", name="ck_changes_op"),
    )


class ChangeEvidenceRow(Base):
    """Which evidence justifies which change."""

    __tablename__ = "change_evidence"

    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id"), primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), primary_key=True)


class VersionEvidenceRow(Base):
    """Every piece of evidence a version's document cites (its quotes, verified)."""

    __tablename__ = "version_evidence"

    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), primary_key=True)
    path: Mapped[str] = mapped_column(Text, primary_key=True)


class SnapshotRow(Base):
    """The analysis of a version, as computed when it was committed (and after a sweep)."""

    __tablename__ = "snapshots"

    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), primary_key=True)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    n_outcomes: Mapped[int | None] = mapped_column(Integer)
    zopa_size: Mapped[int | None] = mapped_column(Integer)
    p_full: Mapped[float | None] = mapped_column(Float)
    p_partial: Mapped[float | None] = mapped_column(Float)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    sweep_runs: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)


class EventRow(Base):
    """A dated fact about the talks that is not a version: a past round, an outcome, an
    announcement, as reported by a source (kind ``reported``) with its source URL."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    scenario: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    evidence_kind: Mapped[str] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))

    __table_args__ = (
        CheckConstraint(
            "evidence_kind IN ('stated','reported','inferred')", name="ck_events_evidence_kind"
        ),
    )


Index("ix_versions_scenario_created", VersionRow.scenario, VersionRow.created_at)
