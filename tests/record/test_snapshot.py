"""The analysis snapshot is one typed value end to end: written and read through one schema
(``accord.snapshot/2``), with the typed ZOPA inside; snapshots an earlier accord stored
(``accord.snapshot/1``, a real row in ``tests/data/record``) still read, in SQLite and
PostgreSQL; a damaged or unknown stored snapshot is one error line naming the record and the
version, never a traceback."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, update

from accord.analysis import analyze
from accord.analysis.result import Zopa
from accord.cli.main import main
from accord.compare import summary_of
from accord.errors import RecordError
from accord.io import load_scenario
from accord.io.snapshot import (
    SCHEMA,
    Package,
    RequirementKey,
    Snapshot,
    SnapshotPartial,
    SnapshotRelaxation,
    SweepFigures,
    read_snapshot,
    snapshot_document,
)
from accord.record import open_record
from accord.record.db import parse_url
from accord.record.models import SnapshotRow
from datapaths import DATA

V1 = DATA / "record" / "snapshot-v1-swept.json"

#: The keys ``accord compare --json`` printed for a snapshot before it was typed, in order.
LEGACY_KEYS = [
    "scenario",
    "n_outcomes",
    "zopa_size",
    "has_zopa",
    "bargaining_parties",
    "conflicts",
    "relaxations",
    "partial_agreements",
    "nash",
    "deadline",
]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def _store_data(url: str, data: str) -> None:
    """Overwrite version 1's stored snapshot document, as another program would."""
    engine = create_engine(parse_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(update(SnapshotRow).where(SnapshotRow.version_id == 1).values(data=data))
    finally:
        engine.dispose()


@pytest.fixture
def committed(record_url: str, geneva_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A record holding the Geneva scenario as version 1 (with its analysis snapshot)."""
    assert run(["talks", "init", "--db", record_url], capsys)[0] == 0
    code, _, err = run(
        [
            "talks",
            "commit",
            str(geneva_dir / "geneva-2026.yaml"),
            "-m",
            "Geneva",
            "--db",
            record_url,
        ],
        capsys,
    )
    assert code == 0, err
    return record_url


def test_the_snapshot_is_typed_with_the_analysis_zopa() -> None:
    sc = load_scenario("geneva-2026")
    a = analyze(sc, top=1)
    snap = summary_of(sc, a)
    assert isinstance(snap.zopa, Zopa) and snap.zopa == a.zopa
    assert snap.zopa_size == a.zopa.size and snap.has_zopa is (a.zopa.exists is True)
    assert {(r.party, r.red_line) for c in snap.conflicts for r in c} == {
        (r.party, r.red_line) for c in a.deadlock.conflicts for r in c
    }
    # the JSON compare and talks print keeps its keys and their order
    assert list(snap.to_dict()) == LEGACY_KEYS
    stored = snapshot_document(snap)
    assert stored["schema"] == SCHEMA and stored["zopa"] == a.zopa.to_dict()
    assert read_snapshot(json.loads(json.dumps(stored)), "test") == snap


@pytest.mark.slow
def test_a_snapshot_stored_by_the_previous_version_still_reads(
    committed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    v1 = json.loads(V1.read_text(encoding="utf-8"))
    assert "schema" not in v1 and "has_zopa" in v1  # the form before accord.snapshot/2
    _store_data(committed, json.dumps(v1))
    with open_record(committed) as rec:
        snap = rec.show("1").snapshot
    assert isinstance(snap, Snapshot)
    assert snap.zopa == Zopa(exists=False, size=v1["zopa_size"])
    assert snap.sweep is not None and snap.sweep.runs == v1["sweep_runs"] == 60
    assert snap.p_full == v1["p_full"] and snap.sweep.protocol == v1["sweep_protocol"]
    assert snap.sweep.by_date is not None and len(snap.sweep.by_date) == 2
    assert (
        snap.nash is None and [[r.to_dict() for r in c] for c in snap.conflicts] == v1["conflicts"]
    )
    # printed as before: the same keys and values (computed_at comes from its column)
    code, out, err = run(["talks", "show", "1", "--json", "--db", committed], capsys)
    assert code == 0, err
    shown = json.loads(out)["snapshot"]
    shown.pop("computed_at")
    v1.pop("computed_at")
    assert shown == v1
    code, out, err = run(["compare", "@1", "geneva-2026", "--json", "--db", committed], capsys)
    assert code == 0, err
    before = json.loads(out)["analysis"]["p_agreement"]["before"]
    assert before["p_full"] == v1["p_full"] and before["sweep_runs"] == 60
    # stored again, it is written in the current form and reads back the same
    with open_record(committed) as rec:
        rec.set_snapshot("1", snap)
        again = rec.show("1").snapshot
    assert again is not None and again.computed_at != snap.computed_at
    assert again == Snapshot(**{**_fields(snap), "computed_at": again.computed_at})


def _fields(s: Snapshot) -> dict[str, Any]:
    return {name: getattr(s, name) for name in Snapshot.__dataclass_fields__}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "a list, not an object"),
        ('{"schema": "accord.snapshot/9"}', "unknown to this accord"),
        ('{"zopa_size": "many", "has_zopa": true}', "damaged at zopa.size"),
        ('{"schema": "accord.snapshot/2", "zopa": {"size": 3, "exists": false}}', "at zopa"),
        ('{"schema": "accord.snapshot/2", "colour": "red"}', "at colour"),
        ('{"scenario": "x", "extra_key": 1}', "unknown key(s) extra_key"),
    ],
)
def test_a_damaged_stored_snapshot_is_one_line_naming_record_and_version(
    committed: str, capsys: pytest.CaptureFixture[str], data: str, says: str
) -> None:
    _store_data(committed, data)
    for argv in (["talks", "show", "1"], ["compare", "@1", "geneva-2026"]):
        code, _, err = run([*argv, "--db", committed], capsys)
        assert code == 2 and "Traceback" not in err
        lines = [x for x in err.splitlines() if x.strip() and not x.startswith("warning:")]
        assert len(lines) == 1, err
        assert "version 1 of geneva-2026" in lines[0] and says in lines[0], lines[0]
    with open_record(committed) as rec, pytest.raises(RecordError, match="version 1 of"):
        rec.version("1")


_text = st.text(min_size=1, max_size=8)
_num = st.floats(allow_nan=False, allow_infinity=False, width=64)
_option = st.one_of(_text, st.integers(-(10**6), 10**6), _num)
_key = st.builds(RequirementKey, _text, _text)
_zopa = st.one_of(
    st.none(),
    st.integers(0, 10**9).map(lambda n: Zopa(exists=n > 0, size=n)),
    st.sampled_from([Zopa(exists=True), Zopa(exists=False), Zopa(exists=None)]),
)
_pair = st.tuples(_num, _num)
_snapshots = st.builds(
    Snapshot,
    scenario=st.one_of(st.none(), _text),
    n_outcomes=st.one_of(st.none(), st.integers(0, 10**12)),
    zopa=_zopa,
    bargaining_parties=st.lists(_text, max_size=3).map(tuple),
    conflicts=st.lists(st.lists(_key, max_size=3).map(tuple), max_size=3).map(tuple),
    relaxations=st.lists(
        st.builds(
            SnapshotRelaxation,
            changes=st.lists(_key, max_size=3).map(tuple),
            zopa_size=st.one_of(st.none(), st.integers(0, 10**6)),
            package=st.dictionaries(_text, _option, max_size=3),
            utilities=st.dictionaries(_text, _num, max_size=3),
        ),
        max_size=2,
    ).map(tuple),
    partial_agreements=st.lists(
        st.builds(
            SnapshotPartial,
            issues=st.lists(_text, max_size=3).map(tuple),
            zopa_size=st.integers(0, 10**6),
            maximal=st.booleans(),
        ),
        max_size=2,
    ).map(tuple),
    nash=st.one_of(
        st.none(),
        st.builds(
            Package,
            st.dictionaries(_text, _option, max_size=3),
            st.dictionaries(_text, _num, max_size=3),
        ),
    ),
    deadline=st.one_of(st.none(), st.dates().map(str)),
    error=st.one_of(st.none(), _text),
    sweep=st.one_of(
        st.none(),
        st.builds(
            SweepFigures,
            p_full=st.one_of(st.none(), _num),
            p_partial=st.one_of(st.none(), _num),
            runs=st.one_of(st.none(), st.integers(1, 10**7)),
            p_zopa=st.one_of(st.none(), _num),
            ci95_full=st.one_of(st.none(), _pair),
            ci95_partial=st.one_of(st.none(), _pair),
            by_date=st.one_of(
                st.none(),
                st.lists(st.fixed_dictionaries({"date": _text, "p_full": _num}), max_size=2).map(
                    tuple
                ),
            ),
            seed=st.one_of(st.none(), st.integers(0, 2**63)),
            protocol=st.one_of(st.none(), _text),
        ),
    ),
    computed_at=st.none(),
)


@pytest.mark.slow
@given(_snapshots)
def test_every_snapshot_round_trips_through_its_stored_form(snap: Snapshot) -> None:
    stored = json.loads(json.dumps(snapshot_document(snap), allow_nan=False))
    back = read_snapshot(stored, "a generated snapshot")
    assert back == snap
    # option values keep their JSON type (an integer option is not read back as a float)
    if snap.nash is not None:
        assert back.nash is not None
        assert [type(v) for v in back.nash.package.values()] == [
            type(v) for v in snap.nash.package.values()
        ]
    assert all(math.isfinite(x) for x in (back.p_full, back.p_partial) if x is not None)


@pytest.mark.slow
@pytest.mark.parametrize("part", ["snapshot", "document"])
def test_an_export_with_a_damaged_snapshot_or_document_is_not_imported(
    committed: str, tmp_path: Path, part: str
) -> None:
    buf = io.StringIO()
    with open_record(committed) as rec:
        rec.export(buf)
    lines = []
    for line in buf.getvalue().splitlines():
        row = json.loads(line)
        if row["type"] == "snapshot" and part == "snapshot":
            row["data"] = json.dumps({"schema": "accord.snapshot/2", "zopa": {"size": -1}})
        if row["type"] == "version" and part == "document":
            row["document"] = row["document"][:-40]  # cut short: no longer JSON
        lines.append(json.dumps(row))
    with open_record(str(tmp_path / "new.db"), create=True) as rec:
        with pytest.raises(RecordError, match="nothing was imported") as info:
            rec.import_(lines, "export.jsonl")
        assert ("snapshot of version" if part == "snapshot" else "sha256") in str(info.value)
        assert rec.log() == []
