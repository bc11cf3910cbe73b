"""The Geneva talks of February 2026, analysed with defaults, must say what the news report
says (shipped as src/accord/scenarios/geneva-2026.source.txt):

* "While there were signs of movement on technical and military matters, the central issue
  of territory remains unresolved."
* "At the heart of the deadlock is the eastern Donbas region. Moscow is demanding full
  control of the area [...] Kyiv has repeatedly said giving up territory is a red line."
"""

from __future__ import annotations

from importlib import resources

import pytest

from accord.analysis import analyze
from accord.io import load_scenario

TECHNICAL = {"ceasefire_monitoring", "energy_truce", "prisoner_exchange"}


@pytest.mark.slow
def test_no_zone_of_agreement_for_a_full_package() -> None:
    a = analyze(load_scenario("geneva-2026"))
    assert a.zopa.size == 0
    assert all(v is None for v in a.solutions.values())
    assert a.deadlock is not None and not a.deadlock.infeasible


def test_donbas_collision_is_named_as_the_cause() -> None:
    a = analyze(load_scenario())
    assert a.deadlock is not None
    conflicts = [{(r.party, r.red_line) for r in c} for c in a.deadlock.conflicts]
    assert {("russia", "full-donbas"), ("ukraine", "no-withdrawal")} in conflicts
    # the collision on Donbas is the only minimal conflict: nothing else blocks a deal
    assert len(conflicts) == 1
    for r in a.deadlock.conflicts[0]:
        assert r.issues == ("donbas",)


def test_each_relaxation_names_who_gives_up_what_and_the_cost() -> None:
    a = analyze(load_scenario())
    assert a.deadlock is not None
    relaxed = {frozenset((r.party, r.red_line) for r in x.changes) for x in a.deadlock.relaxations}
    assert relaxed == {
        frozenset({("russia", "full-donbas")}),
        frozenset({("ukraine", "no-withdrawal")}),
    }
    for x in a.deadlock.relaxations:
        assert x.zopa_size > 0
        (who,) = {r.party for r in x.changes}
        cost = {c.party: c for c in x.costs}
        assert cost[who].gives_up and cost[who].concession > 0
        assert all(c.utility >= c.reservation_value for c in x.costs)


def test_agreement_possible_on_the_technical_and_military_track_alone() -> None:
    a = analyze(load_scenario())
    maximal = [set(p.issues) for p in a.partial_agreements if p.maximal]
    assert maximal == [TECHNICAL]
    for p in a.partial_agreements:
        assert set(p.issues) <= TECHNICAL
        assert p.solution is not None
        for issue in ("donbas", "znpp"):  # left at the status quo
            assert p.solution.outcome[issue] in ("ukraine_holds", "russian_control")


def test_every_quote_is_verbatim_from_the_report() -> None:
    sc = load_scenario()
    text = (resources.files("accord") / "scenarios" / "geneva-2026.source.txt").read_text("utf-8")
    quotes = [
        e.quote
        for p in sc.parties
        for e in [x.evidence for x in p.positions] + [r.evidence for r in p.red_lines]
        if not e.is_assumption
    ]
    assert len(quotes) >= 6
    for q in quotes:
        assert q in text, q


def test_parties_roles_and_delegations() -> None:
    sc = load_scenario()
    assert [p.id for p in sc.bargaining_parties] == ["russia", "ukraine"]
    assert sc.party("united_states").role == "mediator"
    reps = {r.name for p in sc.parties for r in p.representatives}
    assert {"Vladimir Medinsky", "Rustem Umerov"} <= reps
    assert (
        sc.deadline is not None
        and sc.deadline.date is not None
        and sc.deadline.date.startswith("2026-06")
    )
    assert len(sc.sessions) == 2
    # every red line cites the report; every preference is labelled an assumption
    assert all(not r.evidence.is_assumption for r in sc.red_lines)
    assert all(p.preference.evidence.is_assumption for p in sc.parties)
