"""A scenario names files only inside its own folder: a source ``file`` that climbs out with
``..``, is absolute or is a symbolic link to elsewhere is refused before anything is read
(analysis and the talks record alike), and a quote that is not found never echoes more of
the source than the scenario itself quotes."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from accord.io.limits import inside_folder
from accord.io.quotes import QuoteNotFound, nearest_passage, shown_passage, verify_quote

from .helpers import BASE, refused

SECRET = "root:x:0:0:secret-password-hash:/root:/bin/bash\n"


def scenario_citing(tmp_path: Path, name: str) -> Path:
    """A scenario two folders down whose source ``s`` is the file ``name``."""
    doc = copy.deepcopy(BASE)
    doc["sources"][0]["file"] = name
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / "s.yaml"
    p.write_text(yaml.safe_dump(doc, sort_keys=False))
    return p


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    p = tmp_path / "secret.txt"
    p.write_text(SECRET)
    return p


@pytest.mark.parametrize("command", ["analyze", "show", "info"])
def test_dotdot_out_of_the_folder_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], secret: Path, command: str
) -> None:
    p = scenario_citing(tmp_path, "../../secret.txt")
    line = refused([command, str(p)], capsys)
    assert "sources[0].file" in line and "outside the scenario's folder" in line
    assert "secret-password" not in line and "root:x" not in line


def test_absolute_path_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], secret: Path
) -> None:
    line = refused(["analyze", str(scenario_citing(tmp_path, str(secret)))], capsys)
    assert "absolute path" in line and "root:x" not in line


def test_symlink_out_of_the_folder_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], secret: Path
) -> None:
    p = scenario_citing(tmp_path, "link.txt")
    (p.parent / "link.txt").symlink_to(secret)
    line = refused(["analyze", str(p)], capsys)
    assert "symbolic links resolved" in line and "root:x" not in line


def test_talks_commit_refuses_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], secret: Path
) -> None:
    pytest.importorskip("sqlalchemy")
    p = scenario_citing(tmp_path, "../../secret.txt")
    db = tmp_path / "t.db"
    line = refused(["talks", "commit", str(p), "--db", f"sqlite:///{db}", "-m", "x"], capsys)
    assert "outside the scenario's folder" in line
    assert not db.exists() or SECRET.encode() not in db.read_bytes()


def test_a_source_below_the_folder_is_still_read(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("x")
    assert inside_folder(tmp_path, "texts/a.txt") == (tmp_path / "texts" / "a.txt").resolve()
    assert inside_folder(tmp_path, "texts/../texts/a.txt").name == "a.txt"
    for bad in ("../a.txt", "texts/../../a.txt", "/etc/passwd", ""):
        with pytest.raises(ValueError):
            inside_folder(tmp_path, bad)


def test_the_nearest_passage_is_no_longer_than_the_quote() -> None:
    source = "x" * 5000 + " tail"
    quote = "xxxxxxxx zz"
    with pytest.raises(QuoteNotFound) as info:
        verify_quote(quote, source)
    assert "nearest passage" in str(info.value)
    assert "x" * 8 in str(info.value) and "x" * (len(quote) + 1) not in str(info.value)
    near = nearest_passage(quote, source)
    assert len(near.text) > len(quote)  # what the message would have echoed
    assert len(shown_passage(near.text, quote)) <= len(quote) + 1  # with the ellipsis


def test_the_quote_error_echoes_no_more_than_the_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(BASE)
    doc["sources"][0]["file"] = "src.txt"
    doc["parties"][0]["red_lines"][0]["evidence"]["quote"] = "ab"
    (tmp_path / "src.txt").write_text("the whole confidential text of the source\n")
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(doc, sort_keys=False))
    line = refused(["analyze", str(p)], capsys)
    assert "nearest passage" in line and "confidential" not in line
