"""Which round a report is about, written in our own words from the kinds of phrasing that
failed on unseen reports: a round named only by its ordinal, the lead's tense deciding
between a round held and one announced (even for the report's own day), formats, venues and
dates of the main meeting only.
"""

from __future__ import annotations

from datetime import date

from ingest_text import ingest


def test_a_round_named_by_its_ordinal_with_a_past_verb_is_the_round_reported() -> None:
    # the future ("agreed to swap") is about the exchange, not about the round
    text = (
        "In the course of their fourth round of talks in Istanbul, Kyiv and Moscow agreed "
        "to swap another 500 captives. The Russian side also offered a short truce."
    )
    got = ingest(text, date(2025, 7, 23))
    assert [v["venue"] for v in got["venue"]] == ["Istanbul"]
    assert "next_round" not in got


def test_an_ordinal_round_with_its_own_future_is_the_next_round() -> None:
    text = (
        "The sides met in Istanbul on Monday for about an hour. A third round is expected "
        "to take place in Istanbul next month, the Turkish host said."
    )
    got = ingest(text, date(2025, 6, 3))
    assert [p["venue"] for p in got["next_round"]] == ["Istanbul"]
    assert got["dates"][0]["start"] == "2025-06-02"


def test_an_ordinal_round_dated_the_day_before_in_a_report_of_the_next_day() -> None:
    text = (
        "Kyiv and Moscow agreed on a new swap during their third round of direct talks in "
        "Istanbul on Wednesday, July 23. The sitting ended after less than an hour."
    )
    got = ingest(text, date(2025, 7, 24))
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2025-07-23", "2025-07-23")]
    assert "next_round" not in got


def test_a_round_announced_for_the_report_s_own_day_is_the_report_s_round() -> None:
    # the day's sitting is the report's main event: its venue, day and format, no next round
    text = (
        "Kyiv and Moscow will hold another sitting of direct talks in Istanbul today. The "
        "sitting is to begin at 13:00 local time in a palace on the Bosphorus."
    )
    got = ingest(text, date(2025, 6, 2))
    assert [v["venue"] for v in got["venue"]] == ["Istanbul"]
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2025-06-02", "2025-06-02")]
    assert [f["format"] for f in got["format"]] == ["direct"]
    assert "next_round" not in got


def test_a_meeting_scheduled_for_the_weekday_of_the_report_is_the_day_s_round() -> None:
    # "first" said of a meeting to come is no earlier round
    text = (
        "Envoys of the three countries to hold their first three-way talks in Abu Dhabi. "
        "Officials of Ukraine, the United States and Russia are scheduled to meet in Abu "
        "Dhabi on Friday for the first session of a working group on security."
    )
    got = ingest(text, date(2026, 1, 23))  # a Friday
    assert [v["venue"] for v in got["venue"]] == ["Abu Dhabi"]
    assert got["dates"][0]["start"] == "2026-01-23"
    assert [f["format"] for f in got["format"]] == ["trilateral"]
    assert "next_round" not in got


def test_a_round_announced_for_the_next_day_is_the_next_round_not_a_round_held() -> None:
    # an earlier, smaller meeting of the day is told after the lead: not the main event
    text = (
        "Turkey's foreign minister and the three delegations to meet in Istanbul on Friday. "
        "The minister is set to join the American, Russian and Ukrainian delegations in "
        "Istanbul for talks on ending the war. A preparatory meeting of the minister with "
        "the Russian side began on Thursday."
    )
    got = ingest(text, date(2025, 5, 15))
    assert "dates" not in got and "venue" not in got
    assert [p["date"] for p in got["next_round"]] == ["2025-05-16"]


def test_a_round_takes_its_written_date_before_the_day_a_source_spoke() -> None:
    text = (
        "The Russian team has landed in Istanbul for the talks. On Tuesday, a source said "
        "the delegations are expected to meet in Istanbul at 16:00 on July 23."
    )
    got = ingest(text, date(2025, 7, 23))
    assert [d["start"] for d in got["dates"]] == ["2025-07-23"]
    assert "next_round" not in got


def test_a_round_the_future_is_for_is_the_next_round() -> None:
    text = (
        "The sides met in Nairobi on Thursday. The mediator said both delegations would "
        "come back to Nairobi for a second round on 8 June."
    )
    got = ingest(text, date(2026, 5, 30))
    assert [(p["date"], p["venue"]) for p in got["next_round"]] == [("2026-06-08", "Nairobi")]


