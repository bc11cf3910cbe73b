"""The rules that turn a report into proposals.

Every proposal names the rule that produced it (``rule``), the words that fired it
(``cue``), its exact span in the report's text and a confidence in [0, 1]. The rules are
plain, readable patterns over sentences and clauses, with the scenario's parties and issues
as gazetteers (names, aliases, delegation heads); docs/ingest.md lists them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, cast

import yaml

from accord.ingest import people
from accord.ingest.dates import NUMBERS, DateMention, find_dates
from accord.ingest.proposal import Context, Proposal
from accord.ingest.text import Mention, Sentence, clauses
from accord.model.calendar import MEDIATOR_FORMAT_PREFIX, ROUND_FORMATS

CLAIM_TYPES = ("demand", "offer", "red_line", "acceptance", "rejection", "proposal", "agreement")
KINDS = (
    "venue", "dates", "format", "delegation", "duration", "next_round", "postponement",
    "deadline", "claim", "candidate",
)  # fmt: skip


# -- cues -------------------------------------------------------------------------------------
_NEG = r"(?<!\bno )(?<!\bnot )(?<!\bnever )"
_W = r"(?:\w+\s+){0,2}?"
#: What a side can be "ready to" do that is a step towards the other: the verbs of giving and
#: sending (Levin 1993, classes 11 and 13: "present a memorandum", "provide explanations",
#: "transfer the bodies") beside those of negotiating and conceding.
_OBJ = (
    r"(?:discuss|consider|accept|sign|agree|make|give|cede|withdraw|exchange|return|release|"
    r"hand|talk|negotiate|compromise|guarantee|freeze|share|allow|recognise|recognize|host|"
    r"present|provide|submit|transfer|deliver|send|pass\s+on)"
)
#: (claim type, rule name, pattern, base confidence). Earlier patterns win on overlap.
CUES: list[tuple[str, str, re.Pattern[str], float]] = [
    (t, n, re.compile(p, re.I), c)
    for t, n, p, c in [
        # "it now falls on Russia to accept the terms", "it is up to Moscow to agree": a
        # directive of whoever says it, addressed to the side named; the verb after it ("to
        # accept") is what is asked, not done (Searle 1969)
        (
            "demand",
            "demand.falls-on",
            r"\b(?:(?:now\s+)?falls\s+(?:on|to|upon)|(?:is|was|it's)\s+(?:now\s+)?up\s+to|"
            r"onus\s+is\s+(?:now\s+)?on)\s+(?:the\s+)?[\w.’'-]+"
            r"(?:\s+(?!to\b)[\w.’'-]+)?\s+to\s+\w+",
            0.7,
        ),
        # refusing to recognise what others agree (an outcome, not a territory) or to take part
        # is a rejection of it, not a red line of one's own
        (
            "rejection",
            "rejection.not-recognise-outcome",
            r"\b(?:(?:will|would|shall|does|do|did)\s*(?:not|n't)|never|won't|refus\w+\s+to|"
            r"(?:vow|pledg|promis|threat|decid)\w*\s+not\s+to)\s+"
            r"(?:[\w-]+\s+){0,2}?recogni[sz]e\s+(?:any|the|its|their|an?)?\s*"
            r"(?:[\w-]+\s+){0,2}?(?:agreements?|results?|outcomes?|deals?|decisions?|accords?|"
            r"legitimacy)\b",
            0.8,
        ),
        (
            "rejection",
            "rejection.not-take-part",
            r"\b(?:(?:will|would|shall|does|do|did)\s*(?:not|n't)|won't|refus\w+\s+to)\s+"
            r"(?:take\s+part|participate)\s+in\b",
            0.75,
        ),
        (
            "rejection",
            "rejection.criticised-proposal",
            r"\b(?:critici[sz](?:ed|es|ing)|condemn(?:ed|s|ing))\s+(?:[\w'’-]+\s+){0,3}?"
            r"(?:proposals?|plans?|offers?|ideas?|conditions?)\b",
            0.7,
        ),
        ("red_line", "red-line.phrase", r"\bred[- ]lines?\b", 0.9),
        ("red_line", "red-line.off-table", r"\bnot\s+on\s+the\s+table\b", 0.85),
        ("red_line", "red-line.non-negotiable", r"\bnon-?negotiable\b", 0.85),
        # "Ukraine's constitution prohibits territorial concessions": what a side's own law
        # forbids it to give is a red line of that side
        (
            "red_line",
            "red-line.law-forbids",
            r"\b(?:constitution|law|legislation)\s+(?:\w+\s+)?(?:prohibits|forbids|bars|bans|"
            r"does\s+not\s+(?:allow|permit)|rules\s+out)\b",
            0.8,
        ),
        (
            "red_line",
            "red-line.never",
            rf"\b(?:will|would|could|can|shall)?\s*never\s+{_W}(?:accept|agree|give\s+up|cede|recogni[sz]e|sign|allow|surrender|withdraw)\w*",
            0.85,
        ),
        ("red_line", "red-line.no-circumstances", r"\bunder\s+no\s+circumstances\b", 0.85),
        ("red_line", "red-line.out-of-question", r"\bout\s+of\s+the\s+question\b", 0.85),
        (
            "red_line",
            "red-line.will-not-give",
            r"\b(?:will|would|shall)\s*(?:not|n't)\s+(?:give\s+(?:away|up)|cede|surrender|"
            r"recogni[sz]e|hand\s+over|trade\s+away)\b|\bwon't\s+(?:give\s+(?:away|up)|cede)\b",
            0.8,
        ),
        (
            "rejection",
            "rejection.negated-accept",
            r"\b(?:unlikely\s+to|refus\w*\s+to|(?:will|would|could|can|did|does|do)\s*(?:not|n't)|cannot|won't|can't)\s+(?:\w+\s+)?(?:accept|agree\s+to|support|endorse)\b",
            0.8,
        ),
        (
            "rejection",
            "rejection.verb",
            r"\b(?:reject\w*|refus\w+(?!\s+to\s+(?:answer|comment|say|confirm|deny|disclose|"
            r"respond|reply|elaborate|specify|reveal|name|speculate)\b)|dismiss(?:ed|es|ing)?|ruled?\s+out|rules\s+out|turned\s+down|turns?\s+down|unacceptable(?!\s+(?:conditions|demands|terms|proposals?|ideas?|plans?)\b)|oppos(?:ed|es|ing)|brush(?:ed|es|ing)?\s+aside)\b",
            0.8,
        ),
        # expecting another to act is asking it to: "Kyiv expects Moscow to agree to a truce"
        # (before the agreement cues, so the verb asked for is not taken as done)
        (
            "demand",
            "demand.expect-to",
            # (someone expected of another, not "X is expected to travel": no one asked)
            r"\bexpect(?:s|ed|ing)?\s+(?!to\b)(?!(?:the\s+|a\s+|next\s+)?(?:talks|meeting|round|"
            r"negotiations|sides|delegations|parties|results?|decision)\b)"
            r"(?:[\w’'-]+\s+){1,3}?to\s+(?!be\b)\w+",
            0.7,
        ),
        # a condition stated: "its main condition is a pull-out", "made a withdrawal a
        # precondition for any truce", "set the exchange as a condition"
        (
            "demand",
            "demand.condition",
            r"\b(?:pre)?conditions?\s+(?:is|was|remains|are|were)\b|"
            r"\b(?:made|makes|making|set|sets|setting)\s+[^.;]{1,60}?\s+(?:an?\s+|its\s+|their\s+)?"
            r"(?:pre)?condition\b",
            0.7,
        ),
        # accepting only on a condition is demanding the condition: "would accept a truce only
        # if Kyiv withdraws", "will only sign once the troops leave"
        (
            "demand",
            "demand.only-if",
            r"\b(?:would|will)\s+only\s+(?:consider|accept|agree|sign|meet|discuss)\w*\b"
            r"[^.;]{0,60}?\b(?:once|if|when|after)\b|"
            r"\b(?:would|will)\s+(?:consider|accept|agree|sign|meet|discuss)\w*\b"
            r"[^.;]{0,60}?\bonly\s+(?:once|if|when|after)\b",
            0.65,
        ),
        (
            "agreement",
            "agreement.reached",
            r"\b(?:reached|struck|clinched|concluded|signed)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:agreements?|deals?|accords?)\b",
            0.85,
        ),
        (
            "rejection",
            "rejection.push-back",
            r"\bpush(?:ed|es|ing)?\s+back\s+(?:against|on)\b",
            0.7,
        ),
        (
            "agreement",
            "agreement.passive",
            r"(?<!\bnothing )(?<!\bnot )\b(?:had|has|have)\s+been\s+agreed\b",
            0.75,
        ),
        (
            "agreement",
            "agreement.under-deal",
            r"\bunder\s+the\s+(?:deal|agreement|accord|arrangement|truce)\b",
            0.7,
        ),
        (
            "agreement",
            "agreement.verb",
            r"(?<!\bbe )(?<!\bbeen )(?<!\bwas )(?<!\bwere )(?<!\bnothing )(?<!\bnot )(?<!\bno )"
            r"\bagree(?:d|s)?\s+(?:(?:in\s+principle|broadly|also|(?:on\s+)?(?:Mon|Tues|Wednes|"
            r"Thurs|Fri|Satur|Sun)day|today|yesterday)\s+)?(?:to|on|that)\b",
            0.8,
        ),
        (
            "acceptance",
            "acceptance.verb",
            rf"{_NEG}\b(?:accept(?:ed|s|ing)?|welcom(?:ed|es)|endors(?:ed|es)|embrac(?:ed|es))\b",
            0.75,
        ),
        (
            "offer",
            "offer.verb",
            r"(?<!\bthe )(?<!\bthat )(?<!\bthis )(?<!\ban )\boffer(?:ed|s|ing)?\b"
            r"(?!\s+(?:no|little)\b)",
            0.8,
        ),
        (
            "offer",
            "offer.will-give",
            r"\b(?:will|would)\s+(?:also\s+)?(?:return|hand\s+over|release|transfer)\s+(?:the\s+)?"
            r"(?:[\w,-]+\s+){0,4}?(?:bodies|prisoners|captives|children|civilians|POWs|soldiers|"
            r"detainees|territor\w+)\b",
            0.65,
        ),
        ("offer", "offer.ready", rf"\b(?:ready|willing|prepared|open)\s+to\s+{_OBJ}\w*", 0.7),
        # readiness for a thing rather than for an act: "ready for a ceasefire"
        (
            "offer",
            "offer.ready-for",
            r"\b(?:ready|willing|prepared|open)\s+(?:for|to)\s+(?:an?|the|any)\s+",
            0.65,
        ),
        (
            "offer",
            "offer.pledge",
            r"\b(?:pledg(?:ed|es|ing)|promis(?:ed|es|ing)|committed(?:\s+itself)?)\s+to\b",
            0.7,
        ),
        (
            "proposal",
            "proposal.floated",
            r"\bfloat(?:ed|s|ing)?\s+(?:the\s+)?(?:idea|possibility|plan|proposal)\b",
            0.85,
        ),
        ("proposal", "proposal.noun", r"(?<=\s)proposal\s+(?:to|for)\b", 0.65),
        ("proposal", "proposal.should-be", r"\bthere\s+should\s+be\b", 0.6),
        (
            "proposal",
            "proposal.verb",
            r"\b(?:propos(?:ed|es|ing)|suggest(?:ed|s|ing)|put\s+forward|tabled)\b",
            0.8,
        ),
        (
            "demand",
            "demand.verb",
            r"(?<!\bthe )(?<!\bthis )(?<!\bthat )(?<!\ba )(?<!\bits )\bdemand(?:ed|s|ing)?\b",
            0.85,
        ),
        ("demand", "demand.insist", r"\binsist(?:ed|s|ing|ence)?\s+(?:on|that)\b", 0.85),
        (
            "demand",
            "demand.reiterated",
            r"\b(?:reiterat|repeat|renew|restat)\w*\s+(?:its|their|his|her)\s+demands?\b",
            0.85,
        ),
        (
            "demand",
            "demand.priority",
            r"\b(?:the|our|its|their)\s+(?:top\s+|main\s+|first\s+)?priority\s+(?:is|was|remains)\b",
            0.7,
        ),
        (
            "demand",
            "demand.require-to",
            r"\brequires?\s+(?:[\w-]+\s+){1,3}?to\s+(?!be\b)\w+",
            0.7,
        ),
        # wanting under another verb: "is seeking full control of the region"
        ("demand", "demand.want", r"\b(?:want(?:s|ed)?|(?<!\bto )seek(?:s|ing)?|sought)\b", 0.75),
        # the need a side stresses is its demand: "stressed the need for guarantees"
        (
            "demand",
            "demand.need-for",
            r"\b(?:emphasi[sz]\w*|stress\w*|underlin\w*|underscor\w*|highlight\w*|insist\w*|"
            r"reiterat\w*)\s+(?:the\s+)?(?:need|necessity)\s+(?:for|of|to)\b",
            0.7,
        ),
        (
            "demand",
            "demand.call",
            r"\b(?:call(?:ed|s|ing)?|press(?:ed|es|ing)?|push(?:ed|es|ing)?|asked|asks|asking)\s+for\b|"
            r"\bcall(?:ed|s|ing)?\s+on\b",
            0.75,
        ),
        ("demand", "demand.urge", r"\burg(?:ed|es|ing|e)\b", 0.75),
        # asking under another verb: "requested talks", "expects a memorandum from Russia"
        (
            "demand",
            "demand.request",
            r"(?<!\bthe )(?<!\bthis )(?<!\bthat )(?<!\ba )(?<!\bits )\brequest(?:ed|s|ing)?\b"
            r"(?!\s+(?:of|by|from)\b)|\bexpect(?:s|ed|ing)?\s+(?:[\w-]+\s+){1,5}?from\b",
            0.7,
        ),
        (
            "demand",
            "demand.walk-away",
            r"\b(?:walk\s+away|walk\s+out|quit\s+the\s+talks|pull\s+out\s+of\s+the\s+talks|"
            r"suspend\s+(?:its\s+|their\s+)?participation)\b[^.;]{0,40}?\b(?:if|unless)\b",
            0.7,
        ),
        (
            "demand",
            "demand.require",
            r"\b(?:would|will|must)\s+require\b|\brequires?\s+that\b",
            0.6,
        ),
        (
            "demand",
            "demand.must",
            r"\b(?:must|would\s+have\s+to|will\s+have\s+to|has\s+to|needs?\s+to)\b",
            0.65,
        ),
        (
            "demand",
            "demand.asked-to",
            r"\bask(?:ed|s)?\s+(?:\w+\s+){1,3}to\s+(?:reach|agree|sign|accept|withdraw|return|hand|stop|halt|end)\b",
            0.7,
        ),
    ]
]

_ANAPHOR = re.compile(
    r"\b(?:the\s+(?:area|region|plant|facility|site|station|demand|proposal|idea|plan|issue|"
    r"question|matter|offer|dam|territory|condition)|(?:that|this|such\s+an?)\s+(?:offer|demand|"
    r"proposal|idea|plan|condition)|which|something|do\s+so|"
    r"it(?!\s+(?:said|says|added|stated|noted|became|emerged|is\s+(?:expected|reported|said|"
    r"understood)|was\s+(?:reported|said|announced)|remains)\b))\b",
    re.I,
)
_LEAD_ANAPHOR = re.compile(
    r"^[\s,;:]*(?:and\s+)?an?\s+(?:offer|demand|proposal|idea|plan|condition)\b", re.I
)
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_GROUP = re.compile(
    r"\b(?:both\s+(?:sides|delegations|parties|countries|governments|teams)|both|the\s+(?:two\s+)?"
    r"(?:sides|delegations|parties|negotiators|teams)|negotiators|they)\b",
    re.I,
)
_HEDGE = re.compile(r"\b(?:unlikely|reportedly|may|might|could|possibly|appear\w*|seem\w*)\b", re.I)
_REPORTED_BY = re.compile(
    r"\b(?:according\s+to|people\s+familiar|sources?\s+(?:close|familiar)|officials?\s+said|"
    r"reportedly|it\s+was\s+reported|a\s+source)\b",
    re.I,
)
_SAY = (
    r"(?:said|says|told|added|stated|announced|declared|insisted|replied|noted|warned|confirmed|"
    r"argued|stressed|described|made\s+clear)"
)
_SPEAKER_PATTERNS = [
    re.compile(r"\baccording\s+to\s+((?:[\w’'-]+\s+){0,6}?[\w’'-]+)(?=,|\.|\s+(?:the|a|an|[A-Z]))"),
    re.compile(
        rf"((?:[A-Z][\w’'-]+\s+){{0,3}}[A-Z][\w’'-]+)(?:,[^,]{{1,80}},)?\s+(?:has\s+|had\s+)?(?:\w+ly\s+)?{_SAY}\b"
    ),
    re.compile(rf"\b{_SAY}\s+((?:[A-Z][\w’'-]+\s+){{0,3}}[A-Z][\w’'-]+)"),
    re.compile(
        rf"\b((?:people|sources?|officials?|a\s+source|an\s+official|diplomats?)(?:\s+[\w-]+){{0,4}}?)\s+{_SAY}\b",
        re.I,
    ),
]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink [a, b) past leading connectives/punctuation and trailing spaces/commas."""
    seg = text[a:b]
    m = re.match(r"[\s,;:]*(?:(?:and|but|while|although|though|whereas)\s+)?", seg)
    if m:
        a += m.end()
    while b > a and text[b - 1] in " \t\n,;:":
        b -= 1
    return a, b


