"""The registry of forecasting models: ``smp``, ``eum`` and ``exchange``.

Models register explicitly with :func:`register_model`; :func:`run_forecast` dispatches by
name. Every model takes an :class:`~accord.forecast.actors.ActorTable`, a round limit and
``rng`` and returns a :class:`~accord.forecast.result.Forecast`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from accord.errors import ConfigurationError
from accord.forecast.actors import ActorTable
from accord.forecast.result import Forecast


class ModelFunction(Protocol):
    def __call__(
        self,
        table: ActorTable,
        *,
        rounds: int | None = ...,
        rng: int | np.random.Generator | None = ...,
        **options: Any,
    ) -> Forecast: ...


@dataclass(frozen=True, slots=True)
class ModelMeta:
    """What a forecasting model is: its name, title, whether it draws random numbers
    (only under options that ask for it) and its references."""

    name: str
    title: str
    stochastic: bool
    references: tuple[str, ...]
    run: Callable[..., Forecast]


_MODELS: dict[str, ModelMeta] = {}


def register_model(
    name: str, *, title: str, stochastic: bool = False, references: tuple[str, ...] = ()
) -> Callable[[Callable[..., Forecast]], Callable[..., Forecast]]:
    """Register ``fn`` as the model ``name``."""

    def deco(fn: Callable[..., Forecast]) -> Callable[..., Forecast]:
        if name in _MODELS:
            raise ConfigurationError(f"forecasting model {name!r} is registered twice")
        _MODELS[name] = ModelMeta(name, title, stochastic, references, fn)
        return fn

    return deco


def _load_builtin() -> None:
    from accord.forecast.eum import run_eum
    from accord.forecast.exchange import run_exchange
    from accord.forecast.smp import run_smp

    if "smp" not in _MODELS:
        register_model(
            "smp",
            title="KTAB Spatial Model of Politics",
            references=("Wise, Lester, Ye & Mukherjee (2015), KAPSARC KTAB",),
        )(run_smp)
    if "eum" not in _MODELS:
        register_model(
            "eum",
            title="Bueno de Mesquita expected utility (Scholz variant)",
            references=(
                "Bueno de Mesquita (1994)",
                "Scholz, Calbert & Smith (2011), J. Theor. Politics 23(4):510",
            ),
        )(run_eum)
    if "exchange" not in _MODELS:
        register_model(
            "exchange",
            title="Stokman exchange model (Equal Gain)",
            stochastic=True,
            references=("Stokman & van Oosten (1994)", "decide-exchange-model 2022.1.28"),
        )(run_exchange)


def models() -> dict[str, ModelMeta]:
    """All registered models by name."""
    _load_builtin()
    return dict(_MODELS)


def get_model(name: str) -> ModelMeta:
    all_models = models()
    if name not in all_models:
        raise ConfigurationError(
            f"unknown forecasting model {name!r}; valid: {', '.join(sorted(all_models))}"
        )
    return all_models[name]


def run_forecast(
    table: ActorTable,
    model: str,
    *,
    rounds: int | None = None,
    rng: int | np.random.Generator | None = None,
    **options: Any,
) -> Forecast:
    """Run the registered ``model`` on ``table``."""
    if rounds is not None and rounds < 1:
        raise ConfigurationError(f"rounds must be at least 1, got {rounds}")
    return get_model(model).run(table, rounds=rounds, rng=rng, **options)
