"""``accord show``, ``accord scenarios`` and ``accord schema``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from accord.cli.common import SCENARIO_HELP, console, evidence_mark, load, print_json
from accord.io import bundled_scenarios, json_schema, load_scenario
from accord.model import (
    CORE,
    BlocVoteModel,
    Evidence,
    RatificationStage,
    Scenario,
    ThresholdModel,
    settlement_groups,
)


def register(app: typer.Typer) -> None:
    """Add ``accord show``, ``accord scenarios`` and ``accord schema`` to ``app``."""

    @app.command("show")
    def show_cmd(
        scenario: Annotated[str | None, typer.Argument(help=SCENARIO_HELP)] = None,
        json_out: Annotated[
            bool,
            typer.Option(
                "--json",
                help="Print the calendar learned from the record as JSON (per format: "
                "its gaps, prior, posterior and P(next round) by date).",
            ),
        ] = False,
    ) -> None:
        """Display a scenario, marking each claim's evidence: stated, reported, inferred (with
        the reasoning) or an analyst assumption."""
        sc = load(scenario)
        if json_out:
            print_json(cadence_json(sc))
            return
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
            # one option a line: a label may itself contain a comma
            opts = "\n".join(i.label(k) for k in range(min(i.size, 8)))
            if i.size > 8:
                opts += f"\n... ({i.size} options)"
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
                    escape(
                        f"{'rejects an option' if pos.stance == 'rejects' else 'position'} "
                        f"on {pos.issue}"
                    ),
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
            for what, e in [
                (f"position on {x.issue}", e) for x in p.positions for e in x.all_evidence
            ]
            + [(f"red line {r.id}", e) for r in p.red_lines for e in r.all_evidence]
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
            console.print(_deadline_line(sc))
        if sc.calendar is not None:
            _print_calendar(sc)
        else:
            for s in sc.sessions:
                extra = ", ".join(
                    x
                    for x in (
                        s.duration_hours and f"{s.duration_hours:g} h",
                        s.rounds and f"{s.rounds} exchange{'s' if s.rounds != 1 else ''}",
                    )
                    if x
                )
                console.print(
                    f"Session {s.date}"
                    + (f" ({extra})" if extra else "")
                    + (f": {s.note}" if s.note else "")
                )
        if sc.tracks:
            _print_tracks(sc)
        if sc.ratification:
            _print_ratification(sc)
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


def _evidence_list(es: tuple[Evidence, ...]) -> str:
    """Evidence in a cell: the kind and source of each, one a line."""
    if not es:
        return "[yellow]none[/yellow]"
    return "\n".join(dict.fromkeys(evidence_mark(e) for e in es))


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def _span(start: dt.date, end: dt.date) -> str:
    if start == end:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{end.day} {end:%b %Y}"
    return f"{_day(start)} to {_day(end)}"


def _party_name(sc: Scenario, pid: str | None) -> str:
    if pid is None:
        return ""
    try:
        return sc.party(pid).name
    except KeyError:
        return pid


def _deadline_line(sc: Scenario) -> str:
    dl = sc.deadline
    assert dl is not None
    parts = []
    if dl.date:
        when = dl.date
        if dl.interpreted:
            when += f' [yellow](the analyst\'s reading of "{escape(dl.as_stated or "")}")[/yellow]'
        elif dl.as_stated:
            when += f' ("{escape(dl.as_stated)}")'
        parts.append(f"by {when}")
    if dl.rounds:
        parts.append(f"{dl.rounds} exchange{'s' if dl.rounds != 1 else ''}")
    if dl.set_by:
        parts.append(f"set by {_party_name(sc, dl.set_by)}")
    line = f"[bold]Deadline:[/bold] {', '.join(parts)}"
    if dl.evidence is not None:
        line += f" {evidence_mark(dl.evidence)}"
    if dl.note:
        line += f"\n  [dim]{escape(dl.note)}[/dim]"
    return line


def _print_tracks(sc: Scenario) -> None:
    """The negotiation tracks: issues, whether each settles on its own, links, working
    groups and evidence."""
    groups = settlement_groups(sc.tracks, tuple(i.id for i in sc.issues))
    core = next((g for g in groups if g.id == CORE), None)
    t = Table(title="Tracks (issues negotiated and settled together)", title_justify="left")
    for col in ("track", "issues", "settles", "working groups", "evidence"):
        t.add_column(col)
    names = {i.id: i.name for i in sc.issues}
    for tr in sc.tracks:
        on_own = core is None or tr.id not in core.tracks
        settles = "on its own (partial agreement)" if on_own else "only in a full agreement"
        if tr.linked_with:
            settles += "\nlinked with " + ", ".join(tr.linked_with)
        t.add_row(
            f"{escape(tr.name)}\n[dim]{tr.id}[/dim]",
            "\n".join(escape(names.get(i, i)) for i in tr.issues),
            settles,
            ", ".join(tr.working_groups) or "[dim]none recorded[/dim]",
            "\n".join(evidence_mark(e) for e in tr.evidence) or "[yellow]assumption[/yellow]",
        )
    console.print(t)
    untracked = [i.id for i in sc.issues if not any(i.id in tr.issues for tr in sc.tracks)]
    if untracked:
        console.print(
            f"[dim]In no track (settle with the core package): {', '.join(untracked)}[/dim]"
        )


def _model_text(stage: RatificationStage) -> str:
    """A stage's acceptance model and its numbers, in a line or three (docs/two-level.md)."""
    m = stage.model
    if isinstance(m, ThresholdModel):
        return f"threshold: approves when its utility is at least {m.threshold:g}"
    if isinstance(m, BlocVoteModel):
        total = sum(b.weight for b in m.blocs)
        blocs = "; ".join(f"{escape(b.name)} {b.weight:g} (bar {b.threshold:g})" for b in m.blocs)
        return f"bloc vote: yes from {m.majority * 100:.4g}% of {total:g} votes\n{blocs}"
    shifts = "; ".join(
        f"{iid} = {opt}: {x:+g}" for iid, opts in m.support.items() for opt, x in opts.items()
    )
    return (
        f"electorate: yes share {m.base:g} (sd {m.sd:g}) must exceed {m.majority:g}; turnout "
        f"{m.turnout:g} (sd {m.turnout_sd:g}) must reach {m.quorum:g}"
        + (f"\nshifts: {escape(shifts)}" if shifts else "")
    )


