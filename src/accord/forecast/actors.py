"""Actor tables: the input of every actor-based forecasting model.

An actor table lists, for each actor, its capability (power, influence, clout) and, per
dimension (issue), its position on the dimension's scale and the salience it attaches to
the dimension. This is the common input of KTAB's Spatial Model of Politics, Bueno de
Mesquita's expected utility model and Stokman's exchange model (see
``docs/forecasting.md``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from accord.arrays import Float
from accord.errors import ConfigurationError, ScenarioError
from accord.tolerance import EXACT, WRITTEN


def _frozen(a: ArrayLike, shape: tuple[int, ...], what: str) -> Float:
    arr = np.array(a, dtype=np.float64)
    if arr.shape != shape:
        raise ScenarioError(f"{what} has shape {arr.shape}, expected {shape}")
    arr.setflags(write=False)
    return arr


#: Largest capability and scale bound accepted: the models multiply capabilities,
#: saliences and differences of positions, which must stay finite.
MAX_MAGNITUDE = 1e12


@dataclass(frozen=True, slots=True, eq=False)
class ActorTable:
    """Actors x dimensions: capability, position and salience.

    Parameters
    ----------
    actors
        Actor names, unique.
    dimensions
        Dimension (issue) names, unique.
    capability
        ``capability[i, k]``: actor ``i``'s power on dimension ``k`` (>= 0). Models with one
        capability per actor (KTAB, BDM) use :attr:`actor_capability`.
    position
        ``position[i, k]`` on the dimension's scale ``scale[k]``; ``nan`` where the actor
        takes no part in dimension ``k`` (decide input files may omit cells).
    salience
        ``salience[i, k]`` in [0, 1]; 0 where the actor takes no part.
    scale
        ``(low, high)`` of each dimension's scale (KTAB: 0-100; decide: the ``#M`` bounds).
    source
        The file the table was read from, for messages.
    """

    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    capability: Float
    position: Float
    salience: Float
    scale: tuple[tuple[float, float], ...]
    source: str | None = None
    description: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n, d = len(self.actors), len(self.dimensions)
        where = self.source
        if n == 0:
            raise ScenarioError("the actor table has no actors", file=where)
        if d == 0:
            raise ScenarioError("the actor table has no dimensions", file=where)
        for names, what in ((self.actors, "actor"), (self.dimensions, "dimension")):
            seen: set[str] = set()
            for name in names:
                if name in seen:
                    raise ScenarioError(
                        f"{what} {name!r} appears twice; names must be unique", file=where
                    )
                seen.add(name)
        cap = np.array(self.capability, dtype=np.float64)
        if cap.ndim == 1:
            cap = np.repeat(cap[:, None], d, axis=1)
        object.__setattr__(self, "capability", _frozen(cap, (n, d), "capability"))
        object.__setattr__(self, "position", _frozen(self.position, (n, d), "position"))
        object.__setattr__(self, "salience", _frozen(self.salience, (n, d), "salience"))
        if len(self.scale) != d:
            raise ScenarioError(f"{len(self.scale)} scales for {d} dimensions", file=where)
        object.__setattr__(self, "scale", tuple((float(lo), float(hi)) for lo, hi in self.scale))
        for k, (lo, hi) in enumerate(self.scale):
            if not (abs(lo) <= MAX_MAGNITUDE and abs(hi) <= MAX_MAGNITUDE):
                raise ScenarioError(
                    f"dimension {self.dimensions[k]!r} has scale [{lo:g}, {hi:g}], beyond "
                    f"±{MAX_MAGNITUDE:g}: differences of such positions overflow; rescale it",
                    file=where,
                )
            if not hi > lo:
                raise ScenarioError(
                    f"dimension {self.dimensions[k]!r} has scale [{lo}, {hi}]; "
                    "the upper bound must exceed the lower one",
                    file=where,
                )
        for i, a in enumerate(self.actors):
            for k, dim in enumerate(self.dimensions):
                c, x, s = self.capability[i, k], self.position[i, k], self.salience[i, k]
                if not np.isfinite(c) or c < 0 or c > MAX_MAGNITUDE:
                    raise ScenarioError(
                        f"actor {a!r}: capability {c:g} on {dim!r} must be a number from 0 to "
                        f"{MAX_MAGNITUDE:g} (products of larger ones overflow)",
                        file=where,
                    )
                if not np.isfinite(s) or s < 0 or s > 1:
                    raise ScenarioError(
                        f"actor {a!r}: salience {s} on {dim!r} must lie in [0, 1]", file=where
                    )
                if np.isnan(x):
                    continue
                lo, hi = self.scale[k]
                tol = WRITTEN * (hi - lo)
                if not np.isfinite(x) or x < lo - tol or x > hi + tol:
                    raise ScenarioError(
                        f"actor {a!r}: position {x} on {dim!r} lies outside the scale "
                        f"[{lo:g}, {hi:g}]",
                        file=where,
                    )

        for k, dim in enumerate(self.dimensions):
            weight = self.capability[:, k] * self.salience[:, k]
            if not np.nansum(weight) > 0:
                raise ScenarioError(
                    f"no actor brings any weight to dimension {dim!r} (capability x salience "
                    "is 0 for every actor): the models weigh positions by it, and would divide "
                    "0 by 0; give some actor a salience and capability above 0, or leave the "
                    "dimension out",
                    file=where,
                )

    @property
    def n_actors(self) -> int:
        """Number of actors (rows of the table)."""
        return len(self.actors)

    @property
    def n_dimensions(self) -> int:
        """Number of dimensions (issues placed on a scale; columns of the table)."""
        return len(self.dimensions)

    @property
    def present(self) -> NDArray[np.bool_]:
        """``present[i, k]``: actor ``i`` has a position on dimension ``k``."""
        return ~np.isnan(self.position)

    @property
    def is_complete(self) -> bool:
        """True when every actor has a position on every dimension."""
        return bool(self.present.all())

    @property
    def actor_capability(self) -> Float:
        """One capability per actor (its capability on its first dimension).

        Raises
        ------
        ConfigurationError
            If an actor's capability differs between dimensions.
        """
        cap = self.capability
        spread = np.nanmax(cap, axis=1) - np.nanmin(cap, axis=1)
        bad = np.flatnonzero(spread > EXACT * np.maximum(1.0, np.abs(cap[:, 0])))
        if bad.size:
            i = int(bad[0])
            raise ConfigurationError(
                f"actor {self.actors[i]!r} has different capabilities per dimension "
                f"({', '.join(f'{c:g}' for c in cap[i])}); this model needs one per actor"
            )
        out = cap[:, 0].copy()
        return out

    def require_complete(self, model: str) -> None:
        """Raise if some actor has no position on some dimension."""
        missing = np.argwhere(~self.present)
        if missing.size:
            i, k = (int(v) for v in missing[0])
            raise ConfigurationError(
                f"the {model} model needs every actor's position on every dimension; "
                f"actor {self.actors[i]!r} has none on {self.dimensions[k]!r} "
                f"({len(missing)} cells missing{', in ' + self.source if self.source else ''})"
            )

    def normalized_position(self) -> Float:
        """Positions rescaled to [0, 1] per dimension (``nan`` where absent)."""
        lo = np.array([s[0] for s in self.scale])
        hi = np.array([s[1] for s in self.scale])
        return np.asarray((self.position - lo) / (hi - lo), dtype=np.float64)

    def select(self, dimensions: Sequence[str]) -> ActorTable:
        """The table restricted to ``dimensions`` (in that order)."""
        idx = []
        for name in dimensions:
            if name not in self.dimensions:
                raise ConfigurationError(
                    f"unknown dimension {name!r}; valid: {', '.join(self.dimensions)}"
                )
            idx.append(self.dimensions.index(name))
        return ActorTable(
            actors=self.actors,
            dimensions=tuple(self.dimensions[k] for k in idx),
            capability=self.capability[:, idx],
            position=self.position[:, idx],
            salience=self.salience[:, idx],
            scale=tuple(self.scale[k] for k in idx),
            source=self.source,
            description=self.description,
            meta=self.meta,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (the shape of the ``forecast:`` scenario section)."""
        return {
            "dimensions": [
                {"name": name, "scale": list(self.scale[k])}
                for k, name in enumerate(self.dimensions)
            ],
            "actors": [
                {
                    "name": a,
                    "capability": float(self.capability[i, 0])
                    if np.allclose(self.capability[i], self.capability[i, 0])
                    else [float(v) for v in self.capability[i]],
                    "positions": {
                        dim: (None if np.isnan(self.position[i, k]) else float(self.position[i, k]))
                        for k, dim in enumerate(self.dimensions)
                    },
                    "salience": {
                        dim: float(self.salience[i, k]) for k, dim in enumerate(self.dimensions)
                    },
                }
                for i, a in enumerate(self.actors)
            ],
        }
