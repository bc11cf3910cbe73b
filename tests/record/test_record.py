"""The talks record end to end: init, migrations, sources, commits with verified quotes,
log/show/checkout, stale parents, export/import, through the API and the command line."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from accord.cli.main import main
from accord.errors import RecordError, StaleParentError
from accord.io.yaml_source import load_document
from accord.record import open_record
from accord.record.db import parse_url, upgrade_to
from accord.record.models import EvidenceRow, SourceRow, VersionRow

FULL_DONBAS_START = "      - id: full-donbas\n"
NEXT_RED_LINE = "      - id: no-shared-znpp\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


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


def test_init_commit_log_show_checkout(
    record_url: str, geneva_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", record_url]
    assert run(["talks", "init", *db], capsys)[0] == 0
    code, out, err = run(
        [
            "talks",
            "commit",
            str(geneva_dir / "geneva-2026.yaml"),
            "-m",
            "Geneva",
            "--author",
            "ana",
            *db,
        ],
        capsys,
    )
    assert code == 0, err
    assert "version 1" in out and "ZOPA 0 of 162" in out
    # the source was stored from the file beside the scenario, every quote as evidence
    assert counts(record_url)["sources"] == 1
    assert counts(record_url)["evidence"] >= 5
    code, out, _ = run(["talks", "show", "1", "--json", *db], capsys)
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
    code, out, err = run(
        [
            "talks",
            "commit",
            str(edited),
            "-m",
            "Moscow drops full control",
            "--evidence",
            "1=Moscow is demanding full control of the area",
            *db,
        ],
        capsys,
    )
    assert code == 0, err
    assert "version 2" in out and "ZOPA 13 of 162" in out
    code, out, _ = run(["talks", "show", "latest", "--json", *db], capsys)
    d = json.loads(out)
    assert [c["path"] for c in d["changes"]] == [
        "parties[russia].red_lines[full-donbas]",
        "uncertainty.parties[russia].red_lines[full-donbas]",
    ]
    change = d["changes"][0]
    assert change["op"] == "removed" and change["category"] == "red lines"
    assert change["evidence"][0]["quote"] == "Moscow is demanding full control of the area"
    assert d["version"]["parent"] == shown["version"]["ref"]

    code, out, _ = run(["talks", "log", *db], capsys)
    lines = out.splitlines()
    assert "Moscow drops full control" in lines[1] and "Geneva" in lines[2]

    # checkout writes the document and its source text; committing it back changes nothing
    out_file = tmp_path / "co" / "g.yaml"
    assert run(["talks", "checkout", "1", "-o", str(out_file), *db], capsys)[0] == 0
    assert (out_file.parent / "geneva-2026.source.txt").is_file()
    assert load_document(out_file).data == load_document(geneva_dir / "geneva-2026.yaml").data


def test_commit_checkout_commit_identical(
    record_url: str, geneva_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.db"
    for target in (record_url, str(first)):
        assert run(["talks", "init", "--db", target], capsys)[0] == 0
    scenario = geneva_dir / "geneva-2026.yaml"
    assert run(["talks", "commit", str(scenario), "-m", "v1", "--db", record_url], capsys)[0] == 0
    co = tmp_path / "co" / "g.yaml"
    assert run(["talks", "checkout", "latest", "-o", str(co), "--db", record_url], capsys)[0] == 0
    # into another record: the same document, the same digest
    assert run(["talks", "commit", str(co), "-m", "v1", "--db", str(first)], capsys)[0] == 0
    a = open_record(record_url)
    b = open_record(str(first))
    try:
        (va, da), (_, db_) = a.document("latest"), b.document("latest")
        assert da == db_
        assert a.show("latest").text == b.show("latest").text
        # into the same record: nothing changed, refused unless asked
        code, _, err = run(["talks", "commit", str(co), "-m", "again", "--db", record_url], capsys)
        assert code == 2 and "nothing changed since version 1" in err
        code, _, err = run(
            ["talks", "commit", str(co), "-m", "again", "--allow-empty", "--db", record_url], capsys
        )
        assert code == 0, err
        assert a.document("2")[1] == da
        assert a.resolve("2").parent == va.ref
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("file_beside", [True, False])
def test_quote_not_in_source_fails_naming_it_and_writes_nothing(
    record_url: str, geneva_dir: Path, file_beside: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", record_url]
    assert run(["talks", "init", *db], capsys)[0] == 0
    scenario = geneva_dir / "geneva-2026.yaml"
    source = geneva_dir / "geneva-2026.source.txt"
    if not file_beside:  # the quote is checked against the record's stored text
        run(
            [
                "talks",
                "add-source",
                str(source),
                "--title",
                "Geneva Peace Talks Between Russia and Ukraine End Without Breakthrough",
                "--date",
                "2026-02-18",
                *db,
            ],
            capsys,
        )
        source.unlink()
    t = scenario.read_text(encoding="utf-8")
    bad = "Moscow is demanding partial control of the area"
    scenario.write_text(t.replace("Moscow is demanding full control of the area", bad, 1),
                        encoding="utf-8")  # fmt: skip
    before = counts(record_url)
    code, _, err = run(["talks", "commit", str(scenario), "-m", "x", *db], capsys)
    assert code == 2
    assert bad in err
    assert "nearest passage" in err and "Moscow is demanding full control of the area" in err
    assert "Traceback" not in err
    if not file_beside:
        assert "quote not found in source 1" in err
    # one transaction: nothing of the failed commit is left behind
    assert counts(record_url) == before
    assert before["versions"] == 0 and before["evidence"] == 0


def test_quotes_match_modulo_whitespace_and_typographic_quotes(
    record_url: str, geneva_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["talks", "init", "--db", record_url], capsys)[0] == 0
    scenario = geneva_dir / "geneva-2026.yaml"
    t = scenario.read_text(encoding="utf-8")
    # straight quotes and a line break where the source has curly quotes and a space
    t = t.replace(
        "urged Ukraine to “come to the table, fast”", 'urged   Ukraine to "come to the table, fast"'
    )
    scenario.write_text(t, encoding="utf-8")
    code, _, err = run(["talks", "commit", str(scenario), "-m", "x", "--db", record_url], capsys)
    assert code == 0, err
    rec = open_record(record_url)
    try:
        ev = [e for _, e in rec.show("1").evidence if "come to the table" in e.quote]
        assert ev and "“come to the table, fast”" in ev[0].quote  # the source's own text
    finally:
        rec.close()


def test_stale_parent_is_refused(
    record_url: str, geneva_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", record_url]
    run(["talks", "init", *db], capsys)
    assert (
        run(["talks", "commit", str(geneva_dir / "geneva-2026.yaml"), "-m", "v1", *db], capsys)[0]
        == 0
    )
    a, b = tmp_path / "a" / "g.yaml", tmp_path / "b" / "g.yaml"
    run(["talks", "checkout", "1", "-o", str(a), *db], capsys)
    run(["talks", "checkout", "1", "-o", str(b), *db], capsys)
    without_full_donbas(a, a)
    b.write_text(
        b.read_text(encoding="utf-8").replace("reservation_value: 0.45", "reservation_value: 0.4"),
        encoding="utf-8",
    )
    code, _, err = run(["talks", "commit", str(a), "-m", "analyst A", *db], capsys)
    assert code == 0, err
    code, _, err = run(["talks", "commit", str(b), "-m", "analyst B", *db], capsys)
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


def test_export_import_lossless(
    record_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite export -> import into an empty record (SQLite, then PostgreSQL) -> identical."""
    src = tmp_path / "src.db"
    assert run(["talks", "init", "--example", "--db", str(src)], capsys)[0] == 0
    rec = open_record(str(src))
    doc = rec.document("1")[1]
    doc["parties"][0]["reservation_value"] = 0.3
    rec.commit(doc, message="lower Russian reservation value", author="ana")
    rec.close()
    dump = tmp_path / "dump.jsonl"
    assert run(["talks", "export", "-o", str(dump), "--db", str(src)], capsys)[0] == 0
    code, _, err = run(["talks", "import", str(dump), "--db", record_url], capsys)
    assert code == 0, err
    again = tmp_path / "again.jsonl"
    assert run(["talks", "export", "-o", str(again), "--db", record_url], capsys)[0] == 0
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
    code, _, err = run(["talks", "import", str(dump), "--db", record_url], capsys)
    assert code == 2 and "not empty" in err


