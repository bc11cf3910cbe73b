"""Forecasts that say what they leave out: the default scenario, categorical issues listed,
positions as option labels, red-line crossings flagged; in terminal, JSON and report."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from accord.forecast import actor_table_from_scenario, run_forecast
from accord.forecast.reading import first_crossings, nearest_option, read_forecast
from accord.io import load_scenario

if TYPE_CHECKING:
    from clirun import Cli


@pytest.mark.slow
def test_nearest_option_on_the_0_100_scale() -> None:
    donbas = load_scenario().issue("donbas")
    assert donbas.label(nearest_option(donbas, 61.8)) == "Demilitarized zone, mutual pull-back"  # type: ignore[arg-type]
    assert nearest_option(donbas, 80.0) == 2 and nearest_option(donbas, 20.0) == 0


@pytest.mark.slow
def test_eum_flags_ukraine_crossing_its_red_line_in_round_1() -> None:
    sc = load_scenario()
    f = run_forecast(actor_table_from_scenario(sc), "eum")
    r = read_forecast(sc, f)
    assert {x["issue"] for x in r.left_out} == {"znpp", "ceasefire_monitoring", "energy_truce"}
    first = {(c["party"], c["red_line"]): c["step"] for c in first_crossings(r)}
    assert first[("ukraine", "no-withdrawal")] == 1
    # each flagged position's nearest option does break the red line
    for c in r.crossings:
        red = next(x for x in sc.party(c["party"]).red_lines if x.id == c["red_line"])
        issue = sc.issue(c["issue"])
        assert not red.condition.must.option_mask(issue)[issue.index(c["option"])]


def test_forecast_defaults_to_the_bundled_scenario(cli: Cli) -> None:
    code, out, _ = cli(["forecast", "-m", "eum"])
    assert code == 0 and "scenario geneva-2026" in out
    flat = " ".join(out.split())
    assert "not forecast: Zaporizhzhia nuclear power plant (znpp): categorical" in flat
    assert "red line crossed: Ukraine's position on donbas" in flat
    assert "Ukraine withdraws, full Russian control" in flat  # positions as labels
    assert "start" in out


@pytest.mark.slow
def test_forecast_json_lists_what_it_leaves_out(cli: Cli) -> None:
    code, out, _ = cli(["forecast", "--json"])
    assert code == 0
    data = json.loads(out)
    assert [x["issue"] for x in data["issues_left_out"]] == [
        "znpp",
        "ceasefire_monitoring",
        "energy_truce",
    ]
    for f in data["forecasts"]:
        assert set(f["outcome_labels"]) == {"donbas", "prisoner_exchange"}
        assert "red_line_crossings" in f and "final_labels" in f
    _, out, _ = cli(["forecast", "-m", "eum", "--json"])
    one = json.loads(out)
    assert one["issues_left_out"] and one["red_line_crossings"][0]["red_line"] == "no-withdrawal"


@pytest.mark.parametrize("columns", ["80", "200"])
def test_round_columns_fit_the_terminal(
    columns: str, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.cli import common

    monkeypatch.setattr(common.console, "_width", int(columns))
    code, out, _ = cli(["forecast", "-m", "eum", "--steps", "30"])
    assert code == 0
    widths = {len(line) for line in out.splitlines() if line.startswith(("┏", "┃", "│"))}
    assert max(widths) <= int(columns)
    header = next(line for line in out.splitlines() if line.startswith("┃ actor"))
    shown = [int(x) for x in re.findall(r"(?<=┃)\s+(\d+)\s+(?=┃)", header)]
    assert shown[0] == 1 and shown == sorted(shown)  # whole columns, never cut mid-way


@pytest.mark.slow
def test_report_forecast_section_says_what_it_leaves_out() -> None:
    from accord.report import build_report, compute_sections

    sc = load_scenario()
    html = build_report(sc, sections=compute_sections(sc, simulate=False, forecast_model="eum"))
    part = re.search(r'<section id="forecast">(.*?)</section>', html, re.S).group(1)  # type: ignore[union-attr]
    assert 'id="forecast-left-out"' in part and "Zaporizhzhia nuclear power plant" in part
    assert 'id="forecast-crossings"' in part and "no-withdrawal" in part
    assert "Ukraine withdraws, full Russian control" in part
    assert "option positions 0, 1, 2" not in part and "0-100 scale" in part
