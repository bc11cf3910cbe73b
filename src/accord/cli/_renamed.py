"""Options renamed so that each word has one meaning (docs/deprecations.md).

A *round* is a meeting of the delegations (the calendar's rounds of talks). A step of a
negotiation protocol, one offer and the answers to it, is an *exchange*
(``simulate --exchanges``, ``sweep --exchanges``); an iteration of an actor model is a
*step* (``forecast --steps``). The former names still work until :data:`REMOVED_IN`, hidden
from ``--help``, with a one-line note on standard error.
"""

from __future__ import annotations

import sys
from typing import TypeVar

from accord.errors import ConfigurationError

#: The release that drops the former option names and JSON keys (docs/deprecations.md).
REMOVED_IN = "0.3.0"

_T = TypeVar("_T")


def renamed_option(new_value: _T | None, old_value: _T | None, new: str, old: str) -> _T | None:
    """The value of option ``new``, given either as ``new`` or as its former name ``old``.

    ``old`` prints one line on standard error saying it is deprecated and which option to
    use; both given with different values is a :class:`~accord.errors.ConfigurationError`
    (exit code 2), since either could be the one meant.

    >>> renamed_option(5, None, "--exchanges", "--rounds")
    5
    """
    if old_value is None:
        return new_value
    if new_value is not None and new_value != old_value:
        raise ConfigurationError(
            f"{old} {old_value} and {new} {new_value} disagree: {old} is the former name of "
            f"{new}; give {new} only"
        )
    sys.stderr.write(
        f"note: {old} is deprecated, use {new} (same meaning); {old} goes in accord {REMOVED_IN}\n"
    )
    return old_value
