"""The analysis snapshot of a scenario version: a frozen :class:`Snapshot` with the typed
:class:`~accord.analysis.result.Zopa` inside, and its stored form, written and read through
one schema.

The talks record keeps one snapshot per version (computed at commit, completed by
``accord talks sweep``), and ``accord compare`` sets two of them side by side. The schema is
the dataclasses themselves: :func:`snapshot_document` dumps a snapshot through a pydantic
``TypeAdapter`` of :class:`Snapshot`, and :func:`read_snapshot` validates a stored document
through the same adapter, so a field is declared once and round-trips by construction.

The stored form is ``accord.snapshot/2`` (a ``schema`` key, the ZOPA as
``{"exists": ..., "size": ...}`` as in ``accord.analysis/1``, the sweep's figures under
``sweep``). Documents written before it carry no ``schema`` key (``accord.snapshot/1``: the
ZOPA as flat ``zopa_size`` and ``has_zopa``, the sweep's figures at the top level); they are
read and upgraded (:func:`upgrade_v1`). A document that is neither is refused with a
:class:`~accord.errors.RecordError` naming where it was stored.

The JSON that ``accord compare --json`` and ``accord talks show --json`` print is
:meth:`Snapshot.to_dict`, the flat ``accord.compare/1`` summary those commands always printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError

from accord.analysis.result import Zopa
from accord.errors import RecordError
from accord.model import OptionValue

#: The stored form written now.
SCHEMA = "accord.snapshot/2"
#: The stored form of earlier versions (no ``schema`` key), read and upgraded.
SCHEMA_V1 = "accord.snapshot/1"

#: A stored key the schema does not declare is damage, not something to drop silently.
_STRICT = ConfigDict(extra="forbid")

#: Keys of a version-1 document that hold the sweep's figures (``sweep_*`` renamed).
_V1_SWEEP = {
    "p_full": "p_full",
    "p_partial": "p_partial",
    "p_zopa": "p_zopa",
    "ci95_full": "ci95_full",
    "ci95_partial": "ci95_partial",
    "by_date": "by_date",
    "sweep_runs": "runs",
    "sweep_seed": "seed",
    "sweep_protocol": "protocol",
}


@dataclass(frozen=True, slots=True)
class RequirementKey:
    """A red line (or ``"reservation_value"``) of a party, as a snapshot names it.

    >>> RequirementKey("ukraine", "no-withdrawal").to_dict()
    {'party': 'ukraine', 'red_line': 'no-withdrawal'}
    """

    __pydantic_config__ = _STRICT

    party: str
    red_line: str

    def to_dict(self) -> dict[str, str]:
        """``{"party": ..., "red_line": ...}``."""
        return {"party": self.party, "red_line": self.red_line}


@dataclass(frozen=True, slots=True)
class Package:
    """A package (option per issue) and each party's utility for it, rounded to 6 decimals."""

    __pydantic_config__ = _STRICT

    package: dict[str, OptionValue]
    utilities: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """``{"package": {...}, "utilities": {...}}``."""
        return {"package": dict(self.package), "utilities": dict(self.utilities)}


@dataclass(frozen=True, slots=True)
class SnapshotRelaxation:
    """A minimal relaxation (Junker 2004's minimal correction set over red lines): the red
    lines it moves, the ZOPA it opens (``None``: not counted) and its max-min package."""

    __pydantic_config__ = _STRICT

    changes: tuple[RequirementKey, ...]
    zopa_size: int | None
    package: dict[str, OptionValue]
    utilities: dict[str, float]

    @property
    def key(self) -> tuple[tuple[str, str], ...]:
        """The relaxed red lines as sorted ``(party, red_line)`` pairs (order-free identity)."""
        return tuple(sorted((r.party, r.red_line) for r in self.changes))

    def to_dict(self) -> dict[str, Any]:
        """The relaxation as in ``accord.compare/1``."""
        return {
            "changes": [c.to_dict() for c in self.changes],
            "zopa_size": self.zopa_size,
            "package": dict(self.package),
            "utilities": dict(self.utilities),
        }


@dataclass(frozen=True, slots=True)
class SnapshotPartial:
    """A partial agreement: issues agreeable while the others stay at their status quo."""

    __pydantic_config__ = _STRICT

    issues: tuple[str, ...]
    zopa_size: int
    maximal: bool

    def to_dict(self) -> dict[str, Any]:
        """The partial agreement as in ``accord.compare/1``."""
        return {"issues": list(self.issues), "zopa_size": self.zopa_size, "maximal": self.maximal}


