"""Who concedes what, for any package: solutions, relaxations, partial agreements, a
simulated agreement and a package the user names."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from accord.analysis import analyze
from accord.analysis.concessions import analysis_concessions, package_concessions, parse_package
from accord.errors import ConfigurationError
from accord.io import load_scenario

if TYPE_CHECKING:
    from clirun import Cli


def test_concessions_add_up_to_the_utility_lost_from_stated_positions() -> None:
    sc = load_scenario()
    pkg = parse_package(sc, ["donbas=demilitarized_zone", "znpp=Shared control with the US"])
    assert pkg["znpp"] == "shared_us_ukraine"  # by label
    assert pkg["prisoner_exchange"] == "none"  # status quo for issues not named
    pc = package_concessions(sc, pkg, "named")
    for party in pc.parties:
        p = sc.party(party.party)
        # the utility of the package is the sum of the issues' weighted values
        assert party.utility == pytest.approx(sum(c.utility for c in party.issues))
        for c in party.issues:
            i = sc.issue(c.issue)
            wv = p.preference.issue_values(i)
            assert c.concession == pytest.approx(wv[i.index(c.stated)] - wv[i.index(c.option)])
    ru = pc.party("russia")
    assert ru.issue("donbas").basis == "stated" and ru.issue("donbas").stated == "russian_control"
    assert ru.issue("energy_truce").basis == "preferred"
    assert set(ru.breaks_red_lines) == {"full-donbas", "no-shared-znpp"}
    assert pc.party("ukraine").breaks_red_lines == ()


@pytest.mark.slow
def test_every_package_of_the_analysis_has_a_table() -> None:
    sc = load_scenario()
    a = analyze(sc)
    packs = analysis_concessions(sc, a)
    kinds = [p.kind for p in packs]
    assert kinds.count("relaxation") == len(a.deadlock.relaxations)  # type: ignore[union-attr]
    assert kinds.count("partial") == len(a.partial_agreements)
    partial = next(p for p in packs if p.kind == "partial")
    # issues a partial agreement leaves open are conceded by no one
    for party in partial.parties:
        for c in party.issues:
            if c.issue in partial.open_issues:
                assert c.open and c.concession == 0.0
    # relaxation: the party dropping a red line is shown breaking it
    first = next(p for p in packs if p.kind == "relaxation")
    change = a.deadlock.relaxations[0].changes[0]  # type: ignore[union-attr]
    assert change.red_line in first.party(change.party).breaks_red_lines


def test_nash_solution_concessions_when_a_zone_exists() -> None:
    sc = load_scenario("examples/ceasefire-talks.yaml")
    a = analyze(sc)
    assert a.solutions["nash"] is not None
    packs = analysis_concessions(sc, a)
    nash = next(p for p in packs if p.label == "nash solution")
    assert nash.outcome == a.solutions["nash"].outcome
    for party in nash.parties:
        assert party.utility == pytest.approx(a.solutions["nash"].utilities[party.party])


@pytest.mark.slow
def test_analyze_package_in_terminal_and_json(cli: Cli) -> None:
    code, out, _ = cli(["analyze", "--package", "donbas=demilitarized_zone,znpp=shared_us_ukraine"])
    assert code == 0
    assert "Who concedes what — named package" in out
    assert (
        "Who concedes what — relaxation 1" in out and "Who concedes what — partial agreement" in out
    )
    code, out, _ = cli(["analyze", "--json", "--package", "donbas=demilitarized_zone"])
    doc = json.loads(out)
    named = doc["concessions"][0]
    assert named["kind"] == "named" and named["outcome"]["donbas"] == "demilitarized_zone"
    ru = next(p for p in named["parties"] if p["party"] == "russia")
    donbas = next(i for i in ru["issues"] if i["issue"] == "donbas")
    assert donbas["stated"] == "russian_control" and donbas["concession"] == pytest.approx(0.3)
    assert {"relaxation", "partial"} <= {p["kind"] for p in doc["concessions"]}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("donbas", "ISSUE=OPTION"),
        ("crimea=x", "no issue 'crimea'"),
        ("donbas=kyiv", "no option 'kyiv'"),
    ],
)
def test_bad_package_is_a_clear_error(spec: str, message: str, cli: Cli) -> None:
    with pytest.raises(ConfigurationError, match=message):
        parse_package(load_scenario(), [spec])
    code, _, err = cli(["analyze", "--package", spec])
    assert code == 2 and message in err


def test_simulated_agreement_concessions_in_terminal_and_json(
    cli: Cli,
) -> None:
    args = ["simulate", "examples/ceasefire-talks.yaml", "--strategy", "south=conceder",
            "--strategy", "north=conceder"]  # fmt: skip
    code, out, _ = cli(args)
    assert code == 0 and "Who concedes what — the simulated agreement (run 1)" in out
    code, out, _ = cli([*args, "--json"])
    doc = json.loads(out)
    sim = doc["concessions"]
    assert sim["kind"] == "simulated"
    for party in sim["parties"]:
        assert party["utility"] == pytest.approx(sum(i["utility"] for i in party["issues"]))


def test_package_verdict_names_who_would_not_sign_and_why() -> None:
    sc = load_scenario()
    pkg = parse_package(sc, ["donbas=demilitarized_zone"])
    pc = package_concessions(sc, pkg, "named")
    verdict = pc.verdict()
    ru, ua = pc.party("russia"), pc.party("ukraine")
    # Russia's full-donbas red line is broken by any other Donbas option
    assert "full-donbas" in ru.breaks_red_lines
    assert verdict.startswith("Russia would not sign: it breaks 1 red line (full-donbas)")
    # Ukraine's utility is under its reservation value: the numbers are in the line
    assert ua.utility < ua.reservation_value
    assert f"Ukraine would not sign: utility {ua.utility:.2f} < reservation" in verdict
    assert pc.to_dict()["verdict"] == verdict


@pytest.mark.slow
def test_package_verdict_when_every_party_signs() -> None:
    sc = load_scenario()
    a = analyze(sc)
    partial = next(pa for pa in a.partial_agreements if pa.maximal)
    pc = next(c for c in analysis_concessions(sc, a) if c.kind == "partial" and c.open_issues)
    assert pc.verdict().startswith("Every party would sign: ")
    assert partial.issues  # the bundled scenario has a partial agreement


def test_option_label_with_a_comma_is_one_option() -> None:
    sc = load_scenario()
    label = sc.issue("donbas").label(sc.issue("donbas").index("demilitarized_zone"))
    assert "," in label  # "Demilitarized zone, mutual pull-back"
    pkg = parse_package(sc, [f"donbas={label},znpp=Shared control with the US"])
    assert pkg["donbas"] == "demilitarized_zone" and pkg["znpp"] == "shared_us_ukraine"
    pkg = parse_package(sc, [f"znpp=russian_control, donbas={label}"])
    assert pkg["donbas"] == "demilitarized_zone" and pkg["znpp"] == "russian_control"


def test_analyze_package_leads_with_its_verdict(cli: Cli) -> None:
    spec = "donbas=Demilitarized zone, mutual pull-back"
    code, out, _ = cli(["analyze", "--package", spec])
    assert code == 0
    first = out.strip().splitlines()[0]
    assert first.startswith("Named package: Russia would not sign")
    assert out.index("Named package:") < out.index("Who concedes what") < out.index("Verdict:")


@pytest.mark.slow
def test_show_lists_option_labels_one_per_line(cli: Cli) -> None:
    code, out, _ = cli(["show"])
    assert code == 0
    # a label with a comma is never joined to its neighbour by a comma
    assert "Ukraine keeps the area it holds, Demilitarized" not in out.replace("\n", " ")
