"""One rule per shared option, whichever command takes it (src/accord/cli/options.py)."""

from __future__ import annotations

import pytest

from accord.cli.options import check_seed, parse_strategies, percent
from accord.errors import ConfigurationError, ParameterError
from clirun import Cli


def test_strategies_parse_to_party_and_spec() -> None:
    got = parse_strategies(["russia=boulware", " ukraine = time-dependent:e=0.5 "])
    assert got == {"russia": "boulware", "ukraine": "time-dependent:e=0.5"}
    assert parse_strategies([]) == {}


@pytest.mark.parametrize("bad", ["russia", "=boulware", "russia=", " = "])
def test_a_malformed_strategy_names_the_value_and_the_form(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="use PARTY=NAME") as info:
        parse_strategies([bad])
    assert repr(bad) in str(info.value) and "boulware" in str(info.value)


def test_a_party_given_twice_is_an_error_naming_it() -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_strategies(["ukraine=conceder", "russia=boulware", " russia = conceder"])
    message = str(info.value)
    assert "given twice for party 'russia'" in message
    assert "'russia=boulware'" in message and "'russia = conceder'" in message


@pytest.mark.parametrize("command", ["simulate", "sweep"])
def test_every_command_taking_strategy_refuses_a_party_given_twice(command: str, cli: Cli) -> None:
    extra = ["--runs", "2", "--workers", "1", "--quiet"] if command == "sweep" else []
    code, out, err = cli(
        [command, "--strategy", "russia=boulware", "--strategy", "russia=conceder", *extra]
    )
    assert code == 2 and out == ""
    assert err.startswith("error: --strategy given twice for party 'russia'")
    assert "Traceback" not in err


def test_seed_must_be_whole_and_not_negative() -> None:
    assert check_seed(0) == 0 and check_seed(None) is None and check_seed(7) == 7
    with pytest.raises(ParameterError, match="must be a whole number >= 0, got -3"):
        check_seed(-3)


def test_backtest_refuses_a_negative_seed_like_the_others(cli: Cli) -> None:
    code, _, err = cli(["backtest", "--seed", "-1"])
    assert code == 2 and err.strip() == "error: --seed must be a whole number >= 0, got -1"


def test_percent_rounds_and_marks_what_is_missing() -> None:
    assert percent(0.125) == "12%" and percent(0.125, digits=1) == "12.5%"
    assert percent(1) == "100%" and percent(0.0) == "0%"
    assert percent(None) == "-" and percent(None, missing="") == ""
