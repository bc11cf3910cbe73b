"""Every output path is checked before the work and written atomically by one helper
(:mod:`accord.outputs`): a device, a FIFO or a folder is never written over, an existing
file or symbolic link only with ``--force``, a missing folder or an over-long path is one
line and exit code 2, and a failed write leaves what was there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.errors import ConfigurationError
from accord.outputs import atomic_output, check_output, write_output

from .helpers import refused, run

REPORT = Path(__file__).parents[2] / "src/accord/scenarios/geneva-2026.source.txt"

#: Each command that writes a file, with where its path goes (``{}``).
WRITERS = {
    "convert": ["convert", "geneva-2026", "--to", "yaml", "-o", "{}"],
    "copy": ["copy", "-o", "{}"],
    "report": ["report", "geneva-2026", "--no-simulate", "--no-forecast", "-o", "{}"],
    "simulate-out": ["simulate", "--out", "{}"],
    "simulate-plot": ["simulate", "--plot", "{}"],
    "ingest": ["ingest", str(REPORT), "-o", "{}"],
}
SUFFIX = {"simulate-out": ".csv", "simulate-plot": ".png", "report": ".html"}


def argv(name: str, path: Path | str) -> list[str]:
    return [str(path) if a == "{}" else a for a in WRITERS[name]]


def target(tmp_path: Path, name: str) -> Path:
    return tmp_path / f"out{SUFFIX.get(name, '.yaml')}"


# copy and simulate check the file type (its suffix) first: a FIFO named like a file
# reaches them below
@pytest.mark.parametrize("name", ["convert", "report", "ingest"])
def test_dev_full_is_refused_and_kept(capsys: pytest.CaptureFixture[str], name: str) -> None:
    before = Path("/dev/full").stat()
    line = refused([*argv(name, "/dev/full"), "--force"], capsys)
    assert "character device" in line
    after = Path("/dev/full").stat()
    assert (after.st_mode, after.st_rdev) == (before.st_mode, before.st_rdev)


@pytest.mark.parametrize("name", WRITERS)
def test_a_fifo_is_refused_without_blocking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    fifo = target(tmp_path, name)
    os.mkfifo(fifo)
    line = refused([*argv(name, fifo), "--force"], capsys)
    assert "FIFO" in line
    assert fifo.is_fifo()


@pytest.mark.parametrize("name", WRITERS)
def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = tmp_path / "no" / "such" / target(tmp_path, name).name
    if name == "copy":  # copy makes the folder it is asked to write into
        code, _, err = run(argv(name, path), capsys)
        assert code == 0, err
        return
    line = refused(argv(name, path), capsys)
    assert "does not exist" in line


@pytest.mark.slow
@pytest.mark.parametrize("name", WRITERS)
def test_existing_file_and_symlink_need_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = target(tmp_path, name)
    path.write_text("precious")
    line = refused(argv(name, path), capsys)
    assert "--force" in line and path.read_text() == "precious"
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("kept")
    link = tmp_path / ("link" + path.suffix)
    link.symlink_to(elsewhere)
    line = refused(argv(name, link), capsys)
    assert "symbolic link" in line and elsewhere.read_text() == "kept"
    code, _, err = run([*argv(name, path), "--force"], capsys)
    assert code == 0, err
    assert path.read_bytes() != b"precious"
    # no temporary file is left beside it
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("name", ["convert", "report", "ingest"])
def test_a_5000_character_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    line = refused(argv(name, tmp_path / ("a" * 5000 + ".yaml")), capsys)
    assert "4,095 bytes" in line and "a" * 200 not in line


def test_convert_genius_onto_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "x.yaml"
    f.write_text("precious")
    line = refused(["convert", "geneva-2026", "--to", "genius", "--lossy", "-o", str(f)], capsys)
    assert "not a folder" in line and f.read_text() == "precious"


def test_simulate_plot_file_type_checked_before_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(["simulate", "--plot", str(tmp_path / "x.txt")], capsys)
    assert "unknown file type '.txt'" in line and ".png" in line


@pytest.mark.slow
def test_ingest_refuses_to_replace_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The probe saw ``ingest -o`` replace a symlink and /dev/full and exit 0."""
    out = tmp_path / "review.yaml"
    code, _, err = run(["ingest", str(REPORT), "-o", str(out)], capsys)
    assert code == 0, err
    first = out.read_text()
    out.write_text("edited by hand")
    line = refused(["ingest", str(REPORT), "-o", str(out)], capsys)
    assert "--force" in line and out.read_text() == "edited by hand"
    code, _, err = run(["ingest", str(REPORT), "-o", str(out), "--force"], capsys)
    assert code == 0, err
    assert out.read_text() == first


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_ingest_date_at_the_ends_of_the_calendar(
    capsys: pytest.CaptureFixture[str], day: str
) -> None:
    line = refused(["ingest", str(REPORT), "--date", day], capsys)
    assert "give a date from" in line


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("old")
    with pytest.raises(RuntimeError), atomic_output(path) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed mid-way")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    write_output(check_output(path, force=True), "new")
    assert path.read_text() == "new" and oct(path.stat().st_mode & 0o777) != oct(0o600)


def test_check_output_refuses_an_empty_path_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="empty"):
        check_output("")
    with pytest.raises(ConfigurationError, match="a folder"):
        check_output(tmp_path, force=True)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "GENEVA, 9999-12-31 (Reuters) - Russia and Ukraine met. Talks resume in two weeks, "
        "next year. They meet again the day after.",
        "GENEVA, 0001-01-01 (Reuters) - Russia and Ukraine met the day before, last week, "
        "three weeks ago, two years ago.",
        # the round's days reckoned from the report's day, at each end of the calendar
        "GENEVA, 9999-12-31 (Reuters) - The first day of the talks in Geneva has come to an end. "
        "The talks will continue tomorrow. Talks scheduled to last two days have begun.",
        "GENEVA, 0001-01-01 (Reuters) - Talks in Geneva ended after two hours. The second day of "
        "the talks was short. The sides agreed to swap prisoners.",
    ],
)
def test_a_report_dated_at_the_ends_of_the_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    p = tmp_path / "r.txt"
    p.write_text(text + "\n")
    code, _, err = run(["ingest", str(p)], capsys)
    assert code == 0, err
    assert "Traceback" not in err
