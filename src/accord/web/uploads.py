"""Where the dashboard's scenarios come from: the bundled ones by name, and uploads kept in
memory under unguessable keys.

An upload is parsed from its bytes; no path in a request is ever opened. Accord's own
YAML/JSON is read from memory (safe YAML: no tags that construct objects). Foreign formats
(GENIUS XML, GeniusWeb JSON, NegMAS YAML, or a zip of such a folder) are read from a
temporary folder this module creates, under file names it chooses.
"""

from __future__ import annotations

import io
import re
import secrets
import tempfile
import threading
import zipfile
from collections import OrderedDict
from pathlib import Path

from accord.errors import AccordError, ScenarioError
from accord.io import bundled_scenarios, load_scenario, scenario_from_document
from accord.io.yaml_source import parse_json, parse_yaml
from accord.model import Scenario

KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
UPLOAD_PREFIX = "u-"
SUFFIXES = (".yaml", ".yml", ".json", ".xml", ".zip")


class UploadError(ScenarioError):
    """An uploaded file cannot be used (too large, wrong kind, unreadable)."""


class UploadTooLarge(UploadError):
    """An uploaded file, or what a zip unpacks to, is over the size limit (413)."""


def _safe_name(name: str, index: int) -> str:
    base = Path(name.replace("\\", "/")).name
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", base)[:80].lstrip(".")
    return stem or f"file{index}"


def _foreign(files: dict[str, bytes]) -> Scenario:
    from accord.io import foreign

    with tempfile.TemporaryDirectory(prefix="accord-upload-") as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).write_bytes(data)
        if foreign.detect_format(root) is None:
            raise UploadError(
                "not a scenario accord can read: expected accord YAML/JSON, or GENIUS XML, "
                "GeniusWeb JSON or NegMAS YAML files (a GENIUS domain needs its domain and "
                "profile files: upload them together as a .zip)"
            )
        try:
            return load_scenario(root)
        except AccordError as exc:  # name the uploaded files, never the server's folder
            text = str(exc).replace(f"{root}/", "").replace(str(root), "the upload")
            raise UploadError(text) from None


def _unzip(data: bytes, limit: int) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError("not a valid zip file") from None
    files: dict[str, bytes] = {}
    total = 0
    with zf:
        for i, info in enumerate(zf.infolist()):
            if info.is_dir():
                continue
            name = _safe_name(info.filename, i)
            if not name.lower().endswith(SUFFIXES[:-1]) or name in files:
                continue
            total += info.file_size
            if total > limit or len(files) >= 64:
                raise UploadTooLarge(f"the zip unpacks to over {limit:,} bytes or 64 files")
            with zf.open(info) as fh:
                chunk = fh.read(limit + 1)  # the declared size may lie
            if len(chunk) > limit:
                raise UploadTooLarge(f"the zip unpacks to over {limit:,} bytes")
            files[name] = chunk
    if not files:
        raise UploadError("the zip holds no .xml, .json, .yaml or .yml file")
    return files


def parse_upload(filename: str, data: bytes, *, limit: int) -> Scenario:
    """A scenario from an uploaded file's name and bytes (see the module docstring)."""
    if len(data) > limit:
        raise UploadTooLarge(f"the file is {len(data):,} bytes, over the limit of {limit:,}")
    if not data.strip():
        raise UploadError("the file is empty", file=filename or None)
    name = _safe_name(filename or "upload", 0)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError(
            f"unsupported file type {suffix or '(none)'!r}; upload .yaml, .yml, .json, .xml "
            "or a .zip of a GENIUS / GeniusWeb / NegMAS folder",
            file=name,
        )
    if suffix == ".zip":
        return _foreign(_unzip(data, limit))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UploadError(f"not UTF-8 text ({exc.reason})", file=name) from None
    if suffix == ".xml" or _looks_foreign(text, suffix):
        return _foreign({name: data})
    doc = parse_json(text, name) if suffix == ".json" else parse_yaml(text, name)
    return scenario_from_document(doc)


def _looks_foreign(text: str, suffix: str) -> bool:
    head = text[:4096]
    if suffix == ".json":
        return '"issuesValues"' in head or "UtilitySpace" in head or "PartialOrdering" in head
    return any(
        line.strip().startswith("type:") and ("OutcomeSpace" in line or "UtilityFunction" in line)
        for line in head.splitlines()
    )


class ScenarioStore:
    """Bundled scenarios by name, uploads by random key (thread-safe, bounded LRU)."""

    def __init__(self, max_uploads: int) -> None:
        self._max = max_uploads
        self._uploads: OrderedDict[str, Scenario] = OrderedDict()
        self._bundled: dict[str, Scenario] = {}
        self._lock = threading.Lock()

    @staticmethod
    def bundled_names() -> list[str]:
        """Names of the scenarios shipped with accord."""
        return list(bundled_scenarios())

    def add(self, scenario: Scenario) -> str:
        """Keep an uploaded scenario under a new random key and return the key.

        Beyond ``max_uploads`` the least recently used upload is forgotten.
        """
        key = UPLOAD_PREFIX + secrets.token_urlsafe(12)
        with self._lock:
            self._uploads[key] = scenario
            while len(self._uploads) > self._max:
                self._uploads.popitem(last=False)
        return key

    def get(self, key: str) -> Scenario:
        """The scenario under ``key``; :class:`~accord.errors.ScenarioError` if none."""
        if not KEY.match(key):
            raise ScenarioError(f"invalid scenario key {key[:40]!r}")
        with self._lock:
            if key in self._uploads:
                self._uploads.move_to_end(key)
                return self._uploads[key]
            if key in self._bundled:
                return self._bundled[key]
        bundled = bundled_scenarios()
        if key not in bundled:
            raise ScenarioError(
                f"no scenario {key!r}: uploads expire after a while; bundled scenarios are "
                f"{', '.join(bundled) or 'none'}"
            )
        scenario = load_scenario(bundled[key])
        with self._lock:
            self._bundled[key] = scenario
        return scenario


__all__ = ["AccordError", "ScenarioStore", "UploadError", "UploadTooLarge", "parse_upload"]
