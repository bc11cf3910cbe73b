"""Delegations in a report: who heads each side, who sits in it, and who is only the
mediator's envoy or a side's spokesperson.

People are found as runs of capitalised words with the titles and offices of
:file:`roles.yaml` taken off ("presidential aide Vladimir Medinsky" is Vladimir Medinsky); a
possessive ("Putin's aide X") names someone else. Each head is found by the construction that
names the role (after Halliday's apposition and relative clauses: "the head of the Russian
delegation, X," / "X, the head of ..." / "X, who heads ..." / "the delegation, headed by X" /
"Russian delegation head X" / "Y is represented by X" / "Y's chief negotiator X" / "X led Y's
team"); members are the people listed after "includes", "accompanied by", "joined by" in a
sentence about a delegation. The side is the one the phrase names, unless the person is known
(the scenario's representatives and aliases, in any common transliteration) to belong to
another: a person never heads a side that is not theirs. Whatever the construction, a
negotiator the scenario places in a side (its representatives and aliases, and the people its
calendar records in a round's delegation) named in a sentence about the round held sits in
that side's delegation (:func:`participants`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from accord.ingest.proposal import Context, Proposal

if TYPE_CHECKING:
    from accord.ingest.text import Sentence


@cache
def roles() -> dict[str, Any]:
    """The gazetteer of roles (``roles.yaml``): title words, leaders, spokespeople."""
    text = resources.files("accord.ingest").joinpath("roles.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["title_set"] = frozenset(
        w.lower() for w in [*str(data["title_words"]).split(), *data.get("leaders", [])]
    )
    return dict(data)


_TOKEN = re.compile(r"[A-Z][A-Za-zÀ-ÿ’'-]*")


@dataclass(frozen=True, slots=True)
class Person:
    """A person named in a sentence: the span (in the sentence) and the name without titles."""

    start: int
    end: int
    name: str


def people_in(
    text: str, known: frozenset[str] | Callable[[str], bool] = frozenset()
) -> list[Person]:
    """The people named in ``text``: runs of capitalised words, titles taken off, split at
    possessives ("Putin's aide X" names X; Putin is only the one X works for). A single word
    is a person only when it is a ``known`` surname.
    """
    titles = roles()["title_set"]
    out: list[Person] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        words = [m for m in run if m.group(0).lower().rstrip(".") not in titles]
        # the name is the last unbroken stretch of non-title words
        while words and run.index(words[0]) != len(run) - len(words):
            words.pop(0)
        single = words[-1].group(0) if words else ""
        is_known = known(single) if callable(known) else single in known
        if words and (len(words) >= 2 or is_known) and len(words) <= 3:
            a, b = words[0].start(), words[-1].end()
            out.append(Person(a, b, text[a:b]))
        run.clear()

    pos = 0
    for m in _TOKEN.finditer(text):
        gap = text[pos : m.start()]
        possessive = bool(re.match(r"[’']s\b", text[m.end() : m.end() + 3])) or m.group(0)[-2:] in {
            "'s",
            "’s",
        }
        if run and (gap.strip() not in {""} or "\n" in gap):
            flush()
        if possessive:
            flush()
            pos = m.end()
            continue
        run.append(m)
        pos = m.end()
    flush()
    return out


_DELEG = r"(?:delegations?|delegates|team|negotiators|negotiating\s+(?:team|group)|working\s+group)"
_HEAD_OF = re.compile(
    rf"\b(?:heads?|(?:co-)?leaders?)\s+of\s+(?:the\s+)?(?P<p>[^,.;]{{0,50}}?)\s*{_DELEG}\b", re.I
)
_REPRESENTED = re.compile(r"\brepresented\s+(?!by\b)(?:the\s+)?(?P<p>(?:[A-Z][\w’'.-]+\s*){1,3})")
_STOP = re.compile(r"(?<![A-Z])\.(?:\s|$)|\b(?:said|told|while|whereas)\b")
_HEAD_AFTER = re.compile(rf"\b{_DELEG}\s+(?:head|leader|chief)\b", re.I)
_LED_BY = re.compile(r"\b(?:led|headed|chaired|represented)\s+by\b", re.I)
_RESPECTIVE = re.compile(
    rf"\b(?:led|headed|lead|head)\s+(?:their|the)\s+respective\s+(?:{_DELEG}|sides)\b", re.I
)
_NEGOTIATOR = re.compile(r"\b(?:chief|top|lead|main)\s+negotiator\b", re.I)
_WHO_HEADS = re.compile(
    rf",?\s+(?:who\s+(?:heads|headed|leads|led)|heading|leading|(?:will|would)\s+lead|"
    rf"led|leads|heads|headed|again\s+led)\s+(?:the\s+|a\s+)?(?P<p>[^,.;]{{0,40}}?)\s*"
    rf"(?:{_DELEG}|side)\b",
    re.I,
)
_MEMBERS = re.compile(
    r"\b(?:includ(?:es|ed|ing|e)|also\s+includ\w+|accompanied\s+by|consists?\s+of|"
    r"consisted\s+of|comprises?|comprised\s+of|(?:is|was)\s+made\s+up\s+of|"
    r"joined\s+(?:on\s+the\s+[\w.]+\s+side\s+)?by|along\s+with|"
    r"alongside|as\s+well\s+as|(?:were|was|are|is|been)\s+named\s+as|are)\b",
    re.I,
)
_SPOKES = re.compile(
    r"\b(?:" + "|".join(r"\s+".join(r.split()) for r in roles()["spokesperson_roles"]) + r")\s+$",
    re.I,
)


def delegations(ctx: Context) -> list[Proposal]:
    """The ``delegation`` proposals: per side, its head (and members), each with the span
    and the construction (rule) that named them.
    """
    known = _known_surnames(ctx)
    heads: dict[str, tuple[str, str, int, int, float]] = {}
    members: dict[str, list[str]] = {}
    prev: Sentence | None = None
    in_list = False
    for s in ctx.sentences:
        found = _heads_in(ctx, s, known, prev)
        entry, line = _list_line(ctx, s, known) if in_list else (False, None)
        if line is not None:
            found.append(line)
        in_list = entry or (s.text.rstrip().endswith(":") and bool(_LIST_INTRO.search(s.text)))
        for name, party, rule, a, b, conf in found:
            if party in heads and heads[party][1] in _WEAK and rule not in _WEAK:
                members.setdefault(party, []).append(heads.pop(party)[0])
            if party not in heads:
                heads[party] = (name, rule, a, b, conf)
            elif _surname(name) not in heads[party][0]:
                members.setdefault(party, []).append(name)
        for party, names, a, b, anchor in _members_in(ctx, s, known, prev):
            for n in names:
                members.setdefault(party, []).append(n)
            if party not in heads and names and anchor is not None:
                # "Rubio was joined on the US side by A and B": the one joined leads them
                name, at = anchor
                heads[party] = (name, "head.joined-by", at, at + len(name), 0.6)
            elif party not in heads and names and re.search(_DELEG, s.text, re.I):
                heads[party] = (names[0], "head.listed-first", a, b, 0.5)
        prev = s
    for party, (name, rule, a, b, conf) in list(heads.items()):
        if rule not in _LISTED:
            continue
        # a list with no head named: the head is the person of the highest office
        best = min([name, *members.get(party, [])], key=lambda n: _rank(ctx, n))
        if _rank(ctx, best) < _rank(ctx, name):
            members.setdefault(party, []).append(name)
            heads[party] = (best, "head.highest-office", a, b, min(conf, 0.6))
    out = []
    for party, (name, rule, a, b, conf) in heads.items():
        if _is_press(ctx, name):
            continue
        mem: list[str] = []
        for n in members.get(party, []):
            if _is_press(ctx, n):
                continue
            if _surname(n) not in name and all(_surname(n) not in x for x in mem):
                mem.append(n)
        data: dict[str, Any] = {"party": party, "head": name, "members": mem}
        if rule == "head.listed-first":
            data["reasoning"] = "the first person listed in the delegation"
        elif rule == "head.highest-office":
            data["reasoning"] = "the person of the highest office listed (roles.yaml, rank)"
        out.append(Proposal("delegation", (a, b), ctx.text[a:b], conf, rule,
                            cue=ctx.text[a:b][:80], data=data))  # fmt: skip
    return out


#: Rules that name a side's people without saying which one heads it.
_LISTED = {
    "head.listed-first",
    "head.envoy",
    "head.represented-by",
    "head.represented",
    "head.attended-by",
    "head.member-of",
    "head.meet",
    "head.named-list",
}
#: Rules that name only a member: a head named by any other rule takes the lead from them.
_WEAK = {"head.listed-first", "head.member-of"}


@cache
def _press_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join(r"\s+".join(r.split()) for r in roles().get("press_roles", []))
    name = r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
    return (
        # "Axios journalist X" (not "speaking to journalists, X said")
        re.compile(rf"\b(?i:{words})\s+{name}"),
        re.compile(rf"{name},\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?(?i:{words})\b"),
    )


def _is_press(ctx: Context, name: str) -> bool:
    """Is a person named as one who reports on the talks ("Axios journalist X", "X, a
    correspondent of ...")? Those sit in no delegation (``roles.yaml``, press_roles). The
    report's press people are found once, in one pass of each pattern."""
    press: set[str] | None = ctx.memo.get("press")
    if press is None:
        press = {m.group(1).split()[-1] for pat in _press_patterns()
                 for m in pat.finditer(ctx.text)}  # fmt: skip
        ctx.memo["press"] = press
    return _surname(name) in press


@cache
def _ranks() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r, re.I) for r in roles().get("rank", []))


