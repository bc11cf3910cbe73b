"""Engines, URLs and schema migrations of the talks record.

A record is named by a SQLAlchemy URL (``sqlite:///path``, ``postgresql+psycopg://...``) or a
plain file path (an SQLite file). The default is ``accord.db`` in the working directory, or
``$ACCORD_DB``. Passwords in URLs are never printed: every message uses :func:`display_url`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    inspect,
    select,
)
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    NoSuchModuleError,
    SQLAlchemyError,
)

from accord.errors import MissingExtraError, RecordError

DEFAULT_FILE = "accord.db"
ENV_VAR = "ACCORD_DB"
MIGRATIONS = Path(__file__).parent / "migrations"
#: The schema revisions of migrations/versions, oldest first (a test checks them against
#: Alembic's script directory). Reading the revision needs no Alembic import, which keeps
#: every command that does not migrate fast.
KNOWN_REVISIONS = ("0001", "0002")
_VERSION_TABLE = Table("alembic_version", MetaData(), Column("version_num", String(32)))


def default_url() -> str:
    """``$ACCORD_DB`` if set, else ``accord.db`` in the working directory."""
    return os.environ.get(ENV_VAR) or DEFAULT_FILE


def parse_url(target: str) -> URL:
    """The SQLAlchemy URL that ``target`` (a URL or an SQLite file path) names."""
    if "://" not in target:
        return URL.create("sqlite", database=str(Path(target).expanduser()))
    try:
        url = make_url(target)
    except ArgumentError:
        raise RecordError(
            f"not a database URL: {_scrub(target)!r}; give a file path (SQLite) or a URL such "
            "as postgresql+psycopg://user@host/dbname"
        ) from None
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise RecordError(
            f"unsupported database {url.get_backend_name()!r} in {display_url(url)}; the record "
            "runs on SQLite (a file path) or PostgreSQL (postgresql+psycopg://...)"
        )
    return url


def display_url(url: URL | str) -> str:
    """The URL with any password replaced by ``***``: the only form ever printed or logged."""
    if isinstance(url, str):
        if "://" not in url:
            return url
        text = url
        try:
            url = make_url(text)
        except ArgumentError:
            return _scrub(text)
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def _scrub(text: str) -> str:
    """Remove a ``user:password@`` part from free text that may hold a URL."""
    import re

    return re.sub(r"(://[^/:@\s]*):[^@\s]*@", r"\1:***@", text)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite ``url``; ``None`` for another backend or an in-memory database."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


#: Seconds an SQLite command waits for another writer's lock before giving up (SQLite's
#: busy timeout); ``$ACCORD_DB_BUSY_TIMEOUT`` sets another.
BUSY_TIMEOUT = 30.0
BUSY_ENV = "ACCORD_DB_BUSY_TIMEOUT"


def busy_timeout() -> float:
    """The SQLite busy timeout in seconds: ``$ACCORD_DB_BUSY_TIMEOUT`` if set (a number from
    0 to 3,600), else :data:`BUSY_TIMEOUT`."""
    text = os.environ.get(BUSY_ENV, "").strip()
    if not text:
        return BUSY_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise RecordError(f"${BUSY_ENV}={text!r}: give a number of seconds from 0 to 3600")
    return value


def make_engine(url: URL) -> Engine:
    """An engine for ``url``: SQLite with foreign keys on and a busy timeout
    (:func:`busy_timeout`), PostgreSQL through psycopg 3."""
    kwargs: dict[str, Any] = {"future": True}
    if url.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": busy_timeout()}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise MissingExtraError(
            f"cannot use {display_url(url)}: its driver is not installed ({exc}); "
            "pip install 'accord[db]'"
        ) from None
    if url.get_backend_name() == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy's BEGIN (below) start transactions; enforce foreign keys.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            # BEGIN IMMEDIATE: a writer takes the lock at the start, so two writers queue
            # instead of one failing half-way with "database is locked".
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def connection_error(url: URL, exc: Exception) -> RecordError:
    """A one-line message for a failed connection or a database that cannot be used, without
    the password: a lock held past the busy timeout and a file that is not an SQLite
    database (truncated, zeroed, another kind of file) are named as such."""
    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if url.password:
        first = first.replace(str(url.password), "***")
    where = display_url(url)
    low = first.lower()
    if url.get_backend_name() == "sqlite" and ("locked" in low or "busy" in low):
        return RecordError(
            f"the record at {where} is locked by another writer; gave up after waiting "
            f"{busy_timeout():g} s (the busy timeout: set ${BUSY_ENV}=SECONDS to wait longer). "
            "Nothing was written."
        )
    if url.get_backend_name() == "sqlite" and (
        "not a database" in low or "malformed" in low or "corrupt" in low
    ):
        return RecordError(
            f"the file at {where} is not a usable talks record ({_scrub(first)}): it is not an "
            "SQLite database, or a damaged one; restore it from a copy (accord talks export "
            "keeps one) or name another with --db"
        )
    return RecordError(f"cannot open the record at {where}: {_scrub(first)}")


def alembic_config(connection: Connection | None = None) -> Any:
    """The Alembic configuration of the migrations shipped in the package; with ``connection``,
    the migrations' ``env.py`` runs on that connection.
    """
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@dataclass(frozen=True)
class SchemaState:
    """A database's schema revision against the revisions this accord knows.

    ``current`` is the database's revision (``None``: no record there yet), ``head`` the
    newest revision known, ``known`` all of them oldest first, ``has_tables`` whether the
    database holds any table at all.
    """

    current: str | None  # the database's revision (None: no record there)
    head: str  # the newest revision this accord knows
    known: tuple[str, ...]  # every revision this accord knows, oldest first
    has_tables: bool

    @property
    def newer(self) -> bool:
        """True when the database was written by a newer accord (a revision this one does not
        know): it must be refused before anything is written.
        """
        return self.current is not None and self.current not in self.known

    @property
    def older(self) -> bool:
        """True when the database has a known revision older than the head: it needs migrating."""
        return self.current is not None and self.current != self.head and not self.newer


def schema_state(conn: Connection) -> SchemaState:
    """The database's schema revision, read without writing anything."""
    tables = set(inspect(conn).get_table_names())
    heads: list[str] = []
    if "alembic_version" in tables:
        heads = [str(v) for v in conn.execute(select(_VERSION_TABLE.c.version_num)).scalars()]
    if len(heads) > 1:
        raise RecordError(f"the record has several schema revisions ({', '.join(heads)})")
    current = heads[0] if heads else None
    return SchemaState(
        current, KNOWN_REVISIONS[-1], KNOWN_REVISIONS, bool(tables - {"alembic_version"})
    )


