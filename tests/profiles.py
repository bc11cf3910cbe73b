"""Hypothesis profiles of the test suite, chosen by ``HYPOTHESIS_PROFILE`` (tests/conftest.py
loads the one chosen).

- ``ci`` (the default, and what ``.ci/run`` and the README's test command run): every
  property test with its full number of examples, as written in the test;
- ``dev`` (``HYPOTHESIS_PROFILE=dev``, CONTRIBUTING.md's quick loop): at most
  :data:`DEV_EXAMPLES` examples per property test;
- ``thorough``: ten times the examples written, for a hunt before a release.

No profile has a deadline: tests assert results, never time (speed lives in benchmarks/).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILES = ("ci", "dev", "thorough")

#: Examples per property test under the ``dev`` profile.
DEV_EXAMPLES = 10

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or "ci"
if PROFILE not in PROFILES:
    raise ValueError(f"HYPOTHESIS_PROFILE={PROFILE!r}: use one of {', '.join(PROFILES)}")

_SLOW_OK = [HealthCheck.too_slow]
settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile(
    "dev", max_examples=DEV_EXAMPLES, deadline=None, suppress_health_check=_SLOW_OK
)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=_SLOW_OK
)


def examples(n: int) -> int:
    """The examples a property test written for ``n`` runs under the chosen profile: ``n``
    (``ci``), at most :data:`DEV_EXAMPLES` (``dev``), ``10 * n`` (``thorough``)."""
    if PROFILE == "dev":
        return min(n, DEV_EXAMPLES)
    return 10 * n if PROFILE == "thorough" else n