def _rank(ctx: Context, name: str) -> int:
    """The rank of a person's office (0 highest; ``len(rank)`` when no office is named): the
    title just before the person's first mention in the report ("Secretary of State Marco
    Rubio"), or just after it ("Rustem Umerov, the defence minister").
    """
    ranks = _ranks()
    at = ctx.text.find(name)
    if at < 0:
        return len(ranks)
    lead = ctx.text[max(0, at - 60) : at]
    lead = re.split(r"[.;]|,\s+(?:and\s+)?(?=[A-Z])", lead)[-1]  # this person's own title
    # an apposition ("X, the defence minister,"), not the next person of a list ("X, Foreign
    # Minister Y")
    tail = re.match(r",\s+(?:the\s+|a\s+|then\s+)?([a-z][^,.;]{0,50})",
                    ctx.text[at + len(name) : at + len(name) + 60])  # fmt: skip
    if re.search(r"\b(?:deputy|vice)\b", lead, re.I):
        return len(ranks) - 1  # "Deputy Foreign Minister": a deputy, whatever the office
    for i, pat in enumerate(ranks):
        if re.search(r"['’]s\s+\w+\s*$", lead) and i == 0:
            continue  # "Putin's aide": the president is whose aide, not this person's office
        if pat.search(lead) or (tail and pat.search(tail.group(1))):
            return i
    return len(ranks)


