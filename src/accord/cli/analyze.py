"""``accord analyze``: what deals are possible, why there is none, what would unlock one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from accord.analysis import Analysis, Limits, analyze
from accord.analysis.concessions import (
    PackageConcessions,
    analysis_concessions,
    analysis_document,
    parse_package,
    relaxation_concessions,
)
from accord.cli._bounds import check_table
from accord.cli.common import SCENARIO_HELP, console, fmt_count, fmt_u, load, print_json
from accord.errors import ConfigurationError
from accord.model import OptionValue, Scenario
from accord.space import DEFAULT_MAX_OUTCOMES
from accord.tolerance import TOLERANCE

err_console = Console(stderr=True, highlight=False)


def _outcome_text(
    scenario: Scenario, outcome: Mapping[str, OptionValue], only: set[str] | None = None
) -> str:
    parts = []
    for issue in scenario.issues:
        if only is not None and issue.id not in only:
            continue
        value = outcome[issue.id]
        label = issue.label(issue.index(value))
        parts.append(f"{issue.id}: {label}")
    return "\n".join(parts)


def _names(scenario: Scenario) -> dict[str, str]:
    return {p.id: p.name for p in scenario.parties}


def _verdict(scenario: Scenario, a: Analysis) -> str:
    """One plain sentence or two: is there a deal, and if not why and what is possible;
    with ratification stages, the level at which a deal fails."""
    return _table_verdict(scenario, a) + _home_verdict(a)


def _table_verdict(scenario: Scenario, a: Analysis) -> str:
    """The verdict at the table (level 1)."""
    names = _names(scenario)
    if a.zopa.exists:
        count = "" if a.zopa.size is None else f" ({a.zopa.size:,} acceptable packages)"
        return f"[bold]Verdict:[/bold] a full package is possible{count}."
    if a.zopa.exists is None:
        return "[bold]Verdict:[/bold] undecided: the solver ran out of time (see the notes)."
    text = "[bold]Verdict:[/bold] no full package is acceptable to every party."
    if a.deadlock is not None and a.deadlock.conflicts:
        causes = [
            " against ".join(f"{names[r.party]}'s {r.red_line.replace('_', ' ')}" for r in c)
            for c in a.deadlock.conflicts[:3]
        ]
        text += " Cause: " + "; ".join(causes) + "."
    maximal = [pa for pa in a.partial_agreements if pa.maximal]
    if maximal:
        best = maximal[0]
        text += f" Agreement is possible on {', '.join(best.issues)} alone."
    return text


def _home_verdict(a: Analysis) -> str:
    """The level at which a deal fails, when the scenario has ratification stages."""
    tl = a.two_level
    if tl is None:
        return ""
    blocked = (
        f" {escape(tl.blocked[0].message[0].upper() + tl.blocked[0].message[1:])}."
        if tl.blocked
        else ""
    )
    if tl.fails_at == "none":
        return (
            f" At home: {tl.zone_size:,} of these packages pass every ratifier (the level-2 "
            "zone)." + (blocked if tl.blocked else "")
        )
    if tl.fails_at == "home":
        return (
            " [red]It fails at home:[/red] a deal exists at the table, but none survives "
            f"ratification.{blocked}"
        )
    if tl.fails_at == "table and home":
        return f" It fails at both levels: no feasible package passes every ratifier.{blocked}"
    return f" It fails at the table (the ratifiers would pass some packages).{blocked}"


def render_two_level(scenario: Scenario, a: Analysis) -> None:
    """The two-level analysis: stages, win-sets, the level-2 zone, who blocks at home,
    which level must move, the relaxations and partial agreements checked at home."""
    tl = a.two_level
    if tl is None:
        return
    names = _names(scenario)
    console.print(
        "\n[bold]Ratification at home[/bold] [dim](two-level game, docs/two-level.md)[/dim]"
    )
    t = Table(title_justify="left")
    for col in ("stage", "party", "model", "rules on", "days"):
        t.add_column(col)
    t.add_column("approves", justify="right")
    t.add_column("rejects in scope", justify="right")
    for s in tl.stages:
        t.add_row(
            escape(s.name),
            escape(names.get(s.party, s.party)),
            s.kind,
            escape(", ".join(s.issues) or "every issue"),
            str(s.duration_days),
            f"{s.approves:,} of {tl.n_feasible:,}",
            f"{s.rejects_in_scope:,} of {tl.scope_size:,}",
        )
    console.print(t)
    console.print(
        "Win-sets (feasible packages each party's ratifiers approve): "
        + ", ".join(f"{escape(names.get(k, k))} {v:,}" for k, v in tl.win_sets.items())
        + f" of {tl.n_feasible:,}."
    )
    zone = (
        f"[green]{tl.zone_size:,} packages[/green]"
        if tl.zone_size
        else "[red]empty: no package passes the table and every ratifier[/red]"
    )
    console.print(
        f"Level-2 zone of agreement (both negotiators accept, every ratifier approves): {zone} "
        f"[dim](level 1: {tl.zopa_size:,})[/dim]"
    )
    console.print(f"[dim]scope of the checks below: {escape(tl.scope)} ({tl.scope_size:,})[/dim]")
    for b in tl.blocked:
        count = "" if b.rejects == b.of else f" [dim]({b.rejects:,} of {b.of:,})[/dim]"
        console.print(f"  [red]{escape(b.message)}[/red]{count}")
    if tl.nash is not None:
        console.print(
            "Nash solution at both levels: "
            + escape(_outcome_text(scenario, tl.nash.point.outcome).replace("\n", "; "))
            + f" [dim](P(ratified) {tl.nash.p_ratified:.2f})[/dim]"
        )
    if tl.cost:
        console.print(
            "Level-2 cost (utility at the level-1 Nash solution minus at the level-2 one): "
            + ", ".join(f"{escape(names.get(k, k))} {v:.3f}" for k, v in tl.cost.items())
        )
    if tl.moves:
        t = Table(
            title="Which level must move, and at what cost", title_justify="left", expand=True
        )
        t.add_column("level")
        t.add_column("what", ratio=4)
        t.add_column("cost", justify="right")
        t.add_column("package", ratio=3)
        t.add_column("P(ratified)", justify="right")
        for m in tl.moves:
            t.add_row(
                m.level,
                escape(m.what),
                f"{m.cost:.3f} {escape(m.unit)}",
                escape(_outcome_text(scenario, m.package.point.outcome)),
                f"{m.package.p_ratified:.2f}",
            )
        console.print(t)
    if tl.relaxations:
        console.print("Level-1 relaxations checked at home:")
        stage_names = {s.id: s.name for s in tl.stages}
        for k, r in enumerate(tl.relaxations, 1):
            fate = (
                "[green]passes every ratifier[/green]"
                if not r.rejected_by
                else "[red]blocked at home by "
                + escape(", ".join(stage_names.get(x, x) for x in r.rejected_by))
                + "[/red]"
            )
            console.print(f"  {k}. {fate} [dim](P(ratified) {r.p_ratified:.2f})[/dim]")
    if tl.partial_agreements:
        t = Table(title="Partial agreements at both levels", title_justify="left")
        t.add_column("issues agreed")
        t.add_column("level 1", justify="right")
        t.add_column("level 2", justify="right")
        t.add_column("blocked at home by")
        for pa in tl.partial_agreements:
            t.add_row(
                escape(", ".join(pa.issues)),
                f"{pa.zopa_size:,}",
                f"{pa.zone_size:,}",
                escape(", ".join(pa.blocked_by) or "none"),
            )
        console.print(t)
    for note in tl.notes:
        console.print(f"[dim]note: {escape(note)}[/dim]")


def concession_table(pc: PackageConcessions) -> Table:
    """Who concedes what in one package: per issue, each party's stated position, the
    package's option and what it gives up (in its utility)."""
    t = Table(title=f"Who concedes what — {escape(pc.label)}", title_justify="left")
    t.add_column("issue")
    t.add_column("package")
    for p in pc.parties:
        t.add_column(f"{escape(p.name)}: position → concession", overflow="fold")
    if pc.open_issues:
        t.caption = "left open (status quo, no one signs): " + escape(", ".join(pc.open_issues))
        t.caption_justify = "left"
    first = pc.parties[0] if pc.parties else None
    for k, ic in enumerate(first.issues if first else ()):
        if ic.open:
            continue
        cells = []
        for p in pc.parties:
            c = p.issues[k]
            if c.open:
                cells.append("[dim]left open[/dim]")
                continue
            mark = "" if c.basis == "stated" else " [dim](preferred)[/dim]"
            if c.basis == "none":
                cells.append(f"[dim]no stake[/dim] {fmt_u(c.utility)}")
            elif c.stated == c.option:
                cells.append(f"{escape(c.stated_label)}{mark}: [green]holds[/green]")
            else:
                style = "red" if c.concession > TOLERANCE else "green"
                cells.append(f"{c.stated_label}{mark}: [{style}]{-c.concession:+.3f}[/{style}]")
        t.add_row(escape(ic.issue), escape(ic.option_label), *cells)
    t.add_row(
        "[bold]utility[/bold]",
        "",
        *(
            f"[bold]{fmt_u(p.utility)}[/bold] (reservation {p.reservation_value:g}); "
            f"gives up {p.concession:.3f} from its positions"
            + (
                f"; [red]breaks {escape(', '.join(p.breaks_red_lines))}[/red]"
                if p.breaks_red_lines
                else ""
            )
            for p in pc.parties
        ),
        end_section=True,
    )
    return t


