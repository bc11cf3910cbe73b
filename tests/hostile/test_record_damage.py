"""A damaged or hostile talks record is answered by one line and exit code 2: a truncated,
zeroed or garbage SQLite file, a file that is no database at all, a stored document that is
not JSON, a lock held by another writer past the (stated, settable) busy timeout, refs and
imported ids far past the database's integers, and an import that is not UTF-8 or nested
200,000 levels deep."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from accord.record.db import BUSY_ENV

from .helpers import refused, run

pytest.importorskip("sqlalchemy", reason="the talks record needs the [db] extra")

REPORT = Path(__file__).parents[2] / "src/accord/scenarios/geneva-2026.source.txt"


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A record holding one version of the bundled scenario (built once, copied per test)."""
    folder = tmp_path_factory.mktemp("rec")
    db = folder / "t.db"
    from accord.cli.main import main

    for argv in (
        ["talks", "init", "--db", str(db)],
        ["copy", "-o", str(folder / "s.yaml")],
        ["talks", "commit", str(folder / "s.yaml"), "--db", str(db), "-m", "first"],
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code in (0, None)
    return db


@pytest.fixture
def db(record: Path, tmp_path: Path) -> Path:
    p = tmp_path / "t.db"
    shutil.copyfile(record, p)
    return p


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "zeroed":
        path.write_bytes(b"\0" * 4096 + data[4096:])
    elif how == "garbage":
        path.write_bytes(bytes((k * 7919) % 251 for k in range(len(data))))


@pytest.mark.parametrize("how", ["truncated", "zeroed", "garbage"])
@pytest.mark.parametrize("command", [["log"], ["show", "latest"], ["timeline"]])
def test_damaged_file(
    db: Path, capsys: pytest.CaptureFixture[str], how: str, command: list[str]
) -> None:
    damage(db, how)
    line = refused(["talks", *command, "--db", str(db)], capsys)
    assert "not a usable talks record" in line and str(db) in line


def test_a_file_that_is_no_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "passwd"
    p.write_text("root:x:0:0:root:/root:/bin/bash\n" * 50)
    line = refused(["talks", "log", "--db", f"sqlite:///{p}"], capsys)
    assert "not a usable talks record" in line and "root:x" not in line


@pytest.mark.slow
def test_ingest_record_on_a_damaged_file(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damage(db, "garbage")
    line = refused(["ingest", str(REPORT), "--record", "latest", "--db", str(db)], capsys)
    assert "not a usable talks record" in line


def test_a_stored_document_that_is_not_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(db) as c:
        c.execute("update versions set document = '{not json'")
    for argv in (["show", "latest"], ["checkout", "latest", "-o", str(db.parent / "c.yaml")]):
        line = refused(["talks", *argv, "--db", str(db)], capsys)
        assert "version 1 is damaged: not valid JSON" in line
    line = refused(["ingest", str(REPORT), "--record", "latest", "--db", str(db)], capsys)
    assert "damaged" in line


@pytest.mark.slow
@pytest.mark.parametrize(
    "ref", ["99999999999999999999999", "latest~99999999999999999999", "9" * 5000]
)
def test_refs_past_the_database_integers(
    db: Path, capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    line = refused(["talks", "show", ref, "--db", str(db)], capsys)
    assert "no version" in line


@pytest.mark.slow
def test_a_locked_record_waits_the_stated_time_then_says_so(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        monkeypatch.setenv(BUSY_ENV, "0.2")
        line = refused(["talks", "log", "--db", str(db)], capsys)
        assert "locked by another writer" in line and "0.2 s" in line and BUSY_ENV in line
    finally:
        holder.communicate("", timeout=30)
    monkeypatch.setenv(BUSY_ENV, "0.2")
    code, out, err = run(["talks", "log", "--db", str(db)], capsys)
    assert code == 0, err
    assert "first" in out  # the lock released, the same command answers


def test_a_bad_busy_timeout_is_refused(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUSY_ENV, "forever")
    assert BUSY_ENV in refused(["talks", "log", "--db", str(db)], capsys)


@pytest.fixture
def export(db: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    out = db.parent / "e.jsonl"
    code, _, err = run(["talks", "export", "--db", str(db), "-o", str(out)], capsys)
    assert code == 0, err
    return out.read_text(encoding="utf-8").splitlines()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"\xff\xfe not utf-8\n", "2: not UTF-8 text"),
        (b"[" * 200_000 + b"]" * 200_000 + b"\n", "2: nested too deeply"),
        (b'{"type": "source", "id": ' + b"1" * 5000 + b"}\n", "5,000 digits"),
    ],
)
def test_hostile_imports(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    export: list[str],
    body: bytes,
    words: str,
) -> None:
    p = tmp_path / "in.jsonl"
    p.write_bytes(export[0].encode() + b"\n" + body)
    line = refused(["talks", "import", str(p), "--db", str(tmp_path / "new.db")], capsys)
    assert words in line


def test_import_of_an_id_past_64_bits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], export: list[str]
) -> None:
    source = next(x for x in export if x.startswith('{"type":"source"'))
    assert '"id":1,' in source
    p = tmp_path / "in.jsonl"
    p.write_text(export[0] + "\n" + source.replace('"id":1,', '"id":' + "1" + "0" * 30 + ",", 1))
    line = refused(["talks", "import", str(p), "--db", str(tmp_path / "new.db")], capsys)
    assert "outside the database's integers" in line


@pytest.mark.slow
def test_import_from_stdin_not_utf8(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "accord", "talks", "import", "-", "--db", str(tmp_path / "n.db")],
        input=b"\xff\n",
        check=False,
        capture_output=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr and b"not UTF-8" in proc.stderr