def test_talks_begun_with_a_later_meeting_named_after_them_are_held() -> None:
    # the main clause is held; the later meeting (with no day) comes in a clause after it
    text = (
        "Kyiv and Washington opened talks in Geneva on Thursday, Kyiv's negotiator said, "
        "adding that the sides would prepare the next meeting with Moscow."
    )
    got = ingest(text, date(2026, 2, 26))
    assert [v["venue"] for v in got["venue"]] == ["Geneva"]
    assert got["dates"][0]["start"] == "2026-02-26"
    assert all(p.get("date") is None for p in got.get("next_round", []))


def test_the_mediator_with_one_side_is_bilateral_however_named() -> None:
    for text in (
        "Talks between the United States and Russia took place in Riyadh on Tuesday.",
        "Ukrainian and U.S. delegations held talks in Jeddah on Tuesday.",
    ):
        got = ingest(text, date(2025, 3, 11))
        assert [f["format"] for f in got["format"]] == ["bilateral"], text


def test_the_first_day_of_a_round_is_not_an_earlier_round() -> None:
    text = (
        "The first day of the second round of trilateral talks between Russia, Ukraine and "
        "the United States began in Abu Dhabi on 4 February. The sides agreed a swap "
        "on Thursday."
    )
    got = ingest(text, date(2026, 2, 5))
    assert [f["format"] for f in got["format"]] == ["trilateral"]
    assert got["dates"][0]["start"] == "2026-02-04"


def test_an_announcement_told_in_the_past_of_the_round_reported_is_no_next_round() -> None:
    text = (
        "The two delegations will hold a second round of talks in Istanbul today. The new "
        "meeting was announced on 28 May by the foreign minister."
    )
    got = ingest(text, date(2025, 6, 2))
    assert "next_round" not in got


def test_a_postponement_takes_its_new_day_from_the_sentence_that_gives_it() -> None:
    # a header names the postponement first, without a day; the plan given up was told in the
    # past ("had been set for Sunday"), so it is neither the new day nor the next round's
    text = (
        "Home > World > Moscow explains why the three-way talks were put off\n\n"
        "The talks had been set for Sunday but were moved because of the calendars, the "
        "Kremlin said. The second round of trilateral talks between the Russian, Ukrainian "
        "and American teams will take place in Abu Dhabi later this week. Kyiv said the "
        "meeting had been rescheduled for 4 and 5 February."
    )
    got = ingest(text, date(2026, 2, 2))  # a Monday
    (post,) = got["postponement"]
    assert post["from"] == "2026-02-01"
    assert post["date"] == "2026-02-04"
    (nxt,) = got["next_round"]
    assert nxt["venue"] == "Abu Dhabi" and nxt["date"] != "2026-02-08"
    assert nxt["window"][0] <= "2026-02-04" <= nxt["window"][1]


def test_hours_of_a_truce_are_no_duration_of_the_talks() -> None:
    text = (
        "During the third round of talks in Istanbul the sides agreed to swap 1,000 captives. "
        "Moscow also offered a pause in fighting lasting between 24 and 48 hours."
    )
    got = ingest(text, date(2025, 7, 23))
    assert "duration" not in got


def test_a_palace_of_the_city_gives_the_city_as_the_venue() -> None:
    # "the first ... talks in three years" are these talks, not an earlier round
    text = (
        "Istanbul hosts the first direct talks between the two sides in three years. The "
        "Turkish foreign minister chaired the meeting in Istanbul's Dolmabahce Palace on "
        "Friday."
    )
    got = ingest(text, date(2025, 5, 16))
    assert [v["venue"] for v in got["venue"]] == ["Istanbul"]
    assert [f["format"] for f in got["format"]] == ["direct"]
    assert got["dates"][0]["start"] == "2025-05-16"


def test_a_city_after_in_is_the_place_even_before_a_verb() -> None:
    text = "The second round of direct talks in Istanbul has ended after about an hour."
    got = ingest(text, date(2025, 6, 2))
    assert [v["venue"] for v in got["venue"]] == ["Istanbul"]


