"""What an agreement is about: the object of the verb, not a word that names the talks, and
not what the same sentence says made no progress; and the candidate issues a report raises in
words of its own. Each report is written in our own words from the kind of phrasing real
reports use."""

from __future__ import annotations

from datetime import date

from ingest_text import ingest

ON = date(2025, 7, 24)


def agreed(text: str) -> list[str | None]:
    """The issues of the agreements proposed for a one-sentence report."""
    got = ingest("Talks in Istanbul\n\n" + text, ON)
    return [c.get("issue") for c in got.get("claim", []) if c["type"] == "agreement"]


def test_what_made_no_progress_is_no_further_object_of_the_agreement() -> None:
    text = "The two sides agreed to widen the swaps of prisoners, but no progress on a ceasefire."
    assert agreed(text) == ["prisoner_exchange"]
    text = "Both delegations agreed to more prisoner exchanges, with little headway on a ceasefire."
    assert agreed(text) == ["prisoner_exchange"]


def test_an_issue_naming_the_talks_is_not_what_was_agreed() -> None:
    text = "Negotiators agreed on a further POW swap at the second round of ceasefire talks."
    assert agreed(text) == ["prisoner_exchange"]


def test_swapping_soldiers_and_civilians_is_the_prisoner_exchange() -> None:
    text = "The delegations agreed to exchange service members and also some civilians."
    assert agreed(text) == ["prisoner_exchange"]


def test_european_capitals_at_the_talks_and_a_meeting_at_the_highest_level_are_candidates() -> None:
    got = ingest(
        "Talks in Geneva\n\nThe talks in Geneva ended on Wednesday. Advisers from France and "
        "Germany followed them from a room nearby. Both sides spoke of preparing a meeting at "
        "the highest level.",
        date(2026, 2, 18),
    )
    topics = {c["topic"].split(" (")[0] for c in got.get("candidate", [])}
    assert {"Europe's participation", "leaders' meeting"} <= topics


def test_both_sides_undertaking_the_same_thing_is_an_agreement() -> None:
    got = ingest(
        "Talks end in Abu Dhabi\n\nThe talks ended on Thursday. The US envoy said Ukraine and "
        "Russia would release 157 prisoners each in the coming days.",
        date(2026, 2, 5),
    )
    claims = [(c["type"], c.get("issue"), tuple(c.get("parties") or ())) for c in got["claim"]]
    assert claims == [("agreement", "prisoner_exchange", ("ukraine", "russia"))]


def test_what_one_side_says_the_other_must_accept_is_no_acceptance_of_the_other() -> None:
    got = ingest(
        "Talks in Istanbul\n\nThe US president said that Kyiv must quickly accept the plan.", ON
    )
    assert [(c["type"], c["party"]) for c in got["claim"]] == [("demand", "united_states")]


def test_agreeing_to_do_something_with_one_another_is_an_agreement() -> None:
    got = ingest(
        "Talks in Riyadh\n\nThe US and Russian ministers agreed to consult with one another "
        "each month.",
        date(2025, 2, 18),
    )
    assert [(c["type"], c["parties"]) for c in got["claim"]] == [
        ("agreement", ["united_states", "russia"])
    ]


def test_someone_expected_to_travel_is_asked_nothing() -> None:
    got = ingest(
        "Talks in Miami\n\nThe Ukrainian negotiator is expected to travel to Miami this week "
        "for more talks with the US envoys.",
        date(2025, 12, 3),
    )
    assert [c["type"] for c in got.get("claim", [])] == []


def test_the_us_peace_plan_is_a_candidate_issue() -> None:
    got = ingest(
        "Talks in Geneva\n\nUS and Ukrainian officials met in Geneva on Sunday to rework the "
        "28-point plan drafted in Washington.",
        date(2025, 11, 23),
    )
    assert "peace plan" in {c["topic"].split(" (")[0] for c in got.get("candidate", [])}


def test_a_charge_a_condition_and_a_claim_of_nobody_are_no_claims() -> None:
    for text in (
        "The Ukrainian president accused Russia of seeking to delay the talks on a ceasefire.",
        "Accepting this step towards a ceasefire depends on the other side, he said.",
        "No one seeks a ceasefire more than the people of Ukraine.",
    ):
        got = ingest("Talks in Geneva\n\n" + text, date(2026, 2, 18))
        assert [c["type"] for c in got.get("claim", [])] == [], text
