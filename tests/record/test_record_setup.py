"""The record's packaging: migrations shipped and known, the [db] extra reported when missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from accord.record.db import KNOWN_REVISIONS, script_revisions


def test_known_revisions_match_the_shipped_migrations() -> None:
    assert script_revisions() == KNOWN_REVISIONS


@pytest.mark.slow
def test_missing_db_extra_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['sqlalchemy'] = None; sys.modules['alembic'] = None\n"
        "from accord.cli.main import main\n"
        "main(['talks', 'log'])\n"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "the talks record needs the 'db' extra: pip install 'accord[db]'" in lines[0]
    assert "Traceback" not in proc.stderr


def test_the_author_falls_back_when_the_user_has_no_name(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A container may run under a uid with no passwd entry: getpass raises, the commit
    still records an author."""
    import getpass

    from accord.cli.talks import default_author

    def nameless() -> str:
        raise KeyError("getpwuid(): uid not found: 1234")

    monkeypatch.delenv("ACCORD_AUTHOR", raising=False)
    monkeypatch.setattr(getpass, "getuser", nameless)
    assert default_author() == "unknown"
    monkeypatch.setenv("ACCORD_AUTHOR", "analyst")
    assert default_author() == "analyst"