# -- claims -----------------------------------------------------------------------------------
def claims(ctx: Context) -> list[Proposal]:
    """The ``claim`` proposals: per clause, a cue of a claim type (:data:`CLAIM_TYPES`; see
    ``docs/ingest.md`` for the cues), the party acting and the issue concerned.

    The actor is the nearest party named before the cue (pronouns and clause subjects carried
    over); when the clause only refers back to an issue ("it", "the area"), the issue is
    taken from the sentence or the previous one, lowering the confidence and marking the
    evidence ``inferred``.
    """
    out: list[Proposal] = []
    last_issues: list[str] = []
    prev_subject: str | None = None
    quote_party: str | None = None  # the speaker of a quotation left open
    for s in ctx.sentences:
        sent_from = len(out)  # the claims of this sentence start here
        sent_issues = [m.ref for m in ctx.issues_in(s.start, s.end)]
        speaker, speaker_party = _speaker(ctx, s)
        reported = bool(_REPORTED_BY.search(s.text))
        hedged_sentence = bool(re.search(r"\breportedly\b", s.text, re.I))
        carry_party: str | None = None
        first_mentions = ctx.parties_in(s.start, s.end)
        if _is_title(s):
            if first_mentions:
                prev_subject = first_mentions[0].ref
            continue
        said = bool(re.search(r"[\"”],?\s+(?:he|she)\s+(?:said|added|told)\b", s.text))
        if said and speaker_party is None:
            speaker_party = prev_subject
        if speaker_party is None and quote_party is not None:
            speaker_party, said = quote_party, True  # a quotation running on from before
        opens = s.text.count('"') % 2 == 1 or s.text.count("“") > s.text.count("”")
        if opens and quote_party is None:
            quote_party = speaker_party or prev_subject
        elif opens:
            quote_party = None
        for a, b in clauses(s):
            seg = ctx.text[a:b]
            taken = bytearray(b - a)  # the characters a cue already claimed (1)
            for ctype, rule, pattern, base in CUES:
                for m in pattern.finditer(seg):
                    cs, ce = a + m.start(), a + m.end()
                    if any(taken[m.start() : m.end()]):
                        continue
                    taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                    if rule in _AFFIRMATIVE and _NEGATED.search(ctx.text[max(a, cs - 30) : cs]):
                        continue  # "did not reject the truce", "failed to agree": not said
                    voiced = said or rule in _NORMATIVE or bool(_WE.search(ctx.text[a:cs]))
                    p = _claim(ctx, s, a, b, cs, ce, ctype, rule, base,
                               carry_party or (speaker_party if voiced else None), prev_subject,
                               sent_issues, last_issues)  # fmt: skip
                    if p is None or _hypothetical(ctx.text[max(a, cs - 200) : cs], rule):
                        continue
                    lead_in, rest = ctx.text[max(a, cs - 60) : cs], ctx.text[ce : min(b, ce + 100)]
                    if ("ccus" in lead_in and _ACCUSED_OF.search(lead_in)) or (
                        _DEPEND_WORDS.search(rest) and _DEPENDS.match(rest)
                    ):
                        continue  # a charge against a side, or a claim on a condition
                    if ctype == "demand" and _WAR_END.match(ctx.text[ce:b]):
                        continue  # "wants the war to end": no position on any issue
                    if not _attribute(ctx, p, a, cs, rule, speaker_party):
                        continue
                    if speaker:
                        p.speaker = speaker
                    if p.evidence != "inferred":
                        same = speaker_party is not None and speaker_party in p.data.get(
                            "parties", [p.data.get("party")]
                        )
                        quoted = bool(re.search(r"[\"“”]", ctx.text[a:b]))
                        p.evidence = "stated" if (same or quoted) and not reported else "reported"
                    if hedged_sentence:
                        p.confidence -= 0.05
                    out.append(p)
                    out.extend(
                        replace(p, data={**p.data, "party": other})
                        for other in p.data.pop("with", [])
                    )
                    if p.data.get("type") in _COORDINATED and p.data.get("issue"):
                        out.extend(_further_objects(ctx, p, ce, b))
            here = ctx.parties_in(a, b)
            if here:
                carry_party = _subject(ctx, here, s)
        if first_mentions:
            prev_subject = first_mentions[0].ref
        mine = [p.data["issue"] for p in out[sent_from:] if p.data.get("issue")]
        if sent_issues or mine:
            # "Kyiv refused to do so": the issue of the last claim comes first
            last_issues = [*mine[-1:], *sent_issues]
    return _dedupe(out)


#: Claim types whose coordinated objects are each claimed ("proposed a ceasefire and a
#: leaders' meeting", "wants Kyiv to withdraw and to stay out of NATO").
_COORDINATED = {"agreement", "proposal", "demand", "offer"}


#: The gap before a coordinated object: "and" or a comma, then at most eight words none of
#: which opens a subordinate phrase ("as a condition for a ceasefire" is no second object).
_COORD_OBJ = re.compile(
    r"(?:\band|,)\s+(?:(?!(?:before|after|until|as|for|if|when|while|so|because|unless|no|"
    r"not|without|but|yet|little|failed)\b)[\w’'-]+\s+){0,8}$",
    re.I,
)
#: An issue's name used as the name of the talks ("the third ceasefire talks"): not what a
#: claim is about.
_NAMES_TALKS = re.compile(
    r"\s+(?:talks|negotiations|round|meetings?|consultations|process|format)\b", re.I
)


def _objects(ctx: Context, a: int, b: int) -> list[Mention]:
    """The issues named between ``a`` and ``b``, leaving out a name that only qualifies the
    talks ("the ceasefire talks")."""
    naming: set[int] | None = ctx.memo.get("talks_named_at")
    if naming is None:  # which issue mentions name the talks, worked out once per report
        naming = {m.end for m in ctx.issues if _NAMES_TALKS.match(ctx.text, m.end)}
        ctx.memo["talks_named_at"] = naming
    found = ctx.issues_in(a, b)
    return [m for m in found if m.end not in naming] if naming else found


_AND_OR_COMMA = re.compile(r"\band\b|,", re.I)


def _further_objects(ctx: Context, p: Proposal, ce: int, b: int) -> list[Proposal]:
    """The same claim for each further object coordinated with its issue ("and", a comma)
    in the rest of the clause: another issue of the scenario, or once a topic of the topics
    gazetteer the scenario has no issue for (the claim then has no issue)."""
    out: list[Proposal] = []
    seen = {p.data["issue"]}
    kind = "agreement" if p.data["type"] == "agreement" else "claim"
    b = min(b, ce + 250)  # the objects of one verb lie near it (and this keeps it linear)
    if not _AND_OR_COMMA.search(ctx.text, ce, b):
        return out
    found = _objects(ctx, ce, b)
    prev_end = ce
    for m2 in found:
        gap, prev_end = ctx.text[prev_end : m2.start], m2.end
        if m2.ref in seen or not _COORD_OBJ.search(gap):
            continue
        seen.add(m2.ref)
        more = replace(p, data={**p.data, "issue": m2.ref})
        more.data["reasoning"] = f"a further object of the same {kind}"
        out.append(more)
    last = found[-1:]
    start = last[0].end if last else ce
    topics = _topic_list(ctx)
    for k in range(bisect.bisect_left(topics, (start,)), len(topics)):
        ta = topics[k][0]
        if ta >= b:
            break
        if _COORD_OBJ.search(ctx.text[start:ta]):
            more = replace(p, data={**p.data, "issue": None})
            more.data["reasoning"] = f"a further object of the same {kind}, not an issue"
            out.append(more)
            break
    return out


#: A negation governing the cue's verb ("did not reject", "is not demanding", "has never
#: proposed", "failed to agree"): the claim is denied, not made.
_NEGATED = re.compile(
    r"\b(?:not|n't|never|no\s+longer|fail(?:ed|s)?\s+to|refus\w*\s+to)\s+(?:(?!only\b)\w+ly\s+)?"
    r"(?:(?:be|been|yet)\s+)?$|n't\s+$|"
    # "no one seeks ...": said of nobody
    r"\b(?:no\s+one|nobody|none)\s+(?:\w+ly\s+)?$",
    re.I,
)
#: What a side is accused of is the accuser's charge, not the side's claim ("accused Russia
#: of seeking to drag out the talks").
_ACCUSED_OF = re.compile(r"\baccus\w*\s+(?:[\w’'-]+\s+){0,4}?of\s+$", re.I)
#: A claim made to depend on something ("accepting this step depends on the other side"):
#: conditional, not made.
_DEPEND_WORDS = re.compile(r"depend|hinge|conditional", re.I)
_DEPENDS = re.compile(
    r"^[^.;]{0,80}?\b(?:depends?|depending|hinges?|conditional)\s+(?:up)?on\b", re.I
)
#: Cues that state something made or done (a negation before them denies it); the negative
#: cues (red lines, "would not accept", "refused to take part") carry their own negation.
_AFFIRMATIVE = {
    "rejection.verb", "agreement.verb", "agreement.reached", "acceptance.verb", "offer.verb",
    "offer.ready", "offer.ready-for", "offer.pledge", "proposal.verb", "proposal.floated",
    "demand.verb", "demand.insist", "demand.call", "demand.urge", "demand.want",
    "demand.request", "demand.need-for", "demand.reiterated",
}  # fmt: skip

_WE = re.compile(r"\b(?:we|our|us)\b", re.I)
_CONDITION = re.compile(
    r"\b(?:if|unless|in\s+case|whether|should\s+it|were\s+it|provided(?:\s+that)?|"
    r"providing\s+that|on\s+(?:the\s+)?condition\s+that|subject\s+to|as\s+long\s+as)\b",
    re.I,
)
#: A demand whose object is the end of the war itself ("wants the war to end", "pushed for an
#: end to the fighting") takes no position on any issue: every side says so.
_WAR_END = re.compile(
    r"\s*(?:for\s+)?(?:(?:an?|the)\s+)?(?:(?:swift|quick|rapid|lasting|peaceful)\s+)?"
    r"(?:end(?:ing)?\s+(?:to|of)\s+the\s+(?:war|conflict|fighting|killing)\b|"
    r"the\s+(?:war|conflict|fighting|killing)\s+to\s+(?:end|stop)\b|peace\b)",
    re.I,
)
_STANCE = re.compile(
    r"\b(?:maintains?|insists?|insisted|argues?|argued|holds?|believes?|says?|said|stresses|"
    r"stressed)\s+(?:that\s+)?",
    re.I,
)
#: Cues whose claim belongs to whoever voices it: "X must ..." said by Y is Y's demand on X.
_NORMATIVE = {"demand.must", "demand.require", "demand.require-to", "demand.priority",
              "proposal.should-be", "demand.falls-on"}  # fmt: skip


#: What follows a cue when the claim names no content: "put forward a number of
#: unacceptable conditions", "made demands that go far beyond ..." (the content, if any, is
#: given by another sentence, which makes its own claim).
_CONTENTLESS = re.compile(
    r"\s*(?:(?:a\s+(?:number|list|series|set)\s+of|several|some|new|other|further|many|its|"
    r"their|his|her|the)\s+)*(?:[\w-]+\s+){0,2}?(?:demands|conditions|terms|requirements|"
    r"ultimatums)\b(?:\s+(?:that|which)\s+(?:are|were|is|was|go|went|seem\w*)\b|\s*[.,;]|\s*$)",
    re.I,
)
_EVALUATED = re.compile(r"\s+(?:that|which)\s+(?:are|were|is|was|go|went|seem\w*)\b|\s*[.,;]|\s*$")


def _hypothetical(prefix: str, rule: str) -> bool:
    """Is the cue inside a condition ("if it rejects the plan") rather than a claim made?"""
    if rule in {"demand.walk-away", "demand.only-if"}:
        return False
    found = list(_CONDITION.finditer(prefix))
    return bool(found) and "," not in prefix[found[-1].end() :]


def _attribute(
    ctx: Context, p: Proposal, a: int, cs: int, rule: str, speaker_party: str | None
) -> bool:
    """Whose claim it is, by attribution: "we" is the speaker's side; a normative cue ("X
    must", "requires X to", "the priority is") belongs to whoever voices it: the subject of
    "Y maintains that ..." in the clause, else the speaker (Searle 1969 on directives: the
    speaker demands, the addressee is the one who must).
    """
    if p.data.get("type") == "agreement":
        return True
    a = max(a, cs - 200)  # attribution is local: a bounded look-back keeps it linear
    prefix = ctx.text[a:cs]
    before = ctx.parties_in(a, cs)
    we = list(re.finditer(r"\b(?:we|our|us)\b", prefix, re.I))
    if we and speaker_party and (not before or a + we[-1].start() > before[-1].end):
        p.data["party"] = speaker_party
        return not _own_task(ctx, p, rule)  # "we need to deal with": the side's own task
    if rule not in _NORMATIVE:
        return True
    voice = None
    for m in _STANCE.finditer(prefix):
        ms = ctx.parties_in(a, a + m.start())
        if ms and a + m.start() - ms[-1].end <= 30:
            voice = ms[-1].ref
    voice = voice or speaker_party
    if voice in (None, p.data.get("party")) and _own_task(ctx, p, rule):
        return False  # "Ukraine needs to engage in ..." said by Ukraine: its own task
    if voice and voice != p.data.get("party"):
        p.data["party"] = voice
        p.data["reasoning"] = "; ".join(
            x for x in (p.data.get("reasoning"), "the claim of the side that voices it") if x
        )
    return True


_RECEIVE = re.compile(r"\s+(?:\w+\s+)?(?:have|get|receive|obtain|see|be\s+given|be\s+guaranteed)\b")


def _own_task(ctx: Context, p: Proposal, rule: str) -> bool:
    """Is "must / needs to" about what the voicing side itself will do ("we need to deal with
    the exchange first")? A task of one's own is no demand on anyone; "we must have
    guarantees" (to have, to get, to receive) still is.
    """
    if rule != "demand.must" or not p.cue or p.cue not in p.quote:
        return False
    cue_start = p.span[0] + p.quote.find(p.cue)
    cue_end = cue_start + len(p.cue)
    # the side is the subject of "must": "we", or the party named just before ("Ukraine, first
    # of all, needs to"); "any meeting must take place in Moscow" is about a meeting
    lead = ctx.text[max(0, cue_start - 40) : cue_start]
    subject = (
        re.search(r"\b(?:we|I)\s+$", lead)
        or (
            (ms := ctx.parties_in(max(0, cue_start - 40), cue_start))
            and len(re.findall(r"\w+", ctx.text[ms[-1].end : cue_start])) <= 3
            and ms[-1].ref == p.data.get("party")
            # "a meeting between Zelensky and Putin would have to": Putin is no subject there
            and not re.search(
                r"\b(?:between|and|with|of|to|by|for|from|in|at|on|or)\s+(?:\w+\s+)?$",
                ctx.text[max(0, ms[-1].start - 30) : ms[-1].start],
            )
        )
    )
    return bool(subject) and not _RECEIVE.match(ctx.text[cue_end : cue_end + 40])


def _is_title(s: Sentence) -> bool:
    """A headline: the report's first line, short, with no final stop."""
    return (
        s.index == 0
        and not s.text.rstrip().endswith((".", "!", "?", '"', "”"))
        and len(s.text.split()) <= 25
    )


def _subject(ctx: Context, mentions: list[Mention], s: Sentence) -> str:
    return mentions[0].ref


