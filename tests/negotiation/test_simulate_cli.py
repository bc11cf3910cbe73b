"""``accord simulate`` end to end, and its errors (exit code 2, what is valid)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from datapaths import DATA, GENIUS

if TYPE_CHECKING:
    from clirun import Cli


#: The Geneva talks negotiated as one package (no tracks, no calendar).
UNTRACKED = str(DATA / "sweep" / "geneva-uncertain.yaml")


@pytest.mark.slow
def test_default_run_leads_with_a_summary(cli: Cli) -> None:
    code, out, _ = cli(["simulate", UNTRACKED, "--seed", "1"])
    assert code == 0
    assert "alternating-offers" in out and "step by step" not in out
    text = " ".join(out.split())
    assert "Outcome: no agreement: the deadline passed" in text
    assert "Agreed: nothing" in text
    assert "Left open: donbas, znpp, ceasefire_monitoring" in text
    assert "Tracks:" not in text
    # each party's best offer received, against its reservation value
    assert "Russia: the last offer of Ukraine gives it" in text
    import re

    marks = re.findall(r"gives it (\d\.\d\d) ([≥<]) its reservation (\d\.\d\d)", text)
    assert len(marks) == 2 and {m[2] for m in marks} == {"0.35", "0.45"}
    # the mark says how the offer compares with the reservation value
    assert all((m[1] == "≥") == (float(m[0]) >= float(m[2])) for m in marks)
    assert any(m[1] == "<" for m in marks)  # no agreement: someone was short
    assert "Why it ended:" in text and "plays staller" in text
    assert "--transcript shows them" in text
    code, out, _ = cli(["simulate", UNTRACKED, "--seed", "1", "--transcript"])
    assert code == 0
    assert out.index("Outcome:") < out.index("step by step")


def test_bundled_run_says_which_track_agreed_when(cli: Cli) -> None:
    code, out, _ = cli(["simulate", "--seed", "1", "--runs", "3"])
    assert code == 0
    text = " ".join(out.split())
    assert "Outcome (run 1): partial agreement on 2026-" in text
    assert "Left open: donbas, znpp" in text
    import re

    line = text[text.index("Tracks:") : text.index("Left open:")]
    agreed = re.findall(
        r"(Humanitarian|Military-technical) track \(.*?\) agreed on (2026-\d\d-\d\d)", line
    )
    assert {a[0] for a in agreed} == {"Humanitarian", "Military-technical"}
    assert "Political track (territory, the Zaporizhzhia plant) not agreed" in line
    # the run's date is its last track's
    run_date = re.search(r"partial agreement on (2026-\d\d-\d\d)", text)
    assert run_date is not None and run_date.group(1) == max(a[1] for a in agreed)
    assert "Tracks settled (share of runs):" in text
    # why the whole package stays open, from its last offers
    assert "Whole package without agreement: Russia: the last offer of Ukraine" in text
    assert "Why it stays open:" in text and "plays staller" in text
    code, out, _ = cli(["simulate", "--seed", "1", "--transcript"])
    assert code == 0
    header = next(x for x in out.splitlines() if "exchange" in x and "actor" in x)
    assert "track" in header
    # the step that settled each track is shown, even in the elided middle
    rows = [x for x in out.splitlines() if "accept" in x]
    assert any("military-techn" in x for x in rows) and any("humanitarian" in x for x in rows)


@pytest.mark.slow
def test_identical_runs_are_said_to_be(cli: Cli) -> None:
    code, out, _ = cli(["simulate", "--runs", "20"])
    assert code == 0
    text = " ".join(out.split())
    # staller and boulware draw nothing at random, the calendar is fixed
    assert "All 20 runs are identical: no strategy draws at random" in text
    example = str(Path(__file__).resolve().parents[2] / "examples" / "ceasefire-talks.yaml")
    code, out, _ = cli(["simulate", example, "--runs", "20", "--seed", "3", "-s", "north=random",
         "-s", "south=random", "--json"])  # fmt: skip
    assert code == 0
    assert len({(r["result"], r["exchanges"]) for r in json.loads(out)["results"]}) > 1
    code, out, _ = cli(["simulate", example, "--runs", "20", "--seed", "3", "-s", "north=random",
         "-s", "south=random"])  # fmt: skip
    assert code == 0 and "identical" not in out and "ended alike" not in out


@pytest.mark.slow
def test_json_schema(cli: Cli) -> None:
    code, out, _ = cli(
        [
            "simulate",
            "-s",
            "russia=conceder",
            "-s",
            "ukraine=linear:ac_time=0.5",
            "--runs",
            "5",
            "--json",
        ]
    )
    assert code == 0
    d = json.loads(out)
    assert {
        "runs",
        "full_agreements",
        "partial_agreements",
        "p_full",
        "p_partial",
        "mean_rounds",
        "results",
    } <= set(d)
    assert "agreements" not in d and "agreement_rate" not in d  # no ambiguous totals
    assert d["runs"] == 5 and len(d["results"]) == 5
    assert d["p_full"] <= d["p_partial"]
    assert set(d["results"][0]) >= {
        "result",
        "date",
        "agreement",
        "settled_issues",
        "open_issues",
        "utilities",
        "exchanges",
    }
    assert set(d["results"][0]["utilities"]) >= {"russia", "ukraine"}
    assert d["strategies"]["ukraine"] == "linear:ac_time=0.5"


@pytest.mark.slow
def test_out_csv_has_every_run(tmp_path: Path, cli: Cli) -> None:
    f = tmp_path / "runs.csv"
    code, _, _ = cli(
        ["simulate", "--protocol", "single-text", "--runs", "3", "--out", str(f), "--json"]
    )
    assert code == 0
    rows = list(csv.DictReader(f.open()))
    assert len(rows) == 3 and rows[0]["result"] == "partial_agreement"
    assert [r["run"] for r in rows] == ["1", "2", "3"]  # as the terminal says "run 1"
    for r in rows:  # numbers as written, without binary noise such as 0.4600000000000001
        for k in r:
            if k.startswith("u_"):
                assert len(r[k]) <= 14, (k, r[k])
    assert rows[0]["full_agreement"] == "False" and rows[0]["partial_agreement"] == "True"
    # the Donbas is left open by the partial agreement, not agreed at its status quo
    assert rows[0]["issue_donbas"] == ""
    assert rows[0]["issue_prisoner_exchange"] != ""


@pytest.mark.slow
def test_plot(tmp_path: Path, cli: Cli) -> None:
    f = tmp_path / "concession.png"
    code, _, _ = cli(["simulate", "--plot", str(f), "--exchanges", "10"])
    assert code == 0
    assert f.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--protocol", "haggle"], "valid protocols: alternating-offers, single-text"),
        (["-s", "russia=grim"], "valid strategies: boulware"),
        (["-s", "nobody=boulware"], "valid parties: russia, ukraine"),
        (["-s", "united_states=boulware"], "does not bargain"),
        (["-s", "russia=boulware:speed=2"], "valid parameters: e (float)"),
        (["-s", "russia=boulware:e=fast"], "'fast' is not a valid float"),
        (["-s", "russia=boulware:e=-1"], "e must be > 0"),
        (["-s", "russia"], "PARTY=NAME"),
        (["--exchanges", "0"], "--exchanges must be > 0"),
        (["--runs", "0"], "--runs must be > 0"),
        (["--out", "x.xlsx"], "valid: .csv, .parquet"),
        (["--neutral-mediator"], "applies to protocol 'single-text'"),
    ],
)
def test_bad_input_exits_2_with_what_is_valid(argv: list[str], expected: str, cli: Cli) -> None:
    code, _, err = cli(["simulate", *argv])
    assert code == 2
    assert err.startswith("error: ")
    assert expected in " ".join(err.split())
    assert "Traceback" not in err


def test_single_text_without_mediator_asks_for_neutral(tmp_path: Path, cli: Cli) -> None:
    # CameraB (GENIUS) has no mediator
    camera = GENIUS / "CameraB"
    code, _, err = cli(
        [
            "simulate",
            str(camera),
            "--protocol",
            "single-text",
            "--exchanges",
            "5",
            "-s",
            _party(camera, 0) + "=boulware",
            "-s",
            _party(camera, 1) + "=conceder",
        ]
    )
    assert code == 2 and "needs a mediator" in err and "--neutral-mediator" in err
    code, out, _ = cli(
        [
            "simulate",
            str(camera),
            "--protocol",
            "single-text",
            "--exchanges",
            "5",
            "--neutral-mediator",
            "--json",
            "-s",
            _party(camera, 0) + "=boulware",
            "-s",
            _party(camera, 1) + "=conceder",
        ]
    )
    assert code == 0 and json.loads(out)["runs"] == 1


def _party(folder: Path, i: int) -> str:
    from accord.io import load_scenario

    return [p.id for p in load_scenario(folder).parties][i]


def test_list(cli: Cli) -> None:
    code, out, _ = cli(["simulate", "--list"])
    assert code == 0 and "micro" in out and "single-text" in out


@pytest.mark.slow
def test_plot_axis_is_the_session_dates_and_each_party_one_colour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    import matplotlib.pyplot as plt

    from accord.cli import simulate as cli_simulate
    from accord.io import load_scenario
    from accord.negotiation.simulation import simulate

    figures: list[object] = []
    monkeypatch.setattr(plt, "close", figures.append)
    f = tmp_path / "concession.png"
    code, _, _ = cli(["simulate", "--plot", str(f), "--seed", "1"])
    assert code == 0
    axes = figures[0].axes  # type: ignore[attr-defined]
    # one panel per track negotiated apart, each titled with its track and its fate
    titles = [a.get_title(loc="left") for a in axes]
    assert len(axes) == 3
    assert titles[0].startswith("Political track") and titles[0].endswith("not agreed")
    assert any(t.startswith("Humanitarian track") and "agreed on 2026-" in t for t in titles)
    labels = [t.get_text() for t in axes[-1].get_xticklabels()]
    sim = simulate(load_scenario("geneva-2026"), rng=1)
    expected = [d for _, _, d in cli_simulate._session_ticks(sim)]
    assert labels == expected and len(labels) >= 2
    assert all(label.endswith("2026") for label in labels)
    for ax in axes:
        # one colour per party: its offers, the others' offers and its reservation line
        by_party: dict[str, set[str]] = {}
        for line in ax.get_lines():
            name = line.get_label().split(":")[0]
            if name in ("Russia", "Ukraine"):
                by_party.setdefault(name, set()).add(str(line.get_color()))
        assert set(by_party) == {"Russia", "Ukraine"}
        assert all(len(c) == 1 for c in by_party.values())
        assert by_party["Russia"] != by_party["Ukraine"]
        reservations = [ln for ln in ax.get_lines() if "reservation value" in ln.get_label()]
        assert sorted(round(ln.get_ydata()[0], 2) for ln in reservations) == [0.35, 0.45]
    # a scenario without tracks: one panel, as before
    figures.clear()
    f2 = tmp_path / "untracked.png"
    code, _, _ = cli(["simulate", UNTRACKED, "--plot", str(f2), "--seed", "1"])
    assert code == 0
    assert len(figures[0].axes) == 1  # type: ignore[attr-defined]


def test_runs_that_differ_only_at_home_are_not_called_identical() -> None:
    from types import SimpleNamespace

    from accord.cli.simulate import _identical_runs

    r = SimpleNamespace(ending="agreement", agreement=3, date="2026-05-16", rounds=4, tracks=())
    ok = SimpleNamespace(status="in_force", in_force="2026-06-30", failed_at=None)
    failed = SimpleNamespace(status="failed", in_force=None, failed_at="referendum")
    assert _identical_runs(SimpleNamespace(results=(r, r), ratification=()))  # type: ignore[arg-type]
    assert _identical_runs(SimpleNamespace(results=(r, r), ratification=(ok, ok)))  # type: ignore[arg-type]
    assert not _identical_runs(SimpleNamespace(results=(r, r), ratification=(ok, failed)))  # type: ignore[arg-type]
