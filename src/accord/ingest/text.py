"""Sentences and clauses with their character offsets; gazetteers of parties and issues."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from accord.model import Scenario

_ABBREV = frozenset(
    "mr mrs ms dr gen adm col lt sgt capt prof st sen rep gov pres amb no vol fig jan feb mar "  # noqa: SIM905
    "apr jun jul aug sep sept oct nov dec inc ltd co corp vs etc e.g i.e u.s u.k u.n "
    "e.u".split()
)
_BOUNDARY = re.compile(
    r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n+|"
    # a stop glued to the next sentence by a page's markup ("Directorate.The delegation"):
    # a word in lower case before it, a capitalised word after (not "U.S.", not a domain)
    r"(?<=[a-z]{2})[.!?](?=[A-Z][a-z])"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text: its position among the sentences, its character span
    ``[start, end)`` in the text, and the text itself (trimmed).
    """

    index: int
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences (abbreviations such as "U.S." and "Gen." do not end one)."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] == ".":
            # the word before the stop (a bounded look-back: a long run of abbreviations
            # would otherwise rescan the sentence at each stop)
            word = re.search(r"([\w.]+)$", text[max(start, m.start() - 40) : m.start()])
            if word and (
                word.group(1).lower().rstrip(".") in _ABBREV
                or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word.group(1))
            ):
                continue
        end = m.end() if m.group(0)[0] != "\n" else m.start()
        _add(out, text, start, end)
        start = m.end()
    _add(out, text, start, len(text))
    return out


#: The longest a sentence may be, in characters: a longer run (no stop in 1,000 characters is
#: not prose, e.g. a page's navigation or a hostile text) is cut at spaces into pieces of at
#: most this length, so the work done per sentence, and hence per text, stays linear.
MAX_SENTENCE = 1000


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _add_one(out, text, start, cut)
        start = cut
    _add_one(out, text, start, end)


def _add_one(out: list[Sentence], text: str, start: int, end: int) -> None:
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        s = start + lead
        out.append(Sentence(len(out), s, s + len(seg), seg))


#: Where a sentence splits into clauses that may carry claims of their own.
CLAUSE_BOUNDARY = re.compile(
    r";|:\s|,\s+and\s+|,\s+(?=(?:which|while|but|although|though|whereas|a condition|calling|"
    r"adding|saying|something|an idea|a demand|a proposal)\b)|(?<!\s)\s+but\s+|"
    r"(?<!\s)\s+and\s+(?=(?:has|had|have|is|was|would|will|also|then|asked|called|said|urged|insisted|demanded|offered|proposed|refused|"
    r"rejected|wants|wanted|floated|suggested|accepted|agreed|that)\b)"
)