def _claim(
    ctx: Context,
    s: Sentence,
    a: int,
    b: int,
    cs: int,
    ce: int,
    ctype: str,
    rule: str,
    base: float,
    carry_party: str | None,
    prev_subject: str | None,
    sent_issues: list[str],
    last_issues: list[str],
) -> Proposal | None:
    conf = base
    inferred = []
    before = list(ctx.parties_in(a, cs))
    # "according to X, ..." names a source, not the actor
    acc = re.search(r"according\s+to\s+[^,]+,", ctx.text[a:cs], re.I)
    if acc:
        before = [m for m in before if m.start >= a + acc.end()]
    party: str | None = None
    parties: list[str] = []
    prefix = ctx.text[a:cs]
    pron = list(_PRONOUN.finditer(prefix))
    if re.search(r"\byou\s+(?:\w+\s+)?$", prefix[-40:], re.I) and not _quoted(ctx.text, cs):
        return None  # "you agree to our use of cookies": the page addressing its reader
    # "Russia, which occupies a fifth of Ukraine, is seeking ...": the parties named inside a
    # relative clause set off by commas are not the subject of the verb after it
    near = max(a, cs - 200)  # a bounded look-back keeps it linear
    for rel in re.finditer(r",\s+(?:which|who)\b[^,;]{0,120},", ctx.text[near:cs]):
        before = [m for m in before if not (near + rel.start() <= m.start < near + rel.end())]
    if before:
        party = before[-1].ref
        # "A and B agreed", "A, B, and C agreed": the coordinated subjects act together
        k = len(before) - 1
        while k > 0 and re.fullmatch(
            r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?",
            ctx.text[before[k - 1].end : before[k].start],
        ):
            k -= 1
        if k < len(before) - 1:
            parties = list(dict.fromkeys(m.ref for m in before[k:]))
        if prefix.rstrip().endswith(",") and re.match(r"\w+ing\b", ctx.text[cs:ce]):
            # "..., seeking support from allies": a free adjunct shares the main clause's
            # subject, not the nearest party named
            party = _subject(ctx, [m for m in before if m.start >= s.start], s)
            parties = []
        elif pron and a + pron[-1].start() > before[-1].end:
            # "Zelensky ..., and ... he said": the pronoun is the nearer subject
            party = _pronoun_party(ctx, s, a + pron[-1].start(), prev_subject) or party
        elif (
            len(before) >= 2
            and not parties
            and re.search(r"\band\s+(?:also\s+|still\s+|now\s+)?$", prefix)
            and re.fullmatch(r"\W*(?:\w+\W+){0,3}?", ctx.text[a : before[0].start])
        ):
            # "Russia occupies a fifth of Ukrainian territory and demands ...": a verb joined
            # to the clause's first verb shares its subject, not the nearest party named
            party = before[0].ref
    elif pron:
        party = _pronoun_party(ctx, s, a + pron[-1].start(), prev_subject)
        inferred.append("the actor is a pronoun resolved to the last person named")
        conf -= 0.1
    groups = list(_GROUP.finditer(prefix))
    group = groups[-1] if groups else None
    if group is not None and before and a + group.start() < before[-1].end:
        group = None  # "the sides ... Ukraine agreed": the party is the nearer subject
    if ctype == "agreement" and rule == "agreement.under-deal":
        party, parties = None, []
    if ctype in {"agreement", "acceptance"} and "agree" in rule:
        if parties or group or _RECIPROCAL.match(ctx.text[ce:b]):
            ctype = "agreement"
        elif party is not None:
            ctype = "acceptance"
        else:
            ctype = "agreement"
    if party is None and ctype != "agreement":
        if carry_party is not None:
            party = carry_party
            inferred.append("the actor is the subject of the sentence's earlier clause")
            conf -= 0.05
        else:
            mediators = [p for p, r in ctx.gaz.party_roles.items() if r == "mediator"]
            if (
                re.search(r"\b(?:mediators?|envoys?|hosts?)\b", prefix, re.I)
                and len(mediators) == 1
            ):
                party = mediators[0]
                inferred.append("'the mediators' is the scenario's only mediator")
                conf -= 0.1
            else:
                return None
    if ctype == "agreement" and rule == "agreement.verb" and not parties and party is not None \
            and not group and not _RECIPROCAL.match(ctx.text[ce:b]):  # fmt: skip
        ctype = "acceptance"  # (agreeing to swap or meet takes two: still an agreement)
    if ctype == "agreement" and group is not None and not parties:
        party = None
    # the issue: named in the clause (after the cue first), else an anaphor's antecedent
    after = _objects(ctx, cs, b)  # an issue inside the cue too ("expects a ceasefire from")
    if rule == "demand.only-if":
        after = _objects(ctx, ce, b) or after  # the condition is what is demanded
    befo = _objects(ctx, a, cs)
    issue: str | None = None
    if after:
        issue = after[0].ref
    elif befo:
        issue = befo[-1].ref
    elif _ANAPHOR.search(ctx.text[a:b]) or _LEAD_ANAPHOR.search(ctx.text[a:b]):
        if sent_issues:
            issue = sent_issues[0]
            inferred.append("the issue is named elsewhere in the sentence")
            conf -= 0.05
        elif last_issues:
            issue = last_issues[0]
            inferred.append("the issue is the one named in the previous sentence")
            conf -= 0.1
    if rule in {"agreement.verb", "acceptance.verb"} and re.search(
        r"\b(?:pressure|press\w*|urg\w+|push\w*|ask\w*|forc\w+|call\w*\s+on|want\w*)\b"
        r"[^.;,]{0,50}?\b(?:to|into)\s+$|"
        r"\b(?:demand\w*|insist\w*|requir\w*)\s+(?:that\s+)?(?:the\s+)?[\w’'-]+\s+(?:to\s+)?$|"
        # "Ukraine must immediately agree": what another wants of the side, not its act
        r"\b(?:must|should|needs?\s+to|has\s+to|have\s+to|ought\s+to)\s+(?:\w+ly\s+)?$",
        ctx.text[max(a, cs - 70) : cs],
    ):
        # "pressure to agree to a deal", "pushed into accepting", "demanding Kyiv accept the
        # terms": wanted of the side, not done by it
        return None
    if issue is None:
        if rule in {"rejection.push-back", "offer.ready-for"}:
            # pushing back against a suggestion, being ready for a meeting: no option concerned
            return None
        rest = ctx.text[ce:b]
        if ctype == "offer" and re.match(
            r"\s+(?:to\s+)?[\"“]?(?:soon\s+)?(?:announce|inform|report|tell|publish|reveal|"
            r"disclose|say)\b",
            rest,
            re.I,
        ):
            return None  # "promises to soon announce details": news to come, not an offer
        if rule == "demand.want" and re.match(r"\s+to\s+\w+", rest):
            return None  # "wants to accelerate the process": an intention, not a demand
        if (
            ctype in {"rejection", "acceptance"}
            and _CONTENTLESS.match(rest)
            and _DEFINITE.match(rest)
        ):
            # "Kyiv refused all three conditions": definite, the conditions stated before (a
            # bare plural, "would not accept ultimatums", is generic: no content)
            if last_issues:
                issue = last_issues[0]
                inferred.append("the conditions are those named in the previous sentence")
        elif _CONTENTLESS.match(rest) or (
            ctx.text[cs:ce].lower() in {"demands", "conditions"} and _EVALUATED.match(rest)
        ):
            return None  # "put forward demands that are unrealistic": no content to record
        conf -= 0.15
    if rule == "proposal.verb" and re.match(
        r"\s+that\b[^.;]*\b(?:could|might|may)\b", ctx.text[ce:b]
    ):
        return None  # "suggested that X could happen": a speculation, not a proposal
    if _HEDGE.search(ctx.text[a:b]) and ctype != "rejection":
        conf -= 0.05
    qa, qb = _trim(ctx.text, a, b)
    if ctx.text[qb - 1 : qb] not in '.!?"”' and qb < len(ctx.text) and ctx.text[qb] in ".!?":
        qb += 1
    lead_in = ctx.text[max(a, before[0].start - 12) : before[0].start] if before else ""
    coordinated = (
        len(parties) > 1
        and party == parties[-1]
        and rule not in _NORMATIVE
        and not re.search(r"\b(?:between|with|of|to|by|for|from|in|on|and)\s+$", lead_in)
    )
    if ctype == "offer" and coordinated and len(set(parties)) > 1:
        # "Ukraine and Russia would release 314 prisoners": what both sides undertake
        # together is what they agreed
        ctype = "agreement"
        inferred.append("both sides undertake it together: an agreement")
    data: dict[str, Any] = {"type": ctype}
    if ctype == "agreement":
        data["parties"] = parties
        data["party"] = None
    else:
        data["party"] = party
        if coordinated:
            # "Washington and Moscow ruled out ...": each of the coordinated subjects
            data["with"] = parties[:-1]
    data["issue"] = issue
    p = Proposal(
        kind="claim",
        span=(qa, qb),
        quote=ctx.text[qa:qb],
        confidence=max(0.05, min(0.99, conf)),
        rule=f"claim.{rule}",
        cue=ctx.text[cs:ce],
        evidence="inferred" if inferred else "reported",
        data=data,
    )
    if inferred:
        p.data["reasoning"] = "; ".join(inferred)
    return p


_DEFINITE = re.compile(r"\s*(?:all\s+)?(?:the|these|those|such|its|their|his|her|both|all)\b", re.I)
#: What one side cannot do alone (Levin 1993, the reciprocal alternation: "exchange", "swap",
#: "meet"): "Russia agreed to exchange prisoners" tells of an agreement of both sides.
_RECIPROCAL = re.compile(
    r"\s+(?:(?:jointly|mutually)\s+)?(?:exchange|swap|trade\s+(?:prisoners|captives|bodies)|meet|"
    r"hold\s+(?:further\s+|more\s+|new\s+)?talks|resume\s+talks|continue\s+talks)\b|"
    # "agreed to consult with one another": done with each other
    r"\s+to\s+\w+\s+(?:\w+\s+){0,2}?(?:with\s+)?(?:one\s+another|each\s+other)\b",
    re.I,
)


def _pronoun_party(ctx: Context, s: Sentence, at: int, prev_subject: str | None) -> str | None:
    inside = list(ctx.parties_in(s.start, at))
    people = [m for m in inside if m.person]
    if people:
        return people[0].ref
    if inside:
        return inside[0].ref
    return prev_subject


def _speaker(ctx: Context, s: Sentence) -> tuple[str | None, str | None]:
    for pattern in _SPEAKER_PATTERNS:
        m = pattern.search(s.text)
        if m:
            who = m.group(1).strip()
            if who.lower() in {"it", "he", "she", "they", "this", "that", "the"}:
                continue
            a = s.start + m.start(1)
            mentions = ctx.parties_in(a, a + len(m.group(1)))
            if not mentions:
                mentions = ctx.gaz.parties(who)
            return who, (mentions[0].ref if mentions else None)
    return None, None


def _dedupe(ps: list[Proposal]) -> list[Proposal]:
    out: list[Proposal] = []
    seen: dict[tuple[Any, ...], int] = {}
    for p in ps:
        key = (p.span, p.data.get("type"), p.data.get("party"), p.data.get("issue"))
        if key in seen:
            q = out[seen[key]]
            if p.confidence > q.confidence:
                out[seen[key]] = p
            continue
        seen[key] = len(out)
        out.append(p)
    return out


# -- the round --------------------------------------------------------------------------------
_TALKS = re.compile(
    r"\b(?:talks|negotiations?|discussions|round|sessions?|meeting|meet|met|sat\s+down|"
    r"sit\s+down|summit|"
    r"consultations)\b",
    re.I,
)
_NEXT = re.compile(
    r"\b(?:another|next|new|further|follow-up)\s+(?:round|meeting|session|talks)|"
    # "further negotiations would be held soon", "follow-up negotiations in Miami"
    r"\b(?:further|follow-up)\s+(?:negotiations|meetings|consultations)\b|"
    r"\b(?:meet|talk|together|convene)\s+again\b|"
    r"\b(?:talks|negotiations|meetings?|sides|delegations)\s+(?:[\w-]+\s+){0,3}?(?:resume|reconvene)\b|"
    r"\b(?:resume|reconvene)\s+(?:the\s+)?(?:talks|negotiations)\b|"
    r"\btalks\s+would\s+continue\b",
    re.I,
)
_NEXT_ROUND_WORDS = re.compile(
    r"\b(?:another|next|new|further|follow-up)\s+(?:round|meeting|session)\b", re.I
)
_FUTURE_WORDS = re.compile(
    r"\b(?:would|will|planned|plans|scheduled|expected|expects|agreed\s+to|set\s+to|due)\b", re.I
)
_VENUES = (
    "Geneva|Istanbul|Abu Dhabi|Riyadh|Jeddah|Doha|Oslo|Vienna|Minsk|Paris|Berlin|Helsinki|"
    "Stockholm|Washington|Ankara|Cairo|Nairobi|Addis Ababa|Havana|Camp David|Dayton|Astana|"
    "Muscat|Baku|Yerevan|Brussels|New York|Rome|Anchorage|Miami|Budapest|Lausanne|Montreux|"
    "Copenhagen|London|Warsaw|Belgrade|Bratislava|Dubai|Sochi|Beijing|Tokyo|Singapore|Kampala|"
    "Arusha|Pretoria|Johannesburg|Dakar|Bogota|Caracas|Mexico City|Oman|Qatar|Switzerland|"
    "Turkey|Norway|Saudi Arabia|Alaska|Florida|Vatican"
)
_COUNTRY_VENUES = {"Oman", "Qatar", "Switzerland", "Turkey", "Norway", "Saudi Arabia", "Alaska",
                   "Florida"}  # fmt: skip
_VENUE_RE = re.compile(rf"\b({_VENUES})\b")
_PLACE_CUE = re.compile(
    r"\b(?:in|at|outside|near|to)\s+(?:the\s+)?((?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,2})"
)
_HEADLINE_PLACE = re.compile(r"\b((?:[A-Z][\w’'-]+\s+){0,1}[A-Z][\w’'-]+)\s+(?:Peace\s+)?Talks\b")


def round_proposals(ctx: Context) -> list[Proposal]:
    """The proposals about the round reported: venue, duration, dates, format, delegations, an
    announced next round and a postponement.

    Only the report's main event gives the round's venue, dates, format and duration: the
    sentences about a meeting held (or under way) by the report's date, not those about an
    earlier round (background), a round to come (an announcement: the next round) or one put
    off (a postponement). A report that only announces or postpones a round proposes no
    round of its own (van Dijk 1988 on the structure of news: the main event first,
    background and consequences after).
    """
    out: list[Proposal] = []
    held_days: list[Proposal] = []
    held = _held_round(ctx)
    if held:
        dur = _duration(ctx)
        days = _dates(ctx, dur)
        recent = (
            not days
            or ctx.ref is None
            or (date.fromisoformat(days[0].data["end"]) >= _shift(ctx.ref, -RECENT_DAYS))
        )
        if days and days[0].data["start"] != days[0].data["end"]:
            # a round of several days does not last some hours: those are one sitting's
            dur = [p for p in dur if "hours" not in p.data]
        if recent:  # a round long before the report's date is its background
            out += _venue(ctx) + dur + days + _format(ctx)
            held_days = days

    # who took part: the people of the sentences about the round held (not an earlier round,
    # one to come or one put off)
    about = (lambda s: _role(ctx, s) in {"held", "other"}) if held else (lambda s: False)
    out += people.participants(ctx, people.delegations(ctx), about)
    nxt = _next_round(ctx)
    if held and ctx.ref is not None:
        # a round "ahead" on or before the report's day (or the round held's last day) is the
        # round reported, or something else told of it, never the next round
        until = max([ctx.ref.isoformat(), *(str(p.data["end"]) for p in held_days)])
        kept = []
        for p in nxt:
            if not (p.data.get("date") and str(p.data["date"]) <= until):
                kept.append(p)
            elif _next_match(p.quote) or _ORDINAL_AHEAD.search(p.quote):
                # "concluded the talks on Friday, agreeing to hold a new round": a later round
                # announced, the day named being the round held's
                for key in ("date", "window", "when"):
                    p.data.pop(key, None)
                p.data["date"] = None
                p.rule = p.rule.removesuffix("+date")
                kept.append(p)
        nxt = kept
    out += nxt
    out += _postponements(ctx, nxt, held_days)
    return out


def _shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, kept within the calendar (a report dated 0001-01-01 or
    9999-12-31 is reckoned to the calendar's ends, never past them)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


#: A round that ended more than this many days before the report's date is not its main
#: event (a statement or a later step recalls it).
RECENT_DAYS = 5

_BACKGROUND = re.compile(
    # ("the first day of the round" is a day of this round, not an earlier one)
    # (not "earlier said that the next round ...": the saying was earlier, not the round)
    r"\b(?:previous|prior|preceding|earlier|last|first|past)\s+(?!days?\b|day['’]s\b|(?:said|says|"
    r"told|stated|noted|announced|reported|added|wrote|confirmed)\b)(?:[\w-]+\s+){0,4}?"
    r"(?:rounds?|meetings?|talks|negotiations|sessions?|consultations)\b|"
    r"\b(?:prior\s+to|before)\s+that\b|\bpreviously\b|\bhad\s+(?:previously\s+)?"
    r"(?:been\s+)?(?:held|met)\b|\bafter\s+(?:two|three|four|the)\s+(?:[\w-]+\s+){0,2}?rounds\b|"
    r"\bfollow(?:s|ed)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:rounds?|meetings?|talks|negotiations)\b",
    re.I,
)
_POSTPONE = re.compile(
    r"\b(?:postpon\w*|delayed|reschedul\w*|put\s+off|pushed\s+back|called\s+off|"
    r"cancell?ed|reset\s+for|"
    # "have been moved to Wednesday", "shifted to 4 February": a new day for the same round
    r"(?:moved|shifted|pushed)\s+(?:back\s+)?to\s+(?:next\s+|the\s+)?(?=[A-Z][a-z]+day\b|\d|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b)|"
    # "originally <...> slated for Sunday, but ...": a plan the report says was not kept
    r"(?:originally|initially)\W+(?:\S+\s+){0,3}?(?:planned|slated|scheduled|set|meant))\b",
    re.I,
)
_HELD = re.compile(
    r"\b(?:took\s+place|was\s+held|were\s+held|ended|concluded|wrapped\s+up|began|begun|"
    r"c(?:ame|ome)\s+to\s+an\s+end|"
    r"started|commenced|opened|kicked\s+off|chaired|hosted|resumed|reconvened|lasted|met|(?<!be\s)held|broke\s+(?:off|up)|under\s+way|underway|"
    r"continuing|discussed|talked|negotiated|spent|convened|gathered|sat\s+down|"
    r"(?:was|were)\s+(?:led|headed|chaired|attended)|"
    r"following\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:meeting|talks|negotiations|consultations)|"
    r"(?:is|are)\s+(?:taking\s+place|being\s+held))\b",
    re.I,
)
#: Arriving for the talks: they are still to come ("arrived in Riyadh for a meeting with").
_ARRIVED_FOR = (
    r"\barriv\w*\s+(?:in|at)\s+[^.,;]{0,40}?\b(?:for|to\s+(?:take\s+part|participate|attend))\b"
)
_AHEAD = re.compile(
    r"\b(?:will|shall|scheduled|slated|upcoming|set\s+(?:to|for)|to\s+be\s+held|"
    r"(?:is|are)\s+(?:to|due\s+to)\s+(?:hold|meet|take)|planned|plans?\s+to|expected\s+to|"
    r"would\s+(?:be\s+held|take\s+place|meet|hold|travel|go)|"
    # a headline's infinitive: "US and Russian envoys to meet in Riyadh"
    r"to\s+(?:hold|meet|convene|resume))\b|\ben\s+route\b|\bahead\s+of\b|" + _ARRIVED_FOR,
    re.I,
)


#: Talks named as what came before another event ("a joint statement issued after a meeting
#: of the delegations in Jeddah", "following talks in Riyadh"): the talks were held, whatever
#: the tense of the rest of the sentence (what the statement says will happen).
_AFTER_TALKS = re.compile(
    r"\b(?:issued|released|published|made|came|comes|announced|signed|reached|adopted|agreed)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:after|following)\s+(?:the\s+|a\s+|an\s+|their\s+)?(?:[\w.-]+\s+){0,3}?"
    r"(?:meeting|talks|negotiations|consultations)\b",
    re.I,
)


_FIRST_IN_YEARS = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,4}?(?:in|since)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:years?|decades?|months?|\d{4}|invasion|war)\b",
    re.I,
)


