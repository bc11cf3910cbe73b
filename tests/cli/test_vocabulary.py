"""One word, one meaning (docs/deprecations.md): a *round* is a meeting of the delegations;
a step of a negotiation protocol is an *exchange*, an iteration of an actor model a *step*.

The outputs of ``simulate``, ``forecast`` and ``sweep`` never call a protocol step or a model
iteration a round; their JSON carries the new keys and, for one release, the former keys
with the same values; the former option names still work, with a one-line note on stderr.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from clirun import Cli

#: "16 rounds", "round 3", "round by round", "mean rounds", "Rounds to agreement", "model
#: rounds": what the outputs said of protocol steps and model iterations.
PROTOCOL_ROUND = re.compile(
    r"\d+\s+rounds?\b|\brounds?\s+\d+|\bround[- ]by[- ]round\b|\bmean rounds\b"
    r"|\brounds to agreement\b|\bmodel rounds?\b|\bround limit\b|\bround budget\b",
    re.IGNORECASE,
)


def protocol_rounds(text: str) -> list[str]:
    """Every place ``text`` calls a protocol step or a model iteration a round."""
    return [m.group(0) for m in PROTOCOL_ROUND.finditer(" ".join(text.split()))]


def test_the_scan_finds_what_it_looks_for() -> None:
    # the scan itself must be able to fail: the former wording is caught
    assert protocol_rounds("deadline passed after 16 rounds") == ["16 rounds"]
    assert protocol_rounds("full agreement, round 3") == ["round 3"]
    assert protocol_rounds("run 1, round by round") == ["round by round"]
    assert protocol_rounds("40 model rounds, converged") == ["model rounds"]
    assert protocol_rounds("P(a further round by 30 June); the Geneva round of talks") == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "--seed", "1"],
        ["simulate", "--seed", "1", "--transcript"],
        ["simulate", "--runs", "3", "--seed", "1"],
        ["simulate", "--protocol", "single-text", "--seed", "1", "--transcript"],
    ],
)
def test_simulate_text_says_exchanges(argv: list[str], cli: Cli) -> None:
    code, out, err = cli(argv)
    assert code == 0, err
    assert protocol_rounds(out) == []
    assert "exchanges" in out


@pytest.mark.slow
def test_simulate_json_has_new_keys_and_keeps_former_ones(
    cli: Cli,
) -> None:
    code, out, _ = cli(["simulate", "--runs", "3", "--seed", "1", "--json"])
    assert code == 0
    d = json.loads(out)
    assert d["mean_exchanges"] > 0 and d["mean_rounds"] == d["mean_exchanges"]
    assert d["schedule"]["exchanges"] > 0
    assert d["schedule"]["rounds"] == d["schedule"]["exchanges"]
    sessions = d["schedule"]["sessions"]
    assert sessions and all(s["rounds"] == s["exchanges"] for s in sessions)
    assert sum(s["exchanges"] for s in sessions) == d["schedule"]["exchanges"]
    for r in d["results"]:
        assert r["exchanges"] > 0 and r["rounds"] == r["exchanges"]


@pytest.mark.slow
def test_transcript_dict_has_new_keys_and_keeps_former_ones() -> None:
    from accord.io import load_scenario
    from accord.negotiation.simulation import simulate

    t = simulate(load_scenario("geneva-2026"), protocol="single-text", rng=1).transcript
    d = t.to_dict()
    assert d["exchanges"] == d["rounds"] == t.result.rounds
    assert d["steps"] and all(s["exchange"] == s["round"] for s in d["steps"])
    assert d["steps"][-1]["exchange"] == int(t.round[-1])
    assert d["drafts"] and all(x["exchange"] == x["round"] for x in d["drafts"])


@pytest.mark.slow
def test_simulate_out_has_the_exchanges_column(tmp_path: Path, cli: Cli) -> None:
    f = tmp_path / "runs.csv"
    code, _, _ = cli(["simulate", "--runs", "2", "--seed", "1", "--out", str(f)])
    assert code == 0
    rows = list(csv.DictReader(f.open()))
    assert rows and all(r["exchanges"] == r["rounds"] and int(r["exchanges"]) > 0 for r in rows)


@pytest.mark.slow
def test_simulate_rounds_is_a_deprecated_alias(cli: Cli) -> None:
    code, new, err = cli(["simulate", "--exchanges", "12", "--seed", "1", "--json"])
    assert code == 0 and "deprecated" not in err
    code, old, err = cli(["simulate", "--rounds", "12", "--seed", "1", "--json"])
    assert code == 0
    assert json.loads(old) == json.loads(new) and json.loads(new)["schedule"]["exchanges"] == 12
    notes = [x for x in err.splitlines() if x.strip()]
    assert len(notes) == 1 and "--rounds is deprecated, use --exchanges" in notes[0]
    # the same value twice is fine; two different values are refused
    code, _, err = cli(["simulate", "--rounds", "12", "--exchanges", "12", "--json"])
    assert code == 0
    code, _, err = cli(["simulate", "--rounds", "12", "--exchanges", "10"])
    assert code == 2 and err.startswith("error: ") and "give --exchanges only" in err


@pytest.mark.slow
def test_simulate_help_names_exchanges_and_hides_rounds(
    cli: Cli,
) -> None:
    code, out, _ = cli(["simulate", "--help"])
    assert code == 0
    assert "--exchanges" in out and "--rounds" not in out


def test_simulate_checks_the_former_option_like_the_new_one(
    cli: Cli,
) -> None:
    code, _, err = cli(["simulate", "--rounds", "0"])
    assert code == 2 and "error: --rounds must be > 0" in err and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ["forecast", "-m", "eum"],
        ["forecast", "-m", "exchange"],
        ["forecast", "-m", "all", "--steps", "5"],
    ],
)
def test_forecast_text_says_model_steps(argv: list[str], cli: Cli) -> None:
    code, out, err = cli(argv)
    assert code == 0, err
    assert protocol_rounds(out) == []
    assert "model step" in " ".join(out.split())


@pytest.mark.slow
def test_forecast_json_has_new_keys_and_keeps_former_ones(
    cli: Cli,
) -> None:
    code, out, _ = cli(["forecast", "-m", "eum", "--steps", "7", "--json"])
    assert code == 0
    d = json.loads(out)
    assert len(d["steps"]) == 8 and d["rounds"] == d["steps"]
    assert [s["step"] for s in d["steps"]] == list(range(8))
    assert all(s["round"] == s["step"] for s in d["steps"])
    for c in d["red_line_crossings"]:
        assert c["round"] == c["step"] >= 1


@pytest.mark.slow
def test_forecast_rounds_is_a_deprecated_alias(cli: Cli) -> None:
    code, new, err = cli(["forecast", "-m", "eum", "--steps", "4", "--json"])
    assert code == 0 and "deprecated" not in err
    code, old, err = cli(["forecast", "-m", "eum", "--rounds", "4", "--json"])
    assert code == 0 and json.loads(old) == json.loads(new)
    assert len(json.loads(new)["steps"]) == 5
    notes = [x for x in err.splitlines() if x.strip()]
    assert len(notes) == 1 and "--rounds is deprecated, use --steps" in notes[0]
    code, _, err = cli(["forecast", "-m", "eum", "--rounds", "4", "--steps", "5"])
    assert code == 2 and "give --steps only" in err
    code, out, _ = cli(["forecast", "--help"])
    assert code == 0 and "--steps" in out and "--rounds" not in out


SWEEP = ["sweep", "--runs", "40", "--seed", "3", "--workers", "1", "--quiet"]


@pytest.mark.slow
def test_sweep_text_says_exchanges(cli: Cli) -> None:
    code, out, err = cli([*SWEEP, "--exchanges", "30"])
    assert code == 0, err
    assert protocol_rounds(out) == []
    assert "Exchanges to agreement: median" in out
    # the calendar's rounds of talks keep their name (they are meetings)
    assert "round:" in out


@pytest.mark.slow
def test_sweep_json_and_runs_have_new_keys_and_keep_former_ones(tmp_path: Path, cli: Cli) -> None:
    runs = tmp_path / "runs.csv"
    code, out, _ = cli([*SWEEP, "--json", "--out", str(runs)])
    assert code == 0
    d = json.loads(out)
    assert d["exchanges"] and d["exchanges"] == d["rounds"]
    assert d["exchanges"]["min"] <= d["exchanges"]["median"] <= d["exchanges"]["max"]
    rows = list(csv.DictReader(runs.open()))
    assert len(rows) == 40
    assert all(r["exchanges"] == r["rounds"] and int(r["exchanges"]) > 0 for r in rows)


@pytest.mark.slow
def test_sweep_rounds_is_a_deprecated_alias(cli: Cli) -> None:
    code, new, err = cli([*SWEEP, "--exchanges", "30", "--json"])
    assert code == 0 and "deprecated" not in err
    code, old, err = cli([*SWEEP, "--rounds", "30", "--json"])
    assert code == 0 and json.loads(old) == json.loads(new)
    notes = [x for x in err.splitlines() if x.strip()]
    assert len(notes) == 1 and "--rounds is deprecated, use --exchanges" in notes[0]
    code, _, err = cli([*SWEEP, "--rounds", "30", "--exchanges", "20"])
    assert code == 2 and "give --exchanges only" in err
    code, _, err = cli([*SWEEP, "--exchanges", "0"])
    assert code == 2 and "error: --exchanges must be > 0" in err
    code, out, _ = cli(["sweep", "--help"])
    assert code == 0 and "--exchanges" in out and "--rounds" not in out


def _visible_text(html: str) -> str:
    """The words a reader sees in ``html``: no scripts, styles, tags or embedded images."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'data:[^"\')]+', " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.slow
def test_report_says_exchanges_and_model_steps() -> None:
    from accord.io import load_scenario
    from accord.report import build_report, compute_sections

    sc = load_scenario("geneva-2026")
    html = build_report(sc, sections=compute_sections(sc, runs=20, forecast_model="eum"))
    text = " ".join(_visible_text(html).split())
    # the sections about protocol steps and model steps (the back-test's table names its
    # events "round", further rounds of talks, followed by their counts)
    for sid in ("scenario", "concessions", "simulation", "p-agreement", "events", "forecast"):
        part = re.search(rf'<section id="{sid}"(.*?)</section>', html, re.S)
        assert part is not None, sid
        assert protocol_rounds(_visible_text(part.group(1))) == [], sid
    assert re.search(r"after \d+ exchanges \(offers and the answers to them\)", text)
    assert re.search(r"after \d+ model steps \(the model's iterations", text)
    assert "exchange by exchange" in text and "step 0 is the input" in text
    # the rounds of talks keep their name
    assert "past rounds" in text
