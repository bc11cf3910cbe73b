"""``accord talks``: the talks record (sources, verified evidence, scenario versions).

Commands: init, add-source, sources, commit, log, show, checkout, timeline, export, import.
The record is ``accord.db`` in the working directory unless ``--db`` or ``$ACCORD_DB`` names
another (an SQLite path or a ``postgresql+psycopg://`` URL). Needs the ``db`` extra.
"""

from __future__ import annotations

import getpass
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli.common import atomic_output, check_output, console, print_json
from accord.cli.options import percent
from accord.errors import ConfigurationError

if TYPE_CHECKING:
    from accord.record import Record, VersionInfo

DB_HELP = (
    "The record: an SQLite file or a postgresql+psycopg:// URL. "
    "Default: $ACCORD_DB, else accord.db in the working directory."
)
DbOpt = Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _open(db: str | None, *, create: bool = False) -> Record:
    from accord.record import open_record

    rec = open_record(db, create=create)
    if rec.migrated_from is not None:
        typer.echo(
            f"migrated the record at {rec.display_url} from schema {rec.migrated_from} to the "
            "current one",
            err=True,
        )
    return rec


def default_author() -> str:
    """The author recorded with a commit: ``$ACCORD_AUTHOR``, else the login name, else
    ``"unknown"`` (a container may run under a user id with no name)."""
    env = os.environ.get("ACCORD_AUTHOR")
    if env:
        return env
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):  # no LOGNAME/USER and no passwd entry for the uid
        return "unknown"


def _pct(p: float | None) -> str:
    return percent(p, missing="")


def _zopa(v: VersionInfo) -> str:
    if v.zopa_size is None:
        return ""
    return f"{v.zopa_size:,}" + ("" if v.n_outcomes is None else f" of {v.n_outcomes:,}")


def init_cmd(
    db: DbOpt = None,
    example: Annotated[
        bool,
        typer.Option(
            "--example",
            help="Fill the new record with the Geneva talks: the report, its quotes as "
            "evidence, the scenario as first version, the earlier rounds as reported facts.",
        ),
    ] = False,
) -> None:
    """Create the record's schema (or migrate an older one)."""
    from accord.record import open_record

    with open_record(db, create=True) as rec:
        if rec.migrated_from is not None:
            typer.echo(f"migrated the record at {rec.display_url} from schema {rec.migrated_from}")
        else:
            typer.echo(f"talks record ready at {rec.display_url}")
        if example:
            from accord.cli._talks_example import build_example

            build_example(rec, author=default_author())
            for v in rec.log():
                typer.echo(f"version {v.seq} {v.short} of {v.scenario}: {v.message}")


