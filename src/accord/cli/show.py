"""``accord show``, ``accord scenarios`` and ``accord schema``."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from accord.cli.common import SCENARIO_HELP, console, evidence_mark, load, print_json
from accord.io import bundled_scenarios, json_schema, load_scenario
from accord.model import Evidence


def register(app: typer.Typer) -> None:
    @app.command("show")
    def show_cmd(
        scenario: Annotated[str | None, typer.Argument(help=SCENARIO_HELP)] = None,
    ) -> None:
        """Display a scenario, marking each claim's evidence: stated, reported, inferred (with
        the reasoning) or an analyst assumption."""
        sc = load(scenario)
        md = sc.metadata
        console.print(f"[bold]{escape(md.title)}[/bold] [dim]({escape(md.id)})[/dim]")
        when = " to ".join(x for x in (md.start_date, md.end_date) if x)
        console.print(", ".join(x for x in (md.venue, when) if x))
        if md.summary:
            console.print(md.summary)
        for src in sc.sources:
            by = ", ".join(x for x in (src.author, src.publisher, src.date) if x)
            console.print(f"[dim]source {src.id}: {src.title} ({by})[/dim]")

        t = Table(title="Issues", title_justify="left")
        for col in ("issue", "kind", "options", "status quo"):
            t.add_column(col)
        for i in sc.issues:
            opts = ", ".join(i.label(k) for k in range(min(i.size, 8)))
            if i.size > 8:
                opts += f", ... ({i.size} options)"
            sq = "" if i.status_quo is None else i.label(i.index(i.status_quo))
            t.add_row(
                f"{escape(i.name)} [dim]({escape(i.id)})[/dim]",
                str(i.kind),
                escape(opts),
                escape(sq),
            )
        console.print(t)

        t = Table(title="Parties", title_justify="left")
        for col in ("party", "role", "representatives", "capability", "reservation value"):
            t.add_column(col)
        for p in sc.parties:
            reps = "; ".join(
                f"{r.name}, {r.title}" if r.title else r.name for r in p.representatives
            )
            t.add_row(
                f"{escape(p.name)} [dim]({escape(p.id)})[/dim]",
                str(p.role) + ("" if p.bargaining else " (not bargaining)"),
                reps,
                f"{p.capability:g}",
                f"{p.reservation_value:g} " + evidence_mark(p.reservation_evidence),
            )
        console.print(t)

        t = Table(title="Positions and red lines", title_justify="left")
        for col in ("party", "kind", "statement", "evidence"):
            t.add_column(col)
        for p in sc.parties:
            for pos in p.positions:
                t.add_row(
                    escape(p.name),
                    escape(f"position on {pos.issue}"),
                    escape(pos.statement),
                    evidence_mark(pos.evidence),
                )
            for r in p.red_lines:
                t.add_row(
                    escape(p.name),
                    "[red]red line[/red]",
                    f"{escape(r.statement)} [dim]({escape(r.condition.describe())})[/dim]",
                    evidence_mark(r.evidence),
                )
            t.add_row(
                escape(p.name),
                "preferences",
                "weights and values",
                evidence_mark(p.preference.evidence),
            )
        console.print(t)
        cited: list[tuple[str, str, Evidence]] = [
            (p.name, what, e)
            for p in sc.parties
            for what, e in [(f"position on {x.issue}", x.evidence) for x in p.positions]
            + [(f"red line {r.id}", r.evidence) for r in p.red_lines]
            if not e.is_assumption and e.quote
        ]
        if sc.deadline is not None and sc.deadline.evidence is not None:
            dle = sc.deadline.evidence
            if not dle.is_assumption and dle.quote:
                setter = sc.deadline.set_by
                who = sc.party(setter).name if setter in {p.id for p in sc.parties} else "—"
                cited.append((who, "deadline", dle))
        if cited:
            console.print(
                "[bold]Evidence[/bold] [dim](stated: the party's own words; reported: the "
                "source reports it; inferred: the analyst's reading of the quote)[/dim]"
            )
            for name, what, e in cited:
                console.print(
                    f"  {escape(name)}, {escape(what)}: {evidence_mark(e)} "
                    f"[italic]“{escape(e.quote or '')}”[/italic]"
                )
                if e.reasoning:
                    console.print(f"    [dim]reasoning:[/dim] {escape(e.reasoning)}")
        if sc.deadline is not None:
            dl = sc.deadline
            parts = [
                x for x in (dl.date and f"by {dl.date}", dl.rounds and f"{dl.rounds} rounds") if x
            ]
            console.print(
                f"Deadline: {', '.join(parts)}"
                + (f" ({escape(dl.note)})" if dl.note else "")
                + (f" {evidence_mark(dl.evidence)}" if dl.evidence is not None else "")
            )
        for s in sc.sessions:
            extra = ", ".join(
                x
                for x in (
                    s.duration_hours and f"{s.duration_hours:g} h",
                    s.rounds and f"{s.rounds} rounds",
                )
                if x
            )
            console.print(
                f"Session {s.date}"
                + (f" ({extra})" if extra else "")
                + (f": {s.note}" if s.note else "")
            )
        claims = [
            e
            for p in sc.parties
            for e in [x.evidence for x in p.positions] + [r.evidence for r in p.red_lines]
        ]
        counts = Counter(str(e.evidence_kind) for e in claims)
        console.print(
            f"{len(claims)} positions and red lines: "
            + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("stated", "reported", "inferred"))
            + f", {counts.get('assumption', 0)} assumed; every number not quoted is an "
            "assumption."
        )

    @app.command("scenarios")
    def scenarios_cmd(
        json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    ) -> None:
        """List the scenarios bundled with accord."""
        rows = []
        for name in bundled_scenarios():
            sc = load_scenario(name)
            rows.append(
                {
                    "name": name,
                    "title": sc.metadata.title,
                    "issues": len(sc.issues),
                    "parties": len(sc.parties),
                    "outcomes": sc.n_outcomes,
                }
            )
        if json_out:
            print_json(rows)
            return
        t = Table(title="Bundled scenarios", title_justify="left")
        for col in ("name", "title", "parties", "issues", "outcomes"):
            t.add_column(col)
        for r in rows:
            t.add_row(
                str(r["name"]),
                str(r["title"]),
                str(r["parties"]),
                str(r["issues"]),
                f"{r['outcomes']:,}",
            )
        console.print(t)

    @app.command("schema")
    def schema_cmd() -> None:
        """Print the JSON Schema of accord's scenario format."""
        print_json(json_schema())
