"""Writing a sweep's runs as they finish, and resuming an interrupted sweep.

While a sweep runs, every finished chunk of runs is written to its own Parquet file in
``OUT.parts/`` (written under a temporary name, then renamed: a file there is always
complete), beside a ``manifest.json`` that records what the sweep is (the job's
fingerprint, runs, seed, chunk size, and the run table's layout, :data:`RUN_LAYOUT`: a sweep
an earlier accord wrote with other columns is not resumed). When every chunk is in, they
are joined into ``OUT`` (again via a temporary file and a rename) and ``OUT.parts/`` is
removed. ``OUT`` is written in the format its extension names (:data:`RUN_FORMATS`): Parquet
(``.parquet``, ``.pq``), CSV (``.csv``, numbers in their shortest exact form) or JSON lines
(``.jsonl``, ``.ndjson``, one run an object); another extension is refused before any run.
Only a Parquet ``OUT`` records its sweep, so only a Parquet ``OUT`` can be reused by
``--resume`` once finished (an interrupted sweep resumes from its chunks in any format).

Killed at any point (Ctrl-C, SIGKILL, a dead worker), a sweep leaves only complete chunk
files (each written, flushed to disk with ``fsync``, then renamed); ``--resume`` checks the
manifest, keeps those chunks and runs the others, so no run is lost or repeated. The
manifest is also stored in the final file's Parquet metadata, and in every chunk's with the
chunk's number: on resume a chunk that cannot be read (truncated, empty, random bytes),
that belongs to another sweep (another seed, scenario or chunk size) or that has the wrong
number of runs is set aside and computed again, with a warning; files that are not chunks
are left alone. A final file that cannot be read is refused with a message, unless the
chunks it was joined from are still there.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import AccordWarning, ConfigurationError, require_extra
from accord.io.limits import bounded_int, read_limited

if TYPE_CHECKING:
    import pyarrow as pa

Columns = dict[str, NDArray[np.generic]]

_META_KEY = b"accord.sweep"
#: The version of the run table's columns, recorded in every manifest: raised whenever a
#: column is added, renamed or changes meaning, so that a sweep is never resumed from chunks
#: that an earlier accord wrote with other columns (version 2: the ``exchanges`` column,
#: the tracks and the ratification outcomes).
RUN_LAYOUT = 2

#: The formats ``--out`` writes, by the output file's extension.
RUN_FORMATS = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def run_format(out: Path) -> str:
    """The format of the runs file ``out``, from its extension; a clear error for any other
    extension (nothing is written under a name that says another format)."""
    fmt = RUN_FORMATS.get(out.suffix.lower())
    if fmt is None:
        names = ", ".join(RUN_FORMATS)
        raise ConfigurationError(
            f"--out {out}: the extension {out.suffix or '(none)'!r} names no format accord "
            f"writes runs in; use one of {names} (Parquet, CSV, JSON lines)"
        )
    return fmt


def _pa() -> Any:
    return require_extra("pyarrow", "writing a sweep's runs (--out)")


def _pq() -> Any:
    return require_extra("pyarrow.parquet", "writing a sweep's runs (--out)")


def parts_dir(out: Path) -> Path:
    """The folder of finished chunks beside the output file ``out`` (``<name>.parts``)."""
    return out.with_name(out.name + ".parts")


def _part(parts: Path, chunk: int) -> Path:
    return parts / f"chunk-{chunk:06d}.parquet"


def _table(cols: Columns, manifest: dict[str, Any] | None = None) -> pa.Table:
    t = _pa().table({k: _pa().array(v) for k, v in cols.items()})
    if manifest is not None:
        t = t.replace_schema_metadata({_META_KEY: json.dumps(manifest).encode()})
    return t


def _columns(t: pa.Table) -> Columns:
    return {name: t.column(name).to_numpy() for name in t.column_names}


_CHUNK = re.compile(r"^chunk-(\d{6})$")


def _write_atomic(t: pa.Table, path: Path) -> None:
    """Write ``t`` under a temporary name, flush it to disk, then rename it: a reader
    sees the whole file or none, even after a crash of the machine."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        _pq().write_table(t, fh)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder that cannot be opened (not on Linux)
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems without directory fsync
        pass
    finally:
        os.close(fd)


#: Largest manifest accepted when resuming (bytes): a sweep's manifest is a few hundred.
MAX_MANIFEST_BYTES = 1_000_000


