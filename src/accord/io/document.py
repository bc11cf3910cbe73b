"""Writing a scenario in accord's format through the models that read it.

The reader validates a document through the pydantic models of :mod:`accord.io.schema`
and builds the frozen :class:`accord.model.Scenario`; the writer goes back the same way:
:func:`scenario_document` fills those models from the scenario (:func:`fill`: each field
from the scenario's attribute of the same name, unless given), which validates what is
written, and :func:`to_document` dumps them. A field is declared once, in its model; the
writer names only what the model holds differently (a renamed attribute, a nested part, a
choice between two spellings), and what it writes reads back by construction.

What is left out is what the model's default says (``None``, ``""``, ``[]``, a default
flag), except the fields a model lists in ``written_defaults``: the assumptions an analyst
should see in the file (a party's role, capability and reservation value, and the like).
Keys come in the order the model declares its fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from accord.errors import ScenarioError
from accord.io import schema as s
from accord.io.schema import OMIT, fill, to_document
from accord.model import (
    Clause,
    Condition,
    Constraint,
    Evidence,
    Issue,
    IssueKind,
    LinearValue,
    Op,
    Party,
    PeakedValue,
    Preference,
    RedLine,
    Representative,
    Role,
    Scenario,
    TableValue,
    ValueFunction,
)
from accord.model.calendar import Cadence, Calendar, FutureRound, IntRange, PastRound
from accord.model.ratification import BlocVoteModel, RatificationStage, ThresholdModel

M = TypeVar("M", bound=BaseModel)


# -- the parts ---------------------------------------------------------------------------
def evidence(e: Evidence) -> s.EvidenceDoc:
    """A piece of evidence: an assumption says so (``assumption: true``), anything else
    names its kind; a quote only with its source."""
    return fill(
        s.EvidenceDoc,
        e,
        quote=e.quote if e.source is not None else OMIT,
        kind=OMIT if e.is_assumption else str(e.evidence_kind),
        assumption=e.is_assumption,
        reasoning=e.reasoning or OMIT,
        note=e.note or OMIT,
        reliability=e.reliability or OMIT,
        date=e.date or OMIT,
    )


def evidence_list(items: tuple[Evidence, ...]) -> s.EvidenceDoc | list[s.EvidenceDoc]:
    """One piece of evidence as itself, several as the list (the first, then the later
    reports restating it)."""
    docs = [evidence(e) for e in items]
    return docs[0] if len(docs) == 1 else docs


def _clause(c: Clause) -> s.ClauseDoc:
    value: Any = list(c.values) if c.op in (Op.IN, Op.NOT_IN) else c.values[0]
    return s.ClauseDoc(issue=c.issue, op=c.op.value, value=value)


def _condition_fields(cond: Condition) -> dict[str, Any]:
    if cond.when is None:
        c = _clause(cond.must)
        return {"issue": c.issue, "op": c.op, "value": c.value, "requires": OMIT}
    requires = s.RequiresDoc(if_=_clause(cond.when), then=_clause(cond.must))
    return {"issue": OMIT, "op": OMIT, "value": OMIT, "requires": requires}


def _requirement(model: type[M], r: RedLine | Constraint) -> M:
    """A red line or a constraint: id, statement, the condition, evidence (a red line's
    corroboration after it, as a list)."""
    more = r.corroboration if isinstance(r, RedLine) else ()
    return fill(
        model,
        r,
        **_condition_fields(r.condition),
        evidence=evidence_list((r.evidence, *more))
        if model is s.RedLineDoc
        else evidence(r.evidence),
    )


def _value(issue: Issue, fn: ValueFunction) -> s.ValueDoc:
    if isinstance(fn, TableValue):
        table = {str(o): float(v) for o, v in zip(issue.options, fn.values, strict=True)}
        return s.ValueDoc(table=table)
    if isinstance(fn, LinearValue):
        return s.ValueDoc(linear=fill(s.LinearDoc, fn))
    if isinstance(fn, PeakedValue):
        return s.ValueDoc(peaked=fill(s.PeakedDoc, fn))
    return s.ValueDoc(piecewise=[tuple(p) for p in fn.points])


def preferences(sc: Scenario, pref: Preference) -> s.PreferencesDoc:
    """Weights, value functions by issue, and their evidence."""
    issues = {i.id: i for i in sc.issues}
    return s.PreferencesDoc(
        weights=dict(pref.weights),
        values={k: _value(issues[k], fn) for k, fn in pref.values.items()},
        evidence=evidence(pref.evidence),
    )


def _issue(i: Issue) -> s.IssueDoc:
    grid = i.kind is IssueKind.NUMERIC and i.step is not None and not i.option_labels
    options: list[Any] | None = None
    if not grid:
        options = (
            [
                s.OptionDoc(value=o, label=lab)
                for o, lab in zip(i.options, i.option_labels, strict=True)
            ]
            if i.option_labels
            else list(i.options)
        )
    return fill(
        s.IssueDoc,
        i,
        options=options,
        min=i.minimum if grid else OMIT,
        max=i.maximum if grid else OMIT,
        step=i.step if grid else OMIT,
        unit=i.unit or OMIT,
    )


def _representative(r: Representative) -> s.RepresentativeDoc:
    return fill(s.RepresentativeDoc, r)


def _party(sc: Scenario, p: Party) -> s.PartyDoc:
    pref = p.preference
    if pref.rectangles or pref.offset != 0.0 or pref.scale != 1.0:
        raise ScenarioError(
            f"party {p.id!r} has non-additive or rescaled utilities, which accord's "
            "YAML/JSON format cannot hold yet; write it as GENIUS XML instead"
        )
    return fill(
        s.PartyDoc,
        p,
        # written only where it differs from what the role implies
        bargaining=p.bargaining if p.bargaining != (p.role is Role.PARTY) else OMIT,
        representatives=[_representative(r) for r in p.representatives],
        reservation_evidence=evidence(p.reservation_evidence),
        strategy=p.strategy or OMIT,
        preferences=preferences(sc, pref),
        positions=[
            fill(s.PositionDoc, x, evidence=evidence_list((x.evidence, *x.corroboration)))
            for x in p.positions
        ],
        red_lines=[_requirement(s.RedLineDoc, r) for r in p.red_lines],
    )


def _stage(sc: Scenario, r: RatificationStage) -> s.RatificationDoc:
    """A ratification stage (its ``order`` is its place among its party's stages)."""
    m = r.model
    model: dict[str, Any] = {}
    if isinstance(m, ThresholdModel):
        model = {"threshold": m.threshold, "preferences": preferences(sc, m.preference)}
    elif isinstance(m, BlocVoteModel):
        model = {
            "majority": m.majority,
            "blocs": [
                fill(s.BlocDoc, b, preferences=preferences(sc, b.preference)) for b in m.blocs
            ],
        }
    else:
        model = {
            "electorate": fill(
                s.ElectorateDoc, m, support={k: dict(v) for k, v in m.support.items()}
            )
        }
    return fill(s.RatificationDoc, r, **model, evidence=evidence_list(r.evidence))


# -- the calendar ------------------------------------------------------------------------
def _range(r: IntRange, *, scale: int = 1) -> int | s.RangeDoc:
    if r.low == r.high:
        return r.low // scale
    return s.RangeDoc(low=r.low // scale, high=r.high // scale)


def _past(r: PastRound) -> s.PastRoundDoc:
    return fill(
        s.PastRoundDoc,
        r,
        end=OMIT if r.end == r.start else r.end.isoformat(),
        delegations=[
            fill(
                s.DelegationDoc,
                d,
                head=None if d.head is None else _representative(d.head),
                members=[_representative(x) for x in d.members],
                evidence=evidence_list(d.evidence) if d.evidence else OMIT,
            )
            for d in r.delegations
        ],
        sessions=[fill(s.CalendarSessionDoc, x, exchanges=x.rounds) for x in r.sessions],
        agreed=[fill(s.AgreedDoc, a, evidence=evidence_list(a.evidence)) for a in r.agreements],
        evidence=evidence_list(r.evidence),
    )


def _future(f: FutureRound) -> s.FutureRoundDoc:
    window = None
    if f.date is None:
        window = s.WindowDoc(
            earliest=f.first_possible.isoformat(), latest=f.last_possible.isoformat()
        )
    return fill(
        s.FutureRoundDoc,
        f,
        window=window,
        exchanges_per_session=_range(f.rounds_per_session),
        evidence=evidence_list(f.evidence),
    )


def _cadence(c: Cadence) -> s.CadenceDoc:
    weekly = c.every_days.low % 7 == 0 and c.every_days.high % 7 == 0
    return fill(
        s.CadenceDoc,
        c,
        every_weeks=_range(c.every_days, scale=7) if weekly else OMIT,
        every_days=OMIT if weekly else _range(c.every_days),
        exchanges_per_session=_range(c.rounds_per_session),
        evidence=evidence_list(c.evidence),
    )


def calendar(cal: Calendar) -> s.CalendarDoc:
    """The ``calendar`` section (inverse of :func:`accord.io.calendar.build_calendar`)."""
    return fill(
        s.CalendarDoc,
        cal,
        past=[_past(r) for r in cal.past],
        future=[_future(f) for f in cal.future],
        expected=None if cal.cadence is None else _cadence(cal.cadence),
    )


# -- the scenario --------------------------------------------------------------------------
T = TypeVar("T")


class _Unwritable(Exception):
    """A part of the scenario the format cannot hold, and where it is."""

    def __init__(self, where: str, exc: ValidationError) -> None:
        first = exc.errors()[0]
        inner = ".".join(str(p) for p in first["loc"])
        super().__init__(f"{where}{'.' + inner if inner else ''}: {first['msg']}")


def _each(where: str, items: Sequence[T], make: Callable[[T], M]) -> list[M]:
    """``make`` of each item, a refusal naming the item (``parties[russia]``)."""
    out = []
    for k, x in enumerate(items):
        try:
            out.append(make(x))
        except ValidationError as exc:
            raise _Unwritable(f"{where}[{getattr(x, 'id', k)}]", exc) from None
    return out


def _one(where: str, make: Callable[[], M]) -> M:
    try:
        return make()
    except ValidationError as exc:
        raise _Unwritable(where, exc) from None


def scenario_model(sc: Scenario) -> s.ScenarioDoc:
    """``sc`` as the format's model, validated as the reader validates a file.

    Non-additive (hyper-rectangle) preferences, offsets and scales have no place in the
    format yet and are refused rather than dropped.
    """
    from accord.io.forecast_section import forecast_to_document
    from accord.io.uncertainty import uncertainty_to_document

    dl, cal = sc.deadline, sc.calendar
    return _one(
        "the scenario",
        lambda: s.ScenarioDoc(
            metadata=_one("metadata", lambda: fill(s.MetadataDoc, sc.metadata)),
            sources=_each("sources", sc.sources, lambda x: fill(s.SourceDoc, x)),
            issues=_each("issues", sc.issues, _issue),
            parties=_each("parties", sc.parties, lambda p: _party(sc, p)),
            constraints=_each(
                "constraints", sc.constraints, lambda c: _requirement(s.ConditionDoc, c)
            ),
            deadline=None
            if dl is None
            else _one(
                "deadline",
                lambda: fill(
                    s.DeadlineDoc,
                    dl,
                    exchanges=dl.rounds,
                    evidence=None
                    if dl.evidence is None
                    else evidence_list((dl.evidence, *dl.corroboration)),
                ),
            ),
            sessions=_each(
                "sessions", sc.sessions, lambda x: fill(s.SessionDoc, x, exchanges=x.rounds)
            )
            if cal is None
            else [],
            calendar=None if cal is None else _one("calendar", lambda: calendar(cal)),
            tracks=_each(
                "tracks",
                sc.tracks,
                lambda t: fill(s.TrackDoc, t, evidence=[evidence(e) for e in t.evidence] or OMIT),
            ),
            ratification=_each("ratification", sc.ratification, lambda r: _stage(sc, r)),
            protocol=sc.protocol or None,
            forecast=None if sc.forecast is None else forecast_to_document(sc.forecast),
            uncertainty=None if sc.uncertainty is None else uncertainty_to_document(sc.uncertainty),
        ),
    )


def scenario_document(sc: Scenario) -> dict[str, Any]:
    """The document of ``sc`` in accord's format: :func:`scenario_model` dumped by
    :func:`to_document`. A value the format cannot hold (one the reader would refuse) is a
    :class:`~accord.errors.ScenarioError` naming the scenario and the path."""
    try:
        model = scenario_model(sc)
    except _Unwritable as exc:
        raise ScenarioError(
            f"scenario {sc.id!r} cannot be written in accord's format: {exc} (the reader "
            "would refuse it); correct the value in the scenario"
        ) from None
    return to_document(model)