def _surname(name: str) -> str:
    return name.rsplit(maxsplit=1)[-1] if name.split() else name


def _translit(word: str) -> str:
    """A key under which the common romanisations of a Slavic surname coincide ("Umierov" and
    "Umerov", "Kyslytsia" and "Kyslytsya", "Zelenskiy" and "Zelenskyy"): lower case, the
    letters i, y and j (which the systems render the soft vowels with) dropped, "kh" as "h".
    """
    w = word.lower().replace("kh", "h").replace("’", "").replace("'", "")
    return re.sub(r"[iyjь]", "", w)


def _persons_by_key(ctx: Context) -> dict[str, str]:
    """The scenario's people by the transliteration key of their surname -> their side
    (computed once per report)."""
    cached: dict[str, str] | None = ctx.memo.get("person_keys")
    if cached is None:
        cached = {}
        for full, party in ctx.gaz.persons.items():
            cached.setdefault(_translit(_surname(full)), party)
        ctx.memo["person_keys"] = cached
    return cached


def _known_surnames(ctx: Context) -> Callable[[str], bool]:
    """Is a single word the surname of a person the scenario knows (any transliteration)?"""
    keys = _persons_by_key(ctx)

    def known(word: str) -> bool:
        if _translit(word) in keys:
            return True
        return any(m.person and m.text == word for m in ctx.gaz.parties(word))

    return known


def _party_of_person(ctx: Context, name: str) -> tuple[str | None, bool]:
    """The side a person belongs to by the gazetteer (None if unknown), and whether known; a
    surname is compared in any common transliteration ("Umierov" is "Umerov")."""
    found = [m for m in ctx.gaz.parties(name) if m.person or len(m.text.split()) == 1]
    for m in found:
        if m.text.split()[-1].lower()[:4] == _surname(name).lower()[:4]:
            return m.ref, True
    by_key = _persons_by_key(ctx).get(_translit(_surname(name)))
    if by_key is not None:
        return by_key, True
    return None, False


def _side_of_person(ctx: Context, name: str) -> str | None:
    """A person's side: by the gazetteer, else the side named just before their first mention
    ("US Secretary of State Marco Rubio")."""
    own, known = _party_of_person(ctx, name)
    if known:
        return own
    at = ctx.text.find(name)
    return _side(ctx, max(0, at - 40), at) if at >= 0 else None


def _side(ctx: Context, a: int, b: int) -> str | None:
    """The side a phrase names (its last party mention that is not a person)."""
    ms = [m for m in ctx.parties_in(a, b) if not m.person]
    return ms[-1].ref if ms else None


def _resolve(ctx: Context, name: str, phrase_side: str | None) -> str | None:
    own, known = _party_of_person(ctx, name)
    if known:
        return own  # a person never heads a side that is not theirs
    return phrase_side


