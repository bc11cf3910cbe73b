"""The field's formats: detection, reading and writing (GENIUS, GeniusWeb, NegMAS).

:func:`detect_format` says which format a file or folder is in (``None`` for accord's own
YAML/JSON); :func:`load_foreign` reads it; :func:`write_scenario` writes a scenario as
GENIUS XML, GeniusWeb JSON or accord's YAML/JSON. See ``docs/interop.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.errors import FormatError
from accord.io.foreign_common import DEFAULT_REAL_OPTIONS, MAX_FILE_BYTES
from accord.model import Scenario

FORMATS = ("genius", "geniusweb", "negmas")
WRITE_FORMATS = ("yaml", "json", "genius", "geniusweb")

#: Bytes read from a file to recognise its format.
_PEEK = 4096

__all__ = [
    "DEFAULT_REAL_OPTIONS",
    "FORMATS",
    "MAX_FILE_BYTES",
    "WRITE_FORMATS",
    "detect_format",
    "load_foreign",
    "write_scenario",
]


def _peek(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            return fh.read(_PEEK).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _file_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    head = _peek(path)
    if suffix == ".xml":
        if "<negotiation_template" in head or "<utility_space" in head:
            return "genius"
        return None
    if suffix == ".json":
        if '"issuesValues"' in head or any(
            f'"{k}"' in head
            for k in (
                "LinearAdditiveUtilitySpace",
                "SumOfGroupsUtilitySpace",
                "DefaultPartialOrdering",
            )
        ):
            return "geniusweb"
        return None
    if suffix in {".yml", ".yaml"}:
        for line in head.splitlines():
            s = line.strip()
            if s.startswith("type:") and "OutcomeSpace" in s:
                return "negmas"
            if s.startswith("type:") and "UtilityFunction" in s:
                return "negmas"
        return None
    return None


def detect_format(path: Path) -> str | None:
    """``"genius"``, ``"geniusweb"``, ``"negmas"``, or ``None`` (accord's own YAML/JSON, or
    nothing recognisable). A folder is recognised by the files it holds."""
    path = Path(path)
    if path.is_file():
        return _file_format(path)
    if not path.is_dir():
        return None
    found: set[str] = set()
    for p in sorted(path.iterdir()):
        if p.is_file() and p.suffix.lower() in {".xml", ".json", ".yml", ".yaml"}:
            fmt = _file_format(p)
            if fmt is not None:
                found.add(fmt)
    for fmt in FORMATS:  # a folder mixing formats is read as the first of these
        if fmt in found:
            return fmt
    return None


def load_foreign(path: Path, fmt: str | None = None, **options: Any) -> Scenario:
    """Read ``path`` (a folder, or a file in it) in format ``fmt`` (detected if ``None``).

    Options: ``real_options`` (int, GENIUS and NegMAS: options per real issue, default
    :data:`DEFAULT_REAL_OPTIONS`), ``continuous`` (``"discretize"`` or ``"refuse"``),
    ``allow_negative`` (GENIUS: accept negative evaluations).
    """
    path = Path(path)
    if not path.exists():
        raise FormatError("no such file or folder", file=str(path))
    fmt = fmt or detect_format(path)
    if fmt is None:
        raise FormatError(
            "not a GENIUS, GeniusWeb or NegMAS scenario (no domain or profile file found)",
            file=str(path),
        )
    allowed = {
        "genius": {"real_options", "continuous", "allow_negative"},
        "geniusweb": set(),
        "negmas": {"real_options", "continuous"},
    }
    if fmt not in allowed:
        raise FormatError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    unknown = set(options) - allowed[fmt]
    if unknown:
        raise FormatError(
            f"option(s) {sorted(unknown)} do not apply to {fmt} files "
            f"(valid: {sorted(allowed[fmt]) or 'none'})",
            file=str(path),
        )
    continuous = options.get("continuous", "discretize")
    if continuous not in {"discretize", "refuse"}:
        raise FormatError(f"continuous must be 'discretize' or 'refuse', got {continuous!r}")
    if fmt == "genius":
        from accord.io.genius import load_genius

        return load_genius(
            path,
            real_options=int(options.get("real_options", DEFAULT_REAL_OPTIONS)),
            continuous=continuous,
            allow_negative=bool(options.get("allow_negative", False)),
        )
    if fmt == "geniusweb":
        from accord.io.geniusweb import load_geniusweb

        return load_geniusweb(path)
    from accord.io.negmas_yaml import load_negmas

    return load_negmas(
        path,
        real_options=int(options.get("real_options", DEFAULT_REAL_OPTIONS)),
        continuous=continuous,
    )


def write_scenario(scenario: Scenario, out: Path, fmt: str) -> None:
    """Write ``scenario`` to ``out``: a file for ``"yaml"``/``"json"``, a folder for
    ``"genius"``/``"geniusweb"``."""
    out = Path(out)
    if fmt == "genius":
        from accord.io.genius import write_genius

        write_genius(scenario, out)
    elif fmt == "geniusweb":
        from accord.io.geniusweb import write_geniusweb

        write_geniusweb(scenario, out)
    elif fmt in {"yaml", "json"}:
        from accord.io.native import dump_scenario

        dump_scenario(scenario, out, fmt)
    else:
        raise FormatError(f"cannot write format {fmt!r}; formats are {', '.join(WRITE_FORMATS)}")


def info(scenario: Scenario) -> dict[str, Any]:
    """The summary ``accord info --json`` prints."""
    return {
        "issues": len(scenario.issues),
        "parties": len(scenario.parties),
        "outcomes": scenario.n_outcomes,
        "reservation_values": {p.id: p.reservation_value for p in scenario.parties},
    }
