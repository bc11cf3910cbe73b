"""Readers of KTAB SMP actor tables: the CSV and the XML scenario.

- CSV: row 1 ``scenario,description,nActors,nDims``; row 2 headers; then
  ``Actor,Description,Influence,Pos1,Sal1,Pos2,Sal2,...`` (positions 0-100, saliences
  0-100 summing to at most 100 per actor).
- XML: ``Scenario/Dimensions/dName`` and
  ``Scenario/Actors/Actor/{name,capability,Position/dCoord,Salience/dSal}``.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as safe_et

from accord.arrays import Float
from accord.errors import FormatError
from accord.forecast.actors import ActorTable
from accord.io.actors.common import check_position, check_salience, parse_number, read_table_text
from accord.tolerance import WRITTEN

__all__ = ["read_ktab_csv", "read_ktab_xml"]


def read_ktab_csv(path: str | Path) -> ActorTable:
    """Read a KTAB SMP CSV file (positions and saliences on 0-100)."""
    p = Path(path)
    name = str(p)
    rows = [
        (n, [c.strip() for c in row])
        for n, row in enumerate(csv.reader(read_table_text(p).splitlines()), start=1)
    ]
    rows = [(n, r) for n, r in rows if any(r)]
    if len(rows) < 3:
        raise FormatError(
            "a KTAB CSV needs a scenario row, a header row and at least one actor row",
            file=name,
        )
    line0, head = rows[0]
    if len(head) < 4:
        raise FormatError(
            f"row 1 must be 'scenario,description,nActors,nDims', got {','.join(head)!r}",
            file=name,
            line=line0,
        )
    n_act = parse_number(head[2], file=name, line=line0, column="nActors", what="actor count")
    n_dim = parse_number(head[3], file=name, line=line0, column="nDims", what="dimension count")
    if n_act != int(n_act) or n_act < 1 or n_dim != int(n_dim) or n_dim < 1:
        raise FormatError(
            f"nActors {head[2]!r} and nDims {head[3]!r} must be positive integers",
            file=name,
            line=line0,
        )
    na, nd = int(n_act), int(n_dim)
    line1, header = rows[1]
    header = [h for h in header if h]
    if len(header) < 3 + 2 * nd:
        raise FormatError(
            f"the header has {len(header)} columns; {nd} dimensions need "
            f"{3 + 2 * nd} (Actor, Description, Influence, then Position and Salience pairs)",
            file=name,
            line=line1,
        )
    dims = tuple(header[3 + 2 * k] for k in range(nd))
    actor_rows = rows[2:]
    if len(actor_rows) != na:
        raise FormatError(
            f"row 1 announces {na} actors but {len(actor_rows)} actor rows follow",
            file=name,
            line=line0,
        )
    actors: list[str] = []
    cap = np.zeros(na)
    pos = np.zeros((na, nd))
    sal = np.zeros((na, nd))
    for i, (line, row) in enumerate(actor_rows):
        cells = row[: 3 + 2 * nd]
        if len(cells) < 3 + 2 * nd or any(c == "" for c in cells[2:]):
            raise FormatError(
                f"actor row has {len([c for c in row if c])} filled cells; expected {3 + 2 * nd}",
                file=name,
                line=line,
            )
        if not cells[0]:
            raise FormatError("column 'Actor': empty actor name", file=name, line=line)
        actors.append(cells[0])
        cap[i] = parse_number(cells[2], file=name, line=line, column=header[2], what="influence")
        if cap[i] < 0:
            raise FormatError(
                f"column {header[2]!r}: influence {cap[i]:g} must be >= 0", file=name, line=line
            )
        for k in range(nd):
            col_p, col_s = header[3 + 2 * k], header[4 + 2 * k]
            x = parse_number(cells[3 + 2 * k], file=name, line=line, column=col_p, what="position")
            s = parse_number(cells[4 + 2 * k], file=name, line=line, column=col_s, what="salience")
            check_position(x, lo=0.0, hi=100.0, file=name, line=line, column=col_p)
            check_salience(s, hi=100.0, file=name, line=line, column=col_s)
            pos[i, k], sal[i, k] = x, s
        total = float(sal[i].sum())
        if total > 100.0 + WRITTEN:
            raise FormatError(
                f"actor {cells[0]!r}: saliences sum to {total:g} over {nd} dimensions; "
                "KTAB requires a sum of at most 100",
                file=name,
                line=line,
            )
    return _percent_table(
        actors, dims, cap, pos, sal, name, head[1], {"format": "ktab-csv", "scenario": head[0]}
    )


def read_ktab_xml(path: str | Path) -> ActorTable:
    """Read a KTAB SMP XML scenario (``Scenario/Actors/Actor``).

    Model parameters in the file are reported in ``meta``; accord runs KTAB's defaults.
    """
    p = Path(path)
    name = str(p)
    try:
        root = safe_et.fromstring(read_table_text(p).encode("utf-8"))
    except ET.ParseError as exc:
        raise FormatError(f"not well-formed XML: {exc}", file=name) from None
    except LookupError as exc:  # the XML declaration names an encoding Python lacks
        raise FormatError(
            f"not well-formed XML: {exc} in the XML declaration; save the file as UTF-8",
            file=name,
        ) from None
    except DefusedXmlException as exc:
        raise FormatError(
            f"refused XML: {exc}; entity declarations and external references are not "
            "allowed in actor tables",
            file=name,
        ) from None
    if root.tag != "Scenario":
        raise FormatError(f"root element is <{root.tag}>, expected <Scenario>", file=name)
    dims = tuple((e.text or "").strip() for e in root.iterfind("Dimensions/dName"))
    actors_el = root.findall("Actors/Actor")
    if not actors_el:
        raise FormatError("no <Actors>/<Actor> elements", file=name)
    nd = len(dims)
    if nd == 0:
        raise FormatError("no <Dimensions>/<dName> elements", file=name)
    actors: list[str] = []
    cap = np.zeros(len(actors_el))
    pos = np.zeros((len(actors_el), nd))
    sal = np.zeros((len(actors_el), nd))
    for i, el in enumerate(actors_el):
        aname = (el.findtext("name") or "").strip()
        where = f"Actors/Actor[{i}]"
        if not aname:
            raise FormatError(f"{where}/name is empty", file=name)
        actors.append(aname)
        cap_text = el.findtext("capability")
        if cap_text is None:
            raise FormatError(f"{where} ({aname}) has no <capability>", file=name)
        cap[i] = parse_number(
            cap_text, file=name, line=0, column=f"{where}/capability", what="capability"
        )
        coords = el.findall("Position/dCoord")
        sals = el.findall("Salience/dSal")
        if len(coords) != nd or len(sals) != nd:
            raise FormatError(
                f"{where} ({aname}) has {len(coords)} dCoord and {len(sals)} dSal; "
                f"expected {nd} of each (one per dimension)",
                file=name,
            )
        for k in range(nd):
            for elems, arr, what in ((coords, pos, "dCoord"), (sals, sal, "dSal")):
                text = (elems[k].text or "").strip()
                if not text:
                    raise FormatError(
                        f"{where} ({aname}): {what}[{k}] (dimension {dims[k]!r}) is empty; "
                        "give a number from 0 to 100",
                        file=name,
                    )
                arr[i, k] = parse_number(
                    text, file=name, line=0, column=f"{where}/{what}[{k}]", what=what
                )
            if not 0.0 <= pos[i, k] <= 100.0:
                raise FormatError(
                    f"{where} ({aname}): position {pos[i, k]:g} on {dims[k]!r} lies outside "
                    "[0, 100]",
                    file=name,
                )
            if not 0.0 <= sal[i, k] <= 100.0:
                raise FormatError(
                    f"{where} ({aname}): salience {sal[i, k]:g} on {dims[k]!r} must lie in "
                    "[0, 100]",
                    file=name,
                )
        if sal[i].sum() > 100.0 + WRITTEN:
            raise FormatError(
                f"{where} ({aname}): saliences sum to {sal[i].sum():g}; KTAB requires at most 100",
                file=name,
            )
    params = {c.tag: (c.text or "").strip() for c in root.iterfind("ModelParameters/*")}
    return _percent_table(
        actors,
        dims,
        cap,
        pos,
        sal,
        name,
        (root.findtext("desc") or "").strip(),
        {
            "format": "ktab-xml",
            "scenario": (root.findtext("name") or "").strip(),
            "parameters": params,
        },
    )


def _percent_table(
    actors: list[str],
    dims: tuple[str, ...],
    cap: Float,
    pos: Float,
    sal: Float,
    source: str,
    description: str,
    meta: Mapping[str, Any],
) -> ActorTable:
    """KTAB's tables state positions and saliences in percent: every dimension's scale is
    0-100 and saliences become fractions of the actor's attention."""
    return ActorTable(
        actors=tuple(actors),
        dimensions=dims,
        capability=cap,
        position=pos,
        salience=sal / 100.0,
        scale=tuple((0.0, 100.0) for _ in dims),
        source=source,
        description=description,
        meta=meta,
    )