def read_manifest(data: bytes | str) -> dict[str, Any]:
    """A sweep manifest (the parts folder's ``manifest.json``, a chunk's or the final file's
    metadata) as a dict; :class:`ConfigurationError` (a ``ValueError``) with a short reason
    for anything else: over :data:`MAX_MANIFEST_BYTES`, not JSON, nested deeper than a
    manifest is (a file nested 100,000 levels deep would exhaust Python's recursion), an
    integer of thousands of digits, or not an object."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ConfigurationError(f"over the limit of {MAX_MANIFEST_BYTES:,} bytes for a manifest")
    try:
        found = json.loads(data, parse_int=bounded_int)
    except RecursionError:
        raise ConfigurationError("nested too deeply to be a sweep manifest") from None
    if not isinstance(found, dict):
        raise ConfigurationError("not a JSON object")
    return found


@dataclass(frozen=True)
class RunStore:
    """The output of one sweep: the final file and its folder of finished chunks."""

    out: Path
    manifest: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def parts(self) -> Path:
        """The folder of finished chunks (see :func:`parts_dir`)."""
        return parts_dir(self.out)

    def open(self, resume: bool) -> tuple[set[int], Columns | None]:
        """Prepare the output; return the chunks already done, and the whole table when
        the sweep is already complete in ``out``."""
        fmt = run_format(self.out)  # before any run: no file under a misleading name
        _pq()  # fail at once, before any run, when the parquet extra is missing
        out, parts = self.out, self.parts
        if out.exists():
            if not resume:
                raise ConfigurationError(
                    f"output file {out} exists; pass --resume to continue or reuse that "
                    "sweep, or choose another --out file"
                )
            if fmt != "parquet":
                raise ConfigurationError(
                    f"cannot resume: {out} is a finished sweep written as {fmt}, which does "
                    "not record what sweep it holds; delete it to run the sweep again, or "
                    "write to a .parquet file to reuse finished sweeps"
                )
            try:
                table = _pq().read_table(out)
                found = read_manifest((table.schema.metadata or {}).get(_META_KEY, b"{}"))
            except (OSError, ValueError, _pa().ArrowException) as exc:
                if not parts.exists():
                    raise ConfigurationError(
                        f"cannot resume: {out} is not a readable sweep file ({_reason(exc)}); "
                        "it was truncated or overwritten: delete it to run the sweep again, "
                        "or choose another --out"
                    ) from None
                self._note(f"{out} could not be read ({_reason(exc)}); it is rebuilt from {parts}")
            else:
                self._check(found, str(out))
                if table.num_rows != self.manifest.get("runs"):
                    raise ConfigurationError(
                        f"cannot resume: {out} holds {table.num_rows:,} runs, not the "
                        f"{self.manifest.get('runs'):,} of this sweep; delete it to run the "
                        "sweep again, or choose another --out"
                    )
                return set(), _columns(table)
        if parts.exists():
            if not resume:
                raise ConfigurationError(
                    f"an interrupted sweep left its finished runs in {parts}; pass --resume "
                    "to continue it, or delete that folder to start afresh"
                )
            manifest_path = parts / "manifest.json"
            try:
                found = read_manifest(read_limited(manifest_path, MAX_MANIFEST_BYTES))
            except (OSError, ValueError) as exc:
                raise ConfigurationError(
                    f"cannot resume from {parts}: unreadable manifest ({exc}); delete the "
                    "folder to start afresh"
                ) from None
            self._check(found, str(parts))
            for stale in parts.glob("*.tmp"):
                stale.unlink()
            done = set()
            for f in sorted(parts.glob("chunk-*.parquet")):
                m = _CHUNK.match(f.stem)
                if m is None:
                    self._note(f"{f.name} in {parts} is not a chunk of a sweep; left alone")
                    continue
                chunk = int(m.group(1))
                problem = self._chunk_problem(f, chunk)
                if problem is None:
                    done.add(chunk)
                    continue
                f.replace(f.with_name(f.name + ".bad"))
                self._note(f"chunk {chunk} ({f.name}) {problem}: computed again")
            return done, None
        try:
            parts.mkdir(parents=True)
        except OSError as exc:
            raise ConfigurationError(f"cannot create {parts}: {exc}") from None
        (parts / "manifest.json").write_text(json.dumps(self.manifest), encoding="utf-8")
        return set(), None

    def _check(self, found: dict[str, Any], where: str) -> None:
        diff = [k for k in self.manifest if found.get(k) != self.manifest[k]]
        if diff == ["layout"]:  # the same sweep, written with other columns
            then = found.get("layout")
            raise ConfigurationError(
                f"cannot resume: {where} was written by another version of accord (run table "
                f"layout {'unrecorded' if then is None else repr(then)[:20]} there, "
                f"{self.manifest['layout']} now); delete it to run the sweep again, or choose "
                "another --out"
            )
        if diff:
            detail = ", ".join(
                f"{k}: {repr(found.get(k))[:80]} there, {self.manifest[k]!r} now" for k in diff
            )
            raise ConfigurationError(
                f"cannot resume: {where} holds a different sweep ({detail}); use the same "
                "scenario, --runs, --seed, protocol, strategies and exchanges, or another --out"
            )

    def _note(self, text: str) -> None:
        self.notes.append(text)
        warnings.warn(text, AccordWarning, stacklevel=3)

    def _chunk_manifest(self, chunk: int) -> dict[str, Any]:
        return {**self.manifest, "chunk_index": chunk, "rows": self._rows(chunk)}

    def _rows(self, chunk: int) -> int:
        size, runs = int(self.manifest["chunk"]), int(self.manifest["runs"])
        return max(0, min(size, runs - chunk * size))

    def _chunk_problem(self, path: Path, chunk: int) -> str | None:
        """Why the chunk file cannot be kept, or ``None`` when it is this sweep's."""
        if self._rows(chunk) == 0:
            return "is beyond the last chunk of this sweep"
        try:
            table = _pq().read_table(path)
            found = read_manifest((table.schema.metadata or {}).get(_META_KEY, b"{}"))
        except (OSError, ValueError, _pa().ArrowException) as exc:
            return f"cannot be read ({_reason(exc)})"
        expected = self._chunk_manifest(chunk)
        diff = [k for k in expected if found.get(k) != expected[k]]
        if diff:
            return "belongs to another sweep (" + ", ".join(diff) + " differ)"
        if table.num_rows != expected["rows"]:
            return f"holds {table.num_rows} runs, not {expected['rows']}"
        return None

    def write_chunk(self, chunk: int, cols: Columns) -> None:
        """Write the runs of chunk number ``chunk`` to the parts folder, atomically, with the
        manifest that ties it to this sweep.
        """
        _write_atomic(_table(cols, self._chunk_manifest(chunk)), _part(self.parts, chunk))

    def finish(self, n_chunks: int) -> Columns:
        """Join the chunks into ``out`` and remove the parts folder; return the table."""
        tables = [_pq().read_table(_part(self.parts, c)) for c in range(n_chunks)]
        joined = (
            _pa()
            .concat_tables([t.replace_schema_metadata(None) for t in tables])
            .replace_schema_metadata({_META_KEY: json.dumps(self.manifest).encode()})
        )
        self.out.parent.mkdir(parents=True, exist_ok=True)
        fmt = run_format(self.out)
        if fmt == "parquet":
            _write_atomic(joined, self.out)
        else:
            _write_text_atomic(joined, self.out, fmt)
        shutil.rmtree(self.parts)
        return _columns(joined)


