"""The numerical tolerance every layer uses to compare utilities.

A package *meets* a floor (a reservation value, an aspiration, an acceptance threshold)
when its utility is at least the floor minus :data:`TOLERANCE`: utilities are sums of
floating-point products, and two sums of the same values in another order may differ in
the last bits. One constant and one test, so that the analysis, the sweeps, the solver
encoding and the negotiation engines draw the line at the same place.

>>> import numpy as np
>>> below(np.array([0.3, 0.1 + 0.2, 0.29]), 0.3).tolist()
[False, False, True]
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

#: Absolute tolerance of utility comparisons (utilities live on a scale of about 1).
TOLERANCE = 1e-12

#: Relative tolerance under which two numbers are the same number written twice: a
#: foreign file's weights summing to one, a value function being linear, grid points
#: being equally spaced, a capability repeated per dimension, a cumulative weight reaching
#: half its total. A different concept from :data:`TOLERANCE` (a floor on a utility scale);
#: scale it by the magnitude of the numbers compared where they are not of order 1.
EXACT = 1e-12

#: Relative tolerance under which a number an analyst wrote matches another: a written
#: option value or range bound against the issue's options, a grid's step count, a
#: position against its scale, shares against their total. Written decimals carry their
#: own rounding (``0.1 + 0.2`` is a file's ``0.3``), hence looser than :data:`EXACT`.
WRITTEN = 1e-9


def below(utility: Any, floor: Any) -> NDArray[np.bool_]:
    """Where ``utility`` falls short of ``floor`` by more than :data:`TOLERANCE`
    (element-wise, broadcasting)."""
    return np.asarray(np.asarray(utility) < np.asarray(floor) - TOLERANCE)