def render(scenario: Scenario, a: Analysis, top: int) -> None:
    """The compact readable report."""
    names = _names(scenario)
    bargaining = [p for p in scenario.parties if p.bargaining]
    console.print(
        f"[bold]{escape(scenario.metadata.title)}[/bold] [dim]({escape(scenario.id)})[/dim]"
    )
    if a.zopa.size is None:
        zopa = (
            "[green]not empty (not counted)[/green]"
            if a.zopa.exists
            else "[red]empty: no package is acceptable to every party[/red]"
            if a.zopa.exists is False
            else "[yellow]undecided within the time limit[/yellow]"
        )
    else:
        zopa = (
            f"[green]{a.zopa.size:,} acceptable packages[/green]"
            if a.zopa.size
            else "[red]empty: no package is acceptable to every party[/red]"
        )
    feasible = "" if a.n_feasible is None else f", {a.n_feasible:,} feasible"
    console.print(
        f"{fmt_count(a.n_outcomes)} packages{feasible}. Zone of possible agreement: {zopa}"
    )
    console.print(
        "Parties whose consent is needed: "
        + ", ".join(f"{p.name} (reservation value {p.reservation_value:g})" for p in bargaining)
    )
    console.print(_verdict(scenario, a))
    if a.zopa.exists:
        t = Table(title="Bargaining solutions over the zone of agreement", title_justify="left")
        t.add_column("solution")
        t.add_column("package")
        for p in bargaining:
            t.add_column(p.name, justify="right")
        for concept, point in a.solutions.items():
            if point is None:
                continue
            t.add_row(
                concept.replace("_", " "),
                _outcome_text(scenario, point.outcome),
                *(fmt_u(point.utilities[p.id]) for p in bargaining),
            )
        console.print(t)
    if a.deadlock is not None:
        dl = a.deadlock
        if dl.infeasible:
            console.print("[red]The scenario's own constraints admit no package at all.[/red]")
        else:
            console.print(
                "\n[bold]Why there is no deal[/bold] "
                "(minimal sets of requirements that cannot hold together)"
            )
            for k, conflict in enumerate(dl.conflicts, 1):
                items = [
                    f"{names[r.party]} [italic]{r.red_line}[/italic]: {r.statement}"
                    for r in conflict
                ]
                console.print(f"  {k}. " + "\n     [red]collides with[/red] ".join(items))
            t = Table(
                title="What would unlock a deal "
                "(minimal relaxations; the package asks least of the worst-off; every "
                "concession each party makes in it against its position)",
                title_justify="left",
                expand=True,
            )
            t.add_column("#", justify="right")
            t.add_column("who gives up what", ratio=5)
            t.add_column("ZOPA", justify="right")
            t.add_column("package", ratio=3)
            for p in bargaining:
                t.add_column(f"{p.name}: u (short of its best)", justify="right", ratio=1)
            gives = relaxation_concessions(scenario, a)
            for k, r in enumerate(dl.relaxations[: max(top, 1) * 2], 1):
                who = "; ".join(f"{names[c.party]} drops {c.red_line}" for c in r.changes)
                who += "".join(
                    f"\n[bold]{escape(pc.name)} gives up[/bold] {escape(pc.conceded_text())}"
                    for pc in gives[k - 1].parties
                )
                costs = {c.party: c for c in r.costs}
                t.add_row(
                    str(k),
                    who,
                    "?" if r.zopa_size is None else f"{r.zopa_size:,}",
                    _outcome_text(scenario, r.package.outcome),
                    *(
                        f"{fmt_u(costs[p.id].utility)} ({fmt_u(costs[p.id].concession)})"
                        for p in bargaining
                    ),
                )
            console.print(t)
    if a.partial_agreements:
        t = Table(
            title="What can be agreed now (the other issues stay at their status quo)",
            title_justify="left",
        )
        t.add_column("issues agreed")
        t.add_column("ZOPA", justify="right")
        t.add_column("best package (Nash)")
        for p in bargaining:
            t.add_column(p.name, justify="right")
        shown = [pa for pa in a.partial_agreements if pa.maximal][:top] or list(
            a.partial_agreements[:top]
        )
        for pa in shown:
            sol = pa.solution
            t.add_row(
                ", ".join(pa.issues),
                f"{pa.zopa_size:,}",
                "" if sol is None else _outcome_text(scenario, sol.outcome, set(pa.issues)),
                *(("" if sol is None else fmt_u(sol.utilities[p.id])) for p in bargaining),
            )
        console.print(t)
        rest = len(a.partial_agreements) - len(shown)
        if rest > 0:
            console.print(f"[dim]  and {rest} smaller agreeable subsets (see --json)[/dim]")
    elif a.zopa.size == 0 and a.n_outcomes > 0:
        console.print("No subset of issues can be agreed on its own either.")

    def count(key: str, listed: int) -> str:
        cap = a.capped.get(key)
        return f"{listed:,}" if cap is None or cap.total is None else f"{cap.total:,}"

    console.print(
        f"\nPareto frontier: {count('pareto_frontier', len(a.pareto_frontier))} packages over "
        f"all feasible outcomes, {count('zopa.pareto_frontier', len(a.zopa_frontier))} within "
        "the zone of agreement."
    )
    for note in a.notes:
        console.print(f"[dim]note: {note}[/dim]")
    for line in capped_lines(a):
        console.print(f"[yellow]capped:[/yellow] {line}")


