"""Reading YAML and JSON documents safely, keeping line numbers for error messages.

YAML is parsed once, by libyaml's C parser through PyYAML's safe loader (the pure-Python
one when libyaml is missing): tags that would construct Python objects are refused, and so
are duplicate keys (PyYAML would silently keep the last one, losing data), alias expansion
beyond a small budget (an "alias bomb" of a few hundred bytes expands to billions of nodes)
and nesting beyond :data:`MAX_DEPTH`. Files are read with a bounded read and only when they
are regular files (never a device or a FIFO).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from accord.errors import ScenarioError
from accord.io.limits import (
    MAX_FILE_BYTES,
    MAX_INT_DIGITS,
    HugeInteger,
    bounded_int,
    read_limited,
    too_many_digits,
)

if TYPE_CHECKING:
    from pydantic import ValidationError

#: Nesting deeper than this is refused (a scenario is a few levels deep).
MAX_DEPTH = 64

#: Most characters in one text value of a document (a quote, a summary, a statement).
MAX_TEXT_CHARS = 20_000

#: Nodes that aliases and merge keys may add to a YAML document once expanded.
MAX_ALIAS_NODES = 10_000

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathPart = str | int

#: JSON documents up to this many characters get line numbers in their error messages.
MAX_JSON_LINE_MAP = 2_000_000


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
    #: JSON text whose line map is built only when an error needs a line.
    json_text: str | None = field(default=None, repr=False, compare=False)

    def _line_root(self) -> yaml.Node | None:
        if (
            self.root is None
            and self.json_text is not None
            and len(self.json_text) <= MAX_JSON_LINE_MAP
        ):
            # JSON is YAML's flow style: YAML's composer gives the lines of a JSON document
            # (built on the first error only; nothing is lost if it cannot)
            try:
                root = yaml.compose(self.json_text, Loader=yaml.SafeLoader)
            except yaml.YAMLError:
                root = None
            object.__setattr__(self, "root", root)
            object.__setattr__(self, "json_text", None)
        return self.root

    def line(self, loc: Sequence[PathPart]) -> int | None:
        """The 1-based line of the value at ``loc``, or of its nearest parent."""
        node = self._line_root()
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
        """A :class:`~accord.errors.ScenarioError` with ``message``, naming the file, the line of
        the node at path ``loc`` (or of its nearest ancestor) and the path as text.
        """
        return ScenarioError(
            message, file=self.file, line=self.line(loc), path=format_path(loc) or None
        )


def pydantic_error(
    doc: Document, exc: ValidationError, prefix: tuple[PathPart, ...] = ()
) -> ScenarioError:
    """The :class:`ScenarioError` for pydantic's first complaint about (part of) ``doc``,
    found at ``prefix``: file, line and path of the value, in the scenario format's words."""
    err = exc.errors()[0]
    loc: list[PathPart] = [*prefix, *(p for p in err["loc"] if isinstance(p, str | int))]
    # drop pydantic's union-branch labels from the path
    loc = [p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))]
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = f"unknown key {loc[-1]!r}"
    elif err["type"] == "missing":
        msg = f"required key {loc[-1]!r} is missing"
    value = err.get("input")
    if err["type"] not in ("missing", "extra_forbidden") and not isinstance(value, dict | list):
        shown = repr(value)
        if len(shown) > 80:  # a message never echoes a long value whole
            shown = f"{shown[:60]}… ({len(str(value)):,} characters)"
        msg = f"{msg} (got {shown})"
    more = len(exc.errors()) - 1
    if more:
        msg += f" (and {more} more problem{'s' if more > 1 else ''})"
    return doc.error(msg, loc)


def _check_duplicates(root: yaml.Node, file: str | None) -> None:
    """Refuse a mapping that repeats a key (each distinct node is visited once, so aliases
    cost nothing here)."""
    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        n = stack.pop()
        if id(n) in seen_nodes:
            continue
        seen_nodes.add(id(n))
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


#: A run of digits long enough to hold an integer over :data:`MAX_INT_DIGITS` digits: the
#: document's nodes are searched for it only when its text holds one
#: (hexadecimal, octal, binary and base-60 integers included).
_LONG_DIGITS = re.compile(rf"[0-9A-Fa-f_:]{{{MAX_INT_DIGITS + 1},}}")