def _print_ratification(sc: Scenario) -> None:
    """The ratification stages a signed deal must pass at home, per party in order."""
    t = Table(
        title="Ratification at home (stages a signed deal must pass, in order per party)",
        title_justify="left",
    )
    for col in ("party", "#", "stage", "rules on", "model", "days", "evidence"):
        t.add_column(col)
    uncertain = {} if sc.uncertainty is None else sc.uncertainty.ratification
    for party in sc.parties:
        for stage in sc.stages_of(party.id):
            model = _model_text(stage)
            if stage.id in uncertain:
                model += "\n[dim]uncertain in sweeps (uncertainty.ratification)[/dim]"
            t.add_row(
                escape(party.name),
                str(stage.order + 1),
                f"{escape(stage.name)}\n[dim]{stage.id}[/dim]",
                escape(", ".join(stage.issues) or "every issue"),
                model,
                str(stage.duration_days),
                _evidence_list(stage.evidence),
            )
    console.print(t)
    console.print(
        "[dim]Every number of a stage (bars, blocs, support, turnout, quorum, days) is an "
        "analyst assumption unless its evidence quotes it.[/dim]"
    )


def _print_calendar(sc: Scenario) -> None:
    cal = sc.calendar
    assert cal is not None
    console.print(
        f"[bold]Calendar[/bold] as of {_day(cal.as_of)}"
        + "; runs start then (past rounds are facts, not simulated again)"
    )
    if cal.past:
        t = Table(title="Past rounds", title_justify="left", show_lines=True)
        for col in ("round", "dates", "venue, format, host, mediator", "heads of delegation",
                    "sessions", "evidence"):  # fmt: skip
            t.add_column(col, overflow="fold")
        for r in cal.past:
            dates = _span(r.start, r.end)
            if r.other_dates:
                other = ", ".join(_day(d) for d in r.other_dates)
                dates += f"\n[yellow]also reported: {other}[/yellow]"
            where = "\n".join(
                x
                for x in (
                    r.venue and escape(r.venue),
                    r.format and f"[italic]{r.format}[/italic]",
                    r.host and f"host: {escape(r.host)}",
                    r.mediator and f"mediator: {escape(_party_name(sc, r.mediator))}",
                )
                if x
            )
            dels = "\n".join(
                f"{escape(_party_name(sc, d.party))}: "
                + (escape(d.head.name) if d.head else "head not recorded")
                + (f" +{len(d.members)}" if d.members else "")
                for d in r.delegations
            )
            sess = "\n".join(
                f"{x.date.day} {x.date:%b}: "
                + (
                    f"{x.rounds} exchange{'s' if x.rounds != 1 else ''}"
                    if x.rounds
                    else "exchanges not given"
                )
                for x in r.sessions
            )
            t.add_row(
                r.id,
                dates,
                where,
                dels or "[dim]not recorded[/dim]",
                sess or "[dim]none[/dim]",
                _evidence_list(r.evidence),
            )
        console.print(t)
        agreed = [(r, a) for r in cal.past for a in r.agreements]
        if agreed:
            t = Table(title="Agreed at past rounds", title_justify="left")
            for col in ("round", "date", "agreed", "in the model", "PA-X stage, topics",
                        "evidence"):  # fmt: skip
                t.add_column(col, overflow="fold")
            for r, a in agreed:
                if a.issue is not None and a.option is not None:
                    issue = sc.issue(a.issue)
                    where = f"{issue.id} = {escape(issue.label(issue.index(a.option)))}"
                else:
                    where = "[dim]no issue[/dim]"
                pax = "\n".join(x for x in (a.stage, ", ".join(a.topics)) if x)
                t.add_row(r.id, _day(r.end), a.statement, where, pax, _evidence_list(a.evidence))
            console.print(t)
    if cal.future or cal.cadence is not None:
        t = Table(title="Future rounds", title_justify="left")
        for col in ("round", "status", "when", "P(takes place)", "days",
                    "exchanges per session", "evidence"):  # fmt: skip
            t.add_column(col, overflow="fold")
        for f in cal.future:
            when = (
                _day(f.date)
                if f.date is not None
                else f"between {_day(f.first_possible)} and {_day(f.last_possible)}"
            )
            t.add_row(
                f.id,
                f.status,
                when,
                f"{f.p_occurs:.0%}",
                str(f.days),
                str(f.rounds_per_session),
                _evidence_list(f.evidence),
            )
        c = cal.cadence
        if c is not None:
            lo, hi = c.every_days.low, c.every_days.high
            every = (
                f"every {lo // 7}-{hi // 7} weeks"
                if lo % 7 == 0 and hi % 7 == 0
                else f"every {c.every_days} days"
            )
            t.add_row(
                "(cadence)",
                "expected",
                f"{every} until the deadline",
                f"{c.p_occurs:.0%} each",
                str(c.days),
                str(c.rounds_per_session),
                _evidence_list(c.evidence),
            )
        console.print(t)
    _print_cadence(sc)


