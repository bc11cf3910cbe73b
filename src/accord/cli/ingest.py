"""``accord ingest``: propose evidence from a news report; apply what the analyst accepted."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from accord.cli.common import check_output, console, print_json, write_output
from accord.errors import ConfigurationError

_EXAMPLES = """\
Examples:
  accord ingest report.txt                       proposals against the bundled scenario
  accord ingest report.html talks.yaml -o review.yaml
  accord ingest report.md talks.yaml --date 2026-02-18 --json
  accord ingest --apply review.yaml -o talks-v2.yaml
"""


def register(app: typer.Typer) -> None:
    """Add ``accord ingest`` to ``app`` (proposals from a report, and ``--apply`` of a
    reviewed file).
    """

    @app.command("ingest", epilog=_EXAMPLES)
    def ingest_cmd(
        report: Annotated[
            str | None,
            typer.Argument(help="The report: plain text, Markdown or a saved HTML page."),
        ] = None,
        scenario: Annotated[
            str | None,
            typer.Argument(
                help="The scenario whose parties and issues to recognise (a file or a bundled "
                "name; default: geneva-2026)."
            ),
        ] = None,
        record: Annotated[
            str | None,
            typer.Option("--record", help="Take the scenario from the talks record (REF)."),
        ] = None,
        on: Annotated[
            str | None,
            typer.Option(
                "--date",
                help="The report's date, YYYY-MM-DD (default: found in the report); relative "
                "dates are resolved against it.",
            ),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option(
                "-o",
                "--output",
                help="Write the review file (or, with --apply, the new scenario) here.",
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        apply: Annotated[
            Path | None,
            typer.Option(
                "--apply",
                help="Apply the proposals marked 'status: accepted' in this review file.",
            ),
        ] = None,
        db: Annotated[
            str | None,
            typer.Option(
                "--db",
                help="The talks record for --record and --apply (default: $ACCORD_DB, else "
                "accord.db in the working directory).",
                show_default=False,
            ),
        ] = None,
        author: Annotated[
            str | None, typer.Option("--author", help="Author of the record version (--apply).")
        ] = None,
        message: Annotated[
            str | None, typer.Option("-m", "--message", help="Message of the record version.")
        ] = None,
        min_confidence: Annotated[
            float,
            typer.Option("--min-confidence", help="Leave out proposals below this confidence."),
        ] = 0.0,
        force: Annotated[
            bool, typer.Option("--force", help="Replace an existing -o file.")
        ] = False,
    ) -> None:
        """Propose the round, claims, deadlines and candidate issues a report states, each with
        its span, quote, cue, rule and confidence; or apply the accepted ones (--apply)."""
        if apply is not None:
            if report is not None or scenario is not None:
                raise ConfigurationError(
                    "--apply takes the review file only (the report and the scenario are named "
                    "inside it)"
                )
            if out is not None:
                check_output(out, force=force)
            _apply(apply, out, as_json, db, author, message)
            return
        if report is None:
            raise ConfigurationError("give a REPORT to read (or --apply REVIEW)")
        if record is not None and scenario is not None:
            raise ConfigurationError("give a SCENARIO or --record REF, not both")
        if not 0.0 <= min_confidence <= 1.0:
            raise ConfigurationError(f"--min-confidence must be in [0, 1] (got {min_confidence})")
        ref_date = _parse_date(on)
        if out is not None:
            check_output(out, force=force)
        from accord.ingest import propose, read_report
        from accord.ingest.review import dump_review, review_document

        rep = read_report(report)
        sc, scenario_ref = _scenario(scenario, record, db)
        result = propose(rep, sc, ref_date)
        if min_confidence > 0:
            result.proposals = [p for p in result.proposals if p.confidence >= min_confidence]
        if out is not None:
            doc = review_document(result, scenario_ref, sc)
            _write(out, dump_review(doc))
        if as_json:
            print_json(result.to_dict())
            return
        _print(result)
        if out is not None:
            then = "" if record is not None else " -o NEW_SCENARIO.yaml"
            console.print(
                f"review file written to {escape(str(out))}: mark proposals 'status: accepted', "
                f"then run accord ingest --apply {escape(str(out))}{then}"
            )


def _parse_date(on: str | None) -> date | None:
    if on is None:
        return None
    try:
        day = date.fromisoformat(on)
    except ValueError:
        raise ConfigurationError(f"--date must be YYYY-MM-DD (got {on!r})") from None
    if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        # relative dates ("last week", "in ten years") are reckoned from it: far from the
        # ends of the calendar Python can hold
        raise ConfigurationError(
            f"--date {on}: give a date from {DATE_RANGE[0]} to {DATE_RANGE[1]}, the years a "
            "report of talks is dated in"
        )
    return day


#: Report dates ``--date`` accepts.
DATE_RANGE = (date(1800, 1, 1), date(2999, 12, 31))


def _scenario(
    scenario: str | None, record: str | None, db: str | None
) -> tuple[Any, dict[str, Any]]:
    from accord.io import load_scenario
    from accord.io.loader import resolve

    if record is not None:
        from accord.ingest.talks import scenario_from_record

        return scenario_from_record(record, db)
    sc = load_scenario(scenario)
    path = resolve(scenario)
    return sc, {"path": str(path.resolve()), "id": sc.metadata.id}


def _write(out: Path, text: str) -> None:
    write_output(out, text)


def _print(result: Any) -> None:
    r = result.report
    when = result.report_date.isoformat() if result.report_date else "unknown"
    console.print(f"[bold]{escape(r.title or r.path or 'report')}[/bold]")
    console.print(
        f"[dim]{escape(str(r.path))} ({r.kind}, {len(r.text):,} characters); report date "
        f"{when} ({result.date_source}); scenario {escape(result.scenario_id)}[/dim]"
    )
    t = Table(title=f"{len(result.proposals)} proposals", title_justify="left")
    for col in ("id", "kind", "what", "quote [span]", "conf.", "evidence", "rule"):
        t.add_column(col, overflow="fold")
    for p in result.proposals:
        t.add_row(
            p.id,
            p.kind,
            escape(_what(p)),
            escape(p.quote[:90] + ("..." if len(p.quote) > 90 else ""))
            + f" [dim][{p.span[0]}:{p.span[1]}][/dim]",
            f"{p.confidence:.2f}",
            p.evidence + (f" ({escape(p.speaker)})" if p.speaker else ""),
            escape(p.rule),
        )
    console.print(t)


def _what(p: Any) -> str:
    d = p.data
    if p.kind == "claim":
        who = d.get("party") or " + ".join(d.get("parties") or []) or "parties"
        return f"{who}: {d['type']} on {d.get('issue') or '(no known issue)'}"
    if p.kind == "dates":
        return f"{d['start']} to {d['end']}"
    if p.kind == "delegation":
        extra = f" (+ {', '.join(d['members'])})" if d.get("members") else ""
        return f"{d['party']}: head {d['head']}{extra}"
    if p.kind == "deadline":
        return f"{d.get('date')} ({d.get('expression')}), set by {d.get('set_by') or '?'}"
    if p.kind == "next_round":
        when = d.get("date") or ("..".join(x or "?" for x in d["window"]) if d.get("window")
                                 else "no date")  # fmt: skip
        return f"announced, {when}"
    if p.kind == "duration":
        if "days" in d:
            return f"{d['days']} days"
        return f"{d.get('qualifier', '') + ' ' if d.get('qualifier') else ''}{d['hours']} hours"
    if p.kind == "venue":
        return str(d["venue"])
    if p.kind == "format":
        return str(d["format"])
    if p.kind == "candidate":
        return f"new issue? {d['topic']}"
    if p.kind == "postponement":
        if d.get("window"):
            new = "..".join(x or "?" for x in d["window"])
        else:
            new = d.get("date") or ("called off" if d.get("cancelled") else "no new date")
        return f"from {d.get('from') or '?'} to {new}"
    return ""


def _apply(
    review_path: Path,
    out: Path | None,
    as_json: bool,
    db: str | None,
    author: str | None,
    message: str | None,
) -> None:
    from accord.ingest.review import ReviewError, apply_review, load_review
    from accord.io.native import scenario_from_document
    from accord.io.yaml_source import Document

    review = load_review(review_path)
    where = review.get("scenario") or {}
    if "record" in where:
        if out is not None:
            raise ConfigurationError(
                "this review is of a talks record version: --apply commits the next version "
                "there (no -o)"
            )
        from accord.cli.talks import default_author
        from accord.ingest.talks import apply_to_record

        applied, version = apply_to_record(
            review, db=db or where.get("db"), author=author or default_author(), message=message
        )
        _report_applied(
            applied,
            as_json,
            f"committed as version {version.seq} ({version.short}) of {version.scenario}",
        )
        return
    if out is None:
        raise ConfigurationError("--apply needs -o NEW_SCENARIO.yaml (where to write the new "
                                 "version)")  # fmt: skip
    path = where.get("path")
    if not path:
        raise ReviewError(f"{review_path}: the review names no scenario ('scenario: {{path}}')")
    scenario_path = _resolve_scenario(Path(path))
    doc = _scenario_document(scenario_path)
    report_path = (review.get("report") or {}).get("path")
    source_id = _existing_source(doc, scenario_path, report_path)
    report_text, report_name = None, None
    if source_id is None:
        report_text = _report_text(review, report_path)
        if report_text is not None:
            date = (review.get("report") or {}).get("date") or "undated"
            report_name = f"{out.stem}.report-{date}.txt"
    applied = apply_review(doc, review, source_file=report_name, source_id=source_id)
    # the new version keeps its source texts beside it, so its quotes are still checked
    folder = out.parent.resolve()
    copies = _source_copies(applied.document, scenario_path.parent.resolve(), folder)
    cited = {s.get("file") for s in applied.document.get("sources") or []}
    if report_name is not None and report_text is not None and report_name in cited:
        copies.append((folder / report_name, report_text))
    with tempfile.TemporaryDirectory() as tmp:
        for target, text in copies:
            (Path(tmp) / target.relative_to(folder)).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / target.relative_to(folder)).write_text(text, encoding="utf-8")
        for f in _files_of(applied.document):
            if not (Path(tmp) / f).exists() and (folder / f).is_file():
                (Path(tmp) / f).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(folder / f, Path(tmp) / f)
        # the new version must load: every reference, option and quote is checked
        scenario_from_document(Document(applied.document, str(out)), base_dir=Path(tmp))
    import yaml

    for target, text in copies:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, text)
    _write(out, yaml.safe_dump(applied.document, sort_keys=False, allow_unicode=True, width=100))
    _report_applied(applied, as_json, f"written to {out}")


def _resolve_scenario(path: Path) -> Path:
    from accord.io.loader import resolve

    return resolve(str(path))


def _report_text(review: dict[str, Any], report_path: str | None) -> str | None:
    """The report's text as its spans and quotes read it (the extracted text of an HTML or
    Markdown page), if the file is still there and unchanged."""
    if not report_path or not Path(report_path).is_file():
        return None
    from accord.ingest import read_report

    rep = read_report(report_path)
    want = (review.get("report") or {}).get("sha256")
    if want and rep.sha256 != want:
        raise ConfigurationError(
            f"{report_path}: the report changed since the review was written; ingest it again"
        )
    return str(rep.text)


def _files_of(doc: dict[str, Any]) -> list[str]:
    return [
        str(s["file"])
        for s in doc.get("sources") or []
        if isinstance(s, dict) and isinstance(s.get("file"), str)
    ]


def _source_copies(doc: dict[str, Any], base: Path, folder: Path) -> list[tuple[Path, str]]:
    """The scenario's source files to write beside the new version (those it cites by a
    relative path, when the new version is written to another folder); refuses to replace a
    different file of the same name there."""
    if base == folder:
        return []
    out = []
    for f in _files_of(doc):
        src = base / f
        if Path(f).is_absolute() or not src.is_file():
            continue
        target = (folder / f).resolve()
        if not target.is_relative_to(folder):
            continue
        text = src.read_text(encoding="utf-8")
        if target.is_file() and target.read_text(encoding="utf-8") != text:
            raise ConfigurationError(
                f"{target} exists and is not the scenario's source {f!r}; write the new "
                "version to another folder (its sources are copied beside it)"
            )
        out.append((target, text))
    return out


def _existing_source(doc: dict[str, Any], scenario: Path, report_path: str | None) -> str | None:
    """The id of the scenario's source that is the report's file, if any."""
    if not report_path:
        return None
    target = Path(report_path).resolve()
    for s in doc.get("sources") or []:
        f = s.get("file") if isinstance(s, dict) else None
        if f and (scenario.resolve().parent / f).resolve() == target:
            return str(s["id"])
        if f and target.is_file() and (scenario.resolve().parent / f).is_file():
            same = (scenario.resolve().parent / f).read_bytes() == target.read_bytes()
            if same:
                return str(s["id"])
    return None


def _scenario_document(path: Path) -> dict[str, Any]:
    from accord.io import load_scenario
    from accord.io.native import scenario_to_document
    from accord.io.yaml_source import load_document

    p = path
    if p.suffix.lower() in {".yaml", ".yml", ".json"}:
        data = load_document(p).data
        if isinstance(data, dict) and "metadata" in data:
            plain: dict[str, Any] = json.loads(json.dumps(data, default=str))
            return plain
    return scenario_to_document(load_scenario(p))


def _report_applied(applied: Any, as_json: bool, where: str) -> None:
    if as_json:
        print_json(
            {
                "applied": [c.to_dict() for c in applied.changes],
                "not_applied": [{"proposal": p, "why": why} for p, why in applied.skipped],
                "where": where,
            }
        )
        return
    n = sum(1 for c in applied.changes if c.proposal != "-")
    console.print(f"{n} change{'s' if n != 1 else ''} applied, {where}")
    for c in applied.changes:
        cite = f" [dim](quote: {escape(c.evidence['quote'][:70])})[/dim]" if c.evidence else ""
        console.print(f"  {c.proposal}: {escape(c.summary)}{cite}")
    for pid, why in applied.skipped:
        console.print(f"[yellow]  {pid}: not applied: {escape(why)}[/yellow]")
