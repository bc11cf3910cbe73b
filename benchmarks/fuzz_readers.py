"""Coverage-guided fuzzing of every reader of untrusted files, for a stated time per reader.

The readers (``tests/hostile/fuzz_targets.py``): accord scenario YAML/JSON, GENIUS XML,
GeniusWeb JSON, NegMAS YAML, the actor tables (KTAB CSV/XML, decide, BDM CSV, forecast
YAML), the talks record's import, the sweep manifest read on ``--resume``, and ingest's
HTML/Markdown/text reports. Each is fuzzed by atheris (libFuzzer's mutation engine over
Python bytecode instrumented for edge coverage; Google's atheris, after Serebryany's
libFuzzer, and the coverage-guided loop of Böhme et al., "Coverage-based greybox fuzzing
as Markov chain", CCS 2016), starting from the project's own test files as seeds, with a
dictionary of the seeds' tags, attributes and keys and of tokens known to break readers
(libFuzzer's ``-dict``), so that mutations build structure and not only noise.

A finding is any exception other than accord's own refusal (:class:`AccordError`), and any
input that hangs past ``--timeout`` or grows past ``--rss-mb``: the process keeps fuzzing
after an exception (each distinct exception type and place is kept once, with its input);
after a hang or a memory blow-up libFuzzer stops, and the run is resumed from the corpus
for the rest of the budget.

Printed per reader: executions, atheris' edge coverage (``cov``, and libFuzzer's
``ft`` features), the corpus size, the line and branch coverage of the reader's own source
files by coverage.py when the seeds alone are replayed and when the final corpus is, and the
findings. Record the figures in benchmarks/RESULTS.md.

Needs ``atheris`` (the ``fuzz`` extra: ``pip install -e .[fuzz]``; wheels for CPython 3.11
on Linux). Run it niced, e.g. 8 readers x 8 minutes, two at a time::

    nice -n 19 python benchmarks/fuzz_readers.py --minutes 8 --jobs 2 --out /tmp/accord-fuzz
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
SRC = ROOT / "src" / "accord"
sys.path.insert(0, str(TESTS))


def _where(exc: BaseException) -> str:
    """The innermost frame of accord's source (else the innermost frame) of ``exc``."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/accord/" in f.filename and "/tests/" not in f.filename]
    f = (ours or frames or [None])[-1]
    if f is None:
        return "?"
    return f"{Path(f.filename).name}:{f.lineno} ({f.name})"


def child(name: str, out: Path, argv: list[str]) -> None:
    """Fuzz one reader in this process until libFuzzer's ``-max_total_time``."""
    import atheris

    with atheris.instrument_imports(include=["accord", "yaml", "defusedxml"]):
        from hostile.fuzz_targets import TARGETS

        target = TARGETS[name]
        for seed in target.seeds():  # imports the reader's modules inside the hook
            target.run(seed)
    findings = out / "findings"
    findings.mkdir(parents=True, exist_ok=True)
    log = findings / f"{name}.jsonl"
    seen = set()
    if log.exists():
        seen = {json.loads(line)["key"] for line in log.read_text().splitlines() if line}

    def one(data: bytes) -> None:
        try:
            target.run(data)
        except Exception as exc:  # anything but AccordError is a finding
            key = f"{type(exc).__name__} at {_where(exc)}"
            if key in seen:
                return
            seen.add(key)
            digest = hashlib.sha1(data).hexdigest()[:12]
            (findings / f"{name}-{digest}.bin").write_bytes(data)
            with log.open("a") as fh:
                fh.write(
                    json.dumps(
                        {"key": key, "message": str(exc)[:300], "input": f"{name}-{digest}.bin"}
                    )
                    + "\n"
                )

    atheris.Setup(argv, one)
    atheris.Fuzz()


class _Hang(Exception):
    """An input ran past the per-input timeout (raised by SIGALRM)."""


