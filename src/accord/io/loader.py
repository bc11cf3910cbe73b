"""One entry point for every scenario source: a bundled name, accord's YAML/JSON, or a
foreign format (GENIUS XML, GeniusWeb JSON, NegMAS YAML) detected from the path."""

from __future__ import annotations

from pathlib import Path

from accord.errors import ScenarioError
from accord.model import Scenario

DEFAULT_SCENARIO = "geneva-2026"

_SUFFIXES = (".yaml", ".yml", ".json")


def bundled_scenarios() -> dict[str, Path]:
    """The scenarios shipped inside the package, by name."""
    from importlib import resources  # only a bundled name needs it

    root = resources.files("accord") / "scenarios"
    out: dict[str, Path] = {}
    for entry in root.iterdir():
        name = entry.name
        if name.endswith(_SUFFIXES) and not name.startswith("_"):
            out[name.rsplit(".", 1)[0]] = Path(str(entry))
    return dict(sorted(out.items()))


def resolve(source: str | Path | None) -> Path:
    """The file or folder that ``source`` (a path or a bundled name) names."""
    if source is None:
        source = DEFAULT_SCENARIO
    if not str(source).strip():  # Path("") is the working folder: never read it unasked
        raise ScenarioError(
            "the scenario name is empty; give a file, a folder or a bundled name "
            f"(default {DEFAULT_SCENARIO})"
        )
    path = Path(source)
    if path.exists():
        return path
    bundled = bundled_scenarios()
    if str(source) in bundled:
        return bundled[str(source)]
    names = ", ".join(bundled) or "none"
    raise ScenarioError(
        f"no such file or bundled scenario {str(source)!r}; bundled scenarios are: {names}"
    )


def load_scenario(source: str | Path | None = None, **options: object) -> Scenario:
    """Load a scenario from a path or a bundled name (default: ``geneva-2026``).

    Folders and foreign files (GENIUS XML, GeniusWeb JSON, NegMAS YAML) are detected and
    read by :mod:`accord.io.foreign`; ``options`` go to that reader.
    """
    path = resolve(source)
    fmt = _foreign_format(path)
    if fmt is not None:
        from accord.io import foreign

        return foreign.load_foreign(path, fmt, **options)
    if path.is_dir():
        raise ScenarioError(
            "the folder holds no scenario accord can read (accord YAML/JSON, GENIUS XML, "
            "GeniusWeb JSON or NegMAS YAML)",
            file=str(path),
        )
    from accord.io.native import scenario_from_document  # the schema: accord's format only
    from accord.io.yaml_source import load_document  # PyYAML: only accord's own files

    return scenario_from_document(load_document(path), base_dir=path.parent)


def _foreign_format(path: Path) -> str | None:
    from accord.io import foreign

    return foreign.detect_format(path)
