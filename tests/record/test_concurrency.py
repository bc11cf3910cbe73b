"""Two (or more) analysts committing at once never lose a version: real concurrent
connections, one per thread, against PostgreSQL (and SQLite's file locking)."""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any

import pytest

from accord.errors import StaleParentError
from accord.io import bundled_scenarios
from accord.io.yaml_source import load_document
from accord.record import open_record


def _geneva() -> tuple[dict[str, Any], dict[str, str]]:
    path = bundled_scenarios()["geneva-2026"]
    doc = load_document(path).data
    text = path.with_name("geneva-2026.source.txt").read_text(encoding="utf-8")
    return doc, {"report": text}


def _variant(doc: dict[str, Any], who: int, k: int) -> dict[str, Any]:
    d = copy.deepcopy(doc)
    d["parties"][0]["reservation_value"] = round(0.6 + who * 0.05 + k * 0.001, 6)
    return d


def _first_version(url: str) -> tuple[dict[str, Any], dict[str, str], str]:
    doc, texts = _geneva()
    with open_record(url, create=True) as rec:
        v1 = rec.commit(doc, message="v1", author="setup", source_texts=texts)
    return doc, texts, v1.ref


@pytest.mark.slow
@pytest.mark.parametrize("analysts", [4])
def test_simultaneous_commits_on_one_parent_one_wins(record_url: str, analysts: int) -> None:
    doc, texts, parent = _first_version(record_url)
    barrier = threading.Barrier(analysts)
    results: list[Any] = [None] * analysts

    def analyst(i: int) -> None:
        with open_record(record_url) as rec:  # its own engine and connection
            barrier.wait()
            try:
                results[i] = rec.commit(
                    _variant(doc, i, 0), message=f"analyst {i}", author=f"a{i}",
                    source_texts=texts, parent=parent,
                )  # fmt: skip
            except StaleParentError as exc:
                results[i] = exc

    threads = [threading.Thread(target=analyst, args=(i,)) for i in range(analysts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    wins = [r for r in results if not isinstance(r, StaleParentError)]
    losses = [r for r in results if isinstance(r, StaleParentError)]
    assert len(wins) == 1 and len(losses) == analysts - 1, results
    assert all("Nothing was written" in str(e) or "nothing was written" in str(e) for e in losses)
    with open_record(record_url) as rec:
        log = rec.log()
        assert [v.seq for v in log] == [2, 1]
        assert log[0].message == wins[0].message and log[0].parent == parent


@pytest.mark.slow
def test_two_analysts_retrying_lose_nothing(record_url: str) -> None:
    _, texts, _ = _first_version(record_url)
    per_analyst = 6
    stale: list[int] = [0, 0]
    errors: list[BaseException] = []

    def analyst(i: int) -> None:
        try:
            with open_record(record_url) as rec:
                for k in range(per_analyst):
                    while True:
                        head, current = rec.document("latest")
                        edited = _variant(current, i, k + 1)
                        try:
                            rec.commit(
                                edited, message=f"analyst {i} edit {k}", author=f"a{i}",
                                source_texts=texts, parent=head.ref,
                            )  # fmt: skip
                            break
                        except StaleParentError:
                            stale[i] += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=analyst, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    with open_record(record_url) as rec:
        log = rec.log()
        # every edit of both analysts is there, in one unbroken line of versions
        assert len(log) == 1 + 2 * per_analyst
        assert sorted(v.seq for v in log) == list(range(1, 2 * per_analyst + 2))
        by_seq = {v.seq: v for v in log}
        for seq in range(2, 2 * per_analyst + 2):
            assert by_seq[seq].parent == by_seq[seq - 1].ref
        messages = {v.message for v in log}
        for i in range(2):
            for k in range(per_analyst):
                assert f"analyst {i} edit {k}" in messages


@pytest.mark.slow
def test_failed_commit_in_a_race_leaves_nothing(pg_url: str, tmp_path: Path) -> None:
    """The loser of a race on PostgreSQL leaves no evidence, change or source behind."""
    doc, texts, parent = _first_version(pg_url)
    from sqlalchemy import create_engine, func, select

    from accord.record.db import parse_url
    from accord.record.models import ChangeRow, EvidenceRow, SourceRow, VersionRow

    with open_record(pg_url) as a, open_record(pg_url) as b:
        a.commit(_variant(doc, 1, 0), message="a", author="a", source_texts=texts, parent=parent)
        engine = create_engine(parse_url(pg_url))
        with engine.connect() as conn:
            before = [
                conn.scalar(select(func.count()).select_from(m))
                for m in (SourceRow, EvidenceRow, VersionRow, ChangeRow)
            ]
        other = dict(texts, report=texts["report"] + "\nA late correction.")
        with pytest.raises(StaleParentError):
            b.commit(_variant(doc, 2, 0), message="b", author="b", source_texts=other,
                     parent=parent)  # fmt: skip
        with engine.connect() as conn:
            after = [
                conn.scalar(select(func.count()).select_from(m))
                for m in (SourceRow, EvidenceRow, VersionRow, ChangeRow)
            ]
        engine.dispose()
    assert after == before
