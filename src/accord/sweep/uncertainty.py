"""The ``uncertainty:`` block of a scenario: distributions over its numeric assumptions.

A scenario file may carry, beside its point values, what the analyst does not know::

    uncertainty:
      parties:
        russia:
          reservation_value: {dist: uniform, low: 0.3, high: 0.4,
                              drift: {per: month, by: -0.01}}
          capability: {dist: normal, mean: 0.5, sd: 0.1, low: 0, high: 1}
          weights: {dist: dirichlet, concentration: 50}   # centred on the scenario's weights
          values: {donbas: {demilitarized_zone: {dist: beta, mean: 0.4, kappa: 20}}}
          red_lines: {full-donbas: {p_real: 0.7}}

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
per round or per calendar month of the talks (see :mod:`accord.sweep.variants`).

The block is parsed with pydantic and checked against the scenario when a sweep starts;
errors are :class:`~accord.errors.ScenarioError` naming the path, such as
``uncertainty.parties.russia.reservation_value.low``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from accord.errors import ScenarioError
from accord.model import Scenario, TableValue

LineOf = Callable[[Sequence[str | int]], int | None]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Drift(_Model):
    """A reservation value that moves over the talks: ``by`` per ``round`` or ``month``."""

    per: Literal["round", "month"]
    by: float


class _Dist(_Model):
    label: str = "assumption"
    note: str | None = None
    drift: Drift | None = None


class Uniform(_Dist):
    dist: Literal["uniform"]
    low: float
    high: float


class Normal(_Dist):
    dist: Literal["normal", "truncnormal"]
    mean: float
    sd: float
    low: float | None = None
    high: float | None = None


class Beta(_Dist):
    dist: Literal["beta"]
    mean: float | None = None
    kappa: float | None = None
    a: float | None = None
    b: float | None = None
    low: float = 0.0
    high: float = 1.0


class Triangular(_Dist):
    dist: Literal["triangular"]
    low: float
    mode: float
    high: float


class Fixed(_Dist):
    dist: Literal["fixed"]
    value: float | None = None


class Dirichlet(_Dist):
    dist: Literal["dirichlet"]
    concentration: float
    center: dict[str, float] | None = None


Scalar = Uniform | Normal | Beta | Triangular | Fixed

_SCALARS: dict[str, type[_Dist]] = {
    "uniform": Uniform,
    "normal": Normal,
    "truncnormal": Normal,
    "beta": Beta,
    "triangular": Triangular,
    "fixed": Fixed,
}


class RedLineDoc(_Model):
    p_real: float
    label: str = "assumption"
    note: str | None = None


# -- the validated plan -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScalarInput:
    """One uncertain number of the scenario.

    ``kind`` says what it is; ``party`` is the party's column (scenario order); ``issue``
    and ``option`` locate an option value (``-1`` otherwise).
    """

    name: str
    kind: Literal["reservation", "capability", "weight", "value"]
    party: int
    dist: Scalar
    issue: int = -1
    option: int = -1


@dataclass(frozen=True, slots=True)
class WeightsInput:
    """A party's weight vector drawn from a Dirichlet centred on ``center`` (per issue)."""

    name: str
    party: int
    concentration: float
    center: tuple[float, ...]  # one per issue of the scenario, summing to one
    label: str


@dataclass(frozen=True, slots=True)
class RedLineInput:
    """Whether red line ``index`` (in ``scenario.red_lines`` order) is real in a run."""

    name: str
    party: int
    index: int
    key: str  # "party:red_line"
    p_real: float
    label: str


@dataclass(frozen=True, slots=True)
class DriftSpec:
    party: int
    per: Literal["round", "month"]
    by: float


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """The uncertainty of one scenario, validated against it (see the module docstring)."""

    scalars: tuple[ScalarInput, ...] = ()
    weights: tuple[WeightsInput, ...] = ()
    red_lines: tuple[RedLineInput, ...] = ()
    drifts: tuple[DriftSpec, ...] = ()
    normalised_weights: tuple[int, ...] = ()  # parties whose per-issue weights are rescaled

    @property
    def empty(self) -> bool:
        return not (self.scalars or self.weights or self.red_lines or self.drifts)


def _error(
    message: str, loc: Sequence[str | int], file: str | None, line_of: LineOf | None
) -> ScenarioError:
    full = ("uncertainty", *loc)
    line = line_of(full) if line_of is not None else None
    return ScenarioError(message, file=file, line=line, path=".".join(str(p) for p in full))


@dataclass(frozen=True, slots=True)
class _Ctx:
    file: str | None
    line_of: LineOf | None

    def err(self, message: str, loc: Sequence[str | int]) -> ScenarioError:
        return _error(message, loc, self.file, self.line_of)


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