#: A day can only be named with a digit, a weekday or a word of days ("today", "tomorrow").
_DAY_HINT = re.compile(r"\d|day\b|tomorrow", re.I)


def _first_of_these(text: str, bg: re.Match[str]) -> bool:
    """Is a "first ... talks" of ``_BACKGROUND`` the talks reported rather than an earlier
    round: the first of a series still to come ("will hold their first talks") or the first in
    a while ("the first direct talks in three years")?"""
    return bg[0][:5].lower() == "first" and bool(
        _AHEAD.search(text[: bg.start()])
        or _ROUND_AHEAD.search(text[: bg.start()])
        or _FIRST_IN_YEARS.match(text[bg.end() : bg.end() + 80])
    )


def _role(ctx: Context, s: Sentence) -> str:
    """What a sentence tells of the talks: ``held`` (the main event, held or under way),
    ``background`` (an earlier round), ``ahead`` (a round to come), ``postponed``, or
    ``other`` (no talks named).
    """
    roles = ctx.memo.setdefault("_roles", {})
    if s.index in roles:
        return str(roles[s.index])
    bg = _BACKGROUND.search(s.text)
    if bg is not None:
        # "X took place in Geneva on 17-18 February, after two rounds in Abu Dhabi": the
        # background comes after the main clause's day; only the part before it counts
        first_day = next((d.start for d in find_dates(s.text, None) if d.precision == "day"), None)
        if first_day is not None and first_day < bg.start() and _HELD.search(s.text[: bg.start()]):
            bg = None
    if bg is not None and _first_of_these(s.text, bg):
        bg = None
    if not _TALKS.search(s.text):
        role = "other"
    elif bg is not None:
        role = "background"
    elif (
        _POSTPONE.search(s.text) and not _held_after_put_off(s) and not _ENDED_EARLY.search(s.text)
    ):
        role = "postponed"  # (a round put off and then held, "originally set for Sunday, the
        # talks took place on Wednesday", is held)
    elif _AFTER_TALKS.search(s.text) and not _next_match(s.text):
        role = "held"
    elif (
        not (_held_before_next(s.text) or _new_round_begun(s.text))
        if _is_next(s.text)
        else (_AHEAD.search(s.text) and not _HELD.search(s.text))
    ):
        role = "ahead"
    else:
        role = "held"
    if role == "held" and ctx.ref is not None:
        # "Negotiations were held on May 16" in a report of 2 June: told in the past, dated
        # well before the report, with no day of its own near the report's date: background
        days = [d for d in find_dates(s.text, ctx.ref) if d.precision == "day" and d.value] if (
            _DAY_HINT.search(s.text)
        ) else []  # fmt: skip
        limit = ctx.ref - timedelta(days=min(RECENT_DAYS, ctx.ref.toordinal() - 1))
        if days and all((d.last or d.value) < limit for d in days if d.value):
            role = "background"
        elif not _HELD.search(s.text) and _FUTURE_WORDS.search(s.text):
            # "he expected a three-way meeting in early March": a meeting dated after the
            # report's day, told with a word of the future, is one to come
            ahead = [d for d in find_dates(s.text, ctx.ref, future=True) if d.value]
            if ahead and all(d.value > ctx.ref for d in ahead if d.value):
                role = "ahead"
    roles[s.index] = role
    return role


#: Something done during the talks ("during the third round in Istanbul, the sides agreed to
#: ..."): the talks were held, when the sentence says nothing of the future.
_DURING_TALKS = re.compile(
    r"\b(?:during|at|in\s+the\s+course\s+of)\s+(?:the\s+|their\s+|a\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:round|talks|negotiations|meeting|session)\b|"
    # "after nearly two hours of talks": they took place
    r"\bafter\s+(?:[\w-]+\s+){0,2}?(?:hours?|days?)\s+of\s+(?:[\w-]+\s+)?(?:talks|negotiations)\b",
    re.I,
)


def _held_sentence(s: Sentence) -> bool:
    """Does a sentence tell of talks held (or under way), in the past or present tense? A plan
    put off told beside it ("originally set for Sunday") is no future of the sentence's."""
    if _AFTER_TALKS.search(s.text):
        return True
    if _POSTPONE.search(s.text):
        text = s.text
        for pat in (_POSTPONE, _PLANNED_FOR):
            text = pat.sub(lambda m: " " * len(m[0]), text)
        s = replace(s, text=text)
    ahead = any(not m[0].lower().startswith("ahead") for m in _AHEAD.finditer(s.text))
    # "met on Tuesday, ahead of Wednesday's sitting": what the meeting came before is no tense
    return bool(_HELD.search(s.text) or _DURING_TALKS.search(s.text)) and not ahead


#: A meeting told as still to come: a verb of meeting in the future or the infinitive of a
#: headline ("will hold", "to meet"), or a schedule ("scheduled to", "set for").
_ROUND_AHEAD = re.compile(
    r"\b(?:will|would|shall|to)\s+(?:\w+\s+)?(?:hold|meet|convene|gather|resume|begin|start|"
    r"open|join|take\s+part|participate|sit\s+down|be\s+held|take\s+place)\b|"
    r"\b(?:scheduled|slated|set|due|expected|planned)\s+(?:to|for)\b|" + _ARRIVED_FOR,
    re.I,
)

#: How many sentences from the top make the report's lead (headline and first paragraph).
LEAD = 6


def _top(ctx: Context, n: int) -> list[Sentence]:
    """The report's first ``n`` sentences from where its body begins: a page whose header
    lists menus and other headlines (many short lines before the first full sentence) has its
    lead after them, with the headline and byline just before it."""
    memo = ctx.memo.setdefault("_main", {})
    if "top" not in memo:
        first = next((s.index for s in ctx.sentences
                      if len(s.text.split()) >= 12 and s.text.rstrip().endswith((".", '."', ".”"))),
                     0)  # fmt: skip
        memo["top"] = first - 2 if first > LEAD else 0
    off = int(memo["top"])
    return ctx.sentences[off : off + n]


def _main_event(ctx: Context) -> str | None:
    """What the report's lead is about: ``held`` (a round held or under way by the report's
    date), ``today`` (a round announced for the report's own day: the day's round is the
    report's round) or ``ahead`` (a round of a later day: an announcement), from the first
    sentence of the lead that tells of a meeting, by its tense, and the day the lead gives
    the meeting announced, against the report's date (the inverted pyramid: the main event
    first, van Dijk 1988); None when the lead names no meeting.
    """
    memo = ctx.memo.setdefault("_main", {})
    if "main" in memo:
        return cast("str | None", memo["main"])
    main: str | None = None
    headline = False  # a headline in the present tense ("talks open in Geneva"): held, unless
    # the lead then dates the meeting after the report's day
    for s in _top(ctx, LEAD):
        role = _role(ctx, s)
        if role == "held" and _held_sentence(s):
            main = "held"
            break
        if role == "held" and _is_title(s) and _ENDS_NOW.search(s.text):
            headline = True
            continue
        if role == "postponed" and not _is_title(s) and not headline:
            main = "ahead"  # a lead telling of a round put off: the report is about that
            break
        if (
            role == "ahead"
            and not _same_round(s)
            and (_ROUND_AHEAD.search(s.text) or _ORDINAL_AHEAD.search(s.text))
        ):
            main = "ahead"
            day = _announced_day(ctx, s.index)
            if headline and (day is None or ctx.ref is None or day <= ctx.ref):
                main = "held"
            elif day is not None and day == ctx.ref:
                main = "today"
                memo["today"] = {t.index for t in _day_round_sentences(ctx)}
                for i in memo["today"]:
                    ctx.memo["_roles"][i] = "held"  # the day's round: the report's
            break
    if main is None and headline:
        main = "held"
    memo["main"] = main
    return main


def _ahead_days(ctx: Context, s: Sentence) -> list[DateMention]:
    """The days a sentence about a meeting to come gives it, written dates first."""
    days = _round_days(ctx, s, future=True)
    days += [d for d in find_dates(s.text, ctx.ref, future=True)
             if d.rule in {"relative.today", "relative.tomorrow"} and d.value
             and d.value not in {x.value for x in days}]  # fmt: skip
    return sorted(days, key=lambda d: (not d.rule.startswith("absolute"), d.start))


def _announced_day(ctx: Context, first: int) -> date | None:
    """The day of the meeting the lead announces: the first day named by a sentence about a
    meeting to come, from the lead's first such sentence on."""
    for s in ctx.sentences[first : first + LEAD + 4]:
        if _role(ctx, s) != "ahead" or not (_ROUND_AHEAD.search(s.text) or _TALKS.search(s.text)):
            continue
        days = _ahead_days(ctx, s)
        if days:
            return days[0].value
    return None


def _day_round_sentences(ctx: Context) -> list[Sentence]:
    """The sentences about the round announced for the report's day: about a meeting to come,
    not a later round by name, with no day of their own but the report's."""
    out = []
    for s in _top(ctx, 14):
        if _role(ctx, s) != "ahead" or _next_match(s.text):
            continue
        if not (_ROUND_AHEAD.search(s.text) or _TALKS.search(s.text)):
            continue
        if all(d.value == ctx.ref for d in _ahead_days(ctx, s)):
            out.append(s)
    return out


def _held_before_next(text: str) -> bool:
    """Does the main clause, before the words naming a later round, tell of talks held ("the
    sides began talks in Geneva on Thursday, adding that they would prepare the next meeting")?
    """
    m = _next_match(text) or _ORDINAL_AHEAD.search(text)
    if m is None:
        return False
    head = text[: m.start()]
    held = next((h for h in _HELD.finditer(head) if not _quoted(head, h.start())), None)
    return held is not None and not _AHEAD.search(head[: held.start()] + head[held.end() :])


#: A round's later days called off, the round ending early ("called off a second day of
#: talks"): the round was held.
_ENDED_EARLY = re.compile(
    r"\b(?:called\s+off|cancell?ed|cut\s+short)\s+(?:the\s+|a\s+|its\s+)?(?:second|third|"
    r"final|last|remaining)\s+days?\b",
    re.I,
)
#: The words after "a new round of talks" telling it has begun or been held.
_BEGUN_AFTER = re.compile(
    r"[^.;]{0,80}?\b(?:(?:has|have)\s+(?:now\s+|officially\s+)?(?:started|begun|opened|ended|"
    r"concluded|kicked\s+off|got\s+under\s+way)|began|started|opened|took\s+place|(?:was|were)\s+held|"
    r"kicked\s+off|ended|concluded|wrapped\s+up|(?:is|are)\s+(?:under\s+way|underway|taking\s+place))\b",
    re.I,
)


def _new_round_begun(text: str) -> bool:
    """Is "a new round" the round the report tells of as begun or held ("A new round of
    trilateral talks has started in Geneva"), told with no word of the future?"""
    m = _next_match(text) or _ORDINAL_AHEAD.search(text)
    if m is None or _AHEAD.search(text) or _FUTURE_WORDS.search(text):
        return False
    return bool(re.match(r"\s*(?:a\s+|the\s+)?", m.group(0))) and bool(
        _BEGUN_AFTER.match(text, m.end())
    )


def _held_after_put_off(s: Sentence) -> bool:
    """Does a sentence telling of a plan put off tell the round as held since ("the talks,
    originally set for Sunday, took place on Wednesday")? Its words of the plan and the delay
    set aside, the rest is told as held."""
    return _held_sentence(s)


def _held_round(ctx: Context) -> bool:
    """Does the report tell of a round held (or under way) by its date, or announced for its
    own day? The lead tells of one (see ``_main_event``), or, when the lead names no meeting,
    a sentence about the talks in the past or present tense, not background, among the
    report's first ones.
    """
    main = _main_event(ctx)
    if main is not None:
        return main in {"held", "today"}
    for s in _top(ctx, 14):
        if _is_title(s):
            continue
        if _role(ctx, s) == "held" and _held_sentence(s):
            return True
    return False


#: "a new round of talks held in Istanbul": the round the words name has taken place (a past
#: participle or a past verb right after it), so it is the main event, not a later round
_NEXT_DONE = re.compile(
    r"^\s+(?:of\s+)?(?!(?:[\w-]+\s+){0,2}?(?:will|would|shall|to|could|may|might)\s+be\s+held\b)"
    r"(?:[\w-]+\s+){0,3}?(?:held|(?:that|which)\s+(?:took\s+place|ended|was\s+held|concluded))\b",
    re.I,
)


def _next_match(text: str) -> re.Match[str] | None:
    """The first words naming a later round ("another round", "meet again"), leaving out a
    "new round" told as held ("following a new round of talks held in Istanbul")."""
    return next((m for m in _NEXT.finditer(text) if not _NEXT_DONE.match(text[m.end() :])), None)


#: A round named by its ordinal is a round to come only when the future is said of that round
#: itself ("will hold a third round", "the third round is scheduled for ..."), not when the
#: sentence's future is about something else that happened during it ("agreed to an exchange
#: during their third round"): the future word governs the ordinal round, a few words away.
_ORD = r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:round|meeting|session)"
_ORDINAL_AHEAD = re.compile(
    r"\b(?:will|would|shall|to|plans?|planned|scheduled|slated|expected|set|due|upcoming|"
    r"coming|forthcoming|announced|confirmed)\s+(?:[\w-]+\s+){0,3}?" + _ORD + r"|"
    # "would return to Addis Ababa for a second round": the round is what the future is for
    r"\b(?:will|would|shall|to)\s+(?:[\w-]+\s+){1,6}?for\s+(?:a|the|their|its)\s+" + _ORD + r"|"
    r"\b" + _ORD + r"\s+(?:[\w,-]+\s+){0,10}?(?:will|would|is|are|was|were)\s+(?:now\s+|also\s+)?"
    r"(?:be\s+held|take\s+place|begin|start|open|scheduled|slated|expected|set|due|planned|"
    r"to\s+(?:be|take|begin|start|open))\b",
    re.I,
)


def _is_next(text: str) -> bool:
    """Does the sentence speak of a later round (not the one reported)?"""
    return bool(_next_match(text) or _ORDINAL_AHEAD.search(text))


#: A place name standing for a state or its government, not the place of the talks (metonymy,
#: Lakoff & Johnson 1980): "Ankara's commitment", "Washington-mediated talks", "diplomats from
#: Washington and the Kremlin", "Washington said".
_METONYM_AFTER = re.compile(
    r"^(?:['’]s\b|-(?:mediated|brokered|led|backed|based|hosted)\b|\s+and\s+(?:the\s+)?"
    r"(?:Kremlin|Moscow|Kyiv|Kiev|Washington|Brussels|Beijing|London|Paris|Berlin)\b|"
    r"\s+(?:said|says|wants|has|had|is|was|will|would|insists|demands|proposed|rejected)\b)"
)
_BUILDING_AFTER = re.compile(
    r"['’]s\s+(?:[A-Z][\w’'-]*\s+){0,3}?(?:Palace|Hotel|Centre|Center|Hall|House|Residence|"
    r"Resort|Villa|Castle|Airport|Building)\b"
)
#: Capitals that stand for their governments as the subject of a verb.
_STATE_CAPITALS = {"Washington", "Moscow", "Kyiv", "Kiev", "Ankara", "Brussels", "Beijing",
                   "London", "Paris", "Berlin", "Tehran", "Budapest", "Warsaw"}  # fmt: skip
_VERB_AFTER = re.compile(
    r"\s+(?:also\s+|has\s+|had\s+|have\s+)?(?!talks\b|negotiations\b|meetings?\b|summits?\b|"
    r"rounds?\b|process\b|format\b|accords?\b|agreements?\b|hosts?\b|hosted\b)[a-z]+(?:ed|es|s)\b"
)
#: "the Saudi capital": the capital a demonym names (a report names it so after naming it once).
_CAPITAL_OF = {"Saudi": "Riyadh", "UAE": "Abu Dhabi", "Emirati": "Abu Dhabi", "Qatari": "Doha",
               "Omani": "Muscat", "Swiss": "Bern", "Turkish": "Ankara", "Hungarian": "Budapest",
               "Kazakh": "Astana", "Egyptian": "Cairo", "Austrian": "Vienna"}  # fmt: skip
#: A capital standing for its state elsewhere, as the place of the talks: "in Moscow", "at the
#: Kremlin" (Moscow), "at the White House" (Washington); not "in Moscow's view".
_SEAT_OF_STATE = re.compile(
    r"\b(?:in|at|inside)\s+(?:the\s+)?(Moscow|Kyiv|Kiev|Washington|Kremlin|White\s+House)\b"
    r"(?!['’]s|-|\s+(?:and|said|says|has|had|is|was|will|would)\b)"
)
_SEAT_CITY = {"Kremlin": "Moscow", "White House": "Washington", "Kiev": "Kyiv"}
_DEMONYM_CAPITAL = re.compile(r"\b(?:in|at)\s+the\s+(" + "|".join(_CAPITAL_OF) + r")\s+capital\b")
_DATELINE_CITY = re.compile(r"\A\s*([A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+)?)\s*(?:,|\(|-|—|–)")
_METONYM_BEFORE = re.compile(
    r"\b(?:from|between|by|with|of)\s+$|"
    # "Kyiv and Washington opened talks": coordinated with a capital standing for its state
    r"\b(?:Kremlin|Moscow|Kyiv|Kiev|Washington|Brussels|Beijing|London|Paris|Berlin)\s+and\s+$"
)


