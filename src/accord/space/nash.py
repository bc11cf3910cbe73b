"""The Nash product's score of outcomes, shared by the analysis and the protocols.

The analysis ranks outcomes by it (:func:`accord.analysis.solutions.nash`) and the mediator
of the single negotiating text ranks drafts by it
(:mod:`accord.negotiation.single_text`); it sits here, below both, so that neither imports
the other (docs/architecture.md).
"""

from __future__ import annotations

import numpy as np

from accord.arrays import Float
from accord.tolerance import TOLERANCE


def nash_score(u: Float, d: Float, weights: Float | None = None) -> Float:
    """``sum_i w_i log(u_i - d_i)`` (the log of the (weighted) Nash product).

    The zero-gain rule: a gain of at most :data:`accord.tolerance.TOLERANCE` counts as
    none (the ZOPA test lets a package fall that far below a reservation value and still
    meet it, so smaller gains are rounding, not gains), and an outcome giving some party
    (of positive weight) no gain scores ``-inf``; such outcomes win only when every
    candidate does (then the tie-break decides). The mediator of the single negotiating
    text ranks drafts with this same score.

    >>> import numpy as np
    >>> nash_score(np.array([[0.5, 0.5], [1.0, 1e-13]]), np.zeros(2)).round(3).tolist()
    [-1.386, -inf]
    """
    gain = u - d
    w = np.ones(u.shape[1]) if weights is None else np.asarray(weights, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(gain > TOLERANCE, np.log(np.maximum(gain, TOLERANCE)), -np.inf)
    logs = np.where(w > 0, logs, 0.0)
    return np.asarray(logs @ w, dtype=np.float64)