def tree_child(name: str, out: Path, seconds: float, seed: int, timeout: int, rss_mb: int) -> None:
    """Structure-aware fuzzing of one reader for ``seconds``: seeds and their mutants are
    mutated as parsed trees (``mutate_tree``), no coverage feedback; prints one JSON line."""
    import random
    import resource
    import signal

    from hostile.fuzz_targets import TARGETS, mutate_tree

    resource.setrlimit(resource.RLIMIT_AS, (rss_mb * 2**20, rss_mb * 2**20))
    target = TARGETS[name]
    seeds = target.seeds()
    rng = random.Random(seed)
    findings = out / "findings"
    findings.mkdir(parents=True, exist_ok=True)
    log = findings / f"{name}-tree.jsonl"
    seen: set[str] = set()

    def alarm(*_: object) -> None:
        raise _Hang(f"over {timeout} s")

    signal.signal(signal.SIGALRM, alarm)
    end, execs, pool = time.monotonic() + seconds, 0, list(seeds)
    while time.monotonic() < end:
        parent = rng.choice(pool)
        try:
            data = mutate_tree(name, parent, rng)
        except Exception:  # a mutant the serializer cannot write: draw again
            continue
        signal.alarm(timeout)
        try:
            result = target.run(data)
        except (Exception, MemoryError) as exc:  # anything but AccordError is a finding
            key = f"{type(exc).__name__} at {_where(exc)}"
            if key not in seen:
                seen.add(key)
                digest = hashlib.sha1(data).hexdigest()[:12]
                (findings / f"{name}-tree-{digest}.bin").write_bytes(data)
                with log.open("a") as fh:
                    entry = {
                        "key": key,
                        "message": str(exc)[:300],
                        "input": f"{name}-tree-{digest}.bin",
                    }
                    fh.write(json.dumps(entry) + "\n")
            result = None
        finally:
            signal.alarm(0)
        execs += 1
        if not isinstance(result, Exception) and len(pool) < 500 and rng.random() < 0.2:
            pool.append(data)  # a mutant the reader accepted: mutate it further
    print(json.dumps({"execs": execs, "findings": sorted(seen)}))