def _metonym(text: str, a: int, b: int) -> bool:
    """Does the place at ``text[a:b]`` stand for a state rather than name where talks are?
    Never after "in", "at" (a location), nor before a building of its own ("Istanbul's
    palace").
    """
    if re.search(r"\b(?:in|at|near|outside)\s+(?:the\s+)?$|\b(?:city|capital|town|resort)\s+of\s+$",
                 text[max(0, a - 14) : a], re.I):  # fmt: skip
        return False  # "in Istanbul", "the Turkish city of Istanbul": a location
    if _BUILDING_AFTER.match(text[b : b + 60]):
        return False
    after = _METONYM_AFTER.match(text[b : b + 30])
    if text[a:b] in _STATE_CAPITALS and (
        _VERB_AFTER.match(text[b : b + 30])
        or re.search(r"\b(?:on|against|upon)\s+$", text[max(0, a - 9) : a])
    ):
        # "days after Washington pressed both sides", "strikes on Kyiv": the state
        return True
    return bool(after or _METONYM_BEFORE.search(text[max(0, a - 15) : a]))


def _venue(ctx: Context) -> list[Proposal]:
    score: dict[str, list[tuple[float, int, int, str]]] = {}
    for s in _top(ctx, 12):
        talks = bool(_TALKS.search(s.text))
        role = _role(ctx, s)
        if role in {"background", "postponed"} or (
            role == "ahead"
            and not (_CONTINUES.search(s.text) and not _NEXT_ROUND_WORDS.search(s.text))
        ):
            continue
        tail = _BACKGROUND.search(s.text)
        if tail is not None and _first_of_these(s.text, tail):
            tail = None
        for m in _VENUE_RE.finditer(s.text):
            if tail is not None and m.start() > tail.start():
                continue  # a place of the background named after the main clause
            if _metonym(s.text, m.start(), m.end()):
                continue  # "Ankara's commitment": the state, not the place of the talks
            w = 2.0 if talks else 0.5
            if m.group(1) in _COUNTRY_VENUES:
                w *= 0.4
            score.setdefault(m.group(1), []).append((w, s.start + m.start(), s.start + m.end(),
                                                     "venue.known-place"))  # fmt: skip
        if talks:
            for m in _DEMONYM_CAPITAL.finditer(s.text):
                city = _CAPITAL_OF[m.group(1)]
                score.setdefault(city, []).append(
                    (1.0, s.start + m.start(1), s.start + m.end(0), "venue.named-capital")
                )
            for m in _SEAT_OF_STATE.finditer(s.text):
                # "met Putin in Moscow", "talks at the Kremlin": a capital that stands for its
                # state elsewhere is the place of the talks after "in" or "at"
                city = _SEAT_CITY.get(m.group(1), m.group(1))
                score.setdefault(city, []).append(
                    (0.8, s.start + m.start(1), s.start + m.end(1), "venue.capital-after-in")
                )
            for m in _PLACE_CUE.finditer(s.text):
                name = m.group(1)
                if name in _CAPITAL_OF:
                    continue  # "in the Saudi capital": an adjective, the capital counted above
                if _VENUE_RE.match(name) or ctx.gaz.parties(name) or name in {"The", "A"}:
                    continue  # a known place is counted as such ("Istanbul's ... Palace" too)
                if re.fullmatch(
                    r"[A-Z][a-z]+day|January|February|March|April|June|July|"
                    r"August|September|October|November|December",
                    name,
                ):
                    continue
                score.setdefault(name, []).append(
                    (0.6, s.start + m.start(1), s.start + m.end(1), "venue.place-after-in")
                )
        for m in _HEADLINE_PLACE.finditer(s.text) if s.index == 0 else ():
            name = m.group(1).split()[-1]
            if ctx.gaz.parties(name) and not _VENUE_RE.fullmatch(name):
                continue
            a = s.start + m.start(1) + len(m.group(1)) - len(name)
            score.setdefault(name, []).append((1.5, a, a + len(name), "venue.headline"))
    dl = _DATELINE_CITY.match(ctx.text[:200])
    if dl is not None:
        # "GENEVA (Reuters) -": the place the report is filed from, a weak sign of the venue
        city = " ".join(w.capitalize() for w in dl.group(1).split())
        if _VENUE_RE.fullmatch(city) and city not in _COUNTRY_VENUES:
            score.setdefault(city, []).append((0.8, dl.start(1), dl.end(1), "venue.dateline"))
    if not score:
        return []
    best = max(score, key=lambda k: sum(x[0] for x in score[k]))
    total = sum(x[0] for x in score[best])
    first = min(score[best], key=lambda x: (-(x[0] >= 1.5), x[1]))
    w, a, b, rule = first
    sent = _sentence_at(ctx, a)
    conf = min(0.95, 0.5 + 0.12 * total)
    return [
        Proposal(
            "venue",
            (a, b),
            ctx.text[a:b],
            conf,
            rule,
            cue=sent.text[:60] if sent else None,
            data={"venue": best, "sentence": [sent.start, sent.end] if sent else None},
        )
    ]


def _sentence_at(ctx: Context, pos: int) -> Sentence | None:
    for s in ctx.sentences:
        if s.start <= pos < s.end:
            return s
    return None


_DUR_DAYS = re.compile(
    r"\b(one|two|three|four|five|six|seven|\d+)[- ]day\b(?=[,\s]+(?:[\w.-]+[,\s]+){0,3}?"
    r"(?:talks|negotiations|discussions|meetings?|sessions?|round|summit|visit)\b)|"
    r"\b(two|three|four|five|six|seven|\d+)\s+days\s+(?:of|in)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:talks|negotiations|discussions|meetings|sessions)\b|"
    # "the talks ... are scheduled to continue over two days"
    r"\b(?:continue|last|run|held|take\s+place)\s+(?:over|for)\s+(two|three|four|five|\d+)\s+days\b|"
    # "the talks would last two days" (not "two days ago", "two days later")
    r"\b(?:last|lasts|lasted|lasting|run)\s+(two|three|four|five|\d+)\s+days\b"
    r"(?!\s+(?:ago|later|earlier|before|after|since))|"
    # "the talks ended on Wednesday after two days"
    r"\b(?:ended|concluded|wrapped\s+up)\b[^.;]{0,40}?\b(?:after|over)\s+(two|three|four|five|\d+)"
    r"\s+days\b",
    re.I,
)
_MINUTE_WORDS = {"ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45,
                 "forty": 40, "fifty": 50, "ninety": 90}  # fmt: skip
_DUR_HOURS = re.compile(
    r"\b(?:(less|more|under|over|just|about|around|nearly|almost|after)\s+(?:than\s+)?)?"
    r"(?:(an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d+(?:\.\d+)?)"
    # "two hours", "a five-hour meeting"
    r"(\s+and\s+a\s+half)?(?:\s+hours?|-hour(?=\s+(?:[\w-]+\s+)?(?:meeting|talks|session|"
    r"negotiations|discussions?|conversation)\b)))\b"
    # "1 hour and 45 minutes"; "an hour later", "two hours behind schedule" are a delay
    r"(?:\s+and\s+(\d+|" + "|".join(_MINUTE_WORDS) + r")\s+minutes)?"
    r"(?!\s+(?:later|earlier|late|behind|ahead|ago|before|after)\b)",
    re.I,
)
#: "about 40 minutes": a sitting shorter than an hour, in hours
_DUR_MINUTES = re.compile(
    r"\b(?:(less|more|under|over|just|about|around|nearly|almost|after)\s+(?:than\s+)?)?"
    r"(\d+|" + "|".join(_MINUTE_WORDS) + r")\s+minutes\b"
    r"(?!\s+(?:later|earlier|late|behind|ahead|ago|before|after)\b)",
    re.I,
)


def _duration(ctx: Context) -> list[Proposal]:
    out: list[Proposal] = []
    for s in ctx.sentences:
        role = _role(ctx, s)
        if role in {"background", "postponed"}:
            continue
        if role == "ahead" and (
            _NEXT_ROUND_WORDS.search(s.text) or not _SAME_ROUND_LENGTH.search(s.text)
        ):
            continue  # (but "the talks are scheduled to last two days": this round's length)
        m = _DUR_DAYS.search(s.text)
        if m and _TALKS.search(s.text):
            w = next(g for g in m.groups() if g)
            n = NUMBERS.get(w.lower()) or int(w)
            a, b = s.start + m.start(), s.start + m.end()
            out.append(Proposal("duration", (a, b), ctx.text[a:b], 0.85, "duration.days", cue=m[0],
                                data={"days": n}))  # fmt: skip
            break
    done = False
    for s in ctx.sentences:
        if _role(ctx, s) in {"background", "ahead", "postponed"} or done:
            continue
        found_h = list(_DUR_HOURS.finditer(s.text))
        found_m = [] if found_h else list(_DUR_MINUTES.finditer(s.text))
        for m in found_h + found_m:
            if not (_TALKS.search(s.text) or re.search(
                r"\b(?:it|they|which|this)\s+(?:\w+\s+)?(?:lasted|took|ended)\b", s.text, re.I
            )):  # fmt: skip
                continue  # hours of something else ("a truce lasting 48 hours")
            word = m[2].lower()
            if m.re is _DUR_MINUTES:
                hours = round((_MINUTE_WORDS.get(word) or int(word)) / 60, 2)
            else:
                hours = float(NUMBERS[word]) if word in NUMBERS else float(word)
                if m[3]:
                    hours += 0.5
                if m[4]:
                    minutes = _MINUTE_WORDS.get(m[4].lower()) or int(m[4])
                    hours = round(hours + minutes / 60, 2)
            a, b = s.start + m.start(), s.start + m.end()
            day = [d for d in find_dates(s.text, ctx.ref, future=False) if d.precision == "day"]
            data: dict[str, Any] = {"hours": hours if not hours.is_integer() else int(hours)}
            if m[1]:
                data["qualifier"] = m[1].lower()
            if day and day[0].value:
                data["date"] = day[0].value.isoformat()
            if out and "days" in out[0].data:
                # a sitting's hours within a several-day round: a detail of that duration
                data["span"], data["quote"] = [a, b], ctx.text[a:b]
                out[0].data.setdefault("session_hours", []).append(data)
            else:
                out.append(Proposal("duration", (a, b), ctx.text[a:b], 0.8, "duration.hours",
                                    cue=m[0], data=data))  # fmt: skip
            done = True
            break
    return out


#: The round under way told to go on for some days: its own length, told in the future.
_SAME_ROUND_LENGTH = re.compile(
    r"\b(?:scheduled|expected|set|due|planned)\s+to\s+(?:last|continue|run)\b|"
    r"\bwill\s+(?:last|continue|run)\s+(?:over|for)\b|\bwould\s+last\b",
    re.I,
)
_SAID_ON = re.compile(rf"\b{_SAY}(?:\s+(?:reporters|journalists|\w+\s+media))?\s+(?:on\s+)?$", re.I)
_BY_DATE = re.compile(r"\b(?:by|before|until|no\s+later\s+than)\s+(?:the\s+)?$", re.I)
_CONTINUES = re.compile(r"\b(?:resum\w*|continu\w*|second\s+day|final\s+day)\b", re.I)


_ENDED_NOW = re.compile(
    r"\b(?:ended|concluded|wrapped\s+up|broke\s+(?:off|up)|(?:has|have)\s+(?:officially\s+)?"
    r"(?:begun|started|ended|concluded)|today|final\s+day|second\s+day)\b",
    re.I,
)


_ENDS_NOW = re.compile(
    r"\b(?:talks|negotiations|meeting|round)\s+(?:in\s+[\w\s]{1,30}?\s+)?"
    r"(?:end|ends|conclude|concludes|wrap\s+up|wraps\s+up|open|opens|begin|begins|start|starts)\b|"
    r"(?<!to\s)(?<!will\s)\b(?:end|ends|conclude|concludes|open|opens|begin|begins|start|starts|"
    r"hold|holds)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:talks|negotiations|meeting|round)\b|"
    # "Ukraine and Russia agree to exchange prisoners in Abu Dhabi talks": agreed at them
    r"(?<!to\s)(?<!will\s)\bagrees?\b[^.;]{0,80}?\b(?:at|in|during)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:talks|negotiations|meeting)\b",
    re.I,
)


_AFTER_IT = re.compile(
    r"\b(?:following|after)\s+(?:[\w-]+\s+){0,3}?(?:talks|negotiations|"
    r"meeting|round|consultations)\b",
    re.I,
)
_BEGUN = re.compile(
    r"\b(?:begun|began|begins?|started|starts?|opened|opens?|commenced|"
    r"kicked\s+off)\b",
    re.I,
)
#: What a round came to ("agreed to", "reached an agreement"): it was held.
_OUTCOME = re.compile(r"\b(?:agreed|reached|signed|exchanged|achieved)\b", re.I)


def _dates_by_report_day(ctx: Context, days: int | None) -> list[Proposal]:
    """No day named for a round the report says has just ended (or begun): the report's own
    day, and the days before it that the round's duration implies (news of the day: van Dijk
    1988). Inferred, at a lower confidence.
    """
    if ctx.ref is None:
        return []
    if _main_event(ctx) == "today":
        # the lead announces the round for the report's own day: that day
        today = sorted(ctx.memo.get("_main", {}).get("today", ()))
        for s in (ctx.sentences[i] for i in today):
            m = _ROUND_AHEAD.search(s.text) or _TALKS.search(s.text)
            if m is None:
                continue
            a, b = s.start + m.start(), s.start + m.end()
            return [
                Proposal("dates", (a, b), ctx.text[a:b], 0.5, "dates.announced-for-report-day",
                         cue=m[0], evidence="inferred",
                         data={"start": ctx.ref.isoformat(), "end": ctx.ref.isoformat(),
                               "sessions": [], "reasoning": "the round is announced for the "
                               f"report's date {ctx.ref.isoformat()}"})
            ]  # fmt: skip
    lead = [s for s in _top(ctx, LEAD) if _role(ctx, s) == "held"]
    found: tuple[Sentence, re.Match[str]] | None = None
    for s in lead:
        # a headline tells the day's news in the present tense: "talks in Jeddah end"
        cue = _ENDS_NOW if _is_title(s) else _ENDED_NOW
        m = next((x for x in cue.finditer(s.text) if not _quoted(s.text, x.start())), None)
        if m is not None:  # "today" in a speaker's words is the day they spoke, not the report's
            found = (s, m)
            break
    reason = "the round is reported as ending (or beginning) on the report's date"
    if found is None and _main_event(ctx) == "held":
        # the lead tells the round held, or its outcome, and names no day: news of the day
        # (not "following the meeting": what came after it, often on a later day)
        s = next((t for t in lead if (_held_sentence(t) or _OUTCOME.search(t.text))
                  and not _AFTER_IT.search(t.text)), None)  # fmt: skip
        m = (_HELD.search(s.text) or _OUTCOME.search(s.text)) if s is not None else None
        if s is not None and m is not None:
            found = (s, m)
            reason = "the round is reported as held, with no day named, on the report's date"
    if found is None:
        return []
    s, m = found
    start, end = _shift(ctx.ref, -((days or 1) - 1)), ctx.ref
    if days and _BEGUN.search(m.group(0)):
        # "talks have begun", "talks open": the report's day is the first of the round's days
        start, end = ctx.ref, _shift(ctx.ref, days - 1)
    a, b = s.start + m.start(), s.start + m.end()
    return [
        Proposal("dates", (a, b), ctx.text[a:b], 0.5, "dates.report-day", cue=m[0],
                 evidence="inferred",
                 data={"start": start.isoformat(), "end": end.isoformat(),
                       "sessions": [], "reasoning": f"{reason} {ctx.ref.isoformat()}"
                       + (f", over {days} days" if days else "")})
    ]  # fmt: skip


def _quoted(text: str, at: int) -> bool:
    """Is position ``at`` inside a quotation (an odd number of straight quotes before it, or
    more opening than closing curly ones)?"""
    head = text[:at]
    return head.count('"') % 2 == 1 or head.count("“") > head.count("”")


def _same_round(s: Sentence) -> bool:
    """Does a sentence about what is ahead speak of the reported round going on ("resumes on
    Wednesday", "the second day") rather than of a later round?
    """
    return bool(_CONTINUES.search(s.text)) and not _NEXT_ROUND_WORDS.search(s.text)


def _round_days(ctx: Context, s: Sentence, future: bool) -> list[DateMention]:
    """The days a sentence gives for a meeting: explicit dates and ranges first (a weekday
    beside them is the same day named again, or another event), never the day a statement was
    made ("Peskov said Friday") nor a limit ("by the end of August").
    """
    days = []
    for d in find_dates(s.text, ctx.ref, future=future):
        if d.precision != "day" or d.value is None:
            continue
        dl = ctx.dateline
        lead = s.text[max(0, d.start - 40) : d.start]
        if (
            dl is not None
            and s.start + d.start < dl[1]
            and dl[0] < s.start + d.end
            # "On 18 February, X arrived": a sentence's own day, not the report's dateline
            and not re.fullmatch(r"\s*On\s+", s.text[: d.start])
        ):
            continue
        if _SAID_ON.search(lead) or _BY_DATE.search(lead) or d.rule.startswith("end-of"):
            continue
        if d.rule in {"relative.today", "relative.yesterday"} and (
            re.search(r"\b(?:earlier|later)\s+$", lead, re.I)
            # "today, Istanbul is hosting the talks": the present progressive tells them held
            or not (_HELD.search(s.text) or re.search(r"\b(?:is|are)\s+\w+ing\b", s.text))
        ):
            continue  # "earlier today, X announced": the day of a statement
        if d.rule.startswith("relative.") and d.rule not in {
            "relative.day-before", "relative.day-after", "relative.yesterday", "relative.today",
        }:  # fmt: skip
            continue
        days.append(d)
    if any(d.rule.startswith("absolute") for d in days):
        days = [d for d in days if not d.rule.startswith("weekday")]
    return days