def _check_scalar(d: Scalar, loc: list[str | int], ctx: _Ctx) -> None:
    for name in ("low", "high", "mean", "sd", "mode", "a", "b", "kappa", "value"):
        _finite(getattr(d, name, None), [*loc, name], ctx)
    if isinstance(d, Uniform):
        if d.low > d.high:
            raise ctx.err(f"low {d.low} is above high {d.high}; need low <= high", [*loc, "low"])
    elif isinstance(d, Normal):
        if not d.sd > 0:
            raise ctx.err(f"sd must be > 0, got {d.sd}", [*loc, "sd"])
        if d.dist == "truncnormal" and d.low is None and d.high is None:
            raise ctx.err("truncnormal needs a low and/or high bound", [*loc, "low"])
        if d.low is not None and d.high is not None and not d.low < d.high:
            raise ctx.err(f"low {d.low} must be below high {d.high}", [*loc, "low"])
    elif isinstance(d, Beta):
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
        if not d.low < d.high:
            raise ctx.err(f"low {d.low} must be below high {d.high}", [*loc, "low"])
    elif isinstance(d, Triangular):
        if not d.low < d.high:
            raise ctx.err(f"low {d.low} must be below high {d.high}", [*loc, "low"])
        if not d.low <= d.mode <= d.high:
            raise ctx.err(
                f"mode {d.mode} must lie between low {d.low} and high {d.high}", [*loc, "mode"]
            )
    if d.drift is not None:
        _finite(d.drift.by, [*loc, "drift", "by"], ctx)


def _scalar(raw: object, loc: list[str | int], ctx: _Ctx, *, drift: bool = False) -> Scalar:
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
    d: Scalar = _parse(cls, raw, loc, ctx)
    _check_scalar(d, loc, ctx)
    if d.drift is not None and not drift:
        raise ctx.err("only a reservation value may drift", [*loc, "drift"])
    return d


