"""Reading YAML and JSON documents safely, keeping line numbers for error messages.

YAML is read with PyYAML's safe loader: tags that would construct Python objects are
refused, and so are duplicate keys (PyYAML would silently keep the last one, losing data).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from accord.errors import ScenarioError

#: Scenario files larger than this are refused (bytes).
MAX_FILE_BYTES = 10 * 1024 * 1024

PathPart = str | int


def format_path(loc: Sequence[PathPart]) -> str:
    """``('parties', 1, 'red_lines', 0, 'issue')`` -> ``parties[1].red_lines[0].issue``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True)
class Document:
    """A parsed document: its data, where it came from, and a line map for paths."""

    data: Any
    file: str | None
    root: yaml.Node | None = None

    def line(self, loc: Sequence[PathPart]) -> int | None:
        """The 1-based line of the value at ``loc``, or of its nearest parent."""
        node = self.root
        if node is None:
            return None
        best = node.start_mark.line + 1
        for part in loc:
            nxt = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == part:
                        nxt = value
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                nxt = node.value[part]
            if nxt is None:
                break
            node = nxt
            best = node.start_mark.line + 1
        return best

    def error(self, message: str, loc: Sequence[PathPart]) -> ScenarioError:
        return ScenarioError(
            message, file=self.file, line=self.line(loc), path=format_path(loc) or None
        )


def _check_duplicates(node: yaml.Node, file: str | None) -> None:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in n.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise ScenarioError(
                            f"duplicate key {key.value!r} (first at line {seen[key.value]}); "
                            "each key may appear once",
                            file=file,
                            line=key.start_mark.line + 1,
                        )
                    seen[key.value] = key.start_mark.line + 1
                stack.append(value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The text of ``path``, refusing missing, oversized or non-UTF-8 files."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ScenarioError("no such file", file=str(path)) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the file: {exc.strerror}", file=str(path)) from None
    if path.is_dir():
        raise ScenarioError("is a folder, not a scenario file", file=str(path))
    if size > max_bytes:
        raise ScenarioError(
            f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes", file=str(path)
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None


def parse_yaml(text: str, file: str | None) -> Document:
    """Parse YAML safely (no object-constructing tags, no duplicate keys)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"the document is over the limit of {MAX_FILE_BYTES:,} bytes", file=file
        )
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None:
            _check_duplicates(root, file)
        data = yaml.safe_load(text)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise ScenarioError(
            f"{exc.problem}; scenario files may hold only plain data (no tags that "
            "construct objects)",
            file=file,
            line=None if mark is None else mark.line + 1,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ScenarioError(
            f"malformed YAML: {exc.problem}",
            file=file,
            line=None if mark is None else mark.line + 1,
        ) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"malformed YAML: {exc}", file=file) from None
    return Document(data, file, root)


def parse_json(text: str, file: str | None) -> Document:
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno) from None
    return Document(data, file, None)


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a number accord accepts", name, 0)


def load_document(path: Path) -> Document:
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return parse_json(text, str(path))
    return parse_yaml(text, str(path))