#: Talks told as going on at the report's time.
_UNDER_WAY = re.compile(
    r"\b(?:under\s*way|(?:is|are)\s+(?:taking\s+place|being\s+held|continuing))\b",
    re.I,
)


#: The round going on, told in the present or future ("are resuming", "will continue").
_CONTINUES_NOW = re.compile(
    r"\b(?:(?:is|are|will)\s+(?:be\s+)?(?:resuming|continuing|resume|continue)|resumes|continues|"
    r"ahead\s+of)\b",
    re.I,
)
_ENDED = re.compile(r"\b(?:ended|concluded|wrapped\s+up|finished|closed)\b", re.I)


_FIRST_DAY = re.compile(r"\bfirst\s+day\b", re.I)
_SECOND_DAY = re.compile(
    r"\bsecond\s+day\b(?!\s+of\s+(?:the\s+)?(?:week|month|visit|trip|strikes?))", re.I
)
_GOES_ON_NEXT_DAY = re.compile(
    r"\b(?:continu\w*|resum\w*|reconven\w*|go\s+on|carry\s+on)\b[^.;]{0,60}?"
    r"\b(?:tomorrow|(?:the\s+)?next\s+day|(?:on\s+)?(?:the\s+)?following\s+day)\b|"
    r"\bsecond\s+day\b[^.;]{0,40}?\btomorrow\b|"
    # "will resume on Thursday" (checked to be the next day by the caller)
    r"\b(?:continu\w*|resum\w*|reconven\w*)\b[^.;]{0,40}?\b(?:on\s+)?(?P<wd>Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    re.I,
)


def _first_day_then_more(ctx: Context) -> bool:
    """Does the lead tell of the round's first day as held and of the talks going on the next
    day ("wrapped up the first day ... talks will continue tomorrow")?"""
    lead = _top(ctx, LEAD + 4)
    if not any(_FIRST_DAY.search(s.text) and _role(ctx, s) == "held" for s in lead):
        return False
    for s in lead:
        for m in _GOES_ON_NEXT_DAY.finditer(s.text):
            wd = m.group("wd")
            if wd is None:
                return True
            if ctx.ref is not None and wd.lower() == _WEEKDAYS[(ctx.ref.weekday() + 1) % 7]:
                return True  # "will resume on Thursday", written on the Wednesday
    return False


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _dates(ctx: Context, dur: list[Proposal]) -> list[Proposal]:
    days = next((p.data["days"] for p in dur if "days" in p.data), None)
    found: list[tuple[DateMention, Sentence]] = []
    for s in _top(ctx, 14):
        role = _role(ctx, s)
        # a round resuming tomorrow is the same round, not the next one
        same_round = (
            role == "ahead"
            and bool(_CONTINUES.search(s.text))
            and not _NEXT_ROUND_WORDS.search(s.text)
        )
        if role != "held" and not same_round:
            continue
        if s.index == 0 and len(ctx.sentences) > 3 and not re.search(r"\b(?:on|in)\s", s.text):
            continue
        # "began on Tuesday and are resuming Wednesday": a day named after the round's going
        # on is ahead of the report's date, those before it behind
        cont = _CONTINUES_NOW.search(s.text)
        days_here = _round_days(ctx, s, future=same_round)
        if cont is not None and not same_round:
            ahead_days = {d.start: d for d in _round_days(ctx, s, future=True)}
            days_here = [ahead_days.get(d.start, d) if d.start > cont.start() else d
                         for d in days_here]  # fmt: skip
        for d in days_here:
            assert d.value is not None
            later = 2 if same_round or (cont is not None and d.start > cont.start()) else 0
            if ctx.ref is not None and d.value > _shift(ctx.ref, later):
                continue
            found.append((d, s))
        if found and re.search(r"\bsecond\s+day\b", s.text, re.I) and len(found) == 1:
            d0 = found[0][0]
            assert d0.value is not None
            v = _shift(d0.value, -1)
            found.append((DateMention(d0.start, d0.end, d0.text, v, v, "day", "second-day"), s))
        if found and not same_round:
            # the round's days are named together: stop at the first sentence that names them
            # and look only at the next sentence for "the day before"-style complements
            nxt = ctx.sentences[s.index + 1] if s.index + 1 < len(ctx.sentences) else None
            if nxt is not None and _TALKS.search(nxt.text) and _role(ctx, nxt) == "held":
                anchor = found[-1][0].value
                found.extend(
                    (d, nxt)
                    for d in find_dates(nxt.text, ctx.ref, future=False, anchor=anchor)
                    if d.rule in {"relative.day-before", "relative.day-after"} and d.value
                )
            break
    if found:
        # the same round going on in a later sentence ("resumes on Wednesday")
        for s in [t for t in _top(ctx, 14) if t.index > found[-1][1].index]:
            if _role(ctx, s) == "ahead" and _same_round(s) and ctx.ref is not None:
                limit = _shift(ctx.ref, 2)
                found.extend(
                    (d, s)
                    for d in _round_days(ctx, s, future=True)
                    if d.value is not None and d.value <= limit
                )
    given_up = set(_planned_days(ctx))
    found = [(d, s) for d, s in found if d.value not in given_up]  # planned, then put off
    if _main_event(ctx) == "today":
        # the round announced for the report's day: its day, not another told beside it
        found = [(d, s) for d, s in found if d.value == ctx.ref]
    if not found:
        return _dates_by_report_day(ctx, days)
    first = min(d.value for d, _ in found if d.value)
    last = max((d.last or d.value) for d, _ in found if d.value)
    if ctx.ref is not None and first > ctx.ref and _main_event(ctx) == "held":
        # only the day the round goes on is named ("the first day has ended ... talks resume
        # on Thursday"): the round held began on the report's day
        first = ctx.ref
    if ctx.ref is not None and first <= last < ctx.ref <= _shift(last, 2) and any(
        (u := _UNDER_WAY.search(t.text)) and not _quoted(t.text, u.start())
        for t in _top(ctx, LEAD) if _role(ctx, t) == "held"
    ) and not any(
        _ENDED.search(t.text) for t in _top(ctx, LEAD) if _role(ctx, t) == "held"
    ):  # fmt: skip
        last = ctx.ref  # begun on an earlier day and told as still under way: to the report's
    rule = "dates." + "+".join(sorted({d.rule.split(".")[0] for d, _ in found}))
    conf = 0.85 if ctx.ref is not None else 0.6
    if first == last and not days and _first_day_then_more(ctx):
        # "wrapped up the first day ... the talks will continue tomorrow": a day more
        last = _shift(first, 1)
        rule += "+next-day"
    elif (
        first == last
        and not days
        and first == ctx.ref
        and any(
            _SECOND_DAY.search(t.text) and _role(ctx, t) in {"held", "other"}
            for t in _top(ctx, LEAD + 4)
        )
    ):
        # "ended after two hours on Wednesday ... the second day had been intensive": the day
        # named is the round's second
        first = _shift(last, -1)
        rule += "+second-day"
    if days and (last - first).days + 1 < days:
        if any(re.search(r"\b(?:began|begun|begins|commenced|started|opened|kicked\s+off)\b",
                         s.text, re.I) for _, s in found):  # fmt: skip
            last = _shift(first, days - 1)  # began on that day: the rest is ahead
        else:
            first = _shift(last, -(days - 1))
        rule += "+duration"
        conf -= 0.1
    a = min(d.start + s.start for d, s in found)
    b = max(d.end + s.start for d, s in found)
    sent = found[0][1]
    if b - a > 300:
        a, b = found[0][0].start + sent.start, found[0][0].end + sent.start
    return [
        Proposal(
            "dates",
            (a, b),
            ctx.text[a:b],
            conf,
            rule,
            cue=", ".join(d.text for d, _ in found),
            evidence="inferred" if ctx.ref is not None and "absolute" not in rule else "reported",
            data={
                "start": first.isoformat(),
                "end": last.isoformat(),
                "sessions": sorted({(d.value.isoformat()) for d, _ in found if d.value}),
                "reasoning": (
                    f"resolved against the report's date {ctx.ref.isoformat()}"
                    if ctx.ref is not None
                    else "the report's date is unknown"
                ),
            },
        )
    ]


#: Format words, strongest first: a word that counts who sits at the table (trilateral,
#: bilateral, multilateral) says more than "direct talks" (the parties face to face, the
#: calendar's ``direct``: Istanbul 2025, with a host in the chair), which says more than
#: "X-mediated" (who mediates, not the format). Two parties named ("talks between Ukraine
#: and Russia") are the sides of the conflict, not who is at the table: no format from them;
#: three named (the mediator among them) are.
_OF_MEETING = (
    r"(?=\s+(?:[\w-]+\s+){0,2}?(?:talks|meetings?|format|negotiations|consultations|sessions?|"
    r"rounds?|summit|group|dialogue|track|contacts?|discussions|level)\b)"
)


def _counted(word: str) -> str:
    """A pattern for a word counting the sides, said of a meeting ("trilateral talks", "the
    talks were trilateral")."""
    return rf"\b(?:{word})\b{_OF_MEETING}|\b(?:was|were|is|are|be)\s+(?:\w+\s+)?(?:{word})\b"


_FORMATS = [
    # a word that counts the sides qualifies a meeting, not ties or relations ("bilateral
    # relations" in a report of three-way talks)
    ("trilateral", _counted("trilateral|three-way"), 0.9, 0),
    ("bilateral", _counted("bilateral"), 0.85, 0),
    ("multilateral", _counted("multilateral"), 0.85, 0),
    # the mediator meeting each side on its own: "met separately with", "separate talks"
    (
        "proximity",
        r"\bproximity\s+talks\b|\bshuttle\s+diplomacy\b|"
        r"\b(?:met|meeting|talked)\s+separately\s+with\b",
        0.85,
        0,
    ),
    (
        "direct",
        r"\bdirect\s+(?:[\w-]+\s+){0,2}?(?:talks|negotiations|meeting)\b|"
        r"\bface[- ]to[- ]face\s+(?:talks|negotiations)\b|\bmet\s+face[- ]to[- ]face\b",
        0.75,
        1,
    ),
    # (last: not a calendar format; the sides the mediator brokers between say more)
    ("mediated", r"\b\w+-mediated\b|\bmediated\s+by\b", 0.6, 4),
]


_PAIR = re.compile(
    r"\b(?:meeting|talks|negotiations|consultations)\s+(?:of|between)\s+(?:the\s+)?"
    r"[\w.-]+\s+and\s+(?:the\s+)?[\w.-]+(?:\s+(?:delegations|sides|officials|negotiators))?|"
    r"\b(?P<pair>[A-Z][\w.]*-[A-Z][\w.]*)\s+(?:talks|meeting|negotiations|consultations|"
    r"delegations?)\b|"
    # "Ukrainian and U.S. delegations", "US and Russian diplomats": the two at the table
    r"\b[A-Z][\w.]*\s+and\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\s+(?:delegations|officials|"
    r"diplomats|negotiators|teams|envoys)\b"
)


_MET = re.compile(
    r"\b(?:met|held\s+talks|sat\s+down|(?:kicked\s+off|began|opened|started)\s+talks)\s+"
    r"(?:face[- ]to[- ]face\s+)?(?:with\s+)?"
)
_MET_OBJECT_END = re.compile(r"\s(?:in|on|at|for|to|after|before|during|since)\s|[,;.]")


def _format(ctx: Context) -> list[Proposal]:
    """The round's format from the words that name it in the first sentences about the main
    event (or of the round the report announces for its own day): the strongest kind of word
    found wins (see ``_FORMATS``), then the earliest."""
    today = ctx.memo.get("_main", {}).get("today", set())
    head = [
        s for s in _top(ctx, 8)
        if _role(ctx, s) in {"held", "other"}
        and (not _AHEAD.search(s.text) or _AFTER_TALKS.search(s.text) or s.index in today)
    ]  # fmt: skip
    hit = _format_hit(ctx, head)
    if hit is None:
        return []
    a, fmt, conf, b, _ = hit
    data: dict[str, Any] = {"format": fmt}
    rule = "format.count-parties" if conf == 0.7 else f"format.{fmt}-word"
    return [Proposal("format", (a, b), ctx.text[a:b], conf, rule, cue=ctx.text[a:b][:60],
                     evidence="inferred" if rule == "format.count-parties" else "reported",
                     data=data)]  # fmt: skip


def _announced_format(ctx: Context, sentences: list[Sentence]) -> str | None:
    """The calendar format of a round announced in ``sentences``: the format words or the
    sides named (see :func:`_format_hit`); the mediator with one side is the calendar's
    ``mediator-<side>``; a bilateral meeting whose sides are not told names none."""
    hit = _format_hit(ctx, sentences)
    if hit is None or hit[1] not in ROUND_FORMATS:
        return None
    fmt, sides = hit[1], hit[4]
    mediators = {r for r, role in ctx.gaz.party_roles.items() if role == "mediator"}
    if fmt == "bilateral" and len(sides - mediators) == 1 and sides & mediators:
        return f"{MEDIATOR_FORMAT_PREFIX}{next(iter(sides - mediators))}"
    return None if fmt == "bilateral" else fmt


def _format_hit(ctx: Context, head: list[Sentence]) -> tuple[int, str, float, int, set[str]] | None:
    """The format ``head`` (sentences about one meeting) names: (start, format, confidence,
    end, the sides the sentence names), the strongest kind of word found first (see
    ``_FORMATS``), then the earliest; None when they name none."""
    hits: list[tuple[int, int, str, float, int, set[str]]] = []

    def sides_of(s: Sentence) -> set[str]:
        return {x.ref for x in ctx.parties_in(s.start, s.end) if not x.person}

    for s in head:
        for fmt, pattern, conf, rank in _FORMATS:
            for m in re.finditer(pattern, s.text, re.I):
                lead = s.text[max(0, m.start() - 40) : m.start()].lower()
                if re.search(r"\b(?:wants?|propos\w+|seek\w*|call\w*\s+for|push\w*\s+for)\b", lead):
                    continue  # a meeting one side wants, not the format of this one
                if re.search(r"\b(?:(?:after|since|before|following)\s+(?:the|a|an|last|its)\b"
                             r"[^,]*|(?:previous|last|earlier|not|never)\s+(?:[\w-]+\s+){0,2})$",
                             lead):  # fmt: skip
                    continue  # the format of a meeting before this one
                hits.append((rank, s.start + m.start(), fmt, conf, s.start + m.end(), sides_of(s)))
    for s in head:
        # "talks between Russia, Ukraine and the United States": three sides named, the
        # mediator among them, are who sits at the table (two named are only the sides)
        mb = re.search(r"\b(?:between|among|involving)\s+[^.;]{0,80}?(?=\s+(?:(?:aimed|since|that|"
                       r"which|to|for|over|ended|finished|wrapped)\b|in\s+[A-Z]|on\s+[A-Z])|[.;]|$)",
                       s.text)  # fmt: skip
        if mb is None or not _TALKS.search(s.text):
            continue
        named = {x.ref for x in ctx.parties_in(s.start + mb.start(), s.start + mb.end())
                 if not x.person}  # fmt: skip
        if len(named) >= 3:
            fmt = "trilateral" if len(named) == 3 else "multilateral"
            hits.append((3, s.start + mb.start(), fmt, 0.7, s.start + mb.end(), named))
        elif len(named) == 2 and "mediator" in [ctx.gaz.party_roles.get(r) for r in named]:
            # "talks between the United States and Russia": the mediator alone with one side
            hits.append((1, s.start + mb.start(), "bilateral", 0.7, s.start + mb.end(), named))
    for s in head:
        # "a meeting of the Ukrainian and U.S. delegations", "US-Russia talks", "talks between
        # Washington and Kyiv": the mediator and one side alone at the table is a bilateral
        # meeting (two sides without the mediator say nothing of who else sat with them)
        for mb in _PAIR.finditer(s.text):
            named = {x.ref for x in ctx.parties_in(s.start + mb.start(), s.start + mb.end())
                     if not x.person}  # fmt: skip
            if mb.group("pair"):  # "US-Russia": each half of the compound names a side
                named = {x.ref for half in mb.group("pair").split("-")
                         for x in ctx.gaz.parties(half) if not x.person}  # fmt: skip
            roles_named = [ctx.gaz.party_roles.get(r) for r in named]
            if len(named) == 2 and "mediator" in roles_named:
                hits.append((1, s.start + mb.start(), "bilateral", 0.7, s.start + mb.end(), named))
    for s in head:
        # "Witkoff and Kushner met Umerov", "delegations from Russia, Ukraine and the US met":
        # who is named meeting (people stand for their side) is who sits at the table
        for mv in _MET.finditer(s.text):
            subj_from = max(0, mv.start() - 120)
            obj = _MET_OBJECT_END.search(s.text, mv.end())
            obj_to = min(obj.start() if obj else len(s.text), mv.end() + 80)
            named = {x.ref for x in ctx.parties_in(s.start + subj_from, s.start + obj_to)}
            roles_named = [ctx.gaz.party_roles.get(r) for r in named]
            if len(named) == 2 and "mediator" in roles_named:
                fmt = "bilateral"
            elif len(named) == 3:
                fmt = "trilateral"
            else:
                continue
            hits.append((3, s.start + subj_from, fmt, 0.7, s.start + obj_to, named))
            break
    for s in head:
        # "Russia and Ukraine will hold US-brokered talks", "US-mediated talks with Russia"
        # (said by Ukraine's side): the mediator brokering the talks of both sides sits with
        # them at the table
        for mb in _BROKERED.finditer(s.text):
            by = {x.ref for x in ctx.gaz.parties(mb.group(1)) if not x.person}
            if not by or any(ctx.gaz.party_roles.get(r) != "mediator" for r in by):
                continue
            named = sides_of(s) | by
            if len(named) == 3:
                hits.append((3, s.start + mb.start(), "trilateral", 0.7, s.start + mb.end(), named))
    if not hits:
        return None
    _, a, fmt, conf, b, named = min(hits, key=lambda h: h[:2])  # rank, then position
    return a, fmt, conf, b, named


