"""The review file, and applying the proposals an analyst accepted.

``accord ingest REPORT SCENARIO -o review.yaml`` writes every proposal with ``status:
pending``. The analyst sets ``status: accepted`` (or ``rejected``) and may correct the
fields (party, issue, option, statement...). :func:`apply_review` then turns the accepted
proposals, and only those, into a new version of the scenario document, each change citing
its evidence (the report as a source, the quote, its kind). It is a pure function: it
returns the new document and the list of changes; writing or committing them is the
caller's business.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accord.errors import AccordError
from accord.ingest.propose import IngestResult
from accord.model import Scenario

REVIEW_VERSION = 1
STATUSES = ("pending", "accepted", "rejected")
_CLAIM_VERB = {
    "demand": "demands",
    "offer": "offers",
    "red_line": "draws a red line",
    "acceptance": "accepts",
    "rejection": "rejects",
    "proposal": "proposes",
    "agreement": "agreed",
}


class ReviewError(AccordError, ValueError):
    """A review file is malformed, or an accepted proposal cannot be applied as it stands."""


@dataclass
class Change:
    """One change made to the scenario, with the proposal and evidence behind it."""

    proposal: str
    kind: str
    path: str
    summary: str
    evidence: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dict."""
        return {
            "proposal": self.proposal,
            "kind": self.kind,
            "path": self.path,
            "summary": self.summary,
            "evidence": self.evidence,
        }


@dataclass
class Applied:
    """What applying a review gives: the new scenario document, the changes made (each with
    its proposal and evidence), the accepted proposals skipped with the reason, and the
    calendar round the report is about (``None`` until known) and the one the review added
    to ``calendar.past`` (``None`` if none).
    """

    document: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (proposal id, why)
    round: Any = None  # the calendar round the report is about, once known
    new_round: Any = None  # the calendar round this review added to calendar.past, if any


# -- writing the review file ------------------------------------------------------------------
def review_document(
    result: IngestResult, scenario_ref: dict[str, Any], scenario: Scenario | None = None
) -> dict[str, Any]:
    """The review document for ``result``; ``scenario_ref`` says where the scenario is
    (``{"path": ...}`` or ``{"record": ...}``). With the ``scenario``, each claim's
    statement is a sentence naming its issue (written again from the option the analyst
    sets, when applied)."""
    props = []
    for p in result.proposals:
        d = p.to_dict()
        item: dict[str, Any] = {"id": d.pop("id"), "status": "pending", "kind": d.pop("kind")}
        if item["kind"] == "claim":
            d.setdefault("option", None)
            if d.get("type") == "red_line":
                d.setdefault("op", None)
            d["statement"] = _statement(result, d, scenario)
        if item["kind"] == "candidate":
            d["new_issue"] = None
        item.update(d)
        props.append(item)
    return {
        "accord_review": REVIEW_VERSION,
        "help": (
            "Set 'status: accepted' on each proposal to apply (or 'rejected'); correct any field "
            "first (party, issue, option, statement). Red lines need 'op' and 'option'; "
            "candidate issues need 'new_issue: {id, name, kind, options}'. Then run: "
            "accord ingest --apply THIS_FILE -o new-scenario.yaml"
        ),
        "report": {
            **result.to_dict()["report"],
            "path": str(Path(result.report.path).resolve()) if result.report.path else None,
        },
        "scenario": scenario_ref,
        "proposals": props,
    }


def _statement(result: IngestResult, d: dict[str, Any], scenario: Scenario | None) -> str:
    names = result.party_names
    if d.get("party"):
        who = names.get(d["party"], d["party"])
    else:
        who = " and ".join(names.get(x, x) for x in d.get("parties") or []) or "The parties"
    issue: dict[str, Any] = {"id": d.get("issue") or "", "name": str(d.get("issue") or "")}
    if scenario is not None and d.get("issue") in {i.id for i in scenario.issues}:
        iss = scenario.issue(d["issue"])
        issue = {"id": iss.id, "name": iss.name}
    return claim_statement(str(d.get("type", "")), who, issue, quote=str(d.get("quote", "")))


def dump_review(doc: dict[str, Any]) -> str:
    """The review document as YAML text, keys in their order."""
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def load_review(path: str | Path) -> dict[str, Any]:
    """Read and check a review file (shape, statuses, ids)."""
    p = Path(path)
    if not p.is_file():
        raise ReviewError(f"{p}: no such review file")
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ReviewError(f"{p}: not valid YAML ({str(exc).splitlines()[0]})") from None
    except UnicodeDecodeError:
        raise ReviewError(f"{p}: not a text file") from None
    check_review(doc, str(p))
    return doc  # type: ignore[no-any-return]


def check_review(doc: Any, where: str = "review") -> None:
    """Check the shape of a review document: the ``accord_review`` version, a list of
    proposals with unique ids and known statuses.

    Raises :class:`ReviewError` naming ``where`` and the offending proposal.
    """
    if not isinstance(doc, dict) or doc.get("accord_review") != REVIEW_VERSION:
        raise ReviewError(
            f"{where}: not an accord review file (it starts with 'accord_review: "
            f"{REVIEW_VERSION}'; write one with accord ingest REPORT SCENARIO -o FILE)"
        )
    props = doc.get("proposals")
    if not isinstance(props, list):
        raise ReviewError(f"{where}: 'proposals' must be a list")
    seen: set[str] = set()
    for k, p in enumerate(props):
        if not isinstance(p, dict) or not isinstance(p.get("id"), str):
            raise ReviewError(f"{where}: proposals[{k}] needs an 'id'")
        if p["id"] in seen:
            raise ReviewError(f"{where}: proposals[{k}]: id {p['id']!r} is listed twice")
        seen.add(p["id"])
        if p.get("status") not in STATUSES:
            raise ReviewError(
                f"{where}: proposal {p['id']}: status {p.get('status')!r} is not one of "
                f"{', '.join(STATUSES)}"
            )


# -- applying ---------------------------------------------------------------------------------
def apply_review(
    scenario_doc: dict[str, Any],
    review: dict[str, Any],
    *,
    source_file: str | None = None,
    source_id: str | None = None,
) -> Applied:
    """A new scenario document with the accepted proposals of ``review`` applied.

    ``scenario_doc`` is not modified. ``source_file`` is the report's path as the new
    scenario should cite it (its quotes are checked against it when the scenario loads);
    ``source_id`` names a source of the scenario that already is this report.
    Raises :class:`ReviewError` naming the proposal when an accepted one cannot be applied.

    What is there is never made worse: a claim restating a position or red line the party
    already has adds its evidence to it (nothing when the quote is already cited); a venue
    or a range of dates is never replaced by a vaguer one, nor a round's facts by other
    ones (the proposal is skipped with the reason); the scenario's own ``metadata`` changes
    only for a report of its own round. A report of a round held after the calendar's
    ``as_of`` adds the round to ``calendar.past``, moves ``as_of`` to the report's date and
    consumes the announced round it fulfils (Druckman 1986 and Zartman 1977 on the
    phases of talks; the record follows the talks as they go).
    """
    check_review(review)
    doc = copy.deepcopy(scenario_doc)
    out = Applied(doc)
    accepted = [p for p in review["proposals"] if p.get("status") == "accepted"]
    if not accepted:
        return out
    for p in accepted:
        _check_days(p)
    if not _is_day((review.get("report") or {}).get("date"), none_ok=True):
        raise ReviewError(
            f"the review's report date {review['report']['date']!r} is not YYYY-MM-DD"
        )
    known = {s.get("id") for s in doc.get("sources", [])}
    if source_id is not None and source_id not in known:
        raise ReviewError(f"source {source_id!r} is not a source of the scenario")
    src = source_id or _add_source(doc, review.get("report") or {}, source_file)
    report_date = (review.get("report") or {}).get("date")
    parties = {p["id"]: p for p in doc.get("parties", [])}
    issues = {i["id"]: i for i in doc.get("issues", [])}
    ctx = _Context(doc, parties, issues, report_date, out)
    ctx.venue = next((str(p["venue"]) for p in accepted if p.get("kind") == "venue"
                      and p.get("venue")), None)  # fmt: skip
    ctx.advance_to(_report_round_end(accepted, report_date))
    out.round = _reported_round(doc, review["proposals"])
    # the round first (its venue, sittings, people, format); a postponement before the
    # announcement it comes with, which then finds the moved round
    order = {"dates": 0, "venue": 1, "duration": 2, "delegation": 3, "format": 4,
             "postponement": 5}  # fmt: skip
    for p in sorted(accepted, key=lambda q: order.get(str(q.get("kind")), 6)):
        kind = p.get("kind")
        handler = _HANDLERS.get(str(kind))
        if handler is None:
            raise ReviewError(f"proposal {p['id']}: unknown kind {kind!r}")
        ev = _evidence(p, src, report_date)
        handler(ctx, p, ev)
    ctx.settle_future()
    out.new_round = ctx.new_round
    if out.changes and source_id is None:
        out.changes.insert(
            0, Change("-", "source", "sources", f"cite the report as source {src!r}", None)
        )
    elif source_id is None:
        doc["sources"] = [s for s in doc.get("sources", []) if s.get("id") != src]
    return out


