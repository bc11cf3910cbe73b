"""``accord convert --to genius|geniusweb``: what the format cannot hold is listed before
anything is written, refused without ``--lossy``, and with it kept where that is exact."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from accord.analysis import analyze
from accord.io import load_scenario
from accord.io.lossy import conversion_losses, keep_what_can_be_kept
from factories import make_scenario

if TYPE_CHECKING:
    from clirun import Cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ceasefire-talks.yaml"


@pytest.mark.parametrize("fmt", ["genius", "geniusweb"])
def test_conversion_that_loses_the_model_is_refused_with_the_list(
    fmt: str, tmp_path: Path, cli: Cli
) -> None:
    out = tmp_path / "out"
    code, _, err = cli(["convert", str(EXAMPLE), "--to", fmt, "-o", str(out)])
    assert code == 2
    text = " ".join(err.split())
    assert f"{fmt} cannot hold all of this scenario" in text
    # every red line, the requires constraint and the mediator role are named
    assert "north's red line no-full-withdrawal" in text
    assert "south's red line monitored-withdrawal" in text
    assert "constraint buffer-needs-monitors" in text
    assert "mediator (mediator)" in text
    assert "--lossy" in text
    assert not out.exists()  # nothing written


@pytest.mark.parametrize("fmt", ["genius", "geniusweb"])
def test_lossy_writes_what_it_can_and_warns_with_the_same_list(
    fmt: str, tmp_path: Path, cli: Cli
) -> None:
    sc = load_scenario(str(EXAMPLE))
    listed = [x.what for x in conversion_losses(sc, fmt)]
    out = tmp_path / "out"
    code, _, err = cli(["convert", str(EXAMPLE), "--to", fmt, "-o", str(out), "--lossy"])
    assert code == 0
    warned = " ".join(err.split())
    for what in listed:
        assert what in warned
    back = load_scenario(str(out))
    # the mediator is left out, so it is not read back as a party whose consent is needed
    assert [p.id for p in back.parties] == ["north", "south"]


def test_no_loss_for_accords_own_formats() -> None:
    sc = load_scenario()
    assert conversion_losses(sc, "yaml") == () and conversion_losses(sc, "json") == ()


@pytest.mark.slow
def test_a_red_line_kept_as_a_reservation_leaves_the_zone_of_agreement_as_it_was() -> None:
    rng = np.random.default_rng(7)
    checked = 0
    for _ in range(200):
        sizes = [3, 3, 2]
        values = rng.random((2, 3, 3))
        weights = rng.dirichlet(np.ones(3), size=2)
        reservation = list(rng.uniform(0.3, 0.9, size=2))
        red = [(int(rng.integers(2)), int(rng.integers(3)), "!=", int(rng.integers(2)))]
        sc = make_scenario(sizes, values, weights, reservation, red)
        kept, losses = keep_what_can_be_kept(sc, "genius")
        if not all(x.kept for x in losses):
            continue
        checked += 1
        no_red_lines = dataclasses.replace(
            kept,
            parties=tuple(dataclasses.replace(p, red_lines=()) for p in kept.parties),
        )
        # exact: the packages every party accepts are the same, with or without the line
        assert analyze(no_red_lines).zopa == analyze(sc).zopa
    assert checked >= 10  # the seed gives enough cases where the reservation is exact


def test_a_red_line_that_cannot_be_kept_says_why() -> None:
    losses = conversion_losses(load_scenario(), "genius")
    full = next(x for x in losses if "full-donbas" in x.what)
    assert full.kept is None and "reaches its reservation value" in full.reason


def test_ratification_stages_are_a_named_loss_and_left_out() -> None:
    sc = load_scenario()
    assert sc.ratification
    losses = conversion_losses(sc, "genius")
    stages = next(x for x in losses if x.what.startswith("ratification stages"))
    assert "ua-referendum" in stages.what and stages.kept is None
    assert "two-level" in stages.reason
    kept, _ = keep_what_can_be_kept(sc, "geniusweb")
    assert kept.ratification == ()
