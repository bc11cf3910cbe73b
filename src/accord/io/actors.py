"""Readers of actor tables for the forecasting models.

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
- accord YAML with a top-level ``forecast:`` section (:mod:`accord.forecast.schema`).

Every error names the file, the row (1-based line) and the column of the bad cell.
"""

from __future__ import annotations

import csv
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import AccordWarning, FormatError
from accord.forecast.actors import ActorTable

__all__ = [
    "read_actor_table",
    "read_bdm_csv",
    "read_decide",
    "read_forecast_yaml",
    "read_ktab_csv",
    "read_ktab_xml",
]


def _number(cell: str, *, file: str, line: int, column: str, what: str) -> float:
    text = cell.strip().strip("'\"").strip()
    try:
        value = float(text)
    except ValueError:
        raise FormatError(
            f"column {column!r}: {what} {cell.strip()!r} is not a number", file=file, line=line
        ) from None
    if not np.isfinite(value):
        raise FormatError(
            f"column {column!r}: {what} {cell.strip()!r} is not a finite number",
            file=file,
            line=line,
        )
    return value


#: Actor tables larger than this are refused (the largest of the field are a few kB).
MAX_TABLE_BYTES = 10 * 1024 * 1024


def _read_text(path: Path) -> str:
    """The text of an actor table, by a bounded read of a regular file (UTF-8, with or
    without a byte order mark, else Latin-1)."""
    from accord.io.yaml_source import read_limited

    data = read_limited(path, MAX_TABLE_BYTES, error=FormatError, what="actor tables")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _check_position(x: float, *, lo: float, hi: float, file: str, line: int, column: str) -> None:
    if x < lo or x > hi:
        raise FormatError(
            f"column {column!r}: position {x:g} lies outside the scale [{lo:g}, {hi:g}]",
            file=file,
            line=line,
        )


def _check_salience(s: float, *, hi: float, file: str, line: int, column: str) -> None:
    if s < 0 or s > hi:
        raise FormatError(
            f"column {column!r}: salience {s:g} must lie in [0, {hi:g}]", file=file, line=line
        )


