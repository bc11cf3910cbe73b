"""The one way the tests run the ``accord`` command in-process: :func:`run_cli`, behind the
``cli`` fixture of tests/conftest.py (and the hostile-input helpers)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

#: ``cli(argv)`` -> ``(exit code, standard output, standard error)``.
Cli = Callable[[list[str]], tuple[int, str, str]]


def run_cli(argv: Sequence[object], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``accord ARGV...`` through its entry point (:func:`accord.cli.main.main`, which
    always exits) and return the exit code and what it printed; what the test printed
    before is not counted as the command's."""
    from accord.cli.main import main

    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err
