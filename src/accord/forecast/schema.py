"""The ``forecast:`` section of accord's scenario format (pydantic v2, I/O boundary).

Shape (see ``docs/forecasting.md``)::

    forecast:
      dimensions:
        - name: donbas
          scale: [0, 100]          # optional, default [0, 100]
          description: share of Donbas under Russian control
      actors:
        - name: Russia
          capability: 1.0          # or one number per dimension
          positions: {donbas: 100}
          salience: {donbas: 0.6}  # in [0, 1]; the sum over dimensions at most 1 for smp

The lead hooks :class:`ForecastSection` into the scenario loader; meanwhile
:func:`accord.io.actors.read_forecast_yaml` reads a file with a top-level ``forecast:`` key.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from accord.errors import ScenarioError
from accord.forecast.actors import ActorTable


class ForecastDimension(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    scale: tuple[float, float] = (0.0, 100.0)
    description: str = ""

    @model_validator(mode="after")
    def _scale_increasing(self) -> ForecastDimension:
        if not self.scale[1] > self.scale[0]:
            raise ValueError(f"scale {list(self.scale)} must be [low, high] with high > low")
        return self


class ForecastActor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    capability: float | list[float] = Field(default=1.0)
    positions: dict[str, float]
    salience: dict[str, float]
    description: str = ""


class ForecastSection(BaseModel):
    """An actor table written in a scenario file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dimensions: list[ForecastDimension] = Field(min_length=1)
    actors: list[ForecastActor] = Field(min_length=1)

    @model_validator(mode="after")
    def _cells(self) -> ForecastSection:
        names = [d.name for d in self.dimensions]
        for i, actor in enumerate(self.actors):
            for key in ("positions", "salience"):
                for dim in getattr(actor, key):
                    if dim not in names:
                        raise ValueError(
                            f"actors[{i}].{key}: unknown dimension {dim!r}; "
                            f"valid: {', '.join(names)}"
                        )
            for dim in actor.positions:
                if dim not in actor.salience:
                    raise ValueError(f"actors[{i}].salience: missing {dim!r}")
            for k, d in enumerate(self.dimensions):
                x = actor.positions.get(d.name)
                if x is not None and not d.scale[0] <= x <= d.scale[1]:
                    raise ValueError(
                        f"actors[{i}].positions.{d.name}: {x:g} lies outside the scale "
                        f"[{d.scale[0]:g}, {d.scale[1]:g}] of dimensions[{k}]"
                    )
            for dim, s in actor.salience.items():
                if not 0.0 <= s <= 1.0:
                    raise ValueError(f"actors[{i}].salience.{dim}: {s:g} must lie in [0, 1]")
            if isinstance(actor.capability, list) and len(actor.capability) != len(names):
                raise ValueError(
                    f"actors[{i}].capability: {len(actor.capability)} values for "
                    f"{len(names)} dimensions"
                )
        return self

    def to_table(self, source: str | None = None) -> ActorTable:
        dims = [d.name for d in self.dimensions]
        n, d = len(self.actors), len(dims)
        pos = np.full((n, d), np.nan)
        sal = np.zeros((n, d))
        cap = np.zeros((n, d))
        for i, a in enumerate(self.actors):
            cap[i] = a.capability
            for k, name in enumerate(dims):
                if name in a.positions:
                    pos[i, k] = a.positions[name]
                    sal[i, k] = a.salience[name]
        return ActorTable(
            actors=tuple(a.name for a in self.actors),
            dimensions=tuple(dims),
            capability=cap,
            position=pos,
            salience=sal,
            scale=tuple(d.scale for d in self.dimensions),
            source=source,
            meta={"format": "forecast-section"},
        )


def forecast_section_from_mapping(data: Any, *, file: str | None = None) -> ForecastSection:
    """Validate a parsed ``forecast:`` mapping; errors name the path inside it."""
    try:
        return ForecastSection.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in ("forecast", *err["loc"]))
        raise ScenarioError(
            f"{err['msg']} (got {err.get('input')!r})", file=file, path=loc
        ) from None
