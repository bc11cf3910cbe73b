"""The talks record end to end: init, migrations, sources, commits with verified quotes,
log/show/checkout, stale parents, export/import, through the API and the command line."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, func, select, text

from accord.errors import RecordError, StaleParentError
from accord.io.yaml_source import load_document
from accord.record import open_record
from accord.record.db import parse_url, upgrade_to
from accord.record.models import EvidenceRow, SourceRow, VersionRow

if TYPE_CHECKING:
    from clirun import Cli

FULL_DONBAS_START = "      - id: full-donbas\n"
NEXT_RED_LINE = "      - id: no-shared-znpp\n"


def without_full_donbas(path: Path, out: Path) -> Path:
    t = path.read_text(encoding="utf-8")
    i, j = t.index(FULL_DONBAS_START), t.index(NEXT_RED_LINE)
    t = t[:i] + t[j:]
    # its uncertainty entry (for sweeps) goes with it
    t = "".join(x for x in t.splitlines(keepends=True) if not x.strip().startswith("full-donbas:"))
    out.write_text(t, encoding="utf-8")
    return out


def counts(url: str) -> dict[str, int]:
    engine = create_engine(parse_url(url))
    try:
        with engine.connect() as conn:
            return {
                m.__tablename__: int(conn.scalar(select(func.count()).select_from(m)) or 0)
                for m in (SourceRow, EvidenceRow, VersionRow)
            }
    finally:
        engine.dispose()


@pytest.mark.slow
def test_init_commit_log_show_checkout(
    record_url: str, geneva_dir: Path, tmp_path: Path, cli: Cli
) -> None:
    db = ["--db", record_url]
    assert cli(["talks", "init", *db])[0] == 0
    code, out, err = cli(
        [
            "talks",
            "commit",
            str(geneva_dir / "geneva-2026.yaml"),
            "-m",
            "Geneva",
            "--author",
            "ana",
            *db,
        ]
    )
    assert code == 0, err
    assert "version 1" in out and "ZOPA 0 of 162" in out
    # the source was stored from the file beside the scenario, every quote as evidence
    assert counts(record_url)["sources"] == 1
    assert counts(record_url)["evidence"] >= 5
    code, out, _ = cli(["talks", "show", "1", "--json", *db])
    shown = json.loads(out)
    assert shown["version"]["author"] == "ana"
    assert shown["version"]["as_of"] == "2026-02-18"  # the report's date
    assert shown["snapshot"]["zopa_size"] == 0
    assert {e["kind"] for e in shown["evidence"]} <= {"stated", "reported", "inferred"}
    # every stored quote is the text at its span in the stored source
    rec = open_record(record_url)
    text_ = rec.source_text(shown["evidence"][0]["source"])
    for e in shown["evidence"]:
        a, b = e["span"]
        assert text_[a:b] == e["quote"]
    rec.close()

    # an edit: Russia's full-donbas red line dropped after a (hypothetical) new report
    edited = without_full_donbas(geneva_dir / "geneva-2026.yaml", geneva_dir / "edit.yaml")
    code, out, err = cli(
        [
            "talks",
            "commit",
            str(edited),
            "-m",
            "Moscow drops full control",
            "--evidence",
            "1=Moscow is demanding full control of the area",
            *db,
        ]
    )
    assert code == 0, err
    assert "version 2" in out and "ZOPA 13 of 162" in out
    code, out, _ = cli(["talks", "show", "latest", "--json", *db])
    d = json.loads(out)
    assert [c["path"] for c in d["changes"]] == [
        "parties[russia].red_lines[full-donbas]",
        "uncertainty.parties[russia].red_lines[full-donbas]",
    ]
    change = d["changes"][0]
    assert change["op"] == "removed" and change["category"] == "red lines"
    assert change["evidence"][0]["quote"] == "Moscow is demanding full control of the area"
    assert d["version"]["parent"] == shown["version"]["ref"]

    code, out, _ = cli(["talks", "log", *db])
    lines = out.splitlines()
    assert "Moscow drops full control" in lines[1] and "Geneva" in lines[2]

    # checkout writes the document and its source text; committing it back changes nothing
    out_file = tmp_path / "co" / "g.yaml"
    assert cli(["talks", "checkout", "1", "-o", str(out_file), *db])[0] == 0
    assert (out_file.parent / "geneva-2026.source.txt").is_file()
    assert load_document(out_file).data == load_document(geneva_dir / "geneva-2026.yaml").data


@pytest.mark.slow
def test_commit_checkout_commit_identical(
    record_url: str, geneva_dir: Path, tmp_path: Path, cli: Cli
) -> None:
    first = tmp_path / "first.db"
    for target in (record_url, str(first)):
        assert cli(["talks", "init", "--db", target])[0] == 0
    scenario = geneva_dir / "geneva-2026.yaml"
    assert cli(["talks", "commit", str(scenario), "-m", "v1", "--db", record_url])[0] == 0
    co = tmp_path / "co" / "g.yaml"
    assert cli(["talks", "checkout", "latest", "-o", str(co), "--db", record_url])[0] == 0
    # into another record: the same document, the same digest
    assert cli(["talks", "commit", str(co), "-m", "v1", "--db", str(first)])[0] == 0
    a = open_record(record_url)
    b = open_record(str(first))
    try:
        (va, da), (_, db_) = a.document("latest"), b.document("latest")
        assert da == db_
        assert a.show("latest").text == b.show("latest").text
        # into the same record: nothing changed, refused unless asked
        code, _, err = cli(["talks", "commit", str(co), "-m", "again", "--db", record_url])
        assert code == 2 and "nothing changed since version 1" in err
        code, _, err = cli(
            ["talks", "commit", str(co), "-m", "again", "--allow-empty", "--db", record_url]
        )
        assert code == 0, err
        assert a.document("2")[1] == da
        assert a.resolve("2").parent == va.ref
    finally:
        a.close()
        b.close()


@pytest.mark.slow
@pytest.mark.parametrize("file_beside", [True, False])
def test_quote_not_in_source_fails_naming_it_and_writes_nothing(
    record_url: str, geneva_dir: Path, file_beside: bool, cli: Cli
) -> None:
    db = ["--db", record_url]
    assert cli(["talks", "init", *db])[0] == 0
    scenario = geneva_dir / "geneva-2026.yaml"
    source = geneva_dir / "geneva-2026.source.txt"
    if not file_beside:  # the quote is checked against the record's stored text
        cli(
            [
                "talks",
                "add-source",
                str(source),
                "--title",
                "Geneva Peace Talks Between Russia and Ukraine End Without Breakthrough",
                "--date",
                "2026-02-18",
                *db,
            ]
        )
        source.unlink()
    t = scenario.read_text(encoding="utf-8")
    bad = "Moscow is demanding partial control of the area"
    scenario.write_text(t.replace("Moscow is demanding full control of the area", bad, 1),
                        encoding="utf-8")  # fmt: skip
    before = counts(record_url)
    code, _, err = cli(["talks", "commit", str(scenario), "-m", "x", *db])
    assert code == 2
    assert bad in err
    assert "nearest passage" in err and "Moscow is demanding full control of the area" in err
    assert "Traceback" not in err
    if not file_beside:
        assert "quote not found in source 1" in err
    # one transaction: nothing of the failed commit is left behind
    assert counts(record_url) == before
    assert before["versions"] == 0 and before["evidence"] == 0


@pytest.mark.slow
def test_quotes_match_modulo_whitespace_and_typographic_quotes(
    record_url: str, geneva_dir: Path, cli: Cli
) -> None:
    assert cli(["talks", "init", "--db", record_url])[0] == 0
    scenario = geneva_dir / "geneva-2026.yaml"
    t = scenario.read_text(encoding="utf-8")
    # straight quotes and a line break where the source has curly quotes and a space
    t = t.replace(
        "urged Ukraine to “come to the table, fast”", 'urged   Ukraine to "come to the table, fast"'
    )
    scenario.write_text(t, encoding="utf-8")
    code, _, err = cli(["talks", "commit", str(scenario), "-m", "x", "--db", record_url])
    assert code == 0, err
    rec = open_record(record_url)
    try:
        ev = [e for _, e in rec.show("1").evidence if "come to the table" in e.quote]
        assert ev and "“come to the table, fast”" in ev[0].quote  # the source's own text
    finally:
        rec.close()


@pytest.mark.slow
def test_stale_parent_is_refused(
    record_url: str, geneva_dir: Path, tmp_path: Path, cli: Cli
) -> None:
    db = ["--db", record_url]
    cli(["talks", "init", *db])
    assert cli(["talks", "commit", str(geneva_dir / "geneva-2026.yaml"), "-m", "v1", *db])[0] == 0
    a, b = tmp_path / "a" / "g.yaml", tmp_path / "b" / "g.yaml"
    cli(["talks", "checkout", "1", "-o", str(a), *db])
    cli(["talks", "checkout", "1", "-o", str(b), *db])
    without_full_donbas(a, a)
    b.write_text(
        b.read_text(encoding="utf-8").replace("reservation_value: 0.45", "reservation_value: 0.4"),
        encoding="utf-8",
    )
    code, _, err = cli(["talks", "commit", str(a), "-m", "analyst A", *db])
    assert code == 0, err
    code, _, err = cli(["talks", "commit", str(b), "-m", "analyst B", *db])
    assert code == 2
    assert "based on version 1" in err and "version 2" in err and "analyst A" in err
    assert "Nothing was written" in err
    rec = open_record(record_url)
    try:
        assert [v.message for v in rec.log()] == ["analyst A", "v1"]
        with pytest.raises(StaleParentError):
            rec.commit(load_document(b).data, message="B", author="b", parent="1")
    finally:
        rec.close()


@pytest.mark.slow
def test_export_import_lossless(record_url: str, tmp_path: Path, cli: Cli) -> None:
    """SQLite export -> import into an empty record (SQLite, then PostgreSQL) -> identical."""
    src = tmp_path / "src.db"
    assert cli(["talks", "init", "--example", "--db", str(src)])[0] == 0
    rec = open_record(str(src))
    doc = rec.document("1")[1]
    doc["parties"][0]["reservation_value"] = 0.3
    rec.commit(doc, message="lower Russian reservation value", author="ana")
    rec.close()
    dump = tmp_path / "dump.jsonl"
    assert cli(["talks", "export", "-o", str(dump), "--db", str(src)])[0] == 0
    code, _, err = cli(["talks", "import", str(dump), "--db", record_url])
    assert code == 0, err
    again = tmp_path / "again.jsonl"
    assert cli(["talks", "export", "-o", str(again), "--db", record_url])[0] == 0
    assert again.read_text(encoding="utf-8") == dump.read_text(encoding="utf-8")
    # the imported record keeps working: a new commit gets the next number
    rec = open_record(record_url)
    try:
        d = rec.document("latest")[1]
        d["parties"][0]["reservation_value"] = 0.25
        v = rec.commit(d, message="next", author="ana")
        assert v.seq == 3
    finally:
        rec.close()
    # importing twice is refused (the record is not empty)
    code, _, err = cli(["talks", "import", str(dump), "--db", record_url])
    assert code == 2 and "not empty" in err


@pytest.mark.slow
def test_import_refuses_altered_export(tmp_path: Path, cli: Cli) -> None:
    src = tmp_path / "src.db"
    cli(["talks", "init", "--example", "--db", str(src)])
    buf = io.StringIO()
    with open_record(str(src)) as rec:
        rec.export(buf)
    lines = buf.getvalue().splitlines()
    altered = [
        line.replace("0.35", "0.36") if json.loads(line)["type"] == "version" else line
        for line in lines
    ]
    with open_record(str(tmp_path / "dst.db"), create=True) as dst:
        with pytest.raises(RecordError, match="does not match its sha256"):
            dst.import_(altered, "dump.jsonl")
        assert dst.log() == []
    with (
        open_record(str(tmp_path / "dst2.db"), create=True) as dst,
        pytest.raises(RecordError, match=r"dump\.jsonl:2: not JSON"),
    ):
        dst.import_([lines[0], "{broken", *lines[1:]], "dump.jsonl")


@pytest.mark.slow
def test_newer_schema_refused_never_written(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "r.db"
    assert cli(["talks", "init", "--db", str(path)])[0] == 0
    engine = create_engine(parse_url(str(path)))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": "9999"})
    engine.dispose()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for argv in (["talks", "log"], ["talks", "init"], ["talks", "commit", "x.yaml", "-m", "m"]):
        code, _, err = cli([*argv, "--db", str(path)])
        assert code == 2
        if argv[1] != "commit":
            assert "schema revision 9999, newer than this accord" in err, err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


@pytest.mark.slow
def test_older_schema_is_migrated_with_a_message(record_url: str, cli: Cli) -> None:
    url = parse_url(record_url)
    engine = create_engine(url)
    upgrade_to(engine, "0001")
    engine.dispose()
    code, out, err = cli(["talks", "log", "--db", record_url])
    assert code == 0
    assert "migrated the record" in err and "from schema 0001" in err
    assert "no versions yet" in out
    code, _, err = cli(["talks", "log", "--db", record_url])
    assert code == 0 and "migrated" not in err


def test_missing_record_and_bad_urls(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli(["talks", "log", "--db", str(tmp_path / "none.db")])
    assert code == 2 and "no talks record" in err and "accord talks init" in err
    assert not (tmp_path / "none.db").exists()
    code, _, err = cli(["talks", "log", "--db", "mysql://u:pw@h/d"])
    assert code == 2 and "unsupported database" in err and "pw" not in err


@pytest.mark.slow
def test_password_never_printed(cli: Cli) -> None:
    secret = "s3cr3t-Pa55"
    url = f"postgresql+psycopg://analyst:{secret}@127.0.0.1:1/talks"
    code, out, err = cli(["talks", "log", "--db", url])
    assert code == 2
    assert secret not in out + err
    assert "analyst:***@127.0.0.1:1/talks" in err


@pytest.mark.slow
def test_refs_and_errors(tmp_path: Path, cli: Cli) -> None:
    path = str(tmp_path / "r.db")
    cli(["talks", "init", "--example", "--db", path])
    with open_record(path) as rec:
        v1 = rec.resolve("1")
        assert rec.resolve("latest").ref == v1.ref
        assert rec.resolve(v1.ref[:8]).seq == 1
        assert rec.resolve("geneva-2026:1").ref == v1.ref
        for bad in ("7", "latest~3", "zzzz", "other:1"):
            with pytest.raises(RecordError):
                rec.resolve(bad)
    code, _, err = cli(["talks", "show", "42", "--db", path])
    assert code == 2 and "no version '42'" in err


@pytest.mark.slow
def test_ref_prefix_of_digits_only(tmp_path: Path, cli: Cli) -> None:
    """A ref whose prefix is all digits ("42119917...") is found by that prefix, though a
    number alone names a version by its sequence."""
    from sqlalchemy import update

    from accord.record.models import VersionRow

    path = str(tmp_path / "r.db")
    cli(["talks", "init", "--example", "--db", path])
    digits = "42119917" + "0" * 56
    with open_record(path) as rec:
        with rec._session() as s:
            s.execute(update(VersionRow).values(ref=digits))
        assert rec.resolve("42119917").ref == digits
        assert rec.resolve("1").ref == digits
        with pytest.raises(RecordError):
            rec.resolve("7")


@pytest.mark.slow
def test_add_source_and_commit_evidence(tmp_path: Path, geneva_dir: Path, cli: Cli) -> None:
    db = ["--db", str(tmp_path / "r.db")]
    cli(["talks", "init", *db])
    code, out, err = cli(
        [
            "talks",
            "add-source",
            str(geneva_dir / "geneva-2026.source.txt"),
            "--title",
            "Geneva",
            "--date",
            "2026-02-18",
            "--url",
            "https://example.org/geneva",
            "--language",
            "en",
            "--reliability",
            "b",
            *db,
        ]
    )
    assert code == 0, err
    assert "source 1 stored" in out
    code, out, _ = cli(
        [
            "talks",
            "add-source",
            str(geneva_dir / "geneva-2026.source.txt"),
            "--title",
            "Again",
            "--date",
            "2026-02-18",
            *db,
        ]
    )
    assert "source 1 already in the record" in out
    code, _, err = cli(
        [
            "talks",
            "add-source",
            str(geneva_dir / "geneva-2026.source.txt"),
            "--title",
            "x",
            "--date",
            "18/02/2026",
            *db,
        ]
    )
    assert code == 2 and "not a date" in err
    code, out, _ = cli(["talks", "sources", "--json", *db])
    (s,) = json.loads(out)
    assert s["reliability"] == "B" and s["language"] == "en"
    assert (
        s["sha256"]
        == hashlib.sha256((geneva_dir / "geneva-2026.source.txt").read_bytes()).hexdigest()
    )


@pytest.mark.slow
def test_example_is_the_geneva_talks(tmp_path: Path, cli: Cli) -> None:
    db = ["--db", str(tmp_path / "r.db")]
    code, out, err = cli(["talks", "init", "--example", *db])
    assert code == 0, err
    code, out, _ = cli(["talks", "timeline", "--json", *db])
    tl = json.loads(out)
    (v,) = tl["versions"]
    assert v["scenario"] == "geneva-2026" and v["as_of"] == "2026-02-18"
    assert v["zopa_size"] == 0 and v["n_outcomes"] == 162
    rounds = [e for e in tl["events"] if e["kind"] == "round"]
    # the calendar's past rounds, each a reported fact with the page it comes from
    assert rounds and all(e["evidence_kind"] == "reported" for e in rounds)
    assert rounds[0]["date"] < v["as_of"]
    # every round cites a public page, except the Geneva round, cited from the report the
    # scenario ships (a file, not a URL)
    unlinked = [e["title"].split()[0] for e in rounds if not e["url"]]
    assert unlinked == ["geneva-2026"]
    assert all(e["url"].startswith("https://") for e in rounds if e["url"])
    code, out, _ = cli(["talks", "show", "1", "--json", *db])
    shown = json.loads(out)
    kinds = {e["kind"] for e in shown["evidence"]}
    assert "reported" in kinds and kinds <= {"stated", "reported", "inferred"}
    code, out, _ = cli(["talks", "sources", "--json", *db])
    (source,) = json.loads(out)
    assert source["title"].startswith("Geneva Peace Talks") and source["language"] == "en"
    # a second --example into the same record is refused, nothing added
    code, _, err = cli(["talks", "init", "--example", *db])
    assert code == 2 and "already holds versions" in err


@pytest.mark.slow
def test_default_location_and_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCORD_DB", raising=False)
    assert cli(["talks", "init"])[0] == 0
    assert (tmp_path / "accord.db").is_file()  # accord.db in the working folder
    other = tmp_path / "team.db"
    monkeypatch.setenv("ACCORD_DB", str(other))
    code, out, _ = cli(["talks", "init", "--example"])
    assert code == 0 and "team.db" in out
    code, out, _ = cli(["talks", "log", "--json"])
    assert len(json.loads(out)) == 1
    code, out, _ = cli(["talks", "log", "--json", "--db", str(tmp_path / "accord.db")])
    assert json.loads(out) == []  # --db wins over $ACCORD_DB


def test_add_source_keeps_every_field(tmp_path: Path) -> None:
    """The optional fields of a source reach the record as given (reliability upper-cased)."""
    with open_record(str(tmp_path / "r.db"), create=True) as rec:
        info = rec.add_source(
            "Talks resumed in Geneva.",
            title=" A report ",
            published="2026-02-18",
            url="https://example.org/r",
            outlet="Example News",
            author="A. Writer",
            language="en",
            reliability="c",
        )
        assert info.created
        (s,) = rec.sources()
    got = (s.title, s.url, s.outlet, s.author, s.language, s.reliability, s.published.isoformat())
    assert got == (
        "A report",
        "https://example.org/r",
        "Example News",
        "A. Writer",
        "en",
        "C",
        "2026-02-18",
    )
    assert not s.created
