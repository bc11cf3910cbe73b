"""``accord compare A B``: what changed between two versions of a scenario, and what it did
to the analysis. A and B are scenario files, bundled names or versions in the talks record
(``@3``, ``@latest``, ``@a1b2c3``; a bare reference works when no file or bundled scenario
has that name)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from accord.cli.common import console, print_json
from accord.cli.options import percent
from accord.compare.sides import load_side

if TYPE_CHECKING:
    from accord.compare.core import Comparison
    from accord.io.snapshot import Package, RequirementKey, Snapshot, SweepFigures

#: The most sweep runs ``compare --runs`` makes for one side.
MAX_COMPARE_RUNS = 1_000_000

SIDE_HELP = (
    "A scenario file, a bundled name, or a version in the talks record (@3, @latest~1, "
    "@a1b2c3, SCENARIO:3)."
)


def _package(nash: Package | None) -> str:
    if nash is None:
        return "none (no ZOPA)"
    return "\n".join(f"{k}: {x}" for k, x in nash.package.items())


def _conflicts(items: Iterable[Iterable[RequirementKey]]) -> str:
    return "\n".join(" vs ".join(f"{r.party} {r.red_line}" for r in c) for c in items) or "-"


def _partials(s: Snapshot) -> str:
    return (
        "\n".join(
            ", ".join(p.issues) + f" ({p.zopa_size})" for p in s.partial_agreements if p.maximal
        )
        or "-"
    )


def _relaxations(s: Snapshot) -> str:
    return (
        "\n".join(
            " + ".join(f"{r.party} drops {r.red_line}" for r in x.changes)
            + f" (ZOPA {x.zopa_size})"
            for x in s.relaxations
        )
        or "-"
    )


def _evidence(e: dict[str, Any]) -> str:
    """One evidence item in words: its source and kind, then its quote or its note (an
    analyst assumption says so)."""
    if e.get("assumption"):
        return "assumption" + (f": {e['note']}" if e.get("note") else "")
    head = str(e.get("source") or "no source")
    if e.get("kind"):
        head += f" ({e['kind']})"
    if e.get("quote"):
        return f"{head}: \u201c{e['quote']}\u201d"
    if e.get("note"):
        return f"{head}: {e['note']}"
    return head


def _sweep_extra(scenario: Any, runs: int, seed: int) -> SweepFigures:
    """P(full) and P(partial agreement by the deadline) of ``scenario`` over ``runs`` sweep
    runs, as a record snapshot holds them."""
    from accord.io.snapshot import SweepFigures
    from accord.negotiation.registry import default_protocol
    from accord.sweep import make_job, run_sweep

    job = make_job(scenario, runs=runs, rng=seed, protocol=default_protocol(scenario))
    summary = run_sweep(job).summary
    return SweepFigures(p_full=summary.p_full, p_partial=summary.p_partial, runs=summary.runs)


def _pct(p: Any) -> str:
    return percent(None if p is None else float(p))


def _row(table: Table, *cells: str) -> None:
    """A row of plain text: paths such as ``parties[russia]`` and the scenario's own words are
    never read as console markup (which would drop the bracketed parts)."""
    table.add_row(*(Text(c) for c in cells))


def _key(c: Iterable[RequirementKey]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((r.party, r.red_line) for r in c))


def render(comparison: Comparison) -> None:
    """Print a comparison: what changed, by category, then what it did to the analysis
    (ZOPA, conflicts, relaxations, partial agreements, Nash package).
    """
    d = comparison.to_dict()
    console.print(Text.assemble(("Comparing", "bold"), f" A = {d['a']}  with  B = {d['b']}"))
    if not comparison.changes:
        console.print("The two scenarios are identical.")
    else:
        t = Table(title=f"What changed ({len(comparison.changes)} changes)", title_justify="left")
        t.add_column("category")
        t.add_column("change")
        t.add_column("evidence")
        for cat, changes in comparison.by_category().items():
            for k, ch in enumerate(changes):
                ev = "; ".join(_evidence(e) for e in ch.evidence if isinstance(e, dict))
                _row(t, cat if k == 0 else "", ch.summary, ev or "-")
        console.print(t)
    an = comparison.effect
    before, after = comparison.before, comparison.after
    t = Table(title="What it did to the analysis", title_justify="left")
    t.add_column("")
    t.add_column("A", overflow="fold")
    t.add_column("B", overflow="fold")
    _row(
        t,
        "ZOPA size",
        f"{before.zopa_size} of {before.n_outcomes}",
        f"{after.zopa_size} of {after.n_outcomes}",
    )
    _row(t, "conflicting red lines", _conflicts(before.conflicts), _conflicts(after.conflicts))
    _row(t, "Nash package", _package(before.nash), _package(after.nash))
    for p, delta in an["nash"]["utility_change"].items():
        ub = before.nash.utilities.get(p) if before.nash else None
        ua = after.nash.utilities.get(p) if after.nash else None
        _row(
            t,
            f"  utility of {p}",
            "-" if ub is None else f"{ub:.3f}",
            ("-" if ua is None else f"{ua:.3f}") + ("" if delta is None else f" ({delta:+.3f})"),
        )
    _row(t, "maximal partial agreements", _partials(before), _partials(after))
    _row(t, "relaxations that unlock a deal", _relaxations(before), _relaxations(after))
    if any(x.p_full is not None for x in (before, after)):
        t.add_row(
            f"P(full agreement by {after.deadline or before.deadline})",
            _pct(before.p_full),
            _pct(after.p_full),
        )
        t.add_row(
            "P(partial agreement by the deadline)",
            _pct(before.p_partial),
            _pct(after.p_partial),
        )
    else:
        t.add_row(
            "P(agreement by the deadline)",
            "not swept (add --runs N)",
            "not swept (add --runs N)",
        )
    console.print(t)
    cb, ca = {_key(c) for c in before.conflicts}, {_key(c) for c in after.conflicts}
    removed = [c for c in before.conflicts if _key(c) not in ca]
    added = [c for c in after.conflicts if _key(c) not in cb]
    if removed:
        console.print(Text("Conflicts removed: " + _conflicts(removed).replace("\n", "; ")))
    if added:
        console.print(Text("Conflicts added: " + _conflicts(added).replace("\n", "; ")))


def register(app: typer.Typer) -> None:
    """Add ``accord compare`` to ``app``."""

    @app.command("compare")
    def compare_cmd(
        a: Annotated[str, typer.Argument(help=SIDE_HELP)],
        b: Annotated[str, typer.Argument(help=SIDE_HELP)],
        db: Annotated[
            str | None,
            typer.Option(
                "--db",
                help="The talks record for @versions (default: $ACCORD_DB, else accord.db).",
                show_default=False,
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        runs: Annotated[
            int | None,
            typer.Option(
                "--runs",
                help="Sweep each side that has no stored sweep over N runs, to compare "
                "P(agreement by the deadline).",
                show_default=False,
            ),
        ] = None,
        seed: Annotated[int, typer.Option("--seed", help="Seed of those sweeps.")] = 0,
    ) -> None:
        """What changed between two versions of a scenario, and what it did to the analysis.

        Changes in parties, issues, options, red lines, positions and their evidence,
        reservation values, weights and the calendar; effect on the ZOPA, conflicts,
        relaxations, the Nash package and each party's utility, partial agreements and
        P(agreement by the deadline) where swept."""
        from accord.compare import compare_scenarios
        from accord.errors import ConfigurationError

        if runs is not None and not 1 <= runs <= MAX_COMPARE_RUNS:
            raise ConfigurationError(
                f"--runs must be between 1 and {MAX_COMPARE_RUNS:,} (got {runs}); for more, "
                "sweep each version with `accord talks sweep` and compare the versions"
            )
        record = None
        if a.startswith("@") or b.startswith("@"):
            from accord.record import open_record

            record = open_record(db)
        try:
            sa, raw_a, extra_a, label_a = load_side(a, db, record)
            sb, raw_b, extra_b, label_b = load_side(b, db, record)
        finally:
            if record is not None:
                record.close()
        if runs is not None:
            if extra_a is None or extra_a.p_full is None:
                extra_a = _sweep_extra(sa, runs, seed)
            if extra_b is None or extra_b.p_full is None:
                extra_b = _sweep_extra(sb, runs, seed)
        c = compare_scenarios(
            sa,
            sb,
            label_a=label_a,
            label_b=label_b,
            raw_a=raw_a,
            raw_b=raw_b,
            sweep_a=extra_a,
            sweep_b=extra_b,
        )
        if as_json:
            print_json(c.to_dict())
        else:
            render(c)