_INT_TAG = "tag:yaml.org,2002:int"


def _check_ints(root: yaml.Node, file: str | None) -> None:
    """Refuse an integer scalar (YAML's resolved int tag, JSON composed as YAML included)
    written with more than :data:`MAX_INT_DIGITS` digits, naming its line and path, before
    it is converted (Python refuses past 4,300 digits with an error that names nothing)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[PathPart, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            text = node.value.lstrip("+-").replace("_", "").replace(":", "")
            if node.tag == _INT_TAG and len(text) > MAX_INT_DIGITS:
                raise ScenarioError(
                    too_many_digits(len(text)),
                    file=file,
                    line=node.start_mark.line + 1,
                    path=format_path(loc) or None,
                )
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((key, loc))
                stack.append((value, (*loc, name)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, (*loc, k)) for k, v in enumerate(node.value))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_shape(root: yaml.Node, file: str | None) -> None:
    """Refuse documents nested deeper than :data:`MAX_DEPTH` and aliases (``*name``, merge
    keys ``<<``) that would expand the document by more than :data:`MAX_ALIAS_NODES` nodes.

    The node graph is walked once (each distinct node once), computing for every node the
    size and depth of the tree it stands for once aliases are expanded; an alias bomb of a
    few hundred bytes, whose expansion has billions of nodes, is refused here in
    microseconds instead of being expanded.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    distinct = 0
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            on_path.discard(key)
            if depth[key] > MAX_DEPTH:
                raise ScenarioError(
                    f"the document is nested more than {MAX_DEPTH} levels deep; scenario "
                    "files are a few levels deep",
                    file=file,
                    line=node.start_mark.line + 1,
                )
            continue
        if key in size:
            continue
        if key in on_path:
            raise ScenarioError(
                "an alias refers to a node that contains it (a recursive structure); "
                "scenario files hold plain trees",
                file=file,
                line=node.start_mark.line + 1,
            )
        if len(on_path) > MAX_DEPTH:
            raise ScenarioError(
                f"the document is nested more than {MAX_DEPTH} levels deep; scenario files "
                "are a few levels deep",
                file=file,
                line=node.start_mark.line + 1,
            )
        distinct += 1
        on_path.add(key)
        stack.append((node, True))
        stack.extend((kid, False) for kid in _children(node) if id(kid) not in size)
    expanded = size[id(root)]
    if expanded - distinct > MAX_ALIAS_NODES:
        raise ScenarioError(
            f"aliases (*name) or merge keys (<<) expand the document from {distinct:,} to "
            f"{expanded:,} nodes, over the budget of {MAX_ALIAS_NODES:,} added nodes; write "
            "the repeated parts out, or use fewer aliases",
            file=file,
        )