def _write_text_atomic(t: pa.Table, path: Path, fmt: str) -> None:
    """Write ``t`` as CSV or JSON lines under a temporary name, flush it, then rename it."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        if fmt == "csv":
            require_extra("pyarrow.csv", "writing a sweep's runs (--out)").write_csv(t, fh)
        else:
            cols = _columns(t)
            names = list(cols)
            for i in range(t.num_rows):
                row = {k: _plain(cols[k][i]) for k in names}
                fh.write(json.dumps(row, allow_nan=False).encode("utf-8") + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def _plain(x: Any) -> Any:
    """A numpy scalar as JSON: NaN (a run with no agreement has no date) becomes null."""
    v = x.item() if hasattr(x, "item") else x
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def read_runs(path: Path) -> Columns:
    """The runs of a finished sweep's Parquet file, as columns."""
    return _columns(_pq().read_table(path))


#: The formats ``--by-date-out`` writes, by the file's extension.
TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def table_format(path: Path, flag: str = "--by-date-out") -> str:
    """The format of a table file from its extension; a clear error otherwise."""
    fmt = TABLE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ConfigurationError(
            f"{flag} {path}: the extension {path.suffix or '(none)'!r} names no format "
            f"accord writes tables in; use one of {', '.join(TABLE_FORMATS)}"
        )
    return fmt


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """A JSON row with nested mappings and intervals spelt out as flat columns:
    ``{"p_agreed": {"donbas": 0.1}}`` gives ``p_agreed.donbas``, an interval ``[lo, hi]``
    gives ``….low`` and ``….high``.

    >>> flat_row({"date": "2026-03-01", "ci95_full": [0.1, 0.2], "p_round": {"any": 0.5}})
    {'date': '2026-03-01', 'ci95_full.low': 0.1, 'ci95_full.high': 0.2, 'p_round.any': 0.5}
    """
    out: dict[str, Any] = {}

    def put(key: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                put(f"{key}.{k}", v)
        elif isinstance(value, list | tuple) and len(value) == 2:
            out[f"{key}.low"], out[f"{key}.high"] = value
        else:
            out[key] = value

    for k, v in row.items():
        put(k, v)
    return out


def write_table(rows: list[dict[str, Any]], path: Path) -> None:
    """Write JSON rows as a flat CSV table (columns: :func:`flat_row`; numbers in their
    shortest exact form) or as JSON lines (rows as they are), by ``path``'s extension,
    through a temporary file and a rename."""
    import csv

    fmt = table_format(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "csv":
            flat = [flat_row(r) for r in rows]
            columns = list(dict.fromkeys(k for r in flat for k in r))
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(
                {k: ("" if r.get(k) is None else r.get(k)) for k in columns} for r in flat
            )
        else:
            for r in rows:
                fh.write(json.dumps(r, allow_nan=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
