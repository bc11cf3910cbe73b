"""The ``uncertainty:`` block: what it accepts and the errors it gives."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from accord.errors import ScenarioError
from accord.io.uncertainty import parse_uncertainty
from accord.model import Beta, Normal, Triangular, Uniform
from accord.sweep import plan_uncertainty
from accord.sweep.sampling import dirichlet, inverse_cdf, run_seed

from ._support import GENEVA, accord_cli, geneva


def _bad(raw: dict[str, Any]) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_uncertainty(geneva(), raw, file="g.yaml")
    return info.value


def _party(body: dict[str, Any], party: str = "russia") -> dict[str, Any]:
    return {"parties": {party: body}}


@pytest.mark.parametrize(
    ("body", "path", "words"),
    [
        (
            {"reservation_value": {"dist": "uniform", "low": 0.5, "high": 0.4}},
            "uncertainty.parties.russia.reservation_value.low",
            "low <= high",
        ),
        (
            {"capability": {"dist": "normal", "mean": 0.5, "sd": -0.1}},
            "uncertainty.parties.russia.capability.sd",
            "sd must be > 0",
        ),
        (
            {"weights": {"dist": "dirichlet", "concentration": 0}},
            "uncertainty.parties.russia.weights.concentration",
            "concentration must be > 0",
        ),
        (
            {
                "values": {
                    "donbas": {"demilitarized_zone": {"dist": "beta", "mean": 1.2, "kappa": 5}}
                }
            },
            "uncertainty.parties.russia.values.donbas.demilitarized_zone.mean",
            "(0, 1)",
        ),
        (
            {"values": {"donbas": {"partition": {"dist": "uniform", "low": 0, "high": 1}}}},
            "uncertainty.parties.russia.values.donbas.partition",
            "valid: ukraine_holds",
        ),
        (
            {"red_lines": {"full-donbas": {"p_real": 1.5}}},
            "uncertainty.parties.russia.red_lines.full-donbas.p_real",
            "[0, 1]",
        ),
        (
            {"red_lines": {"no-withdrawal": {"p_real": 0.5}}},
            "uncertainty.parties.russia.red_lines.no-withdrawal",
            "valid: full-donbas, no-shared-znpp",
        ),
        (
            {
                "capability": {
                    "dist": "uniform",
                    "low": 0,
                    "high": 1,
                    "drift": {"per": "exchange", "by": 1},
                }
            },
            "uncertainty.parties.russia.capability.drift",
            "only a reservation value may drift",
        ),
        (
            {"capability": {"dist": "lognormal", "mean": 0}},
            "uncertainty.parties.russia.capability.dist",
            "valid: beta, fixed, normal",
        ),
        (
            {"capability": {"dist": "triangular", "low": 0, "mode": 2, "high": 1}},
            "uncertainty.parties.russia.capability.mode",
            "between low",
        ),
        (
            {"capability": {"dist": "uniform", "low": 0, "hi": 1}},
            "uncertainty.parties.russia.capability.high",
            "required",
        ),
    ],
)
def test_invalid_distributions_name_their_path(body: dict[str, Any], path: str, words: str) -> None:
    err = _bad(_party(body))
    assert err.path == path
    assert err.file == "g.yaml"
    assert words in str(err)


def test_unknown_party_lists_the_valid_ones() -> None:
    err = _bad({"parties": {"belarus": {}}})
    assert err.path == "uncertainty.parties.belarus"
    assert "russia, ukraine, united_states" in str(err)


def test_geneva_block_parses() -> None:
    u = plan_uncertainty(geneva())
    names = {s.name for s in u.scalars}
    assert "russia.reservation_value" in names
    assert "ukraine.values.znpp.shared_us_ukraine" in names
    assert {r.key for r in u.red_lines} == {
        "russia:full-donbas",
        "russia:no-shared-znpp",
        "ukraine:no-withdrawal",
        "ukraine:no-ceding-znpp",
    }
    assert len(u.weights) == 3 and len(u.drifts) == 2


@pytest.mark.slow
def test_cli_reports_file_line_and_path(tmp_path: Any) -> None:
    text = GENEVA.read_text(encoding="utf-8").replace("low: 0.30\n", "low: 0.90\n", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    proc = accord_cli("sweep", str(bad), "--runs", "10", "--workers", "1", "--quiet")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "error:" in proc.stderr
    assert "uncertainty.parties.russia.reservation_value.low" in proc.stderr
    line = text.splitlines().index("        low: 0.90") + 1
    assert f"bad.yaml:{line}" in proc.stderr


def test_run_seed_is_the_spawned_child() -> None:
    children = np.random.SeedSequence(42).spawn(5)
    for i, child in enumerate(children):
        mine = run_seed(42, i)
        assert np.array_equal(mine.generate_state(4), child.generate_state(4))


@pytest.mark.slow
def test_distributions_respect_bounds_and_moments() -> None:
    u = np.random.default_rng(0).random(200_000)
    x = inverse_cdf(Uniform(low=0.3, high=0.4), u, 0.0)
    assert x.min() >= 0.3 and x.max() <= 0.4 and abs(x.mean() - 0.35) < 1e-3
    x = inverse_cdf(Normal(mean=0.5, sd=0.1, low=0.45, high=1.0), u, 0.0)
    assert x.min() >= 0.45 and x.max() <= 1.0
    x = inverse_cdf(Normal(mean=0.5, sd=0.1), u, 0.0)
    assert abs(x.mean() - 0.5) < 2e-3 and abs(x.std() - 0.1) < 2e-3
    x = inverse_cdf(Beta(mean=0.4, kappa=20), u, 0.0)
    assert abs(x.mean() - 0.4) < 2e-3 and x.min() >= 0 and x.max() <= 1
    x = inverse_cdf(Triangular(low=0.5, mode=0.7, high=0.85), u, 0.0)
    assert x.min() >= 0.5 and x.max() <= 0.85 and abs(x.mean() - (0.5 + 0.7 + 0.85) / 3) < 2e-3
    centre = np.array([0.5, 0.2, 0.3, 0.0])
    w = dirichlet(centre, 50.0, np.random.default_rng(1).random((50_000, 4)))
    assert np.allclose(w.sum(axis=1), 1.0)
    assert np.all(w[:, 3] == 0.0)
    assert np.allclose(w.mean(axis=0), centre, atol=3e-3)
