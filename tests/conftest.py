"""Fixtures and settings shared by the whole test suite.

- ``cli``: runs the ``accord`` command in this process (as the console script does) and
  returns ``(exit code, standard output, standard error)``.
- Hypothesis profiles (tests/profiles.py): ``ci``, the default, runs every property test
  in full; ``HYPOTHESIS_PROFILE=dev`` runs at most a few examples each (the quick loop of
  CONTRIBUTING.md), ``HYPOTHESIS_PROFILE=thorough`` ten times as many.
- The ``slow`` marker: CONTRIBUTING.md's development loop leaves those tests out
  (``pytest -m "not slow"``); the README's test command runs them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import settings

from profiles import PROFILE

settings.load_profile(PROFILE)

#: ``cli(argv)`` -> ``(exit code, standard output, standard error)``.
Cli = Callable[[list[str]], tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``accord ARGV...`` in this process through its entry point
    (:func:`accord.cli.main.main`, which always exits) and return the exit code and what
    it printed."""
    from accord.cli.main import main

    def run(argv: list[str]) -> tuple[int, str, str]:
        capsys.readouterr()  # what the test printed before is not the command's
        with pytest.raises(SystemExit) as info:
            main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return int(info.value.code or 0), out, err

    return run
