"""accord.errors: a reader's error re-stated as a foreign-format error keeps where it was."""

from __future__ import annotations

from accord.errors import FormatError, ScenarioError


def test_format_error_of_keeps_message_file_line_and_path() -> None:
    exc = ScenarioError("duplicate key 'a'", file="talks.yml", line=4, path="issues[0]")
    got = FormatError.of(exc)
    assert isinstance(got, FormatError)
    assert (got.message, got.file, got.line, got.path) == (
        "duplicate key 'a'",
        "talks.yml",
        4,
        "issues[0]",
    )
    assert str(got) == str(exc)
    already = FormatError("malformed YAML", file="b.yml")
    assert FormatError.of(already) is already