def _refuse_tag(what: str) -> Callable[[Any, yaml.Node], Any]:
    def construct(loader: Any, node: yaml.Node) -> Any:
        raise ConstructorError(
            None, None, f"{node.tag} ({what}) is not accepted; write a list", node.start_mark
        )

    return construct


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise ConstructorError(
            None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark
        ) from None


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader (libyaml's C parser when available) refusing sets and binary data
    and giving impossible dates a marked error."""


_Loader.add_constructor("tag:yaml.org,2002:set", _refuse_tag("a set"))
_Loader.add_constructor("tag:yaml.org,2002:binary", _refuse_tag("binary data"))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def check_data(data: Any, file: str | None) -> None:
    """Refuse parsed data nested deeper than :data:`MAX_DEPTH`, holding text that is not
    valid Unicode (a lone surrogate such as ``"\\ud800"`` in JSON) or a text (value or key)
    longer than :data:`MAX_TEXT_CHARS`, naming its path."""
    stack: list[tuple[Any, tuple[PathPart, ...]]] = [(data, ())]
    seen: set[int] = set()
    while stack:
        x, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            raise ScenarioError(
                f"the document is nested more than {MAX_DEPTH} levels deep; scenario files "
                "are a few levels deep",
                file=file,
            )
        if isinstance(x, str):
            _check_text(x, file)
            _check_length(x, file, loc)
        elif isinstance(x, dict | list):
            if id(x) in seen:
                continue
            seen.add(id(x))
            items = x.items() if isinstance(x, dict) else enumerate(x)
            for k, v in items:
                if isinstance(k, str):
                    _check_text(k, file)
                    _check_length(k, file, loc)
                stack.append((v, (*loc, k if isinstance(k, str | int) else str(k))))


def _check_length(s: str, file: str | None, loc: tuple[PathPart, ...]) -> None:
    if len(s) > MAX_TEXT_CHARS:
        raise ScenarioError(
            f"a text of {len(s):,} characters ({s[:30]!r}…), over the limit of "
            f"{MAX_TEXT_CHARS:,} for one value; quote a passage, and keep whole documents in "
            "source files",
            file=file,
            path=format_path(loc) or None,
        )


def _check_text(s: str, file: str | None) -> None:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = s[exc.start : exc.end]
        raise ScenarioError(
            f"text {s[:40]!r} holds {bad!r}, a lone surrogate that is not a character; "
            "write the character itself",
            file=file,
        ) from None


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The text of ``path``, refusing missing, oversized, non-regular or non-UTF-8 files (a
    UTF-8 byte order mark is dropped)."""
    data = read_limited(path, max_bytes)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, file: str | None) -> Document:
    """Parse YAML safely, once, with libyaml's C parser when available: no tags that
    construct objects, no duplicate keys, no alias expansion beyond a small budget, no
    nesting beyond :data:`MAX_DEPTH`."""
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"the document is over the limit of {MAX_FILE_BYTES:,} bytes", file=file
        )
    text = text.removeprefix("\ufeff")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return Document(None, file, None)
        if "&" in text:  # an alias needs an anchor: without one, nothing can expand
            _check_shape(root, file)
        if _LONG_DIGITS.search(text):
            _check_ints(root, file)
        _check_duplicates(root, file)
        data = loader.construct_document(root)
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
    except RecursionError:
        raise ScenarioError("the document is nested too deeply to read", file=file) from None
    finally:
        loader.dispose()
    check_data(data, file)  # nesting depth, on the data whether or not aliases were checked
    return Document(data, file, root)


def parse_json(text: str, file: str | None) -> Document:
    """Parse JSON: no NaN/Infinity, no duplicate keys, no lone surrogates, no nesting
    beyond :data:`MAX_DEPTH` (a UTF-8 byte order mark is dropped, as in YAML)."""
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=bounded_int,
            object_pairs_hook=_no_duplicates,
        )
    except HugeInteger as exc:
        raise huge_json_integer(text, file, exc) from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno) from None
    except _DuplicateKey as exc:
        raise ScenarioError(
            f"duplicate key {exc.args[0]!r} in a JSON object; each key may appear once",
            file=file,
        ) from None
    except RecursionError:
        raise ScenarioError(
            f"the document is nested more than {MAX_DEPTH} levels deep; scenario files are "
            "a few levels deep",
            file=file,
        ) from None
    check_data(data, file)
    return Document(data, file, None, text)


def huge_json_integer(text: str, file: str | None, exc: HugeInteger) -> ScenarioError:
    """The error for an over-long integer in JSON ``text``, with its line and path when the
    text is small enough to compose (JSON is YAML's flow style), its line alone otherwise."""
    if len(text) <= MAX_JSON_LINE_MAP:
        try:
            root = yaml.compose(text, Loader=_BaseLoader)
        except (yaml.YAMLError, RecursionError):
            root = None
        if root is not None:
            try:
                _check_ints(root, file)
            except ScenarioError as found:
                return found
    m = re.search(rf"[0-9]{{{MAX_INT_DIGITS + 1},}}", text)
    line = None if m is None else text.count("\n", 0, m.start()) + 1
    return ScenarioError(str(exc), file=file, line=line)


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a number accord accepts", name, 0)


def load_document(path: Path) -> Document:
    """Read and parse a scenario file: JSON for a ``.json`` suffix, YAML otherwise.

    Raises :class:`~accord.errors.ScenarioError` for a missing, oversized or non-UTF-8
    file, or text that does not parse.
    """
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return parse_json(text, str(path))
    return parse_yaml(text, str(path))