def tree_one(name: str, seconds: int, out: Path, timeout: int, rss_mb: int, seed: int) -> dict:
    """Run :func:`tree_child` in a child process; collect its figures and coverage."""
    base = out / name
    base.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    r = subprocess.run(
        [
            sys.executable,
            __file__,
            "--tree-child",
            name,
            "--out",
            str(out),
            "--minutes",
            str(seconds / 60),
            "--seed",
            str(seed),
            "--timeout",
            str(timeout),
            "--rss-mb",
            str(rss_mb),
        ],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    (base / "tree-log.txt").write_text(r.stderr[-200_000:])
    try:
        figures = json.loads(r.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        figures = {"execs": 0, "findings": [f"the child stopped: exit {r.returncode}"]}
    log = out / "findings" / f"{name}-tree.jsonl"
    found = [json.loads(x) for x in log.read_text().splitlines()] if log.exists() else []
    return {
        "reader": name,
        "seconds": round(time.monotonic() - start),
        "execs": figures["execs"],
        "findings": found,
        "stopped": [] if r.returncode == 0 else [f"exit {r.returncode}"],
    }


def replay(name: str, folders: list[Path]) -> None:
    """Replay every file of ``folders`` under coverage.py; print the reader's coverage."""
    import coverage

    from hostile.fuzz_targets import TARGETS

    target = TARGETS[name]
    include = [str(SRC / m) for m in target.modules]
    cov = coverage.Coverage(branch=True, include=include, data_file=None)
    cov.start()
    n = 0
    for folder in folders:
        for p in sorted(folder.iterdir()):
            with contextlib.suppress(Exception):  # findings are counted by the fuzzer
                target.run(p.read_bytes())
            n += 1
    cov.stop()
    total = cov.report(file=io.StringIO())
    analysis = [cov._analyze(f) for f in include if Path(f).exists()]
    lines = sum(a.numbers.n_statements for a in analysis)
    hit = sum(a.numbers.n_executed for a in analysis)
    print(json.dumps({"inputs": n, "percent": round(total, 1), "lines": lines, "hit": hit}))


#: Tokens that break readers elsewhere, for libFuzzer's dictionary (beside the seeds' own
#: tag, attribute and key names): huge and non-finite numbers, nesting, YAML tags and
#: aliases, XML entities, invalid UTF-8.
TOKENS = (
    "9" * 400,
    "1e999",
    "-1e308",
    ".nan",
    "NaN",
    "-Infinity",
    "[[[[[[[[",
    "{{{{{{{{",
    "&a ",
    "*a",
    "!!python/object",
    "<!ENTITY e 'x'>",
    "&e;",
    "\x00",
    "\xff\xfe",
    "\xed\xa0\x80",
    "99999999999999999999999999",
    "-1",
    "0.0",
    "2026-02-30",
    "true",
    "null",
    "~",
)


def dictionary(seeds: list[bytes]) -> str:
    """A libFuzzer dictionary: the seeds' XML tags and attributes, JSON/YAML keys and
    short values, and :data:`TOKENS` (so mutations build structure, not only noise)."""
    found: set[str] = set(TOKENS)
    for s in seeds:
        text = s.decode("utf-8", "replace")
        found |= {f"<{m}" for m in re.findall(r"<([A-Za-z_][\w.-]{0,40})", text)}
        found |= {f"</{m}>" for m in re.findall(r"</([A-Za-z_][\w.-]{0,40})>", text)}
        found |= {f" {m}=" for m in re.findall(r"\s([A-Za-z_][\w.-]{0,40})=", text)}
        found |= {f'"{m}":' for m in re.findall(r'"([^"\\]{1,40})"\s*:', text)}
        found |= {f"{m}:" for m in re.findall(r"^\s*-?\s*([A-Za-z_][\w.-]{0,40}):", text, re.M)}
        found |= {f'"{m}"' for m in re.findall(r'"type"\s*:\s*"([^"]{1,40})"', text)}
        found |= set(re.findall(r"type: ([A-Za-z]{1,40})", text))

    def quoted(t: str) -> str:
        raw = t.encode("utf-8", "surrogateescape").decode("latin-1")
        body = "".join(
            c if 32 <= ord(c) < 127 and c not in '"\\' else f"\\x{ord(c):02x}" for c in raw
        )
        return f'"{body}"'

    return "\n".join(quoted(t) for t in sorted(found) if t) + "\n"


STAT = re.compile(r"#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)")
DONE = re.compile(r"Done (\d+) runs in (\d+) second")


def fuzz_one(name: str, seconds: int, out: Path, timeout: int, rss_mb: int, seed: int) -> dict:
    """Fuzz ``name`` for ``seconds`` of wall time in child processes; collect the figures."""
    from hostile.fuzz_targets import TARGETS

    target = TARGETS[name]
    base = out / name
    corpus, seeds = base / "corpus", base / "seeds"
    corpus.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    seed_list = target.seeds()
    for i, s in enumerate(seed_list):
        (seeds / f"seed-{i}").write_bytes(s)
    (base / "dict.txt").write_text(dictionary(seed_list), encoding="ascii")
    (out / "findings").mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    execs, cov, ft, restarts, stops = 0, 0, 0, 0, []
    while (left := int(seconds - (time.monotonic() - start))) > 5:
        cmd = [
            sys.executable,
            __file__,
            "--child",
            name,
            "--out",
            str(out),
            "--",
            str(corpus),
            str(seeds),
            f"-max_total_time={left}",
            f"-timeout={timeout}",
            f"-rss_limit_mb={rss_mb}",
            f"-max_len={target.max_len}",
            f"-seed={seed + restarts}",
            f"-artifact_prefix={out / 'findings'}/{name}-",
            "-print_final_stats=1",
            f"-dict={base / 'dict.txt'}",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
        (base / f"log-{restarts}.txt").write_text(proc.stderr[-200_000:])
        stats = STAT.findall(proc.stderr)
        done = DONE.search(proc.stderr)
        ran = int(done.group(1)) if done else (int(stats[-1][0]) if stats else 0)
        execs += ran
        if stats:
            cov, ft = max(cov, int(stats[-1][1])), max(ft, int(stats[-1][2]))
        if done is None:  # a hang, a memory blow-up or a crash stopped libFuzzer
            tail = [ln for ln in proc.stderr.splitlines() if "ERROR" in ln or "ALARM" in ln]
            stops.append((tail or [f"exit {proc.returncode}"])[0][:200])
        restarts += 1
        if done is not None:
            break
    elapsed = time.monotonic() - start

    def measured(folders: list[Path]) -> dict[str, Any]:
        r = subprocess.run(
            [sys.executable, __file__, "--replay", name, *map(str, folders)],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            return dict(json.loads(r.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            return {"error": r.stderr[-300:]}

    log = out / "findings" / f"{name}.jsonl"
    found = [json.loads(x) for x in log.read_text().splitlines()] if log.exists() else []
    return {
        "reader": name,
        "seconds": round(elapsed),
        "execs": execs,
        "cov": cov,
        "ft": ft,
        "corpus": len(list(corpus.iterdir())),
        "seed_coverage": measured([seeds]),
        "coverage": measured([seeds, corpus]),
        "findings": found,
        "stops": stops,
    }


def main() -> None:
    """Parse the arguments; run the campaign, or one child."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=8.0, help="budget per reader")
    ap.add_argument("--readers", default="", help="comma-separated (default: all)")
    ap.add_argument("--jobs", type=int, default=1, help="readers fuzzed at once")
    ap.add_argument("--out", type=Path, default=Path("/tmp/accord-fuzz"))
    ap.add_argument("--timeout", type=int, default=20, help="seconds before an input hangs")
    ap.add_argument("--rss-mb", type=int, default=2048, help="memory before an input blows up")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--child")
    ap.add_argument("--replay")
    ap.add_argument("--tree", action="store_true", help="structure-aware mutation, no atheris")
    ap.add_argument("--tree-child")
    ap.add_argument("rest", nargs="*")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.out, [sys.argv[0], *args.rest])
        return
    if args.replay:
        replay(args.replay, [Path(x) for x in args.rest])
        return
    if args.tree_child:
        tree_child(
            args.tree_child, args.out, args.minutes * 60, args.seed, args.timeout, args.rss_mb
        )
        return
    from hostile.fuzz_targets import TARGETS

    names = [n for n in args.readers.split(",") if n] or list(TARGETS)
    seconds = int(args.minutes * 60)
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"fuzzing {len(names)} readers x {seconds} s, {args.jobs} at a time, in {args.out}")
    if args.tree:
        with ThreadPoolExecutor(args.jobs) as pool:
            trees = list(
                pool.map(
                    lambda n: tree_one(n, seconds, args.out, args.timeout, args.rss_mb, args.seed),
                    names,
                )
            )
        print(f"{'reader':10} {'s':>5} {'execs':>9}  findings (structure-aware mutation)")
        for t in trees:
            print(f"{t['reader']:10} {t['seconds']:5} {t['execs']:9,}  {len(t['findings'])}")
            for f in t["findings"]:
                print(f"    finding: {f['key']}: {f['message'][:120]} [{f['input']}]")
            for s in t["stopped"]:
                print(f"    stopped: {s}")
        total = sum(t["seconds"] for t in trees)
        print(f"total: {total / 60:.1f} min, {sum(t['execs'] for t in trees):,} executions")
        return
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(
            pool.map(
                lambda n: fuzz_one(n, seconds, args.out, args.timeout, args.rss_mb, args.seed),
                names,
            )
        )
    (args.out / "results.json").write_text(json.dumps(results, indent=1))
    head = f"{'reader':10} {'s':>5} {'execs':>9} {'cov':>6} {'ft':>6} {'corpus':>6}"
    print(head + "  lines seeds -> corpus (branch-aware %)   findings")
    for r in results:
        sc, c = r["seed_coverage"], r["coverage"]
        print(
            f"{r['reader']:10} {r['seconds']:5} {r['execs']:9,} {r['cov']:6} {r['ft']:6} "
            f"{r['corpus']:6}  {sc.get('hit')}/{sc.get('lines')} ({sc.get('percent')}%) -> "
            f"{c.get('hit')}/{c.get('lines')} ({c.get('percent')}%)   {len(r['findings'])}"
        )
        for f in r["findings"]:
            print(f"    finding: {f['key']}: {f['message'][:120]} [{f['input']}]")
        for s in r["stops"]:
            print(f"    stopped: {s}")
    total = sum(r["seconds"] for r in results)
    print(f"total: {total / 60:.1f} min, {sum(r['execs'] for r in results):,} executions")
    os.sys.stdout.flush()


if __name__ == "__main__":
    main()