def test_a_minister_arriving_for_the_day_s_meeting_gives_the_day_s_round() -> None:
    text = (
        "On 18 February 2025 the Russian foreign minister arrived in Riyadh for a meeting "
        "with the American delegation. The meeting is meant to mend relations."
    )
    got = ingest(text, date(2025, 2, 18))
    assert [v["venue"] for v in got["venue"]] == ["Riyadh"]
    assert got["dates"][0]["start"] == "2025-02-18"
    assert "next_round" not in got


def test_a_round_confirmed_for_later_days_makes_the_report_an_announcement() -> None:
    # a present-tense headline does not make the confirmed round one held
    text = (
        "The three sides open a third round of talks in Geneva\n\n"
        "Russia, Ukraine and the United States confirmed a third round of talks for Geneva "
        "on 17-18 February, with the delegations named on 14 February. The talks are the "
        "first held in Europe."
    )
    got = ingest(text, date(2026, 2, 16))
    assert "venue" not in got and "dates" not in got
    assert [(p["date"], p["venue"]) for p in got["next_round"]] == [("2026-02-17", "Geneva")]


def test_a_headline_in_the_present_tense_dates_the_round_to_the_report_s_day() -> None:
    text = (
        "Talks in Jeddah end with the US saying it is up to Moscow now\n\n"
        "Both delegations agreed to form negotiating teams, statements after the meeting "
        "in Jeddah said."
    )
    got = ingest(text, date(2025, 3, 11))
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2025-03-11", "2025-03-11")]


def test_a_round_begun_the_day_before_and_still_under_way_runs_to_the_report_s_day() -> None:
    text = (
        "The second round of trilateral talks began in Abu Dhabi on 4 February. The sides "
        "agreed a swap of prisoners at the talks under way in Abu Dhabi, the US envoy said."
    )
    got = ingest(text, date(2026, 2, 5))
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2026-02-04", "2026-02-05")]


def test_a_delay_of_something_other_than_the_talks_is_no_postponement() -> None:
    text = (
        "The delegations met in Istanbul on Friday. Each day that is put off costs more lives "
        "on the front, the Turkish minister said in his opening words at the talks."
    )
    got = ingest(text, date(2025, 5, 16))
    assert "postponement" not in got


def test_a_format_word_of_the_meeting_before_is_not_the_round_s() -> None:
    # "following the trilateral talks": an earlier meeting of the day, not this sitting's
    text = (
        "Today, Istanbul is hosting talks between the Russian and Ukrainian delegations. The "
        "sitting is being held in a palace office following the trilateral talks."
    )
    got = ingest(text, date(2025, 5, 16))
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2025-05-16", "2025-05-16")]
    assert all(f["format"] != "trilateral" for f in got.get("format", []))


def test_the_day_a_held_round_ended_is_not_the_next_round_s() -> None:
    text = (
        "Negotiators are due to meet again in Geneva next week, the Swiss foreign ministry "
        "said after the talks ended on Wednesday."
    )
    got = ingest(text, date(2026, 2, 18))
    (nxt,) = got["next_round"]
    assert nxt["date"] is None and nxt["window"] == ["2026-02-23", "2026-03-01"]


def test_the_first_talks_in_years_keep_their_venue() -> None:
    text = (
        "Ukraine and Russia held their first direct talks in more than three years in "
        "Istanbul on Friday, a meeting that lasted less than two hours."
    )
    got = ingest(text, date(2025, 5, 17))
    assert [v["venue"] for v in got["venue"]] == ["Istanbul"]
    assert got["dates"][0]["start"] == "2025-05-16"


def test_officials_who_will_sit_down_tomorrow_or_today() -> None:
    later = ingest(
        "Russian and US officials will sit down in Riyadh on Tuesday, the Kremlin said on Monday.",
        date(2025, 2, 17),
    )
    assert [(p["date"], p["venue"]) for p in later["next_round"]] == [("2025-02-18", "Riyadh")]
    assert "dates" not in later
    today = ingest(
        "Russian and US officials will sit down in Riyadh today, the Kremlin said.",
        date(2025, 2, 18),
    )
    assert [v["venue"] for v in today["venue"]] == ["Riyadh"]
    assert today["dates"][0]["start"] == "2025-02-18"
    assert "next_round" not in today