def _heads_in(
    ctx: Context, s: Sentence, known: Callable[[str], bool], prev: Sentence | None = None
) -> list[tuple[str, str, str, int, int, float]]:
    text = s.text
    low = text.lower()  # substring guards spare the rarer patterns a scan of every sentence
    ppl = people_in(text, known)
    out: list[tuple[str, str, str, int, int, float]] = []

    def after(pos: int, limit: int = 90) -> Person | None:
        for p in ppl:
            if pos <= p.start <= pos + limit:
                gap = text[pos : p.start]
                if re.search(r"\b(?:said|told|says|and\s+the|who|which)\b|[.;]", gap):
                    return None
                return p
        return None

    def before(pos: int, limit: int = 110) -> Person | None:
        cands = [p for p in ppl if p.end <= pos and pos - p.end <= limit]
        if not cands:
            return None
        p = cands[-1]
        if re.search(r"(?<![A-Z])\.\s|;|\b(?:said|told)\b", text[p.end : pos]):
            return None
        return p

    def add(p: Person | None, side: str | None, rule: str, conf: float) -> None:
        if p is None:
            return
        party = _resolve(ctx, p.name, side)
        if party is None:
            return
        if _SPOKES.search(text[max(0, p.start - 25) : p.start]):
            return
        out.append((p.name, party, rule, s.start + p.start, s.start + p.end, conf))

    for m in _HEAD_OF.finditer(text):
        side = _side(ctx, s.start + m.start(), s.start + m.end())
        nxt = text[m.end() : m.end() + 2]
        p = (
            after(m.end())
            if nxt.startswith(",") or (nxt.startswith(" ") and not before(m.start(), 12))
            else None
        )
        refs = [x.ref for x in ctx.parties_in(s.start + m.start(), s.start + m.end())
                if not x.person]  # fmt: skip
        if p is not None and m.group(0).lower().startswith("heads") and len(refs) > 1:
            # "the heads of the Russian and Ukrainian delegations, A and B,": in order
            pair = _with_coordinated(text, ppl, p)
            if len(pair) == len(refs):
                for q, ref in zip(pair, refs, strict=True):
                    add(q, ref, "head.head-of", 0.85)
                continue
        if p is None:
            p = before(m.start())
            if p is not None and m.group(0).lower().startswith("heads"):
                # "A and B, the heads of the Ukrainian and Russian delegations": in order
                refs = [x.ref for x in ctx.parties_in(s.start + m.start(), s.start + m.end())
                        if not x.person]  # fmt: skip
                pair = [*reversed(_coordinated_before(text, ppl, p)), p]
                if len(pair) == len(refs) > 1:
                    for q, ref in zip(pair, refs, strict=True):
                        add(q, ref, "head.head-of", 0.85)
                    continue
        add(p, side, "head.head-of", 0.85)
    for m in _HEAD_AFTER.finditer(text):
        side = _side(ctx, s.start + max(0, m.start() - 30), s.start + m.start())
        add(after(m.end(), 60), side, "head.delegation-head", 0.85)
    for m in _LED_BY.finditer(text):
        side = _side(ctx, s.start + max(0, m.start() - 60), s.start + m.start())
        if side is None and not re.search(_DELEG, text[max(0, m.start() - 60) : m.start()], re.I):
            # "led by A on the Russian side and B on the Ukrainian side": each by their side
            stop = _STOP.search(text[m.end() :])
            end = m.end() + (stop.start() if stop else len(text))
            for p in [q for q in ppl if m.end() <= q.start < end]:
                sided = _SIDED.match(text[p.end :])
                if sided:
                    at = s.start + p.end + sided.start("p")
                    add(p, _side(ctx, at, at + len(sided.group("p"))), "head.led-by", 0.8)
            continue
        if m.group(0).lower().startswith("represented"):
            # "Russia was represented by A, B and C": a list, its head by office (below)
            stop = _STOP.search(text[m.end() :])
            end = m.end() + (stop.start() if stop else len(text))
            for p in [q for q in ppl if m.end() <= q.start < end]:
                add(p, side, "head.represented-by", 0.7)
            continue
        first = after(m.end(), 80)
        add(first, side, "head.led-by", 0.85)
        # "headed by Foreign Minister A and presidential aide B", "led by A, envoy B and C":
        # the people coordinated with the head in the same clause sit in the same side
        for q in _coordinated(text, ppl, first):
            add(q, side, "head.led-by-also", 0.7)
    for m in _RESPECTIVE.finditer(text):
        # "A and B led their respective delegations": each heads their own side
        for p in [q for q in ppl if q.end <= m.start() and m.start() - q.end <= 120]:
            lead = ctx.parties_in(s.start + max(0, p.start - 25), s.start + p.start)
            add(p, lead[-1].ref if lead and not lead[-1].person else None, "head.respective", 0.8)
    for m in _NEGOTIATOR.finditer(text):
        side = _side(ctx, s.start + max(0, m.start() - 25), s.start + m.start())
        p = after(m.end(), 40) or before(m.start(), 8)
        add(p, side, "head.chief-negotiator", 0.8)
    for m in _WHO_HEADS.finditer(text):
        side = _side(ctx, s.start + m.start(), s.start + m.end())
        add(before(m.start() + 2, 90), side, "head.who-heads", 0.85)
    for m in _FRONTED.finditer(text) if _has(low, "leading", "heading", "representing") else ():
        # "Leading the Russian side was X", "Representing Russia were A and B": the role
        # fronted, the people after the verb
        side = _side(ctx, s.start + m.start(), s.start + m.end())
        first = after(m.end(), 3)
        rule = "head.represented-by" if m.group(0).lower().startswith("repr") else "head.led-by"
        for p in _with_coordinated(text, ppl, first):
            add(p, side, rule, 0.8 if p is first and rule == "head.led-by" else 0.7)
    for m in _SENT.finditer(text) if _has(low, "sent", "dispatch") else ():
        # "Kyiv sent A, B and C to the talks": the sender's people
        side = _side(ctx, s.start + max(0, m.start() - 40), s.start + m.start())
        first = after(m.end(), 40)
        sent = _with_coordinated(text, ppl, first)
        if not sent or not _TO_TALKS.match(text[sent[-1].end :]):
            continue
        for p in sent:
            add(p, side, "head.represented-by", 0.65)
    for m in _REPRESENTED.finditer(text):
        named = ctx.parties_in(s.start + m.start("p"), s.start + m.end("p"))
        side = named[0].ref if named else None
        clause_start = max(text.rfind(",", 0, m.start()), text.rfind(";", 0, m.start()), -1) + 1
        for p in [q for q in ppl if clause_start <= q.start and q.end <= m.start()]:
            add(p, side, "head.represented", 0.7)
    for m in _ATTENDED.finditer(text) if _has(low, "attend", "particip", "part", "present") else ():
        # "the meeting was attended by A, B and C": each in the side named with them, the
        # head of each side by office (below)
        stop = _STOP.search(text[m.end() :])
        end = m.end() + (stop.start() if stop else len(text))
        prev_end = m.end()
        for p in [q for q in ppl if m.end() <= q.start < end]:
            add(p, _side(ctx, s.start + prev_end, s.start + p.start), "head.attended-by", 0.65)
            prev_end = p.end
    for m in _MEMBER_OF.finditer(text) if _has(low, "member", "negotiator", "delegate") else ():
        # "X, a member of the Ukrainian delegation", "Russian negotiator X": a member
        side = _side(ctx, s.start + max(0, m.start() - 25), s.start + m.end())
        near = after(m.end(), 3)
        if m.group("of"):
            # "X, a member of ...", "X, head of the fund and a member of Moscow's team"
            near = before(m.start(), 6) or after(m.end(), 40)
            far = before(m.start(), 90)
            if near is None and far is not None and text[far.end : far.end + 1] == ",":
                near = far
        add(near, side, "head.member-of", 0.55)
    for m in (
        _PART_OF.finditer(text) if _has(low, "part of", "member", " on the", " in the") else ()
    ):
        # "A and B were also part of the team", "Also on the delegation were A and B": members
        # of the side named, else of the previous sentence's delegation
        side = _side(ctx, s.start + m.start(), s.start + m.end())
        if side is None and prev is not None and re.search(_DELEG, prev.text, re.I):
            side = _side(ctx, prev.start, prev.end)
        if m.group("fronted"):
            first = after(m.end(), 3)
            group = _with_coordinated(text, ppl, first)
        else:
            last = [p for p in ppl if p.end <= m.start() and m.start() - p.end <= 12][-1:]
            group = [*reversed(_coordinated_before(text, ppl, last[0])), last[0]] if last else []
        for p in group:
            add(p, side, "head.member-of", 0.55)
    for m in _TAKE_PART.finditer(text) if _has(low, "part", "attend") else ():
        # "A and B would take part", "A attended the talks": the round's people, each in
        # their own side
        subj = _subject_group(text, ppl, m.start(), (";", ". ", '"', ","))
        for p in subj:
            add(p, _side_of_person(ctx, p.name), "head.member-of", 0.55)
    for m in _MEET.finditer(text) if "meet" in low else ():
        # "A and B will meet C", "A will meet his counterpart C": the people on each side of
        # the meeting, when they belong to two different sides, are those sides' delegations
        subj = _subject_group(text, ppl, m.start(), (";", ". ", '"'))
        obj = _with_coordinated(
            text, ppl, next((p for p in ppl if m.end() <= p.start <= m.end() + 60), None)
        )
        sides = {id(p): _side_of_person(ctx, p.name) for p in [*subj, *obj]}
        left = {sides[id(p)] for p in subj} - {None}
        right = {sides[id(p)] for p in obj} - {None}
        if len(left) == 1 and len(right) == 1 and left != right:
            for p in [*subj, *obj]:
                add(p, sides[id(p)], "head.meet", 0.6)
    for m in _DELEG_DASH.finditer(text) if _has(text, "-", "–", "—", ":") else ():
        # "a meeting with the American delegation -- with A and B": the delegation's people
        side = _side(ctx, s.start + max(0, m.start() - 30), s.start + m.start())
        first = after(m.end(), 3)
        for p in _with_coordinated(text, ppl, first):
            add(p, side, "head.named-list", 0.6)
    for m in re.finditer(r"\bheads\s+of\s+(?:the\s+)?delegations\b", text, re.I):
        for p in [q for q in ppl if m.end() <= q.start <= m.end() + 80][:2]:
            add(p, None, "head.heads-of-delegations", 0.8)
    envoy = re.compile(r"\b(?:special\s+)?envoys?\b", re.I)
    if re.search(rf"{_DELEG}|mediat|represent|brokered|\btalks\b|negotiat", text, re.I) and not (
        _WITH_LEADER.search(text)
    ):
        # (the envoys of a meeting with a side's leader are not a round's delegation)
        for m in envoy.finditer(text):
            side = _side(ctx, s.start + max(0, m.start() - 30), s.start + m.start())
            for p in [q for q in ppl if m.end() <= q.start <= m.end() + 45][:2]:
                party = _resolve(ctx, p.name, side)
                if party is not None and ctx.gaz.party_roles.get(party) == "mediator":
                    add(p, side, "head.envoy", 0.6)
    return out