def add_source_cmd(
    file: Annotated[Path, typer.Argument(help="The full text (UTF-8 plain text).")],
    title: Annotated[str, typer.Option("--title", help="The source's title.")],
    date: Annotated[str, typer.Option("--date", help="Publication date, YYYY-MM-DD.")],
    url: Annotated[str | None, typer.Option("--url", help="Where it was published.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Publisher.")] = None,
    author: Annotated[str | None, typer.Option("--author", help="Its author.")] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Language tag (en, uk, ru).")
    ] = None,
    reliability: Annotated[
        str | None,
        typer.Option("--reliability", help="Admiralty source grade A (reliable) to F."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Store a source's full text with its sha256, title, outlet, URL, date, language."""
    from accord.io.yaml_source import read_text

    text = read_text(file)
    with _open(db) as rec:
        info = rec.add_source(
            text,
            title=title,
            published=date,
            url=url,
            outlet=outlet,
            author=author,
            language=language,
            reliability=reliability,
        )
    state = "stored" if info.created else "already in the record"
    typer.echo(
        f"source {info.id} {state}: {info.title} ({info.published}, "
        f"{info.length:,} characters, sha256 {info.sha256[:12]})"
    )


def sources_cmd(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List the stored sources."""
    with _open(db) as rec:
        rows = rec.sources()
    if as_json:
        print_json([r.to_dict() for r in rows])
        return
    from rich.table import Table

    t = Table(title="Sources", title_justify="left")
    for col in ("#", "published", "title", "outlet", "url", "characters", "sha256"):
        t.add_column(col)
    for r in rows:
        t.add_row(
            str(r.id),
            str(r.published),
            r.title,
            r.outlet or "",
            r.url or "",
            f"{r.length:,}",
            r.sha256[:12],
        )
    console.print(t)


def commit_cmd(
    scenario: Annotated[Path, typer.Argument(help="An accord YAML/JSON scenario file.")],
    message: Annotated[str, typer.Option("-m", "--message", help="What changed and why.")],
    author: Annotated[
        str | None, typer.Option("--author", help="Default: $ACCORD_AUTHOR or your login.")
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            help="The version this file was edited from. Default: the version named in "
            "the file's checkout line, else the latest.",
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The date the version stands for.")
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            help="SOURCE=QUOTE: a quote from a stored source (number, sha256 prefix or "
            "title) that justifies the changes carrying no evidence of their own.",
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="Kind of the --evidence: stated, reported, inferred.")
    ] = "reported",
    reasoning: Annotated[
        str | None, typer.Option("--reasoning", help="Why, for inferred --evidence.")
    ] = None,
    allow_empty: Annotated[
        bool, typer.Option("--allow-empty", help="Commit even if nothing changed.")
    ] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Store a scenario as the next version (quotes verified, changes, analysis).

    Validates the scenario, checks every quote against its stored source and stores the
    version with its changes and analysis snapshot, in one transaction."""
    from accord.compare import summary_of
    from accord.io.limits import inside_folder
    from accord.io.native import scenario_from_document
    from accord.io.yaml_source import load_document, read_text
    from accord.record.store import CommitEvidence, checkout_parent, strip_checkout_mark

    if scenario.is_dir() or scenario.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise ConfigurationError(
            f"{scenario}: the record stores accord's own YAML/JSON scenarios; convert "
            "other formats first (accord convert)"
        )
    doc = load_document(scenario)
    with warnings.catch_warnings():
        # the record checks every quote against its stored source below
        warnings.filterwarnings("ignore", message=r".*the quotes citing source")
        sc = scenario_from_document(doc, base_dir=scenario.parent)
    if not isinstance(doc.data, dict):  # pragma: no cover - scenario_from_document refuses
        raise ConfigurationError(f"{scenario}: not a scenario document")
    text = read_text(scenario)
    from_checkout = parent is None and checkout_parent(text) is not None
    parent = parent or checkout_parent(text)
    texts: dict[str, str] = {}
    for src in sc.sources:
        if src.file:
            try:
                path = inside_folder(scenario.parent, src.file)
            except ValueError as exc:  # scenario_from_document refuses it first
                raise ConfigurationError(f"{scenario}: {exc}") from None
            if path.is_file():
                texts[src.id] = read_text(path)
    extra = []
    for item in evidence or []:
        if "=" not in item:
            raise ConfigurationError(f"--evidence {item!r}: write it as SOURCE=QUOTE")
        src_key, quote = item.split("=", 1)
        extra.append(CommitEvidence(src_key.strip(), quote.strip(), kind, None, reasoning))
    snapshot = summary_of(sc)
    fmt = "json" if scenario.suffix.lower() == ".json" else "yaml"
    with _open(db) as rec:
        info = rec.commit(
            doc.data,
            message=message,
            author=author or default_author(),
            text=strip_checkout_mark(text),
            text_format=fmt,
            parent=parent,
            source_texts=texts,
            as_of=as_of,
            evidence=extra,
            snapshot=snapshot,
            allow_empty=allow_empty,
            file=str(scenario),
            parent_from_checkout=from_checkout,
        )
    if as_json:
        print_json(info.to_dict())
        return
    typer.echo(
        f"version {info.seq} {info.short} of {info.scenario}: {info.message} "
        f"({info.n_changes} change{'s' if info.n_changes != 1 else ''}, ZOPA {_zopa(info)})"
    )


def log_cmd(
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Only this scenario id.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("-n", "--limit", min=1, help="At most N versions.")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Versions, newest first: number, ref, date, author, message, ZOPA, P(deal)."""
    with _open(db) as rec:
        rows = rec.log(scenario, limit)
    if as_json:
        print_json([r.to_dict() for r in rows])
        return
    if not rows:
        typer.echo("the record has no versions yet (accord talks commit FILE -m MESSAGE)")
        return
    out = [
        f"{'#':>5}  {'ref':10}  {'as of':10}  {'committed':16}  {'author':12}  "
        f"{'ZOPA':>10}  {'P(full)':>7}  message"
    ]
    for v in rows:
        out.append(  # noqa: PERF401
            f"{v.seq:>5}  {v.short:10}  {v.date.isoformat():10}  "
            f"{v.created_at.strftime('%Y-%m-%d %H:%M'):16}  {v.author[:12]:12}  "
            f"{_zopa(v):>10}  {_pct(v.p_full):>7}  {v.scenario}: {v.message}"
        )
    sys.stdout.write("\n".join(out) + "\n")


def show_cmd(
    ref: Annotated[str, typer.Argument(help="A version: number, latest[~N], ref prefix.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A version: its changes, the evidence for each, and its analysis snapshot."""
    with _open(db) as rec:
        d = rec.show(ref)
    if as_json:
        print_json(d.to_dict())
        return
    v = d.version
    console.print(f"[bold]version {v.seq}[/bold] {v.ref} of {v.scenario}", markup=True)
    console.print(f"parent:  {v.parent or '(none: first version)'}", markup=False)
    console.print(
        f"author:  {v.author}, {v.created_at.isoformat(timespec='seconds')}", markup=False
    )
    console.print(f"as of:   {v.date}", markup=False)
    console.print(f"\n    {v.message}\n", markup=False)
    if d.changes:
        console.print(f"[bold]{len(d.changes)} change(s)[/bold]", markup=True)
        for c in d.changes:
            console.print(f"  [{c.category}] {c.summary}", markup=False)
            for e in c.evidence:
                console.print(
                    f'      {e.kind}, source {e.source_id} chars {e.start}-{e.end}: "{e.quote}"',
                    markup=False,
                )
            if not c.evidence:
                console.print("      no evidence (analyst's change)", markup=False)
    kinds: dict[str, int] = {}
    for _, e in d.evidence:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    if d.evidence:
        console.print(
            f"cites {len(d.evidence)} quote(s), all verified in their stored sources ("
            + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
            + ")",
            markup=False,
        )
    snap = d.snapshot
    if snap is not None:
        if snap.error is not None:
            console.print(f"\nanalysis failed: {snap.error}", markup=False)
        console.print(
            f"\n[bold]analysis[/bold] ZOPA {snap.zopa_size} of {snap.n_outcomes} packages",
            markup=True,
        )
        for conflict in snap.conflicts:
            console.print(
                "  conflict: " + " vs ".join(f"{r.party} {r.red_line}" for r in conflict),
                markup=False,
            )
        nash = snap.nash
        if nash is not None:
            console.print(
                "  Nash package: "
                + ", ".join(f"{k}={x}" for k, x in nash.package.items())
                + "; utilities "
                + ", ".join(f"{k} {u:.3f}" for k, u in nash.utilities.items()),
                markup=False,
            )
        if snap.p_full is not None:
            console.print(
                f"  P(full agreement by {snap.deadline}): {_pct(snap.p_full)}",
                markup=False,
            )


def checkout_cmd(
    ref: Annotated[str, typer.Argument(help="A version: number, latest[~N], ref prefix.")],
    out: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    db: DbOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a version's scenario to a file (with its source texts beside it)."""
    check_output(out, force=force, create_folder=True)
    with _open(db) as rec:
        info, written = rec.checkout(ref, out)
    typer.echo(
        f"version {info.seq} {info.short} of {info.scenario} -> "
        + ", ".join(str(p) for p in written)
    )


def timeline_cmd(
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Only this scenario id.")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Versions and past rounds on a date axis with ZOPA size and P(deal by deadline)."""
    with _open(db) as rec:
        versions, events = rec.timeline(scenario)
    if as_json:
        print_json(
            {
                "versions": [v.to_dict() for v in versions],
                "events": [e.to_dict() for e in events],
            }
        )
        return
    items: list[tuple[str, int, str]] = []
    for e in events:
        span = e.date.isoformat() + ("" if e.end_date is None else f"..{e.end_date}")
        items.append(
            (
                e.date.isoformat(),
                0 if e.kind == "round" else 1,
                f"{span:22}  {e.kind:9}  {e.title} [{e.evidence_kind}]",
            )
        )
    for v in versions:
        items.append(  # noqa: PERF401
            (
                v.date.isoformat(),
                2,
                f"{v.date.isoformat():22}  {'version':9}  #{v.seq} {v.short} "
                f"ZOPA {_zopa(v) or '?'}"
                + (f", P(full by {v.deadline}) {_pct(v.p_full)}" if v.p_full is not None else "")
                + f"  {v.message}",
            )
        )
    if not items:
        typer.echo("the record is empty")
        return
    sys.stdout.write("\n".join(t for _, _, t in sorted(items)) + "\n")


def sweep_cmd(
    ref: Annotated[str, typer.Argument(help="A version: number, latest[~N], ref prefix.")],
    runs: Annotated[int, typer.Option("--runs", "-n", help="Variants to sample.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the whole sweep (>= 0).")] = 0,
    protocol: Annotated[
        str | None,
        typer.Option(
            help="Protocol to simulate (default: the scenario's, else "
            "alternating-offers); 'none': the zone of agreement only."
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Local worker processes (default: every core).")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Sweep a version and store P(full / partial agreement by the deadline).

    The probabilities go to the version's analysis snapshot, shown by log, show,
    timeline, compare and the report."""
    from accord.io.native import scenario_from_document
    from accord.io.snapshot import Snapshot, SweepFigures
    from accord.io.yaml_source import Document
    from accord.negotiation.registry import choose_protocol
    from accord.sweep import make_job, run_sweep

    with _open(db) as rec:
        info, document, before = rec.version(ref)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*the quotes citing source")
            sc = scenario_from_document(Document(data=document, file=f"record {ref}"))
        job = make_job(sc, runs=runs, rng=seed, protocol=choose_protocol(sc, protocol))
        result = run_sweep(job, workers=workers)
        summary = result.summary
        deadline = getattr(sc.deadline, "date", None) if sc.deadline else None
        figures = SweepFigures(
            p_full=summary.p_full,
            p_partial=summary.p_partial,
            runs=summary.runs,
            p_zopa=summary.p_zopa,
            ci95_full=summary.ci95_full,
            ci95_partial=summary.ci95_partial,
            by_date=None
            if summary.by_date is None
            else tuple(p.to_dict() for p in summary.by_date),
            seed=summary.seed,
            protocol=summary.protocol,
        )
        stored = rec.set_snapshot(
            info.ref,
            (before or Snapshot()).with_sweep(
                figures, summary.deadline or (None if deadline is None else str(deadline))
            ),
        )
    if job.protocol is None:
        typer.echo(
            f"version {stored.seq} {stored.short}: P(ZOPA) = {_pct(summary.p_zopa)} over "
            f"{runs:,} runs (zone of agreement only, nothing simulated)"
        )
        return
    typer.echo(
        f"version {stored.seq} {stored.short}: P(full agreement by "
        f"{stored.deadline or 'the deadline'}) = {_pct(stored.p_full)} over {runs:,} runs"
        + ("" if stored.p_partial is None else f", P(partial) = {_pct(stored.p_partial)}")
    )


def export_cmd(
    out: Annotated[
        Path | None, typer.Option("-o", "--output", help="Default: standard output.")
    ] = None,
    db: DbOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write the whole record as JSON Lines (lossless)."""
    if out is not None:
        check_output(out, force=force)
    with _open(db) as rec:
        if out is None:
            counts = rec.export(sys.stdout)
        else:
            with atomic_output(out) as tmp, tmp.open("w", encoding="utf-8") as fh:
                counts = rec.export(fh)
    if out is not None:
        typer.echo(f"exported {_counts(counts)} to {out}")


def import_cmd(
    file: Annotated[Path, typer.Argument(help="A JSON Lines export ('-' for stdin).")],
    db: DbOpt = None,
) -> None:
    """Load an export into an empty record (created if needed), in one transaction."""
    from accord.record import open_record

    with open_record(db, create=True) as rec:
        if str(file) == "-":
            counts = rec.import_(_utf8_lines(sys.stdin.buffer, Path("<stdin>")), "<stdin>")
        else:
            if not file.is_file():
                raise ConfigurationError(f"{file}: no such file")
            with file.open("rb") as fh:
                counts = rec.import_(_utf8_lines(fh, file), str(file))
        typer.echo(f"imported {_counts(counts)} into {rec.display_url}")


def register(app: typer.Typer) -> None:
    """Add the ``accord talks`` group (init, add-source, sources, commit, log, show, checkout,
    timeline, sweep, export, import) to ``app``.
    """
    talks = typer.Typer(
        name="talks",
        help="The talks record: sources, verified evidence and scenario versions in a database.",
        no_args_is_help=True,
    )
    app.add_typer(talks)

    talks.command("init")(init_cmd)
    talks.command("add-source")(add_source_cmd)
    talks.command("sources")(sources_cmd)
    talks.command("commit")(commit_cmd)
    talks.command("log")(log_cmd)
    talks.command("show")(show_cmd)
    talks.command("checkout")(checkout_cmd)
    talks.command("timeline")(timeline_cmd)
    talks.command("sweep")(sweep_cmd)
    talks.command("export")(export_cmd)
    talks.command("import")(import_cmd)


def _utf8_lines(fh: Any, file: Path) -> Iterator[str]:
    """The lines of an export opened in binary, each decoded as UTF-8; a line that is not
    UTF-8 is refused with its number."""
    for lineno, raw in enumerate(fh, 1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigurationError(
                f"{file}:{lineno}: not UTF-8 text ({exc.reason} at byte {exc.start}); an "
                "export is UTF-8 JSON Lines"
            ) from None


def _counts(counts: dict[str, Any]) -> str:
    return ", ".join(f"{n} {k}" for k, n in counts.items() if n)
