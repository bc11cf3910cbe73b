"""Reader of ``decide-exchange-model`` input files: tab-separated, ``'``-quoted rows
``#A key name``, ``#P key name``, ``#M issue bound`` (twice per issue) and
``#D actor issue position salience power``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from accord.errors import AccordWarning, FormatError
from accord.forecast.actors import ActorTable
from accord.io.actors.common import check_position, parse_number, read_table_text

__all__ = ["read_decide"]


def _decide_cells(line: str) -> list[str]:
    sep = "\t" if "\t" in line else (";" if ";" in line else ",")
    return [c.strip().strip("'\"").strip() for c in line.split(sep)]


def read_decide(path: str | Path) -> ActorTable:
    """Read a ``decide-exchange-model`` input file (``#A``/``#P``/``#M``/``#D`` rows).

    Positions stay on each issue's ``#M`` scale; salience and power must lie in [0, 1].
    Cells an actor leaves out stay ``nan`` (it takes no part in that issue).
    """
    p = Path(path)
    name = str(p)
    actors: list[str] = []
    issues: list[str] = []
    bounds: dict[str, list[float]] = {}
    data: list[tuple[int, str, str, float, float, float]] = []
    # The two declaring row types: what they declare and where the keys go.
    declared = {"#A": ("actor", actors), "#P": ("issue", issues)}
    for n, raw in enumerate(read_table_text(p).splitlines(), start=1):
        if not raw.strip():
            continue
        cells = _decide_cells(raw)
        tag = cells[0]
        if tag in declared:
            what, keys = declared[tag]
            if len(cells) < 2 or not cells[1]:
                article = "an" if tag == "#A" else "a"
                raise FormatError(f"{article} {tag} row needs an {what} key", file=name, line=n)
            if cells[1] in keys:
                raise FormatError(f"{what} {cells[1]!r} is declared twice", file=name, line=n)
            keys.append(cells[1])
        elif tag == "#M":
            if len(cells) < 3:
                raise FormatError("an #M row needs 'issue bound'", file=name, line=n)
            bounds.setdefault(cells[1], []).append(
                parse_number(cells[2], file=name, line=n, column="position", what="bound")
            )
        elif tag == "#D":
            if len(cells) < 6:
                raise FormatError(
                    f"a #D row needs 'actor issue position salience power', got {len(cells) - 1}"
                    " fields",
                    file=name,
                    line=n,
                )
            x = parse_number(cells[3], file=name, line=n, column="position", what="position")
            s = parse_number(cells[4], file=name, line=n, column="salience", what="salience")
            c = parse_number(cells[5], file=name, line=n, column="power", what="power")
            for v, col in ((s, "salience"), (c, "power")):
                if not 0.0 <= v <= 1.0:
                    raise FormatError(
                        f"column {col!r}: {col} {v:g} must lie in [0, 1]", file=name, line=n
                    )
            data.append((n, cells[1], cells[2], x, s, c))
        elif tag.startswith("#"):
            raise FormatError(f"unknown row type {tag!r}; valid: #A, #P, #M, #D", file=name, line=n)
    if not actors or not issues:
        raise FormatError("no #A actor rows or no #P issue rows", file=name)
    scale: list[tuple[float, float]] = []
    for issue in issues:
        b = bounds.get(issue, [])
        if len(b) < 2:
            raise FormatError(
                f"issue {issue!r} needs two #M rows (lower and upper bound), found {len(b)}",
                file=name,
            )
        scale.append((min(b), max(b)))
    na, nd = len(actors), len(issues)
    pos = np.full((na, nd), np.nan)
    sal = np.zeros((na, nd))
    cap = np.full((na, nd), np.nan)
    for n, a, issue, x, s, c in data:
        for tag, key in (("#A", a), ("#P", issue)):
            what, keys = declared[tag]
            if key not in keys:
                raise FormatError(
                    f"column {what!r}: {key!r} has no {tag} row; declared {what}s: "
                    f"{', '.join(keys)}",
                    file=name,
                    line=n,
                )
        i, k = actors.index(a), issues.index(issue)
        lo, hi = scale[k]
        check_position(x, lo=lo, hi=hi, file=name, line=n, column="position")
        if not np.isnan(pos[i, k]):
            raise FormatError(f"a second #D row for {a!r} on {issue!r}", file=name, line=n)
        pos[i, k], sal[i, k], cap[i, k] = x, s, c
    for i, a in enumerate(actors):
        if np.isnan(pos[i]).all():
            warnings.warn(f"{name}: actor {a!r} has no #D rows", AccordWarning, stacklevel=2)
        fill = np.nanmax(cap[i]) if not np.isnan(cap[i]).all() else 0.0
        cap[i] = np.where(np.isnan(cap[i]), fill, cap[i])
    return ActorTable(
        actors=tuple(actors),
        dimensions=tuple(issues),
        capability=cap,
        position=pos,
        salience=sal,
        scale=tuple(scale),
        source=name,
        meta={"format": "decide"},
    )
