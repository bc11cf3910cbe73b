"""The ``forecast:`` and ``uncertainty:`` sections are typed fields of the scenario, parsed
once when it is read, written back losslessly; where it was read from is its ``origin``."""

from __future__ import annotations

import dataclasses
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.errors import ConfigurationError, ScenarioError
from accord.io import dump_scenario, load_scenario
from accord.io.actors import read_forecast_yaml
from accord.io.loader import bundled_scenarios
from accord.io.native import scenario_to_document
from accord.model import (
    Beta,
    Dirichlet,
    Drift,
    ForecastInputs,
    Normal,
    RedLineDoubt,
    Scenario,
    Uncertainty,
    Uniform,
)
from accord.sweep import make_job, plan_uncertainty
from accord.web.whatif import Edits, apply_edits

GENEVA = bundled_scenarios()["geneva-2026"]
GENIUS = Path(__file__).resolve().parents[1] / "data" / "genius" / "unit"

FORECAST = {
    "dimensions": [
        {"name": "donbas", "description": "share of Donbas held"},
        {"name": "znpp", "scale": [0, 10]},
    ],
    "actors": [
        {
            "name": "Russia",
            "capability": [2, 1],
            "positions": {"donbas": 100, "znpp": 9},
            "salience": {"donbas": 0.6, "znpp": 0.3},
        },
        {"name": "Ukraine", "positions": {"donbas": 0}, "salience": {"donbas": 0.9}},
    ],
}


def geneva_doc() -> dict[str, Any]:
    return yaml.safe_load(GENEVA.read_text(encoding="utf-8"))


def write(tmp_path: Path, doc: dict[str, Any], name: str = "talks.yaml") -> Path:
    out = tmp_path / name
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(GENEVA.parent / "geneva-2026.source.txt", tmp_path)
    return out


def test_the_scenario_has_no_untyped_extras() -> None:
    names = {f.name for f in dataclasses.fields(Scenario)}
    assert "extras" not in names
    assert {"forecast", "uncertainty", "origin"} <= names
    sc = load_scenario()
    assert not hasattr(sc, "extras")


@pytest.mark.slow
def test_sections_are_typed_when_read(tmp_path: Path) -> None:
    doc = geneva_doc()
    doc["forecast"] = FORECAST
    sc = load_scenario(write(tmp_path, doc))
    u = sc.uncertainty
    assert isinstance(u, Uncertainty)
    russia = u.parties["russia"]
    assert russia.reservation_value == Uniform(
        low=0.30,
        high=0.42,
        note="Value of fighting on to Moscow; costs of the war mount month by month.",
        drift=Drift("month", -0.01),
    )
    cap = russia.capability
    assert isinstance(cap, Normal) and cap.truncated and cap.dist == "truncnormal"
    assert isinstance(russia.weights, Dirichlet) and russia.weights.concentration == 50
    value = russia.values["donbas"]["demilitarized_zone"]
    assert isinstance(value, Beta) and value.shape == pytest.approx((8.0, 12.0))
    assert value.bounds == (0.0, 1.0)
    assert russia.red_lines["full-donbas"].p_real == 0.6
    f = sc.forecast
    assert isinstance(f, ForecastInputs)
    assert f.dimension_names == ("donbas", "znpp")
    assert f.dimensions[0].scale == (0.0, 100.0) and f.dimensions[1].scale == (0.0, 10.0)
    assert f.actors[0].capability == (2.0, 1.0) and f.actors[1].capability == 1.0


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_writing_and_reading_back_gives_equal_sections(tmp_path: Path, fmt: str) -> None:
    doc = geneva_doc()
    doc["forecast"] = FORECAST
    # every kind of distribution and optional key, beyond what Geneva uses
    ukraine = doc["uncertainty"]["parties"]["ukraine"]
    ukraine["weights"] = {
        "donbas": {"dist": "normal", "mean": 0.4, "sd": 0.05, "low": 0.1},
        "znpp": {"dist": "fixed", "note": "as stated"},
        "energy_truce": {"dist": "beta", "a": 2, "b": 3, "low": 0.1, "high": 0.5},
    }
    doc["uncertainty"]["parties"]["united_states"]["weights"] = {
        "dist": "dirichlet",
        "concentration": 20,
        "center": {"donbas": 1, "znpp": 1},
        "label": "judgement",
    }
    original = load_scenario(write(tmp_path, doc))
    out = tmp_path / f"again.{fmt}"
    dump_scenario(original, out, fmt)
    again = load_scenario(out)
    assert again.uncertainty == original.uncertainty
    assert again.forecast == original.forecast
    assert again == original
    assert original.uncertainty is not None
    us = original.uncertainty.parties["united_states"]
    assert isinstance(us.weights, Dirichlet) and us.weights.center == {"donbas": 1.0, "znpp": 1.0}
    assert us.weights.label == "judgement"
    # what was left out stays out: no bounds invented for the beta or the normal
    written = scenario_to_document(again)["uncertainty"]["parties"]["ukraine"]["weights"]
    assert "high" not in written["donbas"] and "low" not in written["znpp"]
    assert "value" not in written["znpp"] and written["znpp"]["note"] == "as stated"