def test_import_refuses_altered_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src.db"
    run(["talks", "init", "--example", "--db", str(src)], capsys)
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


def test_newer_schema_refused_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.db"
    assert run(["talks", "init", "--db", str(path)], capsys)[0] == 0
    engine = create_engine(parse_url(str(path)))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": "9999"})
    engine.dispose()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for argv in (["talks", "log"], ["talks", "init"], ["talks", "commit", "x.yaml", "-m", "m"]):
        code, _, err = run([*argv, "--db", str(path)], capsys)
        assert code == 2
        if argv[1] != "commit":
            assert "schema revision 9999, newer than this accord" in err, err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_older_schema_is_migrated_with_a_message(
    record_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = parse_url(record_url)
    engine = create_engine(url)
    upgrade_to(engine, "0001")
    engine.dispose()
    code, out, err = run(["talks", "log", "--db", record_url], capsys)
    assert code == 0
    assert "migrated the record" in err and "from schema 0001" in err
    assert "no versions yet" in out
    code, _, err = run(["talks", "log", "--db", record_url], capsys)
    assert code == 0 and "migrated" not in err


def test_missing_record_and_bad_urls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["talks", "log", "--db", str(tmp_path / "none.db")], capsys)
    assert code == 2 and "no talks record" in err and "accord talks init" in err
    assert not (tmp_path / "none.db").exists()
    code, _, err = run(["talks", "log", "--db", "mysql://u:pw@h/d"], capsys)
    assert code == 2 and "unsupported database" in err and "pw" not in err