#: Talks a party brokers or mediates ("US-brokered talks", "U.S.-mediated negotiations").
_BROKERED = re.compile(
    r"\b([A-Z][\w.]*)-(?:brokered|mediated|sponsored|led)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:talks|negotiations|meetings?|round|consultations)\b"
)


_NAME = r"((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)"
_TITLE_WORDS = (
    r"president|prime\s+minister|minister|admiral|adm\.|general|gen\.|secretary|envoys?|"
    r"ambassador|chief\s+negotiator|negotiator|aide|adviser|advisor|chief|head|commander|"
    r"chairman|chairwoman|chair|leader"
)
_TITLE = (
    r"(?:(?:(?:Deputy|Vice|First|Special|Acting)\s+)?(?:[A-Z][a-z]+\s+){0,2}"
    rf"(?i:{_TITLE_WORDS}),?\s+)"
)
_NOT_TITLE = rf"(?!\s+(?i:{_TITLE_WORDS})\b)"
_HEAD_RULES = [
    (
        "head.led-by",
        re.compile(
            rf"\b(?:led|headed|chaired)\s+by\s+(?:[\w’'-]+\s+){{0,4}}?{_TITLE}*{_NAME}{_NOT_TITLE}"
        ),
    ),
    ("head.who-led", re.compile(rf"{_NAME},\s+who\s+(?:led|heads|headed|leads)\s+([^,.]+)")),
    (
        "head.led-the",
        re.compile(
            rf"{_NAME}(?:,\s+[^,]{{1,80}},)?\s+(?:again\s+)?(?:led|headed|leads|heads|chaired)\s+(?:the\s+)?([^,.;]+)"
        ),
    ),
    ("head.chief-negotiator", re.compile(rf"\bchief\s+negotiator,?\s+{_NAME}")),
    (
        "head.envoy",
        re.compile(
            rf"\b(?:envoys?|special\s+envoys?|negotiators?),?\s+{_NAME}(?:\s+and\s+{_NAME})?"
        ),
    ),
    (
        "head.represented",
        re.compile(rf"\b{_TITLE}+{_NAME}(?:\s+and\s+{_NAME})?\s+represented\s+([A-Z][\w’'-]+)"),
    ),
]
_MEMBER = re.compile(
    rf"\b(?:included|including|alongside|with)\s+(?:[\w’'-]+\s+){{0,4}}?{_TITLE}*{_NAME}"
)


def _delegations(ctx: Context) -> list[Proposal]:
    heads: dict[str, Proposal] = {}
    members: dict[str, list[str]] = {}
    for s in ctx.sentences:
        for rule, pattern in _HEAD_RULES:
            for m in pattern.finditer(s.text):
                names = (
                    [g for g in m.groups()[:-1] if g]
                    if rule in {"head.who-led", "head.led-the", "head.represented"}
                    else [m.group(1)]
                )
                if rule == "head.envoy":
                    names = [g for g in m.groups() if g]
                for name in names:
                    name = _clean_name(name)
                    if not name or not re.search(r"[A-Z]", name[:1]):
                        continue
                    party = _party_of_head(ctx, s, m, name, rule)
                    if party is None:
                        continue
                    if rule == "head.led-the" and not re.search(
                        r"\b(?:delegation|team|side|negotiators|talks|meetings?|sessions?)\b",
                        m.groups()[-1], re.I,
                    ):  # fmt: skip
                        continue
                    a = s.start + m.start()
                    b = s.start + m.end()
                    conf = 0.6 if rule in {"head.represented", "head.envoy"} else 0.85
                    if party in heads:
                        if name.split()[-1] in heads[party].data["head"]:
                            continue
                        members.setdefault(party, []).append(name)
                        continue
                    heads[party] = Proposal(
                        "delegation", (a, b), ctx.text[a:b], conf, rule, cue=m[0][:80],
                        data={"party": party, "head": name, "members": []},
                    )  # fmt: skip
        for m in _MEMBER.finditer(s.text):
            name = _clean_name(m.group(1))
            found = ctx.gaz.parties(name)
            if found and re.search(r"delegation|team", s.text):
                members.setdefault(found[0].ref, []).append(name)
    for party, p in heads.items():
        p.data["members"] = sorted({x for x in members.get(party, []) if x not in p.data["head"]})
    return list(heads.values())


def _clean_name(name: str) -> str:
    words = name.split()
    drop = {"The", "A", "An", "Admiral", "General", "President", "Minister", "Defence", "Defense",
            "Foreign", "Interior", "Secretary", "Envoy", "Ambassador", "Prime", "US", "Russian",
            "Ukrainian", "Chief", "On", "In", "As", "Deputy", "Vice", "First",
            "Special"}  # fmt: skip
    while words and words[0] in drop:
        words.pop(0)
    return " ".join(words)


def _party_of_head(ctx: Context, s: Sentence, m: re.Match[str], name: str, rule: str) -> str | None:
    a, b = s.start + m.start(), s.start + m.end()
    # the party the phrase names ("Kyiv's delegation", "the Russian team"), not the person
    phrase = [x for x in ctx.parties_in(a, b) if not x.person and name.find(x.text) < 0]
    if rule == "head.represented":
        phrase = ctx.gaz.parties(m.groups()[-1])
    if rule == "head.envoy":
        # "US envoys X and Y", "Norway's special envoy X": the party named just before
        lead = ctx.parties_in(max(s.start, a - 30), a)
        if lead and not lead[-1].person:
            return lead[-1].ref
        own = ctx.gaz.parties(name)
        return own[0].ref if own else None
    for x in phrase:
        return x.ref
    own = ctx.gaz.parties(name)
    if own:
        return own[0].ref
    before = ctx.parties_in(s.start, a)
    side = re.search(r"\bOn\s+the\s+(\w+)\s+side\b", s.text)
    if side:
        hit = ctx.gaz.parties(side.group(1))
        if hit:
            return hit[0].ref
    return before[-1].ref if before and not before[-1].person else None


_PLANNED_FOR = re.compile(
    r"\b(?:(?:planned|slated|scheduled|set|announced|meant\s+to\s+(?:take\s+place|be\s+held|start|"
    r"begin|open))\s+(?:[\w-]+\s+){0,3}?(?:for|on|over)|"
    # "postponed from Sunday": the day given up
    r"(?:postponed|moved|delayed|put\s+off|pushed\s+back|rescheduled|shifted)\s+from)\s+",
    re.I,
)
#: "were (originally) planned for Sunday": a plan told in the past, so its day is resolved
#: backwards from the report's date, not to the Sunday to come
_PLAN_IN_PAST = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?:\w+\s+){0,2}?(?:planned|slated|scheduled|set|announced|"
    r"meant)\b",
    re.I,
)


def _planned_days(ctx: Context) -> list[date]:
    """The days a round was planned for before it was put off ("originally planned for
    1 February"), in a report that tells of a postponement.
    """
    if not any(_POSTPONE.search(s.text) for s in ctx.sentences):
        return []
    out = []
    for s in ctx.sentences:
        for m in _PLANNED_FOR.finditer(s.text):
            # told in the past, or in a sentence telling the round as held since ("originally
            # scheduled for Sunday, the talks took place on Wednesday")
            past = bool(_PLAN_IN_PAST.search(s.text[max(0, m.start() - 40) : m.end()])) or (
                _role(ctx, s) == "held"
            )
            span = s.text[m.end() : m.end() + 40]
            weekend = re.match(r"(?:the|this\s+past)\s+weekend\b", span, re.I)
            if past and weekend:  # "meant to take place over the weekend": its Sunday
                span = "Sunday" + span[weekend.end() :]
            ds = [d for d in find_dates(span, ctx.ref, future=False)
                  if d.start == 0 and d.precision == "day" and d.value]  # fmt: skip
            if not past and ctx.ref is not None:
                # a plan not told in the past: the day nearest the report's, either way
                # ("the talks scheduled for Sunday have been called off" on a Saturday)
                ahead = [d for d in find_dates(span, ctx.ref, future=True)
                         if d.start == 0 and d.precision == "day" and d.value]  # fmt: skip
                if (
                    ds
                    and ahead
                    and ds[0].value
                    and ahead[0].value
                    and (ahead[0].value - ctx.ref < ctx.ref - ds[0].value)
                ):
                    ds = ahead
            if ds and ds[0].value is not None:
                out.append(ds[0].value)
    return out


_NOT_SET = re.compile(
    r"\b(?:no\s+date\s+has\s+been\s+set|not\s+(?:yet\s+)?(?:been\s+)?(?:set|agreed|"
    r"coordinated)|remain\w*\s+uncoordinated)\b",
    re.I,
)


#: Who meets, named without a party: "the three delegations", "both sides".
_SIDES = re.compile(r"\b(?:delegations?|sides|negotiators|teams|envoys)\b", re.I)
_WILL_MEET = re.compile(
    r"\b(?:will|would|to|(?:is|are)\s+(?:due\s+)?to|plans?\s+to)\s+(?:\w+\s+)?"
    r"(?:meet|sit\s+down|hold\s+talks)\b",
    re.I,
)
#: Verbs that make what follows a hope, belief or wish rather than a fact announced.
_WISHED = re.compile(
    r"\b(?:believes?|believed|hopes?|hoped|hopeful|hoping|wish(?:es|ed)?|would\s+like|dreams?)\b"
    r"(?:\s+that)?",
    re.I,
)


#: A verb of talks held right before a day: that day is the round held's.
_HELD_ON = re.compile(
    r"\b(?:ended|concluded|wrapped\s+up|began|started|opened|took\s+place|were\s+held|was\s+held|"
    r"met)\s+(?:in\s+\w+\s+)?(?:on\s+)?$",
    re.I,
)


def _all_past(ctx: Context, s: Sentence) -> bool:
    """Does a sentence name dates (written out: a weekday's direction is the tense's), all
    before the report's date?"""
    days = [d for d in find_dates(s.text, ctx.ref, future=False)
            if d.value is not None and d.rule.startswith("absolute")]  # fmt: skip
    ref = ctx.ref
    return ref is not None and bool(days) and all((d.last or d.value or ref) < ref for d in days)


def _next_round(ctx: Context) -> list[Proposal]:
    """The round announced: a sentence about a later round ("the next round", "meet again",
    "will be held on ..."), dated forward from the report's date. A round resuming tomorrow
    is the round reported, not the next one; the day a statement was made is not the round's
    day; a day a round was planned for before it was put off is not its new day. Of several
    announcements, the first that gives a day (else the first).
    """
    held = _held_round(ctx)
    given_up = set(_planned_days(ctx))
    found: list[Proposal] = []
    for s in ctx.sentences:
        role = _role(ctx, s)
        if role == "background" or (_is_title(s) and len(ctx.sentences) > 3):
            continue
        m = _next_match(s.text)
        if m is None and _is_next(s.text):
            m = _ORDINAL_AHEAD.search(s.text)
        needs_day = False
        if m is None and role in {"ahead", "postponed"}:
            # a meeting ahead, not called the next round ("will now take place on Wednesday"
            # after a postponement): only with its day
            m = _TALKS.search(s.text)
            needs_day = True
        if (
            m is None
            and role != "held"
            and (ctx.parties_in(s.start, s.end) or _SIDES.search(s.text))
        ):
            # "X will meet (with) Y on February 26", "will go to Geneva to meet Umerov": a
            # meeting ahead told by its verb; only with its day
            m = _WILL_MEET.search(s.text)
            needs_day = True
        if m is None:
            continue
        if held and _same_round(s):
            continue  # the reported round resuming, not a later one
        if s.index in ctx.memo.get("_main", {}).get("today", ()):
            continue  # the round announced for the report's day is the report's round
        fut = (
            _FUTURE_WORDS.search(s.text)
            or _ROUND_AHEAD.search(s.text)
            or re.search(r"\b(?:confirmed|announced|said|soon|set|slated)\b", s.text, re.I)
        )
        if not fut or re.search(
            r"\bready\s+for\s+the\s+next\b|\b(?:details|agenda)\s+of\b", s.text, re.I
        ):
            continue  # readiness, or what the next round will discuss: no announcement
        if re.search(r"\b(?:propos|suggest|offer|call)\w*\s+(?:\w+\s+){0,3}?$",
                     s.text[: m.start()], re.I):  # fmt: skip
            continue  # a party's proposal for the next round, not an announcement
        if _NOT_SET.search(s.text):
            continue
        if role == "postponed" and re.search(r"\b(?:called\s+off|cancell?ed)\b", s.text, re.I):
            continue  # a round called off is no round to come
        if (
            not _FUTURE_WORDS.search(s.text)
            and not _ROUND_AHEAD.search(s.text)
            and (role == "held" or _all_past(ctx, s))
        ):
            continue  # "the new meeting was announced on May 28": told in the past, of a
            # day before the report's, the round the words name is no later one
        if _WISHED.search(s.text[: max(m.start(), fut.start())]):
            continue  # "I believe the leaders will gather", "we wish that in the next round":
            # a hope or a wish, not an announcement
        if re.search(r"\b(?:will|would|plans?\s+to|is\s+to)\s+(?:\w+\s+)?visit\b", s.text, re.I) \
                and not _NEXT.search(s.text):  # fmt: skip
            continue  # one person's visit, not a round of the talks
        # "began talks in Geneva on Thursday, adding ... the next meeting": the days and the
        # place of the main clause are the round held's, only what follows names the next
        tail_from = m.start() if _held_before_next(s.text) else 0
        # "had been planned for Sunday": the day given up, told in the past, is no new day
        given_up_at = {
            p.end() for p in _PLANNED_FOR.finditer(s.text)
            if _PLAN_IN_PAST.search(s.text[max(0, p.start() - 40) : p.end()])
        }  # fmt: skip
        dates = []
        for d in find_dates(s.text, ctx.ref, future=True):
            if d.start < tail_from or d.start in given_up_at:
                continue
            if _HELD_ON.search(s.text[max(0, d.start - 30) : d.start]):
                continue  # "... after the talks ended on Wednesday": the day of the round held
            lead = s.text[max(0, d.start - 40) : d.start]
            if d.value is None or _SAID_ON.search(lead) or d.value in given_up:
                continue
            if ctx.ref is not None and (d.last or d.value) < ctx.ref:
                continue
            dates.append(d)
        # the most precise first; of days, one named by its date before a weekday (which may
        # be the day a source spoke: "On Tuesday, a source said the talks ... on July 23")
        # and the day named after the words naming the meeting before one named before them
        # ("headed to Abu Dhabi on Tuesday for talks set to begin Wednesday")
        best = sorted(
            dates,
            key=lambda d: (
                {"day": 0, "week": 1, "month": 2, "year": 3}[d.precision],
                not d.rule.startswith("absolute"),
                d.start < m.start(),
            ),
        )
        if needs_day and not (best and best[0].precision == "day"):
            # the meeting's day told in a sentence of its own just after, with its place
            # ("X will meet Y in Geneva." ... "I am going to Geneva this Thursday.")
            place = next((v.group(1) for v in _VENUE_RE.finditer(s.text)
                          if not _metonym(s.text, v.start(), v.end())), None)  # fmt: skip
            later = [
                d for t in ctx.sentences[s.index + 1 : s.index + 5]
                if place and place in t.text and _role(ctx, t) != "background"
                for d in find_dates(t.text, ctx.ref, future=True)
                if d.precision == "day" and d.value and ctx.ref and d.value >= ctx.ref
                and not d.rule.startswith("relative.within")
                and not _SAID_ON.search(t.text[max(0, d.start - 40) : d.start])
            ]  # fmt: skip
            if not later:
                continue
            best = later[:1]
        data: dict[str, Any] = {"announced": True, "date": None}
        conf = 0.8
        rule = "next-round.announced"
        if best:
            d = best[0]
            if d.precision == "day" and d.rule != "relative.within":
                data["date"] = d.value.isoformat() if d.value else None
                if d.last and d.last != d.value:
                    data["window"] = [data["date"], d.last.isoformat()]
            else:
                data["window"] = [d.value.isoformat() if d.value else None,
                                  d.last.isoformat() if d.last else None]  # fmt: skip
            data["when"] = d.text
            rule += "+date"
        if re.search(r"\bno\s+(?:date|venue)\b", s.text, re.I):
            data["no_date_given"] = bool(re.search(r"\bno\s+date\b", s.text, re.I))
        venue = next((v for v in _VENUE_RE.finditer(s.text, tail_from)
                      if not _metonym(s.text, v.start(), v.end())), None)  # fmt: skip
        if venue:
            data["venue"] = venue.group(1)
        found.append(Proposal("next_round", (s.start, s.end), s.text, conf, rule, cue=m[0],
                              data=data))  # fmt: skip
    if not found:
        return []
    dated = [p for p in found if p.data.get("date") or p.data.get("window")]
    best_p = dated[0] if dated else found[0]
    if "venue" not in best_p.data:
        venue_of = next((p.data["venue"] for p in found if "venue" in p.data), None)
        if venue_of:
            best_p.data["venue"] = venue_of
    # the format of the round announced: told where it is announced, or, in a report that
    # only announces it, anywhere in the lead about it ("in the same trilateral format")
    at = [_sentence_at(ctx, p.span[0]) for p in [best_p, *found]]
    told = [t for t in at if t is not None]
    if not held and _main_event(ctx) == "ahead":
        told += [s for s in _top(ctx, LEAD) if _role(ctx, s) == "ahead"]
    fmt = _announced_format(ctx, list(dict.fromkeys(told)))
    if fmt is not None:
        best_p.data["format"] = fmt
    return [best_p]


