"""The registries: one generic registry, a taken name refused, built-ins from the entry
points and from a plain checkout, plug-ins unable to replace a built-in."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import ClassVar

import pytest

from accord.errors import AccordWarning, ConfigurationError
from accord.forecast.registry import MODELS, models, register_model
from accord.negotiation import registry
from accord.negotiation.registry import (
    ALTERNATING,
    PROTOCOLS,
    SINGLE_TEXT,
    STRATEGIES,
    protocol_info,
    register_protocol,
    register_strategy,
)
from accord.negotiation.strategies import Hardliner
from accord.negotiation.strategy import StrategyMeta
from accord.registry import Registry

SRC = Path(__file__).resolve().parents[1] / "src"
BUILTIN_STRATEGIES = {
    "boulware",
    "conceder",
    "hardliner",
    "linear",
    "micro",
    "random",
    "staller",
    "tied-hands",
    "time-dependent",
    "tit-for-tat",
}


def test_a_second_strategy_under_a_taken_name_is_refused() -> None:
    assert "boulware" in registry.strategies()

    @dataclasses.dataclass(frozen=True)
    class Impostor(Hardliner):
        meta: ClassVar[StrategyMeta] = StrategyMeta("boulware", "not the real one", ())

    with pytest.raises(ConfigurationError, match="'boulware' is already registered"):
        register_strategy("boulware")(Impostor)
    assert registry.strategies()["boulware"].__name__ == "Boulware"


def test_protocols_and_models_refuse_taken_names_too() -> None:
    with pytest.raises(ConfigurationError, match="already registered"):
        register_protocol(SINGLE_TEXT)(lambda *a, **k: None)
    with pytest.raises(ConfigurationError, match="already registered"):
        register_model("smp", title="another SMP")(lambda table, **k: None)  # type: ignore[arg-type,return-value]
    assert models()["smp"].title == "KTAB Spatial Model of Politics"


def test_registering_the_same_item_again_is_harmless() -> None:
    r: Registry[object] = Registry("thing")
    item = object()
    assert r.add("x", item) is item and r.add("x", item) is item
    assert list(r) == ["x"] and len(r) == 1


def test_protocols_carry_metadata_and_typed_names() -> None:
    info = protocol_info(SINGLE_TEXT)
    assert info.name == "single-text" and info.references and info.title
    assert "neutral_mediator" in info.options and "discount" in info.options
    assert protocol_info(ALTERNATING).name == "alternating-offers"
    with pytest.raises(ConfigurationError, match="valid protocols: alternating-offers"):
        protocol_info("single_text")


def test_an_entry_point_cannot_replace_a_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    class EP:
        name = "boulware"

        def load(self) -> type:
            return Hardliner

    monkeypatch.setattr(
        metadata, "entry_points", lambda group: [EP()] if group == STRATEGIES.group else []
    )
    monkeypatch.setattr(STRATEGIES, "_loaded", False)
    with pytest.warns(AccordWarning, match="'boulware' of group 'accord.strategies' skipped"):
        STRATEGIES.load()
    assert STRATEGIES.get("boulware").__name__ == "Boulware"


def test_the_entry_points_declared_name_the_registered_builtins() -> None:
    """pyproject.toml declares every built-in; each entry point loads the very object the
    registry holds (so installed metadata and a plain checkout agree)."""
    text = (SRC.parent / "pyproject.toml").read_text(encoding="utf-8")
    for group, reg in (
        ("accord.strategies", STRATEGIES),
        ("accord.protocols", PROTOCOLS),
        ("accord.forecast_models", MODELS),
    ):
        section = text.split(f'[project.entry-points."{group}"]')[1].split("\n[")[0]
        declared = {}
        for line in filter(None, (x.strip() for x in section.splitlines())):
            name, _, target = line.partition(" = ")
            declared[name] = target.strip('"')
        assert set(declared) == set(reg), group
        for name, target in declared.items():
            module, _, attr = target.partition(":")
            obj = getattr(__import__(module, fromlist=[attr]), attr)
            held = reg.get(name)
            assert getattr(held, "run", held) is getattr(obj, "run", obj), name
    assert set(STRATEGIES) == BUILTIN_STRATEGIES


@pytest.mark.slow
def test_builtins_load_from_a_plain_checkout_without_metadata(tmp_path: Path) -> None:
    """With no installed accord metadata at all (only PYTHONPATH=src), the built-ins are
    there, through the registry's module fallback."""
    code = (
        "from importlib import metadata\n"
        "metadata.entry_points = lambda group: []\n"
        "from accord.negotiation.registry import strategies, protocols\n"
        "from accord.forecast.registry import models\n"
        "print(sorted(strategies()), sorted(protocols()), sorted(models()))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(SRC))
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert str(sorted(BUILTIN_STRATEGIES)) in out
    assert "['alternating-offers', 'single-text']" in out and "['eum', 'exchange', 'smp']" in out