def read_ktab_csv(path: str | Path) -> ActorTable:
    """Read a KTAB SMP CSV file (positions and saliences on 0-100)."""
    p = Path(path)
    name = str(p)
    rows = [
        (n, [c.strip() for c in row])
        for n, row in enumerate(csv.reader(_read_text(p).splitlines()), start=1)
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
    n_act = _number(head[2], file=name, line=line0, column="nActors", what="actor count")
    n_dim = _number(head[3], file=name, line=line0, column="nDims", what="dimension count")
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
        cap[i] = _number(cells[2], file=name, line=line, column=header[2], what="influence")
        if cap[i] < 0:
            raise FormatError(
                f"column {header[2]!r}: influence {cap[i]:g} must be >= 0", file=name, line=line
            )
        for k in range(nd):
            col_p, col_s = header[3 + 2 * k], header[4 + 2 * k]
            x = _number(cells[3 + 2 * k], file=name, line=line, column=col_p, what="position")
            s = _number(cells[4 + 2 * k], file=name, line=line, column=col_s, what="salience")
            _check_position(x, lo=0.0, hi=100.0, file=name, line=line, column=col_p)
            _check_salience(s, hi=100.0, file=name, line=line, column=col_s)
            pos[i, k], sal[i, k] = x, s
        total = float(sal[i].sum())
        if total > 100.0 + 1e-9:
            raise FormatError(
                f"actor {cells[0]!r}: saliences sum to {total:g} over {nd} dimensions; "
                "KTAB requires a sum of at most 100",
                file=name,
                line=line,
            )
    return ActorTable(
        actors=tuple(actors),
        dimensions=dims,
        capability=cap,
        position=pos,
        salience=sal / 100.0,
        scale=tuple((0.0, 100.0) for _ in dims),
        source=name,
        description=head[1],
        meta={"format": "ktab-csv", "scenario": head[0]},
    )


def read_ktab_xml(path: str | Path) -> ActorTable:
    """Read a KTAB SMP XML scenario (``Scenario/Actors/Actor``).

    Model parameters in the file are reported in ``meta``; accord runs KTAB's defaults.
    """
    p = Path(path)
    name = str(p)
    try:
        root = ET.fromstring(_read_text(p).encode("utf-8"))
    except ET.ParseError as exc:
        raise FormatError(f"not well-formed XML: {exc}", file=name) from None
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
        cap[i] = _number(
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
                arr[i, k] = _number(
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
        if sal[i].sum() > 100.0 + 1e-9:
            raise FormatError(
                f"{where} ({aname}): saliences sum to {sal[i].sum():g}; KTAB requires at most 100",
                file=name,
            )
    params = {c.tag: (c.text or "").strip() for c in root.iterfind("ModelParameters/*")}
    return ActorTable(
        actors=tuple(actors),
        dimensions=dims,
        capability=cap,
        position=pos,
        salience=sal / 100.0,
        scale=tuple((0.0, 100.0) for _ in dims),
        source=name,
        description=(root.findtext("desc") or "").strip(),
        meta={
            "format": "ktab-xml",
            "scenario": (root.findtext("name") or "").strip(),
            "parameters": params,
        },
    )


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
    for n, raw in enumerate(_read_text(p).splitlines(), start=1):
        if not raw.strip():
            continue
        cells = _decide_cells(raw)
        tag = cells[0]
        if tag == "#A":
            if len(cells) < 2 or not cells[1]:
                raise FormatError("an #A row needs an actor key", file=name, line=n)
            if cells[1] in actors:
                raise FormatError(f"actor {cells[1]!r} is declared twice", file=name, line=n)
            actors.append(cells[1])
        elif tag == "#P":
            if len(cells) < 2 or not cells[1]:
                raise FormatError("a #P row needs an issue key", file=name, line=n)
            if cells[1] in issues:
                raise FormatError(f"issue {cells[1]!r} is declared twice", file=name, line=n)
            issues.append(cells[1])
        elif tag == "#M":
            if len(cells) < 3:
                raise FormatError("an #M row needs 'issue bound'", file=name, line=n)
            bounds.setdefault(cells[1], []).append(
                _number(cells[2], file=name, line=n, column="position", what="bound")
            )
        elif tag == "#D":
            if len(cells) < 6:
                raise FormatError(
                    f"a #D row needs 'actor issue position salience power', got {len(cells) - 1}"
                    " fields",
                    file=name,
                    line=n,
                )
            x = _number(cells[3], file=name, line=n, column="position", what="position")
            s = _number(cells[4], file=name, line=n, column="salience", what="salience")
            c = _number(cells[5], file=name, line=n, column="power", what="power")
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
        if a not in actors:
            raise FormatError(
                f"column 'actor': {a!r} has no #A row; declared actors: {', '.join(actors)}",
                file=name,
                line=n,
            )
        if issue not in issues:
            raise FormatError(
                f"column 'issue': {issue!r} has no #P row; declared issues: {', '.join(issues)}",
                file=name,
                line=n,
            )
        i, k = actors.index(a), issues.index(issue)
        lo, hi = scale[k]
        _check_position(x, lo=lo, hi=hi, file=name, line=n, column="position")
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


def read_bdm_csv(path: str | Path) -> ActorTable:
    """Read the one-dimension actor CSV of BDM replications.

    Columns ``Actor,Capability,Position,Salience`` (salience 0-100, divided by 100). The
    scale is the range of the positions, as the expected utility model uses.
    """
    p = Path(path)
    name = str(p)
    lines = _read_text(p).splitlines()
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
        c = _number(
            cells[col["capability"]],
            file=name,
            line=n,
            column=header[col["capability"]],
            what="capability",
        )
        x = _number(
            cells[col["position"]],
            file=name,
            line=n,
            column=header[col["position"]],
            what="position",
        )
        s = _number(
            cells[col["salience"]],
            file=name,
            line=n,
            column=header[col["salience"]],
            what="salience",
        )
        if c < 0:
            raise FormatError(f"column 'Capability': {c:g} must be >= 0", file=name, line=n)
        _check_salience(s, hi=100.0, file=name, line=n, column=header[col["salience"]])
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


def read_forecast_yaml(path: str | Path) -> ActorTable:
    """Read the top-level ``forecast:`` section of an accord YAML/JSON file."""
    from accord.forecast.schema import forecast_section_from_mapping

    p = Path(path)
    name = str(p)
    doc: Any = read_document(p).data
    if not isinstance(doc, dict) or "forecast" not in doc:
        raise FormatError(
            "no top-level 'forecast:' section (an actor table with dimensions and actors)",
            file=name,
        )
    return forecast_section_from_mapping(doc["forecast"], file=name).to_table(source=name)


def read_document(p: Path) -> Any:
    """An accord YAML/JSON document read with the scenario reader's limits (bounded read,
    alias budget, nesting depth), its errors as :class:`FormatError`."""
    from accord.errors import ScenarioError
    from accord.io.yaml_source import parse_json, parse_yaml

    text = _read_text(p)
    try:
        if p.suffix.lower() == ".json":
            return parse_json(text, str(p))
        return parse_yaml(text, str(p))
    except ScenarioError as exc:
        if isinstance(exc, FormatError):
            raise
        raise FormatError(exc.message, file=exc.file, line=exc.line, path=exc.path) from None


def read_actor_table(path: str | Path, *, format: str | None = None) -> ActorTable:
    """Read an actor table, detecting the format from the extension and content.

    ``format``: ``ktab-csv``, ``ktab-xml``, ``decide``, ``bdm-csv`` or ``yaml``.
    """
    p = Path(path)
    if not p.exists():
        raise FormatError("no such file", file=str(p))
    fmt = format
    if fmt is None:
        suffix = p.suffix.lower()
        if suffix == ".xml":
            fmt = "ktab-xml"
        elif suffix in {".yaml", ".yml", ".json"}:
            fmt = "yaml"
        else:
            head = _read_text(p).lstrip()[:200]
            if head.startswith(("'#", "#A", "#P", "#M", "#D", '"#')):
                fmt = "decide"
            elif head.lower().replace(" ", "").startswith("actor,capability"):
                fmt = "bdm-csv"
            else:
                fmt = "ktab-csv"
    readers = {
        "ktab-csv": read_ktab_csv,
        "ktab-xml": read_ktab_xml,
        "decide": read_decide,
        "bdm-csv": read_bdm_csv,
        "yaml": read_forecast_yaml,
    }
    if fmt not in readers:
        raise FormatError(
            f"unknown actor-table format {fmt!r}; valid: {', '.join(readers)}", file=str(p)
        )
    return readers[fmt](p)
