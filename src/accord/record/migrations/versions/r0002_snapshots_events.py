"""Analysis snapshots per version; dated events (past rounds as reported facts).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("n_outcomes", sa.Integer),
        sa.Column("zopa_size", sa.Integer),
        sa.Column("p_full", sa.Float),
        sa.Column("p_partial", sa.Float),
        sa.Column("deadline", sa.Date),
        sa.Column("sweep_runs", sa.Integer),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("scenario", sa.String(200)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("evidence_kind", sa.String(10), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id")),
        sa.CheckConstraint(
            "evidence_kind IN ('stated','reported','inferred')", name="ck_events_evidence_kind"
        ),
    )
    op.create_index("ix_events_date", "events", ["date"])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("snapshots")