#: The command-line flag of each analysis limit.
FLAGS = {
    "frontier": "--max-frontier",
    "relaxations": "--max-relaxations",
    "conflicts": "--max-conflicts",
    "partial_agreements": "--max-partial",
}

_WHAT = {
    "pareto_frontier": "Pareto-optimal packages",
    "zopa.pareto_frontier": "Pareto-optimal packages of the zone of agreement",
    "deadlock.conflicts": "minimal conflicts",
    "deadlock.relaxations": "minimal relaxations",
    "partial_agreements": "partial agreements",
}


def capped_lines(a: Analysis) -> list[str]:
    """One line per listing the limits cut short, naming the flag that lifts it."""
    out = []
    for key, cap in a.capped.items():
        total = "more than that" if cap.total is None else f"{cap.total:,}"
        flag = FLAGS.get(cap.parameter, cap.parameter)
        out.append(
            f"{_WHAT.get(key, key)}: {cap.listed:,} listed of {total} (raise {flag}, or --no-caps)"
        )
    return out


def render_concessions(packages: list[PackageConcessions], a: Analysis, top: int) -> None:
    """The Nash solution, the relaxations shown above and the maximal partial agreements
    (every package, with every solution, is in --json)."""
    maximal = {tuple(pa.issues) for pa in a.partial_agreements if pa.maximal}
    shown = [
        pc
        for pc in packages
        if (pc.kind == "solution" and pc.label.startswith("nash solution"))
        or pc.kind in {"named", "relaxation", "two-level"}
        or (pc.kind == "partial" and tuple(k for k in pc.outcome) in maximal)
    ]
    relax = [pc for pc in shown if pc.kind == "relaxation"][max(top, 1) * 2 :]
    shown = [pc for pc in shown if pc not in relax]
    if not shown:
        return
    console.print(
        "\n[bold]Who concedes what[/bold] [dim](per issue: the party's stated position, or its "
        "most valued option where it states none, and the change in its utility the package's "
        "option brings; negative: a concession. Every package and solution: --json)[/dim]"
    )
    for pc in shown:
        console.print(concession_table(pc))


