"""The report: sections, evidence marks, figures, offline-ness, the CLI."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from accord.analysis import analyze
from accord.cli.main import main
from accord.io import load_scenario
from accord.model import Source
from accord.report import build_report, compute_sections, utility_space, write_figures
from accord.web.whatif import Edits, apply_edits
from datapaths import GENIUS

ITEX = GENIUS / "anac" / "y2010" / "ItexvsCypress"

SECTIONS = ("scenario", "zopa", "deadlock", "partial", "notes")
EXTERNAL = re.compile(
    r"""(?:https?:|ftp:|file:)?//[\w.-]+\.[a-z]{2,}|<script|<link\b|<iframe|@import|url\(\s*['"]?(?!#)""",
    re.I,
)


@pytest.fixture(scope="module")
def geneva_html() -> str:
    sc = load_scenario()
    return build_report(sc, sections=compute_sections(sc, runs=20))


def section(html: str, ident: str) -> str:
    m = re.search(rf'<section id="{ident}">(.*?)</section>', html, re.S)
    assert m, f"section {ident} missing"
    return m.group(1)


@pytest.mark.slow
def test_default_report_has_every_section_and_figure(geneva_html: str) -> None:
    for ident in (
        *SECTIONS,
        "simulation",
        "p-agreement",
        "sensitivity",
        "events",
        "forecast",
        "backtest",
    ):
        assert f'<section id="{ident}">' in geneva_html
    # one utility-space plot per party pair (3 parties), the deadlock picture, and the
    # concession, P(agreement), named events, forecast and back-test reliability figures
    assert geneva_html.count("<svg") == 3 + 1 + 5
    assert 'id="fig-events"' in geneva_html
    assert 'id="fig-deadlock"' in geneva_html
    assert "Russia: full-donbas" in section(geneva_html, "deadlock")
    assert "No full package is acceptable" in geneva_html


@pytest.mark.slow
def test_evidence_and_assumptions_are_marked(geneva_html: str) -> None:
    scen = section(geneva_html, "scenario")
    assert scen.count('class="tag cited reported"') >= 4
    assert scen.count('class="tag cited inferred"') >= 4
    assert scen.count('class="tag assumption"') >= 3
    # a red line's supporting quote is shown with it, an inference with its reasoning
    assert "Moscow is demanding full control of the area" in scen
    assert "<strong>Inference:</strong> The report gives full control as Moscow" in scen
    # the deadline's evidence is shown too
    assert (
        "come to the table, fast" in section(geneva_html, "scenario").split("deadline-evidence")[1]
    )


@pytest.mark.slow
def test_report_is_self_contained(geneva_html: str) -> None:
    assert EXTERNAL.search(geneva_html) is None
    assert "http" not in geneva_html


@pytest.mark.slow
def test_partial_agreements_listed(geneva_html: str) -> None:
    part = section(geneva_html, "partial")
    assert (
        "Ceasefire monitoring mechanism; Moratorium on strikes against energy infrastructure; "
        "Prisoner exchange" in part
    )
    assert "maximal" in part


@pytest.mark.slow
def test_genius_domain_report() -> None:
    sc = load_scenario(ITEX)
    a = analyze(sc)
    html = build_report(sc, analysis=a, sections=compute_sections(sc, runs=5))
    for ident in SECTIONS:
        assert f'<section id="{ident}">' in html
    assert EXTERNAL.search(html) is None
    assert f"{a.zopa.size:,}" in section(html, "zopa")
    assert html.count("<svg") >= 1


@pytest.mark.slow
def test_source_urls_are_named_not_linked() -> None:
    sc = load_scenario()
    src = Source("web", "An article", url="https://example.org/news/1")
    sc = dataclasses.replace(sc, sources=(*sc.sources, src))
    html = build_report(sc)
    assert "example.org/news/1" in html
    assert EXTERNAL.search(html) is None


@pytest.mark.slow
def test_utility_space_counts_follow_the_analysis() -> None:
    sc = load_scenario()
    edited = apply_edits(sc, Edits(off=frozenset({"russia:full-donbas"})))
    a = analyze(edited)
    space = utility_space(edited, a)
    assert sum(space.counts.values()) == sc.n_outcomes
    assert space.counts["zopa"] == a.zopa.size == 13
    view = space.pairs[0]
    assert (view.x, view.y) == ("russia", "ukraine")
    # every ZOPA frontier point is on or under the frontier of all feasible packages
    for x, y in view.zopa_frontier:
        assert any(fx >= x - 1e-12 and fy >= y - 1e-12 for fx, fy in view.frontier)


@pytest.mark.slow
@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("png", b"\x89PNG")])
def test_write_figures(tmp_path: Path, fmt: str, magic: bytes) -> None:
    files = write_figures(load_scenario(), tmp_path, fmt)
    names = {f.name for f in files}
    assert f"deadlock.{fmt}" in names
    assert f"utility-russia-ukraine.{fmt}" in names
    for f in files:
        assert f.read_bytes().startswith(magic)


def run_cli(*args: str) -> int:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    code = exc.value.code
    return int(code) if isinstance(code, int) else 1


@pytest.mark.slow
def test_cli_report_html(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run_cli("report", "-o", str(out), "--runs", "5") == 0
    html = out.read_text(encoding="utf-8")
    assert '<section id="deadlock">' in html
    assert '<section id="forecast">' in html
    assert EXTERNAL.search(html) is None


@pytest.mark.slow
def test_cli_report_figures_only(tmp_path: Path) -> None:
    folder = tmp_path / "figs"
    assert (
        run_cli("report", "--format", "svg", "-o", str(folder), "--no-simulate", "--no-forecast")
        == 0
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        "deadlock.svg",
        "utility-russia-ukraine.svg",
        "utility-russia-united-states.svg",
        "utility-ukraine-united-states.svg",
    ]


def test_cli_report_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("report", "--format", "pdf", "-o", str(tmp_path / "x")) == 2
    assert "--format must be one of html, svg, png" in capsys.readouterr().err
    assert run_cli("report", str(tmp_path / "missing.yaml")) == 2
    assert "no such file or bundled scenario" in capsys.readouterr().err


@pytest.mark.slow
def test_who_concedes_what_section(geneva_html: str) -> None:
    part = section(geneva_html, "concessions")
    assert part.count('data-kind="relaxation"') == 2
    assert 'data-kind="partial"' in part
    # Russia's stated Donbas position and the concession the first relaxation asks of it
    assert "Ukraine withdraws, full Russian control" in part and "-0.300" in part
    assert "breaks full-donbas" in part


@pytest.mark.slow
def test_simulated_agreement_concessions_in_the_report() -> None:
    import dataclasses

    from accord.negotiation.simulation import simulate
    from accord.report.sections import ReportSections

    base = load_scenario()
    sc = dataclasses.replace(
        base, parties=tuple(dataclasses.replace(p, red_lines=()) for p in base.parties)
    )
    t = simulate(sc, runs=1, rng=0).transcript
    assert t.agreement
    part = section(build_report(sc, sections=ReportSections(transcript=t)), "concessions")
    assert 'data-kind="simulated"' in part and "The simulated agreement" in part
