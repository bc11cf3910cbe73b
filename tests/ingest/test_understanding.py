"""The failures seen on real reports (issue 22, list 1-5), each written from the described
phrasing in our own words: heads of delegation named another way, the round's venue and dates
taken from the main event (not the background), the mediator's people apart from the
parties' delegations, claims by attribution, negation and hypotheticals, next rounds and
postponements.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest_text import ingest


def heads(props: dict[str, list[dict]]) -> dict[str, str]:
    return {d["party"]: d["head"] for d in props.get("delegation", [])}


# -- 1. heads of delegation written another way ------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "party", "head"),
    [
        ("Moscow's delegation head Vladimir Medinsky called the meeting useful.", "russia",
         "Vladimir Medinsky"),
        ("The head of the Ukrainian delegation, Rustem Umerov, spoke to reporters later.",
         "ukraine", "Rustem Umerov"),
        ("Medinsky, the head of the Russian delegation, called the session businesslike.",
         "russia", "Medinsky"),
        ("Ukraine is represented by Defence Minister Rustem Umerov, the ministry said.",
         "ukraine", "Rustem Umerov"),
        ("The Ukrainian team was headed by Rustem Umierov, a former defence minister.",
         "ukraine", "Rustem Umierov"),
        ("Presidential aide Vladimir Medinsky led the Russian side once more.", "russia",
         "Vladimir Medinsky"),
        ("The Russian delegation, headed by Putin's adviser Vladimir Medinsky, arrived early.",
         "russia", "Vladimir Medinsky"),
    ],
)  # fmt: skip
def test_heads_written_another_way(sentence: str, party: str, head: str) -> None:
    text = f"Talks held in Istanbul\n\nThe two delegations met in Istanbul on Monday. {sentence}"
    assert heads(ingest(text, date(2025, 6, 2))).get(party) == head


def test_members_listed_after_the_head_and_transliterations() -> None:
    text = (
        "Talks in Istanbul\n\nThe delegations met in Istanbul on Monday. Umierov led the "
        "Ukrainian delegation, which also included deputy foreign minister Sergiy Kyslytsya; "
        "and intelligence officer Oleh Luhovskyi. Zelenskiy said Kyiv would never give up "
        "Donetsk."
    )
    props = ingest(text, date(2025, 6, 2))
    d = next(x for x in props["delegation"] if x["party"] == "ukraine")
    assert d["head"] == "Umierov" and d["members"] == ["Sergiy Kyslytsya", "Oleh Luhovskyi"]
    claim = next(x for x in props["claim"] if x["type"] == "red_line")
    assert claim["party"] == "ukraine" and claim["issue"] == "donbas"


# -- 2. the round's venue and dates from the main event ---------------------------------------
def test_venue_of_the_reported_round_not_of_the_background() -> None:
    text = (
        "Talks end in Geneva\n\nThe delegations of Russia and Ukraine ended two days of "
        "talks in Geneva on Wednesday. The two previous rounds were held in Abu Dhabi in "
        "January and early February, without a breakthrough."
    )
    props = ingest(text, date(2026, 2, 18))
    assert props["venue"][0]["venue"] == "Geneva"
    assert (props["dates"][0]["start"], props["dates"][0]["end"]) == ("2026-02-17", "2026-02-18")


def test_explicit_range_before_the_weekday_of_a_statement() -> None:
    text = (
        "Talks in Abu Dhabi\n\nThe trilateral talks took place in Abu Dhabi on Feb. 4-5, "
        "Kremlin spokesman Dmitry Peskov said in a statement Thursday."
    )
    props = ingest(text, date(2026, 2, 6))
    assert (props["dates"][0]["start"], props["dates"][0]["end"]) == ("2026-02-04", "2026-02-05")


def test_a_limit_is_not_a_round_date_and_a_planned_window_is_not_a_round() -> None:
    text = (
        "Ukraine proposes a summit\n\nThe delegations met in Istanbul on Wednesday. Kyiv "
        "proposed that the presidents meet by the end of August."
    )
    props = ingest(text, date(2025, 7, 23))
    assert [(d["start"], d["end"]) for d in props["dates"]] == [("2025-07-23", "2025-07-23")]
    announced = (
        "Round postponed\n\nThe next round of talks, planned for February 1 in Abu Dhabi, has "
        "been postponed to adjust the schedules of the delegations."
    )
    props = ingest(announced, date(2026, 1, 31))
    assert "dates" not in props and "venue" not in props
    post = props["postponement"][0]
    assert post["from"] == "2026-02-01" and "schedules" in post["reason"]


def test_a_round_announced_is_the_next_round_not_the_round_held() -> None:
    text = (
        "Next round set\n\nRussia, Ukraine and the United States will hold talks in Geneva on "
        "February 17-18, both sides said Friday. Two earlier rounds in Abu Dhabi brought no "
        "breakthrough."
    )
    props = ingest(text, date(2026, 2, 13))
    assert "venue" not in props and "dates" not in props
    nxt = props["next_round"][0]
    assert nxt["date"] == "2026-02-17" and nxt["venue"] == "Geneva"


# -- 3. the mediator's people -----------------------------------------------------------------
def test_a_mediators_envoy_is_never_a_partys_head() -> None:
    text = (
        "Talks in Geneva\n\nThe delegations met in Geneva on Tuesday under the mediation of US "
        "envoy Steve Witkoff. The Russian delegation was joined by Kirill Dmitriev. Russia's "
        "team was led by Vladimir Medinsky."
    )
    h = heads(ingest(text, date(2026, 2, 17)))
    assert h["russia"] == "Vladimir Medinsky" and h["united_states"] == "Steve Witkoff"


def test_a_known_person_heads_only_their_own_side() -> None:
    text = (
        "US and Ukraine meet\n\nUS and Ukrainian officials met in Geneva on Thursday. The "
        "Ukrainian delegation was led by Steve Witkoff's counterpart Rustem Umerov; Vladimir "
        "Medinsky was not present."
    )
    h = heads(ingest(text, date(2026, 2, 26)))
    assert h.get("ukraine") == "Rustem Umerov" and "russia" not in h


# -- 5. next rounds and postponements ---------------------------------------------------------
def test_next_round_by_its_own_days_not_the_day_of_the_statement() -> None:
    text = (
        "Talks to resume\n\nThe delegations met in Abu Dhabi on Thursday. The next round "
        "will be held next Tuesday and Wednesday, Peskov said Friday."
    )
    props = ingest(text, date(2026, 2, 6))
    nxt = props["next_round"][0]
    assert nxt["date"] == "2026-02-10" and nxt["window"] == ["2026-02-10", "2026-02-11"]


def test_a_round_resuming_tomorrow_is_the_same_round() -> None:
    text = (
        "Talks resume\n\nA tense six-hour session in Geneva ended on Tuesday without a "
        "breakthrough. The talks are scheduled to resume in Geneva on Wednesday."
    )
    props = ingest(text, date(2026, 2, 17))
    assert "next_round" not in props
    assert props["venue"][0]["venue"] == "Geneva"
    assert (props["dates"][0]["start"], props["dates"][0]["end"]) == ("2026-02-17", "2026-02-18")


# -- 4. claims: cues outside the list, plurals, attribution, negation, hypotheticals ---------
def claims_of(text: str, on: date = date(2026, 2, 18)) -> list[tuple[str, str | None, str | None]]:
    lead = "Talks in Geneva\n\nThe delegations met in Geneva on Tuesday and the talks went on. "
    props = ingest(lead + text, on)
    return [(d["type"], d.get("party"), d.get("issue")) for d in props.get("claim", [])]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Moscow holds that any settlement requires Kyiv to pull out of Donetsk.",
         ("demand", "russia", "donbas")),
        ("Russia again reiterated its demand for control of the nuclear plant.",
         ("demand", "russia", "znpp")),
        ("Kyiv pushed back against any such truce.", ("rejection", "ukraine",
                                                      "ceasefire_monitoring")),
        ('"For us the priority is a ceasefire," Zelensky said.',
         ("demand", "ukraine", "ceasefire_monitoring")),
        ("Ukraine called for ceasefires along the whole front.",
         ("demand", "ukraine", "ceasefire_monitoring")),
        ("Kyiv accepted the US proposal for a 30-day ceasefire.",
         ("proposal", "united_states", "ceasefire_monitoring")),
    ],
)  # fmt: skip
def test_claims_beyond_the_old_cue_list(text: str, want: tuple[str, str, str]) -> None:
    assert want in claims_of(text)


def test_words_a_speaker_puts_on_another_side_are_the_speakers_claim() -> None:
    got = claims_of(
        'Umerov wrote that Kyiv was ready to talk. "Russia must show it wants the same," he added.'
    )
    assert ("demand", "ukraine", None) in got or all(p != "russia" for _, p, _ in got)
    got = claims_of("Zelensky said Putin must withdraw his troops from Donetsk.")
    assert ("demand", "ukraine", "donbas") in got and not any(p == "russia" for _, p, _ in got)


def test_a_refusal_refers_to_the_demand_before_it() -> None:
    got = claims_of(
        "The sides agreed a prisoner exchange. Moscow demands that Kyiv withdraw from the "
        "Donetsk region, and Kiev has refused to do so."
    )
    assert ("rejection", "ukraine", "donbas") in got
    assert ("rejection", "ukraine", "prisoner_exchange") not in got


def test_a_hypothetical_is_not_a_claim() -> None:
    got = claims_of("Russia would walk away from the talks only later; if Kyiv rejects the truce")
    assert not any(t == "rejection" for t, _, _ in got)


def test_a_speculation_is_not_a_proposal_and_a_bare_pushback_is_no_rejection() -> None:
    got = claims_of(
        "Zelensky had suggested that the meeting could be postponed. He pushed back against "
        "the suggestion that Kyiv was to blame."
    )
    assert got == []
