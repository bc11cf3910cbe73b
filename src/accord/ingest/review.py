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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accord.errors import AccordError
from accord.ingest.propose import IngestResult

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
    calendar round the report is about (``None`` until known).
    """

    document: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (proposal id, why)
    round: Any = None  # the calendar round the report is about, once known


# -- writing the review file ------------------------------------------------------------------
def review_document(result: IngestResult, scenario_ref: dict[str, Any]) -> dict[str, Any]:
    """The review document for ``result``; ``scenario_ref`` says where the scenario is
    (``{"path": ...}`` or ``{"record": ...}``)."""
    props = []
    for p in result.proposals:
        d = p.to_dict()
        item: dict[str, Any] = {"id": d.pop("id"), "status": "pending", "kind": d.pop("kind")}
        if item["kind"] == "claim":
            d.setdefault("option", None)
            if d.get("type") == "red_line":
                d.setdefault("op", None)
            d["statement"] = _statement(result, d)
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


def _statement(result: IngestResult, d: dict[str, Any]) -> str:
    names = result.party_names
    if d.get("party"):
        who = names.get(d["party"], d["party"])
    else:
        who = " and ".join(names.get(x, x) for x in d.get("parties") or []) or "The parties"
    verb = _CLAIM_VERB.get(d.get("type", ""), d.get("type", ""))
    quote = " ".join(str(d.get("quote", "")).split())
    return f"{who} {verb}: {quote}"


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
    """
    check_review(review)
    doc = copy.deepcopy(scenario_doc)
    out = Applied(doc)
    accepted = [p for p in review["proposals"] if p.get("status") == "accepted"]
    if not accepted:
        return out
    known = {s.get("id") for s in doc.get("sources", [])}
    if source_id is not None and source_id not in known:
        raise ReviewError(f"source {source_id!r} is not a source of the scenario")
    src = source_id or _add_source(doc, review.get("report") or {}, source_file)
    report_date = (review.get("report") or {}).get("date")
    parties = {p["id"]: p for p in doc.get("parties", [])}
    issues = {i["id"]: i for i in doc.get("issues", [])}
    out.round = _reported_round(doc, review["proposals"])
    order = {"dates": 0, "venue": 1, "duration": 2}
    for p in sorted(accepted, key=lambda q: order.get(str(q.get("kind")), 3)):
        kind = p.get("kind")
        handler = _HANDLERS.get(str(kind))
        if handler is None:
            raise ReviewError(f"proposal {p['id']}: unknown kind {kind!r}")
        ev = _evidence(p, src, report_date)
        handler(doc, p, ev, parties, issues, out)  # type: ignore[no-untyped-call]
    if out.changes and source_id is None:
        out.changes.insert(
            0, Change("-", "source", "sources", f"cite the report as source {src!r}", None)
        )
    elif source_id is None:
        doc["sources"] = [s for s in doc.get("sources", []) if s.get("id") != src]
    return out


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