_WITH_LEADER = re.compile(
    r"\b(?:with|between)\s+(?:(?:the\s+)?\w+\s+)?(?:President\s+)?(?:\w+\s+)?(?:"
    + "|".join(re.escape(x) for x in roles().get("leaders", []))
    + r")\b"
)
_TAKE_PART = re.compile(
    r"\b(?:(?:will|would|to|also|did)\s+)?(?:take|took|takes|taking)\s+part\b|"
    r"\b(?:participated|participate|participates|attended|attend|attends)\s+(?:in\s+)?"
    r"(?:the|this|these|today's|Wednesday's|a)\b",
    re.I,
)
_FRONTED = re.compile(
    rf"^\W*(?:(?:Leading|Heading)\s+(?:the\s+)?[^,.;]{{0,40}}?(?:{_DELEG}|side)|"
    r"Representing\s+[^,.;]{0,40}?)(?:\s+(?:at|in|on)\s+[^,.;]{0,60}?)?\s+(?:was|were|is|are|"
    r"will\s+be)\s+",
    re.I,
)
_PART_OF = re.compile(
    rf"\b(?:were|was|are|is)\s+(?:also\s+)?(?:part|members?)\s+of\s+(?:the\s+)?[^,.;]{{0,30}}?"
    rf"{_DELEG}\b|"
    rf"(?P<fronted>^\W*(?:also\s+)?(?:on|in)\s+(?:the\s+)?[^,.;]{{0,30}}?{_DELEG}\s+"
    r"(?:were|was|are|is)\s+(?:also\s+)?)",
    re.I,
)
_SIDED = re.compile(r"\s*,?\s*(?:on|for|from)\s+the\s+(?P<p>[^,.;]{1,25}?)\s+side\b", re.I)
_SENT = re.compile(r"\b(?:sent|dispatched|sends|dispatches)\s+", re.I)
_TO_TALKS = re.compile(
    r"[^.;]{0,8}?\bto\s+(?:the\s+)?(?:talks|negotiations|meeting|round|[A-Z][\w-]+)", re.I
)
_MEET = re.compile(
    r"\b(?:will|would|to|shall|plans?\s+to|is\s+to|are\s+to|set\s+to)\s+meet\s+(?:with\s+)?"
    r"(?:(?:his|her|their)\s+\w+\s+counterparts?,?\s+)?",
    re.I,
)
_DELEG_DASH = re.compile(
    r"\b(?:delegation|negotiators|envoys|team)(?:\s+[a-z]+){0,3}?\s*(?:[-–—]{1,2}|:)\s*"
    r"(?:with\s+|namely\s+)?",
    re.I,
)
_LIST_INTRO = re.compile(
    rf"\b(?:{_DELEG}|meeting|talks|attend\w*|participants|includ\w+|figures|members)\b"
    r"[^.;]{0,60}:\s*$",
    re.I,
)
_LINE_TITLE = re.compile(r"\s*,\s*(?P<title>[^,]{3,90})$")


