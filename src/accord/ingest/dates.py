"""Date expressions in a report and their resolution against the report's date.

Absolute dates ("17-18 February 2026", "October 12", "2026-02-17"), weekdays ("on
Wednesday", "Monday and Tuesday", "the day before"), relative expressions ("next week",
"next month", "within the next two weeks", "earlier this week") and month deadlines ("by
June", "a June deadline", "by the end of the year") are found with their character span and
resolved to calendar dates. Direction matters: in a sentence about what happened a weekday is
the latest such day on or before the report's date; in a sentence about what will happen
(a deadline, a planned round) it is the next one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-eight": 48, "twenty-four": 24,
}  # fmt: skip

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:\s*/\s*(\d{4})-(\d{2})-(\d{2}))?\b")),
    (
        "day-month",
        re.compile(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|—|to|and)\s*(\d{{1,2}})(?:st|nd|rd|th)?)?"
            rf"\s+(?:of\s+)?({_MONTH})(?:,?\s+(\d{{4}}))?\b"
        ),
    ),
    (
        "month-day",
        re.compile(
            rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:\s*(?:-|–|—|to|and)\s*(\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(\d{{4}}))?\b"
        ),
    ),
    (
        "end-of",
        re.compile(
            rf"\b(?:the\s+)?(end|middle|beginning|start)\s+of\s+(?:(the\s+year|this\s+year|next\s+year"
            rf"|the\s+month|this\s+month|next\s+month)|({_MONTH})(?:\s+(\d{{4}}))?)",
            re.I,
        ),
    ),
    (
        "relative",
        re.compile(
            rf"\b(?:(?:within|in)\s+(?:the\s+)?(?:next\s+|coming\s+)?({_NUM})\s+(days?|weeks?|months?)"
            rf"|(next|this|last|coming|past)\s+(weekend|week|month|year)|(earlier|later)\s+this\s+(week|month)"
            rf"|(yesterday|today|tomorrow)|the\s+(day\s+before|previous\s+day|next\s+day|following\s+day|day\s+after))\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(next|last|this\s+past|past|this)\s+)?({_WD})(?:\s+(?:morning|afternoon|evening|night))?"
            rf"(?:\s*(?:and|-|–|to|through)\s*({_WD}))?\b"
        ),
    ),
    ("month", re.compile(rf"\b({_MONTH})(?:\s+(\d{{4}}))?\b")),
    ("year", re.compile(r"\b(?:in|since|by|until|of)\s+((?:19|20)\d{2})\b")),
]

_FUTURE = re.compile(
    r"\b(will|would|shall|next|planned|plans?|scheduled|expected|expects?|due|deadline|by|until|"
    r"before|no later than|upcoming|coming|set to|to meet|agreed to meet|again)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its span, the resolved first and last day, and how precise it is."""

    start: int
    end: int
    text: str
    value: date | None  # first day (or the day) it denotes; None if it could not be resolved
    last: date | None  # last day of a range ("17-18 February", "June"), else == value
    precision: str  # day | week | month | year
    rule: str

    def to_dict(self) -> dict[str, object]:
        """The mention as a JSON-ready dict: ``span``, ``date`` (first day) and ``last`` (last day)
        as ISO strings, ``None`` when unresolved.
        """
        return {
            "span": [self.start, self.end],
            "text": self.text,
            "date": self.value.isoformat() if self.value else None,
            "last": self.last.isoformat() if self.last else None,
            "precision": self.precision,
            "rule": self.rule,
        }


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _nearest_year(ref: date | None, month: int, day: int, future: bool) -> int | None:
    """The year of a day named without one ("February 17"): the occurrence nearest the
    report's date, as news reports name days close to their own; the sentence's direction
    decides only when that nearest day lies more than a month on the wrong side of the
    report's date ("a round planned for October 12" in February: this October, not last).
    """
    if ref is None:
        return None
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        d = _safe(y, month, min(day, calendar.monthrange(y, month)[1]))
        if d is not None and (best is None or abs((d - ref).days) < abs((best - ref).days)):
            best = d
    assert best is not None
    if future and (ref - best).days > 30:
        return best.year + 1
    if not future and (best - ref).days > 30:
        return best.year - 1
    return best.year