@pytest.mark.slow
def test_a_bad_distribution_fails_at_load_for_analyze_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from accord.cli.main import main

    text = GENEVA.read_text(encoding="utf-8").replace("kappa: 20,", "kappa: -2,", 1)
    path = tmp_path / "talks.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copy(GENEVA.parent / "geneva-2026.source.txt", tmp_path)
    with pytest.raises(SystemExit) as info:
        main(["analyze", str(path)])
    _, err = capsys.readouterr()
    assert info.value.code == 2
    line = next(k for k, x in enumerate(text.splitlines(), 1) if "kappa: -2," in x)
    assert f"talks.yaml:{line}" in err
    assert "uncertainty.parties.russia.values.donbas.demilitarized_zone.kappa" in err
    assert "kappa must be > 0" in err and "Traceback" not in err


def test_whatif_switch_off_drops_the_red_lines_uncertainty_entry() -> None:
    sc = load_scenario()
    assert sc.uncertainty is not None
    edited = apply_edits(sc, Edits(off=frozenset({"russia:full-donbas"})))
    assert edited.uncertainty is not None
    russia = edited.uncertainty.parties["russia"]
    assert set(russia.red_lines) == {"no-shared-znpp"}
    assert russia.red_lines["no-shared-znpp"] == RedLineDoubt(p_real=0.8)
    # the rest of the section, and the original scenario, are untouched
    assert russia.values == sc.uncertainty.parties["russia"].values
    assert edited.uncertainty.parties["ukraine"] == sc.uncertainty.parties["ukraine"]
    assert "full-donbas" in sc.uncertainty.parties["russia"].red_lines
    # the sweep samples the red lines that are left
    keys = {r.key for r in plan_uncertainty(edited).red_lines}
    assert keys == {"russia:no-shared-znpp", "ukraine:no-withdrawal", "ukraine:no-ceding-znpp"}


@pytest.mark.slow
def test_the_exported_whatif_scenario_reads_back(tmp_path: Path) -> None:
    sc = load_scenario()
    edited = apply_edits(sc, Edits(off=frozenset({"russia:full-donbas", "ukraine:no-withdrawal"})))
    out = tmp_path / "edited.yaml"
    dump_scenario(edited, out, "yaml")
    shutil.copy(GENEVA.parent / "geneva-2026.source.txt", tmp_path)
    again = load_scenario(out)
    assert again.uncertainty == edited.uncertainty
    assert "red_lines" in scenario_to_document(again)["uncertainty"]["parties"]["ukraine"]


