"""Fixtures for the talks record: every test that takes ``record_url`` runs against SQLite and
against PostgreSQL (``$ACCORD_TEST_PG_URL``, set by .ci/run). Outside CI, with no server
reachable, the PostgreSQL runs skip with one line saying how to run them; under CI they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the talks record needs the [db] extra")

from sqlalchemy import MetaData, create_engine, inspect
from sqlalchemy.engine import make_url

from accord.io import bundled_scenarios

PG_ENV = "ACCORD_TEST_PG_URL"
HOW = (
    f"PostgreSQL tests need a server: set {PG_ENV}=postgresql+psycopg://USER:PASSWORD@127.0.0.1:"
    "5432/DB (.ci/run starts one)"
)


def _pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set under CI; {HOW}")
        pytest.skip(HOW)
    engine = create_engine(make_url(url))
    try:
        with engine.connect():
            pass
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_ENV} not reachable under CI: {type(exc).__name__}")
        pytest.skip(f"PostgreSQL at {PG_ENV} not reachable; {HOW}")
    finally:
        engine.dispose()
    return url


def reset_pg(url: str) -> None:
    """Drop every table of the test database (a fresh, empty record)."""
    engine = create_engine(make_url(url))
    try:
        with engine.begin() as conn:
            md = MetaData()
            md.reflect(conn)
            md.drop_all(conn)
            assert not inspect(conn).get_table_names()
    finally:
        engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    url = _pg_url()
    reset_pg(url)
    yield url
    reset_pg(url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def record_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "record.db")
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def geneva_dir(tmp_path: Path) -> Path:
    """A copy of the bundled Geneva scenario with its source text beside it."""
    src = bundled_scenarios()["geneva-2026"]
    out = tmp_path / "work"
    out.mkdir()
    for f in src.parent.iterdir():
        if f.name.startswith("geneva-2026"):
            shutil.copy(f, out / f.name)
    return out
