"""Writing a sweep's runs to Parquet as they finish, and resuming an interrupted sweep.

While a sweep runs, every finished chunk of runs is written to its own Parquet file in
``OUT.parts/`` (written under a temporary name, then renamed: a file there is always
complete), beside a ``manifest.json`` that records what the sweep is (the job's
fingerprint, runs, seed, chunk size). When every chunk is in, they are joined into
``OUT`` (again via a temporary file and a rename) and ``OUT.parts/`` is removed.

Killed at any point (Ctrl-C, SIGKILL, a dead worker), a sweep leaves only complete chunk
files; ``--resume`` checks the manifest, keeps those chunks and runs the others, so no run
is lost or repeated. The manifest is also stored in the final file's Parquet metadata.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from numpy.typing import NDArray

from accord.errors import ConfigurationError

Columns = dict[str, NDArray[np.generic]]

_META_KEY = b"accord.sweep"


def parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def _part(parts: Path, chunk: int) -> Path:
    return parts / f"chunk-{chunk:06d}.parquet"


def _table(cols: Columns, manifest: dict[str, Any] | None = None) -> pa.Table:
    t = pa.table({k: pa.array(v) for k, v in cols.items()})
    if manifest is not None:
        t = t.replace_schema_metadata({_META_KEY: json.dumps(manifest).encode()})
    return t


def _columns(t: pa.Table) -> Columns:
    return {name: t.column(name).to_numpy() for name in t.column_names}


def _write_atomic(t: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(t, tmp)
    tmp.replace(path)


@dataclass(frozen=True)
class RunStore:
    """The output of one sweep: the final file and its folder of finished chunks."""

    out: Path
    manifest: dict[str, Any]

    @property
    def parts(self) -> Path:
        return parts_dir(self.out)

    def open(self, resume: bool) -> tuple[set[int], Columns | None]:
        """Prepare the output; return the chunks already done, and the whole table when
        the sweep is already complete in ``out``."""
        out, parts = self.out, self.parts
        if out.exists():
            if not resume:
                raise ConfigurationError(
                    f"output file {out} exists; pass --resume to continue or reuse that "
                    "sweep, or choose another --out file"
                )
            meta = pq.read_schema(out).metadata or {}
            found = json.loads(meta.get(_META_KEY, b"{}"))
            self._check(found, str(out))
            return set(), _columns(pq.read_table(out))
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
            for f in parts.glob("chunk-*.parquet"):
                done.add(int(f.stem.removeprefix("chunk-")))
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

    def write_chunk(self, chunk: int, cols: Columns) -> None:
        _write_atomic(_table(cols), _part(self.parts, chunk))

    def finish(self, n_chunks: int) -> Columns:
        """Join the chunks into ``out`` and remove the parts folder; return the table."""
        tables = [pq.read_table(_part(self.parts, c)) for c in range(n_chunks)]
        joined = pa.concat_tables(tables).replace_schema_metadata(
            {_META_KEY: json.dumps(self.manifest).encode()}
        )
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(joined, self.out)
        shutil.rmtree(self.parts)
        return _columns(joined)


def read_runs(path: Path) -> Columns:
    """The runs of a finished sweep's Parquet file, as columns."""
    return _columns(pq.read_table(path))
