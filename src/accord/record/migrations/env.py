"""Alembic environment for the talks record, run programmatically by accord.record.db.

The caller passes an open connection in ``config.attributes["connection"]``; nothing here
reads an ini file or a URL.
"""

from __future__ import annotations

from alembic import context

from accord.record.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
