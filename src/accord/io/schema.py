"""The accord scenario format (YAML or JSON, one schema), as pydantic models.

These models check the shape and the types of a document; :mod:`accord.io.native`
checks references between its parts and builds the frozen :class:`accord.model.Scenario`.
The writers fill the same models (:func:`fill`) and dump them (:func:`to_document`), so a
field is declared once and what is written reads back (:mod:`accord.io.document`).
``accord schema`` prints :func:`json_schema`. The format is documented with a complete
example in docs/scenario-format.md.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from accord.errors import ArgumentTypeError, ScenarioError

Scalar = str | int | float
#: A date: ``YYYY-MM-DD`` (YAML may give it unquoted); checked by :mod:`accord.io.native`.
DateStr = Annotated[
    str | date,
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
# strict: true/false are not numbers (YAML would read ``weight: true`` as 1)
#: Most characters in a name, title, id or label: long enough for any delegation or
#: ministry, short enough that tables and plots of them stay fast (a name of megabytes
#: made ``show`` and ``report`` run for minutes).
MAX_NAME_CHARS = 300
Name = Annotated[str, Field(max_length=MAX_NAME_CHARS)]
Number = Annotated[float, Field(allow_inf_nan=False, strict=True)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]
#: Utilities (and reservation values) beyond this size are typing errors, not preferences.
#: Largest magnitude of a value a party's value function gives: sums and products of
#: utilities (Nash products over several parties) stay finite; values are 0..1 by custom.
MAX_VALUE = 1e6
#: A reservation value: the utility of no agreement, on the scale of the values (0 is the
#: least a package gives on the usual 0..1 scale; a negative one would accept anything).
Utility = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False, strict=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    #: Fields the writer (:mod:`accord.io.document`) writes even at their default value:
    #: the assumptions an analyst should see in the file. Others at their default are left out.
    written_defaults: ClassVar[frozenset[str]] = frozenset()


class EvidenceDoc(_Model):
    """What backs a claim: a source id, the quote and its kind, or an assumption.

    ``kind`` is ``stated`` (the party's own words), ``reported`` (a source reports it; the
    default when a source is given), ``inferred`` (the analyst's inference from the quote,
    with its ``reasoning``) or ``assumption`` (no source; same as ``assumption: true``).
    ``reliability`` (A-F) and ``credibility`` (1-6) grade it on the Admiralty scale;
    ``date`` is when the claim was made. A reported fact from a web page may give the fact
    in the analyst's own words (``note``) instead of a quote (the page's wording is not
    copied); its source must then have a ``url``.
    """

    source: str | None = None
    quote: str | None = None
    kind: Literal["stated", "reported", "inferred", "assumption"] | None = None
    reasoning: str | None = None
    assumption: bool = False
    note: str | None = None
    reliability: Literal["A", "B", "C", "D", "E", "F"] | None = None
    credibility: Annotated[int, Field(ge=1, le=6)] | None = None
    date: str | None = None

    @model_validator(mode="after")
    def _one_or_other(self) -> EvidenceDoc:
        assumed = self.assumption or self.kind == "assumption"
        if self.assumption and self.kind not in (None, "assumption"):
            raise ScenarioError(
                f"'assumption: true' contradicts 'kind: {self.kind}'; drop one of them"
            )
        reported_fact = self.kind == "reported" and self.source is not None and bool(self.note)
        if not assumed and not reported_fact and (self.source is None or self.quote is None):
            raise ScenarioError(
                "evidence needs a source id and a quote, or 'assumption: true' with a note "
                "(a reported fact: a source id, 'kind: reported' and the fact in 'note')"
            )
        if self.kind == "inferred" and not (self.reasoning and self.reasoning.strip()):
            raise ScenarioError(
                "inferred evidence needs its 'reasoning': how the quote leads to the claim"
            )
        if self.reasoning is not None and self.kind != "inferred":
            raise ScenarioError("'reasoning' belongs to 'kind: inferred' evidence")
        return self


#: One piece of evidence or several.
EvidenceList = EvidenceDoc | list[EvidenceDoc]


class SourceDoc(_Model):
    """A source the scenario cites: its ``id`` (what evidence names), title, author,
    publisher, date, ``url`` and ``file`` (a text beside the scenario holding it).
    """

    id: Name
    title: Name
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    file: str | None = None


class MetadataDoc(_Model):
    """The scenario's ``metadata``: an ``id`` (letters, digits, ``_``, ``.``, ``-``), a title,
    the talks' dates and venue, a summary.
    """

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: Name
    start_date: str | None = None
    end_date: str | None = None
    venue: str | None = None
    summary: str = ""


class OptionDoc(_Model):
    """An option written with a readable ``label`` beside its ``value``."""

    value: Scalar
    label: Name | None = None


class IssueDoc(_Model):
    """An issue: ``options`` for categorical and ordinal issues (in order for ordinal ones),
    or ``min``, ``max`` and ``step`` for a numeric one; ``status_quo`` is the option that
    holds while the issue stays open; ``aliases`` help ``accord ingest`` recognise it.
    """

    id: Name
    name: Name | None = None
    kind: Literal["categorical", "ordinal", "numeric"]
    description: str = ""
    options: list[Scalar | OptionDoc] | None = None
    min: Number | None = None
    max: Number | None = None
    step: Number | None = None
    unit: str | None = None
    status_quo: Scalar | None = None
    aliases: list[Name] = Field(default_factory=list)


class LinearDoc(_Model):
    """A linear value function of a numeric issue: ``at_min`` at its minimum, ``at_max`` at
    its maximum.
    """

    at_min: Number
    at_max: Number


class PeakedDoc(_Model):
    """A single-peaked value function of a numeric issue: ``at_ideal`` at ``ideal``, linear
    down to ``at_min`` and ``at_max`` at the ends of the range.
    """

    written_defaults = frozenset({"at_min", "at_max", "at_ideal"})

    ideal: Number
    at_min: Number = 0.0
    at_max: Number = 0.0
    at_ideal: Number = 1.0


class ValueDoc(_Model):
    """A value function: exactly one of ``table``, ``linear``, ``peaked``, ``piecewise``."""

    table: dict[str, Number] | None = None
    linear: LinearDoc | None = None
    peaked: PeakedDoc | None = None
    piecewise: list[tuple[Number, Number]] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ValueDoc:
        given = [k for k in ("table", "linear", "peaked", "piecewise") if getattr(self, k)]
        if len(given) != 1:
            raise ScenarioError(
                "a value function is exactly one of: table, linear, peaked, piecewise"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self


class PreferencesDoc(_Model):
    """A party's preferences: issue weights (>= 0, normalised to sum to one when loaded), a
    value function or a table of option values per issue, and the evidence for them.
    """

    written_defaults = frozenset({"values", "evidence"})

    weights: dict[str, NonNegative]
    values: dict[str, ValueDoc | dict[str, Number]] = Field(default_factory=dict)
    evidence: EvidenceDoc = Field(default_factory=lambda: EvidenceDoc(assumption=True))


class ClauseDoc(_Model):
    """A test on one issue: ``issue op value`` (``value`` a list for ``in`` and ``not in``)."""

    issue: str
    op: Literal["==", "!=", "in", "not in", "<=", ">="]
    value: Scalar | list[Scalar]


class RequiresDoc(_Model):
    """A conditional requirement: the clause ``then`` must hold whenever the clause ``if``
    holds (written ``if:`` in the file).
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    if_: ClauseDoc = Field(alias="if")
    then: ClauseDoc


