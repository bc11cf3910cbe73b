"""GENIUS XML: a domain file plus one utility-space file per party.

Reading follows the published GENIUS semantics (``docs/interop.md``):

* discrete issue: ``evaluation / max(evaluation)`` per issue (GENIUS normalises since 2007);
* integer issue, ``ftype="linear"``: ``clamp(offset + slope * (x - lowerbound), 0, 1)``
  (``offset``/``slope`` attributes) or, in the older dialect, ``clamp(parameter0 +
  parameter1 * x, 0, 1)``; ``constant``: ``parameter0``; ``triangular``: 0 below
  ``parameter0``, 1 at ``parameter2``, 0 from ``parameter1`` on;
* real issue: the same evaluators on ``x``, the issue discretised into ``real_options``
  equally spaced options (default :data:`DEFAULT_REAL_OPTIONS`), or refused with
  ``continuous="refuse"``;
* weights: normalised to sum to one (with an :class:`~accord.errors.AccordWarning` when
  they do not already);
* ``<reservation value>`` kept as written (GENIUS does not clip it); ``<discount_factor>``
  kept on :attr:`Party.discount_factor`, where GENIUS's "0 or outside (0, 1] means no
  discounting" becomes 1.0;
* non-linear ANAC 2014 profiles (``<utility_space type="nonlinear">``): each
  ``hyperRectangle`` with ``INCLUDES`` bounds earns ``utility * weight`` inside its box,
  one with ``EXCLUDES`` bounds earns it *outside* its box (GENIUS ``ExclusiveHyperRectangle``);
  the sum is divided by ``maxutility``. An excluding box becomes a constant (``offset``)
  minus an including box, so the model stays a sum of boxes, evaluated vectorised.

Party ids are the profile file names without extension, in file-name order.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
import numpy as np
from defusedxml import DefusedXmlException

from accord.errors import AccordWarning, FormatError
from accord.io.foreign_common import (
    DEFAULT_REAL_OPTIONS,
    Continuous,
    check_option_count,
    check_real_options,
    format_number,
    integer_issue,
    is_integer_range,
    normalize_weights,
    pack_preference,
    read_bytes,
    real_issue,
    to_float,
    to_int,
    warn_inexact,
)
from accord.model import (
    HyperRectangle,
    Issue,
    IssueKind,
    LinearValue,
    Metadata,
    OptionValue,
    Origin,
    Party,
    PiecewiseLinearValue,
    Preference,
    Scenario,
    TableValue,
    ValueFunction,
)
from accord.tolerance import EXACT

#: File names in a GENIUS folder that are not XML documents of the format.
IGNORED_FILES = frozenset({"pareto.xml"})


@dataclass(frozen=True, slots=True)
class _DomainIssue:
    index: int
    name: str
    type: str  # "discrete" | "integer" | "real"
    values: tuple[str, ...] = ()
    lower: float = 0.0
    upper: float = 0.0


def parse_xml(path: Path) -> Element:
    """Parse ``path`` safely (no entity expansion, no external resources)."""
    data = read_bytes(path)
    try:
        root: Element = safe_et.fromstring(data)
    except ParseError as exc:
        line, col = getattr(exc, "position", (None, None))
        raise FormatError(
            f"malformed XML: {exc}; fix the markup (GENIUS files are plain XML, "
            "attribute values quoted and '<', '&' and '\"' escaped)",
            file=str(path),
            line=line,
            path=f"column {col}" if col is not None else None,
        ) from None
    except DefusedXmlException as exc:
        raise FormatError(
            f"refused XML: {exc}; entity declarations and external references are not "
            "allowed in negotiation files",
            file=str(path),
        ) from None
    except LookupError as exc:  # the XML declaration names an encoding Python lacks
        raise FormatError(
            f"malformed XML: {exc} in the XML declaration; save the file as UTF-8",
            file=str(path),
            line=1,
        ) from None
    return root


def _issue_type(el: Element) -> str:
    for attr in ("type", "vtype", "etype"):
        t = (el.get(attr) or "").strip().lower()
        if t in {"discrete", "integer", "real"}:
            return t
    if el.find("item") is not None:
        return "discrete"
    declared = el.get("type") or el.get("vtype") or el.get("etype") or ""
    return declared.lower() or "discrete"


def _bounds(el: Element, file: str, where: str, integer: bool) -> tuple[float, float]:
    src: Element = el
    if el.get("lowerbound") is None:
        rng = el.find("range")
        if rng is None:
            raise FormatError(
                "the issue has neither lowerbound/upperbound attributes nor a <range> child",
                file=file,
                path=where,
            )
        src = rng
    conv = to_int if integer else to_float
    lo = float(conv(src.get("lowerbound"), file=file, path=f"{where}@lowerbound"))
    hi = float(conv(src.get("upperbound"), file=file, path=f"{where}@upperbound"))
    if hi < lo:
        raise FormatError(
            f"upperbound {hi:g} is below lowerbound {lo:g}", file=file, path=f"{where}@upperbound"
        )
    return lo, hi


def _issue_where(el: Element) -> str:
    return f"issue[name={el.get('name')!r}]"


def _parse_domain_issues(root: Element, file: str) -> list[_DomainIssue]:
    issues: list[_DomainIssue] = []
    seen: set[str] = set()
    for el in root.iter("issue"):
        name = el.get("name")
        where = _issue_where(el)
        if name is None or not name.strip():
            raise FormatError("an <issue> has no name attribute", file=file, path="issue")
        if name in seen:
            raise FormatError(
                f"duplicate issue name {name!r}; issue names must be unique", file=file, path=where
            )
        seen.add(name)
        index = to_int(el.get("index", len(issues) + 1), file=file, path=f"{where}@index")
        kind = _issue_type(el)
        if kind == "discrete":
            values = []
            for j, item in enumerate(el.findall("item")):
                v = item.get("value")
                if v is None:
                    raise FormatError(
                        "an <item> has no value attribute", file=file, path=f"{where}/item[{j + 1}]"
                    )
                values.append(v)
            if not values:
                raise FormatError("the discrete issue has no <item>", file=file, path=where)
            if len(set(values)) != len(values):
                dup = sorted({v for v in values if values.count(v) > 1})
                raise FormatError(
                    f"duplicate item values {dup}; values must be unique", file=file, path=where
                )
            issues.append(_DomainIssue(index, name, "discrete", tuple(values)))
        elif kind in {"integer", "real"}:
            lo, hi = _bounds(el, file, where, kind == "integer")
            if kind == "integer":
                check_option_count(lo, hi, 1.0, file=file, path=where)
            issues.append(_DomainIssue(index, name, kind, (), lo, hi))
        else:
            raise FormatError(
                f"unknown issue type {kind!r}; GENIUS issues are discrete, integer or real",
                file=file,
                path=where,
            )
    if not issues:
        raise FormatError("the domain declares no <issue>", file=file, path="utility_space")
    return issues


def _model_issue(d: _DomainIssue, file: str, real_options: int, continuous: Continuous) -> Issue:
    if d.type == "discrete":
        return Issue(d.name, d.name, IssueKind.CATEGORICAL, d.values)
    if d.type == "integer":
        return integer_issue(d.name, int(d.lower), int(d.upper))
    return real_issue(
        d.name,
        d.lower,
        d.upper,
        real_options=real_options,
        continuous=continuous,
        file=file,
        path=f"issue[{d.name!r}]",
    )


# -- evaluators --------------------------------------------------------------------------


def _clamped_line(issue: Issue, offset: float, slope: float, origin: float) -> ValueFunction:
    """``clamp(offset + slope * (x - origin), 0, 1)`` as an exact value function."""
    lo, hi = float(issue.minimum or 0.0), float(issue.maximum or 0.0)
    y_lo = offset + slope * (lo - origin)
    y_hi = offset + slope * (hi - origin)
    if min(y_lo, y_hi) >= 0.0 and max(y_lo, y_hi) <= 1.0:
        return LinearValue(at_min=y_lo, at_max=y_hi)
    if slope == 0.0 or hi == lo:
        c = min(1.0, max(0.0, y_lo))
        return LinearValue(at_min=c, at_max=c)
    # Knots where the line crosses 0 and 1, inside the range; constant beyond.
    xs = [lo, hi]
    for level in (0.0, 1.0):
        x = origin + (level - offset) / slope
        if lo < x < hi:
            xs.append(x)
    xs.sort()
    points = tuple((x, min(1.0, max(0.0, offset + slope * (x - origin)))) for x in xs)
    return PiecewiseLinearValue(points=points)


def _triangular(issue: Issue, low: float, high: float, top: float) -> ValueFunction:
    x = np.asarray(issue.options, dtype=np.float64)
    y = np.zeros_like(x)
    up = (x >= low) & (x < top)
    if top > low:
        y[up] = (x[up] - low) / (top - low)
    down = (x >= top) & (x < high)
    if high > top:
        y[down] = 1.0 - (x[down] - top) / (high - top)
    return TableValue(tuple(float(v) for v in y))


def _evaluator(issue: Issue, d: _DomainIssue, el: Element, file: str, where: str) -> ValueFunction:
    ev = el.find("evaluator")
    if ev is None:
        raise FormatError(
            f"the {d.type} issue has no <evaluator>; give one, e.g. "
            '<evaluator ftype="linear" offset="0" slope="0.1"/>',
            file=file,
            path=where,
        )
    ftype = (ev.get("ftype") or "").lower()
    ew = f"{where}/evaluator"

    def param(name: str) -> float:
        return to_float(ev.get(name), file=file, path=f"{ew}@{name}")

    if ftype == "linear":
        if ev.get("slope") is not None or ev.get("offset") is not None:
            origin = d.lower if d.type == "integer" else 0.0
            return _clamped_line(issue, param("offset"), param("slope"), origin)
        return _clamped_line(issue, param("parameter0"), param("parameter1"), 0.0)
    if ftype == "constant":
        c = param("parameter0") if ev.get("parameter0") is not None else param("offset")
        return LinearValue(at_min=c, at_max=c)
    if ftype == "triangular":
        return _triangular(issue, param("parameter0"), param("parameter1"), param("parameter2"))
    raise FormatError(
        f"unsupported evaluator ftype {ev.get('ftype')!r}; use linear, constant or triangular",
        file=file,
        path=f"{ew}@ftype",
    )


def _discrete_values(
    issue: Issue, el: Element, file: str, where: str, allow_negative: bool
) -> TableValue:
    evals: dict[str, float] = {}
    for j, item in enumerate(el.findall("item")):
        iw = f"{where}/item[{j + 1}]"
        v = item.get("value")
        if v is None:
            raise FormatError("an <item> has no value attribute", file=file, path=iw)
        if v not in issue.options:
            raise FormatError(
                f"value {v!r} is not a value of issue {issue.id!r} in the domain "
                f"(valid: {list(issue.options)})",
                file=file,
                path=iw,
            )
        e = to_float(
            item.get("evaluation"), file=file, path=f"{iw}@evaluation", what="a numeric evaluation"
        )
        if e < 0 and not allow_negative:
            raise FormatError(
                f"evaluation {item.get('evaluation')!r} of value {v!r} is negative; "
                "GENIUS evaluations must be >= 0 (GENIUS refuses them too; "
                "allow_negative=True reads them as NegMAS does)",
                file=file,
                path=f"{iw}@evaluation",
            )
        evals[v] = e
    missing = [o for o in issue.options if o not in evals]
    if missing:
        raise FormatError(
            f"no evaluation for value(s) {missing} of issue {issue.id!r}; every domain value "
            "needs an <item value=... evaluation=...>",
            file=file,
            path=where,
        )
    top = max(evals.values())
    if top <= 0:
        warnings.warn(
            f"{file}: {where}: every evaluation is 0; the issue contributes nothing",
            AccordWarning,
            stacklevel=4,
        )
        return TableValue(tuple(0.0 for _ in issue.options))
    return TableValue(tuple(evals[str(o)] / top for o in issue.options))


def _scalar(root: Element, tag: str, file: str, default: float) -> float:
    el = root.find(f".//{tag}")
    if el is None:
        return default
    return to_float(el.get("value"), file=file, path=f"{tag}@value")


def _discount(root: Element, file: str) -> float:
    df = _scalar(root, "discount_factor", file, 1.0)
    # GENIUS (AbstractUtilitySpace.validateDiscount): 0 or outside (0, 1] means none.
    return df if 0.0 < df <= 1.0 else 1.0


def _profile_issue_elements(root: Element, file: str) -> dict[str, Element]:
    out: dict[str, Element] = {}
    for el in root.iter("issue"):
        name = el.get("name")
        if name is None:
            raise FormatError("an <issue> has no name attribute", file=file, path="issue")
        if name in out:
            raise FormatError(f"duplicate issue name {name!r}", file=file, path=_issue_where(el))
        out[name] = el
    return out


def _additive_profile(
    root: Element,
    file: str,
    domain: list[_DomainIssue],
    issues: tuple[Issue, ...],
    allow_negative: bool = False,
) -> Preference:
    elements = _profile_issue_elements(root, file)
    domain_names = [d.name for d in domain]
    extra = [n for n in elements if n not in domain_names]
    if extra:
        raise FormatError(
            f"the profile has issue(s) {extra} that the domain does not declare "
            f"(domain issues: {domain_names})",
            file=file,
            path=_issue_where(elements[extra[0]]),
        )
    missing = [n for n in domain_names if n not in elements]
    if missing:
        raise FormatError(
            f"the profile gives no evaluation for domain issue(s) {missing}",
            file=file,
            path="objective",
        )
    index_to_name: dict[int, str] = {}
    values: dict[str, ValueFunction] = {}
    for d, issue in zip(domain, issues, strict=True):
        el = elements[d.name]
        where = _issue_where(el)
        idx = to_int(el.get("index", d.index), file=file, path=f"{where}@index")
        index_to_name[idx] = d.name
        ptype = _issue_type(el)
        if el.find("item") is None and el.find("evaluator") is not None:
            ptype = d.type if d.type != "discrete" else ptype
        if ptype != d.type:
            raise FormatError(
                f"issue {d.name!r} is {ptype} here but {d.type} in the domain",
                file=file,
                path=where,
            )
        if d.type == "discrete":
            values[d.name] = _discrete_values(issue, el, file, where, allow_negative)
        else:
            values[d.name] = _evaluator(issue, d, el, file, where)
    weights: dict[str, float] = {}
    objectives = {o.get("index") for o in root.iter("objective")}
    for j, w in enumerate(root.iter("weight")):
        ww = f"weight[{j + 1}]"
        idx = to_int(w.get("index"), file=file, path=f"{ww}@index")
        if idx not in index_to_name and str(idx) in objectives:
            continue  # the weight of an objective (the root's is 1), not of an issue
        if idx not in index_to_name:
            raise FormatError(
                f"weight index {idx} names no issue of the profile "
                f"(issue indices: {sorted(index_to_name)})",
                file=file,
                path=f"{ww}@index",
            )
        name = index_to_name[idx]
        if name in weights:
            raise FormatError(f"two weights for issue {name!r}", file=file, path=ww)
        weights[name] = to_float(w.get("value"), file=file, path=f"{ww}@value")
    missing_w = [n for n in domain_names if n not in weights]
    if missing_w:
        raise FormatError(
            f"no <weight> for issue(s) {missing_w}", file=file, path="objective/weight"
        )
    weights = normalize_weights(weights, file=file, path="objective/weight")
    return Preference(weights=weights, values=values)


def _nonlinear_profile(
    root: Element, file: str, domain: list[_DomainIssue], issues: tuple[Issue, ...]
) -> Preference:
    by_index: dict[int, Issue] = {}
    profile_issues = list(root.iter("issue"))
    if profile_issues:
        names = {d.name: k for k, d in enumerate(domain)}
        for el in profile_issues:
            name = el.get("name")
            if name not in names:
                raise FormatError(
                    f"issue {name!r} is not declared by the domain (domain issues: {list(names)})",
                    file=file,
                    path=_issue_where(el),
                )
            idx = to_int(el.get("index"), file=file, path=f"{_issue_where(el)}@index")
            by_index[idx] = issues[names[name]]
    else:
        by_index = {d.index: issue for d, issue in zip(domain, issues, strict=True)}
    utility = root.find(".//utility")
    if utility is None:
        raise FormatError(
            'a nonlinear profile needs a <utility maxutility="..."> element',
            file=file,
            path="utility_space/objective",
        )
    max_u = to_float(utility.get("maxutility"), file=file, path="utility@maxutility")
    if max_u <= 0:
        raise FormatError(
            f"maxutility must be positive, got {utility.get('maxutility')!r}",
            file=file,
            path="utility@maxutility",
        )
    rects: list[HyperRectangle] = []
    constant = 0.0

    def visit(ufun: Element, weight: float, where: str) -> None:
        nonlocal constant
        agg = (ufun.get("aggregation") or "sum").lower()
        if agg != "sum":
            raise FormatError(
                f"unsupported aggregation {ufun.get('aggregation')!r}; only 'sum' is supported",
                file=file,
                path=f"{where}@aggregation",
            )
        w = weight * (
            to_float(ufun.get("weight"), file=file, path=f"{where}@weight")
            if ufun.get("weight") is not None
            else 1.0
        )
        for j, hr in enumerate(ufun.findall("hyperRectangle")):
            hw = f"{where}/hyperRectangle[{j + 1}]"
            u = to_float(hr.get("utility"), file=file, path=f"{hw}@utility")
            if hr.get("weight") is not None:
                u *= to_float(hr.get("weight"), file=file, path=f"{hw}@weight")
            u *= w
            inc = hr.findall("INCLUDES")
            exc = hr.findall("EXCLUDES")
            if inc and exc:
                raise FormatError(
                    "a hyperRectangle mixes INCLUDES and EXCLUDES; use one kind",
                    file=file,
                    path=hw,
                )
            if not inc and not exc:
                raise FormatError(
                    "a hyperRectangle has no INCLUDES or EXCLUDES bound", file=file, path=hw
                )
            bounds: list[tuple[str, OptionValue, OptionValue]] = []
            for b in inc or exc:
                bw = f"{hw}/{b.tag}"
                idx = to_int(b.get("index"), file=file, path=f"{bw}@index")
                if idx not in by_index:
                    raise FormatError(
                        f"bound on issue index {idx}, which the profile does not declare "
                        f"(indices: {sorted(by_index)})",
                        file=file,
                        path=f"{bw}@index",
                    )
                issue = by_index[idx]
                if issue.kind is not IssueKind.NUMERIC:
                    raise FormatError(
                        f"hyper-rectangles bound integer issues; {issue.id!r} is discrete",
                        file=file,
                        path=bw,
                    )
                lo = to_int(b.get("min"), file=file, path=f"{bw}@min")
                hi = to_int(b.get("max"), file=file, path=f"{bw}@max")
                if hi < lo:
                    raise FormatError(f"max {hi} is below min {lo}", file=file, path=bw)
                bounds.append((issue.id, lo, hi))
            if u == 0.0:
                continue
            if inc:
                rects.append(HyperRectangle(utility=u, bounds=tuple(bounds)))
            else:
                # Earned outside the box: u - u * [inside].
                constant += u
                rects.append(HyperRectangle(utility=-u, bounds=tuple(bounds)))
        for j, inner in enumerate(ufun.findall("ufun")):
            visit(inner, w, f"{where}/ufun[{j + 1}]")

    top = utility.findall("ufun")
    if not top:
        raise FormatError("<utility> has no <ufun>", file=file, path="utility")
    for j, ufun in enumerate(top):
        visit(ufun, 1.0, f"utility/ufun[{j + 1}]")
    return Preference(rectangles=tuple(rects), offset=constant / max_u, scale=1.0 / max_u)


# -- folder --------------------------------------------------------------------------------


def genius_files(folder: Path) -> tuple[Path, list[Path], dict[Path, Element]]:
    """The domain file and profile files of a GENIUS folder, parsed."""
    xmls = sorted(
        p for p in folder.iterdir() if p.suffix.lower() == ".xml" and p.name not in IGNORED_FILES
    )
    parsed: dict[Path, Element] = {}
    domains: list[Path] = []
    profiles: list[Path] = []
    for p in xmls:
        root = parse_xml(p)
        parsed[p] = root
        if root.tag == "negotiation_template":
            domains.append(p)
        elif root.tag == "utility_space":
            profiles.append(p)
    if not domains:
        raise FormatError(
            "no GENIUS domain file (root element <negotiation_template>) in the folder",
            file=str(folder),
        )
    if len(domains) > 1:
        raise FormatError(
            f"{len(domains)} domain files ({', '.join(p.name for p in domains)}); a GENIUS "
            "folder holds exactly one",
            file=str(folder),
        )
    if not profiles:
        raise FormatError(
            "no utility-space (profile) file (root element <utility_space>) in the folder; "
            "each party needs one",
            file=str(folder),
        )
    return domains[0], profiles, parsed


def load_genius(
    path: Path,
    *,
    real_options: int = DEFAULT_REAL_OPTIONS,
    continuous: Continuous = "discretize",
    allow_negative: bool = False,
) -> Scenario:
    """Read a GENIUS folder (or its domain file) into a :class:`Scenario`.

    Parameters
    ----------
    path
        The folder, or any XML file in it.
    real_options
        Number of equally spaced options a real issue is discretised into.
    continuous
        ``"discretize"`` (default) or ``"refuse"`` (a real issue is an error).
    allow_negative
        Accept negative discrete evaluations (GENIUS refuses them; NegMAS exports write
        them); they are divided by the issue's largest evaluation all the same.
    """
    check_real_options(real_options)
    folder = path if path.is_dir() else path.parent
    domain_path, profile_paths, parsed = genius_files(folder)
    dfile = str(domain_path)
    droot = parsed[domain_path]
    space = droot.find("utility_space")
    domain = _parse_domain_issues(space if space is not None else droot, dfile)
    issues = tuple(_model_issue(d, dfile, real_options, continuous) for d in domain)
    parties = []
    for p in profile_paths:
        root = parsed[p]
        file = str(p)
        if (root.get("type") or "").lower() == "nonlinear":
            pref = _nonlinear_profile(root, file, domain, issues)
        else:
            pref = _additive_profile(root, file, domain, issues, allow_negative)
        parties.append(
            Party(
                id=p.stem,
                name=p.stem,
                reservation_value=_scalar(root, "reservation", file, 0.0),
                preference=pref,
                discount_factor=_discount(root, file),
            )
        )
    ids = [party.id for party in parties]
    if len(set(ids)) != len(ids):
        raise FormatError("two profile files share a name", file=str(folder))
    meta = Metadata(id=folder.name, title=folder.name, summary=f"GENIUS domain {domain_path.name}")
    return Scenario(
        metadata=meta,
        parties=tuple(parties),
        issues=issues,
        origin=Origin(format="genius", file=str(path), folder=folder, domain_file=domain_path.name),
    )


# -- writing -------------------------------------------------------------------------------


def _fit_clamped_line(
    x: np.ndarray[Any, Any], y: np.ndarray[Any, Any]
) -> tuple[float, float] | None:
    """``(offset, slope)`` with ``clamp(offset + slope * (x - x[0]), 0, 1) == y``, if any."""
    if y.min() < -EXACT or y.max() > 1 + EXACT:
        return None
    cands: list[tuple[float, float]] = []
    if x.size == 1:
        cands.append((float(y[0]), 0.0))
    else:
        cands.append((float(y[0]), float((y[-1] - y[0]) / (x[-1] - x[0]))))
        inner = np.flatnonzero((y > EXACT) & (y < 1 - EXACT))
        if inner.size >= 2:
            i, j = int(inner[0]), int(inner[1])
            slope = float((y[j] - y[i]) / (x[j] - x[i]))
            cands.append((float(y[i] - slope * (x[i] - x[0])), slope))
    for offset, slope in cands:
        fit = np.clip(offset + slope * (x - x[0]), 0.0, 1.0)
        if np.all(np.abs(fit - y) <= EXACT):
            return offset, slope
    return None


def _is_even_grid(issue: Issue) -> bool:
    x = np.asarray(issue.options, dtype=np.float64)
    if x.size < 2:
        return False
    grid = np.linspace(x[0], x[-1], x.size)
    return bool(np.all(np.abs(grid - x) <= EXACT * max(1.0, float(np.abs(x).max()))))


def _sub(parent: Element, tag: str, **attrs: str) -> Element:
    el = Element(tag, attrs)
    parent.append(el)
    return el


def _write_tree(root: Element, out: Path) -> None:
    from xml.etree.ElementTree import ElementTree, indent

    from accord.outputs import atomic_output

    indent(root, space=" ")
    with atomic_output(out) as tmp:
        ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)


def write_genius(scenario: Scenario, out: Path) -> list[Path]:
    """Write ``scenario`` as a GENIUS folder ``out`` (created); returns the files written.

    Categorical/ordinal issues become discrete issues; numeric issues whose options are
    consecutive integers become integer issues when every party's value function on them
    is a clamped line (else discrete items, with a warning); other numeric issues become
    real issues when every value function is linear on an even grid (read them back with
    ``real_options`` equal to their number of options), else discrete items. Additive
    profiles are written exactly when their weights sum to one and they carry no offset
    (true of everything read from GENIUS or GeniusWeb); otherwise as a positive affine
    transform, with a warning. Profiles with hyper-rectangles become non-linear profiles.
    """
    out.mkdir(parents=True, exist_ok=True)
    issues = scenario.issues
    packs = {}
    for p in scenario.parties:
        if not p.preference.is_additive:
            continue
        # GENIUS divides discrete evaluations by their maximum but not integer/real ones.
        direct = pack_preference(p.preference, issues, unit_max=False)
        if direct.exact and all(
            float(direct.issues[i.id].values.max()) in (0.0, 1.0)
            for i in issues
            if i.kind is not IssueKind.NUMERIC
        ):
            packs[p.id] = direct
        else:
            packs[p.id] = pack_preference(p.preference, issues)
    nonlinear = [p for p in scenario.parties if not p.preference.is_additive]
    kinds: dict[str, str] = {}
    lines: dict[tuple[str, str], tuple[float, float]] = {}
    for issue in issues:
        if issue.kind is not IssueKind.NUMERIC:
            kinds[issue.id] = "discrete"
            continue
        integer = is_integer_range(issue)
        x = np.asarray(issue.options, dtype=np.float64)
        ok = integer or _is_even_grid(issue)
        for pid, pk in packs.items():
            if not ok:
                break
            fit = _fit_clamped_line(x, pk.issues[issue.id].values)
            if fit is None:  # GENIUS clamps real and integer linear evaluators alike
                ok = False
            else:
                lines[(pid, issue.id)] = fit
        if ok:
            kinds[issue.id] = "integer" if integer else "real"
        elif nonlinear and integer:
            ok = True
            kinds[issue.id] = "integer"
        else:
            kinds[issue.id] = "discrete"
            warnings.warn(
                f"numeric issue {issue.id!r} is written as GENIUS discrete items: a "
                "party's value function on it is not a (clamped) line",
                AccordWarning,
                stacklevel=2,
            )
    for p in nonlinear:
        for r in p.preference.rectangles:
            for issue_id, _, _ in r.bounds:
                if kinds.get(issue_id) != "integer":
                    raise FormatError(
                        f"party {p.id!r} has a hyper-rectangle on issue {issue_id!r}, which "
                        "is not an integer range; GENIUS non-linear profiles bound integer "
                        "issues only",
                        path=f"parties[{p.id}].preference.rectangles",
                    )
        for issue in issues:
            if p.preference.values.get(issue.id) is not None and kinds[issue.id] != "integer":
                raise FormatError(
                    f"party {p.id!r} mixes hyper-rectangles with a value function on "
                    f"non-integer issue {issue.id!r}; GENIUS cannot hold that",
                    path=f"parties[{p.id}].preference.values",
                )

    def issue_el(parent: Element, k: int, issue: Issue) -> Element:
        kind = kinds[issue.id]
        attrs = {"index": str(k + 1), "name": issue.id, "type": kind, "etype": kind, "vtype": kind}
        if kind == "integer":
            attrs["lowerbound"] = str(int(issue.options[0]))
            attrs["upperbound"] = str(int(issue.options[-1]))
        el = _sub(parent, "issue", **attrs)
        if kind == "real":
            _sub(
                el,
                "range",
                lowerbound=repr(float(issue.options[0])),
                upperbound=repr(float(issue.options[-1])),
            )
        return el

    written: list[Path] = []
    dom = Element("negotiation_template")
    space = _sub(dom, "utility_space", number_of_issues=str(len(issues)))
    obj = _sub(space, "objective", index="0", name="root", type="objective", etype="objective")
    for k, issue in enumerate(issues):
        el = issue_el(obj, k, issue)
        if kinds[issue.id] == "discrete":
            for j, o in enumerate(issue.options):
                _sub(el, "item", index=str(j + 1), value=str(o))
    dpath = out / f"{scenario.id}-domain.xml"
    _write_tree(dom, dpath)
    written.append(dpath)

    for p in scenario.parties:
        if p.id in {f"{scenario.id}-domain"}:
            raise FormatError(f"party id {p.id!r} collides with the domain file name")
        root = Element("utility_space")
        if p.preference.is_additive:
            pk = packs[p.id]
            warn_inexact("GENIUS", p.id, pk)
            obj = _sub(
                root, "objective", index="0", name="root", type="objective", etype="objective"
            )
            for k, issue in enumerate(issues):
                el = issue_el(obj, k, issue)
                v = pk.issues[issue.id].values
                if kinds[issue.id] == "discrete":
                    for j, o in enumerate(issue.options):
                        _sub(
                            el,
                            "item",
                            index=str(j + 1),
                            value=str(o),
                            evaluation=format_number(float(v[j])),
                        )
                elif kinds[issue.id] == "integer":
                    off, slope = lines[(p.id, issue.id)]
                    _sub(el, "evaluator", ftype="linear", offset=repr(off), slope=repr(slope))
                else:
                    off, slope = lines[(p.id, issue.id)]
                    x0 = float(issue.options[0])
                    _sub(
                        el,
                        "evaluator",
                        ftype="linear",
                        parameter0=repr(off - slope * x0),
                        parameter1=repr(slope),
                    )
            for k, issue in enumerate(issues):
                _sub(obj, "weight", index=str(k + 1), value=repr(pk.issues[issue.id].weight))
            rv = (p.reservation_value - pk.constant) / pk.factor
        else:
            root.set("type", "nonlinear")
            pref = p.preference
            if pref.scale <= 0:
                raise FormatError(
                    f"party {p.id!r}: a non-linear GENIUS profile needs a positive scale",
                    path=f"parties[{p.id}].preference.scale",
                )
            obj = _sub(
                root, "objective", index="0", name="root", type="objective", etype="objective"
            )
            for k, issue in enumerate(issues):
                issue_el(obj, k, issue)
            util = _sub(obj, "utility", maxutility=repr(1.0 / pref.scale))
            ufun = _sub(util, "ufun", type="PlainUfun", weight="1", aggregation="sum")
            pos = {issue.id: k + 1 for k, issue in enumerate(issues)}

            def box(
                utility: float, bounds: list[tuple[int, int, int]], parent: Element = ufun
            ) -> None:
                hr = _sub(parent, "hyperRectangle", utility=repr(utility))
                for idx, lo, hi in bounds:
                    _sub(hr, "INCLUDES", index=str(idx), min=str(lo), max=str(hi))

            if pref.offset != 0.0:
                first = issues[0]
                box(pref.offset / pref.scale, [(1, int(first.options[0]), int(first.options[-1]))])
            for issue in issues:
                vals = pref.issue_values(issue)
                for j, o in enumerate(issue.options):
                    if vals[j] != 0.0:
                        box(float(vals[j]), [(pos[issue.id], int(o), int(o))])
            for r in pref.rectangles:
                box(r.utility, [(pos[i], int(lo), int(hi)) for i, lo, hi in r.bounds])
            rv = p.reservation_value
        _sub(root, "discount_factor", value=repr(float(p.discount_factor)))
        _sub(root, "reservation", value=repr(float(rv)))
        ppath = out / f"{p.id}.xml"
        _write_tree(root, ppath)
        written.append(ppath)
    return written
