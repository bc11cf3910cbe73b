"""Build the report: figures, then one self-contained HTML page (or the figures alone).

The page embeds its figures as inline SVG and its style sheet in a ``<style>`` element; it
loads nothing (no scripts, fonts or images from anywhere), so it reads offline and can be
mailed as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure

import accord
from accord.analysis import Analysis, analyze
from accord.counts import count_text
from accord.errors import AccordError, ConfigurationError, SpaceTooLargeError
from accord.forecast.reading import first_crossings
from accord.model import Evidence, OptionValue, Scenario
from accord.outputs import write_output
from accord.report import figures
from accord.report.history import change_rows, effect_rows, timeline_svg
from accord.report.jinja import environment
from accord.report.sections import ReportSections
from accord.report.utility_space import MAX_PLOTTED_SPACE, utility_space

if TYPE_CHECKING:
    from accord.forecast.result import Forecast

FORMATS = ("html", "svg", "png")


@dataclass(frozen=True, slots=True)
class NamedFigure:
    """A figure with a file-name stem, a title and a caption."""

    name: str
    title: str
    caption: str
    figure: Figure


def _forecast_options(scenario: Scenario, forecast: Forecast) -> dict[str, list[tuple[float, str]]]:
    """Each forecast dimension's options on the model's 0-100 scale, with their labels."""
    from accord.forecast.scenario import issue_scale

    out: dict[str, list[tuple[float, str]]] = {}
    ids = {i.id for i in scenario.issues}
    for dim in forecast.table.dimensions:
        if dim not in ids:
            continue
        issue = scenario.issue(dim)
        if issue.size > 12:
            continue
        try:
            scale = issue_scale(issue)
        except AccordError:
            continue
        out[dim] = [(float(x), issue.label(k)) for k, x in enumerate(scale)]
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def report_figures(
    scenario: Scenario, analysis: Analysis, sections: ReportSections | None = None
) -> tuple[list[NamedFigure], list[str]]:
    """Every figure of the report, in order, and notes on figures left out."""
    out: list[NamedFigure] = []
    notes: list[str] = []
    try:
        space = utility_space(scenario, analysis)
    except SpaceTooLargeError:
        space = None
        notes.append(
            f"utility-space plots left out: the outcome space ({count_text(scenario.n_outcomes)} "
            f"packages) is over the plotting limit of {MAX_PLOTTED_SPACE:,}"
        )
    if space is not None:
        sample = (
            f" A random sample of {space.plotted:,} of the {space.n_outcomes:,} packages is "
            "drawn (every ZOPA package first); frontiers use all of them."
            if space.plotted < space.n_outcomes
            else ""
        )
        caption = (
            "Each dot is a package, placed by what it gives the two parties. Green "
            "packages are acceptable to every bargaining party (the ZOPA); grey ones "
            "break a red line, fall below a reservation value (dotted lines) or a "
            "scenario constraint. The blue staircase is the Pareto frontier of the "
            "feasible packages for these two parties." + sample
        )
        if scenario.ratification:
            caption += (
                " Rings mark a party's win-set (the packages all of its ratification stages "
                "approve: a circle for the horizontal party, a square for the vertical one); "
                "a black cross marks the level-2 zone, agreed at the table and ratified at "
                "home (docs/two-level.md)."
            )
        out.extend(
            NamedFigure(
                f"utility-{_slug(view.x)}-{_slug(view.y)}",
                f"{view.x_name} and {view.y_name}",
                caption,
                figures.utility_space_figure(view),
            )
            for view in space.pairs
        )
    dl = figures.deadlock_figure(scenario, analysis)
    if dl is not None:
        out.append(
            NamedFigure(
                "deadlock",
                "Which red lines collide",
                "Rows are the bargaining parties' red lines (and reservation values that take "
                "part in a conflict); each column is a minimal set of them that no package can "
                "satisfy together. Giving up any one requirement of every column opens a "
                "zone of agreement.",
                dl,
            )
        )
    if sections is not None:
        names = {p.id: p.name for p in scenario.parties}
        if sections.transcript is not None:
            out.append(
                NamedFigure(
                    "concessions",
                    "Concession curves",
                    "What each party's own offers are worth to it, exchange by exchange (solid), "
                    "and what the offers it received are worth to it (dotted).",
                    figures.concession_figure(
                        sections.transcript,
                        names,
                        bargaining=[p.id for p in scenario.parties if p.bargaining],
                    ),
                )
            )
        if sections.odds is not None and sections.odds.points:
            from accord.report.calendar import odds_figure

            out.append(
                NamedFigure(
                    "p-agreement",
                    "Probability of agreement by date",
                    "Share of runs with a full agreement (every issue settled, blue) and with "
                    "at least a partial one (orange) on or before each date, with 95% "
                    f"intervals; source: {sections.odds.source}.",
                    odds_figure(sections.odds),
                )
            )
        if sections.backtest is not None and sections.backtest.scored:
            out.append(
                NamedFigure(
                    "reliability",
                    "Reliability of the back-test's forecasts",
                    "Forecasts made from past dates, binned by probability (0-10%, 10-20%, ...): "
                    "each point is a bin's mean forecast (across) and how often the event "
                    "then happened (up); the number beside it counts the forecasts in the bin. "
                    "Points on the dashed diagonal are well calibrated; points below it are "
                    "forecasts too high, above it too low.",
                    figures.reliability_figure(sections.backtest),
                )
            )
        if sections.odds is not None and sections.odds.dated:
            from accord.report.events import event_table, events_figure

            table = event_table(sections.odds.points)
            if not table.empty:
                out.append(
                    NamedFigure(
                        "events",
                        "Named events by date",
                        "Share of runs in which each issue was agreed (solid; settled in a full "
                        "or a partial agreement) and at least one further round of each format "
                        "was held after the as-of date (dashed), on or before each date; "
                        f"source: {sections.odds.source}.",
                        events_figure(
                            sections.odds.points, {i.id: i.name for i in scenario.issues}
                        ),
                    )
                )
        if (fc := sections.forecast) is not None:
            out.append(
                NamedFigure(
                    "forecast",
                    "Forecast trajectories",
                    "Each actor's position step by step under the forecasting model "
                    "(step 0 is the input; steps are the model's iterations, not meetings and "
                    "not dates), on the 0-100 scale the model uses: an ordered "
                    "issue's options sit evenly from 0 (the first) to 100 (the last), and the "
                    "right-hand axis names them. The dashed line is the forecast outcome; a "
                    "cross marks a position whose nearest option breaks the actor's own red "
                    "line.",
                    figures.forecast_figure(
                        fc.forecast,
                        names,
                        _forecast_options(scenario, fc.forecast),
                        fc.reading.crossings,
                    ),
                )
            )
    return out, notes


def write_figures(
    scenario: Scenario,
    out_dir: Path,
    fmt: str,
    *,
    analysis: Analysis | None = None,
    sections: ReportSections | None = None,
) -> list[Path]:
    """Write the report's figures as ``fmt`` (``"svg"`` or ``"png"``) files into
    ``out_dir`` (created if needed); returns the files written."""
    if fmt not in {"svg", "png"}:
        raise ConfigurationError(f"figure format must be svg or png, got {fmt!r}")
    a = analysis if analysis is not None else analyze(scenario)
    figs, _ = report_figures(scenario, a, sections)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for nf in figs:
        path = out_dir / f"{nf.name}.{fmt}"
        if fmt == "svg":
            write_output(path, figures.svg_text(nf.figure))
        else:
            write_output(path, figures.png_bytes(nf.figure))
        written.append(path)
    return written


# -- HTML ------------------------------------------------------------------------------------

_ENV = environment("accord.report")


def _label(scenario: Scenario, issue_id: str, value: OptionValue) -> str:
    try:
        issue = scenario.issue(issue_id)
        return issue.label(issue.index(value))
    except KeyError:
        return str(value)


def _source_title(scenario: Scenario, e: Evidence) -> str:
    for s in scenario.sources:
        if s.id == e.source:
            return s.title
    return e.source or ""


def _plain_url(url: str | None) -> str:
    """A source's address as plain text without its scheme: the report names where a
    source lives but links to nothing outside itself."""
    if not url:
        return ""
    return re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", url)


def render_html(
    scenario: Scenario,
    analysis: Analysis,
    sections: ReportSections | None = None,
    *,
    generated: str | None = None,
) -> str:
    """The report as one self-contained HTML page."""
    figs, notes = report_figures(scenario, analysis, sections)
    names = {p.id: p.name for p in scenario.parties}
    concessions = _concessions(scenario, analysis, sections)
    svgs = {nf.name: figures.svg_text(nf.figure, inline=True) for nf in figs}
    # the rows are shared with the dashboard, which has the comparison as JSON
    since = sections.since.to_dict() if sections is not None and sections.since else None
    template = _ENV.get_template("report.html.j2")
    return template.render(
        sc=scenario,
        a=analysis,
        d=analysis.to_dict(),
        sections=sections or ReportSections(),
        figs=figs,
        svgs=svgs,
        notes=[*notes, *analysis.notes, *((sections.notes) if sections else ())],
        names=names,
        label=lambda issue, value: _label(scenario, issue, value),
        source_title=lambda e: _source_title(scenario, e),
        plain_url=_plain_url,
        version=getattr(accord, "__version__", ""),
        generated=generated or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        bargaining=[p for p in scenario.parties if p.bargaining],
        concessions=concessions,
        history_svg=_history_svg(sections),
        since_changes=change_rows(since) if since is not None else [],
        since_effect=effect_rows(sections.since) if sections and sections.since else [],
        issue_ids={i.id for i in scenario.issues},
        zip=zip,
        first_crossings=first_crossings,
        events=_events(scenario, sections),
        unlock=_unlock(scenario, analysis),
    )


def _concessions(
    scenario: Scenario, analysis: Analysis, sections: ReportSections | None
) -> list[Any]:
    """Who concedes what in the packages the report shows."""
    from accord.analysis.concessions import shown_concessions

    t = sections.transcript if sections is not None else None
    agreement = None if t is None else t.agreement
    return list(shown_concessions(scenario, analysis, agreement))


def _unlock(scenario: Scenario, analysis: Analysis) -> list[Any]:
    """Who concedes what in each relaxation's package ("what would unlock a deal")."""
    from accord.analysis.concessions import relaxation_concessions

    return relaxation_concessions(scenario, analysis)


def _events(scenario: Scenario, sections: ReportSections | None) -> Any:
    """The named events by month of the sweep behind the odds (``None`` without one)."""
    if sections is None or sections.odds is None or not sections.odds.dated:
        return None
    from accord.report.events import event_table

    return event_table(sections.odds.points, {i.id: i.name for i in scenario.issues})


def _history_svg(sections: ReportSections | None) -> str:
    if sections is None or not sections.history:
        return ""
    return timeline_svg(sections.history.get("versions", []), sections.history.get("events", []))


def build_report(
    scenario: Scenario,
    *,
    analysis: Analysis | None = None,
    sections: ReportSections | None = None,
    generated: str | None = None,
) -> str:
    """Analyse ``scenario`` (unless ``analysis`` is given) and render the HTML report."""
    a = analysis if analysis is not None else analyze(scenario)
    return render_html(scenario, a, sections, generated=generated)


def outcome_labels(scenario: Scenario, outcome: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``[(issue name, option label)]`` of a package, in issue order."""
    return [
        (i.name, _label(scenario, i.id, outcome[i.id])) for i in scenario.issues if i.id in outcome
    ]


_ENV.globals["outcome_labels"] = outcome_labels
