"""accord's own scenario format: documents <-> :class:`accord.model.Scenario`.

:func:`scenario_from_document` checks everything the schema can't: unknown and duplicate
ids, options that don't exist, numeric grids, weights; every error names the file, the
line and the path. :func:`scenario_to_document` is its inverse (used by the writers).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import json
import math
import warnings
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from accord.errors import AccordWarning, ScenarioError
from accord.io import schema as s
from accord.io.limits import MAX_OPTIONS_PER_ISSUE, inside_folder
from accord.io.quotes import QuoteNotFound, verify_quote
from accord.io.renamed_keys import read_former_keys
from accord.io.yaml_source import Document, PathPart, format_path, pydantic_error, read_text
from accord.model import (
    Clause,
    Condition,
    Constraint,
    Deadline,
    Evidence,
    EvidenceKind,
    Issue,
    IssueKind,
    LinearValue,
    Metadata,
    Op,
    OptionValue,
    Origin,
    Party,
    PeakedValue,
    PiecewiseLinearValue,
    Position,
    Preference,
    RedLine,
    Representative,
    Role,
    Scenario,
    Session,
    Source,
    TableValue,
    ValueFunction,
)
from accord.model.calendar import Calendar, parse_date
from accord.model.ratification import (
    Bloc,
    BlocVoteModel,
    ElectorateModel,
    RatificationStage,
    ThresholdModel,
)
from accord.model.track import Track
from accord.tolerance import EXACT, WRITTEN


class _Builder:
    def __init__(self, doc: Document, d: s.ScenarioDoc, base_dir: Path | None = None) -> None:
        self.doc = doc
        self.d = d
        self.base_dir = base_dir
        self.issues: dict[str, Issue] = {}
        self.sources = {src.id for src in d.sources}
        self.source_urls = {src.id: src.url or src.file for src in d.sources}
        self.source_texts: dict[str, tuple[str, str]] = {}  # id -> (file name, text)

    def read_source_files(self) -> None:
        """Read each source's ``file`` (relative to the document's folder), so quotes can
        be checked against it. A file that is not there (a document with no folder, such
        as an upload, or a copy made without its sources) cannot be checked: say so."""
        unread: list[str] = []
        for k, src in enumerate(self.d.sources):
            if not src.file:
                continue
            if self.base_dir is None:
                unread.append(f"{src.id} (the document has no folder to find {src.file} in)")
                continue
            try:
                path = inside_folder(self.base_dir, src.file)
            except ValueError as exc:
                raise self.fail(str(exc), ["sources", k, "file"]) from None
            if not path.is_file():
                unread.append(f"{src.id} ({src.file} is not beside the scenario)")
                continue
            try:
                text = read_text(path)
            except ScenarioError as exc:
                raise self.fail(
                    f"cannot read source file {str(path)!r}: {exc.message}", ["sources", k, "file"]
                ) from None
            self.source_texts[src.id] = (src.file, text)
        if unread:
            warnings.warn(
                f"{self.doc.file or 'scenario'}: the quotes citing source "
                f"{'; '.join(unread)} are not checked (`accord copy` copies source files "
                "beside the scenario)",
                AccordWarning,
                stacklevel=3,
            )

    def fail(self, message: str, loc: Sequence[PathPart]) -> ScenarioError:
        return self.doc.error(message, loc)

    def unique(self, ids: list[str], what: str, loc: Sequence[PathPart], key: str = "id") -> None:
        seen: dict[str, int] = {}
        for i, x in enumerate(ids):
            if x in seen:
                raise self.fail(
                    f"duplicate {what} id {x!r} (also at {format_path([*loc, seen[x]])})",
                    [*loc, i, key],
                )
            seen[x] = i

    # -- evidence -------------------------------------------------------------------------
    def evidence(self, e: s.EvidenceDoc, loc: Sequence[PathPart]) -> Evidence:
        if e.source is not None and e.source not in self.sources:
            known = ", ".join(sorted(self.sources)) or "none are declared"
            raise self.fail(f"unknown source {e.source!r}; sources are: {known}", [*loc, "source"])
        if e.source is not None and e.quote is not None and e.source in self.source_texts:
            name, text = self.source_texts[e.source]
            try:
                verify_quote(e.quote, text, where=f"source {e.source!r} ({name})")
            except QuoteNotFound as exc:
                raise self.fail(str(exc), [*loc, "quote"]) from None
        if e.source is not None and e.quote is None and not self.source_urls.get(e.source):
            raise self.fail(
                f"a reported fact without a quote needs its source's address: give source "
                f"{e.source!r} a url",
                [*loc, "source"],
            )
        return Evidence(
            source=e.source,
            quote=e.quote,
            assumption=e.assumption,
            note=e.note,
            kind=None if e.kind is None else EvidenceKind(e.kind),
            reasoning=e.reasoning,
            reliability=e.reliability,
            credibility=e.credibility,
            date=e.date,
        )

    def evidences(
        self, e: s.EvidenceDoc | list[s.EvidenceDoc] | None, loc: Sequence[PathPart]
    ) -> tuple[Evidence, ...]:
        if e is None:
            return ()
        if isinstance(e, s.EvidenceDoc):
            return (self.evidence(e, loc),)
        return tuple(self.evidence(x, [*loc, k]) for k, x in enumerate(e))

    def first_and_more(
        self, e: s.EvidenceDoc | list[s.EvidenceDoc], loc: Sequence[PathPart]
    ) -> tuple[Evidence, tuple[Evidence, ...]]:
        """One piece of evidence or a list: the first, and the later ones restating it."""
        if isinstance(e, s.EvidenceDoc):
            return self.evidence(e, loc), ()
        if not e:
            raise self.fail("an empty evidence list; give at least one", loc)
        every = self.evidences(e, loc)
        return every[0], every[1:]

    # -- issues ---------------------------------------------------------------------------
    def issue(self, i: s.IssueDoc, loc: list[PathPart]) -> Issue:
        kind = IssueKind(i.kind)
        labels: list[str] = []
        options: list[OptionValue] = []
        lo = hi = step = None
        if i.options is not None:
            for o in i.options:
                if isinstance(o, s.OptionDoc):
                    options.append(o.value)
                    labels.append(o.label or str(o.value))
                else:
                    options.append(o)
                    labels.append(str(o))
            if kind is IssueKind.NUMERIC and any(isinstance(v, str | bool) for v in options):
                raise self.fail("a numeric issue's options must be numbers", [*loc, "options"])
        if kind is IssueKind.NUMERIC and i.options is None:
            if i.min is None or i.max is None or i.step is None:
                raise self.fail(
                    "a numeric issue needs min, max and step (or a list of options)", loc
                )
            lo, hi, step = i.min, i.max, i.step
            if lo >= hi:
                raise self.fail(f"min ({lo:g}) must be below max ({hi:g})", [*loc, "min"])
            if step <= 0:
                raise self.fail(f"step must be positive (got {step:g})", [*loc, "step"])
            count = (hi - lo) / step
            if not math.isfinite(count) or count >= MAX_OPTIONS_PER_ISSUE:
                shown = f"{count + 1:,.0f}" if math.isfinite(count) else "too many"
                raise self.fail(
                    f"the grid {lo:g}..{hi:g} by {step:g} has {shown} options, over the "
                    f"limit of {MAX_OPTIONS_PER_ISSUE:,}; use a coarser step",
                    [*loc, "step"],
                )
            if abs(count - round(count)) > WRITTEN * max(1.0, count):
                raise self.fail(
                    f"step {step:g} does not divide the range {lo:g}..{hi:g} "
                    f"({count:g} steps); choose a step that does",
                    [*loc, "step"],
                )
            n = round(count) + 1
            if n > MAX_OPTIONS_PER_ISSUE:
                raise self.fail(
                    f"the grid has {n:,} options, over the limit of {MAX_OPTIONS_PER_ISSUE:,}; "
                    "use a coarser step",
                    [*loc, "step"],
                )
            grid = [lo + k * step for k in range(n)]
            integral = all(float(x).is_integer() for x in (lo, hi, step))
            options = [round(x) if integral else round(x, 12) for x in grid]
            labels = []
        elif kind is not IssueKind.NUMERIC and (i.min is not None or i.max is not None):
            raise self.fail(f"min/max apply to numeric issues only, not {kind}", [*loc, "min"])
        if not options:
            raise self.fail("the issue has no options; list at least one", [*loc, "options"])
        seen: dict[str, int] = {}
        for k, o in enumerate(options):
            key = repr(float(o)) if isinstance(o, int | float) else str(o)
            if key in seen:
                raise self.fail(
                    f"option {o!r} is listed twice (positions {seen[key]} and {k})",
                    [*loc, "options", k],
                )
            seen[key] = k
        issue = Issue(
            id=i.id,
            name=i.name or i.id,
            kind=kind,
            options=tuple(options),
            description=i.description,
            minimum=lo if lo is not None else None,
            maximum=hi if hi is not None else None,
            step=step,
            unit=i.unit,
            status_quo=None,
            option_labels=tuple(labels)
            if labels and any(lab != str(o) for lab, o in zip(labels, options, strict=True))
            else (),
            aliases=self.aliases(i.aliases, [*loc, "aliases"]),
        )
        if i.status_quo is not None:
            sq = self.option(issue, i.status_quo, [*loc, "status_quo"])
            issue = Issue(
                id=issue.id, name=issue.name, kind=issue.kind, options=issue.options,
                description=issue.description, minimum=issue.minimum, maximum=issue.maximum,
                step=issue.step, unit=issue.unit, status_quo=sq, option_labels=issue.option_labels,
                aliases=issue.aliases,
            )  # fmt: skip
        return issue

    def aliases(self, names: list[str], loc: Sequence[PathPart]) -> tuple[str, ...]:
        """Aliases stripped, none empty, none repeated (case-insensitively)."""
        seen: dict[str, int] = {}
        out = []
        for k, name in enumerate(names):
            clean = " ".join(name.split())
            if not clean:
                raise self.fail("an alias is empty; remove it or give a name", [*loc, k])
            key = clean.casefold()
            if key in seen:
                raise self.fail(
                    f"alias {clean!r} is listed twice (positions {seen[key]} and {k})", [*loc, k]
                )
            seen[key] = k
            out.append(clean)
        return tuple(out)

    def option(self, issue: Issue, value: object, loc: Sequence[PathPart]) -> OptionValue:
        """The option of ``issue`` that ``value`` names (exact match, or by number)."""
        for o in issue.options:
            if o == value and type(o) is type(value):
                return o
        for o in issue.options:
            if str(o) == str(value):
                return o
            if (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and isinstance(o, int | float)
                and math.isclose(float(o), float(value), rel_tol=WRITTEN, abs_tol=EXACT)
            ):
                return o
        opts = ", ".join(str(o) for o in issue.options[:20])
        more = "" if issue.size <= 20 else f", ... ({issue.size} in all)"
        raise self.fail(
            f"unknown option {value!r} for issue {issue.id!r}; options are: {opts}{more}", loc
        )

    def issue_ref(self, issue_id: str, loc: Sequence[PathPart]) -> Issue:
        if issue_id not in self.issues:
            raise self.fail(
                f"unknown issue {issue_id!r}; issues are: {', '.join(self.issues)}", loc
            )
        return self.issues[issue_id]

    # -- conditions -----------------------------------------------------------------------
    def clause(self, c: s.ClauseDoc, loc: list[PathPart]) -> Clause:
        return self._clause(c.issue, c.op, c.value, loc)

    def _clause(self, issue_id: str, op: str, value: object, loc: list[PathPart]) -> Clause:
        issue = self.issue_ref(issue_id, [*loc, "issue"])
        o = Op(op)
        if o in (Op.IN, Op.NOT_IN):
            if not isinstance(value, list) or not value:
                raise self.fail(f"'{op}' takes a non-empty list of options", [*loc, "value"])
            vals = tuple(self.option(issue, v, [*loc, "value", k]) for k, v in enumerate(value))
        else:
            if isinstance(value, list):
                raise self.fail(
                    f"'{op}' takes one option, not a list (use 'in' for several)",
                    [*loc, "value"],
                )
            if o in (Op.LE, Op.GE) and issue.kind is IssueKind.CATEGORICAL:
                raise self.fail(
                    f"'{op}' needs an ordered issue; {issue.id!r} is categorical",
                    [*loc, "op"],
                )
            if o in (Op.LE, Op.GE) and issue.kind is IssueKind.NUMERIC:
                if isinstance(value, str | bool):
                    raise self.fail(
                        f"'{op}' on numeric issue {issue.id!r} takes a number", [*loc, "value"]
                    )
                vals = (value,)  # type: ignore[assignment]
            else:
                vals = (self.option(issue, value, [*loc, "value"]),)
        return Clause(issue.id, o, vals)

    def condition(self, c: s.ConditionDoc, loc: list[PathPart]) -> Condition:
        if c.requires is not None:
            return Condition(
                must=self.clause(c.requires.then, [*loc, "requires", "then"]),
                when=self.clause(c.requires.if_, [*loc, "requires", "if"]),
            )
        assert c.issue is not None and c.op is not None and c.value is not None
        return Condition(must=self._clause(c.issue, c.op, c.value, loc))

    # -- preferences ----------------------------------------------------------------------
    def value_function(
        self, issue: Issue, v: s.ValueDoc | dict[str, float], loc: list[PathPart]
    ) -> ValueFunction:
        self._check_values(v, loc)
        table = v if isinstance(v, dict) else v.table
        if table is not None:
            values: dict[int, float] = {}
            for key, val in table.items():
                opt = self.option(issue, _parse_key(key, issue), [*loc, key])
                values[issue.index(opt)] = float(val)
            missing = [str(issue.options[k]) for k in range(issue.size) if k not in values]
            if missing:
                raise self.fail(
                    f"the value table of issue {issue.id!r} has no value for option(s): "
                    f"{', '.join(missing)}",
                    loc,
                )
            return TableValue(tuple(values[k] for k in range(issue.size)))
        assert isinstance(v, s.ValueDoc)
        if issue.kind is not IssueKind.NUMERIC:
            raise self.fail(
                f"linear, peaked and piecewise values need a numeric issue; {issue.id!r} is "
                f"{issue.kind}: give a table of option values",
                loc,
            )
        if v.linear is not None:
            return LinearValue(v.linear.at_min, v.linear.at_max)
        if v.peaked is not None:
            return PeakedValue(v.peaked.ideal, v.peaked.at_min, v.peaked.at_max, v.peaked.at_ideal)
        assert v.piecewise is not None
        pts = tuple((float(x), float(y)) for x, y in v.piecewise)
        if len(pts) < 2 or any(b[0] <= a[0] for a, b in itertools.pairwise(pts)):
            raise self.fail(
                "piecewise needs two or more [x, value] points with increasing x",
                [*loc, "piecewise"],
            )
        return PiecewiseLinearValue(pts)

    def _check_values(self, v: s.ValueDoc | dict[str, float], loc: list[PathPart]) -> None:
        """Refuse a value beyond :data:`~accord.io.schema.MAX_VALUE` in magnitude: sums and
        Nash products of such utilities overflow to infinity and NaN."""
        found: list[tuple[float, list[PathPart]]] = []
        if isinstance(v, dict):
            found = [(float(x), [*loc, k]) for k, x in v.items()]
        else:
            if v.table is not None:
                found += [(float(x), [*loc, "table", k]) for k, x in v.table.items()]
            for name in ("linear", "peaked"):
                fn = getattr(v, name)
                if fn is not None:
                    found += [
                        (float(getattr(fn, f)), [*loc, name, f])
                        for f in ("at_min", "at_max", "at_ideal")
                        if hasattr(fn, f)
                    ]
            for k, (_, y) in enumerate(v.piecewise or ()):
                found.append((float(y), [*loc, "piecewise", k, 1]))
        for x, where in found:
            if abs(x) > s.MAX_VALUE:
                raise self.fail(
                    f"the value {x:g} is beyond ±{s.MAX_VALUE:g}, the limit on values (written "
                    "0..1 by custom): sums and products of larger ones overflow",
                    where,
                )

    def preference(self, p: s.PreferencesDoc, loc: list[PathPart], party: str) -> Preference:
        for k in p.weights:
            self.issue_ref(k, [*loc, "weights", k])
        total = sum(p.weights.values())
        if total <= 0:
            raise self.fail(
                "all weights are zero; give at least one issue a positive weight",
                [*loc, "weights"],
            )
        weights = dict(p.weights)
        if abs(total - 1.0) > WRITTEN:
            warnings.warn(
                f"{self.doc.file or 'scenario'}: {format_path([*loc, 'weights'])}: weights of "
                f"{party!r} sum to {total:g}, not 1; normalized",
                AccordWarning,
                stacklevel=2,
            )
            weights = {k: w / total for k, w in weights.items()}
        values: dict[str, ValueFunction] = {}
        for issue_id, v in p.values.items():
            issue = self.issue_ref(issue_id, [*loc, "values", issue_id])
            values[issue_id] = self.value_function(issue, v, [*loc, "values", issue_id])
        for issue_id, w in weights.items():
            if w > 0 and issue_id not in values:
                raise self.fail(
                    f"issue {issue_id!r} has a weight but no value function", [*loc, "values"]
                )
        evidence = self.evidence(p.evidence, [*loc, "evidence"])
        return Preference(weights=weights, values=values, evidence=evidence)

    # -- whole scenario -------------------------------------------------------------------
    def build(self) -> Scenario:
        d = self.d
        self.unique([x.id for x in d.sources], "source", ["sources"])
        self.unique([x.id for x in d.issues], "issue", ["issues"])
        self.unique([x.id for x in d.parties], "party", ["parties"])
        self.unique([x.id for x in d.constraints], "constraint", ["constraints"])
        self.read_source_files()
        for k, i in enumerate(d.issues):
            self.issues[i.id] = self.issue(i, ["issues", k])
        parties = []
        for k, p in enumerate(d.parties):
            loc: list[PathPart] = ["parties", k]
            self.unique([r.id for r in p.red_lines], "red line", [*loc, "red_lines"])
            pref = self.preference(p.preferences, [*loc, "preferences"], p.id)
            red_lines = []
            for j, r in enumerate(p.red_lines):
                first, more = self.first_and_more(r.evidence, [*loc, "red_lines", j, "evidence"])
                red_lines.append(
                    RedLine(
                        id=r.id,
                        party=p.id,
                        statement=r.statement,
                        condition=self.condition(r, [*loc, "red_lines", j]),
                        evidence=first,
                        corroboration=more,
                    )
                )
            positions = []
            for j, pos in enumerate(p.positions):
                ploc: list[PathPart] = [*loc, "positions", j]
                issue = self.issue_ref(pos.issue, [*ploc, "issue"])
                opt = (
                    None
                    if pos.option is None
                    else self.option(issue, pos.option, [*ploc, "option"])
                )
                first, more = self.first_and_more(pos.evidence, [*ploc, "evidence"])
                positions.append(
                    Position(
                        issue.id,
                        pos.statement,
                        opt,
                        first,
                        stance=pos.stance,
                        corroboration=more,
                    )
                )
            role = Role(p.role)
            parties.append(
                Party(
                    id=p.id,
                    name=p.name or p.id,
                    role=role,
                    representatives=tuple(
                        Representative(r.name, r.title) for r in p.representatives
                    ),
                    capability=p.capability,
                    reservation_value=p.reservation_value,
                    preference=pref,
                    red_lines=tuple(red_lines),
                    positions=tuple(positions),
                    bargaining=(role is Role.PARTY) if p.bargaining is None else p.bargaining,
                    reservation_evidence=self.evidence(
                        p.reservation_evidence, [*loc, "reservation_evidence"]
                    ),
                    discount_factor=p.discount_factor,
                    strategy=p.strategy,
                    aliases=self.aliases(p.aliases, [*loc, "aliases"]),
                )
            )
        constraints = tuple(
            Constraint(
                c.id,
                c.statement,
                self.condition(c, ["constraints", j]),
                self.evidence(c.evidence, ["constraints", j, "evidence"]),
            )
            for j, c in enumerate(d.constraints)
        )
        md = d.metadata
        self.check_plain_dates()
        forecast = None
        if d.forecast is not None:
            from accord.io.forecast_section import parse_forecast

            forecast = parse_forecast(self.doc, d.forecast)
        deadline = self.deadline()
        calendar = None
        sessions = tuple(Session(x.date, x.duration_hours, x.exchanges, x.note) for x in d.sessions)
        if d.calendar is not None:
            from accord.io.calendar import build_calendar, replayed_sessions

            if d.sessions:
                raise self.fail(
                    "give the sessions inside the calendar (calendar.past[i].sessions), not "
                    "at the top level as well: a scenario with a calendar takes its sessions "
                    "from it",
                    ["sessions"],
                )
            calendar = build_calendar(self, d.calendar, deadline)
            sessions = replayed_sessions(calendar)
            from accord.io.calendar import check_evidence_dates

            check_evidence_dates(self, calendar.as_of)
        else:
            self.check_rounds_agree(deadline)
        tracks = self.tracks(calendar)
        ratification = self.ratification([p.id for p in parties])
        return Scenario(
            metadata=Metadata(md.id, md.title, md.start_date, md.end_date, md.venue, md.summary),
            parties=tuple(parties),
            issues=tuple(self.issues.values()),
            sources=tuple(
                Source(x.id, x.title, x.author, x.publisher, x.date, x.url, x.file)
                for x in d.sources
            ),
            constraints=constraints,
            deadline=deadline,
            sessions=sessions,
            protocol=d.protocol,
            calendar=calendar,
            forecast=forecast,
            tracks=tracks,
            ratification=ratification,
            origin=Origin(format="accord", file=self.doc.file, folder=self.base_dir),
        )

    def tracks(self, calendar: Calendar | None) -> tuple[Track, ...]:
        """The negotiation tracks, checked: unique ids, known issues each in one track at
        most, links to other tracks, working groups naming calendar rounds."""
        out: list[Track] = []
        seen: dict[str, int] = {}
        owner: dict[str, str] = {}
        ids = [t.id for t in self.d.tracks]
        rounds = (
            {r.id for r in calendar.past} | {f.id for f in calendar.future}
            if calendar is not None
            else set()
        )
        for k, t in enumerate(self.d.tracks):
            loc: list[PathPart] = ["tracks", k]
            if t.id in seen:
                raise self.fail(
                    f"duplicate track id {t.id!r} (also tracks[{seen[t.id]}])", [*loc, "id"]
                )
            seen[t.id] = k
            for j, issue in enumerate(t.issues):
                self.issue_ref(issue, [*loc, "issues", j])
                if issue in owner:
                    raise self.fail(
                        f"issue {issue!r} is already in track {owner[issue]!r}: an issue "
                        "belongs to one track at most",
                        [*loc, "issues", j],
                    )
                owner[issue] = t.id
            for j, other in enumerate(t.linked_with):
                if other not in ids or other == t.id:
                    raise self.fail(
                        f"linked_with names no other track: {other!r}; tracks are: "
                        f"{', '.join(ids)}",
                        [*loc, "linked_with", j],
                    )
            for j, rid in enumerate(t.working_groups):
                if rid not in rounds:
                    raise self.fail(
                        f"working group in unknown calendar round {rid!r}; "
                        + (
                            f"rounds are: {', '.join(sorted(rounds))}"
                            if rounds
                            else "the scenario has no calendar: give one, or drop working_groups"
                        ),
                        [*loc, "working_groups", j],
                    )
            out.append(
                Track(
                    t.id,
                    t.name,
                    tuple(t.issues),
                    t.separable,
                    tuple(t.linked_with),
                    tuple(t.working_groups),
                    t.note,
                    self.evidences(t.evidence, [*loc, "evidence"]),
                )
            )
        return tuple(out)

    def ratification(self, party_ids: list[str]) -> tuple[RatificationStage, ...]:
        """The ratification stages, checked: unique ids, a known party, known issues, the
        fields of their acceptance model and no others (docs/two-level.md)."""
        out: list[RatificationStage] = []
        self.unique([r.id for r in self.d.ratification], "ratification stage", ["ratification"])
        order: dict[str, int] = {}
        for k, r in enumerate(self.d.ratification):
            loc: list[PathPart] = ["ratification", k]
            if r.party not in party_ids:
                raise self.fail(
                    f"unknown party {r.party!r}; parties are: {', '.join(party_ids)}",
                    [*loc, "party"],
                )
            for j, issue in enumerate(r.issues):
                self.issue_ref(issue, [*loc, "issues", j])
            if len(set(r.issues)) != len(r.issues):
                raise self.fail("an issue is listed twice; list each once", [*loc, "issues"])
            ruled = set(r.issues) or set(self.issues)
            given = {
                "threshold": r.threshold is not None,
                "preferences": r.preferences is not None,
                "blocs": bool(r.blocs),
                "majority": r.majority is not None,
                "electorate": r.electorate is not None,
            }
            needs = {
                "threshold": ("threshold", "preferences"),
                "bloc-vote": ("blocs",),
                "electorate": ("electorate",),
            }[r.kind]
            allowed = set(needs) | ({"majority"} if r.kind == "bloc-vote" else set())
            for key in needs:
                if not given[key]:
                    raise self.fail(f"a stage of kind {r.kind} needs {key!r}; give it", loc)
            for key, present in given.items():
                if present and key not in allowed:
                    raise self.fail(
                        f"{key!r} has no meaning for a stage of kind {r.kind}; drop it (it "
                        f"takes {', '.join(sorted(allowed))})",
                        [*loc, key],
                    )
            model: ThresholdModel | BlocVoteModel | ElectorateModel
            if r.kind == "threshold":
                assert r.preferences is not None and r.threshold is not None
                pref = self.stage_preference(r.preferences, [*loc, "preferences"], r.id, ruled)
                model = ThresholdModel(pref, r.threshold)
            elif r.kind == "bloc-vote":
                self.unique([b.id for b in r.blocs], "bloc", [*loc, "blocs"])
                blocs = tuple(
                    Bloc(
                        b.id,
                        b.name or b.id,
                        b.weight,
                        self.stage_preference(
                            b.preferences, [*loc, "blocs", j, "preferences"], b.id, ruled
                        ),
                        b.threshold,
                    )
                    for j, b in enumerate(r.blocs)
                )
                model = BlocVoteModel(blocs, 0.5 if r.majority is None else r.majority)
            else:
                e = r.electorate
                assert e is not None
                support: dict[str, dict[str, float]] = {}
                for iid, shifts in e.support.items():
                    where: list[PathPart] = [*loc, "electorate", "support", iid]
                    ruled_issue = self.issue_ref(iid, where)
                    if iid not in ruled:
                        raise self.fail(
                            f"the stage does not rule on issue {iid!r}; add it to the stage's "
                            "issues or drop its support",
                            where,
                        )
                    labels = [str(o) for o in ruled_issue.options]
                    for opt, x in shifts.items():
                        if str(opt) not in labels:
                            raise self.fail(
                                f"issue {iid!r} has no option {opt!r}; valid: {', '.join(labels)}",
                                [*where, str(opt)],
                            )
                        if abs(x) > 1:
                            raise self.fail(
                                f"a shift of support of {x:g} is beyond the vote share's range; "
                                "give a shift between -1 and 1",
                                [*where, str(opt)],
                            )
                    support[iid] = {str(o): float(x) for o, x in shifts.items()}
                model = ElectorateModel(
                    base=e.base,
                    sd=e.sd,
                    support=support,
                    turnout=e.turnout,
                    turnout_sd=e.turnout_sd,
                    quorum=e.quorum,
                    majority=e.majority,
                )
            first, more = self.first_and_more(r.evidence, [*loc, "evidence"])
            n = order.get(r.party, 0)
            order[r.party] = n + 1
            out.append(
                RatificationStage(
                    id=r.id,
                    name=r.name,
                    party=r.party,
                    order=n,
                    model=model,
                    issues=tuple(r.issues),
                    duration_days=r.duration_days,
                    note=r.note,
                    evidence=(first, *more),
                )
            )
        return tuple(out)

    def stage_preference(
        self, p: s.PreferencesDoc, loc: list[PathPart], who: str, ruled: set[str]
    ) -> Preference:
        """A stage's (or bloc's) utility, read like a party's; it may weigh only the
        issues the stage rules on."""
        for k, w in p.weights.items():
            if w > 0 and k in self.issues and k not in ruled:
                raise self.fail(
                    f"{who!r} weighs issue {k!r}, which its stage does not rule on; add the "
                    "issue to the stage's issues or drop its weight",
                    [*loc, "weights", k],
                )
        return self.preference(p, loc, who)

    def check_plain_dates(self) -> None:
        """Dates outside the calendar (metadata, sources, sessions, evidence) are real days:
        ``2026-02-30`` is refused wherever it is written, and the metadata's end comes last."""
        d = self.d
        md = d.metadata
        start = (
            None if md.start_date is None else self.date(md.start_date, ["metadata", "start_date"])
        )
        end = None if md.end_date is None else self.date(md.end_date, ["metadata", "end_date"])
        if start is not None and end is not None and end < start:
            raise self.fail(
                f"end_date {end} comes before start_date {start}", ["metadata", "end_date"]
            )
        for j, src in enumerate(d.sources):
            if src.date is not None:
                self.date(src.date, ["sources", j, "date"])
        for j, sess in enumerate(d.sessions):
            self.date(sess.date, ["sessions", j, "date"])
        from accord.io.calendar import evidence_docs

        for loc, e in evidence_docs(d):
            if e.date is not None:
                self.date(e.date, [*loc, "date"])

    def date(self, value: object, loc: Sequence[PathPart]) -> _dt.date:
        try:
            return parse_date(value)
        except ValueError:
            raise self.fail(
                f"not a valid date: {value!r}; write dates as YYYY-MM-DD (e.g. 2026-02-18)", loc
            ) from None

    def deadline(self) -> Deadline | None:
        dl = self.d.deadline
        if dl is None:
            return None
        ids = [p.id for p in self.d.parties]
        if dl.set_by is not None and dl.set_by not in ids:
            raise self.fail(
                f"set_by names no party: {dl.set_by!r}; parties are {', '.join(ids)}",
                ["deadline", "set_by"],
            )
        day = None if dl.date is None else self.date(dl.date, ["deadline", "date"])
        if dl.interpreted and not dl.as_stated:
            raise self.fail(
                "an interpreted deadline keeps the words it interprets: give as_stated "
                "(e.g. as_stated: June)",
                ["deadline", "interpreted"],
            )
        if dl.interpreted and day is None:
            raise self.fail(
                "interpreted: true says the date reads the stated words; give the date",
                ["deadline", "interpreted"],
            )
        first, more = (
            (None, ())
            if dl.evidence is None
            else self.first_and_more(dl.evidence, ["deadline", "evidence"])
        )
        return Deadline(
            rounds=dl.exchanges,
            date=None if day is None else day.isoformat(),
            set_by=dl.set_by,
            note=dl.note,
            as_stated=dl.as_stated,
            interpreted=dl.interpreted,
            evidence=first,
            corroboration=more,
        )

    def check_rounds_agree(self, deadline: Deadline | None) -> None:
        """``deadline.exchanges`` and the sessions' exchange budgets may not disagree."""
        sessions = self.d.sessions
        if deadline is None or deadline.rounds is None or not sessions:
            return
        if all(x.exchanges for x in sessions):
            total = sum(int(x.exchanges or 0) for x in sessions)
            if total != deadline.rounds:
                budgets = " + ".join(str(x.exchanges) for x in sessions)
                raise self.fail(
                    f"deadline.exchanges ({deadline.rounds}) disagrees with the sessions' "
                    f"exchange budgets (sessions[*].exchanges: {budgets} = {total}); give one "
                    "of the two, or make them agree",
                    ["deadline", "exchanges"],
                )


