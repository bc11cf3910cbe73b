"""The result of a forecasting run: position trajectories, the outcome and model series."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.forecast.actors import ActorTable


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, np.floating | float):
        f = float(value)
        return None if np.isnan(f) else f
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True, slots=True, eq=False)
class Forecast:
    """Positions per model step and the predicted outcome of one model run.

    ``positions[t, i, k]`` is actor ``i``'s position on dimension ``k`` after step ``t``
    of the model (``t = 0`` is the input; steps are iterations, not meetings), on the
    table's scale. ``outcome[k]`` is the model's forecast for dimension ``k``. ``series``
    holds the model-specific series (``median``/``mean`` for ``eum``, ``nbs``/``exchanges``
    for ``exchange``, ``win_probability`` for ``smp``), already JSON-ready.
    """

    model: str
    table: ActorTable
    positions: NDArray[np.float64]
    outcome: NDArray[np.float64]
    converged: bool
    series: Mapping[str, Any] = field(default_factory=dict)

    @property
    def n_rounds(self) -> int:
        """Model steps taken (``positions`` has one more entry, the start)."""
        return int(self.positions.shape[0]) - 1

    @property
    def final(self) -> NDArray[np.float64]:
        """``(n_actors, n_dimensions)``: every actor's position after the last step, on the
        table's scale (``nan`` where an actor has no position).
        """
        return np.asarray(self.positions[-1], dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        """``{"model", "steps": [{"step", "positions": {actor: [x per dim]}}], "outcome",
        "dimensions", "converged", ...series}``; ``rounds`` (each with ``round``) is the
        former name of ``steps``, kept until accord 0.3.0 (docs/deprecations.md)."""
        steps = [
            {
                "step": t,
                "round": t,
                "positions": {
                    a: _jsonable(self.positions[t, i]) for i, a in enumerate(self.table.actors)
                },
            }
            for t in range(self.positions.shape[0])
        ]
        out: dict[str, Any] = {
            "model": self.model,
            "dimensions": list(self.table.dimensions),
            "steps": steps,
            "rounds": steps,
            "outcome": _jsonable(self.outcome),
            "converged": self.converged,
        }
        for key, value in self.series.items():
            out[key] = _jsonable(value)
        return out
