"""The report at both levels (docs/two-level.md): the verdict names the level at which a deal
fails and the ratifier, the figures draw the win-sets, section 4a lists the stages."""

from __future__ import annotations

import dataclasses

import pytest
from tests.datapaths import DATA

from accord.analysis import analyze
from accord.io import load_scenario
from accord.report.build import render_html
from accord.report.utility_space import utility_space

BLOCKED = DATA / "two-level" / "blocked-at-home.yaml"


@pytest.mark.slow
def test_the_verdict_names_the_level_and_the_ratifier() -> None:
    sc = load_scenario(BLOCKED)
    html = render_html(sc, analyze(sc))
    verdict = html.split('id="verdict"')[1].split("</div>")[0]
    assert "It fails at home:" in verdict and "Westland&#39;s referendum" in verdict
    assert 'class="verdict closed"' in html  # a deal at the table, none in force
    assert 'id="two-level"' in html and 'id="level2-size">0<' in html
    assert "win-set" in html.split('id="fig-utility')[1].split("</figure>")[0]


@pytest.mark.slow
def test_a_scenario_without_stages_has_no_two_level_section() -> None:
    sc = dataclasses.replace(load_scenario(BLOCKED), ratification=())
    html = render_html(sc, analyze(sc))
    assert 'id="two-level"' not in html and 'id="verdict-level"' not in html
    assert "win-set" not in html


def test_the_pair_views_carry_the_win_sets() -> None:
    sc = load_scenario("geneva-2026")
    a = analyze(sc)
    tl = a.two_level
    assert tl is not None
    space = utility_space(sc, a)
    first = space.pairs[0]
    assert (first.x, first.y) == ("russia", "ukraine")
    # every package is plotted here, so the rings count the win-sets exactly
    assert {k: int(v.sum()) for k, v in first.win_sets.items()} == {
        "russia": tl.win_sets["russia"],
        "ukraine": tl.win_sets["ukraine"],
    }
    assert first.level2 is not None and int(first.level2.sum()) == tl.zone_size
