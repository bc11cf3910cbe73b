"""What ``accord compare`` and the dashboard compare: a scenario file, a bundled name, or a
version in the talks record (``@3``, ``@latest~1``, ``@a1b2c3``, ``SCENARIO:3``)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from accord.errors import RecordError, ScenarioError
from accord.io.snapshot import SweepFigures
from accord.model import Scenario


def load_side(
    spec: str, db: str | None, record: Any = None
) -> tuple[Scenario, dict[str, Any] | None, SweepFigures | None, str]:
    """The scenario ``spec`` names, its document as written, the figures of its stored
    sweep (record versions with a sweep; else ``None``), and a label. ``record``: an open
    record to use instead of opening ``db``."""
    from accord.io import bundled_scenarios, load_scenario, resolve
    from accord.io.native import scenario_from_document
    from accord.io.yaml_source import Document, load_document

    ref = spec[1:] if spec.startswith("@") else None
    if ref is None and (Path(spec).exists() or spec in bundled_scenarios()):
        path = resolve(spec)
        raw = None
        if path.is_file() and path.suffix.lower() in (".yaml", ".yml", ".json"):
            doc = load_document(path)
            if isinstance(doc.data, dict) and "accord" in doc.data:
                raw = doc.data
                return scenario_from_document(doc, base_dir=path.parent), raw, None, spec
        return load_scenario(path), None, None, spec
    from accord.record import open_record  # without the db extra: MissingExtraError

    try:
        rec = record if record is not None else open_record(db)
    except RecordError as exc:
        if ref is None:
            raise ScenarioError(
                f"{spec!r} is neither a file, a bundled scenario nor a version in the talks "
                f"record ({exc})"
            ) from None
        raise
    try:
        v, document, snap = rec.version(ref or spec)
    finally:
        if record is None:
            rec.close()
    with warnings.catch_warnings():
        # the record verified every quote against its stored source at commit
        warnings.filterwarnings("ignore", message=r".*the quotes citing source")
        sc = scenario_from_document(Document(data=document, file=f"record {spec}"))
    swept = None
    if snap is not None and snap.sweep is not None:
        # the figures compare shows; the stored intervals and odds by date stay in the record
        swept = SweepFigures(p_full=snap.p_full, p_partial=snap.p_partial, runs=snap.sweep_runs)
    return sc, document, swept, f"{v.scenario} version {v.seq} ({v.short})"
