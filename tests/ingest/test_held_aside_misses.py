"""The misses of the first held-aside set (scored once, then made development reports), each
written in our own words from the kind of phrasing that failed: a round told through a
statement issued after it, a capital standing for its state, delegation lists, "a new round
... held", readiness to hand something over, the mediator meeting one side.
"""

from __future__ import annotations

from datetime import date

from ingest_text import ingest


def test_a_round_told_through_the_statement_issued_after_it_is_the_main_event() -> None:
    # the statement's future tense ("will resume") is not the meeting's: it came after it
    text = (
        "Washington will restart its aid to Kyiv, a joint communique released after a "
        "meeting of the American and Ukrainian teams in Jeddah on Tuesday said."
    )
    got = ingest(text, date(2025, 3, 11))
    assert [v["venue"] for v in got["venue"]] == ["Jeddah"]
    assert got["dates"][0]["start"] == "2025-03-11"
    assert "next_round" not in got
    # the mediator and one side alone: a bilateral meeting
    assert [f["format"] for f in got["format"]] == ["bilateral"]


def test_a_capital_standing_for_its_state_is_not_the_venue() -> None:
    text = (
        "Envoys from Washington and the Kremlin sat down in Riyadh on Tuesday as "
        "US-Russia talks opened. Ankara's readiness to host later talks was noted."
    )
    got = ingest(text, date(2025, 2, 18))
    assert [v["venue"] for v in got["venue"]] == ["Riyadh"]
    assert [f["format"] for f in got["format"]] == ["bilateral"]


def test_a_new_round_told_as_held_is_not_the_next_round() -> None:
    text = (
        "Kyiv and Moscow agreed to swap 1,000 captives each after a new round of "
        "negotiations held in Istanbul on Friday."
    )
    got = ingest(text, date(2025, 5, 16))
    assert [v["venue"] for v in got["venue"]] == ["Istanbul"]
    assert "next_round" not in got


def test_people_coordinated_with_the_head_sit_in_the_same_side() -> None:
    text = (
        "US-Russia talks began in Riyadh on Tuesday. The Russian side was headed by "
        "Foreign Minister Sergey Lavrov and Kremlin aide Yuri Ushakov, while the US side "
        "was headed by Secretary of State Marco Rubio, envoy Steve Witkoff and adviser "
        "Mike Waltz."
    )
    got = {d["party"]: d for d in ingest(text, date(2025, 2, 18))["delegation"]}
    assert got["russia"]["head"] == "Sergey Lavrov" and got["russia"]["members"] == ["Yuri Ushakov"]
    assert got["united_states"]["head"] == "Marco Rubio"
    assert got["united_states"]["members"] == ["Steve Witkoff", "Mike Waltz"]


def test_the_one_joined_by_others_leads_them() -> None:
    text = (
        "Talks with Ukraine took place in Jeddah on Tuesday. Rubio was joined on the "
        "American side by adviser Mike Waltz and envoy Steve Witkoff."
    )
    got = {d["party"]: d for d in ingest(text, date(2025, 3, 11))["delegation"]}
    assert got["united_states"]["head"] == "Rubio"
    assert got["united_states"]["members"] == ["Mike Waltz", "Steve Witkoff"]


def test_readiness_to_hand_over_a_document_is_an_offer() -> None:
    text = (
        "Lavrov said on Wednesday that Moscow stood ready to present its memorandum to "
        "the Ukrainian side at the next meeting in Istanbul."
    )
    claims = ingest(text, date(2025, 5, 28))["claim"]
    assert [(c["type"], c["party"]) for c in claims] == [("offer", "russia")]


def claims_of(text: str, on: date) -> list[tuple[str, str | None, str | None]]:
    return [(c["type"], c.get("party"), c.get("issue")) for c in ingest(text, on).get("claim", [])]


def test_it_falls_on_a_side_to_accept_is_the_speakers_demand_not_its_acceptance() -> None:
    text = (
        "Talks ended in Jeddah on Tuesday. Rubio told reporters it was now up to Moscow "
        "to accept the truce."
    )
    got = claims_of(text, date(2025, 3, 11))
    assert got == [("demand", "united_states", "ceasefire_monitoring")]