def _venue(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
    venue = p.get("venue")
    if not venue:
        raise ReviewError(f"proposal {p['id']}: accepted venue has no 'venue'")
    old = doc["metadata"].get("venue")
    doc["metadata"]["venue"] = venue
    out.changes.append(
        Change(p["id"], "venue", "metadata.venue", f"venue {old!r} -> {venue!r}", ev)
    )
    rnd = out.round
    if (
        rnd is not None
        and rnd.get("venue") != venue
        and not str(rnd.get("venue", "")).startswith(venue)
    ):
        rnd["venue"] = venue
        out.changes.append(Change(p["id"], "venue", f"calendar.past[{rnd['id']}].venue",
                                  f"round {rnd['id']} venue -> {venue!r}", ev))  # fmt: skip


def _dates(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
    start, end = p.get("start"), p.get("end")
    if not (isinstance(start, str) and isinstance(end, str)):
        raise ReviewError(f"proposal {p['id']}: accepted dates need 'start' and 'end'")
    md = doc["metadata"]
    summary = f"dates {md.get('start_date')}..{md.get('end_date')} -> {start}..{end}"
    md["start_date"], md["end_date"] = start, end
    if isinstance(doc.get("calendar"), dict):
        # a scenario with a calendar keeps its sittings in the calendar's rounds
        rnd = _calendar_round(doc, start, end)
        if rnd is None:
            rid = f"round-{start}"
            rnd = {"id": rid, "start": start, "evidence": [ev], "sessions": []}
            if end != start:
                rnd["end"] = end
            doc["calendar"].setdefault("past", []).append(rnd)
            doc["calendar"]["past"].sort(key=lambda r: str(r.get("start")))
            summary += f"; calendar round {rid} added"
        out.round = rnd
        sessions = rnd.setdefault("sessions", [])
    else:
        sessions = doc.setdefault("sessions", [])
    have = {s.get("date") for s in sessions}
    added = [d for d in p.get("sessions") or [] if d not in have]
    for d in added:
        sessions.append({"date": d, "note": f"Sitting reported in source {ev['source']}."})
    sessions.sort(key=lambda s: str(s.get("date")))
    if not sessions and "sessions" in doc and not doc["sessions"]:
        doc.pop("sessions")
    if added:
        summary += f"; sessions added on {', '.join(added)}"
    out.changes.append(Change(p["id"], "dates", "metadata.start_date/end_date", summary, ev))


def _duration(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
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
        match["duration_hours"] = r["hours"]
        done.append(f"{r['date']}: {r['hours']} h")
        if r.get("quote"):
            ev = {**ev, "quote": r["quote"]}
    sessions.sort(key=lambda s: str(s.get("date")))
    if "sessions" in doc and not doc["sessions"]:
        doc.pop("sessions")
    if done:
        out.changes.append(Change(p["id"], "duration", "sessions", "sitting hours " +
                                  "; ".join(done), ev))  # fmt: skip
    else:
        out.skipped.append((p["id"], "a duration in days has no field in the scenario format "
                            "(the dates and sessions carry it)"))  # fmt: skip


def _delegation(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
    pid = _need(p, "party", parties, "party")
    head = p.get("head")
    if not head:
        raise ReviewError(f"proposal {p['id']}: accepted delegation has no 'head'")
    party = parties[pid]
    reps = party.setdefault("representatives", [])
    for r in reps:
        if r.get("title") == "Head of delegation" and r.get("name") != head:
            r["title"] = "Former head of delegation"
    same = next((r for r in reps if r.get("name") == head), None)
    if same is None:
        reps.insert(0, {"name": head, "title": "Head of delegation"})
    else:
        same["title"] = "Head of delegation"
    for m in p.get("members") or []:
        if not any(r.get("name") == m for r in reps):
            reps.append({"name": m, "title": "Delegation member"})
    aliases = party.setdefault("aliases", [])
    for name in [head, *(p.get("members") or [])]:
        if name.casefold() not in {a.casefold() for a in aliases}:
            aliases.append(name)
    out.changes.append(Change(p["id"], "delegation", f"parties[{pid}].representatives",
                              f"{head} heads the delegation of {pid}", ev))  # fmt: skip
    rnd = out.round
    if rnd is not None:
        dels = rnd.setdefault("delegations", [])
        entry = next((d for d in dels if d.get("party") == pid), None)
        if entry is None:
            entry = {"party": pid}
            dels.append(entry)
        entry["head"] = {"name": head, "title": "Head of delegation"}
        mem = [{"name": m, "title": "Delegation member"} for m in p.get("members") or []]
        if mem:
            entry["members"] = mem
        entry["evidence"] = ev
        out.changes.append(
            Change(
                p["id"],
                "delegation",
                f"calendar.past[{rnd['id']}].delegations",
                f"{head} heads {pid}'s delegation in round {rnd['id']}",
                ev,
            )
        )


def _deadline(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
    date = p.get("date")
    if not isinstance(date, str):
        raise ReviewError(f"proposal {p['id']}: accepted deadline has no resolved 'date'")
    dl = doc.setdefault("deadline", {})
    old = dl.get("date")
    dl["date"] = date
    if p.get("set_by"):
        dl["set_by"] = _need(p, "set_by", parties, "set_by party")
    dl["evidence"] = ev
    out.changes.append(Change(p["id"], "deadline", "deadline.date", f"deadline {old} -> {date}",
                              ev))  # fmt: skip


def _claim(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
    ctype = p.get("type")
    if ctype not in _CLAIM_VERB:
        raise ReviewError(f"proposal {p['id']}: unknown claim type {ctype!r}")
    iid = _need(p, "issue", issues, "issue")
    statement = p.get("statement") or f"{ctype}: {ev['quote']}"
    option = p.get("option")
    if option is not None:
        values = [o["value"] if isinstance(o, dict) else o for o in issues[iid].get("options", [])]
        if values and option not in values:
            raise ReviewError(
                f"proposal {p['id']}: option {option!r} is not an option of issue {iid!r}; "
                f"options are: {', '.join(map(str, values))}"
            )
    if ctype == "agreement":
        who = [x for x in (p.get("parties") or []) if x]
        if not who:
            who = [q for q, d in parties.items() if d.get("role", "party") == "party"]
        for w in who:
            _need({"id": p["id"], "kind": "claim", "party": w}, "party", parties, "party")
    else:
        who = [_need(p, "party", parties, "party")]
    if ctype == "red_line":
        op = p.get("op")
        if op is None or option is None:
            raise ReviewError(
                f"proposal {p['id']} (red line of {who[0]} on {iid}) is accepted but says no "
                "condition: set 'op' (==, !=, in, not in, <=, >=) and 'option' (or mark it "
                "rejected)"
            )
        party = parties[who[0]]
        lines = party.setdefault("red_lines", [])
        rid = _slug(f"{iid}-{p['id']}")
        taken = {r.get("id") for r in lines}
        while rid in taken:
            rid += "-x"
        lines.append({"id": rid, "statement": statement, "issue": iid, "op": op, "value": option,
                      "evidence": ev})  # fmt: skip
        out.changes.append(Change(p["id"], "red_line", f"parties[{who[0]}].red_lines[{rid}]",
                                  statement, ev))  # fmt: skip
        return
    for w in who:
        pos: dict[str, Any] = {"issue": iid, "statement": statement}
        if option is not None:
            pos["option"] = option
        pos["evidence"] = ev
        parties[w].setdefault("positions", []).append(pos)
        out.changes.append(Change(p["id"], ctype, f"parties[{w}].positions", statement, ev))


def _candidate(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
    new = p.get("new_issue")
    if not isinstance(new, dict) or not new.get("id") or not new.get("options"):
        raise ReviewError(
            f"proposal {p['id']} (candidate issue {p.get('topic')!r}) is accepted but has no "
            "'new_issue: {id, name, kind, options}'; fill it in (or mark it rejected)"
        )
    if new["id"] in issues:
        raise ReviewError(f"proposal {p['id']}: issue {new['id']!r} already exists")
    issue = {"id": new["id"], "name": new.get("name") or p.get("topic"),
             "kind": new.get("kind", "categorical"), "options": new["options"]}  # fmt: skip
    for key in ("description", "status_quo"):
        if new.get(key) is not None:
            issue[key] = new[key]
    issue["aliases"] = list(dict.fromkeys([*(new.get("aliases") or []), p.get("topic")]))
    issue["aliases"] = [a for a in issue["aliases"] if a]
    doc.setdefault("issues", []).append(issue)
    issues[new["id"]] = issue
    out.changes.append(Change(p["id"], "issue", f"issues[{new['id']}]",
                              f"new issue {new['id']!r} ({issue['name']})", ev))  # fmt: skip


_ROUND_FORMATS = {"direct", "bilateral", "trilateral", "multilateral", "proximity", "shuttle",
                  "working-groups"}  # fmt: skip


def _format(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
    fmt = p.get("format")
    rnd = out.round
    if rnd is None:
        out.skipped.append(
            (
                p["id"],
                "the round's format goes into the scenario's calendar: "
                "this scenario has no calendar round with the report's dates",
            )
        )
        return
    if fmt not in _ROUND_FORMATS:
        out.skipped.append(
            (
                p["id"],
                f"format {fmt!r} is not a calendar format "
                f"({', '.join(sorted(_ROUND_FORMATS))}); set one in the review",
            )
        )
        return
    rnd["format"] = fmt
    out.changes.append(Change(p["id"], "format", f"calendar.past[{rnd['id']}].format",
                              f"round {rnd['id']} format {fmt}", ev))  # fmt: skip


def _next_round(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
    cal = doc.get("calendar")
    if not isinstance(cal, dict):
        out.skipped.append((p["id"], "an announced next round goes into the scenario's "
                            "calendar, and this scenario has none"))  # fmt: skip
        return
    rps = p.get("rounds_per_session")
    if rps is None:
        out.skipped.append(
            (
                p["id"],
                "set 'rounds_per_session' (an assumption: negotiation "
                "rounds per sitting) in the review to add it to calendar.future",
            )
        )
        return
    entry: dict[str, Any] = {"status": "announced", "rounds_per_session": rps}
    if p.get("date"):
        entry["date"] = p["date"]
    elif p.get("window") and all(p["window"]):
        entry["window"] = {"earliest": p["window"][0], "latest": p["window"][1]}
    else:
        out.skipped.append((p["id"], "no date or window: set 'date' (YYYY-MM-DD) or 'window' "
                            "in the review"))  # fmt: skip
        return
    entry["id"] = f"next-{entry.get('date') or entry['window']['earliest']}"
    if p.get("venue"):
        entry["venue"] = p["venue"]
    entry["evidence"] = ev
    cal.setdefault("future", []).append(entry)
    out.changes.append(Change(p["id"], "next_round", f"calendar.future[{entry['id']}]",
                              f"announced round {entry['id']}", ev))  # fmt: skip


def _not_in_format(what: str):  # type: ignore[no-untyped-def]
    def handler(doc, p, ev, parties, issues, out):  # type: ignore[no-untyped-def]
        out.skipped.append((p["id"], f"{what} has no field in the scenario format yet"))

    return handler


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
}
