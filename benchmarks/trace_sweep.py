"""How a sweep's job flows through accord's modules: ``accord sweep`` on the bundled
scenario, traced with :func:`sys.setprofile`.

Counts, for the calls made while :func:`accord.sweep.make_job` and
:func:`accord.sweep.run_sweep` (or :func:`accord.sweep.sweep_steps`) run (the job):

- **modules passed through**: accord modules with at least one function called;
- **returns to a module left**: distinct call edges (calling function -> called function)
  into a module that is already on the call stack below another module, i.e. the job went
  A -> B -> ... -> A (each edge counted once however often it runs);
- **entries per module**: distinct call edges into the module from another module;
- **pairs calling both ways**: module pairs A, B with calls A -> B and B -> A;

and for the whole command, the accord modules it imports.

    python benchmarks/trace_sweep.py [--runs 40] [--seed 1] [--protocol P] [--rounds R]
                                     [--detail]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections import Counter
from types import FrameType
from typing import Any

MINE = "accord"
#: The job: planned by make_job, then run and summarised by run_sweep (or the stream
#: sweep_steps, which the command reads).
ROOTS = {"make_job", "run_sweep", "sweep_steps"}
IMPORT = "(import)"


def _module(frame: FrameType) -> str:
    return str(frame.f_globals.get("__name__", "?"))


def _func(frame: FrameType) -> str:
    return f"{_module(frame)}.{frame.f_code.co_qualname}"


class Tracer:
    """Follows the interpreter's Python calls while ``make_job`` or ``run_sweep`` is on
    the stack (not those made by a module being imported on first use)."""

    def __init__(self) -> None:
        self.stack: list[str] = []  # module of each Python frame (in and out of the job)
        self.depth_in_job: int | None = None  # stack depth of the job's root frame
        self.modules: set[str] = set()
        self.edges: set[tuple[str, str]] = set()  # (caller function, callee function)
        self.returns: set[tuple[str, str]] = set()

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            mod = _module(frame)
            if (
                self.depth_in_job is None
                and frame.f_code.co_qualname in ROOTS
                and mod.startswith("accord.sweep")
            ):
                self.depth_in_job = len(self.stack)
            importing = frame.f_code.co_name == "<module>" or self.stack[-1:] == [IMPORT]
            if self.depth_in_job is not None and mod.startswith(MINE) and not importing:
                self._record(frame, mod)
            self.stack.append(IMPORT if importing else mod)
        elif event == "return":
            if self.stack:
                self.stack.pop()
            if self.depth_in_job is not None and len(self.stack) <= self.depth_in_job:
                self.depth_in_job = None

    def _record(self, frame: FrameType, mod: str) -> None:
        self.modules.add(mod)
        caller = frame.f_back
        while caller is not None and not _module(caller).startswith(MINE):
            caller = caller.f_back  # through numpy, functools, ...
        if caller is None:
            return
        cmod = _module(caller)
        if cmod == mod:
            return
        edge = (_func(caller), _func(frame))
        self.edges.add(edge)
        # the accord modules on the stack, in order, consecutive repeats merged
        path: list[str] = []
        base = self.depth_in_job or 0
        for m in self.stack[base:]:
            if m.startswith(MINE) and (not path or path[-1] != m):
                path.append(m)
        if mod in path[:-1]:
            self.returns.add(edge)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--protocol", default=None)
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--detail", action="store_true", help="List modules and edges.")
    args = ap.parse_args()
    from accord.cli.main import main as accord

    argv = ["sweep", "--runs", str(args.runs), "--seed", str(args.seed), "--workers", "1"]
    argv += ["--quiet", "--json"]
    if args.protocol is not None:
        argv += ["--protocol", args.protocol]
    if args.rounds is not None:
        argv += ["--rounds", str(args.rounds)]
    before = {m for m in sys.modules if m.startswith(MINE)}
    tracer = Tracer()
    sys.setprofile(tracer)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            accord(argv)
    finally:
        sys.setprofile(None)
    loaded = {m for m in sys.modules if m.startswith(MINE)} | before
    mods = tracer.modules
    links = {(_owner(a, mods), _owner(b, mods)) for a, b in tracer.edges}
    entries = Counter(_owner(b, mods) for _, b in tracer.edges)
    both = sorted((a, b) for a, b in links if a < b and (b, a) in links)
    sweep_links = sorted(
        f"{a} -> {b}"
        for a, b in links
        if a.startswith("accord.sweep") and b.startswith("accord.sweep")
    )
    print(f"accord {' '.join(argv)}")
    print(f"accord modules imported by the command: {len(loaded)}")
    print(f"modules the job (make_job, sweep_steps) passes through: {len(tracer.modules)}")
    print(f"call edges between modules: {len(tracer.edges)}")
    print(f"returns to a module it had left (distinct edges): {len(tracer.returns)}")
    print(f"module pairs calling each other both ways: {len(both)}")
    top = ", ".join(f"{m} {k}" for m, k in entries.most_common(6))
    print(f"most entered (distinct edges in): {top}")
    print(f"links between the sweep's own modules: {len(sweep_links)}")
    if args.detail:
        print("\nmodules:", *sorted(tracer.modules), sep="\n  ")
        print("\nreturns:", *sorted(f"{a} -> {b}" for a, b in tracer.returns), sep="\n  ")
        print("\nsweep links:", *sweep_links, sep="\n  ")
        print("\nboth ways:", *(f"{a} <-> {b}" for a, b in both), sep="\n  ")


def _owner(func: str, modules: set[str]) -> str:
    """The module of a ``module.qualname`` function name (the longest module prefix)."""
    best = ""
    for m in modules:
        if func.startswith(m + ".") and len(m) > len(best):
            best = m
    return best or func


if __name__ == "__main__":
    main()