def test_a_meeting_put_off_and_now_set_for_new_days() -> None:
    text = (
        "The meeting of the three delegations in Abu Dhabi, initially planned for Sunday, "
        "will now take place on Wednesday and Thursday, Kyiv said."
    )
    got = ingest(text, date(2026, 2, 1))  # a Sunday
    (post,) = got["postponement"]
    assert post["from"] == "2026-02-01" and post["date"] == "2026-02-04"
    assert [p["date"] for p in got["next_round"]] == ["2026-02-04"]


def test_the_next_round_s_day_is_the_one_named_after_the_meeting() -> None:
    text = (
        "Kyiv's team flew to Abu Dhabi on Tuesday for talks with Moscow and Washington that "
        "are set to begin on Wednesday."
    )
    got = ingest(text, date(2026, 2, 3))  # a Tuesday
    assert [p["date"] for p in got["next_round"]] == ["2026-02-04"]
    assert "dates" not in got


def test_a_headline_telling_talks_begin_dates_the_round_to_the_report_s_day() -> None:
    text = (
        "Kyiv and Moscow open talks in Istanbul\n\n"
        "The two delegations began their talks at 13:30 local time in a palace by the sea."
    )
    got = ingest(text, date(2025, 5, 16))
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2025-05-16", "2025-05-16")]
    future = ingest(
        "Kyiv and Moscow to hold talks in Istanbul\n\nNo day was given.", date(2025, 5, 14)
    )
    assert "dates" not in future


def test_who_is_named_meeting_gives_the_format() -> None:
    cases = [
        ("Witkoff and Kushner met Umerov in Geneva on Thursday.", date(2026, 2, 26), "bilateral"),
        (
            "Umerov held talks with the American envoys in Miami on Saturday.",
            date(2025, 11, 30),
            "bilateral",
        ),
        (
            "Delegations from Russia, Ukraine and the United States met in Abu Dhabi on Friday.",
            date(2026, 1, 23),
            "trilateral",
        ),
        (
            "Russian and Ukrainian delegations met face to face in Istanbul on Friday.",
            date(2025, 5, 16),
            "direct",
        ),
        (
            "American experts met separately with the Ukrainian and Russian teams in Riyadh on "
            "Monday.",
            date(2025, 3, 24),
            "proximity",
        ),
    ]
    for text, on, fmt in cases:
        got = ingest(text, on)
        assert [f["format"] for f in got["format"]] == [fmt], text
    # the two sides named alone say nothing of who else sat with them
    got = ingest("Russian and Ukrainian delegations met in Istanbul on Friday.", date(2025, 5, 16))
    assert "format" not in got


def test_a_round_called_off_is_no_next_round_and_its_plan_is_the_nearest_day() -> None:
    text = (
        "Talks between the three delegations scheduled for Sunday have been called off, "
        "officials said."
    )
    got = ingest(text, date(2026, 1, 31))  # a Saturday: the Sunday is the next day
    (post,) = got["postponement"]
    assert post["from"] == "2026-02-01" and post.get("cancelled") is True
    assert "next_round" not in got


def test_talks_that_ended_after_two_days_and_talks_that_resumed() -> None:
    got = ingest("Talks ended late on Wednesday in Geneva after two days.", date(2026, 2, 19))
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2026-02-17", "2026-02-18")]
    assert [d["days"] for d in got["duration"]] == [2]
    got = ingest(
        "Talks resumed in Geneva on Wednesday after six hours of negotiations on Tuesday.",
        date(2026, 2, 18),
    )
    assert [v["venue"] for v in got["venue"]] == ["Geneva"]
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2026-02-17", "2026-02-18")]


def test_venues_told_otherwise() -> None:
    cases = [
        # the city a report is filed from, when nothing else names the place
        (
            "GENEVA (Reuters) - Ukrainian and Russian negotiators met for a second day on "
            "Wednesday in talks brokered by Washington.",
            date(2026, 2, 18),
            "Geneva",
        ),
        # a capital named by its country's adjective
        (
            "Talks held in the Saudi capital on Tuesday were the first between the two powers "
            "in years.",
            date(2025, 2, 18),
            "Riyadh",
        ),
        # a capital acting as its government is no venue; "the city of X" is a location
        (
            "Moscow and Kyiv negotiators met in the Turkish city of Istanbul on Friday, days "
            "after Washington pressed both sides to talk.",
            date(2025, 5, 16),
            "Istanbul",
        ),
    ]
    for text, on, venue in cases:
        got = ingest(text, on)
        assert [v["venue"] for v in got["venue"]] == [venue], text


