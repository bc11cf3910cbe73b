"""Presentation fixes: single-text curves, rounds from 1, whole-round ticks, names not
ids, full red-line text, two greys told apart, coinciding solutions told apart, plot
titles, the favicon, partial agreements by name, sections 5 and 6 explained."""

from __future__ import annotations

import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from accord.analysis import analyze
from accord.io import load_scenario
from accord.negotiation.registry import ALTERNATING, SINGLE_TEXT
from accord.negotiation.simulation import simulate
from accord.report import build_report, figures
from accord.report.sections import ReportSections
from accord.report.utility_space import solution_groups, utility_space
from accord.web.plot import pair_svg


def _lines(fig: Figure) -> dict[str, object]:
    return {ln.get_label(): ln for ax in fig.axes for ln in ax.get_lines()}


@pytest.mark.slow
@pytest.mark.parametrize("protocol", [ALTERNATING, SINGLE_TEXT])
def test_concession_figure_draws_every_bargaining_party(protocol: str) -> None:
    # under the single text the mediator drafts and the parties only answer: their curves
    # are the drafts they received (a string compared across modules once lost them)
    sc = load_scenario()
    t = simulate(sc, protocol=protocol, runs=1, rng=0).transcript
    names = {p.id: p.name for p in sc.parties}
    bargaining = [p.id for p in sc.parties if p.bargaining]
    assert len(bargaining) == 2
    fig = figures.concession_figure(t, names, bargaining=bargaining)
    labels = set(_lines(fig))
    for pid in bargaining:
        assert f"{names[pid]}: offers received" in labels
        if protocol == ALTERNATING:
            assert f"{names[pid]}: own offers" in labels
    line = _lines(fig)[f"{names[bargaining[0]]}: offers received"]
    assert min(line.get_xdata()) >= 1  # type: ignore[attr-defined]  # rounds from 1
    ticks = fig.axes[0].get_xticks()
    assert all(float(x).is_integer() for x in ticks)
    html = build_report(sc, sections=ReportSections(transcript=t))
    part = re.search(r'<section id="simulation">(.*?)</section>', html, re.S)
    assert part is not None and f"Concession curves ({protocol};" in part.group(1)
    for pid in bargaining:
        assert f"{names[pid]}: offers received" in part.group(1)


def test_report_takes_a_transcript_not_its_dictionary() -> None:
    t = simulate(load_scenario(), runs=1, rng=0).transcript
    with pytest.raises(TypeError, match="must be a Transcript"):
        ReportSections(transcript=t.to_dict())  # type: ignore[arg-type]


def test_deadlock_picture_keeps_the_whole_red_line_text() -> None:
    sc = load_scenario()
    fig = figures.deadlock_figure(sc, analyze(sc))
    assert fig is not None
    text = " ".join(t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels())
    assert "…" not in text
    for r in sc.red_lines:
        assert r.statement in text


@pytest.mark.slow
def test_blocked_and_below_are_told_apart_by_shape() -> None:
    import dataclasses

    base = load_scenario()
    sc = dataclasses.replace(
        base,
        parties=tuple(
            dataclasses.replace(p, red_lines=p.red_lines[1:]) if p.id == "russia" else p
            for p in base.parties
        ),
    )
    view = utility_space(sc, analyze(sc)).pairs[0]
    svg = pair_svg(view)
    assert '<g class="pts blocked" fill="none" stroke=' in svg
    assert re.search(r'<g class="pts below" fill="#[0-9A-Fa-f]{6}"', svg)
    assert "what each package gives them" in svg  # a visible title


@pytest.mark.slow
def test_coinciding_solutions_are_fanned_out() -> None:
    groups = solution_groups(
        {"nash": (0.5, 0.5), "kalai_smorodinsky": (0.5, 0.5), "egalitarian": (0.2, 0.9)}
    )
    assert groups == [["nash", "kalai_smorodinsky"], ["egalitarian"]]
    import dataclasses

    sc = load_scenario()
    keep = dataclasses.replace(
        sc,
        parties=tuple(
            dataclasses.replace(p, red_lines=()) if p.id == "russia" else p for p in sc.parties
        ),
    )
    view = utility_space(keep, analyze(keep)).pairs[0]
    svg = pair_svg(view)
    spots = re.findall(r'<path class="solution (\w+)" d="M([\d.]+),([\d.]+)', svg)
    starts = {(x, y) for _, x, y in spots}
    assert len(starts) == len(spots)  # no two markers drawn at the same place
    if len(solution_groups(dict(view.solutions))) < len(view.solutions):
        assert "the same package" in svg


@pytest.mark.slow
def test_report_partial_agreements_by_name_and_sections_explained() -> None:
    from accord.report import build_report, compute_sections

    sc = load_scenario()
    html = build_report(sc, sections=compute_sections(sc, runs=20, forecast=False))
    part = re.search(r'<section id="partial">(.*?)</section>', html, re.S).group(1)  # type: ignore[union-attr]
    assert (
        "Ceasefire monitoring mechanism" in part
        and "ceasefire_monitoring, energy_truce" not in part
    )
    odds = re.search(r'<section id="p-agreement">(.*?)</section>', html, re.S).group(1)  # type: ignore[union-attr]
    assert 'id="why-5-and-6-differ"' in odds and "uncertainty" in odds
    assert np.isfinite(1.0)