def _list_line(
    ctx: Context, s: Sentence, known: Callable[[str], bool]
) -> tuple[bool, tuple[str, str, str, int, int, float] | None]:
    """A line of a list laid out as "Name, title" after an introduction ending with a colon
    ("The meeting included:"): whether it is such an entry, and the person with the side their
    title names ("Marco Rubio, US Secretary of State"), else their known side (None for a
    person of no side at the table, such as the host's)."""
    if len(s.text) > 160:
        return False, None
    ppl = people_in(s.text, known)
    for p in reversed(ppl):
        m = _LINE_TITLE.match(s.text[p.end :])
        if m is None:
            continue
        side = _side(ctx, s.start + p.end, s.end)
        own, is_known = _party_of_person(ctx, p.name)
        party = own if is_known else side
        if party is None:
            return True, None
        return True, (p.name, party, "head.attended-by", s.start + p.start, s.start + p.end, 0.6)
    # an entry whose name is no run of capitals ("Faisal bin Farhan, Saudi Foreign Minister")
    return bool(re.search(r"\w\s*,\s*[^,]{3,90}$", s.text)), None


_ATTENDED = re.compile(
    r"\b(?:attended\s+by|(?:the\s+)?participants\s+(?:were|included)|taking\s+part\s+were|"
    r"present\s+were)\s+",
    re.I,
)
_MEMBER_OF = re.compile(
    rf"(?P<of>\b(?:a|one|another)\s+members?\s+of\s+(?:the\s+)?[^,.;]{{0,40}}?{_DELEG}\b)|"
    r"\b(?<!chief )(?<!top )(?<!lead )(?<!main )(?:negotiator|delegate)\s+(?-i:(?=[A-Z]))",
    re.I,
)
_COORD_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:[^,.;]{0,45}?\s)?$")
_NOT_COORD = re.compile(
    r"\b(?:while|whereas|said|says|told|who|which|whom|with|of|for|to|from)\b", re.I
)


def _coordinated(text: str, ppl: list[Person], first: Person | None) -> list[Person]:
    """The people joined to ``first`` by commas and "and" in one list (each with only a
    title between them), in order; the list ends at the first gap that is not a coordination.
    """
    if first is None:
        return []
    out: list[Person] = []
    prev = first
    for q in [p for p in ppl if p.start >= first.end]:
        gap = text[prev.end : q.start]
        if not _COORD_GAP.match(gap) or _NOT_COORD.search(gap):
            break
        out.append(q)
        prev = q
    return out