def test_a_format_said_of_a_meeting_expected_later_is_not_the_round_s() -> None:
    text = (
        "The delegations met in Geneva on Tuesday. Kyiv's president said he expected a "
        "three-way meeting in early March."
    )
    got = ingest(text, date(2026, 2, 17))
    assert [v["venue"] for v in got["venue"]] == ["Geneva"]
    assert "format" not in got


def test_a_second_day_that_ended_does_not_run_to_the_report_s_day() -> None:
    text = "The second day of talks on Wednesday ended after two hours, Kyiv's team said."
    got = ingest(text, date(2026, 2, 19))
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2026-02-17", "2026-02-18")]


def test_the_day_s_round_keeps_the_report_s_day_beside_a_caption_s() -> None:
    text = (
        "The three sides to hold their first security talks in Abu Dhabi\n\n"
        "The Russian president at a meeting in Moscow on January 22. Officials of Ukraine, "
        "the United States and Russia are scheduled to meet in Abu Dhabi on Friday."
    )
    got = ingest(text, date(2026, 1, 23))  # a Friday
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2026-01-23", "2026-01-23")]


def test_a_capital_struck_or_insisting_is_no_venue() -> None:
    got = ingest(
        "The delegations met in Geneva on Tuesday as pressure on Washington grew and "
        "Washington insisted on its terms at the talks.",
        date(2026, 2, 17),
    )
    assert [v["venue"] for v in got["venue"]] == ["Geneva"]


def test_a_meeting_this_weekend_is_dated_to_its_saturday_and_sunday() -> None:
    text = "Kyiv's chief negotiator will fly to Miami this weekend for talks with the US envoys."
    got = ingest(text, date(2025, 12, 18))  # a Thursday
    (nxt,) = got["next_round"]
    assert nxt["venue"] == "Miami"
    assert nxt["window"] == ["2025-12-20", "2025-12-21"]


def test_days_named_after_the_round_goes_on_are_ahead() -> None:
    got = ingest(
        "The delegations met in Abu Dhabi on Tuesday, ahead of Wednesday's second sitting.",
        date(2026, 2, 3),  # a Tuesday
    )
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2026-02-03", "2026-02-04")]
    got = ingest(
        "The three-way talks in Geneva began on Tuesday and are resuming Wednesday.",
        date(2026, 2, 17),
    )
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2026-02-17", "2026-02-18")]
    assert "next_round" not in got


def test_a_lead_telling_of_a_round_put_off_is_not_about_a_side_meeting() -> None:
    text = (
        "The next round of three-way talks has been put off to Wednesday, Kyiv said. The "
        "talks, first set for Sunday, will now take place on 4 and 5 February in Abu Dhabi. "
        "Before the announcement, a Russian envoy met American officials in Florida."
    )
    got = ingest(text, date(2026, 2, 1))
    assert "venue" not in got and "dates" not in got
    assert [p["date"] for p in got["next_round"]] == ["2026-02-04"]
    assert [p["from"] for p in got["postponement"]] == ["2026-02-01"]


def test_a_round_put_off_and_then_held_is_the_round_reported() -> None:
    cases = [
        (
            "The talks, originally set for Sunday, took place in Abu Dhabi on Wednesday and "
            "Thursday.",
            date(2026, 2, 6),
            ("2026-02-04", "2026-02-05"),
        ),
        (
            "The talks, first planned for 1 February, were put off; the three delegations then "
            "met in Abu Dhabi on 4 and 5 February.",
            date(2026, 2, 6),
            ("2026-02-04", "2026-02-05"),
        ),
        (
            "After being postponed from Sunday, the three-way talks opened in Abu Dhabi on "
            "Wednesday.",
            date(2026, 2, 4),
            ("2026-02-04", "2026-02-04"),
        ),
    ]
    for text, on, days in cases:
        got = ingest(text, on)
        assert [v["venue"] for v in got["venue"]] == ["Abu Dhabi"], text
        assert [(d["start"], d["end"]) for d in got["dates"]] == [days], text
        assert [(p["from"], p["date"]) for p in got["postponement"]] == [
            ("2026-02-01", "2026-02-04")
        ], text
        assert "next_round" not in got, text


