"""The readers of untrusted files, each wrapped as a fuzz target: bytes in, a model or a
refusal out. Used by the seeded fuzz test (``test_fuzz_readers.py``, Hypothesis) and by the
coverage-guided campaign (``benchmarks/fuzz_readers.py``, atheris/libFuzzer).

A target writes the bytes where the reader expects a file (a folder format keeps its other
files valid, and the first byte picks which file is replaced) and calls the reader as the
CLI does. The contract, from the project's rule on bad input: a reader either returns or
raises :class:`accord.errors.AccordError` (one line, naming the file); any other exception
is a finding. Seeds are the project's own test files, so the fuzzer starts from inputs that
reach the readers' deep paths rather than from noise.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import AccordError

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data"
SCENARIOS = TESTS.parent / "src" / "accord" / "scenarios"


def _split(data: bytes, n: int) -> tuple[int, bytes]:
    """The first byte picks one of ``n`` slots; the rest is the content."""
    if not data:
        return 0, b""
    return data[0] % n, data[1:]


@dataclass
class Target:
    """One reader: its name, its seed inputs, and how one input is fed to it."""

    name: str
    describe: str
    seeds: Callable[[], list[bytes]]
    feed: Callable[[bytes, Path], Any]
    modules: tuple[str, ...]  # the reader's source files, for coverage (under src/accord/)
    max_len: int = 8192
    _dir: Path | None = field(default=None, repr=False)

    def workdir(self) -> Path:
        """The scratch folder of this target (see :meth:`use`; else a temporary one)."""
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix=f"fuzz-{self.name}-"))
        return self._dir

    def use(self, folder: Path) -> None:
        """Write this target's files in ``folder`` from now on."""
        folder.mkdir(parents=True, exist_ok=True)
        self._dir = folder

    def run(self, data: bytes) -> Any:
        """Feed ``data`` to the reader; :class:`AccordError` is an answer, and returned."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return self.feed(data, self.workdir())
            except AccordError as exc:
                return exc


# -- accord's own scenario files -------------------------------------------------------

SMALL_SCENARIO = """metadata: {id: t, title: T}
sources:
- {id: s, title: S, file: source.txt}
issues:
- {id: land, kind: ordinal, options: [a, b, c], status_quo: a}
- {id: money, kind: numeric, min: 0, max: 10, step: 5}
parties:
- id: x
  reservation_value: 0.2
  preferences:
    weights: {land: 0.5, money: 0.5}
    values:
      land: {a: 1, b: 0.5, c: 0}
      money: {linear: {at_min: 0, at_max: 1}}
  red_lines:
  - {id: r, statement: no c, issue: land, op: "!=", value: c,
     evidence: {source: s, quote: land stays as it is}}
- id: y
  preferences:
    weights: {land: 0.3, money: 0.7}
    values:
      land: {a: 0, b: 0.5, c: 1}
      money: {linear: {at_min: 1, at_max: 0}}