class _Context:
    """The document being changed, its parties and issues by id, the report's date, what
    was applied so far, and the calendar's bookkeeping (the round the report is about, a
    round this review added, the as_of the calendar moves to)."""

    def __init__(
        self,
        doc: dict[str, Any],
        parties: dict[str, Any],
        issues: dict[str, Any],
        report_date: str | None,
        out: Applied,
    ) -> None:
        self.doc = doc
        self.parties = parties
        self.issues = issues
        self.report_date = report_date
        self.out = out
        self.fulfils: str | None = None  # a future round named by the analyst
        self.new_round: dict[str, Any] | None = None
        self.new_as_of: str | None = None
        self.venue: str | None = None  # the venue the review accepted, naming a new round

    @property
    def calendar(self) -> dict[str, Any] | None:
        cal = self.doc.get("calendar")
        return cal if isinstance(cal, dict) else None

    def advance_to(self, day: str | None) -> None:
        """Move the calendar's ``as_of`` forward to ``day`` (never back)."""
        cal = self.calendar
        if cal is None or not day or str(cal.get("as_of")) >= day:
            return
        old = str(cal.get("as_of"))
        cal["as_of"] = day
        self.new_as_of = day
        self.out.changes.append(
            Change("-", "as_of", "calendar.as_of", f"as_of {old} -> {day} (the report's date)")
        )

    def settle_future(self) -> None:
        """After the report's round went into the past: consume the announced round it
        fulfils, and start the others' windows after the new ``as_of``."""
        cal = self.calendar
        if cal is None or self.new_as_of is None:
            return
        as_of = _day(self.new_as_of)
        keep = []
        rnd = self.new_round
        fulfilled = self._fulfilled(cal, rnd) if rnd is not None else None
        for f in cal.get("future") or []:
            if fulfilled is not None and f is fulfilled:
                assert rnd is not None
                self.out.changes.append(
                    Change(
                        "-",
                        "next_round",
                        f"calendar.future[{f.get('id')}]",
                        f"announced round {f.get('id')} took place as {rnd['id']} "
                        f"({rnd['start']}): removed from calendar.future",
                    )
                )
                continue
            if f.get("date") is not None:
                if _day(f["date"]) <= as_of:
                    raise ReviewError(
                        f"the report moves as_of to {as_of}, and the round announced for "
                        f"{f['date']} (calendar.future[{f.get('id')}]) has not been reported "
                        "held: accept the report's dates of that round (and set 'fulfils: "
                        f"{f.get('id')}' on them), or record its postponement, before applying"
                    )
            elif f.get("window"):
                w = f["window"]
                if _day(w["latest"]) <= as_of:
                    raise ReviewError(
                        f"the report moves as_of to {as_of}, past the whole window of the "
                        f"announced round calendar.future[{f.get('id')}] ({w['earliest']} to "
                        f"{w['latest']}): record its postponement (a later window) or "
                        "remove it, before applying"
                    )
                if _day(w["earliest"]) <= as_of:
                    new = (as_of + _dt.timedelta(days=1)).isoformat()
                    self.out.changes.append(
                        Change(
                            "-",
                            "next_round",
                            f"calendar.future[{f.get('id')}].window.earliest",
                            f"announced round {f.get('id')}: window starts {new} "
                            f"(was {w['earliest']}), after the new as_of",
                        )
                    )
                    w["earliest"] = new
            keep.append(f)
        if "future" in cal:
            cal["future"] = keep

    def _fulfilled(self, cal: dict[str, Any], rnd: dict[str, Any]) -> dict[str, Any] | None:
        future = cal.get("future") or []
        if self.fulfils is not None:
            if self.fulfils in ("", "none"):
                return None
            for f in future:
                if f.get("id") == self.fulfils:
                    return f  # type: ignore[no-any-return]
            ids = ", ".join(str(f.get("id")) for f in future) or "none"
            raise ReviewError(
                f"'fulfils: {self.fulfils}' names no announced round; calendar.future has: {ids}"
            )
        start = _day(rnd["start"])
        for f in future:
            if f.get("status", "announced") != "announced":
                continue
            if f.get("format") and rnd.get("format") and f["format"] != rnd["format"]:
                continue  # a meeting of another format does not hold the announced round
            if f.get("date"):
                lo = hi = _day(f["date"])
            elif f.get("window"):
                lo, hi = _day(f["window"]["earliest"]), _day(f["window"]["latest"])
            else:
                continue
            slack = _dt.timedelta(days=_FULFIL_SLACK_DAYS)
            if lo - slack <= start <= hi + slack:
                return f  # type: ignore[no-any-return]
        return None

    def own_round_id(self) -> str | None:
        """The id of the calendar round the scenario is about: the one named like the
        scenario, else the one on its metadata dates (``None`` if none is)."""
        md = self.doc.get("metadata") or {}
        a, b = md.get("start_date"), md.get("end_date") or md.get("start_date")
        past = (self.calendar or {}).get("past") or []
        for r in past:
            if r.get("id") == md.get("id"):
                return str(r["id"])
        for r in past:
            if a and str(r.get("start")) == str(a) and str(r.get("end") or r["start"]) == str(b):
                return str(r["id"])
        return None

    def is_own_round(self, start: str, end: str, round_id: str | None = None) -> bool:
        """Whether the round [start, end] (named ``round_id``) is the scenario's own: that
        calendar round where the calendar has it, else one meeting the metadata dates."""
        own = self.own_round_id()
        if own is not None and round_id is not None:
            return round_id == own
        md = self.doc.get("metadata") or {}
        a, b = md.get("start_date"), md.get("end_date") or md.get("start_date")
        return bool(a) and str(a) <= end and start <= str(b)


#: An announced round is fulfilled by a round starting within its window, give or take this.
_FULFIL_SLACK_DAYS = 3


def _is_day(value: Any, *, none_ok: bool = False) -> bool:
    if value is None:
        return none_ok
    try:
        return isinstance(value, str) and _dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _check_days(p: dict[str, Any]) -> None:
    """The days an accepted proposal gives are ``YYYY-MM-DD`` (the analyst may have edited
    them)."""
    days: list[tuple[str, Any]] = [(k, p.get(k)) for k in ("start", "end", "date", "from", "until")]
    for key in ("window", "sessions"):
        value = p.get(key)
        if value is not None and not isinstance(value, list):
            raise ReviewError(f"proposal {p.get('id')}: '{key}' must be a list of days")
        days += [(f"{key}[{k}]", x) for k, x in enumerate(value or []) if x is not None]
    for key in (
        "venue",
        "head",
        "format",
        "round_id",
        "agreement_id",
        "reason",
        "statement",
        "fulfils",
        "round",
    ):
        if p.get(key) is not None and not isinstance(p[key], str):
            raise ReviewError(f"proposal {p.get('id')}: '{key}' must be text (got {p[key]!r})")
    for key in ("members", "parties", "topics"):
        value = p.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(x, str) or x is None for x in value)
        ):
            raise ReviewError(f"proposal {p.get('id')}: '{key}' must be a list of names")
    for key, value in days:
        if not _is_day(value, none_ok=True):
            raise ReviewError(f"proposal {p.get('id')}: {key} {value!r} is not a day (YYYY-MM-DD)")


