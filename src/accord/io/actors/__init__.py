"""Readers of actor tables for the forecasting models, one module per format.

Formats (``docs/forecasting.md``):

- KTAB CSV: row 1 ``scenario,description,nActors,nDims``; row 2 headers; then
  ``Actor,Description,Influence,Pos1,Sal1,Pos2,Sal2,...`` (positions 0-100, saliences
  0-100 summing to at most 100 per actor).
- KTAB XML: ``Scenario/Dimensions/dName`` and
  ``Scenario/Actors/Actor/{name,capability,Position/dCoord,Salience/dSal}``.
- decide (``decide-exchange-model``): tab-separated, ``'``-quoted rows ``#A key name``,
  ``#P key name``, ``#M issue bound`` (twice per issue) and
  ``#D actor issue position salience power``.
- BDM replication CSV: ``Actor,Capability,Position,Salience`` (salience 0-100), one
  dimension whose scale is the range of the positions.
- accord YAML with a top-level ``forecast:`` section (:mod:`accord.io.forecast_section`).

Every error names the file, the row (1-based line) and the column of the bad cell.

Modules: :mod:`~accord.io.actors.ktab` (KTAB CSV and XML), :mod:`~accord.io.actors.decide`,
:mod:`~accord.io.actors.bdm`, :mod:`~accord.io.actors.forecast_yaml`; what they share is in
:mod:`~accord.io.actors.common`, and :func:`read_actor_table` (in
:mod:`~accord.io.actors.detect`) picks the reader.
"""

from accord.io.actors.bdm import read_bdm_csv
from accord.io.actors.common import MAX_TABLE_BYTES, read_document
from accord.io.actors.decide import read_decide
from accord.io.actors.detect import read_actor_table
from accord.io.actors.forecast_yaml import read_forecast_yaml
from accord.io.actors.ktab import read_ktab_csv, read_ktab_xml

__all__ = [
    "MAX_TABLE_BYTES",
    "read_actor_table",
    "read_bdm_csv",
    "read_decide",
    "read_document",
    "read_forecast_yaml",
    "read_ktab_csv",
    "read_ktab_xml",
]