def _parse_key(key: str, issue: Issue) -> object:
    if issue.kind is IssueKind.NUMERIC:
        try:
            return float(key)
        except ValueError:
            return key
    return key


def _refuse_non_finite(doc: Document) -> None:
    """``.nan`` and ``.inf`` are not numbers a scenario may hold: say so where they are
    (the schema's own message would blame whatever alternative it tried last)."""
    stack: list[tuple[Any, list[PathPart]]] = [(doc.data, [])]
    while stack:
        x, loc = stack.pop()
        if isinstance(x, float) and not math.isfinite(x):
            raise doc.error(f"{x!r} is not a number accord accepts; write a finite number", loc)
        if isinstance(x, dict):
            stack.extend((v, [*loc, str(k)]) for k, v in x.items())
        elif isinstance(x, list):
            stack.extend((v, [*loc, i]) for i, v in enumerate(x))


def scenario_from_document(doc: Document, base_dir: Path | None = None) -> Scenario:
    """Validate a parsed document and build the scenario.

    ``base_dir`` is the folder the document's source files are in (the folder of the
    file it was read from); every quote citing a source with a file is checked against
    that file (:mod:`accord.io.quotes`)."""
    if not isinstance(doc.data, dict):
        raise ScenarioError(
            "a scenario document is a mapping with metadata, issues and parties",
            file=doc.file,
            line=1,
        )
    _refuse_non_finite(doc)
    doc = read_former_keys(doc)
    try:
        d = s.ScenarioDoc.model_validate(doc.data)
    except ValidationError as exc:
        raise pydantic_error(doc, exc) from None
    sc = _Builder(doc, d, base_dir).build()
    _check_loaded(sc, doc)
    if d.uncertainty is not None:
        from accord.io.uncertainty import parse_uncertainty

        u = parse_uncertainty(sc, d.uncertainty, file=doc.file, line_of=doc.line)
        sc = replace(sc, uncertainty=u)
    return sc