"""


def _scenario_seeds() -> list[bytes]:
    small = SMALL_SCENARIO.encode()
    as_json = json.dumps(_yaml_load(SMALL_SCENARIO)).encode()
    geneva = (SCENARIOS / "geneva-2026.yaml").read_bytes()
    return [b"\x00" + small, b"\x01" + as_json, b"\x00" + geneva]


def _yaml_load(text: str) -> Any:
    import yaml

    return yaml.safe_load(text)


def _feed_scenario(data: bytes, work: Path) -> Any:
    from accord.io import load_scenario

    slot, body = _split(data, 2)
    src = work / "geneva-2026.source.txt"  # the bundled scenario's quoted source
    if not src.exists():
        shutil.copy(SCENARIOS / "geneva-2026.source.txt", src)
    (work / "source.txt").write_text("the parties agreed that land stays as it is\n")
    path = work / ("scenario.json" if slot else "scenario.yaml")
    path.write_bytes(body)
    return load_scenario(path)


# -- foreign formats: a folder of files, one of them fuzzed ------------------------------


def _folder_seeds(files: dict[str, bytes]) -> list[bytes]:
    return [bytes([i]) + content for i, content in enumerate(files.values())]


def _feed_folder(files: dict[str, bytes], data: bytes, work: Path, fmt: str) -> Any:
    from accord.io.foreign import load_foreign

    slot, body = _split(data, len(files))
    for i, (name, content) in enumerate(files.items()):
        (work / name).write_bytes(body if i == slot else content)
    return load_foreign(work, fmt)


def _genius_files() -> dict[str, bytes]:
    d = DATA / "genius" / "unit" / "FiftyFifty"
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def _geniusweb_files() -> dict[str, bytes]:
    d = DATA / "genius" / "unit" / "geniusweb" / "Fitness"
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


NEGMAS_DOMAIN = """name: talks
type: DiscreteCartesianOutcomeSpace
issues:
- {name: withdrawal, type: CategoricalIssue, values: [none, partial, full]}
- {name: ceasefire_months, type: ContiguousIssue, values: [0, 10]}
- {name: aid, type: ContinuousIssue, values: [0.0, 1.0]}
"""
NEGMAS_A = """name: A
type: LinearAdditiveUtilityFunction
reserved_value: 0.3
values:
- {type: TableFun, mapping: {none: 1.0, partial: 0.5, full: 0.0}}
- {type: AffineFun, slope: -0.1, bias: 1.0}
- {type: LinearFun, slope: 1.0}
weights: [0.5, 0.3, 0.2]
"""


def _negmas_files() -> dict[str, bytes]:
    b = NEGMAS_A.replace("slope: -0.1, bias: 1.0", "slope: 0.1, bias: 0.0")
    b = b.replace("name: A", "name: B")
    return {"talks.yml": NEGMAS_DOMAIN.encode(), "A.yml": NEGMAS_A.encode(), "B.yml": b.encode()}


# -- actor tables ------------------------------------------------------------------------

ACTOR_FORMATS = ("ktab-csv", "ktab-xml", "decide", "bdm-csv", "yaml")
FORECAST_YAML = (
    "forecast:\n  dimensions:\n    - name: donbas\n  actors:\n"
    "    - {name: A, capability: 2, positions: {donbas: 80}, salience: {donbas: 0.5}}\n"
    "    - {name: B, capability: 1, positions: {donbas: 10}, salience: {donbas: 0.9}}\n"
)


def _actor_seeds() -> list[bytes]:
    f = DATA / "forecasting"
    return [
        b"\x00" + (f / "ktab" / "inputs" / "dummyData_3Dim.csv").read_bytes(),
        b"\x00" + (f / "ktab" / "inputs" / "SOE-Pol-Comp.csv").read_bytes(),
        b"\x01" + (f / "ktab" / "inputs" / "smpExample.xml").read_bytes(),
        b"\x02" + (f / "decide" / "inputs" / "sample_data.txt").read_bytes(),
        b"\x03" + (f / "bdm" / "eu_emissions_actors.csv").read_bytes(),
        b"\x04" + FORECAST_YAML.encode(),
    ]


def _feed_actors(data: bytes, work: Path) -> Any:
    from accord.io.actors import read_actor_table

    slot, body = _split(data, len(ACTOR_FORMATS))
    fmt = ACTOR_FORMATS[slot]
    path = work / {"ktab-xml": "t.xml", "yaml": "t.yaml"}.get(fmt, "t.csv")
    path.write_bytes(body)
    return read_actor_table(path, format=fmt)


# -- the talks record's import -----------------------------------------------------------

_EXPORT: list[bytes] = []


def _talks_seeds() -> list[bytes]:
    if not _EXPORT:
        from accord.record import open_record
        from accord.scenarios import talks as _  # noqa: F401  (the example record's data)

        with tempfile.TemporaryDirectory() as d:
            from accord.cli.main import main

            with contextlib.suppress(SystemExit):
                main(["talks", "init", "--example", "--db", str(Path(d) / "r.db")])
            buf = io.StringIO()
            with open_record(str(Path(d) / "r.db")) as rec:
                rec.export(buf)
        _EXPORT.append(buf.getvalue().encode())
    return list(_EXPORT)


class _Records:
    """An empty record to import into, copied from a template made once (migrations are
    slow); a fresh copy only after an import succeeded (a failed one rolls back)."""

    def __init__(self) -> None:
        self.template: Path | None = None
        self.rec: Any = None

    def get(self, work: Path) -> Any:
        from accord.record import open_record

        if self.template is None:
            self.template = work / "template.db"
            open_record(str(self.template), create=True).close()
        if self.rec is None:
            live = work / "live.db"
            shutil.copy(self.template, live)
            self.rec = open_record(str(live))
        return self.rec

    def spent(self) -> None:
        self.rec.close()
        self.rec = None


_RECORDS = _Records()


def _feed_talks(data: bytes, work: Path) -> Any:
    rec = _RECORDS.get(work)
    text = data.decode("utf-8", errors="replace")
    counts = rec.import_(io.StringIO(text), "export.jsonl")
    _RECORDS.spent()
    return counts


# -- the sweep manifest (resume) ---------------------------------------------------------

SWEEP_MANIFEST: dict[str, Any] = {  # the keys the sweep runner writes
    "scenario": "geneva-2026",
    "fingerprint": "0" * 64,
    "runs": 40,
    "seed": 7,
    "spawn_key": [1, 2],
    "chunk": 10,
    "protocol": "alternating",
}


def _manifest_seeds() -> list[bytes]:
    return [json.dumps(SWEEP_MANIFEST).encode(), json.dumps({**SWEEP_MANIFEST, "runs": 3}).encode()]


def _feed_manifest(data: bytes, work: Path) -> Any:
    from accord.sweep.output import RunStore, parts_dir

    out = work / "sweep.parquet"
    parts = parts_dir(out)
    if parts.exists():
        shutil.rmtree(parts)
    parts.mkdir()
    (parts / "manifest.json").write_bytes(data)
    return RunStore(out, dict(SWEEP_MANIFEST)).open(resume=True)


# -- ingest: reports as HTML, Markdown or text ---------------------------------------------

REPORT_KINDS = (None, "html", "markdown", "text")
HTML_REPORT = """<!doctype html><html><head><title>Talks resume in Geneva</title>
<meta property="article:published_time" content="2026-02-18T09:00:00Z"></head>
<body><nav>menu</nav><article><h1>Talks resume in Geneva</h1>
<p>Delegations from <b>Russia</b> and <i>Ukraine</i> met in Geneva on Tuesday &amp; agreed
to continue.</p><script>var x = 1;</script><ul><li>ceasefire</li><li>prisoners</li></ul>
</article></body></html>"""
MD_REPORT = """# Talks resume in Geneva

