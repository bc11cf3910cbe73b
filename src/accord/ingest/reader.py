"""Reading a report: plain text, Markdown or a saved HTML page, as one analysable text.

Nothing is fetched and no script runs: HTML is parsed with the standard library's
:class:`html.parser.HTMLParser`, which only tokenises. Character offsets of every proposal
refer to :attr:`Report.text` (for a plain-text file that is the file itself, decoded).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from accord.errors import AccordError

#: Reports above this size are refused (a news report is a few kilobytes).
MAX_REPORT_BYTES = 5 * 1024 * 1024

#: Common English function words: a text in English has many of them.
_ENGLISH = frozenset(
    "the a an and or but of to in on at by for with from as is are was were be been has have "  # noqa: SIM905
    "had it its this that these those which who whom not no he she they we i you his her their "
    "our will would can could should may might after before over under about than then "
    "there".split()
)


class ReportError(AccordError, ValueError):
    """A report cannot be read: binary, empty, too large, not English, or malformed."""


@dataclass(frozen=True, slots=True)
class Report:
    """A report's analysable text and where it came from."""

    text: str
    path: str | None = None
    kind: str = "text"  # text | markdown | html
    title: str | None = None
    published: str | None = None  # ISO date found in the page's metadata, if any
    sha256: str = ""


def read_report(path: str | Path) -> Report:
    """Read ``path`` (``.txt``, ``.md``/``.markdown``, ``.html``/``.htm`` or sniffed)."""
    p = Path(path)
    where = str(p)
    if not p.exists():
        raise ReportError(f"{where}: no such file")
    if not p.is_file():
        raise ReportError(f"{where}: not a regular file")
    size = p.stat().st_size
    if size > MAX_REPORT_BYTES:
        raise ReportError(
            f"{where}: the file is {size / 1024 / 1024:.1f} MB, over the limit of "
            f"{MAX_REPORT_BYTES // (1024 * 1024)} MB for a report"
        )
    with p.open("rb") as fh:
        raw = fh.read(MAX_REPORT_BYTES + 1)
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(f"{where}: the file is over the limit of 5 MB for a report")
    return report_from_bytes(raw, where)


def report_from_bytes(raw: bytes, where: str = "report", kind: str | None = None) -> Report:
    """Decode and extract the text of a report given as bytes (``kind`` sniffed if None)."""
    if not raw.strip():
        raise ReportError(f"{where}: the file is empty")
    if b"\x00" in raw[:65536]:
        raise ReportError(f"{where}: this is a binary file, not a text, Markdown or HTML report")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(
            f"{where}: not UTF-8 text (byte {exc.start}); a binary file, or save the report "
            "as UTF-8"
        ) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise ReportError(f"{where}: this is a binary file, not a text, Markdown or HTML report")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kind = kind or _sniff(where, text)
    title = published = None
    if kind == "html":
        try:
            page = _HTMLText()
            page.feed(_close_or_escape(text))
            page.close()
        except AssertionError:  # html.parser (before 3.13) on a malformed marked section,
            # such as <![oad>: drop each "<![...>" as later Pythons do (a bogus comment)
            page = _HTMLText()
            page.feed(_close_or_escape(re.sub(r"<!\[[^>]*>?", " ", text)))
            page.close()
        text, title, published = page.result()
    elif kind == "markdown":
        text = markdown_text(text)
    if not text.strip():
        raise ReportError(f"{where}: no text found in the file")
    check_english(text, where)
    return Report(
        text=text,
        path=where,
        kind=kind,
        title=title or _first_line(text),
        published=published,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return None


def _sniff(where: str, text: str) -> str:
    low = where.lower()
    if low.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if low.endswith((".md", ".markdown")):
        return "markdown"
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    return "text"


def check_english(text: str, where: str = "report") -> None:
    """Refuse a text that is not in English (by script and by common function words)."""
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        raise ReportError(f"{where}: the file has no words")
    latin = sum(1 for ch in letters if ch < "\u0250")
    if latin < 0.7 * len(letters):
        raise ReportError(
            f"{where}: the text is not in English (mostly non-Latin script); accord ingest "
            "reads English reports only"
        )
    words = re.findall(r"[A-Za-z]+", sample.lower())
    if len(words) < 8:
        return
    share = sum(1 for w in words if w in _ENGLISH) / len(words)
    if share < 0.12:
        raise ReportError(
            f"{where}: the text is not in English ({share:.0%} common English words); "
            "accord ingest reads English reports only"
        )


# -- Markdown ---------------------------------------------------------------------------------
#: Every repetition that could run to the end of the text is bounded (a link's text and target,
#: an emphasis, a code span: at most one line of 2,000 characters), so an unclosed "[", "**"
#: or "`" costs a bounded look-ahead, not a scan to the end: the whole pass stays linear.
_MD_RULES = [
    (re.compile(r"^[ \t]{0,3}(```|~~~).*$", re.M), ""),
    (re.compile(r"!\[([^\]\n]{0,2000})\]\([^)\n]{0,2000}\)"), ""),
    (re.compile(r"\[([^\]\n]{1,2000})\]\([^)\n]{0,2000}\)"), r"\1"),
    (re.compile(r"\[([^\]\n]{1,2000})\]\[[^\]\n]{0,2000}\]"), r"\1"),
    (re.compile(r"^[ \t]{0,3}\[[^\]\n]{1,2000}\]:[ \t]+\S+.*$", re.M), ""),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M), ""),
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),
    (re.compile(r"^[ \t]{0,3}(?:[-*+]|\d+[.)])[ \t]+", re.M), ""),
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),
    (re.compile(r"(\*\*|__)(?=\S)([^\n]{1,2000}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,2000}?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]{1,2000}?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`\n]{1,2000})`"), r"\1"),
    (re.compile(r"<[^<>\n]{1,2000}>"), ""),
]


