"""Finding a quote in a stored source: verbatim modulo whitespace and typographic quotes.

A stand-in until :mod:`accord.io.quotes` is shared; same semantics: runs of whitespace match
any run of whitespace, curly quotes and apostrophes match straight ones; everything else must
be identical. On a miss, the nearest passage of the text is returned for the error message.
"""

from __future__ import annotations

import difflib
import itertools
import re

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
    }
)


def _normalize(text: str) -> tuple[str, list[int]]:
    """The folded text with whitespace runs collapsed, and for each of its characters the
    index of the character in ``text`` it comes from."""
    out: list[str] = []
    index: list[int] = []
    folded = text.translate(_FOLD)
    in_space = False
    for i, ch in enumerate(folded):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                index.append(i)
            in_space = True
            continue
        in_space = False
        out.append(ch)
        index.append(i)
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The ``[start, end)`` span of ``quote`` in ``text``, or None."""
    ntext, index = _normalize(text)
    nquote, _ = _normalize(quote)
    if not nquote:
        return None
    k = ntext.find(nquote)
    if k < 0:
        return None
    return index[k], index[k + len(nquote) - 1] + 1


def nearest_passage(text: str, quote: str) -> str:
    """The sentence (or pair of sentences) of ``text`` most like ``quote``."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?\u201d\"])\s+|\n+", text) if s.strip()]
    if not sentences:
        return ""
    candidates = sentences + [a + " " + b for a, b in itertools.pairwise(sentences)]
    nquote = _normalize(quote)[0].lower()
    best = max(
        candidates,
        key=lambda s: difflib.SequenceMatcher(None, nquote, _normalize(s)[0].lower()).ratio(),
    )
    return best if len(best) <= 400 else best[:397] + "..."