_ANAPHOR = re.compile(
    r"^\s*(?:(?P<pron>he|she)|it|they|its\s+members|the\s+(?:delegation|team|group)|"
    r"(?:this|that)\s+(?:delegation|team|group))\b(?:\s+(?:will|would|was|is|has|had|have|"
    r"also|further|been|be|are|were)\b)*\s*$",
    re.I,
)
_NEXT_TO = re.compile(
    r"\b(?:sat|seated|sitting|stood|standing)\s+(?:next\s+to|beside|alongside)\s+|"
    r",\s+who\s+(?:arrived|came|travell?ed)\s+with\s+(?:him|her)\b",
    re.I,
)


def _anaphor_side(ctx: Context, lead: str, prev: Sentence | None) -> str | None:
    """The side a list's pronoun subject stands for ("It includes ...", "He will be joined by
    ...", "The delegation is made up of ..."): the side of the previous sentence's delegation
    (its last side named that is not a person), or for "he"/"she" the side of the last person
    it names whose side is known (after the centering of Grosz, Joshi and Weinstein 1995: the
    subject of the next sentence continues the last one's centre)."""
    m = _ANAPHOR.match(lead)
    if m is None or prev is None:
        return None
    if m.group("pron"):
        for p in reversed(people_in(prev.text, _known_surnames(ctx))):
            side = _side_of_person(ctx, p.name)
            if side is not None:
                return side
        return None
    return _side(ctx, prev.start, prev.end)


def _has(text: str, *words: str) -> bool:
    """Does ``text`` contain any of ``words`` (a cheap guard before a rarer pattern)?"""
    return any(w in text for w in words)


def _with_coordinated(text: str, ppl: list[Person], first: Person | None) -> list[Person]:
    """``first`` and the people coordinated after it ("A, B and C"); none without ``first``."""
    return [first, *_coordinated(text, ppl, first)] if first else []


def _subject_group(text: str, ppl: list[Person], at: int, stops: tuple[str, ...]) -> list[Person]:
    """The people of the subject before position ``at`` in its clause (which starts after the
    last of ``stops``): the nearest person and those coordinated before them, nearest first."""
    clause = max(text.rfind(x, 0, at) for x in stops)
    subj = [p for p in ppl if clause < p.start and p.end <= at]
    return subj[-1:] + _coordinated_before(text, ppl, subj[-1]) if subj else []


def _coordinated_before(text: str, ppl: list[Person], last: Person) -> list[Person]:
    """The people joined to ``last`` by commas and "and" before it ("A, B and C will meet"),
    nearest first."""
    out: list[Person] = []
    nxt = last
    for q in reversed([p for p in ppl if p.end <= last.start]):
        gap = text[q.end : nxt.start]
        if not _COORD_GAP.match(gap) or _NOT_COORD.search(gap):
            break
        out.append(q)
        nxt = q
    return out


def _members_in(
    ctx: Context, s: Sentence, known: Callable[[str], bool], prev: Sentence | None = None
) -> list[tuple[str, list[str], int, int, tuple[str, int] | None]]:
    """Per side, the people a sentence lists as members, the span of the list, and the person
    the list is anchored on when the members are told as joining or accompanying them
    ("Rubio was joined by ...": Rubio and where he is named), else ``None``. A list whose
    subject is a pronoun or "the delegation" belongs to the side of the previous sentence
    (``prev``); one who sits next to or arrived with a person is in that person's side."""
    text = s.text
    joined = r"\bjoined\s+(?:on\s+the\s+[\w.]+\s+side\s+)?by\b|\baccompanied\b"
    out: list[tuple[str, list[str], int, int, tuple[str, int] | None]] = []
    guard = _has(text.lower(), "next to", "beside", "alongside", " with ")
    for nt in _NEXT_TO.finditer(text) if guard else ():
        # "A sat next to B", "B, who arrived with him": B sits in A's side
        hosts = people_in(text[: nt.start()], known)
        guest = next(iter(people_in(text[nt.end() : nt.end() + 90], known)), None)
        if nt.group(0).lstrip().startswith(","):
            guest, hosts = (hosts[-1] if hosts else None), hosts[:-1]
        if not hosts or guest is None:
            continue
        side = _side_of_person(ctx, hosts[-1].name)
        own, is_known = _party_of_person(ctx, guest.name)
        if side is not None and (not is_known or own == side):
            at = s.start + text.find(guest.name)
            out.append((side, [guest.name], at, at + len(guest.name), None))
    cue = _MEMBERS.search(text)
    if not re.search(rf"{_DELEG}|{joined}", text, re.I) and not (
        cue and _ANAPHOR.match(text[: cue.start()])
    ):
        return out
    for m in re.finditer(r"\baccompanied\s+(?!by\b)", text):
        # "A and B accompanied Rubio": A and B sit in the side of the one they accompany
        host = next((p for p in people_in(text[m.end() :], known)), None)
        if host is None or host.start > 3:
            continue
        side = _side_of_person(ctx, host.name)
        names = [p.name for p in people_in(text[: m.start()], known)
                 if _party_of_person(ctx, p.name)[0] in (None, side)]  # fmt: skip
        if side is not None and names:
            out.append((side, names, s.start, s.start + m.start(), None))
    for m in _MEMBERS.finditer(text):
        if m.group(0).lower() == "are" and not re.search(r"\bjoining\b", text[: m.start()], re.I):
            continue
        lead = text[: m.start()]
        side = _side(ctx, s.start, s.start + m.start())
        lead_people = people_in(lead, known)
        anchor = None
        if side is None and lead_people:
            side, _ = _party_of_person(ctx, lead_people[-1].name)
            if re.match(r"(?i)(?:joined|accompanied)\b", m.group(0)) and re.fullmatch(
                r"\s*(?:was|is|were|are|had\s+been|has\s+been|will\s+be)\s+",
                lead[lead_people[-1].end :],
            ):
                anchor = (lead_people[-1].name, s.start + lead_people[-1].start)
        owner = re.search(rf"([A-Z][\w-]+)['’]s\s+{_DELEG}", lead)
        if side is None and owner:
            side, _ = _party_of_person(ctx, owner.group(1))
        if side is None and not lead_people:
            side = _anaphor_side(ctx, lead, prev)
        if side is None:
            continue
        end = len(text)
        nxt = _STOP.search(text[m.end() :])
        if nxt:
            end = m.end() + nxt.start()
        names = []
        for p in people_in(text[m.end() : end], known):
            own, is_known = _party_of_person(ctx, p.name)
            if is_known and own != side:
                continue
            if _SPOKES.search(text[max(0, m.end() + p.start - 25) : m.end() + p.start]):
                continue
            names.append(p.name)
        if names:
            out.append((side, names, s.start + m.end(), s.start + end, anchor))
    return out