def test_what_a_side_accepts_only_under_a_condition_is_no_acceptance() -> None:
    text = (
        "Kyiv backed a month-long truce in Jeddah on Tuesday, provided that Moscow also accepts it."
    )
    got = claims_of(text, date(2025, 3, 11))
    assert ("acceptance", "russia", "ceasefire_monitoring") not in got


def test_wanting_the_war_to_end_is_no_position() -> None:
    text = (
        "The meeting ended in Riyadh on Tuesday. Trump has long pressed for an end to the "
        "war, and he wants the fighting to stop."
    )
    assert claims_of(text, date(2025, 2, 18)) == []


def test_a_verb_joined_to_the_first_shares_its_subject() -> None:
    text = (
        "Talks open in Geneva on Tuesday. Moscow holds a fifth of Ukrainian land and "
        "demands that Kyiv withdraw from the rest of Donetsk."
    )
    assert ("demand", "russia", "donbas") in claims_of(text, date(2026, 2, 17))
    assert all(party != "ukraine" for _, party, _ in claims_of(text, date(2026, 2, 17)))


def test_a_sentence_dated_well_before_the_report_is_background() -> None:
    # a caption recalling the first round in a report of the second
    text = (
        "Second round opens\n\nThe delegations first met on May 16 at the Dolmabahce "
        "office. A trilateral meeting began on Monday at Ciragan Palace in Istanbul."
    )
    got = ingest(text, date(2025, 6, 2))
    assert got["dates"][0]["start"] == got["dates"][0]["end"] == "2025-06-02"


def test_hours_and_minutes_a_delay_and_a_sitting_of_a_longer_round() -> None:
    text = "Talks in Istanbul on Friday lasted about one hour and 45 minutes."
    assert ingest(text, date(2025, 5, 16))["duration"][0]["hours"] == 1.75
    late = "Talks in Istanbul on Wednesday started more than an hour later than planned."
    assert "duration" not in ingest(late, date(2025, 7, 23))
    # a two-day round: a two-hour meeting is one sitting, not the round's length
    two = (
        "The talks in Geneva on February 17 and 18 ended. Medinsky held a two-hour "
        "meeting with the Ukrainian side after the talks."
    )
    got = ingest(two, date(2026, 2, 18))
    assert got["dates"][0]["end"] == "2026-02-18" and "duration" not in got


def test_talks_moved_to_a_later_day_are_a_postponement_from_the_past_weekend() -> None:
    text = (
        "The Kremlin said on Monday that the talks in Abu Dhabi, which were meant to take "
        "place over the weekend, have been moved to Wednesday."
    )
    got = ingest(text, date(2026, 2, 2))
    assert got["postponement"][0]["from"] == "2026-02-01"
    assert got["postponement"][0]["date"] == "2026-02-04"


def test_a_plan_told_in_the_past_is_resolved_backwards_and_put_off_to_the_round_held() -> None:
    text = (
        "The second round began in Abu Dhabi on Wednesday. The round was first planned for "
        "Sunday but was postponed to fit the three sides' schedules."
    )
    got = ingest(text, date(2026, 2, 4))
    assert got["dates"][0]["start"] == "2026-02-04"
    assert got["postponement"][0]["from"] == "2026-02-01"
    assert got["postponement"][0]["date"] == "2026-02-04"


def test_what_a_sides_own_constitution_forbids_is_its_red_line() -> None:
    text = (
        "Talks open in Geneva on Tuesday. Kyiv's constitution bars it from handing over territory."
    )
    assert ("red_line", "ukraine", "donbas") in claims_of(text, date(2026, 2, 17))


def test_a_delegation_that_consists_of_people_is_headed_by_the_first_of_them() -> None:
    text = (
        "Talks began in Istanbul on Wednesday. The Ukrainian delegation consists of Rustem "
        "Umerov, the security council secretary, and officials of the intelligence service."
    )
    got = {d["party"]: d for d in ingest(text, date(2025, 7, 23))["delegation"]}
    assert got["ukraine"]["head"] == "Rustem Umerov"


def test_a_person_or_the_talks_themselves_are_no_candidate_topic() -> None:
    text = (
        "Talks ended in Jeddah on Tuesday. Kyiv proposed a meeting with Ukrainian "
        "President Volodymyr Zelensky, and Washington proposed the meeting in Jeddah."
    )
    topics = [c["topic"] for c in ingest(text, date(2025, 3, 11)).get("candidate", [])]
    assert not any("Zelensky" in t or "Jeddah" in t for t in topics)
