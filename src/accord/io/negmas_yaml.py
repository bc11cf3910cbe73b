"""NegMAS YAML scenario folders: one outcome-space file and one file per utility function.

The domain file's ``type`` contains ``OutcomeSpace`` (``DiscreteCartesianOutcomeSpace``);
each ufun file's ``type`` contains ``Fun`` (``LinearAdditiveUtilityFunction``);
``_info.yaml`` and ``_stats.yaml`` are skipped. Issues: ``CategoricalIssue`` (values
list), ``ContiguousIssue`` (``values: [low, high]`` inclusive, or ``n`` for ``0..n-1``),
``ContinuousIssue`` (discretised like GENIUS real issues, or refused). Value functions:
``TableFun`` (``mapping``), ``AffineFun`` (``slope * x + bias``), ``LinearFun``
(``slope * x``), ``IdentityFun``, ``ConstFun`` (``value``). NegMAS does not normalise
utilities, and neither does this reader: ``u = sum_k w_k f_k(x_k)`` exactly as NegMAS
computes it (weights are stored normalised with their sum in ``Preference.scale``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import FormatError, ScenarioError
from accord.io.foreign_common import (
    DEFAULT_REAL_OPTIONS,
    Continuous,
    check_option_count,
    check_real_options,
    integer_issue,
    read_bytes,
    real_issue,
    to_float,
    to_int,
)
from accord.io.yaml_source import parse_yaml as parse_document
from accord.model import (
    Issue,
    IssueKind,
    Metadata,
    OptionValue,
    Origin,
    Party,
    Preference,
    Scenario,
    TableValue,
    ValueFunction,
)

_SKIP = {"_info", "_stats"}


def parse_yaml(path: Path) -> Any:
    """The data of a NegMAS YAML file, parsed safely.

    Raises :class:`FormatError` naming the file (and line) for a file that is missing,
    oversized, not UTF-8 or not valid YAML.
    """
    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"the file is not UTF-8 text: {exc.reason}", file=str(path)) from None
    try:
        return parse_document(text, str(path)).data
    except ScenarioError as exc:
        raise FormatError.of(exc) from None


def _type(doc: Any) -> str:
    return str(doc.get("type", "")) if isinstance(doc, dict) else ""


def _issues(
    doc: dict[str, Any], file: str, real_options: int, continuous: Continuous
) -> tuple[Issue, ...]:
    raw = doc.get("issues")
    if not isinstance(raw, list) or not raw:
        raise FormatError(
            "the outcome space needs a non-empty list 'issues'", file=file, path="issues"
        )
    out: list[Issue] = []
    seen: set[str] = set()
    for k, spec in enumerate(raw):
        where = f"issues[{k}]"
        if not isinstance(spec, dict):
            raise FormatError("an issue must be a mapping", file=file, path=where)
        name = spec.get("name")
        if not isinstance(name, str | int) or str(name) == "":
            raise FormatError("an issue needs a name", file=file, path=f"{where}.name")
        name = str(name)
        if name in seen:
            raise FormatError(f"duplicate issue name {name!r}", file=file, path=f"{where}.name")
        seen.add(name)
        kind = str(spec.get("type", ""))
        values = spec.get("values")
        if (
            "Categorical" in kind
            or "Ordinal" in kind
            or ("Discrete" in kind and isinstance(values, list))
        ):
            if not isinstance(values, list) or not values:
                raise FormatError(
                    "values must be a non-empty list", file=file, path=f"{where}.values"
                )
            opts: tuple[OptionValue, ...] = tuple(
                v if isinstance(v, str | int | float) and not isinstance(v, bool) else str(v)
                for v in values
            )
            if len(set(opts)) != len(opts):
                raise FormatError("duplicate values", file=file, path=f"{where}.values")
            ik = IssueKind.ORDINAL if "Ordinal" in kind else IssueKind.CATEGORICAL
            out.append(Issue(name, name, ik, opts))
        elif "Contiguous" in kind:
            if isinstance(values, list) and len(values) == 2:
                lo = to_int(values[0], file=file, path=f"{where}.values[0]")
                hi = to_int(values[1], file=file, path=f"{where}.values[1]")
            else:
                n = to_int(values, file=file, path=f"{where}.values")
                lo, hi = 0, n - 1
            if hi < lo:
                raise FormatError(f"empty range [{lo}, {hi}]", file=file, path=f"{where}.values")
            check_option_count(lo, hi, 1.0, file=file, path=f"{where}.values")
            out.append(integer_issue(name, lo, hi))
        elif "Continuous" in kind:
            if not (isinstance(values, list) and len(values) == 2):
                raise FormatError(
                    "a continuous issue needs values: [low, high]",
                    file=file,
                    path=f"{where}.values",
                )
            lo_f = to_float(values[0], file=file, path=f"{where}.values[0]")
            hi_f = to_float(values[1], file=file, path=f"{where}.values[1]")
            out.append(
                real_issue(
                    name,
                    lo_f,
                    hi_f,
                    real_options=real_options,
                    continuous=continuous,
                    file=file,
                    path=where,
                )
            )
        else:
            raise FormatError(
                f"unknown issue type {kind!r}; expected CategoricalIssue, ContiguousIssue or "
                "ContinuousIssue",
                file=file,
                path=f"{where}.type",
            )
    return tuple(out)


def _value_fn(issue: Issue, spec: Any, file: str, where: str) -> ValueFunction:
    if not isinstance(spec, dict):
        raise FormatError("a value function must be a mapping with a type", file=file, path=where)
    kind = str(spec.get("type", ""))
    if "Table" in kind:
        mapping = spec.get("mapping")
        if not isinstance(mapping, dict):
            raise FormatError("TableFun needs a mapping", file=file, path=f"{where}.mapping")
        keyed = {str(k): v for k, v in mapping.items()}
        vals = []
        for o in issue.options:
            if o in mapping:
                v = mapping[o]
            elif str(o) in keyed:
                v = keyed[str(o)]
            else:
                raise FormatError(
                    f"no value for option {o!r} of issue {issue.id!r}",
                    file=file,
                    path=f"{where}.mapping",
                )
            vals.append(to_float(v, file=file, path=f"{where}.mapping.{o}"))
        extra = [k for k in keyed if k not in {str(o) for o in issue.options}]
        if extra:
            raise FormatError(
                f"mapping key(s) {extra} are not values of issue {issue.id!r}",
                file=file,
                path=f"{where}.mapping",
            )
        return TableValue(tuple(vals))
    if kind in {"AffineFun", "LinearFun", "IdentityFun", "ConstFun"}:
        if issue.kind is not IssueKind.NUMERIC and kind != "ConstFun":
            raise FormatError(f"{kind} on non-numeric issue {issue.id!r}", file=file, path=where)
        slope = 1.0 if kind == "IdentityFun" else 0.0
        bias = 0.0
        if kind in {"AffineFun", "LinearFun"}:
            slope = to_float(spec.get("slope"), file=file, path=f"{where}.slope")
        if kind == "AffineFun":
            bias = to_float(spec.get("bias", 0.0), file=file, path=f"{where}.bias")
        if kind == "ConstFun":
            bias = to_float(spec.get("value"), file=file, path=f"{where}.value")
            return TableValue(tuple(bias for _ in issue.options))
        x = np.asarray(issue.options, dtype=np.float64)
        return TableValue(tuple(float(v) for v in slope * x + bias))
    raise FormatError(
        f"unsupported value function {kind!r}; expected TableFun, AffineFun, LinearFun, "
        "IdentityFun or ConstFun",
        file=file,
        path=f"{where}.type",
    )


def _ufun(doc: dict[str, Any], file: str, issues: tuple[Issue, ...]) -> tuple[Preference, float]:
    kind = _type(doc)
    if "LinearAdditive" not in kind:
        raise FormatError(
            f"unsupported utility function type {kind!r}; accord reads "
            "LinearAdditiveUtilityFunction",
            file=file,
            path="type",
        )
    vals = doc.get("values")
    if isinstance(vals, dict):
        extra = [k for k in vals if k not in {i.id for i in issues}]
        if extra:
            raise FormatError(f"values for unknown issue(s) {extra}", file=file, path="values")
        vals = [vals.get(i.id) for i in issues]
    if not isinstance(vals, list) or len(vals) != len(issues):
        raise FormatError(
            f"'values' must list one value function per issue ({len(issues)})",
            file=file,
            path="values",
        )
    fns: dict[str, ValueFunction] = {}
    for k, (issue, spec) in enumerate(zip(issues, vals, strict=True)):
        if spec is None:
            raise FormatError(
                f"no value function for issue {issue.id!r}", file=file, path=f"values[{k}]"
            )
        fns[issue.id] = _value_fn(issue, spec, file, f"values[{k}]")
    w = doc.get("weights")
    if w is None:
        weights = [1.0] * len(issues)
    elif isinstance(w, list) and len(w) == len(issues):
        weights = [to_float(x, file=file, path=f"weights[{k}]") for k, x in enumerate(w)]
    elif isinstance(w, dict):
        weights = [to_float(w.get(i.id), file=file, path=f"weights.{i.id}") for i in issues]
    else:
        raise FormatError(f"'weights' must list {len(issues)} numbers", file=file, path="weights")
    for k, x in enumerate(weights):
        if x < 0:
            raise FormatError(f"weight {x!r} is negative", file=file, path=f"weights[{k}]")
    total = sum(weights)
    scale = total if total > 0 else 1.0
    pref = Preference(
        weights={i.id: x / scale for i, x in zip(issues, weights, strict=True)},
        values=fns,
        scale=scale,
    )
    rv = doc.get("reserved_value", 0.0)
    reservation = to_float(rv, file=file, path="reserved_value") if rv is not None else 0.0
    return pref, reservation


def load_negmas(
    path: Path,
    *,
    real_options: int = DEFAULT_REAL_OPTIONS,
    continuous: Continuous = "discretize",
) -> Scenario:
    """Read a NegMAS YAML scenario folder (or any YAML file in it)."""
    check_real_options(real_options)
    folder = path if path.is_dir() else path.parent
    files = sorted(
        p for p in folder.iterdir() if p.suffix.lower() in {".yml", ".yaml"} and p.stem not in _SKIP
    )
    domains: list[tuple[Path, dict[str, Any]]] = []
    ufuns: list[tuple[Path, dict[str, Any]]] = []
    for p in files:
        doc = parse_yaml(p)
        t = _type(doc)
        if "OutcomeSpace" in t:
            domains.append((p, doc))
        elif "Fun" in t:
            ufuns.append((p, doc))
    if len(domains) != 1:
        raise FormatError(
            f"a NegMAS folder holds exactly one outcome-space file (type ...OutcomeSpace); "
            f"found {len(domains)}",
            file=str(folder),
        )
    if not ufuns:
        raise FormatError("no utility-function file (type ...Fun) in the folder", file=str(folder))
    dpath, ddoc = domains[0]
    issues = _issues(ddoc, str(dpath), real_options, continuous)
    parties = []
    for p, doc in ufuns:
        pref, rv = _ufun(doc, str(p), issues)
        parties.append(
            Party(
                id=p.stem,
                name=str(doc.get("name") or p.stem),
                reservation_value=rv,
                preference=pref,
            )
        )
    return Scenario(
        metadata=Metadata(
            id=folder.name, title=str(ddoc.get("name") or folder.name), summary="NegMAS scenario"
        ),
        parties=tuple(parties),
        issues=issues,
        origin=Origin(format="negmas", file=str(folder), folder=folder),
    )