class ConditionDoc(_Model):
    """Either a clause (``issue``, ``op``, ``value``) or ``requires: {if: ..., then: ...}``."""

    id: Name
    statement: str
    issue: str | None = None
    op: Literal["==", "!=", "in", "not in", "<=", ">="] | None = None
    value: Scalar | list[Scalar] | None = None
    requires: RequiresDoc | None = None
    evidence: EvidenceDoc

    @model_validator(mode="after")
    def _shape(self) -> ConditionDoc:
        clause = self.issue is not None or self.op is not None or self.value is not None
        if clause and self.requires is not None:
            raise ScenarioError("give either issue/op/value or requires, not both")
        if not clause and self.requires is None:
            raise ScenarioError("give issue, op and value, or requires: {if: ..., then: ...}")
        if clause and (self.issue is None or self.op is None or self.value is None):
            raise ScenarioError("a clause needs all of issue, op and value")
        return self


class RedLineDoc(ConditionDoc):
    """A party's red line: a condition every package it signs must meet, with its evidence
    (one, or a list: the first, then later reports restating it)."""

    evidence: EvidenceList  # type: ignore[assignment]


class PositionDoc(_Model):
    """A stated position of a party on one issue (optionally naming the option), with
    evidence (one, or a list: the first, then later reports restating it). ``stance:
    rejects`` says the party rejects the option (the default, ``supports``: it holds out
    for it)."""

    issue: str
    statement: str
    option: Scalar | None = None
    stance: Literal["supports", "rejects"] = "supports"
    evidence: EvidenceList