#: A person named as the object of a call or a message, not at the table ("a phone call with
#: X", "wrote to X").
_NOT_AT_TABLE = re.compile(
    r"\b(?:call\w*|phon\w*|spoke|spoken|wrote|letter|message|sanction\w*|rather\s+than|"
    r"instead\s+of|without|not|absent)\s+(?:[\w’'-]+\s+){0,4}$",
    re.I,
)
#: A person told as absent ("X was not present", "X did not attend").
_ABSENT_AFTER = re.compile(
    r"\s+(?:was|were|is|are|has|had|did|will|would)\s+(?:not|never|absent)\b|\s+(?:didn['’]t|"
    r"wasn['’]t|won['’]t|stayed\s+away|skipped)\b",
    re.I,
)
#: A sentence about a call or a conversation at a distance: its people were not at the table.
_AT_A_DISTANCE = re.compile(r"\b(?:tele)?phone\b|\bconversation\b|\bvideo\s+link\b", re.I)


def participants(
    ctx: Context, props: list[Proposal], about_round: Callable[[Sentence], bool]
) -> list[Proposal]:
    """Who took part, by who they are: a negotiator the scenario places in a side (its
    representatives and aliases, and the people its calendar records in a round's
    delegation) named in a sentence about the report's round (``about_round``) sits in that
    side's delegation, whatever the construction ("Participants include ...", "X and Y held
    talks", "X was present", "X said after the talks"). They join the side's proposal as
    members; a side with no head named gets a proposal of its own, headed by the first of
    them (rule ``head.participant``, low confidence: the report does not say who leads).
    Leaders (``roles.yaml``), spokespeople, the press, people told absent and people named
    only as whom a call or a sanction was about are left out.
    """
    known = _known_surnames(ctx)
    leaders = {x.lower() for x in roles().get("leaders", [])}
    by_party = {str(p.data["party"]): p for p in props if p.kind == "delegation"}
    named: dict[str, list[tuple[str, int, int]]] = {}
    for s in ctx.sentences:
        if not about_round(s) or _AT_A_DISTANCE.search(s.text):
            continue
        for p in people_in(s.text, known):
            party, is_known = _party_of_person(ctx, p.name)
            if not is_known or party is None or len(p.name.split()) > 3:
                continue
            if _surname(p.name).lower() in leaders or p.name in ctx.gaz.party_names.values():
                continue
            if _is_press(ctx, p.name):
                continue
            lead = s.text[max(0, p.start - 40) : p.start]
            if (
                _SPOKES.search(s.text[max(0, p.start - 25) : p.start])
                or _NOT_AT_TABLE.search(lead)
                or _ABSENT_AFTER.match(s.text, p.end)
            ):
                continue
            named.setdefault(party, []).append((p.name, s.start + p.start, s.start + p.end))
    out = list(props)
    for party, names in named.items():
        prop = by_party.get(party)
        if prop is None:
            name, a, b = names[0]
            prop = Proposal("delegation", (a, b), ctx.text[a:b], 0.4, "head.participant",
                            cue=ctx.text[a:b][:80],
                            data={"party": party, "head": name, "members": [],
                                  "reasoning": "named taking part in the round; the report "
                                               "does not say who leads the side"})  # fmt: skip
            out.append(prop)
        have = [str(prop.data.get("head") or ""), *prop.data.get("members", [])]
        for name, _, _ in names:
            key = _translit(_surname(name))
            if all(_translit(_surname(x)) != key for x in have if x):
                prop.data["members"] = [*prop.data.get("members", []), name]
                have.append(name)
    return out
