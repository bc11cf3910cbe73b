"""``accord sweep`` end to end: JSON report, human report, and bad input (exit code 2)."""

from __future__ import annotations

import json
import socket
from typing import TYPE_CHECKING

import pytest

from accord.sweep import wilson

from ._support import GENEVA

if TYPE_CHECKING:
    from clirun import Cli


BASE = ["sweep", str(GENEVA), "--workers", "1", "--quiet"]


@pytest.mark.slow
def test_json_report(cli: Cli) -> None:
    code, out, _ = cli(
        [*BASE, "--runs", "300", "--seed", "4", "--protocol", "alternating-offers", "--json"]
    )
    assert code == 0
    d = json.loads(out)
    for key in (
        "runs",
        "p_zopa",
        "p_full",
        "ci95_full",
        "p_partial",
        "ci95_partial",
        "full_agreements",
        "partial_agreements",
        "outcomes",
        "binding_red_lines",
        "sensitivity",
    ):
        assert key in d
    assert d["runs"] == 300
    assert "p_agreement" not in d and "ci95" not in d  # no ambiguous "agreement" total
    k = d["full_agreements"]
    assert d["p_full"] == pytest.approx(k / 300)
    assert d["ci95_full"] == pytest.approx(list(wilson(k, 300)))
    assert d["ci95_full"][0] < d["p_full"] < d["ci95_full"][1]
    kp = d["full_agreements"] + d["partial_agreements"]
    assert d["p_partial"] == pytest.approx(kp / 300)
    assert d["ci95_partial"] == pytest.approx(list(wilson(kp, 300)))
    assert d["partial_agreements"] == 0  # alternating offers settle every issue
    assert set(d["outcomes"]) == {
        "donbas",
        "znpp",
        "ceasefire_monitoring",
        "energy_truce",
        "prisoner_exchange",
    }
    assert sum(d["outcomes"]["donbas"].values()) == pytest.approx(1.0)
    assert set(d["binding_red_lines"]) == {
        "russia:full-donbas",
        "russia:no-shared-znpp",
        "ukraine:no-withdrawal",
        "ukraine:no-ceding-znpp",
    }
    # whether Russia's Donbas demand is a firm line decides the talks in this scenario
    top = d["sensitivity"][0]
    assert top["input"] == "russia.red_lines.full-donbas" and top["effect"] < -0.5
    effects = [abs(s["effect"]) for s in d["sensitivity"]]
    assert effects == sorted(effects, reverse=True)


@pytest.mark.slow
def test_analysis_only_report_reads_well(cli: Cli) -> None:
    code, out, _ = cli([*BASE, "--runs", "200", "--protocol", "none"])
    assert code == 0
    assert "P(zone of agreement non-empty)" in out
    assert "P(full agreement" not in out and "Odds by date" not in out
    assert "russia:full-donbas" in out and "Sensitivity of P(ZOPA)" in out


@pytest.mark.slow
def test_same_seed_same_report(cli: Cli) -> None:
    argv = [*BASE, "--runs", "150", "--seed", "9", "--json"]
    _, a, _ = cli(argv)
    _, b, _ = cli(argv)
    assert a == b


@pytest.mark.slow
@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--runs", "0"], "--runs must be a whole number > 0"),
        (["--runs", "-5"], "--runs must be a whole number > 0"),
        (["--seed", "-1"], "--seed must be"),
        (["--workers", "0"], "--workers must be > 0"),
        (["--dask", "local:0"], "local:K needs"),
        (["--strategy", "russia"], "use PARTY=NAME"),
        (["--strategy", "belarus=boulware"], "belarus"),
        (["--protocol", "poker"], "unknown protocol"),
        (["--resume"], "--resume needs the --out"),
    ],
)
def test_bad_options_exit_2(extra: list[str], words: str, cli: Cli) -> None:
    where = ["--workers", "1"] if "--dask" not in extra else []
    code, _, err = cli(["sweep", str(GENEVA), "--quiet", "--runs", "10", *where, *extra])
    assert code == 2
    assert err.startswith("error:") and words in err


def test_workers_and_dask_are_exclusive(cli: Cli) -> None:
    code, _, err = cli(["sweep", str(GENEVA), "--workers", "2", "--dask", "local:1"])
    assert code == 2 and "not both" in err


@pytest.mark.slow
def test_unreachable_dask_scheduler_is_a_clear_error(cli: Cli) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # the port is closed again: nothing listens there
    code, _, err = cli(
        ["sweep", str(GENEVA), "--runs", "10", "--quiet", "--dask", f"tcp://127.0.0.1:{port}"]
    )
    assert code == 2
    assert "could not reach the Dask scheduler" in err and str(port) in err