@dataclass(frozen=True, slots=True)
class SweepFigures:
    """What a sweep of the version found: P(full) and P(at least partial agreement by the
    deadline) with their 95% Wilson intervals, P(ZOPA), the odds by date (as
    :meth:`accord.sweep.summary.DatePoint.to_dict` writes them), and the runs, seed and
    protocol that reproduce it. Figures not given are ``None``."""

    __pydantic_config__ = _STRICT

    p_full: float | None = None
    p_partial: float | None = None
    runs: int | None = None
    p_zopa: float | None = None
    ci95_full: tuple[float, float] | None = None
    ci95_partial: tuple[float, float] | None = None
    by_date: tuple[dict[str, Any], ...] | None = None
    seed: int | None = None
    protocol: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The figures under their ``accord.compare/1`` keys (``sweep_runs``, ``sweep_seed``,
        ``sweep_protocol``); the optional ones (all but ``p_full``, ``p_partial`` and
        ``sweep_runs``) only when known."""
        out: dict[str, Any] = {"p_full": self.p_full, "p_partial": self.p_partial}
        if self.p_zopa is not None:
            out["p_zopa"] = self.p_zopa
        if self.ci95_full is not None:
            out["ci95_full"] = list(self.ci95_full)
        if self.ci95_partial is not None:
            out["ci95_partial"] = list(self.ci95_partial)
        if self.by_date is not None:
            out["by_date"] = [dict(p) for p in self.by_date]
        out["sweep_runs"] = self.runs
        if self.seed is not None:
            out["sweep_seed"] = self.seed
        if self.protocol is not None:
            out["sweep_protocol"] = self.protocol
        return out


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The compact analysis of a scenario kept per record version and compared by
    ``accord compare``: the ZOPA (:class:`~accord.analysis.result.Zopa`), the minimal
    conflicting red lines, the minimal relaxations, the partial agreements, the Nash package
    (Nash 1950), the deadline, and after a sweep its :class:`SweepFigures`.

    ``error`` holds the reason when the scenario could not be analysed (the analysis fields
    are then empty); ``computed_at`` is when the record stored it (ISO time, ``None`` before).

    >>> s = Snapshot(scenario="x", n_outcomes=8, zopa=Zopa(exists=True, size=3))
    >>> s.zopa_size, s.has_zopa
    (3, True)
    >>> read_snapshot(snapshot_document(s), "an example") == s
    True
    """

    __pydantic_config__ = _STRICT

    scenario: str | None = None
    n_outcomes: int | None = None
    zopa: Zopa | None = None
    bargaining_parties: tuple[str, ...] = ()
    conflicts: tuple[tuple[RequirementKey, ...], ...] = ()
    relaxations: tuple[SnapshotRelaxation, ...] = ()
    partial_agreements: tuple[SnapshotPartial, ...] = ()
    nash: Package | None = None
    deadline: str | None = None
    error: str | None = None
    sweep: SweepFigures | None = None
    computed_at: str | None = None

    @property
    def zopa_size(self) -> int | None:
        """The number of acceptable full packages (``None``: not counted or not analysed)."""
        return None if self.zopa is None else self.zopa.size

    @property
    def has_zopa(self) -> bool:
        """Whether a full package every bargaining party accepts is known to exist."""
        return self.zopa is not None and self.zopa.exists is True

    @property
    def p_full(self) -> float | None:
        """P(full agreement by the deadline) from the sweep, ``None`` when not swept."""
        return None if self.sweep is None else self.sweep.p_full

    @property
    def p_partial(self) -> float | None:
        """P(at least a partial agreement by the deadline), ``None`` when not swept."""
        return None if self.sweep is None else self.sweep.p_partial

    @property
    def sweep_runs(self) -> int | None:
        """The number of runs of the sweep, ``None`` when not swept."""
        return None if self.sweep is None else self.sweep.runs

    def with_sweep(self, sweep: SweepFigures, deadline: str | None = None) -> Snapshot:
        """This snapshot with ``sweep``'s figures (and the sweep's ``deadline``, if given)."""
        return replace(self, sweep=sweep, deadline=deadline or self.deadline)

    def to_dict(self) -> dict[str, Any]:
        """The snapshot as ``accord compare --json`` and ``accord talks show --json`` print it
        (the ``accord.compare/1`` summary: ``zopa_size`` and ``has_zopa`` flat, the sweep's
        figures beside them, ``computed_at`` when stored)."""
        out: dict[str, Any]
        if self.error is not None:
            out = {"error": self.error, "n_outcomes": self.n_outcomes, "zopa_size": self.zopa_size}
        elif self.zopa is None and self.scenario is None:
            out = {}  # a sweep stored on a version that had no analysis
        else:
            out = {
                "scenario": self.scenario,
                "n_outcomes": self.n_outcomes,
                "zopa_size": self.zopa_size,
                "has_zopa": self.has_zopa,
                "bargaining_parties": list(self.bargaining_parties),
                "conflicts": [[r.to_dict() for r in c] for c in self.conflicts],
                "relaxations": [r.to_dict() for r in self.relaxations],
                "partial_agreements": [p.to_dict() for p in self.partial_agreements],
                "nash": None if self.nash is None else self.nash.to_dict(),
                "deadline": self.deadline,
            }
        if self.sweep is not None:
            out.update(self.sweep.to_dict())
            out["deadline"] = self.deadline
        if self.computed_at is not None:
            out["computed_at"] = self.computed_at
        return out