def test_durations_in_minutes_and_after_hours_of_talks() -> None:
    cases = [
        ("The talks in Istanbul on Wednesday lasted about 40 minutes.", date(2025, 7, 23), 0.67),
        ("The talks in Istanbul on Monday lasted an hour and ten minutes.", date(2025, 6, 2), 1.17),
        (
            "After nearly two hours of talks in Istanbul on Friday, the sides agreed a swap.",
            date(2025, 5, 16),
            2,
        ),
    ]
    for text, on, hours in cases:
        got = ingest(text, on)
        assert [d["hours"] for d in got["duration"]] == [hours], text
        assert [d["start"] for d in got["dates"]] == [on.isoformat()], text


def test_a_page_header_of_menus_and_other_headlines_does_not_hide_the_lead() -> None:
    header = "".join(f"Menu item {k}\nAnother headline of the day {k}\nFebruary 8, 2026\n"
                     for k in range(12))  # fmt: skip
    text = header + (
        "Kyiv and Moscow delegations opened talks in Geneva on Tuesday with the American "
        "envoys in the room. The sitting lasted about three hours."
    )
    got = ingest(text, date(2026, 2, 17))
    assert [v["venue"] for v in got["venue"]] == ["Geneva"]
    assert [(d["start"], d["end"]) for d in got["dates"]] == [("2026-02-17", "2026-02-17")]


def test_the_next_round_s_venue_is_no_capital_standing_for_its_state() -> None:
    text = (
        "The delegations met in Abu Dhabi on Thursday. Washington said the next round would "
        "be held in Geneva on 17 February."
    )
    got = ingest(text, date(2026, 2, 5))
    assert [(p["date"], p["venue"]) for p in got["next_round"]] == [("2026-02-17", "Geneva")]


def test_an_announced_meeting_takes_its_day_from_the_next_sentence_with_its_place() -> None:
    text = (
        "The two American envoys will meet Kyiv's chief negotiator in Geneva. The aim is to "
        'keep the talks going. "We fly to Geneva this Thursday," one of them said.'
    )
    got = ingest(text, date(2026, 2, 24))  # a Tuesday
    assert [(p["date"], p["venue"]) for p in got["next_round"]] == [("2026-02-26", "Geneva")]


def test_a_word_counting_sides_names_the_format_only_of_a_meeting() -> None:
    got = ingest(
        "Delegations of Russia, Ukraine and the United States met in Abu Dhabi on Friday; "
        "Moscow and Washington also spoke of restoring bilateral relations.",
        date(2026, 1, 23),
    )
    assert [f["format"] for f in got["format"]] == ["trilateral"]
    got = ingest("The meeting held in Jeddah on Tuesday was bilateral.", date(2025, 3, 11))
    assert [f["format"] for f in got["format"]] == ["bilateral"]


def test_talks_the_mediator_brokers_between_the_two_sides_are_three_way() -> None:
    held = ingest(
        "Talks end in Abu Dhabi\n\nRussian and Ukrainian negotiators wrapped up US-brokered "
        "talks in Abu Dhabi on Thursday with an agreement on a prisoner exchange.",
        date(2026, 2, 5),
    )
    assert [p["format"] for p in held["format"]] == ["trilateral"]
    ahead = ingest(
        "Next round set\n\nRussia and Ukraine will hold US-mediated talks in Geneva on "
        "February 17 and 18, both sides said on Friday.",
        date(2026, 2, 13),
    )
    assert "format" not in ahead  # no round of the report's own
    (nxt,) = ahead["next_round"]
    assert nxt["format"] == "trilateral" and nxt["date"] == "2026-02-17"


def test_an_announced_round_whose_format_is_not_told_has_none() -> None:
    got = ingest(
        "Talks next week\n\nThe delegations will meet again in Geneva on February 17, the "
        "Kremlin said on Friday.",
        date(2026, 2, 13),
    )
    (nxt,) = got["next_round"]
    assert "format" not in nxt


def test_a_round_said_to_last_two_days_ends_the_day_after_it_opens() -> None:
    got = ingest(
        "Talks open in Abu Dhabi\n\nRussian, Ukrainian and US delegations began talks in Abu "
        "Dhabi on Jan. 23. The host's foreign minister said the talks would last two days.",
        date(2026, 1, 23),
    )
    assert [(p["start"], p["end"]) for p in got["dates"]] == [("2026-01-23", "2026-01-24")]
    assert [p["days"] for p in got["duration"]] == [2]