def register(app: typer.Typer) -> None:
    """Add ``accord analyze`` to ``app``: the zone of agreement, solutions, deadlocks and
    partial agreements of a scenario, as tables or ``--json``.
    """

    @app.command("analyze")
    def analyze_cmd(
        scenario: Annotated[str | None, typer.Argument(help=SCENARIO_HELP)] = None,
        json_out: Annotated[
            bool, typer.Option("--json", help="Print the analysis as JSON.")
        ] = False,
        top: Annotated[
            int, typer.Option("--top", help="Best K packages per solution concept.")
        ] = 5,
        stream: Annotated[
            bool, typer.Option("--stream", help="Enumerate large outcome spaces in blocks.")
        ] = False,
        max_outcomes: Annotated[
            int, typer.Option("--max-outcomes", help="In-memory limit on the outcome space.")
        ] = DEFAULT_MAX_OUTCOMES,
        no_partial: Annotated[
            bool, typer.Option("--no-partial", help="Skip the search for partial agreements.")
        ] = False,
        solver: Annotated[
            bool,
            typer.Option(
                "--solver",
                help="Do not enumerate: diagnose with the CP-SAT constraint solver "
                "(for spaces too large to enumerate; nothing is counted).",
            ),
        ] = False,
        time_limit: Annotated[
            float, typer.Option("--time-limit", help="Seconds the solver may take in all.")
        ] = 60.0,
        package: Annotated[
            list[str] | None,
            typer.Option(
                "--package",
                help="A package to examine, ISSUE=OPTION (repeat, or comma-separate; the "
                "option by value or label); issues not named keep their status quo. Shows "
                "who concedes what in it.",
            ),
        ] = None,
        max_frontier: Annotated[
            int, typer.Option("--max-frontier", help="Pareto-optimal packages listed per frontier.")
        ] = Limits().frontier or 0,
        max_relaxations: Annotated[
            int, typer.Option("--max-relaxations", help="Minimal relaxations listed.")
        ] = Limits().relaxations or 0,
        max_conflicts: Annotated[
            int, typer.Option("--max-conflicts", help="Minimal conflicts listed.")
        ] = Limits().conflicts or 0,
        max_partial: Annotated[
            int, typer.Option("--max-partial", help="Partial agreements listed.")
        ] = Limits().partial_agreements or 0,
        no_caps: Annotated[
            bool, typer.Option("--no-caps", help="List everything (no --max-* caps).")
        ] = False,
        budget: Annotated[
            float | None,
            typer.Option("--budget", help="Stop with an error after this many seconds in all."),
        ] = None,
    ) -> None:
        """Zone of agreement, Pareto frontier, bargaining solutions, deadlock diagnosis and
        partial agreements of a scenario."""
        if top < 0:
            raise ConfigurationError(f"--top must be 0 or more (got {top})")
        if time_limit <= 0:
            raise ConfigurationError(f"--time-limit must be positive (got {time_limit:g})")
        if max_outcomes <= 0:
            raise ConfigurationError(f"--max-outcomes must be positive (got {max_outcomes})")
        caps = {
            "frontier": max_frontier,
            "relaxations": max_relaxations,
            "conflicts": max_conflicts,
            "partial_agreements": max_partial,
        }
        for name, value in caps.items():
            if value < 0:
                raise ConfigurationError(f"{FLAGS[name]} must be 0 or more (got {value})")
        if budget is not None and not budget > 0:
            raise ConfigurationError(f"--budget must be positive (got {budget:g})")
        limits = Limits.unlimited() if no_caps else Limits(**caps)
        if budget is not None:
            limits = limits.replace(seconds=budget)
        sc = load(scenario)
        if not stream and not solver:
            check_table(sc, max_outcomes)
        named = parse_package(sc, package) if package else None
        result = analyze(
            sc,
            top=top,
            stream=stream,
            max_outcomes=max_outcomes,
            partial=not no_partial,
            solver=solver,
            time_limit=time_limit,
            limits=limits,
        )
        if json_out:
            print_json(analysis_document(sc, result, named))
            for line in capped_lines(result):
                err_console.print(f"capped: {line}")
        else:
            packages = analysis_concessions(sc, result, named)
            if named is not None:
                console.print(f"[bold]Named package:[/bold] {escape(packages[0].verdict())}")
                console.print(concession_table(packages[0]))
                packages = packages[1:]
            render(sc, result, top)
            render_two_level(sc, result)
            render_concessions(packages, result, top)