def _check_loaded(sc: Scenario, doc: Document) -> None:
    """Checks on the whole scenario, run at load for every command: an issue no party
    values (a warning: it multiplies the packages and the partial agreements without
    changing anyone's utility). The ``uncertainty`` section is parsed, and checked
    against the scenario, right after."""
    unvalued = [
        (k, issue.id)
        for k, issue in enumerate(sc.issues)
        if not any(p.preference.weights.get(issue.id, 0.0) > 0 for p in sc.parties)
    ]
    why = (
        "(no positive weight); it multiplies the packages and the partial agreements "
        "without changing any party's utility"
    )
    where = doc.file or "scenario"
    if len(unvalued) <= 3:
        for k, issue_id in unvalued:
            warnings.warn(
                f"{where}: {format_path(['issues', k])}: no party values issue {issue_id!r} {why}",
                AccordWarning,
                stacklevel=3,
            )
    else:  # one warning, not one per issue (a generated file may have thousands)
        named = ", ".join(f"{i!r} (issues[{k}])" for k, i in unvalued[:3])
        warnings.warn(
            f"{where}: no party values {len(unvalued):,} issues: {named} and "
            f"{len(unvalued) - 3:,} more {why}",
            AccordWarning,
            stacklevel=3,
        )


# -- writing --------------------------------------------------------------------------------
def scenario_to_document(sc: Scenario) -> dict[str, Any]:
    """The document of ``sc`` in accord's format (inverse of :func:`scenario_from_document`),
    written through the same pydantic models that read it
    (:func:`accord.io.document.scenario_document`).

    Non-additive (hyper-rectangle) preferences, offsets and scales have no place in the
    format yet and are refused rather than dropped.
    """
    from accord.io.document import scenario_document

    return scenario_document(sc)


def dump_scenario(sc: Scenario, out: Path, fmt: str) -> None:
    """Write ``sc`` to ``out`` as ``fmt`` ``"yaml"`` or ``"json"``."""
    doc = scenario_to_document(sc)
    if fmt == "json":
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "yaml":
        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    else:
        raise ScenarioError(f"unknown format {fmt!r}; formats are: yaml, json")
    from accord.outputs import write_output

    write_output(out, text)
