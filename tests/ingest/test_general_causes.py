"""General causes of the misses and false proposals on the real development reports, each
written in our own words from the phrasing that failed: the format a report names (not the
parties it names), refusals to recognise or take part, exchanges of people as the prisoner
exchange, agreements over coordinated objects, hopes and visits that are not rounds, and
"today" inside a quotation.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest_text import ingest


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


# -- rejections: refusing an outcome or a part in talks, criticising a proposal ----------------
def claims(text: str, on: date) -> list[tuple[str, str | None, str | None]]:
    return [(p["type"], p.get("party"), p.get("issue")) for p in ingest(text, on).get("claim", [])]


@pytest.mark.parametrize(
    "sentence",
    [
        "Kyiv's president said his country would not recognise any deal struck in its absence.",
        "The Ukrainian leader said Ukraine would not take part in the meeting in Riyadh.",
        "Zelensky said Kyiv will never recognize any results reached without it.",
    ],
)
def test_refusing_an_outcome_or_a_part_is_a_rejection_not_a_red_line(sentence: str) -> None:
    text = f"US and Russian officials meet\n\nThe officials met in Riyadh on Tuesday. {sentence}"
    got = claims(text, date(2025, 2, 18))
    assert ("rejection", "ukraine", None) in got and not [c for c in got if c[0] == "red_line"]


def test_never_recognising_territory_stays_a_red_line() -> None:
    text = ("Talks in Geneva\n\nThe delegations met in Geneva on Tuesday. Kyiv said it would "
            "never recognise Donbas as Russian.")  # fmt: skip
    assert ("red_line", "ukraine", "donbas") in claims(text, date(2026, 2, 17))


def test_criticising_the_other_sides_proposal_is_a_rejection_of_it() -> None:
    text = ("After the Istanbul talks\n\nThe delegations met in Istanbul on Monday. Ukraine's "
            "president criticised Moscow's offer of a short ceasefire on parts of the front."
            )  # fmt: skip
    assert ("rejection", "ukraine", "ceasefire_monitoring") in claims(text, date(2025, 6, 3))


# -- agreements: an exchange of people is the prisoner exchange; coordinated objects -----------
def agreements(text: str, on: date) -> list[str | None]:
    return [p.get("issue") for p in ingest(text, on).get("claim", []) if p["type"] == "agreement"]


@pytest.mark.parametrize(
    "sentence",
    [
        "After the meeting both sides agreed to exchange civilians as well as soldiers.",
        "As a result, we have agreed to exchange a thousand-for-thousand, Umerov said.",
        "The two delegations agreed to carry out an exchange of the badly wounded.",
    ],
)
def test_an_exchange_of_people_is_the_prisoner_exchange(sentence: str) -> None:
    text = f"Istanbul talks end\n\nThe delegations met in Istanbul on Friday. {sentence}"
    assert "prisoner_exchange" in agreements(text, date(2025, 5, 16))


def test_an_exchange_of_documents_or_bodies_is_not() -> None:
    text = ("Istanbul talks end\n\nThe delegations met in Istanbul on Monday. The sides agreed "
            "to exchange documents and the bodies of fallen soldiers.")  # fmt: skip
    assert "prisoner_exchange" not in agreements(text, date(2025, 6, 2))


def test_an_agreement_over_two_coordinated_objects_gives_both_issues() -> None:
    text = ("Istanbul talks end\n\nThe delegations met in Istanbul on Friday. The sides agreed "
            "to swap 1,000 prisoners of war each and to set out their views of a ceasefire."
            )  # fmt: skip
    got = agreements(text, date(2025, 5, 16))
    assert "prisoner_exchange" in got and "ceasefire_monitoring" in got


# -- demands: one's own task, an intention, a claim with no content, asking in other words -----
@pytest.mark.parametrize(
    "sentence",
    [
        '"First of all we need to sort out the prisoner exchange," Umerov said.',
        "The minister said that Ukraine, above all, needs to take part in a prisoner exchange.",
        "The Kremlin wants to speed up the process, Peskov said.",
        "A source said Russia put forward demands that are unrealistic.",
    ],
)
def test_no_demand_from_an_own_task_an_intention_or_an_empty_claim(sentence: str) -> None:
    text = f"Istanbul talks end\n\nThe delegations met in Istanbul on Friday. {sentence}"
    assert not [c for c in claims(text, date(2025, 5, 16)) if c[0] == "demand"]


def test_a_condition_on_a_meeting_between_leaders_is_still_a_demand() -> None:
    text = ("Kremlin on talks\n\nPeskov repeated the Kremlin's position that any meeting between "
            "Zelensky and Vladimir Putin would have to take place in Moscow.")  # fmt: skip
    assert [c for c in claims(text, date(2026, 2, 2)) if c[:2] == ("demand", "russia")]


def test_we_must_have_guarantees_is_a_demand_of_the_speakers_side() -> None:
    text = ('Geneva talks\n\nThe delegations met in Geneva on Tuesday. "We must have a '
            'ceasefire first," Umerov said.')  # fmt: skip
    assert ("demand", "ukraine", "ceasefire_monitoring") in claims(text, date(2026, 2, 17))


@pytest.mark.parametrize(
    "sentence",
    [
        "According to Medinsky, Ukraine requested a ceasefire along the whole front.",
        "Zelensky said Ukraine expects a ceasefire proposal from Russia.",
    ],
)
def test_asking_in_other_words_is_a_demand(sentence: str) -> None:
    text = f"Istanbul talks end\n\nThe delegations met in Istanbul on Friday. {sentence}"
    assert ("demand", "ukraine", "ceasefire_monitoring") in claims(text, date(2025, 5, 16))


def test_waiting_for_an_answer_by_a_day_is_a_deadline_of_the_side_that_waits() -> None:
    text = ("After Istanbul\n\nThe delegations met in Istanbul on Monday. On a leaders' meeting, "
            "the Ukrainian delegation is waiting for an answer from Russia by the end of June."
            )  # fmt: skip
    got = [(p["date"], p["set_by"]) for p in ingest(text, date(2025, 6, 3)).get("deadline", [])]
    assert got == [("2025-06-30", "ukraine")]


# -- next rounds: hopes, wishes and visits are not announcements; "will meet on" is ------------
def next_rounds(text: str, on: date) -> list[dict]:
    return ingest(text, on).get("next_round", [])


@pytest.mark.parametrize(
    "sentence",
    [
        '"I believe all three leaders will gather in Istanbul soon," the Turkish minister said.',
        '"We wish that in the next round the sides will focus on a ceasefire," Umerov said.',
        "The Ukrainian president said he would visit Saudi Arabia on his own on Wednesday.",
    ],
)
def test_a_hope_a_wish_or_a_visit_is_no_next_round(sentence: str) -> None:
    text = f"Talks end\n\nThe delegations met in Istanbul on Wednesday. {sentence}"
    assert next_rounds(text, date(2025, 7, 23)) == []


def test_a_meeting_ahead_told_by_will_meet_with_its_day_is_the_next_round() -> None:
    text = ("Umerov to see US envoys\n\nZelensky said on Wednesday that Rustem Umerov will meet "
            "the US envoys Witkoff and Kushner in Geneva on February 26.")  # fmt: skip
    got = next_rounds(text, date(2026, 2, 25))
    assert [(p.get("date"), p.get("venue")) for p in got] == [("2026-02-26", "Geneva")]


# -- delegations: lists headed by the highest office, "respective", "accompanied" --------------
def delegations(text: str, on: date) -> dict[str, tuple[str, list[str]]]:
    return {p["party"]: (p["head"], p["members"]) for p in ingest(text, on).get("delegation", [])}


def test_a_list_with_no_head_named_is_headed_by_the_highest_office() -> None:
    text = ("US and Russian officials meet\n\nThe officials met in Riyadh on Tuesday. Washington's "
            "delegation included Special Envoy Steve Witkoff, Secretary of State Marco Rubio and "
            "National Security Adviser Mike Waltz. Russia was represented by presidential aide "
            "Yuri Ushakov, Foreign Minister Sergey Lavrov and Deputy Foreign Minister Sergei "
            "Ryabkov.")  # fmt: skip
    got = delegations(text, date(2025, 2, 18))
    assert got["united_states"][0] == "Marco Rubio"
    assert got["russia"][0] == "Sergey Lavrov" and "Yuri Ushakov" in got["russia"][1]


def test_two_heads_of_their_respective_delegations_and_who_accompanied_them() -> None:
    text = ("US and Russian officials meet\n\nOn Tuesday US Secretary of State Marco Rubio and "
            "Russian Foreign Minister Sergey Lavrov led their respective delegations in Riyadh. "
            "Adviser Mike Waltz and envoy Steve Witkoff accompanied Rubio, while Lavrov was "
            "joined by Kremlin aide Yuri Ushakov.")  # fmt: skip
    got = delegations(text, date(2025, 2, 18))
    assert got["united_states"][0] == "Marco Rubio" and got["russia"][0] == "Sergey Lavrov"
    assert {"Mike Waltz", "Steve Witkoff"} <= set(got["united_states"][1])
    assert "Yuri Ushakov" in got["russia"][1]


# -- dates and postponements ------------------------------------------------------------------
def test_a_plan_told_as_originally_slated_then_adjusted_is_a_postponement() -> None:
    text = ("Kremlin confirms Abu Dhabi dates\n\nThe second round will be held in Abu Dhabi on "
            'February 4 and 5, the Kremlin spokesman said. "The talks were originally [...] set '
            'for this past Sunday, but the schedules of the three sides needed more work," he '
            "said. The first meeting took place in Abu Dhabi on January 23 and 24.")  # fmt: skip
    got = ingest(text, date(2026, 2, 2))
    assert [(p["from"], p.get("date")) for p in got["postponement"]] == [
        ("2026-02-01", "2026-02-04")
    ]
    assert "dates" not in got  # the January round is background, Sunday was only planned


def test_today_in_a_speakers_words_is_not_the_reports_day() -> None:
    text = ('Jeddah talks\n\nThe US and Ukraine reached a ceasefire deal in Jeddah. "Today we '
            'made an offer that the Ukrainians accepted," Rubio said.')  # fmt: skip
    assert "dates" not in ingest(text, date(2025, 3, 12))


def test_pressure_to_agree_is_no_acceptance() -> None:
    text = ("Geneva talks end\n\nThe talks in Geneva ended on Wednesday. Ukraine has faced "
            "pressure from Washington to agree to an energy truce.")  # fmt: skip
    assert not [c for c in claims(text, date(2026, 2, 18)) if c[0] in {"acceptance", "agreement"}]


def test_talks_that_began_today_and_continue_over_two_days_run_forward() -> None:
    text = ("Abu Dhabi, Jan. 23 -- A trilateral meeting of Russian, US and Ukrainian delegations "
            'began on Friday evening in Abu Dhabi. "The talks started today and are scheduled to '
            'continue over two days," the UAE foreign minister said.')  # fmt: skip
    got = ingest(text, date(2026, 1, 23))
    assert [p["days"] for p in got["duration"]] == [2]
    assert [(p["start"], p["end"]) for p in got["dates"]] == [("2026-01-23", "2026-01-24")]


def test_a_meeting_of_the_talks_is_no_candidate_issue_nor_a_promise_to_announce_an_offer() -> None:
    text = ("Umerov to see US envoys\n\nThe delegations met in Geneva on Thursday. The meeting "
            "focused on an upcoming trilateral meeting. Umerov promised to soon announce the "
            "details of further talks.")  # fmt: skip
    got = ingest(text, date(2026, 2, 26))
    assert not [p for p in got.get("candidate", []) if "meeting" in p["topic"]]
    assert not [p for p in got.get("claim", []) if p["type"] == "offer"]


def test_three_sides_named_between_are_who_sits_at_the_table() -> None:
    text = ("Geneva talks end\n\nTalks between Russia, Ukraine and the United States aimed at "
            "ending the war wrapped up in Geneva on Wednesday.")  # fmt: skip
    assert formats(text, date(2026, 2, 18)) == ["trilateral"]
