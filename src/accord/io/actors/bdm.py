"""Reader of the actor CSV of BDM replications: ``Actor,Capability,Position,Salience``
(salience 0-100), one dimension whose scale is the range of the positions.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from accord.errors import FormatError
from accord.forecast.actors import ActorTable
from accord.io.actors.common import check_salience, parse_number, read_table_text

__all__ = ["read_bdm_csv"]


def read_bdm_csv(path: str | Path) -> ActorTable:
    """Read the one-dimension actor CSV of BDM replications.

    Columns ``Actor,Capability,Position,Salience`` (salience 0-100, divided by 100). The
    scale is the range of the positions, as the expected utility model uses.
    """
    p = Path(path)
    name = str(p)
    lines = read_table_text(p).splitlines()
    reader = list(csv.reader(lines))
    rows = [(n, r) for n, r in enumerate(reader, start=1) if any(c.strip() for c in r)]
    if not rows:
        raise FormatError("empty file", file=name)
    header = [h.strip() for h in rows[0][1]]
    want = ["actor", "capability", "position", "salience"]
    lower = [h.lower() for h in header]
    missing = [w for w in want if w not in lower]
    if missing:
        raise FormatError(
            f"header {','.join(header)!r} lacks column(s) {', '.join(missing)}; expected "
            "Actor,Capability,Position,Salience",
            file=name,
            line=rows[0][0],
        )
    col = {w: lower.index(w) for w in want}
    actors: list[str] = []
    vals: list[tuple[float, float, float]] = []
    for n, row in rows[1:]:
        cells = [c.strip() for c in row]
        if len(cells) < len(header):
            raise FormatError(
                f"{len(cells)} cells, expected {len(header)} ({','.join(header)})",
                file=name,
                line=n,
            )
        a = cells[col["actor"]]
        if not a:
            raise FormatError("column 'Actor': empty actor name", file=name, line=n)
        c, x, s = (
            parse_number(cells[col[w]], file=name, line=n, column=header[col[w]], what=w)
            for w in ("capability", "position", "salience")
        )
        if c < 0:
            raise FormatError(f"column 'Capability': {c:g} must be >= 0", file=name, line=n)
        check_salience(s, hi=100.0, file=name, line=n, column=header[col["salience"]])
        actors.append(a)
        vals.append((c, x, s))
    if not vals:
        raise FormatError("no actor rows after the header", file=name)
    arr = np.array(vals)
    lo, hi = float(arr[:, 1].min()), float(arr[:, 1].max())
    if hi == lo:
        hi = lo + 1.0
    return ActorTable(
        actors=tuple(actors),
        dimensions=("position",),
        capability=arr[:, 0],
        position=arr[:, 1:2],
        salience=arr[:, 2:3] / 100.0,
        scale=((lo, hi),),
        source=name,
        meta={"format": "bdm-csv"},
    )