class RepresentativeDoc(_Model):
    """A person speaking for a party, and their title."""

    name: Name
    title: Name = ""


class PartyDoc(_Model):
    """A party: its role, whether its consent is needed (``bargaining``; default: true for
    ``party``, false otherwise), representatives, capability (>= 0), reservation value and
    its evidence, discount factor in (0, 1], default strategy, aliases, preferences, stated
    positions and red lines.
    """

    written_defaults = frozenset(
        {"role", "capability", "reservation_value", "reservation_evidence"}
    )

    id: Name
    name: Name | None = None
    role: Literal["party", "mediator", "observer"] = "party"
    bargaining: bool | None = None
    representatives: list[RepresentativeDoc] = Field(default_factory=list)
    capability: NonNegative = 1.0
    reservation_value: Utility = 0.0
    reservation_evidence: EvidenceDoc = Field(default_factory=lambda: EvidenceDoc(assumption=True))
    discount_factor: Annotated[float, Field(gt=0, le=1)] = 1.0
    strategy: str | None = None
    aliases: list[Name] = Field(default_factory=list)
    preferences: PreferencesDoc
    positions: list[PositionDoc] = Field(default_factory=list)
    red_lines: list[RedLineDoc] = Field(default_factory=list)


class DeadlineDoc(_Model):
    """The deadline. ``date`` is inclusive; ``as_stated`` keeps the words of a loose deadline
    ("June") and ``interpreted: true`` says the date is the analyst's reading of them.
    ``exchanges`` (protocol steps: each one offer and the answers to it) may not be given
    with a calendar (its sessions give the exchanges); ``rounds`` is its former name
    (:mod:`accord.io.renamed_keys`)."""

    exchanges: Annotated[int, Field(gt=0)] | None = None
    date: DateStr | None = None
    as_stated: str | None = None
    interpreted: bool = False
    set_by: str | None = None
    note: str = ""
    evidence: EvidenceList | None = None


class SessionDoc(_Model):
    """A session of a scenario without a calendar: its date, length in hours and the number
    of exchanges (protocol steps) it holds.
    """

    date: str
    duration_hours: Annotated[float, Field(gt=0)] | None = None
    exchanges: Annotated[int, Field(gt=0)] | None = None
    note: str = ""


class RangeDoc(_Model):
    """Whole numbers from ``low`` to ``high`` inclusive (sampled uniformly)."""

    low: Annotated[int, Field(ge=0)]
    high: Annotated[int, Field(ge=0)]


IntOrRange = Annotated[int, Field(gt=0)] | RangeDoc


class CalendarSessionDoc(_Model):
    """A sitting of a past round: its date, the exchanges (protocol steps) it held and its
    length in hours.
    """

    date: DateStr
    exchanges: Annotated[int, Field(gt=0)] | None = None
    duration_hours: Annotated[float, Field(gt=0)] | None = None
    note: str = ""


class DelegationDoc(_Model):
    """A party's delegation to a past round: its head and members, with evidence."""

    party: str
    head: RepresentativeDoc | None = None
    members: list[RepresentativeDoc] = Field(default_factory=list)
    note: str = ""
    evidence: EvidenceList | None = None


class AgreedDoc(_Model):
    """What a round agreed: an issue's option, or an item mapping to no issue (then give a
    PA-X ``stage`` and ``topics``)."""

    id: Name
    statement: str
    issue: str | None = None
    option: Scalar | None = None
    stage: Literal[
        "pre-negotiation", "ceasefire", "partial", "comprehensive", "implementation",
        "renegotiation",
    ] | None = None  # fmt: skip
    topics: list[str] = Field(default_factory=list)
    date: DateStr | None = None
    until: DateStr | None = None
    evidence: EvidenceList


#: A round's format: one of the named formats, or ``mediator-<party id>`` for the mediator's
#: meetings with one side (the party id is checked against the scenario's parties).
#: Checked when the calendar is built (io/calendar.py), with an error that lists the formats.
RoundFormat = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(direct|bilateral|trilateral|multilateral|proximity|shuttle"
            r"|working-groups|mediator-[A-Za-z0-9][A-Za-z0-9_.-]*)$",
        }
    ),
]


