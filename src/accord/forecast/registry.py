"""The registry of forecasting models: ``smp``, ``eum`` and ``exchange``, and plug-ins.

An :class:`accord.registry.Registry` of :class:`ModelMeta`. Models register with
:func:`register_model`; the built-ins live in :mod:`accord.forecast.builtin_models`, are
declared under the entry-point group ``accord.forecast_models`` (where third-party
packages add theirs: an entry point names a :class:`ModelMeta`, or a model function
registered with its entry point's name) and are imported by module name on first use.
:func:`run_forecast` dispatches by name. Every model takes an
:class:`~accord.forecast.actors.ActorTable`, a round limit and ``rng`` and returns a
:class:`~accord.forecast.result.Forecast`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from accord.errors import ConfigurationError
from accord.forecast.actors import ActorTable
from accord.forecast.result import Forecast
from accord.randomness import RNG, check_rng
from accord.registry import Registry, described

ENTRY_POINT_GROUP = "accord.forecast_models"


@dataclass(frozen=True, slots=True)
class ModelMeta:
    """What a forecasting model is: its name, title, whether it draws random numbers
    (only under options that ask for it) and its references."""

    name: str
    title: str
    stochastic: bool
    references: tuple[str, ...]
    run: Callable[..., Forecast]


def _wrap(name: str, fn: Callable[..., object]) -> ModelMeta:
    """A bare model function, registered under ``name`` with no further metadata."""
    return ModelMeta(name, name, False, (), cast(Callable[..., Forecast], fn))


MODELS: Registry[ModelMeta] = Registry(
    "forecasting model",
    group=ENTRY_POINT_GROUP,
    builtins=("accord.forecast.builtin_models",),
    check=described("forecasting model", ModelMeta, _wrap),
)


def register_model(
    name: str, *, title: str, stochastic: bool = False, references: tuple[str, ...] = ()
) -> Callable[[Callable[..., Forecast]], Callable[..., Forecast]]:
    """Register ``fn`` as the model ``name``; a taken name is refused."""

    def deco(fn: Callable[..., Forecast]) -> Callable[..., Forecast]:
        MODELS.add(name, ModelMeta(name, title, stochastic, references, fn))
        return fn

    return deco


def models() -> dict[str, ModelMeta]:
    """All registered models by name."""
    return MODELS.snapshot()


def get_model(name: str) -> ModelMeta:
    """The model ``name``; :class:`ConfigurationError` listing the valid ones otherwise."""
    return MODELS.get(name)


def run_forecast(
    table: ActorTable,
    model: str,
    *,
    rounds: int | None = None,
    rng: RNG = None,
    **options: Any,
) -> Forecast:
    """Run the registered ``model`` on ``table``; ``rng`` (an int, a Generator, a
    SeedSequence or None for fresh entropy, see :mod:`accord.randomness`) seeds the models
    that draw random numbers."""
    if rounds is not None and rounds < 1:
        raise ConfigurationError(f"steps must be at least 1, got {rounds}")
    check_rng(rng)
    return get_model(model).run(table, rounds=rounds, rng=rng, **options)