def clauses(s: Sentence) -> list[tuple[int, int]]:
    """Absolute (start, end) of the clauses of sentence ``s``."""
    bounds = [s.start, *(s.start + m.start() for m in CLAUSE_BOUNDARY.finditer(s.text)), s.end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


@dataclass(frozen=True, slots=True)
class Mention:
    """A party or issue named in a text: the span, the id it refers to, the words as written,
    and whether they are a person's name (a leader or a delegation head).
    """

    start: int
    end: int
    ref: str  # party or issue id
    text: str
    person: bool = False  # a person's name (a leader, a delegation head)


@dataclass
class Gazetteer:
    """Names of the scenario's parties and issues, compiled to patterns."""

    party_names: dict[str, str]
    party_roles: dict[str, str]
    issue_names: dict[str, str]
    persons: dict[str, str]  # full name -> party id
    _party_re: list[tuple[str, re.Pattern[str], frozenset[str]]]
    _issue_re: list[tuple[str, re.Pattern[str]]]

    @classmethod
    def from_scenario(cls, sc: Scenario) -> Gazetteer:
        """The gazetteer of ``sc``: each party by its id, name, aliases and representatives (full
        names and surnames), each issue by its name, aliases and (when readable) its id.
        """
        party_re = []
        persons: dict[str, str] = {}
        for p in sc.parties:
            names = {p.id.replace("_", " "), p.name, *p.aliases}
            people: set[str] = set()
            for r in p.representatives:
                names.add(r.name)
                people.add(r.name)
                parts = r.name.split()
                if len(parts) > 1:
                    names.add(parts[-1])
                    people.add(parts[-1])
            for a in p.aliases:
                if _looks_like_person(a, p.name):
                    people.add(a)
            surnames = {x.split()[-1] for x in people if len(x.split()) > 1}
            people |= {a for a in p.aliases if a in surnames}
            for person in people:
                if len(person.split()) > 1:
                    persons[person] = p.id
            party_re.append((p.id, _names_pattern(names, people), frozenset(people)))
        for rnd in sc.calendar.past if sc.calendar is not None else ():
            # the people the record seats in a side's delegation belong to that side
            for d in rnd.delegations:
                for name in [x.name for x in (d.head, *d.members) if x is not None]:
                    if len(name.split()) > 1:
                        persons.setdefault(name, d.party)
        issue_re = []
        for i in sc.issues:
            names = {i.name, *i.aliases}
            if "_" in i.id or len(i.id) > 4:
                names.add(i.id.replace("_", " "))
            issue_re.append((i.id, _names_pattern(names, plural=True)))
            if any(re.search(r"(?i)\bprisoner|\bPOWs?\b|\bcaptive", n) for n in names):
                issue_re.append((i.id, _PEOPLE_EXCHANGE))
            for n in names:
                loose = _inflected(n)
                if loose is not None:
                    issue_re.append((i.id, loose))
        return cls(
            party_names={p.id: p.name for p in sc.parties},
            party_roles={p.id: str(p.role) for p in sc.parties},
            issue_names={i.id: i.name for i in sc.issues},
            persons=persons,
            _party_re=party_re,
            _issue_re=issue_re,
        )

    def parties(self, text: str, offset: int = 0) -> list[Mention]:
        """The party mentions in ``text`` (spans shifted by ``offset``), longest first where they
        overlap, sorted by position.
        """
        out = []
        for pid, pattern, people in self._party_re:
            whom = self._people_re(pid, people)
            for m in pattern.finditer(text):
                name = m.group(0)
                person = name in people or bool(whom and whom.fullmatch(name))
                out.append(Mention(offset + m.start(), offset + m.end(), pid, name, person))
        return _longest(out)

    def _people_re(self, pid: str, people: frozenset[str]) -> re.Pattern[str] | None:
        """The pattern of a party's people alone (their names in any transliteration)."""
        cache: dict[str, re.Pattern[str] | None] = self.__dict__.setdefault("_people_cache", {})
        if pid not in cache:
            cache[pid] = _names_pattern(set(people), set(people)) if people else None
        return cache[pid]

    def issues(self, text: str, offset: int = 0) -> list[Mention]:
        """The issue mentions in ``text`` (spans shifted by ``offset``), longest first where they
        overlap, sorted by position.
        """
        out = [
            Mention(offset + m.start(), offset + m.end(), iid, m.group(0))
            for iid, pattern in self._issue_re
            for m in pattern.finditer(text)
        ]
        return _longest(out)


#: An exchange whose object is people ("agreed to exchange civilians", "an exchange of the
#: seriously wounded", "exchange thousand-for-thousand") is a prisoner exchange even when no
#: word for prisoners is used; an exchange of views, documents or bodies is not.
_PEOPLE_EXCHANGE = re.compile(
    r"(?i)\b(?:exchang\w*|swap\w*)\b(?:\W+(?!(?:views|documents|memorand\w*|bodies|drafts|"
    r"letters|visions|positions)\b)[\w,-]+){0,5}?\W+(?:personnel|civilians|soldiers|servicemen|"
    r"wounded|captives|detainees|POWs?|fighters|troops|service\s*members|\w+-for-\w+|"
    r"\d[\d,]*\s+for\s+\d[\d,]*|all\s+for\s+all)\b|"
    # "a large POW swap", "prisoner swaps"
    r"\b(?:POWs?|prisoners?|captives?|detainees?)\s+(?:swaps?|exchanges?)\b|"
    # "would release 314 prisoners"
    r"\breleas\w*\s+(?:[\w,-]+\s+){0,3}?(?:prisoners|POWs)\b"
)


def _looks_like_person(alias: str, party_name: str) -> bool:
    words = alias.split()
    return (
        1 <= len(words) <= 3
        and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
        and alias != party_name
        and len(words) >= 2
    )


def _variant(word: str) -> str:
    """A pattern for a surname in its common English transliterations: "Umerov" also as
    "Umierov" and "Umyerov", "Zelensky" as "Zelenskyy" and "Zelenskiy", "Arakhamia" as
    "Arakhamiia" (the BGN/PCGN, Ukrainian national and press spellings of the same letters).
    """
    if len(word) < 5 or not word[:1].isupper() or not word.isalpha():
        return re.escape(word)
    out = []
    for i, ch in enumerate(word):
        if ch == "e" and i > 0 and word[i - 1].lower() not in "aeiouy":
            out.append("[iy]?e")
        elif ch == "y" and i == len(word) - 1:
            out.append("(?:yy|iy|y|i)")
        elif ch == "i" and word[i + 1 : i + 2] == "a":
            out.append("i{1,2}")
        else:
            out.append(re.escape(ch))
    return "".join(out)


#: Words that carry no content in an alias ("exchange of prisoners": exchange, prisoners).
_LIGHT = frozenset(["of", "the", "a", "an", "and", "for", "on", "in", "to", "with", "at", "by"])


def _stem(word: str) -> str:
    """A crude English stem: the word less a plural or verbal ending ("exchanges",
    "exchanged", "exchanging" -> "exchang"; "prisoners" -> "prisoner").
    """
    w = word.lower()
    for end in ("ing", "ed", "es", "e", "s"):
        if w.endswith(end) and len(w) - len(end) >= 4:
            return w[: -len(end)]
    return w


def _inflected(name: str) -> re.Pattern[str] | None:
    """An alias of two content words found inflected and in either order, up to four words
    apart ("prisoner exchange" in "exchanged 1,000 prisoners", "the prisoners they will
    exchange"); None for an alias of one content word.
    """
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in _LIGHT]
    if len(words) != 2 or any(len(w) < 4 for w in words):
        return None
    a, b = (re.escape(_stem(w)) for w in words)
    gap = r"(?:\W+[\w,.-]+){0,4}?\W+"
    return re.compile(rf"(?i)\b(?:{a}\w*{gap}{b}\w*|{b}\w*{gap}{a}\w*)\b")


def _names_pattern(
    names: set[str], people: set[str] | None = None, plural: bool = False
) -> re.Pattern[str]:
    parts = []
    persons = {" ".join(x.split()) for x in people or ()}
    for n in sorted({" ".join(x.split()) for x in names if x.strip()}, key=len, reverse=True):
        if n in persons:
            body = r"\s+".join(_variant(w) for w in n.split())
        else:
            body = r"\s+".join(re.escape(w) for w in n.split())
        if plural and n[-1:].isalpha():
            # plurals: "ceasefires", "exchanges", "territories"
            stem = r"\s+".join(re.escape(w) for w in n.split())
            body = f"(?:{stem}(?:s|es)?" + (f"|{stem[:-1]}ies)" if n.endswith("y") else ")")
        if n == n.lower():
            parts.append(f"(?i:{body})")
        else:
            parts.append(body)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?!\w)")


def _longest(ms: list[Mention]) -> list[Mention]:
    """Drop mentions inside longer ones, then sort by position."""
    ms.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