def _day(value: Any) -> _dt.date:
    return _dt.date.fromisoformat(str(value)[:10])


def _report_round_end(accepted: list[dict[str, Any]], report_date: str | None) -> str | None:
    """The day the calendar is known as of after this review: the report's date, or the end
    of the round it reports if later (a report written before the round ended)."""
    days = [report_date] if report_date else []
    days += [
        p["end"] for p in accepted if p.get("kind") == "dates" and isinstance(p.get("end"), str)
    ]
    return max(days) if days else None


def _add_source(doc: dict[str, Any], report: dict[str, Any], file: str | None) -> str:
    sources = doc.setdefault("sources", [])
    for s in sources:
        if report.get("sha256") and s.get("sha256") == report.get("sha256"):
            return str(s["id"])
        if file and s.get("file") == file:
            return str(s["id"])
    base = "report-" + (report.get("date") or "undated")
    taken = {s.get("id") for s in sources}
    sid, k = base, 2
    while sid in taken:
        sid, k = f"{base}-{k}", k + 1
    entry: dict[str, Any] = {"id": sid, "title": report.get("title") or sid}
    if report.get("date"):
        entry["date"] = report["date"]
    if file:
        entry["file"] = file
    sources.append(entry)
    return sid


def _evidence(p: dict[str, Any], src: str, date: str | None) -> dict[str, Any]:
    kind = p.get("evidence") or "reported"
    if kind not in ("stated", "reported", "inferred"):
        raise ReviewError(
            f"proposal {p['id']}: evidence {kind!r} is not one of stated, reported, inferred"
        )
    quote = p.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        raise ReviewError(f"proposal {p['id']}: no quote; every applied proposal cites one")
    ev: dict[str, Any] = {"source": src, "quote": " ".join(quote.split()), "kind": kind}
    if kind == "inferred":
        ev["reasoning"] = p.get("reasoning") or (
            f"proposed by rule {p.get('rule')} (cue {p.get('cue')!r}) and accepted by the analyst"
        )
    if date:
        ev["date"] = date
    return ev


def _plain(text: Any) -> str:
    """Text in the form quotes are compared: typographic marks plain, spaces collapsed."""
    from accord.io.quotes import normalize

    return normalize(str(text or ""))[0].strip().rstrip(".").casefold()


def _covered(existing: Any, ev: dict[str, Any]) -> bool:
    """Whether ``ev`` is already among ``existing`` (one evidence mapping or a list): the
    same source citing the same words or more."""
    items = existing if isinstance(existing, list) else [existing] if existing else []
    quote = _plain(ev.get("quote"))
    for e in items:
        if not isinstance(e, dict) or e.get("source") != ev.get("source"):
            continue
        if quote and quote in _plain(e.get("quote")):
            return True
    return False


def _add_evidence(item: dict[str, Any], ev: dict[str, Any], key: str = "evidence") -> bool:
    """Add ``ev`` to ``item[key]`` (a list after the first); False when already cited."""
    have = item.get(key)
    if _covered(have, ev):
        return False
    if have is None:
        item[key] = ev
    elif isinstance(have, list):
        have.append(ev)
    else:
        item[key] = [have, ev]
    return True


def _need(p: dict[str, Any], key: str, known: dict[str, Any], what: str) -> str:
    value = p.get(key)
    if value is None or value not in known:
        listed = ", ".join(known) or "none"
        got = "none is set" if value is None else f"{value!r} is not one"
        raise ReviewError(
            f"proposal {p['id']} ({p.get('kind')}) is accepted but its {what}: {got}; "
            f"set '{key}' to one of: {listed} (or mark it rejected)"
        )
    return str(value)


def _calendar_round(doc: dict[str, Any], start: str | None, end: str | None = None) -> Any:
    """The calendar's past round whose days meet [start, end], if the scenario has one."""
    cal = doc.get("calendar")
    if not isinstance(cal, dict) or not start:
        return None
    end = end or start
    for r in cal.get("past") or []:
        a, b = str(r.get("start")), str(r.get("end") or r.get("start"))
        if a <= end and start <= b:
            return r
    return None


def _reported_round(doc: dict[str, Any], review_props: list[dict[str, Any]]) -> Any:
    """The calendar round of the report's dates (from its dates proposal, accepted or not)."""
    for q in review_props:
        if q.get("kind") == "dates":
            return _calendar_round(doc, q.get("start"), q.get("end"))
    return None


def _place_parts(venue: Any) -> list[str]:
    return [x.strip().casefold() for x in str(venue or "").split(",") if x.strip()]


def _vaguer_or_same(new: str, old: Any) -> bool:
    """Whether venue ``new`` says nothing ``old`` does not ("Geneva" of "Geneva,
    Switzerland")."""
    have = _place_parts(old)
    return bool(have) and all(x in have for x in _place_parts(new))


def _more_precise(new: str, old: Any) -> bool:
    """Whether venue ``new`` refines ``old`` ("InterContinental, Geneva, Switzerland" of
    "Geneva, Switzerland"); an empty ``old`` is refined by anything."""
    have = _place_parts(old)
    return not have or all(x in _place_parts(new) for x in have)