class PastRoundDoc(_Model):
    """A round of talks that took place: dates (``end`` defaults to ``start``; other dates
    some sources give under ``other_dates``), venue, format, host, mediator, delegations,
    sessions, what it agreed, and evidence.
    """

    id: Name
    start: DateStr
    end: DateStr | None = None
    other_dates: list[DateStr] = Field(default_factory=list)
    date_note: str = ""
    venue: str | None = None
    format: RoundFormat | None = None
    host: str | None = None
    mediator: str | None = None
    note: str = ""
    delegations: list[DelegationDoc] = Field(default_factory=list)
    sessions: list[CalendarSessionDoc] = Field(default_factory=list)
    agreed: list[AgreedDoc] = Field(default_factory=list)
    evidence: EvidenceList


class WindowDoc(_Model):
    """The dates between which an announced round will start (both included)."""

    earliest: DateStr
    latest: DateStr


Probability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class FutureRoundDoc(_Model):
    """An announced round: a ``date`` or a ``window``, the chance it takes place, its days
    and the exchanges (protocol steps) per session."""

    written_defaults = frozenset({"status", "p_occurs", "days"})

    id: Name
    status: Literal["announced", "expected"] = "announced"
    date: DateStr | None = None
    window: WindowDoc | None = None
    p_occurs: Probability = 1.0
    days: Annotated[int, Field(gt=0, le=31)] = 1
    exchanges_per_session: IntOrRange
    venue: str | None = None
    format: RoundFormat | None = None
    host: str | None = None
    mediator: str | None = None
    note: str = ""
    evidence: EvidenceList


class CadenceDoc(_Model):
    """Expected rounds: one every ``every_weeks`` (or ``every_days``) until the deadline."""

    written_defaults = frozenset({"p_occurs", "days"})

    every_weeks: IntOrRange | None = None
    every_days: IntOrRange | None = None
    p_occurs: Probability = 1.0
    days: Annotated[int, Field(gt=0, le=31)] = 1
    exchanges_per_session: IntOrRange
    formats: list[RoundFormat] = Field(default_factory=list)
    note: str = ""
    evidence: EvidenceList


class CalendarDoc(_Model):
    """The talks' calendar (docs/scenario-format.md, "Calendar")."""

    as_of: DateStr
    simulate_from: str | None = None
    note: str = ""
    past: list[PastRoundDoc] = Field(default_factory=list)
    future: list[FutureRoundDoc] = Field(default_factory=list)
    expected: CadenceDoc | None = None


class TrackDoc(_Model):
    """A negotiation track: issues negotiated and settled together (docs/scenario-format.md,
    "Tracks")."""

    written_defaults = frozenset({"separable"})

    id: Name
    name: Name
    issues: list[str] = Field(min_length=1)
    separable: bool = True
    linked_with: list[str] = Field(default_factory=list)
    working_groups: list[str] = Field(default_factory=list)
    note: str = ""
    evidence: EvidenceList | None = None


#: A fraction of a vote, a share of voters: 0 to 1.
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]


class BlocDoc(_Model):
    """A voting bloc of a ``bloc-vote`` stage: its ``weight`` (seats, votes; > 0), the
    ``threshold`` its utility must reach for it to vote yes, and that utility
    (``preferences``, as a party's)."""

    id: Name
    name: Name | None = None
    weight: Annotated[float, Field(gt=0, le=MAX_VALUE, allow_inf_nan=False, strict=True)]
    threshold: Number
    preferences: PreferencesDoc


class ElectorateDoc(_Model):
    """An ``electorate`` stage's vote: expected yes share ``base`` plus a shift per option
    (``support``: issue id to option to shift), normal error ``sd`` (> 0), mean ``turnout``
    with ``turnout_sd``, the ``quorum`` turnout must reach and the ``majority`` the yes
    share must exceed (docs/two-level.md)."""

    written_defaults = frozenset({"turnout", "turnout_sd", "quorum", "majority"})

    base: Fraction
    sd: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False, strict=True)]
    support: dict[str, dict[str, Number]] = Field(default_factory=dict)
    turnout: Fraction = 1.0
    turnout_sd: Fraction = 0.0
    quorum: Fraction = 0.0
    majority: Fraction = 0.5


