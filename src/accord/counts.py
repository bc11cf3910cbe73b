"""Counts as people read them, whatever their size.

An outcome space is a product of option counts: 60,000 binary issues make a number of
18,062 digits, which Python refuses to turn into a string past 4,300 digits and no reader
wants to see whole. Messages and tables print :func:`count_text`; JSON keeps the exact
integer (:func:`long_ints` lifts the digit limit while it is written).

>>> count_text(1234567)
'1,234,567'
>>> count_text(2**60_000)
'about 6.3e+18061 (18,062 digits)'
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def count_text(n: int) -> str:
    """``1,234,567``, or ``about 1.2e+18061 (18,062 digits)`` past 15 digits."""
    if n < 10**15:
        return f"{n:,}"
    shift = max(0, n.bit_length() - 53)  # exact in floats: the top 53 bits and a shift
    log = math.log10(n >> shift) + shift * math.log10(2)
    exponent = math.floor(log)
    return f"about {10 ** (log - exponent):.1f}e+{exponent} ({exponent + 1:,} digits)"


@contextmanager
def long_ints() -> Iterator[None]:
    """Within the block, integers of any length convert to text (for writing JSON of an
    exact outcome count); the interpreter's limit, which guards parsing, comes back after."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)