def _venue(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    venue = p.get("venue")
    if not venue:
        raise ReviewError(f"proposal {p['id']}: accepted venue has no 'venue'")
    out, doc = ctx.out, ctx.doc
    rnd = out.round
    own = rnd is None or ctx.is_own_round(
        str(rnd["start"]), str(rnd.get("end") or rnd["start"]), str(rnd["id"])
    )
    md = doc["metadata"]
    if own:
        old = md.get("venue")
        if _vaguer_or_same(venue, old):
            out.skipped.append(
                (
                    p["id"],
                    f"the scenario's venue {old!r} already says "
                    f"{venue!r} (kept, as precise or more)",
                )
            )
        elif _more_precise(venue, old):
            md["venue"] = venue
            out.changes.append(
                Change(p["id"], "venue", "metadata.venue", f"venue {old!r} -> {venue!r}", ev)
            )
        else:
            out.skipped.append(
                (
                    p["id"],
                    f"the scenario's venue is {old!r}, not {venue!r}: "
                    "correct it by hand if the report is right",
                )
            )
    if rnd is None:
        return
    old = rnd.get("venue")
    if _vaguer_or_same(venue, old):
        return
    if _more_precise(venue, old):
        rnd["venue"] = venue
        out.changes.append(
            Change(
                p["id"],
                "venue",
                f"calendar.past[{rnd['id']}].venue",
                f"round {rnd['id']} venue {old!r} -> {venue!r}",
                ev,
            )
        )
    else:
        out.skipped.append(
            (
                p["id"],
                f"round {rnd['id']} was held in {old!r}, not {venue!r}: "
                "correct it by hand if the report is right",
            )
        )


def _dates(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    start, end = p.get("start"), p.get("end")
    if not (isinstance(start, str) and isinstance(end, str)):
        raise ReviewError(f"proposal {p['id']}: accepted dates need 'start' and 'end'")
    if end < start:
        raise ReviewError(f"proposal {p['id']}: the round ends ({end}) before it starts ({start})")
    out, doc = ctx.out, ctx.doc
    if p.get("fulfils") is not None:
        ctx.fulfils = str(p["fulfils"])
    md = doc["metadata"]
    own = ctx.is_own_round(start, end, p.get("round_id"))
    cal = ctx.calendar
    summary: list[str] = []
    if own:
        a, b = str(md["start_date"]), str(md.get("end_date") or md["start_date"])
        if start < a or end > b:  # the report's range holds the old one and more
            md["start_date"], md["end_date"] = min(start, a), max(end, b)
            summary.append(f"dates {a}..{b} -> {md['start_date']}..{md['end_date']}")
    elif not md.get("start_date") and cal is None:
        md["start_date"], md["end_date"] = start, end
        summary.append(f"dates {start}..{end}")
        own = True
    if cal is not None:
        # a scenario with a calendar keeps its sittings in the calendar's rounds
        rid_given = p.get("round_id")
        if rid_given:  # the analyst names the round: that one, or a new one (two meetings
            # on the same days, say the mediator's with each side, are two rounds)
            rnd = next((r for r in cal.get("past") or [] if r.get("id") == rid_given), None)
        else:
            rnd = _calendar_round(doc, start, end)
        if rnd is None:
            rid = str(p.get("round_id") or _round_id(ctx.venue, start))
            taken = {
                str(r.get("id")) for r in [*(cal.get("past") or []), *(cal.get("future") or [])]
            }
            if rid in taken:
                raise ReviewError(
                    f"proposal {p['id']}: round id {rid!r} is taken; set another 'round_id'"
                )
            rnd = {"id": rid, "start": start}
            if end != start:
                rnd["end"] = end
            rnd["evidence"] = [ev]
            rnd["sessions"] = []
            cal.setdefault("past", []).append(rnd)
            cal["past"].sort(key=lambda r: str(r.get("start")))
            ctx.new_round = rnd
            summary.append(f"calendar round {rid} ({start}..{end}) added to calendar.past")
        else:
            a, b = str(rnd["start"]), str(rnd.get("end") or rnd["start"])
            if start < a or end > b:
                rnd["start"] = min(start, a)
                if max(end, b) != rnd["start"]:
                    rnd["end"] = max(end, b)
                summary.append(
                    f"round {rnd['id']} dates {a}..{b} -> "
                    f"{rnd['start']}..{rnd.get('end', rnd['start'])}"
                )
            if _add_evidence(rnd, ev):
                summary.append(f"round {rnd['id']}: evidence added")
        out.round = rnd
        sessions = rnd.setdefault("sessions", [])
    elif not own:
        out.skipped.append(
            (
                p["id"],
                f"the report is about another round ({start}..{end}) "
                f"than the scenario's ({md.get('start_date')}.."
                f"{md.get('end_date')}), and the scenario has no calendar to "
                "hold it: add one (docs/scenario-format.md, Calendar)",
            )
        )
        return
    else:
        sessions = doc.setdefault("sessions", [])
    have = {s.get("date") for s in sessions}
    listed = p.get("sessions")
    days = list(listed) if isinstance(listed, list) else _each_day(start, end)
    rounds, assumed = _per_session(p), ""
    if rounds is None and cal is not None:
        # a calendar's sittings need an exchange budget: the one it assumes for expected rounds
        rounds = _mid_rounds(_per_session(cal.get("expected") or {}))
        assumed = " (exchange budget assumed: the middle of the calendar's expected rounds)"
    added = [d for d in days if d not in have]
    for d in added:
        s: dict[str, Any] = {"date": d}
        if isinstance(rounds, int) and rounds > 0:
            s["exchanges"] = rounds
        s["note"] = f"Sitting reported in source {ev['source']}{assumed}."
        sessions.append(s)
    sessions.sort(key=lambda s: str(s.get("date")))
    if "sessions" in doc and not doc["sessions"]:
        doc.pop("sessions")
    if added:
        summary.append(f"sittings added on {', '.join(added)}")
    if summary:
        out.changes.append(Change(p["id"], "dates", _dates_path(out.round), "; ".join(summary), ev))


def _per_session(d: Any) -> Any:
    """The ``exchanges_per_session`` of a proposal or calendar entry (``rounds_per_session``,
    its former name, docs/deprecations.md); ``None`` without one."""
    if not isinstance(d, dict):
        return None
    value = d.get("exchanges_per_session")
    return d.get("rounds_per_session") if value is None else value


def _mid_rounds(value: Any) -> int | None:
    """The middle of an ``exchanges_per_session`` (a number or ``{low, high}``), rounded
    half up."""
    if isinstance(value, int):
        return value
    if isinstance(value, dict) and isinstance(value.get("low"), int):
        low = int(value["low"])
        high = value.get("high")
        return (low + (int(high) if isinstance(high, int) else low) + 1) // 2
    return None


def _dates_path(rnd: Any) -> str:
    return "metadata" if rnd is None else f"calendar.past[{rnd['id']}]"


def _each_day(start: str, end: str) -> list[str]:
    a, b = _day(start), _day(end)
    return [(a + _dt.timedelta(days=k)).isoformat() for k in range((b - a).days + 1)]


def _round_id(venue: str | None, start: str) -> str:
    """A new round's id: its place and first day (``geneva-2026-02-26``)."""
    place = _slug(str(venue).split(",")[0]) if venue else "round"
    return f"{place}-{start}"


def _duration(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    doc, out = ctx.doc, ctx.out
    rows = list(p.get("session_hours") or [])
    if "hours" in p and p.get("date"):
        rows.append({"hours": p["hours"], "date": p["date"]})
    done = []
    if isinstance(doc.get("calendar"), dict):
        rnd = out.round or (_calendar_round(doc, rows[0].get("date")) if rows else None)
        sessions = rnd.setdefault("sessions", []) if rnd is not None else []
    else:
        sessions = doc.setdefault("sessions", [])
    for r in rows:
        if not r.get("date"):
            continue
        match = next((s for s in sessions if s.get("date") == r["date"]), None)
        if match is None:
            if isinstance(doc.get("calendar"), dict) and out.round is None:
                continue
            match = {"date": r["date"]}
            sessions.append(match)
        old = match.get("duration_hours")
        if old == r["hours"]:
            continue
        if old is not None:
            out.skipped.append(
                (
                    p["id"],
                    f"the sitting of {r['date']} already lasted {old} h "
                    f"(not {r['hours']} h): correct it by hand if the report is "
                    "right",
                )
            )
            continue
        match["duration_hours"] = r["hours"]
        done.append(f"{r['date']}: {r['hours']} h")
        if r.get("quote"):
            ev = {**ev, "quote": r["quote"]}
    sessions.sort(key=lambda s: str(s.get("date")))
    if "sessions" in doc and not doc["sessions"]:
        doc.pop("sessions")
    if done:
        out.changes.append(
            Change(p["id"], "duration", "sessions", "sitting hours " + "; ".join(done), ev)
        )
    elif not rows:
        out.skipped.append(
            (
                p["id"],
                "a duration in days has no field in the scenario format "
                "(the dates and sessions carry it)",
            )
        )


def _names_of(party: dict[str, Any]) -> set[str]:
    names = {str(a).casefold() for a in party.get("aliases") or []}
    names |= {str(r.get("name", "")).casefold() for r in party.get("representatives") or []}
    return names


def _mediator_of(ctx: _Context, pid: str, person: str) -> str | None:
    """The mediator whose representative ``person`` is (or ``pid`` if it is a mediator)."""
    if ctx.parties[pid].get("role") == "mediator":
        return pid
    key = person.casefold()
    for qid, q in ctx.parties.items():
        if q.get("role") == "mediator" and key in _names_of(q):
            return qid
    return None


_MEDIATOR_TITLE = "Mediator's representative"


def _delegation(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    pid = _need(p, "party", ctx.parties, "party")
    head = p.get("head")
    if not head:
        raise ReviewError(f"proposal {p['id']}: accepted delegation has no 'head'")
    out = ctx.out
    mediator = _mediator_of(ctx, pid, head)
    if mediator is not None:
        _mediator_envoy(ctx, p, ev, mediator, [head, *(p.get("members") or [])])
        return
    party = ctx.parties[pid]
    reps = party.setdefault("representatives", [])
    same = next((r for r in reps if r.get("name") == head), None)
    rnd = out.round
    latest = rnd is None or rnd is _last_past(ctx.doc)
    changed = []
    if same is None or (latest and reps[0] is not same):
        if latest:
            for r in reps:
                if r.get("title") == "Head of delegation" and r.get("name") != head:
                    r["title"] = "Former head of delegation"
        if same is None:
            rep = {
                "name": head,
                "title": "Head of delegation" if latest else "Former head of delegation",
            }
            reps.insert(0 if latest else len(reps), rep)
        else:
            reps.remove(same)
            reps.insert(0, same)
        changed.append(f"{head} heads the delegation of {pid}")
    for m in p.get("members") or []:
        if not any(r.get("name") == m for r in reps):
            reps.append({"name": m, "title": "Delegation member"})
            changed.append(f"{m} a member of {pid}'s delegation")
    aliases = party.setdefault("aliases", [])
    for name in [head, *(p.get("members") or [])]:
        if name.casefold() not in {a.casefold() for a in aliases}:
            aliases.append(name)
    if changed:
        out.changes.append(
            Change(p["id"], "delegation", f"parties[{pid}].representatives", "; ".join(changed), ev)
        )
    if rnd is None:
        return
    dels = rnd.setdefault("delegations", [])
    entry: dict[str, Any] | None = next((d for d in dels if d.get("party") == pid), None)
    title = (same or {}).get("title") or "Head of delegation"
    if entry is None:
        entry = {"party": pid, "head": {"name": head, "title": title}}
        mem = [{"name": m} for m in p.get("members") or []]
        if mem:
            entry["members"] = mem
        entry["evidence"] = ev
        dels.append(entry)
        out.changes.append(
            Change(
                p["id"],
                "delegation",
                f"calendar.past[{rnd['id']}].delegations",
                f"{head} heads {pid}'s delegation in round {rnd['id']}",
                ev,
            )
        )
        return
    have = (entry.get("head") or {}).get("name")
    if have and have != head:
        out.skipped.append(
            (
                p["id"],
                f"{have} headed {pid}'s delegation in round {rnd['id']}, "
                f"not {head}: correct it by hand if the report is right",
            )
        )
        return
    if not have:
        entry["head"] = {"name": head, "title": title}
    members = entry.setdefault("members", [])
    new = [m for m in p.get("members") or [] if all(x.get("name") != m for x in members)]
    members.extend({"name": m} for m in new)
    if not members:
        entry.pop("members")
    if _add_evidence(entry, ev) or new or not have:
        out.changes.append(
            Change(
                p["id"],
                "delegation",
                f"calendar.past[{rnd['id']}].delegations[{pid}]",
                f"{pid}'s delegation in round {rnd['id']}: "
                + (
                    f"members {', '.join(new)} added"
                    if new
                    else "head"
                    if not have
                    else "evidence added"
                ),
                ev,
            )
        )


def _last_past(doc: dict[str, Any]) -> Any:
    cal = doc.get("calendar")
    past = cal.get("past") if isinstance(cal, dict) else None
    return past[-1] if past else None


def _mediator_envoy(
    ctx: _Context, p: dict[str, Any], ev: dict[str, Any], mediator: str, names: list[str]
) -> None:
    """The mediator's people are its representatives, never a party's delegation head."""
    party = ctx.parties[mediator]
    reps = party.setdefault("representatives", [])
    added = []
    for name in names:
        if not any(r.get("name") == name for r in reps):
            reps.append({"name": name, "title": _MEDIATOR_TITLE})
            added.append(name)
    aliases = party.setdefault("aliases", [])
    for name in names:
        if name.casefold() not in {a.casefold() for a in aliases}:
            aliases.append(name)
    what = f"{', '.join(names)}: representative of the mediator {mediator}"
    if p.get("party") != mediator:
        what += f" (proposed as head of {p.get('party')}'s delegation)"
    if added:
        ctx.out.changes.append(
            Change(p["id"], "delegation", f"parties[{mediator}].representatives", what, ev)
        )
    rnd = ctx.out.round
    if rnd is not None and not rnd.get("mediator"):
        rnd["mediator"] = mediator
        ctx.out.changes.append(
            Change(
                p["id"],
                "delegation",
                f"calendar.past[{rnd['id']}].mediator",
                f"round {rnd['id']} mediated by {mediator}",
                ev,
            )
        )
    elif not added:
        ctx.out.skipped.append((p["id"], f"{what}: already recorded"))


def _deadline(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    date = p.get("date")
    if not isinstance(date, str):
        raise ReviewError(f"proposal {p['id']}: accepted deadline has no resolved 'date'")
    dl = ctx.doc.setdefault("deadline", {})
    old = dl.get("date")
    if old == date:
        if _add_evidence(dl, ev):
            ctx.out.changes.append(
                Change(
                    p["id"], "deadline", "deadline.evidence", f"deadline {date}: evidence added", ev
                )
            )
        return
    dl["date"] = date
    if p.get("set_by"):
        dl["set_by"] = _need(p, "set_by", ctx.parties, "set_by party")
    if p.get("expression") and dl.get("interpreted"):
        dl["as_stated"] = p["expression"]
    dl["evidence"] = ev
    ctx.out.changes.append(
        Change(p["id"], "deadline", "deadline.date", f"deadline {old} -> {date}", ev)
    )


# -- claims ------------------------------------------------------------------------------------
_SUPPORTS = {"demand", "offer", "proposal", "acceptance"}
_VERB_OPTION = {
    "demand": "demands",
    "offer": "offers",
    "proposal": "proposes",
    "acceptance": "accepts",
    "rejection": "rejects",
    "agreement": "agreed on",
}
_VERB_NO_OPTION = {
    "demand": "makes a demand",
    "offer": "makes an offer",
    "proposal": "makes a proposal",
    "acceptance": "accepts a proposal",
    "rejection": "rejects a proposal",
    "agreement": "reached an agreement",
    "red_line": "draws a red line",
}
_OP_WORDS = {
    "==": "must be",
    "!=": "must not be",
    "in": "must be one of",
    "not in": "must be none of",
    "<=": "must be at most",
    ">=": "must be at least",
}


def _option_label(issue: dict[str, Any], value: Any) -> str:
    values = value if isinstance(value, list) else [value]
    labels = []
    for v in values:
        label = str(v)
        for o in issue.get("options") or []:
            if isinstance(o, dict) and o.get("value") == v and o.get("label"):
                label = str(o["label"])
        labels.append(f"“{label}”")
    return ", ".join(labels)


def claim_statement(
    ctype: str,
    who: str,
    issue: dict[str, Any],
    option: Any = None,
    op: str | None = None,
    quote: str = "",
) -> str:
    """The statement of a claim as a sentence: who, what, on which issue and option.

    >>> znpp = {"name": "Zaporizhzhia nuclear power plant",
    ...         "options": [{"value": "shared", "label": "Shared control with the US"}]}
    >>> claim_statement("rejection", "Russia", znpp, "shared")
    'Russia rejects “Shared control with the US” for the Zaporizhzhia nuclear power plant.'
    >>> claim_statement("rejection", "Russia", znpp, quote="which Moscow is unlikely to accept.")
    'Russia rejects a proposal on the Zaporizhzhia nuclear power plant (as reported: “which Moscow is unlikely to accept”).'
    """  # noqa: E501
    the = _issue_phrase(str(issue.get("name") or issue.get("id") or ""))
    if ctype == "red_line" and option is not None:
        return (
            f"{who} draws a red line: {the} {_OP_WORDS.get(op or '==', op)} "
            f"{_option_label(issue, option)}."
        )
    if option is not None and ctype in _VERB_OPTION:
        return f"{who} {_VERB_OPTION[ctype]} {_option_label(issue, option)} for {the}."
    verb = _VERB_NO_OPTION.get(ctype, ctype)
    words = " ".join(quote.split()).rstrip(" .")
    tail = f" (as reported: “{words}”)" if words else ""
    on = f" on {the}" if issue.get("name") or issue.get("id") else ""
    return f"{who} {verb}{on}{tail}."


#: First words of an issue name that are common nouns (written in lower case in a sentence);
#: of those, the ones that take no article ("control of ...", "sanctions relief").
_COMMON = frozenset(
    {
        "ceasefire",
        "moratorium",
        "prisoner",
        "prisoners",
        "energy",
        "nuclear",
        "peace",
        "humanitarian",
        "exchange",
        "monitoring",
    }
)
_NO_ARTICLE = frozenset(
    {
        "control",
        "status",
        "withdrawal",
        "territory",
        "sanctions",
        "security",
        "elections",
        "reconstruction",
    }
)


def _issue_phrase(name: str) -> str:
    first = name.split(maxsplit=1)[0].casefold() if name.split() else ""
    if first in _NO_ARTICLE:
        return name[:1].lower() + name[1:]
    if first in _COMMON:
        return "the " + name[:1].lower() + name[1:]
    return "the " + name


def _auto_statement(
    p: dict[str, Any], names: list[str], issue: dict[str, Any] | None = None
) -> bool:
    """Whether the proposal's statement is unset or the one the review file wrote (no
    option known then; an earlier version wrote "<Party> <verb>: <quote>"), to be written
    again as a sentence from the fields the analyst set."""
    st = p.get("statement")
    if not st:
        return True
    quote = " ".join(str(p.get("quote", "")).split())
    if any(str(st) == f"{n} {v}: {quote}" for n in names for v in _CLAIM_VERB.values()):
        return True
    if issue is None:
        return False
    ctype = str(p.get("type", ""))
    bare = {"id": issue.get("id"), "name": issue.get("id")}  # a review written without names
    return any(
        str(st) == claim_statement(ctype, n, x, quote=quote) for n in names for x in (issue, bare)
    )


def _claim(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    ctype = p.get("type")
    if ctype not in _CLAIM_VERB:
        raise ReviewError(f"proposal {p['id']}: unknown claim type {ctype!r}")
    parties, issues, out = ctx.parties, ctx.issues, ctx.out
    if ctype == "agreement" and out.round is not None and isinstance(ctx.calendar, dict):
        _round_agreement(ctx, p, ev)
        return
    iid = _need(p, "issue", issues, "issue")
    option = p.get("option")
    op = p.get("op")
    if option is not None:
        _check_option(p, issues[iid], option)
    if ctype == "agreement":
        who = [x for x in (p.get("parties") or []) if x]
        if not who:
            who = [q for q, d in parties.items() if d.get("role", "party") == "party"]
        for w in who:
            _need({"id": p["id"], "kind": "claim", "party": w}, "party", parties, "party")
    else:
        who = [_need(p, "party", parties, "party")]
    names = [str(parties[w].get("name") or w) for w in who]
    if _auto_statement(
        p, [*[str(parties[w].get("name") or w) for w in parties], " and ".join(names)], issues[iid]
    ):
        statement = claim_statement(
            str(ctype), " and ".join(names), issues[iid], option, op, str(p.get("quote") or "")
        )
    else:
        statement = str(p["statement"])
    if ctype == "red_line":
        _red_line(ctx, p, ev, who[0], iid, op, option, statement)
        return
    stance = "rejects" if ctype == "rejection" else "supports"
    for w in who:
        party = parties[w]
        if stance == "rejects" and option is not None:
            line = _same_red_line(party, iid, "!=", option)
            if line is not None:
                _restated(ctx, p, ev, f"parties[{w}].red_lines[{line.get('id')}]", line)
                continue
        pos = next(
            (
                x
                for x in party.get("positions") or []
                if x.get("issue") == iid
                and x.get("option") == option
                and x.get("stance", "supports") == stance
            ),
            None,
        )
        if pos is not None:
            _restated(ctx, p, ev, f"parties[{w}].positions[{iid}]", pos)
            continue
        new: dict[str, Any] = {"issue": iid, "statement": statement}
        if option is not None:
            new["option"] = option
        if stance != "supports":
            new["stance"] = stance
        new["evidence"] = ev
        party.setdefault("positions", []).append(new)
        out.changes.append(Change(p["id"], str(ctype), f"parties[{w}].positions", statement, ev))


def _check_option(p: dict[str, Any], issue: dict[str, Any], option: Any) -> None:
    values = [o["value"] if isinstance(o, dict) else o for o in issue.get("options", [])]
    for v in option if isinstance(option, list) else [option]:
        if values and v not in values:
            raise ReviewError(
                f"proposal {p['id']}: option {v!r} is not an option of issue "
                f"{issue.get('id')!r}; options are: {', '.join(map(str, values))}"
            )


def _same_red_line(party: dict[str, Any], iid: str, op: str, option: Any) -> Any:
    for r in party.get("red_lines") or []:
        if r.get("issue") != iid:
            continue
        if r.get("op") == op and r.get("value") == option:
            return r
        if op == "!=" and r.get("op") == "not in" and option in (r.get("value") or []):
            return r
    return None


def _restated(
    ctx: _Context, p: dict[str, Any], ev: dict[str, Any], path: str, item: dict[str, Any]
) -> None:
    """A claim the scenario already holds: its evidence is added (once)."""
    if _add_evidence(item, ev):
        ctx.out.changes.append(
            Change(
                p["id"],
                "evidence",
                f"{path}.evidence",
                f"evidence added to: {item.get('statement') or item.get('id')}",
                ev,
            )
        )
    else:
        ctx.out.skipped.append((p["id"], f"already recorded, with this quote: {path}"))


def _red_line(
    ctx: _Context,
    p: dict[str, Any],
    ev: dict[str, Any],
    who: str,
    iid: str,
    op: Any,
    option: Any,
    statement: str,
) -> None:
    party = ctx.parties[who]
    if op is None or option is None:
        have = [
            f"{r.get('id')} ({r.get('op')} {r.get('value')})"
            for r in party.get("red_lines") or []
            if r.get("issue") == iid
        ]
        hint = (
            (
                f"; {who}'s red lines on {iid}: {', '.join(have)} (the same op and option "
                "add this evidence to it)"
            )
            if have
            else ""
        )
        raise ReviewError(
            f"proposal {p['id']} (red line of {who} on {iid}) is accepted but says no "
            f"condition: set 'op' (==, !=, in, not in, <=, >=) and 'option' (or mark it "
            f"rejected){hint}"
        )
    line = _same_red_line(party, iid, op, option)
    if line is not None:
        _restated(ctx, p, ev, f"parties[{who}].red_lines[{line.get('id')}]", line)
        return
    lines = party.setdefault("red_lines", [])
    rid = _slug(f"{iid}-{p['id']}")
    taken = {r.get("id") for r in lines}
    while rid in taken:
        rid += "-x"
    lines.append(
        {"id": rid, "statement": statement, "issue": iid, "op": op, "value": option, "evidence": ev}
    )
    ctx.out.changes.append(
        Change(p["id"], "red_line", f"parties[{who}].red_lines[{rid}]", statement, ev)
    )


def _round_agreement(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    """An agreement reported of the round goes to what the round agreed."""
    rnd = ctx.out.round
    iid, option = p.get("issue"), p.get("option")
    if iid is not None:
        iid = _need(p, "issue", ctx.issues, "issue")
        if option is None:
            raise ReviewError(
                f"proposal {p['id']}: an agreement on issue {iid!r} names the "
                "option agreed: set 'option' (or clear 'issue' and give a PA-X "
                "'stage' or 'topics')"
            )
        _check_option(p, ctx.issues[iid], option)
    elif not (p.get("stage") or p.get("topics")):
        raise ReviewError(
            f"proposal {p['id']}: an agreement that maps to no issue needs a "
            "PA-X 'stage' (pre-negotiation, ceasefire, partial, comprehensive, "
            "implementation, renegotiation) or 'topics'"
        )
    agreed = rnd.setdefault("agreed", [])
    for a in agreed:
        if iid is not None and a.get("issue") == iid and a.get("option") == option:
            _restated(ctx, p, ev, f"calendar.past[{rnd['id']}].agreed[{a.get('id')}]", a)
            return
    who = [
        str(ctx.parties[w].get("name") or w) for w in p.get("parties") or [] if w in ctx.parties
    ] or ["The parties"]
    statement = (p.get("statement") if not _auto_statement(p, []) else None) or (
        claim_statement("agreement", " and ".join(who), ctx.issues[iid], option)
        if iid is not None
        else f"{' and '.join(who)} agreed (as reported: “{' '.join(ev['quote'].split())}”)."
    )
    aid = str(p.get("agreement_id") or _slug(f"{iid or 'agreed'}-{option or p['id']}"))
    taken = {a.get("id") for a in agreed}
    while aid in taken:
        aid += "-x"
    item: dict[str, Any] = {"id": aid, "statement": statement}
    if iid is not None:
        item["issue"], item["option"] = iid, option
    for key in ("stage", "topics", *_agreement_days()):
        if p.get(key):
            item[key] = p[key]
    item["evidence"] = ev
    agreed.append(item)
    ctx.out.changes.append(
        Change(p["id"], "agreement", f"calendar.past[{rnd['id']}].agreed", statement, ev)
    )


def _agreement_days() -> tuple[str, ...]:
    """The days an agreed item may give where the format has them: the day it was announced
    (``date``) and the last day of a time-limited one (``until``)."""
    from accord.io.schema import AgreedDoc

    return tuple(k for k in ("date", "until") if k in AgreedDoc.model_fields)


def _candidate(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    new = p.get("new_issue")
    if not isinstance(new, dict) or not new.get("id") or not new.get("options"):
        raise ReviewError(
            f"proposal {p['id']} (candidate issue {p.get('topic')!r}) is accepted but has no "
            "'new_issue: {id, name, kind, options}'; fill it in (or mark it rejected)"
        )
    if new["id"] in ctx.issues:
        raise ReviewError(f"proposal {p['id']}: issue {new['id']!r} already exists")
    issue = {
        "id": new["id"],
        "name": new.get("name") or p.get("topic"),
        "kind": new.get("kind", "categorical"),
        "options": new["options"],
    }
    for key in ("description", "status_quo"):
        if new.get(key) is not None:
            issue[key] = new[key]
    issue["aliases"] = list(dict.fromkeys([*(new.get("aliases") or []), p.get("topic")]))
    issue["aliases"] = [a for a in issue["aliases"] if a]
    ctx.doc.setdefault("issues", []).append(issue)
    ctx.issues[new["id"]] = issue
    ctx.out.changes.append(
        Change(
            p["id"],
            "issue",
            f"issues[{new['id']}]",
            f"new issue {new['id']!r} ({issue['name']})",
            ev,
        )
    )


def _round_formats() -> frozenset[str]:
    from accord.model.calendar import ROUND_FORMATS

    return frozenset(ROUND_FORMATS)


def _format(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    fmt = p.get("format")
    rnd = ctx.out.round
    out = ctx.out
    if rnd is None:
        out.skipped.append(
            (
                p["id"],
                "the round's format goes into the scenario's calendar: "
                "this scenario has no calendar round with the report's dates",
            )
        )
        return
    if (p.get("mediated") or fmt == "mediated") and not rnd.get("mediator"):
        mediators = [q for q, d in ctx.parties.items() if d.get("role") == "mediator"]
        if len(mediators) == 1:
            rnd["mediator"] = mediators[0]
            out.changes.append(
                Change(
                    p["id"],
                    "format",
                    f"calendar.past[{rnd['id']}].mediator",
                    f"round {rnd['id']} mediated by {mediators[0]}",
                    ev,
                )
            )
        if fmt == "mediated":
            return
    fmt = _mediator_format(ctx, rnd, fmt)
    formats = _round_formats()
    if not _is_format(fmt):
        out.skipped.append(
            (
                p["id"],
                f"format {fmt!r} is not a calendar format "
                f"({', '.join(sorted(formats))}); set one in the review",
            )
        )
        return
    old = rnd.get("format")
    if old == fmt:
        return
    if old is not None:
        out.skipped.append(
            (
                p["id"],
                f"round {rnd['id']} is recorded as {old}, not {fmt}: "
                "correct it by hand if the report is right",
            )
        )
        return
    rnd["format"] = fmt
    said = ""
    if _is_mediator_format(fmt):
        mediators = [q for q, d in ctx.parties.items() if d.get("role") == "mediator"]
        if not rnd.get("mediator") and len(mediators) == 1:
            rnd["mediator"] = mediators[0]
            said += f", mediated by {mediators[0]}"
        new = ctx.new_round
        if new is not None and rnd is new and new.get("sessions"):
            # the mediator meeting one side runs no negotiation session between the parties
            new.pop("sessions")
            said += " (no negotiation sittings: the mediator met one side)"
    out.changes.append(
        Change(
            p["id"],
            "format",
            f"calendar.past[{rnd['id']}].format",
            f"round {rnd['id']} format {fmt}{said}",
            ev,
        )
    )


def _mediator_format(ctx: _Context, rnd: dict[str, Any], fmt: Any) -> Any:
    """A bilateral meeting of the mediator with one side, in the calendar's own format for
    it (``mediator-<party>``) when the calendar has one."""
    mediator = rnd.get("mediator")
    sides = [d.get("party") for d in rnd.get("delegations") or [] if d.get("party") != mediator]
    if fmt in ("bilateral", "direct", None) and mediator and len(sides) == 1:
        special = f"mediator-{sides[0]}"
        if _is_format(special):
            return special
    return fmt


def _is_mediator_format(fmt: Any) -> bool:
    """Whether ``fmt`` is a meeting of the mediator with one side (``mediator-<party>``)."""
    return _is_format(fmt) and fmt not in _round_formats()


def _is_format(fmt: Any) -> bool:
    """Whether ``fmt`` is a format of the calendar (its list, or ``mediator-<party>`` where
    the calendar has the mediator's meetings with one side)."""
    import accord.model.calendar as cal

    if fmt in _round_formats():
        return True
    prefix = getattr(cal, "MEDIATOR_FORMAT_PREFIX", None)
    if not isinstance(prefix, str) or not prefix or not isinstance(fmt, str):
        return False
    return fmt.startswith(prefix) and fmt != prefix


def _next_round(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    cal, out = ctx.calendar, ctx.out
    if cal is None:
        out.skipped.append(
            (
                p["id"],
                "an announced next round goes into the scenario's "
                "calendar, and this scenario has none",
            )
        )
        return
    _check_ahead(ctx, p)
    date, window = p.get("date"), p.get("window")
    if window is not None and not (isinstance(window, list) and len(window) == 2 and all(window)):
        window = None
    fmt = _announced_format(p)
    for f in cal.get("future") or []:
        if f.get("status", "announced") != "announced":
            continue
        if fmt and f.get("format") and f["format"] != fmt:
            continue  # a meeting of another format is another announced round
        lo = f.get("date") or (f.get("window") or {}).get("earliest")
        hi = f.get("date") or (f.get("window") or {}).get("latest")
        if not (date or window) or (date and lo and hi and lo <= date <= hi):
            if not fmt and f.get("format") and date and f.get("window"):
                # dating a round of a known format from a report that names none could
                # move another format's round (the mediator's meeting with one side dated
                # into the trilateral round's window): the analyst says which it is
                raise ReviewError(
                    f"proposal {p['id']} (next round on {date}): the announced round "
                    f"calendar.future[{f.get('id')}] is {f['format']} and the proposal names no "
                    f"format; set 'format' to {f['format']} to date that round, or to the "
                    f"meeting's own format ({', '.join(_formats_named())}) to add it"
                )
            # the same announced round: its evidence, and its date when the report gives one
            if date and f.get("window"):
                f.pop("window")
                f["date"] = date
                _add_evidence(f, ev)
                out.changes.append(
                    Change(
                        p["id"],
                        "next_round",
                        f"calendar.future[{f.get('id')}].date",
                        f"announced round {f.get('id')} dated {date}",
                        ev,
                    )
                )
            else:
                _restated(ctx, p, ev, f"calendar.future[{f.get('id')}]", f)
            return
    rps = _per_session(p)
    assumed = ""
    if rps is None and isinstance(cal.get("expected"), dict):
        rps = _per_session(cal["expected"])
        assumed = " (exchanges per sitting: the calendar's expected rounds', an assumption)"
    if rps is None:
        out.skipped.append(
            (
                p["id"],
                "set 'exchanges_per_session' (an assumption: exchanges, offers and the "
                "answers to them, per sitting) in the review to add it to calendar.future",
            )
        )
        return
    # a copy: the calendar's expected rounds keep their own (no YAML alias between the two)
    entry: dict[str, Any] = {"status": "announced", "exchanges_per_session": copy.deepcopy(rps)}
    if fmt:
        entry["format"] = fmt
        mediators = [q for q, d in ctx.parties.items() if d.get("role") == "mediator"]
        if fmt != "direct" and len(mediators) == 1:
            entry["mediator"] = mediators[0]
    if date:
        entry["date"] = date
    elif window:
        entry["window"] = {"earliest": window[0], "latest": window[1]}
    else:
        out.skipped.append(
            (p["id"], "no date or window: set 'date' (YYYY-MM-DD) or 'window' in the review")
        )
        return
    nid = f"next-{entry.get('date') or entry['window']['earliest']}"
    taken = {str(r.get("id")) for r in [*(cal.get("past") or []), *(cal.get("future") or [])]}
    while nid in taken:
        nid += "-x"
    entry = {"id": nid, **entry}
    if p.get("venue"):
        entry["venue"] = p["venue"]
    entry["evidence"] = ev
    cal.setdefault("future", []).append(entry)
    out.changes.append(
        Change(
            p["id"],
            "next_round",
            f"calendar.future[{entry['id']}]",
            f"announced round {entry['id']}{assumed}",
            ev,
        )
    )


def _announced_format(p: dict[str, Any]) -> str | None:
    """The calendar format an announced-round proposal names (``None`` when it names none),
    or :class:`ReviewError` for one the calendar does not know."""
    fmt = p.get("format")
    if fmt is None or fmt == "":
        return None
    if not _is_format(fmt):
        raise ReviewError(
            f"proposal {p['id']} (next round): format {fmt!r} is not a calendar format; "
            f"set one of: {', '.join(_formats_named())}"
        )
    return str(fmt)


def _formats_named() -> list[str]:
    """The calendar's formats, with its ``mediator-<party>`` form, for messages."""
    from accord.model.calendar import MEDIATOR_FORMAT_PREFIX

    return [*sorted(_round_formats()), f"{MEDIATOR_FORMAT_PREFIX}<party>"]


def _check_ahead(ctx: _Context, p: dict[str, Any]) -> None:
    """A round to come starts after the day the scenario is known as of."""
    cal = ctx.calendar
    as_of = str((cal or {}).get("as_of") or "")
    window = p.get("window")
    first = p.get("date") or (window[0] if isinstance(window, list) and window else None)
    if as_of and isinstance(first, str) and first <= as_of:
        raise ReviewError(
            f"proposal {p['id']} ({p.get('kind')}): the round to come starts on {first}, not "
            f"after the scenario's as_of ({as_of}, the report's date at the latest); correct "
            "its 'date' or 'window' (or mark it rejected)"
        )


def _postponement(ctx: _Context, p: dict[str, Any], ev: dict[str, Any]) -> None:
    """An announced round put off (a new date or window) or called off, with the reason."""
    _check_ahead(ctx, p)
    cal = ctx.calendar
    if cal is None:
        ctx.out.skipped.append(
            (
                p["id"],
                "a postponement moves a round of the scenario's "
                "calendar, and this scenario has none",
            )
        )
        return
    future = [f for f in cal.get("future") or [] if f.get("status", "announced") == "announced"]
    target, given_up = p.get("round"), p.get("from")
    if target:
        match = [f for f in future if f.get("id") == target]
    elif isinstance(given_up, str):  # the day the round was to be held
        match = [f for f in future if _holds(f, given_up)] or (future if len(future) == 1 else [])
    else:
        match = future if len(future) == 1 else []
    new_day = p.get("date") or (p.get("window") or [None])[0]
    if not future and new_day and not p.get("cancelled"):
        # the scenario never recorded the round: it is announced for its new day
        before = list(cal.get("future") or [])
        _next_round(ctx, {**p, "kind": "next_round"}, ev)
        added = [f for f in cal.get("future") or [] if f not in before]
        if added:
            why = " ".join(str(p.get("reason") or p.get("why") or "").split()).rstrip(".")
            was = f" from {p['from']}" if p.get("from") else ""
            added[0]["note"] = f"Put off{was} ({ctx.report_date or 'undated report'})" + (
                f": {why}." if why else "."
            )
        return
    if len(match) != 1:
        ids = ", ".join(str(f.get("id")) for f in future) or "none"
        raise ReviewError(
            f"proposal {p['id']}: set 'round' to the announced round put off "
            f"(calendar.future: {ids})"
        )
    f = match[0]
    why = " ".join(str(p.get("reason") or p.get("why") or "no reason given").split()).rstrip(".")
    when = ctx.report_date or "undated report"
    if p.get("cancelled"):
        cal["future"] = [x for x in cal["future"] if x is not f]
        # the calendar's note keeps it, with where it is reported (the calendar carries no
        # evidence of its own)
        note = (
            f"Round {f.get('id')} was called off ({when}): {why} (source {ev['source']}: "
            f"“{ev['quote']}”)."
        )
        cal["note"] = (str(cal.get("note") or "") + " " + note).strip()
        ctx.out.changes.append(
            Change(p["id"], "postponement", f"calendar.future[{f.get('id')}]", note, ev)
        )
        return
    date, window = p.get("date"), p.get("window")
    old = (
        p.get("from")
        or f.get("date")
        or "..".join(str(x) for x in (f.get("window") or {}).values())
    )
    if date:
        f.pop("window", None)
        f["date"] = date
        new = str(date)
    elif isinstance(window, list) and len(window) == 2 and all(window):
        f.pop("date", None)
        f["window"] = {"earliest": window[0], "latest": window[1]}
        new = f"{window[0]}..{window[1]}"
    else:
        raise ReviewError(
            f"proposal {p['id']}: a postponement needs the new 'date' or "
            "'window' ([earliest, latest]); set 'cancelled: true' if the round "
            "was called off"
        )
    note = f"Postponed from {old} to {new} ({when}): {why}."
    f["note"] = (str(f.get("note") or "") + " " + note).strip()
    _add_evidence(f, ev)
    ctx.out.changes.append(
        Change(p["id"], "postponement", f"calendar.future[{f.get('id')}]", note, ev)
    )


def _holds(f: dict[str, Any], day: str) -> bool:
    """Whether announced round ``f`` was to be held on ``day`` (its date, or in its window)."""
    if f.get("date"):
        return str(f["date"]) == day
    w = f.get("window") or {}
    return bool(w) and str(w.get("earliest")) <= day <= str(w.get("latest"))


def _slug(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", s).strip("-").lower() or "red-line"


_HANDLERS = {
    "venue": _venue,
    "dates": _dates,
    "duration": _duration,
    "delegation": _delegation,
    "deadline": _deadline,
    "claim": _claim,
    "candidate": _candidate,
    "format": _format,
    "next_round": _next_round,
    "postponement": _postponement,
}
