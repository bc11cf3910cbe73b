"""Quotes checked against their source text.

A quote is verbatim when it appears in the text once whitespace runs are collapsed and
typographic quotation marks, apostrophes and dashes are read as their plain forms (“ ” „ →
", ‘ ’ ‚ → ', – — ‒ ― − ‐ ‑ → -, … → ...). Nothing else is forgiven: case, words and
punctuation must match.

>>> text = "He urged Ukraine to “come to the table, fast”,  setting a June deadline."
>>> m = find_quote('urged Ukraine to "come to the table, fast"', text)
>>> text[m.start:m.end]
'urged Ukraine to “come to the table, fast”'
>>> find_quote("urged Russia to come", text) is None
True
>>> nearest_passage("urged Russia to come", text).text
'urged Ukraine to “come'

:func:`verify_quote` raises :class:`QuoteNotFound` (an :class:`~accord.errors.AccordError`)
naming the quote and the nearest passage of the text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from accord.errors import AccordError

_TRANSLATE = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-",
    "\u2011": "-",
    "\u2026": "...",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where a quote sits in the text: ``text[start:end]`` is the passage as written."""

    start: int
    end: int
    passage: str


@dataclass(frozen=True, slots=True)
class Passage:
    """The passage of a text nearest to a quote, with its similarity (0..1, difflib)."""

    start: int
    end: int
    text: str
    similarity: float


class QuoteNotFound(AccordError):
    """A quote does not appear in its source text."""

    def __init__(self, quote: str, nearest: Passage | None, where: str = "the source") -> None:
        self.quote = quote
        self.nearest = nearest
        msg = f"the quote {quote!r} does not appear in {where}"
        if nearest is not None and nearest.text:
            shown = shown_passage(nearest.text, quote)
            msg += f"; the nearest passage ({nearest.similarity:.0%} alike) is {shown!r}"
        super().__init__(msg)


def shown_passage(passage: str, quote: str) -> str:
    """``passage`` as an error may show it: no longer than ``quote`` (an ellipsis marks a
    cut), so that a message never echoes more of a source than the scenario itself quotes.

    >>> shown_passage("one two three four", "one two")
    'one two…'
    """
    limit = len(quote)
    return passage if len(passage) <= limit else passage[:limit].rstrip() + "…"


def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` in matching form, and for each of its characters the index in ``text``.

    The map has one more entry than the normalized text (the end of ``text``)."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for k, ch in enumerate(text):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                where.append(k)
            in_space = True
            continue
        in_space = False
        rep = _TRANSLATE.get(ch, ch)
        for c in rep:
            out.append(c)
            where.append(k)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    where.append(len(text))
    return "".join(out), where


def _end_index(where: list[int], text: str, n_end: int) -> int:
    """The index in the original text just after normalized character ``n_end - 1``."""
    if n_end <= 0:
        return 0
    return where[n_end - 1] + 1 if n_end - 1 < len(where) - 1 else len(text)


def find_quote(quote: str, text: str) -> QuoteMatch | None:
    """The first place ``quote`` appears in ``text`` (modulo whitespace and typography)."""
    q, _ = normalize(quote)
    if not q:
        return None
    t, where = normalize(text)
    k = t.find(q)
    if k < 0:
        return None
    start = where[k]
    end = _end_index(where, text, k + len(q))
    return QuoteMatch(start, end, text[start:end])


def nearest_passage(quote: str, text: str) -> Passage:
    """The passage of ``text`` most like ``quote``: word windows of about its length,
    scored with :class:`difflib.SequenceMatcher` (best ratio; the earliest on ties)."""
    q, _ = normalize(quote)
    t, where = normalize(text)
    if not q or not t:
        return Passage(0, 0, "", 0.0)
    starts = [0] + [m.end() for m in re.finditer(" ", t)]
    n_words = max(1, q.count(" ") + 1)
    ends_of = [m.start() for m in re.finditer(" ", t)] + [len(t)]
    sm = difflib.SequenceMatcher(autojunk=False)
    sm.set_seq2(q)
    best: tuple[float, int, int] = (-1.0, 0, 0)
    for i, s0 in enumerate(starts):
        for width in {max(1, n_words - 1), n_words, n_words + 1}:
            j = min(i + width - 1, len(ends_of) - 1)
            e0 = ends_of[j]
            sm.set_seq1(t[s0:e0])
            if sm.real_quick_ratio() <= best[0] or sm.quick_ratio() <= best[0]:
                continue
            r = sm.ratio()
            if r > best[0]:
                best = (r, s0, e0)
    ratio, s0, e0 = best
    start = where[s0]
    end = _end_index(where, text, e0)
    return Passage(start, end, text[start:end], round(max(ratio, 0.0), 4))


def verify_quote(quote: str, text: str, where: str = "the source") -> QuoteMatch:
    """The match of ``quote`` in ``text``, or :class:`QuoteNotFound` with the nearest
    passage. ``where`` names the text in the message (e.g. the source file)."""
    m = find_quote(quote, text)
    if m is None:
        raise QuoteNotFound(quote, nearest_passage(quote, text), where)
    return m