def test_password_never_printed(capsys: pytest.CaptureFixture[str]) -> None:
    secret = "s3cr3t-Pa55"
    url = f"postgresql+psycopg://analyst:{secret}@127.0.0.1:1/talks"
    code, out, err = run(["talks", "log", "--db", url], capsys)
    assert code == 2
    assert secret not in out + err
    assert "analyst:***@127.0.0.1:1/talks" in err


def test_refs_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "r.db")
    run(["talks", "init", "--example", "--db", path], capsys)
    with open_record(path) as rec:
        v1 = rec.resolve("1")
        assert rec.resolve("latest").ref == v1.ref
        assert rec.resolve(v1.ref[:8]).seq == 1
        assert rec.resolve("geneva-2026:1").ref == v1.ref
        for bad in ("7", "latest~3", "zzzz", "other:1"):
            with pytest.raises(RecordError):
                rec.resolve(bad)
    code, _, err = run(["talks", "show", "42", "--db", path], capsys)
    assert code == 2 and "no version '42'" in err


def test_ref_prefix_of_digits_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ref whose prefix is all digits ("42119917...") is found by that prefix, though a
    number alone names a version by its sequence."""
    from sqlalchemy import update

    from accord.record.models import VersionRow

    path = str(tmp_path / "r.db")
    run(["talks", "init", "--example", "--db", path], capsys)
    digits = "42119917" + "0" * 56
    with open_record(path) as rec:
        with rec._session() as s:
            s.execute(update(VersionRow).values(ref=digits))
        assert rec.resolve("42119917").ref == digits
        assert rec.resolve("1").ref == digits
        with pytest.raises(RecordError):
            rec.resolve("7")


def test_add_source_and_commit_evidence(
    tmp_path: Path, geneva_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(tmp_path / "r.db")]
    run(["talks", "init", *db], capsys)
    code, out, err = run(
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
        ],
        capsys,
    )
    assert code == 0, err
    assert "source 1 stored" in out
    code, out, _ = run(
        [
            "talks",
            "add-source",
            str(geneva_dir / "geneva-2026.source.txt"),
            "--title",
            "Again",
            "--date",
            "2026-02-18",
            *db,
        ],
        capsys,
    )
    assert "source 1 already in the record" in out
    code, _, err = run(
        [
            "talks",
            "add-source",
            str(geneva_dir / "geneva-2026.source.txt"),
            "--title",
            "x",
            "--date",
            "18/02/2026",
            *db,
        ],
        capsys,
    )
    assert code == 2 and "not a date" in err
    code, out, _ = run(["talks", "sources", "--json", *db], capsys)
    (s,) = json.loads(out)
    assert s["reliability"] == "B" and s["language"] == "en"
    assert (
        s["sha256"]
        == hashlib.sha256((geneva_dir / "geneva-2026.source.txt").read_bytes()).hexdigest()
    )


def test_example_is_the_geneva_talks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(tmp_path / "r.db")]
    code, out, err = run(["talks", "init", "--example", *db], capsys)
    assert code == 0, err
    code, out, _ = run(["talks", "timeline", "--json", *db], capsys)
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
    code, out, _ = run(["talks", "show", "1", "--json", *db], capsys)
    shown = json.loads(out)
    kinds = {e["kind"] for e in shown["evidence"]}
    assert "reported" in kinds and kinds <= {"stated", "reported", "inferred"}
    code, out, _ = run(["talks", "sources", "--json", *db], capsys)
    (source,) = json.loads(out)
    assert source["title"].startswith("Geneva Peace Talks") and source["language"] == "en"
    # a second --example into the same record is refused, nothing added
    code, _, err = run(["talks", "init", "--example", *db], capsys)
    assert code == 2 and "already holds versions" in err


def test_default_location_and_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCORD_DB", raising=False)
    assert run(["talks", "init"], capsys)[0] == 0
    assert (tmp_path / "accord.db").is_file()  # accord.db in the working folder
    other = tmp_path / "team.db"
    monkeypatch.setenv("ACCORD_DB", str(other))
    code, out, _ = run(["talks", "init", "--example"], capsys)
    assert code == 0 and "team.db" in out
    code, out, _ = run(["talks", "log", "--json"], capsys)
    assert len(json.loads(out)) == 1
    code, out, _ = run(["talks", "log", "--json", "--db", str(tmp_path / "accord.db")], capsys)
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
