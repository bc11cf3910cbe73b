"""The ``forecast:`` section of accord's scenario format: documents <-> typed section.

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

:func:`parse_forecast` validates the section once (pydantic at the boundary, then the
cross-checks: known dimension names, positions on their scales, saliences in ``[0, 1]``)
and builds the typed :class:`accord.model.ForecastInputs`; errors name the file, the line
and the path. The scenario reader and :func:`accord.io.actors.read_forecast_yaml` (a file
with a top-level ``forecast:``) both use it; :func:`forecast_to_document` writes it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from accord.io.schema import fill, to_document
from accord.io.yaml_source import Document, PathPart, pydantic_error
from accord.model import ForecastActor, ForecastDimension, ForecastInputs

__all__ = ["forecast_to_document", "parse_forecast"]


#: A number as the analyst wrote it: an int stays an int when written back.
Number = int | float


class _DimensionDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    written_defaults: ClassVar[frozenset[str]] = frozenset({"scale"})

    name: str = Field(min_length=1)
    scale: tuple[Number, Number] = (0.0, 100.0)
    description: str = ""


class _ActorDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    written_defaults: ClassVar[frozenset[str]] = frozenset({"capability"})

    name: str = Field(min_length=1)
    capability: Number | list[Number] = Field(default=1.0)
    positions: dict[str, Number]
    salience: dict[str, Number]
    description: str = ""


class _SectionDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    dimensions: list[_DimensionDoc] = Field(min_length=1)
    actors: list[_ActorDoc] = Field(min_length=1)


def parse_forecast(
    doc: Document, raw: object, prefix: Sequence[PathPart] = ("forecast",)
) -> ForecastInputs:
    """Validate the ``forecast:`` section ``raw`` found at ``prefix`` in ``doc`` and build
    the typed section. Raises :class:`~accord.errors.ScenarioError` naming the file, the
    line and the path of the first problem."""
    try:
        d = _SectionDoc.model_validate(raw)
    except ValidationError as exc:
        raise pydantic_error(doc, exc, prefix=tuple(prefix)) from None

    def fail(message: str, *loc: PathPart) -> Exception:
        """The error for the value at ``loc`` inside the section."""
        return doc.error(message, [*prefix, *loc])

    names = [x.name for x in d.dimensions]
    for k, dim in enumerate(d.dimensions):
        if not dim.scale[1] > dim.scale[0]:
            raise fail(
                f"scale {list(dim.scale)} must be [low, high] with high > low",
                "dimensions", k, "scale",
            )  # fmt: skip
    for i, actor in enumerate(d.actors):
        for key in ("positions", "salience"):
            for name in getattr(actor, key):
                if name not in names:
                    raise fail(
                        f"actors[{i}].{key}: unknown dimension {name!r}; valid: {', '.join(names)}",
                        "actors", i, key, name,
                    )  # fmt: skip
        for name in actor.positions:
            if name not in actor.salience:
                raise fail(f"actors[{i}].salience: missing {name!r}", "actors", i, "salience")
        for k, dim in enumerate(d.dimensions):
            x = actor.positions.get(dim.name)
            if x is not None and not dim.scale[0] <= x <= dim.scale[1]:
                raise fail(
                    f"actors[{i}].positions.{dim.name}: {x:g} lies outside the scale "
                    f"[{dim.scale[0]:g}, {dim.scale[1]:g}] of dimensions[{k}]",
                    "actors", i, "positions", dim.name,
                )  # fmt: skip
        for name, s in actor.salience.items():
            if not 0.0 <= s <= 1.0:
                raise fail(
                    f"actors[{i}].salience.{name}: {s:g} must lie in [0, 1]",
                    "actors", i, "salience", name,
                )  # fmt: skip
        if isinstance(actor.capability, list) and len(actor.capability) != len(names):
            raise fail(
                f"actors[{i}].capability: {len(actor.capability)} values for "
                f"{len(names)} dimensions",
                "actors", i, "capability",
            )  # fmt: skip
    return ForecastInputs(
        dimensions=tuple(ForecastDimension(x.name, x.scale, x.description) for x in d.dimensions),
        actors=tuple(
            ForecastActor(
                name=a.name,
                positions=dict(a.positions),
                salience=dict(a.salience),
                capability=tuple(a.capability) if isinstance(a.capability, list) else a.capability,
                description=a.description,
            )
            for a in d.actors
        ),
    )


def forecast_to_document(f: ForecastInputs) -> dict[str, Any]:
    """The ``forecast:`` section of ``f`` as a document (inverse of :func:`parse_forecast`:
    reading it back gives an equal section; the default scale is written out), through the
    models that read it."""
    section = fill(
        _SectionDoc,
        f,
        dimensions=[fill(_DimensionDoc, x) for x in f.dimensions],
        actors=[
            fill(_ActorDoc, a, positions=dict(a.positions), salience=dict(a.salience))
            for a in f.actors
        ],
    )
    return to_document(section)
