"""Precision and recall of proposals against a hand annotation (a "gold" file).

A gold file (YAML) lists the items an analyst extracts from a report; ``party``, ``issue``,
``type`` and ``value`` may list every acceptable answer (``null`` allowed). A proposal is
right when it matches an annotated item of its kind; an item is found when some proposal
matches it. Claims and candidate topics must also overlap the annotated quote's span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accord.errors import AccordError
from accord.ingest.propose import IngestResult


@dataclass
class Score:
    """Precision and recall of the proposals of one kind against the annotation.

    ``proposed`` proposals of which ``correct`` match an annotated item; ``annotated`` items
    of which ``found`` are matched by some proposal; ``misses`` the items not found and
    ``wrong`` the proposals that match nothing, as readable lines.
    """

    kind: str
    proposed: int = 0
    correct: int = 0
    annotated: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        """``correct / proposed`` (0..1); ``None`` when nothing was proposed."""
        return self.correct / self.proposed if self.proposed else None

    @property
    def recall(self) -> float | None:
        """``found / annotated`` (0..1); ``None`` when nothing was annotated."""
        return self.found / self.annotated if self.annotated else None

    def add(self, other: Score) -> None:
        """Add the counts and lists of ``other`` to this score (to total over reports)."""
        self.proposed += other.proposed
        self.correct += other.correct
        self.annotated += other.annotated
        self.found += other.found
        self.misses += other.misses
        self.wrong += other.wrong


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read an annotation ("gold") file: a YAML mapping with a list of ``items``.

    The file's folder is kept under ``_dir`` (the report it annotates is named relative to
    it). Raises :class:`~accord.errors.AccordError` naming the file when it cannot be read or
    has another shape.
    """
    p = Path(path)
    try:
        gold = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AccordError(f"{p}: cannot read the annotation: {exc}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("items"), list):
        raise AccordError(f"{p}: an annotation is a mapping with a list of 'items'")
    gold["_dir"] = p.parent
    return gold


def _as_list(x: Any) -> list[Any]:
    return x if isinstance(x, list) else [x]


def _find(text: str, quote: str) -> tuple[int, int] | None:
    k = text.find(quote)
    if k >= 0:
        return k, k + len(quote)
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def _duration_matches(item: dict[str, Any], p: dict[str, Any]) -> bool:
    """A duration in days is exact; one in hours matches to the minute (an annotation writes
    40 minutes as 0.67 hours, a proposal may carry more decimals)."""
    if "days" in item:
        return bool(p.get("days") == item["days"])
    hours, want = p.get("hours"), item.get("hours")
    if "days" in p or hours is None or want is None:
        return False
    return abs(float(hours) - float(want)) < 1 / 60


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _matches(item: dict[str, Any], p: dict[str, Any], text: str) -> bool:
    kind = item["kind"]
    if kind == "venue":
        return str(p.get("venue", "")).lower() == str(item["value"]).lower()
    if kind == "dates":
        return bool(p.get("start") == item["start"] and p.get("end") == item["end"])
    if kind == "format":
        return p.get("format") in _as_list(item["value"])
    if kind in {"delegation", "head"}:
        if p.get("party") != item["party"]:
            return False
        return any(v.lower() in str(p.get("head", "")).lower() for v in _as_list(item["value"]))
    if kind == "duration":
        return _duration_matches(item, p)
    if kind == "next_round":
        return p.get("announced") is True and (item.get("date") in (None, p.get("date")))
    if kind == "deadline":
        parties = _as_list(item.get("party", [None]))
        return p.get("date") == item["date"] and (p.get("set_by") in parties or None in parties)
    if kind in {"claim", "candidate"}:
        quotes = _as_list(item.get("quote") or item.get("phrase"))
        spans = [s for s in (_find(text, q) for q in quotes) if s is not None]
        if not spans:
            raise AccordError(f"annotated quote not in the report: {quotes[0]!r}")
        if not any(_overlap((p["span"][0], p["span"][1]), s) for s in spans):
            return False
        if kind == "candidate":
            return True
        if p.get("type") not in _as_list(item["type"]):
            return False
        if p.get("issue") not in _as_list(item.get("issue", [None])):
            return False
        allowed = _as_list(item.get("party", [None]))
        if p.get("type") == "agreement":
            named = p.get("parties") or []
            return not named or any(x in allowed for x in named) or None in allowed
        return p.get("party") in allowed
    raise AccordError(f"unknown annotated kind {kind!r}")


#: annotated kind -> proposal kind
KIND_OF = {"head": "delegation"}


def score(result: IngestResult, gold: dict[str, Any]) -> dict[str, Score]:
    """Scores per kind of proposal for one report."""
    text = result.report.text
    items = gold["items"]
    kinds = sorted({KIND_OF.get(i["kind"], i["kind"]) for i in items}
                   | {p.kind for p in result.proposals})  # fmt: skip
    out: dict[str, Score] = {}
    for kind in kinds:
        sc = Score(kind)
        mine = [i for i in items if KIND_OF.get(i["kind"], i["kind"]) == kind]
        props = [p.to_dict() for p in result.proposals if p.kind == kind]
        # "duration" and "next_round" are one fact each: extra session-level details are
        # not counted against precision when the main one is right
        sc.annotated = len(mine)
        sc.proposed = len(props)
        for item in mine:
            if any(_matches(item, p, text) for p in props):
                sc.found += 1
            else:
                sc.misses.append(_label(item))
        for p in props:
            if any(_matches(item, p, text) for item in mine):
                sc.correct += 1
            else:
                sc.wrong.append(f"{p['id']} {_plabel(p)}")
        out[kind] = sc
    return out


def _label(item: dict[str, Any]) -> str:
    keys = ("party", "issue", "type", "value", "start", "date", "quote", "phrase", "days", "hours",
            "topic", "from")  # fmt: skip
    return str(item["kind"]) + " " + ", ".join(f"{k}={item[k]}" for k in keys if k in item)


def _plabel(p: dict[str, Any]) -> str:
    keys = ("type", "party", "parties", "issue", "venue", "start", "end", "format", "head",
            "days", "hours", "date", "topic")  # fmt: skip
    return (
        str(p["kind"])
        + " "
        + ", ".join(f"{k}={p[k]}" for k in keys if k in p and p[k] is not None)
        + f" | {p['quote'][:70]!r}"
    )


# -- facts without quotes: the real-report development set -----------------------------------
#: The fact kinds a quote-free annotation is scored by (claims are scored per type as
#: ``claim:<type>``; agreements on their own).
FACT_KINDS = (
    "venue", "dates", "format", "duration", "delegation", "next_round", "postponement",
    "deadline", "agreement", "claim", "candidate",
)  # fmt: skip


def _fact_kind(item_or_prop: dict[str, Any], is_item: bool) -> str:
    kind = str(item_or_prop["kind"])
    if kind in {"head", "member"}:
        return "delegation"
    if is_item and kind == "claim":
        return f"claim:{_as_list(item_or_prop['type'])[0]}"
    if not is_item and kind == "claim":
        t = item_or_prop.get("type")
        return "agreement" if t == "agreement" else f"claim:{t}"
    return kind


def _fact_matches(item: dict[str, Any], p: dict[str, Any]) -> bool:
    kind = item["kind"]
    if kind == "venue":
        return str(p.get("venue", "")).lower() == str(item["value"]).lower()
    if kind == "dates":
        return p.get("start") == item["start"] and p.get("end") in _as_list(item["end"])
    if kind == "format":
        return p.get("format") in _as_list(item["value"])
    if kind == "duration":
        return _duration_matches(item, p)
    if kind == "next_round":
        if p.get("announced") is not True:
            return False
        want = item.get("date")
        window = p.get("window") or [None, None]
        if (
            want is not None
            and want != p.get("date")
            and not (window[0] is not None and window[0] <= want <= (window[1] or window[0]))
        ):
            return False
        return not (item.get("venue") and p.get("venue") and p["venue"] != item["venue"])
    if kind == "postponement":
        new = p.get("date") or (p.get("window") or [None])[0]
        return p.get("from") == item["from"] and item.get("to") in (None, new)
    if kind == "deadline":
        return p.get("date") == item["date"] and item.get("party") in (None, p.get("set_by"))
    if kind == "agreement":
        return p.get("type") == "agreement" and p.get("issue") in _as_list(item["issue"])
    if kind == "claim":
        return (
            p.get("type") in _as_list(item["type"])
            and p.get("party") in _as_list(item["party"])
            and p.get("issue") in _as_list(item.get("issue"))
        )
    if kind == "candidate":
        topic = str(p.get("topic", "")).lower()
        return any(str(w).lower() in topic for w in _as_list(item["topic"]))
    raise AccordError(f"unknown annotated kind {kind!r}")


def _person_in(names: list[str], value: Any) -> bool:
    return any(str(v).lower() in n.lower() for v in _as_list(value) for n in names if n)


def score_facts(result: IngestResult, items: list[dict[str, Any]]) -> dict[str, Score]:
    """Scores per fact kind of one report against a quote-free annotation (``items``: facts in
    the annotator's words, no quotation of the report).

    Delegations count each proposed name (head or member) once: right when the annotation
    names that person in that party's delegation; an annotated head is found when a proposal
    names them head of that party, an annotated member when a proposal names them at all.
    Claims are scored by type (``claim:<type>``), party and issue; agreements by issue;
    candidate issues by any of the annotated topic words; next rounds by date (a window that
    contains it) and venue; postponements by the day given up and the new day.
    """
    out: dict[str, Score] = {}

    def sc(kind: str) -> Score:
        return out.setdefault(kind, Score(kind))

    props = [p.to_dict() for p in result.proposals]
    for item in items:
        kind = _fact_kind(item, True)
        s = sc(kind)
        s.annotated += 1
        if kind == "delegation":
            mine = [
                p for p in props if p["kind"] == "delegation" and p.get("party") == item["party"]
            ]
            if item["kind"] == "head":
                ok = any(_person_in([str(p.get("head") or "")], item["value"]) for p in mine)
            else:
                ok = any(
                    _person_in([str(p.get("head") or ""), *p.get("members", [])], item["value"])
                    for p in mine
                )
        else:
            want = "claim" if item["kind"] in {"agreement", "claim"} else item["kind"]
            ok = any(_fact_matches(item, p) for p in props if p["kind"] == want)
        if ok:
            s.found += 1
        else:
            s.misses.append(
                _label(item) + (f" issue={item.get('issue')}" if "issue" in item else "")
            )
    for p in props:
        if p["kind"] == "delegation":
            people: dict[str, list[str]] = {}
            for x in items:
                if x["kind"] in {"head", "member"}:
                    people.setdefault(x["party"], []).extend(str(v) for v in _as_list(x["value"]))
            s = sc("delegation")
            for name in [p.get("head"), *p.get("members", [])]:
                if not name:
                    continue
                s.proposed += 1
                if _person_in([str(name)], people.get(str(p.get("party")), [])):
                    s.correct += 1
                else:
                    s.wrong.append(f"{p['id']} delegation {p.get('party')}: {name}")
            continue
        kind = _fact_kind(p, False)
        s = sc(kind)
        s.proposed += 1
        if any(
            _fact_matches(x, p)
            for x in items
            if (x["kind"] in {"claim", "agreement"}) == (p["kind"] == "claim")
            and (p["kind"] == "claim" or x["kind"] == p["kind"])
        ):
            s.correct += 1
        else:
            s.wrong.append(f"{p['id']} {_plabel(p)}")
    return out