def test_a_first_day_with_the_talks_going_on_tomorrow_is_a_round_of_two_days() -> None:
    got = ingest(
        "First day ends in Geneva\n\nThe negotiators wrapped up the first day of the talks in "
        "Geneva on February 17. The delegations said the talks will continue tomorrow.",
        date(2026, 2, 17),
    )
    assert [(p["start"], p["end"]) for p in got["dates"]] == [("2026-02-17", "2026-02-18")]
    # two days ago is no length of the talks
    got = ingest(
        "Talks held\n\nThe delegations held talks in Istanbul on Wednesday, which had been "
        "announced two days ago. They will last two days ago is not said here.",
        date(2025, 7, 23),
    )
    assert "duration" not in got


def test_a_round_held_with_no_day_named_is_the_news_of_the_reports_day() -> None:
    got = ingest(
        "Prisoners to be swapped\n\nAt the talks in Istanbul, the Russian and Ukrainian "
        "delegations agreed to exchange 1,200 prisoners of war.",
        date(2025, 7, 23),
    )
    (d,) = got["dates"]
    assert (d["start"], d["end"], d["evidence"]) == ("2025-07-23", "2025-07-23", "inferred")
    # what followed the meeting is often told a day or more later: no day from it
    got = ingest(
        "Aid resumes\n\nFollowing the meeting in Jeddah, Washington agreed to resume sending "
        "intelligence to Kyiv.",
        date(2025, 3, 12),
    )
    assert "dates" not in got


def test_a_late_start_or_a_feared_delay_is_no_postponement() -> None:
    got = ingest(
        "Talks held in Istanbul\n\nThe delegations met in Istanbul on Wednesday evening. The "
        "meeting had been delayed by more than an hour.",
        date(2025, 7, 23),
    )
    assert "postponement" not in got and got["dates"][0]["start"] == "2025-07-23"
    got = ingest(
        "Talks may slip\n\nThe president said the talks in Abu Dhabi could possibly be "
        "postponed because of tensions in the region.",
        date(2026, 1, 31),
    )
    assert "postponement" not in got


def test_what_is_ahead_on_the_day_of_the_round_held_is_not_the_next_round() -> None:
    got = ingest(
        "Talks end in Jeddah\n\nUS and Ukrainian officials held talks in Jeddah on Tuesday. The "
        "two sides will present a joint statement on the talks later today.",
        date(2025, 3, 11),
    )
    assert got["dates"][0]["start"] == "2025-03-11" and "next_round" not in got


def test_a_new_round_told_as_begun_is_the_round_reported() -> None:
    got = ingest(
        "Talks in Geneva\n\nA new round of three-way talks between Ukraine, Russia and the US "
        "has started in Geneva, the head of the Ukrainian delegation said on Tuesday.",
        date(2026, 2, 17),
    )
    assert [p["venue"] for p in got["venue"]] == ["Geneva"] and "next_round" not in got
    assert got["dates"][0]["start"] == "2026-02-17"


def test_a_second_day_called_off_ends_the_round_early_and_puts_nothing_off() -> None:
    got = ingest(
        "Talks end early\n\nThe delegations called off a second day of US-mediated talks in "
        "Geneva on Wednesday. The talks wrapped up after two hours.",
        date(2026, 2, 18),
    )
    assert "postponement" not in got and [p["venue"] for p in got["venue"]] == ["Geneva"]


def test_a_headline_telling_what_was_agreed_at_the_talks_tells_them_held() -> None:
    got = ingest(
        "Kyiv and Moscow agree to swap 200 captives at Abu Dhabi talks\n\nThe US envoy gave "
        "the figure in a post on Thursday, calling the work detailed and productive.",
        date(2026, 2, 5),
    )
    assert [p["venue"] for p in got["venue"]] == ["Abu Dhabi"]
    # held, on the report's day: the headline tells the day's news
    assert [(p["start"], p["evidence"]) for p in got["dates"]] == [("2026-02-05", "inferred")]