_REASON = re.compile(
    r"\b(?:due\s+to|because(?:\s+of)?|owing\s+to|amid|after|to\s+(?:adjust|align|accommodate|"
    r"allow))\s+([^.;]{3,160})",
    re.I,
)


def _postponements(
    ctx: Context, nxt: list[Proposal], held: list[Proposal] | None = None
) -> list[Proposal]:
    """A sentence saying a round was put off, postponed, rescheduled or called off: the day
    it was planned for (``from``), its new day or window (from the announcement, when the
    report gives one; else, in a report of the round now held, the day it was held on) and
    the reason given.
    """
    body = [s for s in ctx.sentences if not _is_title(s)]
    told: list[tuple[Sentence, re.Match[str], list[DateMention]]] = []
    for s in body + [s for s in ctx.sentences if _is_title(s)]:
        m = _POSTPONE.search(s.text)
        if m is None or not _TALKS.search(s.text[max(0, m.start() - 120) : m.end() + 60]):
            continue  # what is put off must be the talks, named near the word
        if _ENDED_EARLY.search(s.text):
            continue  # "called off a second day of talks": the round ended early
        if re.search(r"\b(?:could|might|may)\s+(?:\w+ly\s+)?(?:be\s+)?(?:postpon|delay|put\s+off)",
                     s.text, re.I):  # fmt: skip
            continue  # a postponement feared, not made ("could allegedly be postponed")
        if re.match(r"\s+(?:by\s+)?(?:(?:more|less)\s+than\s+|about\s+|almost\s+|nearly\s+)?"
                    r"(?:an?|one|two|three|\d+|half\s+an)\s+(?:hours?|minutes?)\b",
                    s.text[m.end() :], re.I):  # fmt: skip
            continue  # "delayed by more than an hour": a late start, not a round put off
        # the new day, right after a word of moving (not of the plan given up): "moved to
        # Wednesday", "rescheduled for 4 February"
        to_day: list[DateMention] = []
        for mv in _POSTPONE.finditer(s.text):
            if re.match(r"(?:originally|initially)\b", mv[0], re.I):
                continue
            after = s.text[mv.end() : mv.end() + 50]
            lead = re.match(r"\s+(?:(?:to|for|until|on)\s+)?", after)
            at = lead.end() if lead else 0
            to_day = [d for d in find_dates(after, ctx.ref, future=True)
                      if d.start == at and d.precision == "day" and d.value]  # fmt: skip
            break
        told.append((s, m, to_day))
    # the sentence that gives the new day first (a page's header may name the postponement
    # before the report does, without a day)
    told.sort(key=lambda t: not t[2])
    for s, m, to_day in told[:1]:
        planned = _planned_days(ctx)
        data: dict[str, Any] = {"from": planned[0].isoformat() if planned else None}
        cancelled = bool(re.search(r"\b(?:called\s+off|cancell?ed)\b", s.text, re.I))
        if to_day:
            data["date"] = str(to_day[0].value)  # "moved to Wednesday"
            if to_day[0].last and to_day[0].last != to_day[0].value:
                data["window"] = [data["date"], str(to_day[0].last)]
        elif nxt and (nxt[0].data.get("date") or nxt[0].data.get("window")):
            data["date"] = nxt[0].data.get("date")
            if nxt[0].data.get("window"):
                data["window"] = nxt[0].data["window"]
        elif held and not cancelled and data["from"] and held[0].data["start"] > data["from"]:
            data["date"] = held[0].data["start"]  # put off to the round now reported
        elif cancelled:
            data["cancelled"] = True
        why = _REASON.search(s.text, m.start())
        if why:
            data["reason"] = why.group(0).strip(" ,")
        conf = 0.8 if data["from"] else 0.6
        return [Proposal("postponement", (s.start, s.end), s.text, conf, "postponement.word",
                         cue=m[0], data=data)]  # fmt: skip
    return []


# -- deadlines --------------------------------------------------------------------------------
_DEADLINE = re.compile(r"\bdeadlines?\b|\bultimatum\b", re.I)
_BY = re.compile(
    r"\b(?:reach|agree|sign|end|conclude|finish|settle|finali[sz]e|complete|deliver|"
    r"strike|withdraw|pull\s+back|pull\s+out|leave|release|hand\s+over|return)\w*\b[^.;]{0,80}?"
    r"\b(?:by|before|no\s+later\s+than|until)\s+|"
    r"\b(?:deal|agreement|settlement|accord|ceasefire)\s+(?:by|before|no\s+later\s+than)\s+|"
    # what a side proposes or asks for "by" a date is due by then: "proposed a summit by the
    # end of August", "demanded a reply before Friday" (the claim's own deadline)
    r"\b(?:propos|suggest|demand|insist|call\w*\s+for|want|urg|press\w*\s+for|"
    r"ask\w*\s+for)\w*\b[^.;]{0,120}?\b(?:by|before|no\s+later\s+than)\s+|"
    # awaiting an answer by a day sets a deadline for it: "waiting for a response by June"
    r"\b(?:wait\w*|expect\w*)\s+(?:for\s+)?(?:an?\s+|the\s+|its\s+)?(?:response|answer|reply|"
    r"decision)\b[^.;]{0,60}?\b(?:by|before|no\s+later\s+than)\s+",
    re.I,
)


def deadlines(ctx: Context) -> list[Proposal]:
    """The ``deadline`` proposals: a sentence with "deadline"/"ultimatum" or "by/before <date>",
    the date resolved forward from the report's date (a month, week or year to its last day)
    and the party that set it when one is named.
    """
    out: list[Proposal] = []
    for s in ctx.sentences:
        dl = _DEADLINE.search(s.text)
        by = _BY.search(s.text)
        if not dl and not by:
            continue
        if _is_next(s.text) and not dl:
            continue
        ds = [d for d in find_dates(s.text, ctx.ref, future=True) if d.precision != "year" or
              d.rule.startswith("end-of")]  # fmt: skip
        if by and not dl:
            # the date "by" governs, right after it ("by the end of August"), not one later
            # in the sentence ("proposed by Moscow on Friday")
            ds = [d for d in ds if by.end() - 1 <= d.start <= by.end() + 4]
        if not ds:
            continue
        d = min(ds, key=lambda x: abs(x.start - (dl.start() if dl else by.end() if by else 0)))
        resolved = d.last if d.precision in {"month", "year", "week"} else d.value
        anchor = dl.start() if dl else d.start
        before = ctx.parties_in(s.start, s.start + anchor)
        party = None
        if before:
            party = before[-1].ref if not re.search(r"\burged\b", s.text) else before[0].ref
            if before[0].ref and _PRONOUN.match(s.text) is None:
                party = before[0].ref
        reported = before and re.search(
            r"\b(?:that|said|added)\b", s.text[: before[0].start - s.start]
        )  # "He added that Kiev had proposed ...": the embedded subject sets it
        if _PRONOUN.match(s.text) and not reported:
            prev = ctx.sentences[s.index - 1] if s.index > 0 else None
            ms = ctx.parties_in(prev.start, prev.end) if prev else []
            party = ms[0].ref if ms else party
        if party is None and re.search(r"\bmediators?\b", s.text, re.I):
            mediators = [p for p, r in ctx.gaz.party_roles.items() if r == "mediator"]
            party = mediators[0] if len(mediators) == 1 else None
        a = s.start + min(d.start, anchor)
        b = s.start + max(d.end, (dl.end() if dl else d.end))
        conf = 0.85 if dl else 0.7
        out.append(
            Proposal(
                "deadline",
                (a, b),
                ctx.text[a:b],
                conf if resolved else 0.4,
                "deadline.word" if dl else "deadline.by-date",
                cue=(dl[0] if dl else by[0].split()[0] if by else None),
                evidence="reported",
                data={
                    "date": resolved.isoformat() if resolved else None,
                    "expression": d.text,
                    "set_by": party,
                    "sentence": [s.start, s.end],
                    "reasoning": (
                        f"'{d.text}' resolved against {ctx.ref.isoformat()}"
                        + (" to the last day of the period" if d.precision != "day" else "")
                        if ctx.ref
                        else "the report's date is unknown"
                    ),
                },
            )
        )
    return out


# -- candidate topics ------------------------------------------------------------------------
_TOPIC_HEADS = (
    r"meeting|summit|working\s+groups?|groups?|channel|mission|commission|sanctions|pauses?|"
    r"truces?|referendum|elections?|guarantees?|returns?|reparations|amnesty|corridors?|aid|"
    r"assets|reconstruction|peacekeep\w+|buffer\s+zone|zone|membership|recognition|"
    r"memorand\w+|blockade|embargo|compensation|refugees?|detainees|hostages|civilians|"
    r"border|language|church|access|troops|forces|army|sovereignty|security\s+guarantees|"
    r"hotline|trade|preferences|tariffs|prisoners|bodies|embass(?:y|ies)|bid|deployment"
)
_TOPIC = re.compile(
    rf"\b((?:(?:an?|the|three|two|four|new|short|tougher|joint|international|direct)\s+)?"
    rf"(?:(?!(?:to|over|of|for|with|on|in|at|by|from|and|or|that|the|a|an)\b)[\w-]+\s+){{0,2}}?"
    rf"(?:{_TOPIC_HEADS}))\b(?:\s+(?:of|between|on|for|in)\s+"
    rf"(?:[\w’'-]+\s+){{0,5}}?[\w’'-]+(?=[,.;]|\s+(?:with|to|that|before|if|and)\b))?",
    re.I,
)
#: A meeting of the talks themselves ("an upcoming trilateral meeting", "the next
#: meeting") is the process, not a topic negotiated in it.
_TALKS_ITSELF = re.compile(
    r"^(?:(?:an?|the)\s+)?(?:(?:upcoming|next|new|another|further|trilateral|bilateral|"
    r"first|second|third|planned|possible|technical|follow-up)\s+)+(?:meeting|session|round)\b",
    re.I,
)
_FOCUS = re.compile(
    r"\b(?:focus(?:ed|ing)?\s+on|discuss(?:ed|ing)|talks\s+(?:[\w-]+\s+){0,6}?on|"
    r"agenda\s+included)\b",
    re.I,
)
_RAISED = re.compile(r"\b(?:raised|was\s+also\s+discussed|were\s+also\s+discussed|left\s+for|"
                     r"on\s+the\s+agenda|put\s+off|deferred|postponed)\b", re.I)  # fmt: skip


@cache
def _topic_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The topics of ``topics.yaml``: (name, one pattern of all its wordings)."""
    text = resources.files("accord.ingest").joinpath("topics.yaml").read_text(encoding="utf-8")
    return tuple(
        (t["name"], re.compile(r"\b(?:" + "|".join(t["patterns"]) + r")\b", re.I))
        for t in yaml.safe_load(text)["topics"]
    )


@cache
def _any_topic() -> re.Pattern[str]:
    """One pattern of every topic's wordings: a sentence it does not match names none."""
    return re.compile("|".join(f"(?:{p.pattern})" for _, p in _topic_patterns()), re.I)


_OFFICE_FOR = re.compile(
    r"\b(?:envoy|representative|minister|commissioner|adviser|advisor|secretary|aide|"
    r"coordinator)\s+(?:for|on)\s+(?:[\w-]+\s+){0,5}$",
    re.I,
)


def topic_mentions(ctx: Context) -> list[tuple[int, int, str]]:
    """Where the report names a topic of the topics gazetteer (``topics.yaml``) that is not
    an issue of the scenario: (start, end, topic name), in report order, outside headlines.
    """
    return list(_topic_list(ctx))


def _topic_list(ctx: Context) -> list[tuple[int, int, str]]:
    """The topic mentions of :func:`topic_mentions`, computed once per report (not copied)."""
    cached = ctx.memo.get("_topics")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    out = []
    # the sentences that name any topic at all, found with one pattern per sentence
    body = [s for s in ctx.sentences if not _is_title(s) and _any_topic().search(s.text)]
    for name, pattern in _topic_patterns():
        if ctx.gaz.issues(name):
            continue  # the scenario already has it
        for s in body:
            for m in pattern.finditer(s.text):
                a, b = s.start + m.start(), s.start + m.end()
                if _OFFICE_FOR.search(s.text[max(0, m.start() - 60) : m.start()]):
                    continue  # a person's office ("envoy for economic cooperation"), no topic
                if not ctx.issues_in(a, b):
                    out.append((a, b, name))
    out.sort()
    ctx.memo["_topics"] = out
    return list(out)


def candidates(ctx: Context, claim_props: list[Proposal]) -> list[Proposal]:
    """The ``candidate`` proposals: topics of the topics gazetteer (``topics.yaml``: a
    leaders' meeting, security guarantees, working groups, a reconstruction package...) that
    the scenario has no issue for, once each, then other phrases about negotiable things from
    the ``claim_props`` without an issue and from sentences such as "X was also discussed"
    (each proposed once; its evidence is ``inferred``).
    """
    out: list[Proposal] = []
    spans: list[tuple[int, int]] = []
    seen: set[str] = set()
    for a, b, name in topic_mentions(ctx):
        if name in seen:
            continue
        seen.add(name)
        spans.append((a, b))
        phrase = ctx.text[a:b]
        label = name if phrase.lower() == name.lower() else f"{name} ({phrase})"
        out.append(
            Proposal("candidate", (a, b), phrase, 0.65, "candidate.topic", cue=phrase,
                     evidence="inferred",
                     data={"topic": label, "reasoning": f"a topic of talks ({name}) that "
                           "matches no issue of the scenario"})
        )  # fmt: skip

    topical = [(x, y) for x, y, _ in topic_mentions(ctx)]
    issue_spans = [(m.start, m.end) for m in ctx.issues]

    def add(a: int, b: int, rule: str, conf: float, cue: str | None) -> None:
        if any(a < y and x < b for x, y in [*spans, *topical, *issue_spans]):
            return
        phrase = ctx.text[a:b]
        content = [
            w
            for w in re.findall(r"[A-Za-z][\w-]*", phrase)
            if w.lower() not in {"the", "a", "an", "of", "to", "in", "on", "for", "and"}
        ]
        if len(content) < 2 or re.match(r"(?:according|details|source|quote)\b", phrase, re.I):
            return
        if not phrase[:1].isalpha() or ctx.text[a - 1 : a] in {"-", "–"}:
            return  # a fragment cut inside a word ("-person meeting", "24-hour pauses")
        named = people.people_in(phrase)
        # a leader's name with titles only ("Ukrainian President Volodymyr Zelensky")
        leader = content[-1].lower() in {x.lower() for x in people.roles().get("leaders", [])} and (
            all(w[:1].isupper() for w in content)
        )
        if (leader or (named and named[-1].end >= len(phrase.rstrip()) - 1)) and len(content) <= 5:
            return  # a person ("Ukrainian President Volodymyr Zelensky"), not a topic
        if _TALKS_ITSELF.search(phrase) or re.fullmatch(
            r"(?:the\s+)?(?:meeting|talks|negotiations|round)\s+(?:in|at)\s+[A-Z][\w -]+", phrase
        ):
            return  # the talks themselves ("the meeting in Jeddah"), not a topic of them
        if ctx.gaz.parties(phrase) and len(phrase.split()) <= 2:
            return
        if re.match(r"(?:to|the\s+next|next|a\s+new\s+round)\b", phrase, re.I):
            return
        if len(phrase.split()) < 2:
            return
        spans.append((a, b))
        out.append(
            Proposal(
                "candidate",
                (a, b),
                phrase,
                conf,
                rule,
                cue=cue,
                evidence="inferred",
                data={"topic": phrase, "reasoning": "matches no issue's name or alias"},
            )
        )

    for p in claim_props:
        if p.data.get("issue") is not None or p.data.get("type") not in {
            "proposal",
            "agreement",
            "demand",
            "offer",
            "acceptance",
            "rejection",
        }:
            continue
        a, b = p.span
        cue_at = ctx.text.find(p.cue or "", a, b)
        start = cue_at + len(p.cue or "") if cue_at >= 0 else a
        # the object ends where the reporting clause begins (", the ministers said after ...")
        said = re.search(rf"[,\"”]\s+(?:[^,.;]{{0,60}}?\s)?{_SAY}\b", ctx.text[start:b])
        b = start + said.start() if said else b
        m = _TOPIC.search(ctx.text, start, b)
        if m and not _TALKS_ITSELF.search(m.group(0)):
            add(
                m.start(1) if not m.group(0) else m.start(),
                m.end(),
                "candidate.claim-object",
                0.6,
                p.cue,
            )
    for s in ctx.sentences:
        f = _FOCUS.search(s.text)
        if f and not _is_title(s):
            end = next((b for a, b in clauses(s) if b > s.start + f.end()), s.end)
            for m in _TOPIC.finditer(ctx.text, s.start + f.end(), end):
                if not _TALKS_ITSELF.search(m.group(0)):
                    add(m.start(), m.end(), "candidate.discussed", 0.55, f[0])
    for s in ctx.sentences:
        r = _RAISED.search(s.text)
        if not r:
            continue
        lead = re.match(r"((?:[A-Z][\w-]*)(?:\s+[\w-]+){0,5}?)(?=,|\s+(?:which|were|was|is|are)\b)",
                        s.text)  # fmt: skip
        if lead:
            add(s.start, s.start + lead.end(1), "candidate.raised", 0.65, r[0])
    return out
