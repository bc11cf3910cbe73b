"""The array types accord's numerical code is annotated with (:mod:`numpy.typing`).

One statement of each, imported where arrays cross function boundaries: utilities and
probabilities are ``float64``, positions into an outcome space or a batch of runs are
``intp`` and masks are ``bool_``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

#: Utilities, probabilities, positions on a forecasting scale.
Float = NDArray[np.float64]
#: Indices: outcomes of a space, runs of a batch, rows of a table.
Index = NDArray[np.intp]
#: Masks over outcomes or runs.
Bool = NDArray[np.bool_]

__all__ = ["Bool", "Float", "Index"]
