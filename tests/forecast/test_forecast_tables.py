"""Actor tables, their readers' errors, scenario derivation and the model registry."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from accord.errors import AccordWarning, ConfigurationError, FormatError, ScenarioError
from accord.forecast import (
    ActorTable,
    actor_table_from_scenario,
    models,
    run_exchange,
    run_forecast,
)
from accord.io.actors import read_actor_table, read_decide, read_ktab_csv, read_ktab_xml
from accord.model import (
    Issue,
    IssueKind,
    Metadata,
    Party,
    PeakedValue,
    Preference,
    Role,
    Scenario,
    TableValue,
)
from datapaths import FORECASTING

DATA = FORECASTING
KTAB_HEAD = "Demo,desc,2,2,\nActor,Description,Power,P1,S1,P2,S2,\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_ktab_csv_reads_positions_and_scales_salience() -> None:
    t = read_ktab_csv(DATA / "ktab" / "inputs" / "dummyData_3Dim.csv")
    assert t.n_actors == 7 and t.dimensions == ("Pstn1", "Pstn2", "Pstn3")
    assert t.position[0, 0] == 75.79
    assert t.salience[0, 0] == pytest.approx(0.4953)
    assert t.actor_capability[2] == pytest.approx(129.643)


def test_ktab_salience_over_100_names_file_row_and_actor(tmp_path: Path) -> None:
    p = write(tmp_path, "bad.csv", KTAB_HEAD + "A,d,1,10,60,20,50,\nB,d,1,30,20,40,20,\n")
    with pytest.raises(FormatError) as info:
        read_ktab_csv(p)
    msg = str(info.value)
    assert "bad.csv:3" in msg and "'A'" in msg and "110" in msg


def test_ktab_position_outside_scale_and_non_numeric(tmp_path: Path) -> None:
    p = write(tmp_path, "pos.csv", KTAB_HEAD + "A,d,1,10,20,120,20,\nB,d,1,30,20,40,20,\n")
    with pytest.raises(FormatError, match=r"pos.csv:3.*'P2'.*120"):
        read_ktab_csv(p)
    p = write(tmp_path, "nan.csv", KTAB_HEAD + "A,d,1,10,20,20,20,\nB,d,x1,30,20,40,20,\n")
    with pytest.raises(FormatError, match=r"nan.csv:4.*'Power'.*'x1' is not a number"):
        read_ktab_csv(p)


def test_ktab_missing_actor_rows(tmp_path: Path) -> None:
    p = write(tmp_path, "few.csv", KTAB_HEAD + "A,d,1,10,20,20,20,\n")
    with pytest.raises(FormatError, match=r"few.csv:1: row 1 announces 2 actors but 1"):
        read_ktab_csv(p)


def test_ktab_xml_empty_coordinate_is_an_error() -> None:
    # the shipped smpExample.xml leaves Alice's first coordinate empty
    with pytest.raises(FormatError, match=r"Alice.*dCoord\[0\].*empty"):
        read_ktab_xml(DATA / "ktab" / "inputs" / "smpExample.xml")


def test_ktab_xml_reads_a_valid_file(tmp_path: Path) -> None:
    text = (DATA / "ktab" / "inputs" / "smpExample.xml").read_text(encoding="utf-8-sig")
    p = write(tmp_path, "ok.xml", text.replace("<dCoord></dCoord>", "<dCoord>12.5</dCoord>", 1))
    t = read_ktab_xml(p)
    assert t.actors[0] == "Alice" and t.position[0, 0] == 12.5
    assert t.meta["parameters"]["PCEModel"] == "MarkovIncentive"
    # KTAB's percent scales: every dimension on 0-100, saliences as fractions
    assert t.scale == ((0.0, 100.0),) * t.n_dimensions
    assert 0.0 < float(t.salience.max()) <= 1.0


def test_decide_reader_keeps_missing_cells_and_scales() -> None:
    t = read_decide(DATA / "decide" / "inputs" / "copenhagen.csv")
    assert t.n_actors == 11 and t.n_dimensions == 7
    assert int(t.present.sum()) == 75
    assert not t.is_complete
    with pytest.raises(ConfigurationError, match="smp model needs every actor"):
        run_forecast(t, "smp")
    s = read_decide(DATA / "decide" / "inputs" / "sample_data.txt")
    assert s.scale[1] == (0.5, 7.0)


def test_decide_errors_name_line(tmp_path: Path) -> None:
    text = "'#A'\t'A'\t'A'\n'#P'\t'p'\t'p'\n'#M'\t'p'\t0\n'#M'\t'p'\t100\n"
    p = write(tmp_path, "d.txt", text + "'#D'\t'Z'\t'p'\t50\t0.5\t1\n")
    with pytest.raises(FormatError, match=r"d.txt:5.*'Z' has no #A row"):
        read_decide(p)
    p = write(tmp_path, "e.txt", text + "'#D'\t'A'\t'p'\t50\t1.5\t1\n")
    with pytest.raises(FormatError, match=r"e.txt:5.*salience 1.5 must lie in \[0, 1\]"):
        read_decide(p)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("'#A'\n", r"x.txt:4: an #A row needs an actor key"),
        ("'#P'\t''\n", r"x.txt:4: a #P row needs an issue key"),
        ("'#A'\t'A'\t'A again'\n", r"x.txt:4: actor 'A' is declared twice"),
        ("'#P'\t'p'\t'p again'\n", r"x.txt:4: issue 'p' is declared twice"),
        (
            "'#D'\t'A'\t'q'\t50\t0.5\t1\n",
            r"x.txt:4: column 'issue': 'q' has no #P row; declared issues: p$",
        ),
        (
            "'#D'\t'Z'\t'p'\t50\t0.5\t1\n",
            r"x.txt:4: column 'actor': 'Z' has no #A row; declared actors: A$",
        ),
    ],
)
def test_decide_declaring_rows(tmp_path: Path, rows: str, message: str) -> None:
    """#A and #P rows declare actor and issue keys once; #D rows may only use declared ones."""
    text = "'#A'\t'A'\t'A'\n'#P'\t'p'\t'p'\n'#M'\t'p'\t0\n" + rows + "'#M'\t'p'\t100\n"
    with pytest.raises(FormatError, match=message):
        read_decide(write(tmp_path, "x.txt", text))