def markdown_text(text: str) -> str:
    """The prose of a Markdown document: markup removed, words kept as written."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


# -- HTML -------------------------------------------------------------------------------------
_UNCLOSED = re.compile(r"<(?=[A-Za-z/!?])(?=[^<>]*(?:<|$))")


def _close_or_escape(html: str) -> str:
    """``html`` with every "<" that opens a tag never closed before the next "<" written as
    "&lt;" (text, as a browser would show it).

    The standard library's parser looks for the end of an unclosed tag to the end of the
    text, once per "<": thousands of unclosed tags made it quadratic. Each look-ahead here
    stops at the next "<", so the pass is linear; closed tags, comments and scripts are left
    as they are.
    """
    return _UNCLOSED.sub("&lt;", html)


_SKIP = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "nav", "header", "footer", "aside", "form", "button", "select", "textarea", "figure",
    "head",
}  # fmt: skip
_BLOCK = {
    "p", "div", "section", "article", "main", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4",
    "h5", "h6", "tr", "table", "blockquote", "pre", "dd", "dt", "hr", "time",
}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "source", "wbr"}
_BOILER = re.compile(
    r"(comment|share|social|related|promo|advert|cookie|newsletter|subscribe|menu|sidebar|footer|header|breadcrumb)",
    re.I,
)


class _HTMLText(HTMLParser):
    """Main text of a page: the ``<article>`` (or ``<main>``) if any, else the body, without
    navigation, scripts, styles and boilerplate blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.skip_depth = 0
        self.parts: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self.inside: dict[str, int] = {"article": 0, "main": 0}
        self.title: list[str] = []
        self.in_title = False
        self.published: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            prop = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if prop in {"article:published_time", "datepublished", "date", "pubdate",
                        "og:published_time", "dc.date"} and not self.published:  # fmt: skip
                m = re.match(r"\d{4}-\d{2}-\d{2}", a.get("content", ""))
                if m:
                    self.published = m.group(0)
            return
        if tag == "time" and not self.published:
            m = re.match(r"\d{4}-\d{2}-\d{2}", a.get("datetime", ""))
            if m:
                self.published = m.group(0)
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag in _BLOCK:
                self._emit("\n")
            return
        boiler = bool(_BOILER.search(" ".join([a.get("class", ""), a.get("id", "")])))
        skipping = tag in _SKIP or (boiler and tag in {"div", "section", "ul", "aside"})
        if a.get("hidden") is not None or "display:none" in a.get("style", "").replace(" ", ""):
            skipping = True
        self.stack.append((tag, skipping))
        if skipping:
            self.skip_depth += 1
        if tag in self.inside:
            self.inside[tag] += 1
        if tag in _BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID:
            return
        # pop to the matching open tag (tolerates unclosed tags)
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                for t, skipping in self.stack[k:]:
                    if skipping:
                        self.skip_depth -= 1
                    if t in self.inside:
                        self.inside[t] -= 1
                del self.stack[k:]
                break
        if tag in _BLOCK:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip_depth:
            return
        self._emit(re.sub(r"\s+", " ", data))

    def _emit(self, s: str) -> None:
        if self.skip_depth:
            return
        self.parts["body"].append(s)
        if self.inside["article"]:
            self.parts["article"].append(s)
        if self.inside["main"]:
            self.parts["main"].append(s)

    def result(self) -> tuple[str, str | None, str | None]:
        for key in ("article", "main", "body"):
            text = _tidy("".join(self.parts[key]))
            if len(text.split()) >= 30 or (key == "body" and text):
                break
        title = " ".join("".join(self.title).split()) or None
        return text, title, self.published


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