class RatificationDoc(_Model):
    """A domestic approval stage (docs/scenario-format.md, "Ratification"): whose home it
    is (``party``), the issues it rules on (empty: all), its acceptance model (``kind``:
    ``threshold`` with ``threshold`` and ``preferences``; ``bloc-vote`` with ``blocs`` and
    ``majority``; ``electorate`` with ``electorate``), its ``duration_days`` and evidence.
    A party's stages run in the order the file lists them."""

    written_defaults = frozenset({"duration_days"})

    id: Name
    name: Name
    party: str
    kind: Literal["threshold", "bloc-vote", "electorate"]
    issues: list[str] = Field(default_factory=list)
    duration_days: Annotated[int, Field(ge=0, le=3660, strict=True)] = 0
    threshold: Number | None = None
    preferences: PreferencesDoc | None = None
    majority: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False, strict=True)] | None = None
    blocs: list[BlocDoc] = Field(default_factory=list)
    electorate: ElectorateDoc | None = None
    note: str = ""
    evidence: EvidenceList


class ScenarioDoc(_Model):
    """A whole scenario document."""

    written_defaults = frozenset({"accord"})

    accord: Literal[1] = 1
    metadata: MetadataDoc
    sources: list[SourceDoc] = Field(default_factory=list)
    issues: list[IssueDoc] = Field(min_length=1)
    parties: list[PartyDoc] = Field(min_length=1)
    constraints: list[ConditionDoc] = Field(default_factory=list)
    deadline: DeadlineDoc | None = None
    sessions: list[SessionDoc] = Field(default_factory=list)
    calendar: CalendarDoc | None = None
    tracks: list[TrackDoc] = Field(default_factory=list)
    ratification: list[RatificationDoc] = Field(default_factory=list)
    protocol: str | None = None
    forecast: dict[str, Any] | None = None
    uncertainty: dict[str, Any] | None = None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the scenario format."""
    schema = ScenarioDoc.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "accord scenario"
    return schema


# -- writing through the same models ----------------------------------------------------
M = TypeVar("M", bound=BaseModel)

#: A field :func:`fill` leaves at its default whatever the attribute says.
OMIT: Any = None


def _plain(value: Any) -> Any:
    """An attribute's value as the models take it: dates as ISO text, tuples as lists,
    enumerations as their value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        raise ArgumentTypeError(f"{type(value).__name__} is a part of its own: give its model")
    return value


def fill(model: type[M], obj: object, **given: Any) -> M:
    """A ``model`` (validated) of ``obj``: each field from ``given`` if named there, else
    from the attribute of ``obj`` of the same name (:func:`_plain`), else left at its
    default; a value of ``None`` also leaves the field at its default.

    >>> from accord.model import Source
    >>> fill(SourceDoc, Source("bbc", "Talks end"), url="https://example.org").url
    'https://example.org'
    """
    values: dict[str, Any] = {}
    for name in model.model_fields:
        if name in given:
            value = given[name]
        elif hasattr(obj, name):
            value = _plain(getattr(obj, name))
        else:
            continue
        if value is not None:
            values[name] = value
    return model(**values)


_REQUIRED = object()


@cache
def _layout(model: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """``(field, key in the file, default or _REQUIRED)`` of ``model``, in declared order;
    the default is ``_REQUIRED`` also for a field the model writes even at its default."""
    shown: frozenset[str] = getattr(model, "written_defaults", frozenset())
    return tuple(
        (
            name,
            f.alias or name,
            _REQUIRED
            if f.is_required() or name in shown
            else f.get_default(call_default_factory=True),
        )
        for name, f in model.model_fields.items()
    )


def to_document(model: BaseModel) -> dict[str, Any]:
    """``model`` as plain data under the names the file uses (``if``, not ``if_``), in the
    order the model declares its fields, leaving out the fields at their default except the
    model's ``written_defaults``."""
    out: dict[str, Any] = {}
    for name, key, default in _layout(type(model)):
        value = getattr(model, name)
        if default is not _REQUIRED and value == default:
            continue
        out[key] = _dumped(value)
    return out


def _dumped(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return to_document(value)
    if isinstance(value, list | tuple):
        return [_dumped(v) for v in value]
    if isinstance(value, dict):
        return {k: _dumped(v) for k, v in value.items()}
    return value
