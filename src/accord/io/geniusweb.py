"""GeniusWeb JSON: a domain file plus one ``LinearAdditiveUtilitySpace`` profile per party.

Both dialects are read: ``DiscreteValueSetUtilities``/``NumberValueSetUtilities`` and the
older ``discreteutils``/``numberutils``. A number issue's utility is linear from
``(lowValue, lowUtility)`` to ``(highValue, highUtility)`` and 0 outside that range
(GeniusWeb ``NumberValueSetUtilities``). ``reservationBid`` becomes the reservation
value: the profile's utility of that bid. Utilities must lie in [0, 1]; weights are
normalised to sum to one (with a warning when they do not already).

Party ids are the profile file names without extension, in file-name order.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import AccordWarning, FormatError, ScenarioError
from accord.io.foreign_common import (
    check_option_count,
    format_number,
    normalize_weights,
    pack_preference,
    read_bytes,
    to_float,
    warn_inexact,
)
from accord.io.limits import HugeInteger, bounded_int
from accord.io.yaml_source import check_data, huge_json_integer
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
from accord.outputs import write_output
from accord.tolerance import EXACT, TOLERANCE

_DISCRETE_KEYS = ("DiscreteValueSetUtilities", "discreteutils")
_NUMBER_KEYS = ("NumberValueSetUtilities", "numberutils")
_PROFILE_KEYS = ("LinearAdditiveUtilitySpace", "LinearAdditive")
_OTHER_PROFILES = ("SumOfGroupsUtilitySpace", "DefaultPartialOrdering")


def parse_json(path: Path) -> Any:
    """Parse ``path`` as JSON with a precise error."""
    text = read_bytes(path)
    try:
        data = json.loads(text, parse_int=bounded_int)
    except HugeInteger as exc:
        try:
            decoded = text.decode("utf-8")
        except UnicodeDecodeError:
            decoded = ""
        raise FormatError.of(huge_json_integer(decoded, str(path), exc)) from None
    except RecursionError:
        raise FormatError("the JSON is nested too deeply to read", file=str(path)) from None
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"malformed JSON: {exc.msg} (column {exc.colno})", file=str(path), line=exc.lineno
        ) from None
    except UnicodeDecodeError as exc:
        raise FormatError(f"the file is not UTF-8 text: {exc.reason}", file=str(path)) from None
    try:
        check_data(data, str(path))
    except ScenarioError as exc:
        raise FormatError(exc.message, file=str(path)) from None
    return data


def _require(obj: Any, key: str, kind: type, file: str, path: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise FormatError(f"missing key {key!r}", file=file, path=path)
    value = obj[key]
    if not isinstance(value, kind):
        raise FormatError(
            f"{key!r} must be a JSON {kind.__name__.replace('dict', 'object')}, got "
            f"{type(value).__name__}",
            file=file,
            path=f"{path}.{key}" if path else key,
        )
    return value


def _range_options(spec: Any, file: str, path: str) -> tuple[OptionValue, ...]:
    if isinstance(spec, list):
        if len(spec) != 3:
            raise FormatError("a range list must be [low, high, step]", file=file, path=path)
        low, high, step = spec
    elif isinstance(spec, dict):
        low, high = spec.get("low"), spec.get("high")
        step = spec.get("step", 1)
    else:
        raise FormatError("a range must be {low, high, step}", file=file, path=path)
    lo = to_float(low, file=file, path=f"{path}.low")
    hi = to_float(high, file=file, path=f"{path}.high")
    st = to_float(step, file=file, path=f"{path}.step")
    if st <= 0 or hi < lo:
        raise FormatError(
            f"range low={lo:g}, high={hi:g}, step={st:g} is empty; need low <= high and step > 0",
            file=file,
            path=path,
        )
    n = check_option_count(lo, hi, st, file=file, path=path)
    xs = lo + st * np.arange(n)
    if all(float(x).is_integer() for x in (lo, st)):
        return tuple(round(float(x)) for x in xs)
    return tuple(float(x) for x in xs)


def parse_domain(doc: Any, file: str, path: str = "") -> tuple[str, tuple[Issue, ...]]:
    """``(name, issues)`` of a GeniusWeb domain object."""
    where = f"{path}." if path else ""
    values = _require(doc, "issuesValues", dict, file, path)
    name = doc.get("name", "")
    issues = []
    for issue_name, spec in values.items():
        ip = f"{where}issuesValues.{issue_name}"
        if isinstance(spec, dict) and "values" in spec:
            vals = spec["values"]
            if not isinstance(vals, list) or not vals:
                raise FormatError("values must be a non-empty list", file=file, path=ip)
            if all(isinstance(v, str) for v in vals):
                if len(set(vals)) != len(vals):
                    raise FormatError("duplicate values", file=file, path=ip)
                issues.append(Issue(issue_name, issue_name, IssueKind.CATEGORICAL, tuple(vals)))
                continue
            nums = tuple(to_float(v, file=file, path=f"{ip}.values") for v in vals)
            opts: tuple[OptionValue, ...] = tuple(
                int(x) if isinstance(v, int) else x for x, v in zip(nums, vals, strict=True)
            )
            lo, hi, step = min(nums), max(nums), None
        elif isinstance(spec, dict) and "range" in spec:
            opts = _range_options(spec["range"], file, f"{ip}.range")
            xs = [float(o) for o in opts]
            lo, hi, step = xs[0], xs[-1], (xs[1] - xs[0] if len(xs) > 1 else None)
        else:
            raise FormatError(
                'an issue needs {"values": [...]} or {"range": {"low", "high", "step"}}',
                file=file,
                path=ip,
            )
        issues.append(
            Issue(
                issue_name, issue_name, IssueKind.NUMERIC, opts, minimum=lo, maximum=hi, step=step
            )
        )
    if not issues:
        raise FormatError("the domain has no issues", file=file, path=f"{where}issuesValues")
    return str(name), tuple(issues)


def _issue_utilities(issue: Issue, spec: Any, file: str, path: str) -> ValueFunction:
    if not isinstance(spec, dict) or len(spec) != 1:
        raise FormatError(
            "an issue utility is one object keyed by its type "
            f"({', '.join(_DISCRETE_KEYS + _NUMBER_KEYS)})",
            file=file,
            path=path,
        )
    ((key, body),) = spec.items()
    kp = f"{path}.{key}"
    if key in _DISCRETE_KEYS:
        vu = _require(body, "valueUtilities", dict, file, kp)
        table = []
        for o in issue.options:
            if str(o) not in vu:
                raise FormatError(
                    f"no utility for value {o!r} of issue {issue.id!r}",
                    file=file,
                    path=f"{kp}.valueUtilities",
                )
        extra = [k for k in vu if k not in {str(o) for o in issue.options}]
        if extra:
            raise FormatError(
                f"value(s) {extra} are not values of issue {issue.id!r} in the domain "
                f"(valid: {[str(o) for o in issue.options]})",
                file=file,
                path=f"{kp}.valueUtilities",
            )
        for o in issue.options:
            u = to_float(vu[str(o)], file=file, path=f"{kp}.valueUtilities.{o}")
            if not -EXACT <= u <= 1 + EXACT:
                raise FormatError(
                    f"utility {u!r} of value {o!r} is outside [0, 1]",
                    file=file,
                    path=f"{kp}.valueUtilities.{o}",
                )
            table.append(u)
        return TableValue(tuple(table))
    if key in _NUMBER_KEYS:
        if issue.kind is not IssueKind.NUMERIC:
            raise FormatError(
                f"number utilities on issue {issue.id!r}, whose values are not numbers",
                file=file,
                path=kp,
            )
        lv = to_float(body.get("lowValue"), file=file, path=f"{kp}.lowValue")
        hv = to_float(body.get("highValue"), file=file, path=f"{kp}.highValue")
        lu = to_float(body.get("lowUtility"), file=file, path=f"{kp}.lowUtility")
        hu = to_float(body.get("highUtility"), file=file, path=f"{kp}.highUtility")
        for name, u in (("lowUtility", lu), ("highUtility", hu)):
            if not 0.0 <= u <= 1.0:
                raise FormatError(f"{name} {u!r} is outside [0, 1]", file=file, path=f"{kp}.{name}")
        if hv <= lv:
            raise FormatError(f"highValue {hv:g} must exceed lowValue {lv:g}", file=file, path=kp)
        x = np.asarray(issue.options, dtype=np.float64)
        y = lu + (hu - lu) * (x - lv) / (hv - lv)
        y[(x < lv) | (x > hv)] = 0.0
        return TableValue(tuple(float(v) for v in y))
    if key in _OTHER_PROFILES:
        raise FormatError(f"unsupported utility type {key!r}", file=file, path=kp)
    raise FormatError(
        f"unknown issue utility type {key!r}; expected one of "
        f"{', '.join(_DISCRETE_KEYS + _NUMBER_KEYS)}",
        file=file,
        path=kp,
    )


def _same_domain(a: tuple[Issue, ...], b: tuple[Issue, ...]) -> str | None:
    da = {i.id: [str(o) for o in i.options] for i in a}
    db = {i.id: [str(o) for o in i.options] for i in b}
    if set(da) != set(db):
        return f"issues {sorted(db)} differ from the domain's {sorted(da)}"
    for k, values in da.items():
        if sorted(values) != sorted(db[k]):
            return f"issue {k!r} has values {db[k]}, the domain has {values}"
    return None


def parse_profile(doc: Any, file: str, issues: tuple[Issue, ...]) -> tuple[Preference, float]:
    """``(preference, reservation value)`` of a GeniusWeb profile document."""
    if not isinstance(doc, dict) or len(doc) != 1:
        raise FormatError(
            'a profile is one object keyed by its type, e.g. {"LinearAdditiveUtilitySpace": ...}',
            file=file,
        )
    ((key, body),) = doc.items()
    if key in _OTHER_PROFILES:
        raise FormatError(
            f"profile type {key!r} is not supported; accord reads LinearAdditiveUtilitySpace",
            file=file,
            path=key,
        )
    if key not in _PROFILE_KEYS:
        raise FormatError(
            f"unknown profile type {key!r}; expected LinearAdditiveUtilitySpace",
            file=file,
            path=key,
        )
    if not isinstance(body, dict):
        raise FormatError(
            f"a {key} is an object (issueUtilities, issueWeights, ...), not a "
            f"{type(body).__name__}",
            file=file,
            path=key,
        )
    if "domain" in body:
        _, embedded = parse_domain(body["domain"], file, f"{key}.domain")
        diff = _same_domain(issues, embedded)
        if diff:
            raise FormatError(
                f"the embedded domain does not match: {diff}", file=file, path=f"{key}.domain"
            )
    utils = _require(body, "issueUtilities", dict, file, key)
    weights_doc = _require(body, "issueWeights", dict, file, key)
    ids = [i.id for i in issues]
    for name, keys in (("issueUtilities", list(utils)), ("issueWeights", list(weights_doc))):
        extra = [k for k in keys if k not in ids]
        missing = [k for k in ids if k not in keys]
        if extra or missing:
            raise FormatError(
                f"{name} must name exactly the domain's issues {ids}"
                + (f"; unknown: {extra}" if extra else "")
                + (f"; missing: {missing}" if missing else ""),
                file=file,
                path=f"{key}.{name}",
            )
    values = {
        i.id: _issue_utilities(i, utils[i.id], file, f"{key}.issueUtilities.{i.id}") for i in issues
    }
    weights = {
        i.id: to_float(weights_doc[i.id], file=file, path=f"{key}.issueWeights.{i.id}")
        for i in issues
    }
    weights = normalize_weights(weights, file=file, path=f"{key}.issueWeights")
    pref = Preference(weights=weights, values=values)
    reservation = 0.0
    bid = body.get("reservationBid")
    if bid is not None:
        bp = f"{key}.reservationBid"
        iv = _require(bid, "issuevalues", dict, file, bp)
        total = 0.0
        for i in issues:
            if i.id not in iv:
                raise FormatError(
                    f"the reservation bid gives no value for issue {i.id!r}",
                    file=file,
                    path=f"{bp}.issuevalues",
                )
            v = iv[i.id]
            try:
                pos = i.index(v) if i.kind is IssueKind.NUMERIC else i.options.index(str(v))
            except (KeyError, ValueError):
                raise FormatError(
                    f"value {v!r} is not a value of issue {i.id!r}",
                    file=file,
                    path=f"{bp}.issuevalues.{i.id}",
                ) from None
            total += float(pref.issue_values(i)[pos])
        reservation = total
    return pref, reservation


def _kind(doc: Any) -> str | None:
    if isinstance(doc, dict):
        if "issuesValues" in doc:
            return "domain"
        if len(doc) == 1 and next(iter(doc)) in _PROFILE_KEYS + _OTHER_PROFILES:
            return "profile"
    return None


def load_geniusweb(path: Path) -> Scenario:
    """Read a GeniusWeb folder (domain JSON + profile JSONs), or one profile file with its
    embedded domain and its sibling profiles."""
    folder = path if path.is_dir() else path.parent
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".json")
    domains: list[tuple[Path, Any]] = []
    profiles: list[tuple[Path, Any]] = []
    for p in files:
        try:
            doc = parse_json(p)
        except FormatError as exc:
            if path.is_dir() or p == path:
                raise
            # a file was named: a sibling that is not readable JSON is not part of it
            warnings.warn(
                f"{p}: skipped beside {path.name}, not readable as GeniusWeb JSON ({exc.message})",
                AccordWarning,
                stacklevel=2,
            )
            continue
        kind = _kind(doc)
        if kind == "domain":
            domains.append((p, doc))
        elif kind == "profile":
            profiles.append((p, doc))
    if len(domains) > 1:
        raise FormatError(
            f"{len(domains)} domain files ({', '.join(p.name for p, _ in domains)}); "
            "a GeniusWeb folder holds one",
            file=str(folder),
        )
    if not profiles:
        raise FormatError(
            "no GeniusWeb profile (LinearAdditiveUtilitySpace) in the folder", file=str(folder)
        )
    if domains:
        dpath, ddoc = domains[0]
        name, issues = parse_domain(ddoc, str(dpath))
    else:
        ppath, pdoc = profiles[0]
        body = next(iter(pdoc.values()))
        if not isinstance(body, dict) or "domain" not in body:
            raise FormatError("no domain file and no embedded domain", file=str(ppath))
        name, issues = parse_domain(body["domain"], str(ppath), "domain")
    parties = []
    for p, doc in profiles:
        pref, rv = parse_profile(doc, str(p), issues)
        parties.append(Party(id=p.stem, name=p.stem, reservation_value=rv, preference=pref))
    return Scenario(
        metadata=Metadata(id=folder.name, title=name or folder.name, summary="GeniusWeb domain"),
        parties=tuple(parties),
        issues=issues,
        origin=Origin(format="geniusweb", file=str(folder), folder=folder),
    )


# -- writing -------------------------------------------------------------------------------


def _domain_doc(name: str, issues: tuple[Issue, ...], numeric: set[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for i in issues:
        if i.id in numeric:
            xs = [float(o) for o in i.options]
            step = xs[1] - xs[0] if len(xs) > 1 else 1.0
            conv = int if all(isinstance(o, int) for o in i.options) else float
            values[i.id] = {"range": {"low": conv(xs[0]), "high": conv(xs[-1]), "step": conv(step)}}
        else:
            values[i.id] = {"values": [str(o) for o in i.options]}
    return {"name": name, "issuesValues": values}


def write_geniusweb(scenario: Scenario, out: Path) -> list[Path]:
    """Write ``scenario`` as a GeniusWeb folder ``out`` (created); returns the files.

    Numeric issues on an even grid whose value functions are all linear become ``range``
    issues with ``NumberValueSetUtilities``; every other issue becomes a discrete issue
    (values as strings) with ``DiscreteValueSetUtilities``. Profiles are written exactly
    when their weights sum to one and they carry no offset; otherwise as a positive affine
    transform with a warning. The reservation value is written as ``reservationBid``
    only when some outcome has exactly that utility; otherwise it is dropped with a
    warning (GeniusWeb holds a reservation *bid*, not a value).
    """
    for p in scenario.parties:
        if not p.preference.is_additive:
            raise FormatError(
                f"party {p.id!r} has a non-additive (hyper-rectangle) profile; GeniusWeb "
                "LinearAdditiveUtilitySpace cannot hold it: write GENIUS XML instead",
                path=f"parties[{p.id}].preference",
            )
    out.mkdir(parents=True, exist_ok=True)
    issues = scenario.issues
    packs = {p.id: pack_preference(p.preference, issues, unit_max=False) for p in scenario.parties}
    numeric: set[str] = set()
    for i in issues:
        if i.kind is not IssueKind.NUMERIC or i.size < 2:
            continue
        x = np.asarray(i.options, dtype=np.float64)
        grid = np.linspace(x[0], x[-1], x.size)
        if not np.allclose(grid, x, rtol=0, atol=EXACT * max(1.0, float(np.abs(x).max()))):
            continue
        if all(
            np.all(np.abs(v - (v[0] + (v[-1] - v[0]) * (x - x[0]) / (x[-1] - x[0]))) <= EXACT)
            for v in (pk.issues[i.id].values for pk in packs.values())
        ):
            numeric.add(i.id)
    for i in issues:
        if i.kind is IssueKind.NUMERIC and i.id not in numeric:
            warnings.warn(
                f"numeric issue {i.id!r} is written as GeniusWeb discrete values (strings): "
                "a party's value function on it is not linear on an even grid",
                AccordWarning,
                stacklevel=2,
            )
    written = []
    dom = _domain_doc(scenario.id, issues, numeric)
    dpath = out / f"{scenario.id}.json"
    write_output(dpath, json.dumps(dom, indent=2) + "\n")
    written.append(dpath)
    for p in scenario.parties:
        pk = packs[p.id]
        warn_inexact("GeniusWeb", p.id, pk)
        utils: dict[str, Any] = {}
        for i in issues:
            v = pk.issues[i.id].values
            if i.id in numeric:
                utils[i.id] = {
                    "NumberValueSetUtilities": {
                        "lowValue": i.options[0],
                        "lowUtility": float(v[0]),
                        "highValue": i.options[-1],
                        "highUtility": float(v[-1]),
                    }
                }
            else:
                utils[i.id] = {
                    "DiscreteValueSetUtilities": {
                        "valueUtilities": {str(o): float(v[j]) for j, o in enumerate(i.options)}
                    }
                }
        body: dict[str, Any] = {
            "name": p.id,
            "domain": dom,
            "issueUtilities": utils,
            "issueWeights": {i.id: pk.issues[i.id].weight for i in issues},
        }
        rv = (p.reservation_value - pk.constant) / pk.factor
        bid = _bid_with_utility(issues, pk, rv)
        if bid is not None:
            body["reservationBid"] = {"issuevalues": bid}
        elif rv > EXACT:
            warnings.warn(
                f"party {p.id!r}: no outcome has utility exactly {format_number(rv)}, its "
                "reservation value; GeniusWeb holds a reservation bid, so it is dropped",
                AccordWarning,
                stacklevel=2,
            )
        ppath = out / f"{p.id}.json"
        if ppath == dpath:
            raise FormatError(f"party id {p.id!r} collides with the domain file name")
        write_output(ppath, json.dumps({"LinearAdditiveUtilitySpace": body}, indent=2) + "\n")
        written.append(ppath)
    return written


def _bid_with_utility(issues: tuple[Issue, ...], pk: Any, target: float) -> dict[str, Any] | None:
    """An outcome whose utility is ``target`` (to :data:`accord.tolerance.TOLERANCE`),
    searched issue by issue
    (meet-in-the-middle would be overkill: profiles come from GeniusWeb, where the
    reservation value *is* the utility of a bid)."""
    tables = [pk.issues[i.id].weight * pk.issues[i.id].values for i in issues]
    n = 1
    for t in tables:
        n *= t.size
    if n > 2_000_000:
        return None
    total = np.zeros(1)
    for t in tables:
        total = (total[:, None] + t[None, :]).ravel()
    hits = np.flatnonzero(np.abs(total - target) <= TOLERANCE)
    if hits.size == 0:
        return None
    pos = np.unravel_index(int(hits[0]), [t.size for t in tables])
    return {
        i.id: (i.options[int(k)] if i.kind is IssueKind.NUMERIC else str(i.options[int(k)]))
        for i, k in zip(issues, pos, strict=True)
    }
