"""General causes of the misses and false proposals on the real development reports, each
written in our own words from the phrasing that failed: the format a report names (not the
parties it names), refusals to recognise or take part, exchanges of people as the prisoner
exchange, agreements over coordinated objects, hopes and visits that are not rounds, and
"today" inside a quotation.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from accord.ingest import propose
from accord.ingest.reader import report_from_bytes
from accord.io import load_scenario

ROOT = Path(__file__).resolve().parents[2]
GENEVA = load_scenario(ROOT / "src/accord/scenarios/geneva-2026.yaml")


def ingest(text: str, on: date) -> dict[str, list[dict]]:
    result = propose(report_from_bytes(text.encode(), "r.txt"), GENEVA, on)
    out: dict[str, list[dict]] = {}
    for p in result.proposals:
        assert text[p.span[0] : p.span[1]] == p.quote  # every span exact
        out.setdefault(p.kind, []).append(p.to_dict())
    return out


def formats(text: str, on: date = date(2025, 6, 2)) -> list[str]:
    return [p["format"] for p in ingest(text, on).get("format", [])]


# -- format: the word that names it, in the scenario's vocabulary ------------------------------
def test_direct_talks_are_the_direct_format_not_bilateral() -> None:
    text = ("Istanbul round over\n\nThe second round of direct talks between Moscow and Kyiv "
            "ended in Istanbul on Monday after about an hour.")  # fmt: skip
    assert formats(text) == ["direct"]


def test_naming_the_two_sides_says_nothing_of_who_sits_at_the_table() -> None:
    text = ("Istanbul round over\n\nNegotiations between Ukraine and Russia took place in "
            "Istanbul on Monday, with the Turkish foreign minister in the chair.")  # fmt: skip
    assert formats(text) == []


def test_a_word_counting_the_table_beats_direct_talks_said_earlier() -> None:
    text = ("Istanbul round over\n\nThe second round of direct talks between Moscow and Kyiv "
            "was held in Istanbul on Monday. It was a trilateral meeting of Turkish, Russian "
            "and Ukrainian delegations.")  # fmt: skip
    assert formats(text) == ["trilateral"]
