"""The talks record: sources, verified evidence, scenario versions and analysis snapshots in a
database (SQLite by default, PostgreSQL by URL), with Alembic migrations shipped here.

The record sits beside :mod:`accord.io`: it stores and returns scenario documents and checks
that every quote is in its stored source; it never analyses a scenario (the command line
computes the analysis snapshot and hands it over to be stored).

Needs the ``db`` extra (``pip install 'accord[db]'``).
"""

from __future__ import annotations

from accord.errors import require_extra

for _module in ("sqlalchemy", "alembic"):  # one line naming the extra, not a traceback
    require_extra(_module, "the talks record", "db")

from accord.record.db import default_url, display_url  # noqa: E402
from accord.record.store import (  # noqa: E402
    ChangeInfo,
    EvidenceInfo,
    Record,
    SourceFields,
    SourceInfo,
    VersionDetail,
    VersionInfo,
    open_record,
)

__all__ = [
    "ChangeInfo",
    "EvidenceInfo",
    "Record",
    "SourceFields",
    "SourceInfo",
    "VersionDetail",
    "VersionInfo",
    "default_url",
    "display_url",
    "open_record",
]