def _num(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else NUMBERS.get(s, 1)


def find_dates(
    text: str, ref: date | None, future: bool | None = None, anchor: date | None = None
) -> list[DateMention]:
    """Every date expression of ``text`` (one sentence, ideally), resolved against ``ref``.

    ``future`` says whether the sentence speaks of what will happen (guessed from its words
    when None). ``anchor`` is a day already named in the context ("the day before" counts
    from it).
    """
    if future is None:
        future = bool(_FUTURE.search(text))
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for rule, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            try:
                mention = _resolve(rule, m, ref, future, anchor)
            except (OverflowError, ValueError):  # reckoned past the ends of the calendar
                mention = None
            if mention is None:
                continue
            taken.append((s, e))
            out.append(mention)
    out.sort(key=lambda d: d.start)
    # "the day before" / "the next day" count from the nearest day resolved before them
    fixed: list[DateMention] = []
    last_day: date | None = anchor
    for d in out:
        if d.rule in {"relative.day-before", "relative.day-after"}:
            base = last_day
            if base is None:
                later = [x.value for x in out if x.start > d.start and x.precision == "day"]
                base = later[0] if later else None
            if base is not None and date.min < base < date.max:  # a day on each side
                v = base + timedelta(days=-1 if d.rule == "relative.day-before" else 1)
                d = DateMention(d.start, d.end, d.text, v, v, "day", d.rule)
        if d.value is not None and d.precision == "day":
            last_day = d.last or d.value
        fixed.append(d)
    return fixed


def _resolve(
    rule: str, m: re.Match[str], ref: date | None, future: bool, anchor: date | None
) -> DateMention | None:
    s, e = m.span()
    txt = m.group(0)

    def mk(v: date | None, last: date | None, precision: str, r: str) -> DateMention:
        return DateMention(s, e, txt, v, last if last is not None else v, precision, r)

    def year_for(month: int, day: int = 1) -> int | None:
        if ref is None:
            return None
        if future:
            return (
                ref.year if (month, day) >= (ref.month, ref.day if day > 1 else 1) else ref.year + 1
            )
        return ref.year if (month, day) <= (ref.month, ref.day if day > 1 else 31) else ref.year - 1

    if rule == "iso":
        a = _safe(int(m[1]), int(m[2]), int(m[3]))
        b = _safe(int(m[4]), int(m[5]), int(m[6])) if m[4] else a
        return None if a is None else mk(a, b, "day", "absolute.iso")
    if rule in {"day-month", "month-day"}:
        if rule == "day-month":
            d1, d2, mon, yr = m[1], m[2], m[3], m[4]
        else:
            mon, d1, d2, yr = m[1], m[2], m[3], m[4]
        month = MONTHS[mon.rstrip(".").lower()]
        day1 = int(d1)
        y = int(yr) if yr else _nearest_year(ref, month, day1, future)
        if y is None:
            return mk(None, None, "day", "absolute.no-year")
        a = _safe(y, month, day1)
        b = _safe(y, month, int(d2)) if d2 else a
        if a is None or b is None or b < a:
            return None
        return mk(a, b, "day", "absolute.date" if yr else "absolute.date-no-year")
    if rule == "end-of":
        part = m[1].lower()
        if m[2]:
            what = " ".join(m[2].lower().split())
            if ref is None:
                return mk(None, None, "month", "end-of.unresolved")
            if "year" in what:
                y = ref.year + (1 if what.startswith("next") else 0)
                a, b = date(y, 1, 1), date(y, 12, 31)
                return mk(b if part == "end" else a, b, "year", f"{part}-of.year")
            mm = ref.month + (1 if what.startswith("next") else 0)
            y = ref.year + (mm - 1) // 12
            mm = (mm - 1) % 12 + 1
            b = _month_end(y, mm)
            return mk(b if part == "end" else date(y, mm, 1), b, "month", f"{part}-of.month")
        month = MONTHS[m[3].rstrip(".").lower()]
        y2 = int(m[4]) if m[4] else year_for(month)
        if y2 is None:
            return mk(None, None, "month", "end-of.unresolved")
        b = _month_end(y2, month)
        first = date(y2, month, 1)
        v = b if part == "end" else (date(y2, month, 15) if part == "middle" else first)
        return mk(v, b, "day" if part != "beginning" else "month", f"{part}-of.month")
    if rule == "relative":
        if m[1]:
            n, unit = _num(m[1]), m[2].lower().rstrip("s")
            if ref is None:
                return mk(None, None, unit, "relative.unresolved")
            days = n * {"day": 1, "week": 7, "month": 30}[unit]
            v = ref + timedelta(days=days)
            return DateMention(s, e, txt, ref, v, "day", "relative.within")
        if m[3]:
            which, unit = m[3].lower(), m[4].lower()
            if ref is None:
                return mk(None, None, unit, "relative.unresolved")
            step = {"next": 1, "coming": 1, "this": 0, "last": -1, "past": -1}[which]
            if unit == "weekend":  # its Saturday and Sunday
                saturday = ref - timedelta(days=ref.weekday()) + timedelta(days=5, weeks=step)
                sunday = saturday + timedelta(days=1)
                return mk(saturday, sunday, "day", f"relative.{which}-weekend")
            if unit == "week":
                monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
                return mk(monday, monday + timedelta(days=6), "week", f"relative.{which}-week")
            if unit == "month":
                mm = ref.month + step
                y = ref.year + (mm - 1) // 12
                mm = (mm - 1) % 12 + 1
                return mk(date(y, mm, 1), _month_end(y, mm), "month", f"relative.{which}-month")
            y = ref.year + step
            return mk(date(y, 1, 1), date(y, 12, 31), "year", f"relative.{which}-year")
        if m[5]:
            if ref is None:
                return mk(None, None, "week", "relative.unresolved")
            monday = ref - timedelta(days=ref.weekday())
            if m[5].lower() == "earlier":
                return mk(monday, ref, "week", "relative.earlier-this-week")
            return mk(ref, monday + timedelta(days=6), "week", "relative.later-this-week")
        if m[7]:
            if ref is None:
                return mk(None, None, "day", "relative.unresolved")
            off = {"yesterday": -1, "today": 0, "tomorrow": 1}[m[7].lower()]
            return mk(ref + timedelta(days=off), None, "day", f"relative.{m[7].lower()}")
        which = " ".join(m[8].lower().split())
        r = (
            "relative.day-before"
            if which in {"day before", "previous day"}
            else "relative.day-after"
        )
        return mk(None, None, "day", r)
    if rule == "weekday":
        wd1 = WEEKDAYS[m[2].lower()]
        wd2 = WEEKDAYS[m[3].lower()] if m[3] else None
        if ref is None:
            return mk(None, None, "day", "weekday.unresolved")
        mod = (m[1] or "").lower()
        if mod in {"past", "this past"}:
            mod = "last"
        base = anchor or ref
        if mod == "next" or (future and mod != "last"):
            delta = (wd1 - base.weekday()) % 7 or (7 if mod == "next" else 0)
            a = base + timedelta(days=delta)
        else:
            a = base - timedelta(days=(base.weekday() - wd1) % 7)
            if wd2 is not None and wd2 < wd1:
                a -= timedelta(days=7)
        if wd2 is not None:
            b = a + timedelta(days=(wd2 - wd1) % 7)
            if not future and b > base:
                a -= timedelta(days=7)
                b -= timedelta(days=7)
            return mk(a, b, "day", "weekday.range")
        return mk(a, a, "day", "weekday")
    if rule == "month":
        word = m[1].rstrip(".").lower()
        if word == "may" and not m[2] and not re.match(r"May\b", m[1]):
            return None
        if word == "may" and not m[2]:
            # "May" the modal verb: only a month next to a preposition or a year
            before = m.string[max(0, s - 12) : s].lower()
            if not re.search(r"\b(in|by|of|since|until|from|early|late|mid|end)\s*-?$", before):
                return None
        month = MONTHS[word]
        y = int(m[2]) if m[2] else year_for(month)
        if y is None:
            return mk(None, None, "month", "month.unresolved")
        return mk(date(y, month, 1), _month_end(y, month), "month", "month")
    if rule == "year":
        y = int(m[1])
        return DateMention(m.start(1), e, m[1], date(y, 1, 1), date(y, 12, 31), "year", "year")
    return None


_HEADER_DATE = [
    re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b"),
    re.compile(rf"\b(\d{{1,2}})\s+({_MONTH}),?\s+(\d{{4}})\b"),
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
]


def report_date(text: str) -> tuple[date, int, int] | None:
    """The report's own date: the first full date in its first lines (dateline, byline)."""
    head = text[:800]
    best: tuple[date, int, int] | None = None
    for k, pattern in enumerate(_HEADER_DATE):
        for m in pattern.finditer(head):
            if k == 0:
                d = _safe(int(m[3]), MONTHS[m[1].rstrip(".").lower()], int(m[2]))
            elif k == 1:
                d = _safe(int(m[3]), MONTHS[m[2].rstrip(".").lower()], int(m[1]))
            else:
                d = _safe(int(m[1]), int(m[2]), int(m[3]))
            if d is not None and (best is None or m.start() < best[1]):
                best = (d, m.start(), m.end())
            break
    return best