def _mapping(raw: object, loc: list[str | int], ctx: _Ctx, what: str) -> Mapping[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ctx.err(f"expected a mapping of {what}, got {raw!r}", loc)
    return raw


_PARTY_KEYS = ("reservation_value", "capability", "weights", "values", "red_lines")


def parse_uncertainty(
    scenario: Scenario,
    raw: object | None = None,
    *,
    file: str | None = None,
    line_of: LineOf | None = None,
) -> Uncertainty:
    """Validate ``raw`` (default: ``scenario.extras["uncertainty"]``) against ``scenario``.

    Raises :class:`ScenarioError` naming the file, line (when ``line_of`` maps a document
    path to its line) and path of the first bad value, and what would be valid.
    """
    ctx = _Ctx(file, line_of)
    if raw is None:
        raw = scenario.extras.get("uncertainty")
    if raw is None:
        return Uncertainty()
    top = _mapping(raw, [], ctx, "'parties'")
    for key in top:
        if key != "parties":
            raise ctx.err(f"unknown key {key!r}; valid: parties", [str(key)])
    parties = _mapping(top.get("parties"), ["parties"], ctx, "party ids")
    ids = [p.id for p in scenario.parties]
    scalars: list[ScalarInput] = []
    weights: list[WeightsInput] = []
    red_inputs: list[RedLineInput] = []
    drifts: list[DriftSpec] = []
    normalised: list[int] = []
    for pid, doc in parties.items():
        loc: list[str | int] = ["parties", str(pid)]
        if pid not in ids:
            raise ctx.err(f"no party {pid!r} in the scenario; valid: {', '.join(ids)}", loc)
        col = ids.index(pid)
        party = scenario.parties[col]
        body = _mapping(doc, loc, ctx, "uncertain assumptions")
        for key in body:
            if key not in _PARTY_KEYS:
                raise ctx.err(f"unknown key {key!r}; valid: {', '.join(_PARTY_KEYS)}", [*loc, key])
        if body.get("reservation_value") is not None:
            where = [*loc, "reservation_value"]
            d = _scalar(body["reservation_value"], where, ctx, drift=True)
            scalars.append(ScalarInput(f"{pid}.reservation_value", "reservation", col, d))
            if d.drift is not None:
                if d.drift.per == "month" and not _months_known(scenario):
                    raise ctx.err(
                        "a drift per month needs the scenario's metadata.start_date and "
                        "deadline.date; give them or drift per round",
                        [*where, "drift", "per"],
                    )
                drifts.append(DriftSpec(col, d.drift.per, d.drift.by))
        if body.get("capability") is not None:
            d = _scalar(body["capability"], [*loc, "capability"], ctx)
            scalars.append(ScalarInput(f"{pid}.capability", "capability", col, d))
        issue_ids = [i.id for i in scenario.issues]
        if body.get("weights") is not None:
            where = [*loc, "weights"]
            w = body["weights"]
            if isinstance(w, Mapping) and w.get("dist") == "dirichlet":
                dd: Dirichlet = _parse(Dirichlet, w, where, ctx)
                _finite(dd.concentration, [*where, "concentration"], ctx)
                if not dd.concentration > 0:
                    raise ctx.err(
                        f"concentration must be > 0, got {dd.concentration}",
                        [*where, "concentration"],
                    )
                if dd.drift is not None:
                    raise ctx.err("only a reservation value may drift", [*where, "drift"])
                base = dd.center if dd.center is not None else party.preference.weights
                for iid, x in base.items():
                    if iid not in issue_ids:
                        raise ctx.err(
                            f"no issue {iid!r}; valid: {', '.join(issue_ids)}",
                            [*where, "center", iid],
                        )
                    if not (math.isfinite(x) and x >= 0):
                        raise ctx.err(f"weights must be >= 0, got {x}", [*where, "center", iid])
                center = [float(base.get(i, 0.0)) for i in issue_ids]
                total = sum(center)
                if not total > 0:
                    raise ctx.err(
                        f"party {pid!r} has no positive weight to centre a Dirichlet on", where
                    )
                weights.append(
                    WeightsInput(
                        f"{pid}.weights",
                        col,
                        float(dd.concentration),
                        tuple(c / total for c in center),
                        dd.label,
                    )
                )
            else:
                per_issue = _mapping(w, where, ctx, "issues to distributions")
                for iid, spec in per_issue.items():
                    if iid not in issue_ids:
                        raise ctx.err(
                            f"no issue {iid!r}; valid: {', '.join(issue_ids)} (or give "
                            "{dist: dirichlet, concentration: C})",
                            [*where, str(iid)],
                        )
                    d = _scalar(spec, [*where, str(iid)], ctx)
                    k = issue_ids.index(iid)
                    scalars.append(ScalarInput(f"{pid}.weights.{iid}", "weight", col, d, issue=k))
                if per_issue:
                    normalised.append(col)
        values = _mapping(body.get("values"), [*loc, "values"], ctx, "issues to options")
        for iid, options in values.items():
            where = [*loc, "values", str(iid)]
            if iid not in issue_ids:
                raise ctx.err(f"no issue {iid!r}; valid: {', '.join(issue_ids)}", where)
            k = issue_ids.index(iid)
            issue = scenario.issues[k]
            fn = party.preference.values.get(iid)
            if fn is not None and not isinstance(fn, TableValue):
                raise ctx.err(
                    f"party {pid!r} values issue {iid!r} with a {fn.kind} function; only "
                    "a table of option values can carry distributions",
                    where,
                )
            opts = _mapping(options, where, ctx, "options to distributions")
            labels = [str(o) for o in issue.options]
            for opt, spec in opts.items():
                if str(opt) not in labels:
                    raise ctx.err(
                        f"issue {iid!r} has no option {opt!r}; valid: {', '.join(labels)}",
                        [*where, str(opt)],
                    )
                d = _scalar(spec, [*where, str(opt)], ctx)
                j = labels.index(str(opt))
                scalars.append(
                    ScalarInput(f"{pid}.values.{iid}.{opt}", "value", col, d, issue=k, option=j)
                )
        reds = _mapping(body.get("red_lines"), [*loc, "red_lines"], ctx, "red-line ids")
        all_red = scenario.red_lines
        own = [r.id for r in party.red_lines]
        for rid, spec in reds.items():
            where = [*loc, "red_lines", str(rid)]
            if rid not in own:
                raise ctx.err(
                    f"party {pid!r} has no red line {rid!r}; valid: {', '.join(own) or 'none'}",
                    where,
                )
            doc_r: RedLineDoc = _parse(RedLineDoc, spec, where, ctx)
            if not 0.0 <= doc_r.p_real <= 1.0:
                raise ctx.err(f"p_real must be in [0, 1], got {doc_r.p_real}", [*where, "p_real"])
            index = next(i for i, r in enumerate(all_red) if r.party == pid and r.id == rid)
            red_inputs.append(
                RedLineInput(
                    f"{pid}.red_lines.{rid}", col, index, f"{pid}:{rid}", doc_r.p_real, doc_r.label
                )
            )
    return Uncertainty(
        tuple(scalars), tuple(weights), tuple(red_inputs), tuple(drifts), tuple(normalised)
    )


def _months_known(scenario: Scenario) -> bool:
    return (
        scenario.metadata.start_date is not None
        and scenario.deadline is not None
        and scenario.deadline.date is not None
    )
