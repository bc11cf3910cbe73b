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

import pytest
from hypothesis import settings

from clirun import Cli, run_cli
from profiles import PROFILE

settings.load_profile(PROFILE)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli(argv)``: run ``accord ARGV...`` in this process (:func:`clirun.run_cli`) and
    return ``(exit code, standard output, standard error)``."""
    return lambda argv: run_cli(argv, capsys)