def _horizons(sc: Scenario) -> list[tuple[str, dt.date]]:
    """The dates the next-round odds are given for: 30 and 60 days after as_of, and the
    deadline when there is one."""
    cal = sc.calendar
    assert cal is not None
    out = [(f"by {_day(cal.as_of + dt.timedelta(days=k))}", cal.as_of + dt.timedelta(days=k))
           for k in (30, 60)]  # fmt: skip
    if sc.deadline is not None and sc.deadline.day is not None:
        out.append((f"by the deadline ({_day(sc.deadline.day)})", sc.deadline.day))
    return out


def cadence_json(sc: Scenario) -> dict[str, object]:
    """The learned calendar as JSON: per format its record, prior, posterior and the
    probability of its next round by each date of :func:`_horizons`."""
    from accord.negotiation.cadence import disagreement, learn

    cal = sc.calendar
    if cal is None:
        return {"scenario": sc.id, "cadence": None}
    learned = learn(cal)
    dates = _horizons(sc)
    return {
        "scenario": sc.id,
        "as_of": cal.as_of.isoformat(),
        "cadence": [
            {
                "format": f.format,
                "negotiates": f.negotiates,
                "rounds": len(f.starts),
                "last": f.starts[-1].isoformat() if f.starts else None,
                "gaps_days": list(f.gaps),
                "record_mean_gap_days": f.record_mean_gap,
                "pauses": f.pauses,
                "pause_days": f.pause_days,
                "prior": {
                    "a": f.a0,
                    "b": f.b0,
                    "mean_gap_days": f.prior_mean_gap,
                    "p_pause": f.pi_prior,
                },
                "posterior": {
                    "a": f.a,
                    "b": f.b,
                    "mean_gap_days": f.mean_gap,
                    "p_pause": f.pi,
                },
                "announced": f.announced.id if f.announced is not None else None,
                "p_next_by": {d.isoformat(): f.p_next_by(d) for _, d in dates},
            }
            for f in learned
        ],
        "disagreement": disagreement(cal, learned),
    }


def _print_cadence(sc: Scenario) -> None:
    """The calendar learned from the record (docs/cadence.md): per format,
    the recorded gaps, the posterior mean gap and chance of a pause, and P(next round by
    date); then one line where the record and the analyst's cadence disagree."""
    from accord.negotiation.cadence import disagreement, learn

    cal = sc.calendar
    assert cal is not None
    learned = learn(cal)
    if not learned:
        return
    dates = _horizons(sc)
    t = Table(
        title="Next round by format (the analyst's cadence updated by the record's gaps)",
        title_justify="left",
    )
    for col in ("format", "rounds on record", "gaps (days)", "mean gap: record / learned",
                "P(pause)", *(f"P(next round) {label}" for label, _ in dates)):  # fmt: skip
        t.add_column(col, overflow="fold")
    for f in learned:
        record = "-" if f.record_mean_gap is None else f"{f.record_mean_gap:.0f}"
        name = f.format + ("" if f.negotiates else " (no session between the parties)")
        if f.announced is not None:
            name += f"\nannounced: {f.announced.id}"
        t.add_row(
            escape(name),
            str(len(f.starts)),
            ", ".join(str(g) for g in f.gaps) or "-",
            f"{record} / {f.mean_gap:.0f}",
            f"{f.pi:.0%}",
            *(f"{f.p_next_by(d):.0%}" for _, d in dates),
        )
    console.print(t)
    line = disagreement(cal, learned)
    if line:
        console.print(escape(line), soft_wrap=True)  # one line, whatever the width
