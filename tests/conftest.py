"""Fixtures and settings shared by the whole test suite.

- ``cli``: runs the ``accord`` command in this process (as the console script does) and
  returns ``(exit code, standard output, standard error)``.
- Hypothesis profiles (tests/profiles.py): ``ci``, the default, runs every property test
  in full; ``HYPOTHESIS_PROFILE=dev`` runs at most a few examples each (the quick loop of
  CONTRIBUTING.md), ``HYPOTHESIS_PROFILE=thorough`` ten times as many.
- The ``slow`` marker: CONTRIBUTING.md's development loop leaves those tests out
  (``pytest -m "not slow"``, under a minute); the README's test command runs them. A test
  that starts a program (the ``accord`` command as a user runs it, Chromium, a probe in a
  fresh interpreter) must carry it: unmarked, it fails saying so
  (:func:`_processes_are_slow`). The PostgreSQL runs of the talks record are marked by their
  fixture (tests/record/conftest.py).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

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


@pytest.fixture(autouse=True)
def _processes_are_slow(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test not marked ``slow`` that starts a program (``subprocess``): a Python
    start-up alone takes most of a second, so such a test belongs to the full suite, not to
    the quick loop. (Worker pools a fixture starts once, as the dashboard's, are not
    programs started per test and are left alone.)"""
    if request.node.get_closest_marker("slow") is not None:
        yield
        return

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(
            f"{request.node.nodeid} starts a program: mark it @pytest.mark.slow "
            "(CONTRIBUTING.md, the development loop)",
            pytrace=False,
        )

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(subprocess, "Popen", refuse)
        yield
