"""Who is at the table: the general ways reports name a delegation's people that the rules
missed on reports they had not seen, each written in our own words from the kind of phrasing
(never a report's wording): lists in the sentence after the one naming the delegation,
"attended by", sitting next to someone, "a member of the delegation", a side's negotiator,
"A will meet B", a delegation followed by a dash and its people, paired heads, surnames in
another romanisation, and the mediator's envoys at a meeting with a leader.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ingest_text import ingest as _ingest


def ingest(text: str, on: date = date(2025, 6, 2)) -> dict[str, list[dict[str, Any]]]:
    """The proposals by kind (the date defaults to a day of the Istanbul rounds)."""
    return _ingest(text, on)


def sides(text: str, on: date = date(2025, 6, 2)) -> dict[str, tuple[str, list[str]]]:
    """Per side, its proposed head and members."""
    return {d["party"]: (d["head"], d["members"]) for d in ingest(text, on).get("delegation", [])}


def test_a_list_in_the_sentence_after_the_delegation_belongs_to_that_delegation() -> None:
    text = (
        "Talks opened in Istanbul on Monday. The Kremlin signed off on its delegation late "
        "on Sunday. It comprises Deputy Defence Minister Pavel Orlov and General Ivan "
        "Sokolov. The delegation is headed by Vladimir Medinsky."
    )
    got = sides(text)
    head, members = got["russia"]
    assert head == "Vladimir Medinsky"
    assert set(members) == {"Pavel Orlov", "Ivan Sokolov"}


def test_he_will_be_joined_by_takes_the_side_of_the_person_just_named() -> None:
    text = (
        "Rustem Umerov will lead Kyiv's delegation at the talks in Geneva on Tuesday. "
        "He will be joined by the intelligence officer Taras Melnyk."
    )
    head, members = sides(text, date(2026, 2, 17))["ukraine"]
    assert head == "Rustem Umerov"
    assert members == ["Taras Melnyk"]


def test_attended_by_places_each_person_in_the_side_named_with_them() -> None:
    text = (
        "The talks in Riyadh on Tuesday were attended by Emirati minister Omar Saleh, "
        "Russian Foreign Minister Sergei Lavrov and US Secretary of State Marco Rubio. "
        "Lavrov was seated beside Kremlin adviser Yuri Ushakov."
    )
    got = sides(text, date(2025, 2, 18))
    assert got["russia"] == ("Sergei Lavrov", ["Yuri Ushakov"])
    assert got["united_states"][0] == "Marco Rubio"
    assert all("Saleh" not in h and all("Saleh" not in m for m in ms) for h, ms in got.values())


def test_a_member_named_by_apposition_or_as_a_sides_negotiator() -> None:
    text = (
        "Rustem Umerov led the Ukrainian delegation in Istanbul on Wednesday. Petro "
        "Bondar, a member of the Ukrainian delegation, said the exchange would go ahead. "
        "Russian negotiator Kirill Dmitriev told reporters the talks were useful."
    )
    got = sides(text, date(2025, 7, 23))
    assert got["ukraine"] == ("Rustem Umerov", ["Petro Bondar"])
    assert got["russia"][0] == "Kirill Dmitriev"


def test_members_named_as_a_list_in_a_sentence_of_their_own() -> None:
    text = (
        "Vladimir Medinsky heads Russia's delegation in Istanbul on Friday. Moscow's "
        "other negotiators were named as Deputy Foreign Minister Oleg Petrov and Admiral "
        "Igor Kostyukov."
    )
    head, members = sides(text, date(2025, 5, 16))["russia"]
    assert head == "Vladimir Medinsky"
    assert set(members) == {"Oleg Petrov", "Igor Kostyukov"}


def test_a_will_meet_b_names_the_people_of_two_sides() -> None:
    text = (
        "Steve Witkoff and Jared Kushner will meet Rustem Umerov in Geneva on Thursday "
        "for talks on the reconstruction package."
    )
    got = sides(text, date(2026, 2, 24))
    assert got["ukraine"][0] == "Rustem Umerov"
    us = {got["united_states"][0], *got["united_states"][1]}
    assert us == {"Steve Witkoff", "Jared Kushner"}
    # one side alone: no meeting of two sides, no delegation from it
    assert "delegation" not in ingest("Rustem Umerov will meet reporters in Kyiv on Thursday.")


def test_a_delegation_followed_by_a_dash_and_its_people() -> None:
    text = (
        '"Our talks with the US delegation have started -- with Steve Witkoff and Jared '
        'Kushner," the Ukrainian side said in Geneva on Thursday.'
    )
    got = sides(text, date(2026, 2, 26))
    us = {got["united_states"][0], *got["united_states"][1]}
    assert us == {"Steve Witkoff", "Jared Kushner"}


def test_paired_heads_take_the_sides_in_the_order_named_and_any_romanisation() -> None:
    text = (
        "Rustem Umierov and Vladimir Medinsky, the heads of the Ukrainian and Russian "
        "delegations in Istanbul, announced a new exchange on Wednesday."
    )
    got = sides(text, date(2025, 7, 23))
    assert got["ukraine"][0] == "Rustem Umierov"
    assert got["russia"][0] == "Vladimir Medinsky"


def test_the_mediators_envoys_at_a_meeting_with_a_leader_are_no_delegation() -> None:
    text = (
        "The round in Abu Dhabi follows talks in Moscow between President Vladimir Putin "
        "and US envoys Steve Witkoff and Jared Kushner that lasted three hours."
    )
    assert "united_states" not in sides(text, date(2026, 1, 23))


def test_those_who_take_part_sit_in_their_own_side() -> None:
    text = (
        "Russia sent a delegation to the talks in Abu Dhabi on Wednesday. The White House "
        "said envoys Steve Witkoff and Jared Kushner would take part. Kirill Dmitriev, the "
        "head of a state fund and a member of Moscow's negotiating team, flew in on Tuesday."
    )
    got = sides(text, date(2026, 2, 4))
    assert {got["united_states"][0], *got["united_states"][1]} == {"Steve Witkoff", "Jared Kushner"}
    assert "Kirill Dmitriev" in {got["russia"][0], *got["russia"][1]}


def test_a_list_laid_out_as_name_comma_title_lines_after_a_colon() -> None:
    text = (
        "The US and Ukrainian teams met in Jeddah on Tuesday.\n\n"
        "Among those at the meeting were:\n\n"
        "Mike Waltz, US National Security Adviser\n\n"
        "Faisal bin Farhan, Saudi Foreign Minister\n\n"
        "Marco Rubio, US Secretary of State\n\n"
        "Andrii Sybiha, Ukrainian Foreign Minister\n\n"
        "The talks lasted eight hours."
    )
    got = sides(text, date(2025, 3, 11))
    assert got["united_states"] == ("Marco Rubio", ["Mike Waltz"])
    assert got["ukraine"][0] == "Andrii Sybiha"
    assert all("Farhan" not in h and all("Farhan" not in m for m in ms) for h, ms in got.values())


def test_a_role_fronted_before_its_holder_and_the_people_a_side_sent() -> None:
    text = "Heading the Russian team at the talks in Istanbul on Monday was Vladimir Medinsky."
    assert sides(text)["russia"] == ("Vladimir Medinsky", [])
    text = (
        "Representing Kyiv in Istanbul on Monday were Rustem Umerov and Serhiy Kyslytsya. "
        "Moscow sent Vladimir Medinsky and Igor Kostyukov to the talks."
    )
    got = sides(text)
    assert got["ukraine"] == ("Rustem Umerov", ["Serhiy Kyslytsya"])
    assert got["russia"] == ("Vladimir Medinsky", ["Igor Kostyukov"])
    # sending something else is no delegation
    assert "delegation" not in ingest("Kyiv sent Rustem Umerov a letter on Monday.")


def test_members_told_as_part_of_the_team_or_fronted_on_the_delegation() -> None:
    text = (
        "Rustem Umerov led Kyiv's delegation in Geneva on Tuesday. Taras Melnyk and Petro "
        "Bondar were also part of the team."
    )
    assert sides(text, date(2026, 2, 17))["ukraine"] == (
        "Rustem Umerov",
        ["Taras Melnyk", "Petro Bondar"],
    )
    text = (
        "Moscow's delegation in Geneva on Tuesday was headed by Vladimir Medinsky. Also on "
        "the team were Oleg Petrov and Ivan Sokolov."
    )
    assert sides(text, date(2026, 2, 17))["russia"] == (
        "Vladimir Medinsky",
        ["Oleg Petrov", "Ivan Sokolov"],
    )


def test_led_by_each_person_on_their_named_side() -> None:
    text = (
        "The talks in Istanbul on Monday were led by Vladimir Medinsky for the Russian side "
        "and Rustem Umerov for the Ukrainian side."
    )
    got = sides(text)
    assert got["russia"][0] == "Vladimir Medinsky"
    assert got["ukraine"][0] == "Rustem Umerov"


# -- what they said --------------------------------------------------------------------------
def claims_of(text: str, on: date) -> list[tuple[str, Any, Any]]:
    """Each claim as (type, party or parties, issue)."""
    return [
        (c["type"], c.get("party") or tuple(c.get("parties") or ()), c["issue"])
        for c in ingest(text, on).get("claim", [])
    ]


def test_a_summit_proposed_by_a_date_sets_a_deadline_of_the_proposing_side() -> None:
    text = (
        "At the talks in Istanbul on Wednesday, Kyiv suggested that the two presidents meet "
        "before the end of September."
    )
    got = ingest(text, date(2025, 7, 23))["deadline"]
    assert [(d["date"], d["set_by"]) for d in got] == [("2025-09-30", "ukraine")]
    # "by" naming who made the proposal, with a day later in the sentence: no deadline
    text = "A plan proposed by Moscow was discussed in Istanbul on Friday."
    assert "deadline" not in ingest(text, date(2025, 5, 16))


def test_the_reader_addressed_by_the_page_agrees_to_nothing() -> None:
    text = (
        "By reading on you agree to the storing of cookies. Ukraine and "
        "Russia met in Istanbul on Friday."
    )
    assert all(t != "agreement" for t, _, _ in claims_of(text, date(2025, 5, 16)))


def test_agreeing_to_swap_is_an_agreement_even_with_one_side_named() -> None:
    text = "Moscow agreed to swap 500 prisoners at the talks in Abu Dhabi on Thursday."
    got = claims_of(text, date(2026, 2, 5))
    assert ("agreement", (), "prisoner_exchange") in got
    assert all(t != "acceptance" for t, _, _ in got)


def test_a_list_of_three_sides_agrees_together_and_a_weekday_may_sit_after_agreed() -> None:
    text = "Washington, Kyiv and Moscow agreed Thursday to a new swap of prisoners in Abu Dhabi."
    got = claims_of(text, date(2026, 2, 5))
    assert [t for t, _, i in got if i == "prisoner_exchange"] == ["agreement"]


def test_wanting_under_another_verb_and_a_stressed_need_are_demands() -> None:
    text = (
        "Moscow is seeking full control of the Donbas, officials said in Abu Dhabi on "
        "Friday. Kyiv stressed the need for a ceasefire first."
    )
    got = claims_of(text, date(2026, 2, 6))
    assert ("demand", "russia", "donbas") in got
    assert ("demand", "ukraine", "ceasefire_monitoring") in got
    # an errand ("went to Kyiv to seek advice") is no demand
    text = "The envoy flew to Kyiv to seek advice before the talks in Geneva on Monday."
    assert all(t != "demand" for t, _, _ in claims_of(text, date(2026, 2, 16)))


def test_a_sides_insistence_that_is_its_demand() -> None:
    text = "The Kremlin's insistence that Kyiv give up the Donbas stalled the talks on Friday."
    assert ("demand", "russia", "donbas") in claims_of(text, date(2026, 2, 6))


def test_a_relative_clause_between_subject_and_verb_is_not_the_subject() -> None:
    text = (
        "Russia, which holds a fifth of Ukraine, is demanding the rest of the Donbas, "
        "diplomats said on Friday."
    )
    got = claims_of(text, date(2026, 2, 6))
    assert ("demand", "russia", "donbas") in got
    assert all(p != "ukraine" for t, p, _ in got if t == "demand")


def test_what_a_side_is_asked_to_accept_is_not_its_acceptance() -> None:
    text = "Moscow keeps demanding Ukraine accept its terms on the Donbas, Kyiv said on Friday."
    got = claims_of(text, date(2026, 2, 6))
    assert all(t != "acceptance" for t, _, _ in got)
    assert ("demand", "russia", "donbas") in got


def test_coordinated_subjects_each_reject_and_vowing_not_to_recognise_is_a_rejection() -> None:
    text = (
        "Both Washington and Moscow ruled out a seat for Europe at the Riyadh talks on "
        "Tuesday. Zelensky vowed not to recognise any outcome reached without Kyiv."
    )
    got = claims_of(text, date(2025, 2, 18))
    assert {p for t, p, _ in got if t == "rejection"} >= {"united_states", "russia", "ukraine"}
    # a pair named after "between" is not the subject of what follows
    text = (
        "Peskov said any meeting between Zelensky and Putin would have to take place in "
        "Moscow, speaking on Friday."
    )
    assert all(p != "ukraine" for t, p, _ in claims_of(text, date(2026, 2, 6)) if t == "demand")


def test_refusing_the_conditions_just_stated_concerns_them_but_ultimatums_are_generic() -> None:
    text = (
        "Moscow demanded the whole of the Donbas on Friday. Kyiv refused these conditions. "
        "Kyiv would not accept ultimatums, its minister said."
    )
    got = claims_of(text, date(2026, 2, 6))
    assert ("rejection", "ukraine", "donbas") in got
    assert [c for c in got if c[0] == "rejection"] == [("rejection", "ukraine", "donbas")]


def test_each_coordinated_object_of_a_claim_is_claimed_but_a_condition_is_not_one() -> None:
    text = (
        "At the talks in Istanbul on Monday, Kyiv proposed a full truce and a summit of the "
        "two presidents."
    )
    got = claims_of(text, date(2025, 6, 2))
    assert ("proposal", "ukraine", "ceasefire_monitoring") in got
    assert ("proposal", "ukraine", None) in got
    text = (
        "At the talks in Istanbul on Monday, Moscow demanded a pull-out from the Donbas as "
        "the price of any truce."
    )
    got = claims_of(text, date(2025, 6, 2))
    assert ("demand", "russia", "donbas") in got
    assert ("demand", "russia", "ceasefire_monitoring") not in got


# -- new topics --------------------------------------------------------------------------------
def topics(text: str, on: date) -> list[str]:
    """The candidate topics proposed, by name (without the phrase that named them)."""
    return [c["topic"].split(" (")[0] for c in ingest(text, on).get("candidate", [])]


def test_a_meeting_of_the_leaders_named_with_their_titles_is_a_candidate() -> None:
    text = (
        "The talks in Riyadh on Tuesday are meant to prepare a meeting between US President "
        "Donald Trump and Russian leader Vladimir Putin."
    )
    assert "leaders' meeting" in topics(text, date(2025, 2, 18))


def test_groups_by_their_field_europes_countries_and_the_black_sea_are_candidates() -> None:
    text = (
        "On the second day in Abu Dhabi on Thursday, military and political groups met "
        "separately. Europe's countries were not invited to the talks. The sides also "
        "discussed safe navigation in the Black Sea and grain exports."
    )
    got = topics(text, date(2026, 2, 5))
    assert {"working groups", "Black Sea navigation", "agricultural exports"} <= set(got)
    text = "European countries were not invited to the talks in Riyadh on Tuesday."
    assert "Europe's participation" in topics(text, date(2025, 2, 18))


def test_a_persons_office_names_no_topic_and_a_word_cut_after_a_hyphen_is_none() -> None:
    text = (
        "Kirill Dmitriev, the Kremlin's envoy for investment and economic cooperation, was "
        "in Miami on Saturday before the talks in Abu Dhabi."
    )
    assert "economic cooperation" not in topics(text, date(2026, 2, 1))
    text = "Economic cooperation was discussed at the talks in Riyadh on Tuesday."
    assert "economic cooperation" in topics(text, date(2025, 2, 18))
    text = "Kyiv proposed 12-hour local pauses at the talks in Istanbul on Wednesday."
    assert all(not t.startswith("hour") for t in topics(text, date(2025, 7, 23)))


def test_refusing_to_answer_or_comment_rejects_nothing() -> None:
    text = (
        "At the talks in Istanbul on Monday, Medinsky refused to comment on the truce plan. "
        "Kyiv refused the truce plan."
    )
    got = claims_of(text, date(2025, 6, 2))
    assert [(t, p) for t, p, _ in got if t == "rejection"] == [("rejection", "ukraine")]


def test_ready_for_an_option_is_an_offer_but_ready_for_a_meeting_is_none() -> None:
    text = (
        "Kyiv is ready for a truce, Umerov said at the talks in Geneva on Tuesday. He said "
        "Ukraine was ready for the next meeting."
    )
    got = claims_of(text, date(2026, 2, 17))
    assert [c for c in got if c[0] == "offer"] == [("offer", "ukraine", "ceasefire_monitoring")]


def test_a_negated_claim_is_not_made() -> None:
    text = (
        "At the talks in Geneva on Tuesday, Moscow did not reject the truce. Kyiv is not "
        "demanding the Donbas back first. The two sides failed to agree on the Donbas. "
        "Washington not only proposed a truce but also a swap of prisoners."
    )
    got = claims_of(text, date(2026, 2, 17))
    assert all(t not in {"rejection", "demand", "agreement"} for t, _, _ in got)
    assert ("proposal", "united_states", "ceasefire_monitoring") in got


def test_accepting_only_on_a_condition_demands_the_condition() -> None:
    text = "Moscow would agree to a truce only once Kyiv leaves the Donbas, Peskov said on Friday."
    got = claims_of(text, date(2026, 2, 6))
    assert ("demand", "russia", "donbas") in got
    assert all(t not in {"acceptance", "agreement"} for t, _, _ in got)


def test_a_leader_with_titles_is_no_topic_but_a_meeting_of_leaders_is() -> None:
    text = (
        "At the talks in Istanbul on Friday, Moscow turned down a call by Ukrainian President "
        "Volodymyr Zelensky."
    )
    assert all("Zelensky" not in t for t in topics(text, date(2025, 5, 16)))
    text = (
        "At the talks in Istanbul on Friday, Kyiv proposed a meeting of Volodymyr Zelensky "
        "and Vladimir Putin."
    )
    assert "leaders' meeting" in topics(text, date(2025, 5, 16))


def test_a_condition_stated_and_expecting_another_to_act_are_demands() -> None:
    text = (
        "At the talks in Geneva on Tuesday, Moscow's chief condition was a pull-out from the "
        "Donbas. Russia also made a swap of prisoners a precondition for any truce. Kyiv "
        "expects Moscow to agree to a truce. Officials expect the talks to resume in March."
    )
    got = claims_of(text, date(2026, 2, 17))
    assert ("demand", "russia", "donbas") in got
    assert ("demand", "russia", "prisoner_exchange") in got
    assert ("demand", "ukraine", "ceasefire_monitoring") in got
    assert all(t != "acceptance" for t, _, _ in got)
    assert all(i is not None for t, _, i in got if t == "demand")


def test_negotiators_the_scenario_knows_are_at_the_table_however_the_report_names_them() -> None:
    # no role and no list cue: the record seats Kostyukov with Russia, Budanov with Ukraine
    text = (
        "Three-way talks open in Abu Dhabi\n\nTalks between Russia, Ukraine and the United States "
        "began in Abu Dhabi on Friday. Among those taking part are Steve Witkoff, Igor Kostyukov "
        "of military intelligence and Kyrylo Budanov. Sergei Beseda arrived later in the day."
    )
    got = sides(text, date(2026, 1, 23))
    assert {"Igor Kostyukov", "Sergei Beseda"} <= {got["russia"][0], *got["russia"][1]}
    assert got["ukraine"][0] == "Kyrylo Budanov"
    assert "Steve Witkoff" in {got["united_states"][0], *got["united_states"][1]}
    heads = [d.get("head") for d in ingest(text, date(2026, 1, 23))["delegation"]]
    assert "White House" not in heads


def test_people_on_a_call_leaders_and_the_absent_are_not_at_the_table() -> None:
    text = (
        "Talks open in Istanbul\n\nThe Russian and Ukrainian delegations met in Istanbul on "
        "Friday. Vladimir Medinsky was present for Russia. Sergei Lavrov did not attend, and "
        "Rustem Umerov joined by telephone. Vladimir Putin followed the talks from Moscow."
    )
    got = sides(text, date(2025, 5, 16))
    assert set(got) == {"russia"}
    assert got["russia"] == ("Vladimir Medinsky", [])


def test_people_of_a_round_only_announced_are_not_proposed_as_its_participants() -> None:
    text = (
        "Talks to resume next week\n\nRussia and Ukraine will meet in Geneva next Tuesday, the "
        "Kremlin said on Friday. Igor Kostyukov and Kyrylo Budanov are expected to attend."
    )
    assert "delegation" not in ingest(text, date(2026, 2, 13))


def test_a_stop_glued_to_the_next_sentence_still_ends_it() -> None:
    # page markup often drops the space after a stop: each sentence keeps its own side
    text = (
        "Talks end in Abu Dhabi\n\nThe talks ended in Abu Dhabi on Saturday. Yury Ushakov said "
        "the Russian group included defence officials, led by Igor Kostyukov, of the General "
        "Staff.The American delegation, including Army Secretary Daniel Driscoll, left for the "
        "airport."
    )
    got = sides(text, date(2026, 1, 24))
    assert got["russia"][0] == "Igor Kostyukov" and "Daniel Driscoll" not in got["russia"][1]
    assert "Daniel Driscoll" in {got["united_states"][0], *got["united_states"][1]}


def test_a_journalist_named_beside_a_delegation_sits_in_none() -> None:
    text = (
        "Talks end in Abu Dhabi\n\nThe talks ended in Abu Dhabi on Saturday. The US delegation "
        "included Steve Witkoff and Jared Kushner, a news site's journalist Dana Reporterova "
        "said. The Ukrainian delegation was led by Rustem Umerov, with Tom Quill, a "
        "correspondent for a wire service, and Kyrylo Budanov."
    )
    names = {n for head, members in sides(text, date(2026, 1, 24)).values()
             for n in [head, *members]}  # fmt: skip
    assert {"Steve Witkoff", "Rustem Umerov", "Kyrylo Budanov"} <= names
    assert not names & {"Dana Reporterova", "Tom Quill"}


def test_a_glued_stop_splits_only_between_words_in_lower_and_capital_case() -> None:
    from accord.ingest.text import sentences

    got = [s.text for s in sentences("Talks ended.The U.S. envoy left. See news.example.com.")]
    assert got == ["Talks ended.", "The U.S. envoy left.", "See news.example.com."]


def test_speaking_to_journalists_is_no_press_role() -> None:
    text = (
        "Talks end in Geneva\n\nThe talks ended in Geneva on Wednesday. Speaking to journalists, "
        "Vladimir Medinsky, the head of the Russian delegation, called them difficult."
    )
    assert sides(text, date(2026, 2, 18))["russia"][0] == "Vladimir Medinsky"


def test_the_heads_of_two_named_delegations_then_their_names_pair_in_order() -> None:
    text = (
        "Talks held in Istanbul\n\nRussia and Ukraine held talks in Istanbul on Wednesday. First, "
        "the heads of the Ukrainian and Russian delegations, Petro Ivanenko and Ivan Petrov, "
        "met alone."
    )
    got = sides(text, date(2025, 7, 23))
    assert got["ukraine"][0] == "Petro Ivanenko" and got["russia"][0] == "Ivan Petrov"