@pytest.mark.slow
def test_forecast_files_and_scenarios_share_one_parser(tmp_path: Path) -> None:
    bad = {**FORECAST, "actors": [{**FORECAST["actors"][0], "salience": {"donbas": 1.5}}]}
    alone = tmp_path / "table.yaml"
    alone.write_text(yaml.safe_dump({"forecast": bad}, sort_keys=False), encoding="utf-8")
    with pytest.raises(ScenarioError) as a:
        read_forecast_yaml(alone)
    doc = geneva_doc()
    doc["forecast"] = bad
    with pytest.raises(ScenarioError) as b:
        load_scenario(write(tmp_path, doc))
    assert a.value.message == b.value.message
    assert a.value.path == b.value.path == "forecast.actors[0].salience"
    assert a.value.line is not None and b.value.line is not None


@pytest.mark.slow
def test_origin_says_where_it_was_read_from_and_not_what_it_is(tmp_path: Path) -> None:
    sc = load_scenario()
    assert sc.origin.format == "accord" and sc.origin.folder == GENEVA.parent
    copy = tmp_path / "copy.yaml"
    shutil.copy(GENEVA, copy)
    shutil.copy(GENEVA.parent / "geneva-2026.source.txt", tmp_path)
    other = load_scenario(copy)
    assert other.origin.folder == tmp_path and other == sc
    folder = next(p for p in sorted(GENIUS.iterdir()) if p.is_dir())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = load_scenario(folder)
    assert g.origin.format == "genius" and g.origin.domain_file is not None
    assert g.uncertainty is None and g.forecast is None


def test_a_section_edited_in_code_out_of_step_is_refused_by_the_sweep() -> None:
    sc = load_scenario()
    assert sc.uncertainty is not None
    russia = sc.uncertainty.parties["russia"]
    stray = dataclasses.replace(
        sc.uncertainty, parties={"russia": russia, "belarus": dataclasses.replace(russia)}
    )
    with pytest.raises(ConfigurationError, match="party 'belarus'"):
        make_job(dataclasses.replace(sc, uncertainty=stray), runs=5, rng=1)
    assert plan_uncertainty(dataclasses.replace(sc, uncertainty=None)).empty


def test_a_monthly_drift_without_dates_is_refused_by_the_sweep() -> None:
    sc = load_scenario()
    undated = dataclasses.replace(
        sc,
        metadata=dataclasses.replace(sc.metadata, start_date=None, end_date=None),
        calendar=None,
        sessions=(),
    )
    with pytest.raises(ConfigurationError, match="drifts per month"):
        make_job(undated, runs=5, rng=1)


@pytest.mark.slow
def test_scenarios_with_sections_stay_hashable_and_equal_ones_hash_alike(tmp_path: Path) -> None:
    """A frozen scenario is hashable (as before the sections were typed): equal scenarios,
    whatever the order their sections were written in, hash alike."""
    sc = load_scenario("geneva-2026")
    assert sc.uncertainty is not None
    doc = scenario_to_document(sc)
    unc = doc["uncertainty"]["parties"]
    doc["uncertainty"]["parties"] = dict(reversed(list(unc.items())))  # another order
    shutil.copy(GENEVA.parent / "geneva-2026.source.txt", tmp_path)
    (tmp_path / "g.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    again = load_scenario(tmp_path / "g.yaml")
    assert list(again.uncertainty.parties) != list(sc.uncertainty.parties)  # type: ignore[union-attr]
    assert again == sc and hash(again) == hash(sc)
    assert len({sc, again, dataclasses.replace(sc, uncertainty=None)}) == 2


@pytest.mark.slow
def test_written_sections_keep_the_numbers_as_the_analyst_wrote_them(tmp_path: Path) -> None:
    """``concentration: 50`` is written back as 50 and ``mean: 0.4`` as 0.4."""
    dump_scenario(load_scenario("geneva-2026"), tmp_path / "g.yaml", "yaml")
    doc = yaml.safe_load((tmp_path / "g.yaml").read_text(encoding="utf-8"))
    russia = doc["uncertainty"]["parties"]["russia"]
    assert russia["weights"]["concentration"] == 50
    assert type(russia["weights"]["concentration"]) is int
    assert type(russia["capability"]["high"]) is int  # written `high: 1`
    assert type(russia["capability"]["mean"]) is float
