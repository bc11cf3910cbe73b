"""Writing a sweep's runs to Parquet as they finish, and resuming an interrupted sweep.

While a sweep runs, every finished chunk of runs is written to its own Parquet file in
``OUT.parts/`` (written under a temporary name, then renamed: a file there is always
complete), beside a ``manifest.json`` that records what the sweep is (the job's
fingerprint, runs, seed, chunk size). When every chunk is in, they are joined into
``OUT`` (again via a temporary file and a rename) and ``OUT.parts/`` is removed.

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

if TYPE_CHECKING:
    import pyarrow as pa

Columns = dict[str, NDArray[np.generic]]

_META_KEY = b"accord.sweep"


def _pa() -> Any:
    return require_extra("pyarrow", "writing runs to Parquet (--out)")


def _pq() -> Any:
    return require_extra("pyarrow.parquet", "writing runs to Parquet (--out)")


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
        _pq()  # fail at once, before any run, when the parquet extra is missing
        out, parts = self.out, self.parts
        if out.exists():
            if not resume:
                raise ConfigurationError(
                    f"output file {out} exists; pass --resume to continue or reuse that "
                    "sweep, or choose another --out file"
                )
            try:
                table = _pq().read_table(out)
                found = json.loads((table.schema.metadata or {}).get(_META_KEY, b"{}"))
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
                found = json.loads(manifest_path.read_text(encoding="utf-8"))
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
        if diff:
            detail = ", ".join(
                f"{k}: {found.get(k)!r} there, {self.manifest[k]!r} now" for k in diff
            )
            raise ConfigurationError(
                f"cannot resume: {where} holds a different sweep ({detail}); use the same "
                "scenario, --runs, --seed, protocol, strategies and rounds, or another --out"
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
            found = json.loads((table.schema.metadata or {}).get(_META_KEY, b"{}"))
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
        _write_atomic(joined, self.out)
        shutil.rmtree(self.parts)
        return _columns(joined)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def read_runs(path: Path) -> Columns:
    """The runs of a finished sweep's Parquet file, as columns."""
    return _columns(_pq().read_table(path))