*18 February 2026*

Delegations from **Russia** and [Ukraine](https://example.org) met in Geneva.

- a ceasefire was discussed
- prisoners: 1,000 for 1,000

> The United States mediated.
"""


def _ingest_seeds() -> list[bytes]:
    text = (DATA / "ingest" / "istanbul-2025-05.txt").read_bytes()
    return [b"\x01" + HTML_REPORT.encode(), b"\x02" + MD_REPORT.encode(), b"\x03" + text]


def _feed_ingest(data: bytes, work: Path) -> Any:
    from accord.ingest.reader import report_from_bytes
    from accord.ingest.text import clauses, sentences

    slot, body = _split(data, len(REPORT_KINDS))
    report = report_from_bytes(body, "report", REPORT_KINDS[slot])
    for s in sentences(report.text):
        clauses(s)
    return report


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target(
            "scenario",
            "accord scenario YAML/JSON (load_scenario)",
            _scenario_seeds,
            _feed_scenario,
            (
                "io/yaml_source.py",
                "io/native.py",
                "io/schema.py",
                "io/quotes.py",
                "io/loader.py",
                "io/limits.py",
                "io/calendar.py",
                "io/uncertainty.py",
                "io/forecast_section.py",
            ),
            max_len=32768,
        ),
        Target(
            "genius",
            "GENIUS XML folder (domain + profiles)",
            lambda: _folder_seeds(_genius_files()),
            lambda d, w: _feed_folder(_genius_files(), d, w, "genius"),
            ("io/genius.py", "io/foreign_common.py", "io/foreign.py"),
        ),
        Target(
            "geniusweb",
            "GeniusWeb JSON folder (domain + profiles)",
            lambda: _folder_seeds(_geniusweb_files()),
            lambda d, w: _feed_folder(_geniusweb_files(), d, w, "geniusweb"),
            ("io/geniusweb.py", "io/foreign_common.py", "io/foreign.py"),
        ),
        Target(
            "negmas",
            "NegMAS YAML folder (outcome space + utility functions)",
            lambda: _folder_seeds(_negmas_files()),
            lambda d, w: _feed_folder(_negmas_files(), d, w, "negmas"),
            ("io/negmas_yaml.py", "io/foreign_common.py", "io/foreign.py"),
        ),
        Target(
            "actors",
            "actor tables (KTAB CSV/XML, decide, BDM CSV, forecast YAML)",
            _actor_seeds,
            _feed_actors,
            (
                "io/actors/ktab.py",
                "io/actors/decide.py",
                "io/actors/bdm.py",
                "io/actors/common.py",
                "io/actors/forecast_yaml.py",
                "io/actors/detect.py",
                "io/forecast_section.py",
                "forecast/actors.py",
            ),
        ),
        Target(
            "talks",
            "talks record import (JSON Lines export)",
            _talks_seeds,
            _feed_talks,
            ("record/store.py",),
            max_len=65536,
        ),
        Target(
            "manifest",
            "sweep manifest on --resume (parts/manifest.json)",
            _manifest_seeds,
            _feed_manifest,
            ("sweep/output.py",),
            max_len=4096,
        ),
        Target(
            "ingest",
            "ingest reports (HTML, Markdown, text; sniffed or named)",
            _ingest_seeds,
            _feed_ingest,
            ("ingest/reader.py", "ingest/text.py"),
        ),
    )
}


# -- structure-aware mutation ---------------------------------------------------------------
# Byte mutations seldom keep XML or JSON well-formed, so the deep paths of a reader (what
# it does with a parsed value) are reached rarely. These mutate the parsed tree instead:
# a value replaced by a hostile one, a key or element dropped, duplicated or retyped.

#: Values that broke readers elsewhere: huge integers, extreme and non-finite floats,
#: empty and long strings, wrong types, deep nesting, impossible dates, climbing paths.
HOSTILE: tuple[Any, ...] = (
    10**400,
    -(10**400),
    2**63,
    -1,
    0,
    1,
    2,
    0.5,
    -0.0,
    1e308,
    -1e308,
    5e-324,
    float("inf"),
    float("-inf"),
    float("nan"),
    "",
    " ",
    "x" * 5000,
    "é\u202e",
    None,
    True,
    False,
    [],
    {},
    [[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]],
    "2026-02-30",
    "0001-01-01",
    "../../../etc/passwd",
    "1e999",
    "NaN",
    "-1",
    "999999999999999999999",
    "a:b",
)


def _paths(x: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(x, dict):
        for k, v in x.items():
            out += _paths(v, (*path, k))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            out += _paths(v, (*path, i))
    return out


def _mutate_data(doc: Any, rng: Any) -> Any:
    import copy

    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        paths = _paths(doc)
        path = rng.choice(paths)
        if not path:
            continue
        parent = doc
        for p in path[:-1]:
            parent = parent[p]
        key = path[-1]
        op = rng.randrange(5)
        if op <= 1:
            parent[key] = rng.choice(HOSTILE)
        elif op == 2:
            del parent[key]
        elif op == 3:  # duplicate: a list item twice, a key under another name
            if isinstance(parent, list):
                parent.insert(key, copy.deepcopy(parent[key]))
            else:
                parent[f"{key}_2"] = copy.deepcopy(parent[key])
        else:  # another node's value here (a type the reader may not expect there)
            src = rng.choice(paths)
            value = doc
            for p in src:
                value = value[p]
            parent[key] = copy.deepcopy(value)
    return doc


def _mutate_xml(text: bytes, rng: Any) -> bytes:
    import xml.etree.ElementTree as ET  # the seeds are the project's own files

    root = ET.fromstring(text)
    for _ in range(rng.randint(1, 3)):
        elements = list(root.iter())
        el = rng.choice(elements)
        op = rng.randrange(5)
        if op <= 1 and el.attrib:
            el.set(rng.choice(sorted(el.attrib)), str(rng.choice(HOSTILE)))
        elif op == 2 and el.attrib:
            del el.attrib[rng.choice(sorted(el.attrib))]
        elif op == 3:
            parents = {c: p for p in root.iter() for c in p}
            if el in parents:
                parent = parents[el]
                if rng.random() < 0.5:
                    parent.remove(el)
                else:
                    parent.insert(list(parent).index(el), ET.fromstring(ET.tostring(el)))
        else:
            el.text = str(rng.choice(HOSTILE))
    return ET.tostring(root)


def _mutate_cells(text: bytes, rng: Any, sep: str) -> bytes:
    rows = [r.split(sep) for r in text.decode("utf-8", "replace").splitlines()]
    for _ in range(rng.randint(1, 3)):
        if not rows:
            break
        r = rng.randrange(len(rows))
        op = rng.randrange(4)
        if op <= 1 and rows[r]:
            rows[r][rng.randrange(len(rows[r]))] = str(rng.choice(HOSTILE))
        elif op == 2:
            rows.insert(r, list(rows[r])) if rng.random() < 0.5 else rows.pop(r)
        elif rows[r]:
            rows[r].pop(rng.randrange(len(rows[r]))) if rng.random() < 0.5 else rows[r].append(
                str(rng.choice(HOSTILE))
            )
    return "\n".join(sep.join(r) for r in rows).encode()


def _dump(doc: Any, as_json: bool) -> bytes:
    import yaml

    if as_json:
        return json.dumps(doc).encode()
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


def mutate_tree(name: str, seed: bytes, rng: Any) -> bytes:
    """``seed`` of target ``name`` with one to three structure-aware mutations (the first
    byte, which picks the slot, kept)."""
    slot, body = (seed[:1], seed[1:]) if name not in {"talks", "manifest"} else (b"", seed)
    if name == "genius" or (name == "actors" and slot == b"\x01"):
        return slot + _mutate_xml(body, rng)
    if name == "actors" and slot in {b"\x00", b"\x03"}:
        return slot + _mutate_cells(body, rng, ",")
    if name == "actors" and slot == b"\x02":
        return slot + _mutate_cells(body, rng, "\t")
    if name == "talks":
        lines = body.decode().splitlines()
        i = rng.randrange(len(lines))
        lines[i] = json.dumps(_mutate_data(json.loads(lines[i]), rng))
        return "\n".join(lines).encode()
    if name == "ingest":
        data = bytearray(body)
        i = rng.randrange(len(data) + 1)
        data[i:i] = str(rng.choice(HOSTILE)).encode()
        return slot + bytes(data)
    as_json = name in {"geniusweb", "manifest"} or (name == "scenario" and slot == b"\x01")
    doc = json.loads(body) if as_json else _yaml_load(body.decode())
    return slot + _dump(_mutate_data(doc, rng), as_json)