def script_revisions() -> tuple[str, ...]:
    """The revisions Alembic finds in migrations/versions, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return tuple(reversed([r.revision for r in script.walk_revisions()]))


@contextmanager
def _connect(engine: Engine, url: URL) -> Iterator[Connection]:
    try:
        conn = engine.connect()
    except DatabaseError as exc:
        raise connection_error(url, exc) from None
    try:
        yield conn
    except IntegrityError:
        raise
    except DatabaseError as exc:  # a damaged file, a lock held too long
        raise connection_error(url, exc) from None
    finally:
        conn.close()


def check_schema(engine: Engine, url: URL) -> SchemaState:
    """Read the schema revision without writing anything."""
    with _connect(engine, url) as conn:
        try:
            state = schema_state(conn)
        finally:
            conn.rollback()
    if state.newer:
        raise RecordError(
            f"the record at {display_url(url)} has schema revision {state.current}, newer than "
            f"this accord understands (it knows up to {state.head}); upgrade accord to use it. "
            "Nothing was written."
        )
    return state


def upgrade(engine: Engine, url: URL) -> None:
    """Create or migrate the schema to the newest revision, in one transaction."""
    from alembic import command

    with _connect(engine, url) as conn:
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), "head")
        except SQLAlchemyError as exc:
            raise connection_error(url, exc) from None


def upgrade_to(engine: Engine, revision: str) -> None:
    """Migrate to a given revision (tests build old records with it)."""
    from alembic import command

    with engine.connect() as conn, conn.begin():
        command.upgrade(alembic_config(conn), revision)
