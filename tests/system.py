"""Tests that need a system component pip cannot install (Debian's Chromium, a PostgreSQL
server): outside CI they skip with one line saying how to run them; under CI (``CI=true``)
a missing component fails the test, it never skips."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require_component(present: bool, what: str, how: str) -> None:
    """Skip (outside CI) or fail (under CI) when ``what`` is missing; ``how`` says how to get
    it, e.g. ``apt-get install chromium``. Callable at module level (one skip line for the
    whole file) or inside a fixture or test."""
    if present:
        return
    message = f"{what} is missing: {how} to run these tests (CI=true makes this a failure)"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)