@cache
def _adapter() -> TypeAdapter[Snapshot]:
    return TypeAdapter(Snapshot)


def snapshot_document(snapshot: Snapshot) -> dict[str, Any]:
    """The stored form of ``snapshot`` (``accord.snapshot/2``), JSON-ready; ``computed_at``
    is left out (the record keeps it in its own column)."""
    body = _adapter().dump_python(replace(snapshot, computed_at=None), mode="json")
    del body["computed_at"]
    return {"schema": SCHEMA, **body}


def upgrade_v1(document: Mapping[str, Any]) -> dict[str, Any]:
    """A version-1 stored snapshot (flat ``zopa_size``/``has_zopa``, sweep figures at the top
    level, no ``schema`` key) in the version-2 shape, unvalidated."""
    doc = dict(document)
    out: dict[str, Any] = {}
    size, has = doc.pop("zopa_size", None), doc.pop("has_zopa", None)
    if "error" in doc:
        out["error"] = doc.pop("error")
    if isinstance(size, int) and not isinstance(size, bool):
        out["zopa"] = {"size": size, "exists": size > 0}
    elif size is not None:
        out["zopa"] = {"size": size, "exists": has}  # refused by the schema
    elif has is not None:
        # the solver route counts nothing; version 1 kept only ``exists is True``, so a
        # "no" there was a "no" or an "undecided": read as undecided
        out["zopa"] = {"size": None, "exists": True if has is True else None}
    sweep = {new: doc.pop(old) for old, new in _V1_SWEEP.items() if old in doc}
    if any(v is not None for v in sweep.values()):
        out["sweep"] = sweep
    for key in (
        "scenario",
        "n_outcomes",
        "bargaining_parties",
        "conflicts",
        "relaxations",
        "partial_agreements",
        "nash",
        "deadline",
    ):
        if key in doc:
            out[key] = doc.pop(key)
    doc.pop("computed_at", None)
    if doc:
        raise RecordError(f"unknown key(s) {', '.join(sorted(map(str, doc)))[:120]}")
    return out


def read_snapshot(document: Any, where: str, computed_at: str | None = None) -> Snapshot:
    """The :class:`Snapshot` a stored document holds, validated through the schema.

    ``where`` names the document in an error (such as ``"the snapshot of version 3 of
    geneva-2026 in the record at accord.db"``). A document without ``schema`` is a
    version-1 snapshot, upgraded; one that is not an object, names an unknown schema or
    does not validate raises :class:`~accord.errors.RecordError` saying which and what to do.
    """
    if not isinstance(document, Mapping):
        raise RecordError(
            f"{where} is damaged: a {type(document).__name__}, not an object; recompute it "
            "(accord talks sweep) or restore the record from an export"
        )
    schema = document.get("schema", SCHEMA_V1)
    if schema not in (SCHEMA_V1, SCHEMA):
        raise RecordError(
            f"{where} has schema {str(schema)[:60]!r}, unknown to this accord (it reads "
            f"{SCHEMA_V1} and {SCHEMA}); upgrade accord to read this record"
        )
    try:
        if schema == SCHEMA_V1:
            body = upgrade_v1(document)
        else:
            body = {k: v for k, v in document.items() if k != "schema"}
        snap = _adapter().validate_python(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise RecordError(
            f"{where} ({schema}) is damaged at {path}: {first['msg']}; recompute it "
            "(accord talks sweep) or restore the record from an export"
        ) from None
    except ValueError as exc:
        raise RecordError(
            f"{where} ({schema}) is damaged: {exc}; recompute it (accord talks sweep) or "
            "restore the record from an export"
        ) from None
    return replace(snap, computed_at=computed_at) if computed_at else snap