def test_a_capital_that_stands_for_its_state_is_the_venue_after_in_or_at() -> None:
    got = ingest(
        "Envoys meet Putin\n\nThe US envoys met the Russian president in Moscow on Tuesday for "
        "five hours of talks, Moscow said afterwards.",
        date(2025, 12, 2),
    )
    assert [p["venue"] for p in got["venue"]] == ["Moscow"]
    got = ingest(
        "Talks end\n\nThe talks at the Kremlin ended late on Tuesday, an aide said.",
        date(2025, 12, 2),
    )
    assert [p["venue"] for p in got["venue"]] == ["Moscow"]
    got = ingest(
        "Talks in Geneva\n\nThe talks in Geneva ended on Tuesday. Moscow said it wants more "
        "talks, and Washington and Kyiv agreed.",
        date(2026, 2, 18),
    )
    assert [p["venue"] for p in got["venue"]] == ["Geneva"]


def test_a_new_round_agreed_at_the_round_held_is_announced_without_the_held_days_date() -> None:
    got = ingest(
        "Talks end in Istanbul\n\nThe two delegations ended their meeting in Istanbul on "
        "Friday, agreeing to hold a new round of negotiations.",
        date(2025, 5, 16),
    )
    (nxt,) = got["next_round"]
    assert nxt["date"] is None and "window" not in nxt
    assert got["dates"][0]["start"] == "2025-05-16"


def test_further_negotiations_and_a_next_round_said_earlier_are_rounds_to_come() -> None:
    got = ingest(
        "Talks end\n\nThe talks in Geneva ended on Wednesday. The Russian negotiator told "
        "reporters that further negotiations would be held soon.",
        date(2026, 2, 18),
    )
    assert len(got["next_round"]) == 1
    got = ingest(
        "Envoy on talks\n\nThe Ukrainian president earlier said that the next round of talks "
        "should take place in Geneva within ten days.",
        date(2026, 2, 22),
    )
    (nxt,) = got["next_round"]
    assert nxt["venue"] == "Geneva"


def test_talks_begun_and_scheduled_to_last_two_days_run_from_the_report_day() -> None:
    got = ingest(
        "Talks in Abu Dhabi begin\n\nThree-way talks have begun in Abu Dhabi. The talks are "
        "scheduled to last two days, the host ministry said.",
        date(2026, 1, 23),
    )
    assert [p["days"] for p in got["duration"]] == [2]
    assert [(p["start"], p["end"]) for p in got["dates"]] == [("2026-01-23", "2026-01-24")]


def test_a_meeting_of_some_hours_told_as_an_adjective_is_its_length() -> None:
    got = ingest(
        "Envoys meet Putin\n\nThe US envoys held a nearly five-hour meeting with the Russian "
        "president in Moscow on Tuesday.",
        date(2025, 12, 3),
    )
    assert [p["hours"] for p in got["duration"]] == [5]


def test_the_second_day_named_apart_dates_the_round_from_the_day_before() -> None:
    got = ingest(
        "Talks end\n\nThe talks in Geneva ended after only two hours on Wednesday. The Ukrainian "
        "negotiator said the second day had been intensive.",
        date(2026, 2, 18),
    )
    assert [(p["start"], p["end"]) for p in got["dates"]] == [("2026-02-17", "2026-02-18")]


def test_a_first_day_ended_and_talks_resuming_the_next_weekday_began_on_the_report_day() -> None:
    got = ingest(
        "First day ends\n\nThe first day of the talks in Abu Dhabi has come to an end. The "
        "discussions will resume on Thursday morning, a reporter wrote.",
        date(2026, 2, 4),
    )
    assert [(p["start"], p["end"]) for p in got["dates"]] == [("2026-02-04", "2026-02-05")]


def test_three_sides_named_before_the_place_and_a_pair_delegation_count_who_sat() -> None:
    got = ingest(
        "Talks end\n\nA second round of talks between Russia, Ukraine and the United States in "
        "Abu Dhabi finished on Thursday with a new prisoner exchange.",
        date(2026, 2, 5),
    )
    assert [p["format"] for p in got["format"]] == ["trilateral"]
    got = ingest(
        "Ceasefire offer\n\nA US-Ukraine delegation met in Jeddah on Tuesday, officials said.",
        date(2025, 3, 11),
    )
    assert [p["format"] for p in got["format"]] == ["bilateral"]
    got = ingest(
        "Talks open\n\nThe US secretary of state and the Russian foreign minister kicked off talks "
        "in Riyadh on Tuesday.",
        date(2025, 2, 18),
    )
    assert [p["format"] for p in got["format"]] == ["bilateral"]
