"""The example script runs and its strategy behaves (examples are executed by the tests)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "custom_strategy.py"


def test_custom_strategy_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("custom_strategy_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.main()
    out = capsys.readouterr().out
    assert "'partial_agreements': 1" in out and "'full_agreements': 0" in out
    from accord.negotiation.registry import STRATEGIES, make_strategy, strategies

    assert "split-the-difference" in strategies()
    assert make_strategy("split-the-difference:share=0.3").share == 0.3  # type: ignore[attr-defined]
    STRATEGIES.remove("split-the-difference")  # registered once per module that defines it


def test_entry_point_strategies_are_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    from accord.negotiation import registry
    from accord.negotiation.strategies import Hardliner

    class EP:
        name = "stubborn"

        def load(self) -> type:
            return Hardliner

    monkeypatch.setattr(
        metadata,
        "entry_points",
        lambda group: [EP()] if group == registry.ENTRY_POINT_GROUP else [],
    )
    monkeypatch.setattr(registry.STRATEGIES, "_loaded", False)
    assert "stubborn" in registry.strategies()
    assert registry.make_strategy("stubborn").meta.name == "hardliner"
    registry.STRATEGIES.remove("stubborn")