def test_bdm_csv_and_detection() -> None:
    t = read_actor_table(DATA / "bdm" / "eu_emissions_actors.csv")
    assert t.meta["format"] == "bdm-csv" and t.scale == ((4.0, 10.0),)
    assert read_actor_table(DATA / "decide" / "inputs" / "cop21.csv").meta["format"] == "decide"
    assert read_actor_table(DATA / "ktab" / "inputs" / "SOE-Policy.csv").n_actors == 26


def test_forecast_yaml_section(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "f.yaml",
        "forecast:\n  dimensions:\n    - name: donbas\n  actors:\n"
        "    - {name: A, capability: 2, positions: {donbas: 80}, salience: {donbas: 0.5}}\n"
        "    - {name: B, capability: 1, positions: {donbas: 10}, salience: {donbas: 0.9}}\n",
    )
    t = read_actor_table(p)
    assert t.actors == ("A", "B") and t.position[:, 0].tolist() == [80.0, 10.0]
    bad = write(tmp_path, "g.yaml", p.read_text().replace("80}", "180}"))
    with pytest.raises(ScenarioError, match=r"g.yaml.*180.*outside the scale"):
        read_actor_table(bad)


def test_table_validates_scale() -> None:
    with pytest.raises(ScenarioError, match="outside the scale"):
        ActorTable(
            ("a",), ("x",), np.ones(1), np.array([[120.0]]), np.array([[0.5]]), ((0.0, 100.0),)
        )


def _scenario() -> Scenario:
    donbas = Issue(
        "donbas",
        "Donbas",
        IssueKind.ORDINAL,
        ("ukraine_holds", "demilitarized_zone", "russian_control"),
    )
    size = Issue(
        "troops", "Troops", IssueKind.NUMERIC, (0, 50, 100, 150, 200), minimum=0, maximum=200
    )
    cat = Issue("venue", "Venue", IssueKind.CATEGORICAL, ("geneva", "riyadh"))

    def party(pid: str, role: Role, cap: float, ideal: int, peak: float, w: float) -> Party:
        vals = [0.0, 0.0, 0.0]
        vals[ideal] = 1.0
        pref = Preference(
            weights={"donbas": w, "troops": 1 - w},
            values={"donbas": TableValue(tuple(vals)), "troops": PeakedValue(peak)},
        )
        return Party(pid, pid.title(), role=role, capability=cap, preference=pref)

    return Scenario(
        metadata=Metadata("demo", "Demo talks"),
        parties=(
            party("russia", Role.PARTY, 0.5, 2, 200, 0.6),
            party("ukraine", Role.PARTY, 0.3, 0, 0, 0.7),
            party("usa", Role.MEDIATOR, 0.6, 1, 100, 0.4),
            Party("observer", "Observer", role=Role.OBSERVER),
        ),
        issues=(donbas, size, cat),
    )


def test_actor_table_from_scenario() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = actor_table_from_scenario(_scenario())
    assert any(issubclass(w.category, AccordWarning) for w in caught)  # the observer
    assert t.actors == ("Russia", "Ukraine", "Usa")
    assert t.dimensions == ("donbas", "troops")
    np.testing.assert_allclose(t.position, [[100, 100], [0, 0], [50, 50]])
    np.testing.assert_allclose(t.salience, [[0.6, 0.4], [0.7, 0.3], [0.4, 0.6]])
    np.testing.assert_allclose(t.actor_capability, [0.5, 0.3, 0.6])
    with pytest.raises(ConfigurationError, match="categorical"):
        actor_table_from_scenario(_scenario(), issues=["venue"])
    with pytest.raises(ConfigurationError, match="no issue 'nope'"):
        actor_table_from_scenario(_scenario(), issues=["nope"])


def test_every_registered_model_runs_on_the_derived_table() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AccordWarning)
        table = actor_table_from_scenario(_scenario(), issues=["donbas", "troops"])
    assert set(models()) == {"smp", "eum", "exchange"}
    for name in models():
        f = run_forecast(table, name, rounds=5, rng=1)
        assert f.positions.shape[1:] == (3, 2)
        assert f.positions.shape[0] <= 6
        assert np.all((f.outcome >= 0) & (f.outcome <= 100))
        d = f.to_dict()
        assert d["model"] == name and d["steps"][0]["positions"]["Russia"] == [100.0, 100.0]
    with pytest.raises(ConfigurationError, match="unknown forecasting model 'x'"):
        run_forecast(table, "x")
    with pytest.raises(ConfigurationError, match="steps must be at least 1"):
        run_forecast(table, "smp", rounds=0)


def test_exchange_random_ties_are_seeded() -> None:
    t = read_decide(DATA / "decide" / "inputs" / "sample_data.txt")
    a = run_exchange(t, rounds=3, rng=7, random_ties=True)
    b = run_exchange(t, rounds=3, rng=7, random_ties=True)
    assert a.series["exchanges"] == b.series["exchanges"]
    det = run_exchange(t, rounds=3)
    assert det.series["exchanges"][0][0] == a.series["exchanges"][0][0]
