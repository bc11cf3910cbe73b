"""The ``uncertainty:`` section of a scenario document: parsed, checked, written back.

The section's shape and its typed form are described in :mod:`accord.model.uncertainty`
(and docs/sweeps.md). What this parser accepts:

Distributions (every one may carry ``label``, default ``assumption``, and a ``note``):

* ``uniform``: ``low <= high``;
* ``normal`` / ``truncnormal``: ``mean``, ``sd > 0``, optional ``low``/``high`` bounds
  (truncation; ``truncnormal`` needs at least one);
* ``beta``: ``mean`` in (0, 1) and ``kappa > 0`` (``a = mean*kappa``, ``b = (1-mean)*kappa``)
  or ``a > 0``, ``b > 0``; rescaled to ``[low, high]`` (default ``[0, 1]``);
* ``triangular``: ``low <= mode <= high``, ``low < high``;
* ``fixed``: ``value`` (default: the scenario's own value; useful with ``drift``);
* ``dirichlet`` (a party's ``weights`` only): ``concentration > 0``, centred on the
  scenario's weights or on ``center``. ``weights`` may instead map issues to scalar
  distributions, normalised to sum to one per run.

A red line's ``p_real`` is the probability that it is a firm line; otherwise, in that run,
it is a bargaining position and is dropped. A reservation value's ``drift`` moves it ``by``
per exchange (protocol step; ``per: round`` is its former name) or per calendar month of
the talks (see :mod:`accord.sweep.variants`).

The section is parsed once, when the scenario is read (:func:`parse_uncertainty`, pydantic
at the boundary), and checked against the scenario (parties, issues, options and red lines
it names); it becomes the typed :class:`accord.model.Uncertainty` of
:attr:`accord.model.Scenario.uncertainty`, which :func:`uncertainty_to_document` writes back.
Errors are :class:`~accord.errors.ScenarioError` naming the file, the line and the path,
such as ``uncertainty.parties.russia.reservation_value.low``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from accord.errors import ScenarioError
from accord.model import (
    Beta,
    BlocVoteModel,
    Dirichlet,
    Drift,
    Fixed,
    Normal,
    PartyUncertainty,
    RedLineDoubt,
    ScalarDistribution,
    Scenario,
    StageUncertainty,
    TableValue,
    Triangular,
    Uncertainty,
    Uniform,
)

#: Maps a document path (``("uncertainty", "parties", ...)``) to its 1-based line.
LineOf = Callable[[Sequence[str | int]], int | None]

__all__ = ["LineOf", "parse_uncertainty", "uncertainty_to_document"]


# -- the documents (pydantic, the boundary) --------------------------------------------
#: A number as the analyst wrote it: an int stays an int (``concentration: 50`` is written
#: back as 50, not 50.0); the model and the sampling treat both alike.
Number = int | float


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class _DriftDoc(_Model):
    per: Literal["exchange", "round", "month"]  # round: the former name of exchange
    by: Number


class _DistDoc(_Model):
    label: str = "assumption"
    note: str | None = None
    drift: _DriftDoc | None = None


class _UniformDoc(_DistDoc):
    dist: Literal["uniform"]
    low: Number
    high: Number


class _NormalDoc(_DistDoc):
    dist: Literal["normal", "truncnormal"]
    mean: Number
    sd: Number
    low: Number | None = None
    high: Number | None = None


class _BetaDoc(_DistDoc):
    dist: Literal["beta"]
    mean: Number | None = None
    kappa: Number | None = None
    a: Number | None = None
    b: Number | None = None
    low: Number | None = None
    high: Number | None = None


class _TriangularDoc(_DistDoc):
    dist: Literal["triangular"]
    low: Number
    mode: Number
    high: Number


class _FixedDoc(_DistDoc):
    dist: Literal["fixed"]
    value: Number | None = None


class _DirichletDoc(_DistDoc):
    dist: Literal["dirichlet"]
    concentration: Number
    center: dict[str, Number] | None = None


_SCALARS: dict[str, type[_DistDoc]] = {
    "uniform": _UniformDoc,
    "normal": _NormalDoc,
    "truncnormal": _NormalDoc,
    "beta": _BetaDoc,
    "triangular": _TriangularDoc,
    "fixed": _FixedDoc,
}


class _RedLineDoc(_Model):
    p_real: Number
    label: str = "assumption"
    note: str | None = None


# -- errors ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Ctx:
    file: str | None
    line_of: LineOf | None

    def err(self, message: str, loc: Sequence[str | int]) -> ScenarioError:
        """The error for the value at ``loc`` inside the section."""
        full = ("uncertainty", *loc)
        line = self.line_of(full) if self.line_of is not None else None
        return ScenarioError(
            message, file=self.file, line=line, path=".".join(str(p) for p in full)
        )


def _parse(model: type[_Model], raw: object, loc: list[str | int], ctx: _Ctx) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = [*loc, *(p for p in first["loc"] if isinstance(p, str | int))]
        given = first.get("input")
        raise ctx.err(f"{first['msg']} (got {given!r})", where) from None


def _finite(x: float | None, loc: list[str | int], ctx: _Ctx) -> None:
    if x is not None and not math.isfinite(x):
        raise ctx.err(f"{x} is not a finite number", loc)


# -- distributions -----------------------------------------------------------------------
def _check_scalar(d: _DistDoc, loc: list[str | int], ctx: _Ctx) -> None:
    for name in ("low", "high", "mean", "sd", "mode", "a", "b", "kappa", "value"):
        _finite(getattr(d, name, None), [*loc, name], ctx)
    if isinstance(d, _UniformDoc):
        if d.low > d.high:
            raise ctx.err(f"low {d.low} is above high {d.high}; need low <= high", [*loc, "low"])
    elif isinstance(d, _NormalDoc):
        if not d.sd > 0:
            raise ctx.err(f"sd must be > 0, got {d.sd}", [*loc, "sd"])
        if d.dist == "truncnormal" and d.low is None and d.high is None:
            raise ctx.err("truncnormal needs a low and/or high bound", [*loc, "low"])
        if d.low is not None and d.high is not None and not d.low < d.high:
            raise ctx.err(f"low {d.low} must be below high {d.high}", [*loc, "low"])
    elif isinstance(d, _BetaDoc):
        if d.mean is not None or d.kappa is not None:
            if d.a is not None or d.b is not None:
                raise ctx.err("give either mean and kappa, or a and b, not both", loc)
            if d.mean is None or not 0.0 < d.mean < 1.0:
                raise ctx.err(f"mean must be in (0, 1), got {d.mean}", [*loc, "mean"])
            if d.kappa is None or not d.kappa > 0:
                raise ctx.err(f"kappa must be > 0, got {d.kappa}", [*loc, "kappa"])
        else:
            if d.a is None or not d.a > 0:
                raise ctx.err(f"a must be > 0 (or give mean and kappa), got {d.a}", [*loc, "a"])
            if d.b is None or not d.b > 0:
                raise ctx.err(f"b must be > 0, got {d.b}", [*loc, "b"])
        low = 0.0 if d.low is None else d.low
        high = 1.0 if d.high is None else d.high
        if not low < high:
            raise ctx.err(f"low {low} must be below high {high}", [*loc, "low"])
    elif isinstance(d, _TriangularDoc):
        if not d.low < d.high:
            raise ctx.err(f"low {d.low} must be below high {d.high}", [*loc, "low"])
        if not d.low <= d.mode <= d.high:
            raise ctx.err(
                f"mode {d.mode} must lie between low {d.low} and high {d.high}", [*loc, "mode"]
            )
    if d.drift is not None:
        _finite(d.drift.by, [*loc, "drift", "by"], ctx)


def _typed(d: _DistDoc) -> ScalarDistribution:
    """The model's distribution for a checked document."""
    # the model keeps "round" for a drift per exchange (its Python name, docs/deprecations.md)
    drift = (
        None
        if d.drift is None
        else Drift("month" if d.drift.per == "month" else "round", d.drift.by)
    )
    common: dict[str, Any] = {"label": d.label, "note": d.note, "drift": drift}
    if isinstance(d, _UniformDoc):
        return Uniform(low=d.low, high=d.high, **common)
    if isinstance(d, _NormalDoc):
        return Normal(
            mean=d.mean, sd=d.sd, low=d.low, high=d.high, truncated=d.dist == "truncnormal",
            **common,
        )  # fmt: skip
    if isinstance(d, _BetaDoc):
        return Beta(mean=d.mean, kappa=d.kappa, a=d.a, b=d.b, low=d.low, high=d.high, **common)
    if isinstance(d, _TriangularDoc):
        return Triangular(low=d.low, mode=d.mode, high=d.high, **common)
    assert isinstance(d, _FixedDoc)
    return Fixed(value=d.value, **common)


