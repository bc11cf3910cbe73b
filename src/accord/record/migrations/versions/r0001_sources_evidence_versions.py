"""Sources, evidence, scenario versions and their changes.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date, nullable=False),
        sa.Column("language", sa.String(35)),
        sa.Column("reliability", sa.String(1)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("added_at", TZ, nullable=False),
        sa.CheckConstraint(
            "reliability IS NULL OR reliability IN ('A','B','C','D','E','F')",
            name="ck_sources_reliability",
        ),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("reasoning", sa.Text),
        sa.Column("claim_date", sa.Date),
        sa.Column("credibility", sa.Integer),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint("kind IN ('stated','reported','inferred')", name="ck_evidence_kind"),
        sa.CheckConstraint('start >= 0 AND "end" >= start', name="ck_evidence_span"),
        sa.CheckConstraint(
            "credibility IS NULL OR (credibility >= 1 AND credibility <= 6)",
            name="ck_evidence_credibility",
        ),
    )
    op.create_index("ix_evidence_source_id", "evidence", ["source_id"])
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ref", sa.String(64), nullable=False, unique=True),
        sa.Column("scenario", sa.String(200), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("versions.id"), unique=True),
        sa.Column("document_sha256", sa.String(64), nullable=False),
        sa.Column("text_format", sa.String(10)),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("as_of", sa.Date),
        # the large columns last: listing versions never reads through them
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("text", sa.Text),
        sa.UniqueConstraint("scenario", "seq", name="uq_versions_scenario_seq"),
        sa.CheckConstraint("seq >= 1", name="ck_versions_seq"),
    )
    op.create_index("ix_versions_scenario_created", "versions", ["scenario", "created_at"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("op", sa.String(10), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("summary", sa.Text, nullable=False),
        sa.UniqueConstraint("version_id", "position", name="uq_changes_position"),
        sa.CheckConstraint("op IN ('added','removed','changed')", name="ck_changes_op"),
    )
    op.create_index("ix_changes_version_id", "changes", ["version_id"])
    op.create_table(
        "change_evidence",
        sa.Column("change_id", sa.Integer, sa.ForeignKey("changes.id"), primary_key=True),
        sa.Column("evidence_id", sa.Integer, sa.ForeignKey("evidence.id"), primary_key=True),
    )
    op.create_table(
        "version_evidence",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("evidence_id", sa.Integer, sa.ForeignKey("evidence.id"), primary_key=True),
        sa.Column("path", sa.Text, primary_key=True),
    )


def downgrade() -> None:
    for table in ("version_evidence", "change_evidence", "changes", "versions", "evidence"):
        op.drop_table(table)
    op.drop_table("sources")