def _scalar(
    raw: object, loc: list[str | int], ctx: _Ctx, *, drift: bool = False
) -> ScalarDistribution:
    if not isinstance(raw, Mapping):
        raise ctx.err(
            f"expected a distribution such as {{dist: uniform, low: 0.3, high: 0.4}}, got {raw!r}",
            loc,
        )
    name = raw.get("dist")
    cls = _SCALARS.get(str(name)) if name is not None else None
    if cls is None:
        valid = ", ".join(sorted(_SCALARS))
        raise ctx.err(f"unknown distribution {name!r}; valid: {valid}", [*loc, "dist"])
    d: _DistDoc = _parse(cls, raw, loc, ctx)
    _check_scalar(d, loc, ctx)
    if d.drift is not None and not drift:
        raise ctx.err("only a reservation value may drift", [*loc, "drift"])
    return _typed(d)


def _mapping(raw: object, loc: list[str | int], ctx: _Ctx, what: str) -> Mapping[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ctx.err(f"expected a mapping of {what}, got {raw!r}", loc)
    return raw


_PARTY_KEYS = ("reservation_value", "capability", "weights", "values", "red_lines")


# -- the section ---------------------------------------------------------------------------
def parse_uncertainty(
    scenario: Scenario,
    raw: object,
    *,
    file: str | None = None,
    line_of: LineOf | None = None,
) -> Uncertainty | None:
    """Parse the ``uncertainty:`` section ``raw`` of ``scenario``'s document and check it
    against the scenario (``None`` when ``raw`` is ``None``).

    Raises :class:`ScenarioError` naming the file, the line (when ``line_of`` maps a
    document path to its line) and the path of the first bad value, and what would be
    valid.
    """
    if raw is None:
        return None
    ctx = _Ctx(file, line_of)
    top = _mapping(raw, [], ctx, "'parties'")
    for key in top:
        if key not in ("parties", "ratification"):
            raise ctx.err(f"unknown key {key!r}; valid: parties, ratification", [str(key)])
    parties = _mapping(top.get("parties"), ["parties"], ctx, "party ids")
    ids = [p.id for p in scenario.parties]
    issue_ids = [i.id for i in scenario.issues]
    out: dict[str, PartyUncertainty] = {}
    for pid, doc in parties.items():
        loc: list[str | int] = ["parties", str(pid)]
        if pid not in ids:
            raise ctx.err(f"no party {pid!r} in the scenario; valid: {', '.join(ids)}", loc)
        party = scenario.parties[ids.index(pid)]
        body = _mapping(doc, loc, ctx, "uncertain assumptions")
        for key in body:
            if key not in _PARTY_KEYS:
                raise ctx.err(f"unknown key {key!r}; valid: {', '.join(_PARTY_KEYS)}", [*loc, key])
        reservation = capability = None
        if body.get("reservation_value") is not None:
            where = [*loc, "reservation_value"]
            reservation = _scalar(body["reservation_value"], where, ctx, drift=True)
            if (
                reservation.drift is not None
                and reservation.drift.per == "month"
                and not _months_known(scenario)
            ):
                raise ctx.err(
                    "a drift per month needs the scenario's metadata.start_date and "
                    "deadline.date; give them or drift per exchange",
                    [*where, "drift", "per"],
                )
        if body.get("capability") is not None:
            capability = _scalar(body["capability"], [*loc, "capability"], ctx)
        weights: Dirichlet | dict[str, ScalarDistribution] | None = None
        if body.get("weights") is not None:
            where = [*loc, "weights"]
            weights = _weights(body["weights"], where, ctx, str(pid), party, issue_ids) or None
        values: dict[str, dict[str, ScalarDistribution]] = {}
        for iid, options in _mapping(body.get("values"), [*loc, "values"], ctx,
                                     "issues to options").items():  # fmt: skip
            where = [*loc, "values", str(iid)]
            if iid not in issue_ids:
                raise ctx.err(f"no issue {iid!r}; valid: {', '.join(issue_ids)}", where)
            issue = scenario.issues[issue_ids.index(iid)]
            fn = party.preference.values.get(iid)
            if fn is not None and not isinstance(fn, TableValue):
                raise ctx.err(
                    f"party {pid!r} values issue {iid!r} with a {fn.kind} function; only "
                    "a table of option values can carry distributions",
                    where,
                )
            opts = _mapping(options, where, ctx, "options to distributions")
            labels = [str(o) for o in issue.options]
            per_option: dict[str, ScalarDistribution] = {}
            for opt, spec in opts.items():
                if str(opt) not in labels:
                    raise ctx.err(
                        f"issue {iid!r} has no option {opt!r}; valid: {', '.join(labels)}",
                        [*where, str(opt)],
                    )
                per_option[str(opt)] = _scalar(spec, [*where, str(opt)], ctx)
            if per_option:  # an issue with no option listed says nothing
                values[str(iid)] = per_option
        reds: dict[str, RedLineDoubt] = {}
        own = [r.id for r in party.red_lines]
        for rid, spec in _mapping(body.get("red_lines"), [*loc, "red_lines"], ctx,
                                  "red-line ids").items():  # fmt: skip
            where = [*loc, "red_lines", str(rid)]
            if rid not in own:
                raise ctx.err(
                    f"party {pid!r} has no red line {rid!r}; valid: {', '.join(own) or 'none'}",
                    where,
                )
            doc_r: _RedLineDoc = _parse(_RedLineDoc, spec, where, ctx)
            if not 0.0 <= doc_r.p_real <= 1.0:
                raise ctx.err(f"p_real must be in [0, 1], got {doc_r.p_real}", [*where, "p_real"])
            reds[str(rid)] = RedLineDoubt(p_real=doc_r.p_real, label=doc_r.label, note=doc_r.note)
        out[str(pid)] = PartyUncertainty(
            reservation_value=reservation,
            capability=capability,
            weights=weights,
            values=values,
            red_lines=reds,
        )
    stages = _stages(scenario, top.get("ratification"), ctx)
    return Uncertainty(out, stages)


_STAGE_KEYS = {
    "threshold": ("threshold",),
    "bloc-vote": ("blocs",),
    "electorate": ("base", "turnout"),
}


def _stages(scenario: Scenario, raw: object, ctx: _Ctx) -> dict[str, StageUncertainty]:
    """The ``ratification:`` part: per stage id, the distributions of its numbers that a
    sweep draws (docs/two-level.md)."""
    stages = {r.id: r for r in scenario.ratification}
    out: dict[str, StageUncertainty] = {}
    for sid, doc in _mapping(raw, ["ratification"], ctx, "ratification stage ids").items():
        loc: list[str | int] = ["ratification", str(sid)]
        stage = stages.get(str(sid))
        if stage is None:
            raise ctx.err(
                f"no ratification stage {sid!r}; valid: {', '.join(stages) or 'none'}", loc
            )
        body = _mapping(doc, loc, ctx, "uncertain numbers")
        valid = _STAGE_KEYS[stage.kind]
        for key in body:
            if key not in valid:
                raise ctx.err(
                    f"unknown key {key!r} for a stage of kind {stage.kind}; valid: "
                    + ", ".join(valid),
                    [*loc, str(key)],
                )
        blocs: dict[str, ScalarDistribution] = {}
        if "blocs" in body:
            assert isinstance(stage.model, BlocVoteModel)
            ids = [b.id for b in stage.model.blocs]
            for bid, spec in _mapping(body["blocs"], [*loc, "blocs"], ctx, "bloc ids").items():
                if bid not in ids:
                    raise ctx.err(
                        f"stage {sid!r} has no bloc {bid!r}; valid: {', '.join(ids)}",
                        [*loc, "blocs", str(bid)],
                    )
                blocs[str(bid)] = _scalar(spec, [*loc, "blocs", str(bid)], ctx)
        out[str(sid)] = StageUncertainty(
            threshold=None
            if body.get("threshold") is None
            else _scalar(body["threshold"], [*loc, "threshold"], ctx),
            blocs=blocs,
            base=None if body.get("base") is None else _scalar(body["base"], [*loc, "base"], ctx),
            turnout=None
            if body.get("turnout") is None
            else _scalar(body["turnout"], [*loc, "turnout"], ctx),
        )
    return out


def _weights(
    w: object,
    where: list[str | int],
    ctx: _Ctx,
    pid: str,
    party: Any,
    issue_ids: list[str],
) -> Dirichlet | dict[str, ScalarDistribution]:
    if isinstance(w, Mapping) and w.get("dist") == "dirichlet":
        dd: _DirichletDoc = _parse(_DirichletDoc, w, where, ctx)
        _finite(dd.concentration, [*where, "concentration"], ctx)
        if not dd.concentration > 0:
            raise ctx.err(
                f"concentration must be > 0, got {dd.concentration}", [*where, "concentration"]
            )
        if dd.drift is not None:
            raise ctx.err("only a reservation value may drift", [*where, "drift"])
        base = dd.center if dd.center is not None else party.preference.weights
        for iid, x in base.items():
            if iid not in issue_ids:
                raise ctx.err(
                    f"no issue {iid!r}; valid: {', '.join(issue_ids)}", [*where, "center", iid]
                )
            if not (math.isfinite(x) and x >= 0):
                raise ctx.err(f"weights must be >= 0, got {x}", [*where, "center", iid])
        if not sum(float(base.get(i, 0.0)) for i in issue_ids) > 0:
            raise ctx.err(f"party {pid!r} has no positive weight to centre a Dirichlet on", where)
        return Dirichlet(
            concentration=dd.concentration,
            center=None if dd.center is None else dict(dd.center),
            label=dd.label,
            note=dd.note,
        )
    per_issue = _mapping(w, where, ctx, "issues to distributions")
    out: dict[str, ScalarDistribution] = {}
    for iid, spec in per_issue.items():
        if iid not in issue_ids:
            raise ctx.err(
                f"no issue {iid!r}; valid: {', '.join(issue_ids)} (or give "
                "{dist: dirichlet, concentration: C})",
                [*where, str(iid)],
            )
        out[str(iid)] = _scalar(spec, [*where, str(iid)], ctx)
    return out


def _months_known(scenario: Scenario) -> bool:
    return (
        scenario.metadata.start_date is not None
        and scenario.deadline is not None
        and scenario.deadline.date is not None
    )


# -- writing -------------------------------------------------------------------------------
def _dump(doc: _Model) -> dict[str, Any]:
    """``doc`` as the section writes it: keys left unset are left out (``label`` has a
    default and is always written), ``dist`` first and the shared keys last."""
    body = doc.model_dump(exclude_none=True)
    shared: dict[str, Any] = {k: body.pop(k) for k in ("label", "note", "drift") if k in body}
    dist = {"dist": body.pop("dist")} if "dist" in body else {}
    return {**dist, **body, **shared}


def _dist_doc(d: ScalarDistribution | Dirichlet) -> dict[str, Any]:
    """``d`` dumped through the pydantic document that :func:`parse_uncertainty` validates
    it with, so that a field is declared once and round-trips by construction."""
    doc_cls = _DirichletDoc if isinstance(d, Dirichlet) else _SCALARS[d.dist]
    fields: dict[str, Any] = {
        name: getattr(d, name)
        for name in doc_cls.model_fields
        if name not in ("dist", "drift") and hasattr(d, name)
    }
    drift = getattr(d, "drift", None)
    if drift is not None:  # the typed model keeps the former name; the file says exchange
        fields["drift"] = _DriftDoc(
            per="exchange" if drift.per == "round" else drift.per, by=drift.by
        )
    return _dump(doc_cls.model_validate({"dist": d.dist, **fields}))


def uncertainty_to_document(u: Uncertainty) -> dict[str, Any]:
    """The ``uncertainty:`` section of ``u`` as a document (inverse of
    :func:`parse_uncertainty`: reading it back gives an equal section). Keys left out of
    the file are left out again, except ``label``, which is always written."""
    parties: dict[str, Any] = {}
    for pid, pu in u.parties.items():
        body: dict[str, Any] = {}
        if pu.reservation_value is not None:
            body["reservation_value"] = _dist_doc(pu.reservation_value)
        if pu.capability is not None:
            body["capability"] = _dist_doc(pu.capability)
        if isinstance(pu.weights, Dirichlet):
            body["weights"] = _dist_doc(pu.weights)
        elif pu.weights:
            body["weights"] = {iid: _dist_doc(d) for iid, d in pu.weights.items()}
        values = {
            iid: {opt: _dist_doc(d) for opt, d in opts.items()}
            for iid, opts in pu.values.items()
            if opts
        }
        if values:
            body["values"] = values
        if pu.red_lines:
            body["red_lines"] = {
                rid: _dump(_RedLineDoc(p_real=r.p_real, label=r.label, note=r.note))
                for rid, r in pu.red_lines.items()
            }
        parties[pid] = body
    out: dict[str, Any] = {"parties": parties}
    if u.ratification:
        stages: dict[str, Any] = {}
        for sid, su in u.ratification.items():
            sbody: dict[str, Any] = {}
            for key in ("threshold", "base", "turnout"):
                d = getattr(su, key)
                if d is not None:
                    sbody[key] = _dist_doc(d)
            if su.blocs:
                sbody["blocs"] = {bid: _dist_doc(d) for bid, d in su.blocs.items()}
            stages[sid] = sbody
        out["ratification"] = stages
    return out
