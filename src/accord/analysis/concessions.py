"""Who concedes what in a package: per party and issue, its stated position, the package's
option, what the option is worth to it and how much it gives up.

A party's *stated position* on an issue is the option of its ``positions`` entry for that
issue; where it states none, its most valued option stands in (marked ``preferred``, not
``stated``). The *concession* on an issue is the party's weighted value of that position
minus its weighted value of the package's option (in utility, so the issues of a party add
up; negative when the package gives it more than it asked). Issues a partial agreement
leaves open are not conceded by anyone (``open``).

>>> from accord.io import load_scenario
>>> sc = load_scenario()
>>> pkg = parse_package(sc, ["donbas=demilitarized_zone", "znpp=shared_us_ukraine"])
>>> c = package_concessions(sc, pkg, "named package")
>>> r = c.party("russia").issue("donbas")
>>> (r.stated, r.option, round(r.concession, 3))
('russian_control', 'demilitarized_zone', 0.3)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.errors import ConfigurationError
from accord.model import Condition, Issue, OptionValue, Scenario
from accord.tolerance import TOLERANCE, WRITTEN, below

if TYPE_CHECKING:
    from accord.analysis.result import Analysis

Outcome = Mapping[str, OptionValue]


@dataclass(frozen=True, slots=True)
class IssueConcession:
    """One party on one issue of a package."""

    issue: str
    stated: OptionValue | None  # the party's position (or its most valued option)
    stated_label: str
    basis: str  # "stated" (a position in the scenario), "preferred" (none stated), "none"
    option: OptionValue | None  # the package's option; None: left open
    option_label: str
    weight: float
    value: float  # the party's value of the package's option (0..1, unweighted)
    utility: float  # weighted: what the option adds to the party's utility
    concession: float  # weighted value of the position minus ``utility`` (0 if left open)

    @property
    def open(self) -> bool:
        """True when the package leaves the issue open (at its status quo; no concession)."""
        return self.option is None

    def to_dict(self) -> dict[str, Any]:
        """The concession as a JSON-ready dict, numbers rounded to 12 decimals."""
        return {
            "issue": self.issue,
            "stated": self.stated,
            "stated_label": self.stated_label,
            "basis": self.basis,
            "option": self.option,
            "option_label": self.option_label,
            "open": self.open,
            "weight": _r(self.weight),
            "value": _r(self.value),
            "utility": _r(self.utility),
            "concession": _r(self.concession),
        }


@dataclass(frozen=True, slots=True)
class PartyConcession:
    """One party's side of a package."""

    party: str
    name: str
    utility: float  # the party's utility of the whole package
    reservation_value: float
    concession: float  # sum over issues
    breaks_red_lines: tuple[str, ...]
    issues: tuple[IssueConcession, ...]

    @property
    def conceded(self) -> tuple[IssueConcession, ...]:
        """Every issue on which the package gives this party less than its position (or,
        where it states none, its most valued option): settled at another option, worth
        less to it. Issues left open and issues it has no stake in concede nothing."""
        return tuple(
            c
            for c in self.issues
            if not c.open
            and c.basis != "none"
            and c.option != c.stated
            and c.concession > TOLERANCE
        )

    def conceded_text(self, issue_names: Mapping[str, str] | None = None) -> str:
        """Every concession of :attr:`conceded` in words, ``"nothing it asked for"`` when
        there is none: ``issue: option instead of position (-0.200)``."""
        names = issue_names or {}
        if not self.conceded:
            return "nothing it asked for"
        return "; ".join(
            f"{names.get(c.issue, c.issue)}: {c.option_label} instead of {c.stated_label}"
            f"{' (its preferred option)' if c.basis == 'preferred' else ''} "
            f"({-c.concession:+.3f})"
            for c in self.conceded
        )

    def issue(self, issue_id: str) -> IssueConcession:
        """This party's concession on issue ``issue_id``; ``KeyError`` if the package has none."""
        for c in self.issues:
            if c.issue == issue_id:
                return c
        raise KeyError(issue_id)

    def to_dict(self) -> dict[str, Any]:
        """The party's side as a JSON-ready dict, numbers rounded to 12 decimals, with
        ``above_reservation``: the package is worth at least the reservation value (within the
        utility tolerance).
        """
        return {
            "party": self.party,
            "name": self.name,
            "utility": _r(self.utility),
            "reservation_value": _r(self.reservation_value),
            "above_reservation": not below(self.utility, self.reservation_value),
            "concession": _r(self.concession),
            "breaks_red_lines": list(self.breaks_red_lines),
            "conceded": [c.issue for c in self.conceded],
            "issues": [c.to_dict() for c in self.issues],
        }


@dataclass(frozen=True, slots=True)
class PackageConcessions:
    """Who concedes what in one package."""

    label: str
    kind: str  # "solution", "relaxation", "partial", "simulated", "named"
    outcome: dict[str, OptionValue]
    open_issues: tuple[str, ...]
    parties: tuple[PartyConcession, ...]

    def party(self, party_id: str) -> PartyConcession:
        """The side of party ``party_id``; ``KeyError`` if the package lists no such party."""
        for p in self.parties:
            if p.party == party_id:
                return p
        raise KeyError(party_id)

    def verdict(self) -> str:
        """One line: would every party sign this package? Each party that would not is named
        with its reasons (its utility under its reservation value, the red lines the
        package breaks); otherwise every party's utility against its reservation value.

        >>> from accord.io import load_scenario
        >>> sc = load_scenario()
        >>> pkg = parse_package(sc, ["donbas=demilitarized_zone"])
        >>> package_concessions(sc, pkg, "named package").verdict()  # doctest: +ELLIPSIS
        'Russia would not sign: it breaks 1 red line (full-donbas)...'
        """
        refusals = []
        for p in self.parties:
            reasons = []
            if p.utility < p.reservation_value - TOLERANCE:
                reasons.append(f"utility {p.utility:.2f} < reservation {p.reservation_value:.2f}")
            if p.breaks_red_lines:
                n = len(p.breaks_red_lines)
                lines = f"{n} red line{'s' if n != 1 else ''} ({', '.join(p.breaks_red_lines)})"
                reasons.append(("and it breaks " if reasons else "it breaks ") + lines)
            if reasons:
                refusals.append(f"{p.name} would not sign: " + ", ".join(reasons))
        if refusals:
            return "; ".join(refusals) + "."
        return (
            "Every party would sign: "
            + ", ".join(
                f"{p.name} {p.utility:.2f} ≥ reservation {p.reservation_value:.2f}"
                for p in self.parties
            )
            + "."
        )

    def to_dict(self) -> dict[str, Any]:
        """The package and every party's side as a JSON-ready dict, with its one-line
        ``verdict``."""
        return {
            "label": self.label,
            "kind": self.kind,
            "outcome": dict(self.outcome),
            "open_issues": list(self.open_issues),
            "verdict": self.verdict(),
            "parties": [p.to_dict() for p in self.parties],
        }


def _r(x: float) -> float:
    return float(np.round(x, 12))


def _holds(cond: Condition, sc: Scenario, outcome: Outcome) -> bool:
    """Whether ``cond`` holds for ``outcome`` (a red line on an open issue is not engaged)."""
    if cond.must.issue not in outcome:
        return True
    must_issue = sc.issue(cond.must.issue)
    ok = bool(cond.must.option_mask(must_issue)[must_issue.index(outcome[cond.must.issue])])
    if cond.when is None or ok:
        return ok
    if cond.when.issue not in outcome:
        return True
    when_issue = sc.issue(cond.when.issue)
    return not bool(cond.when.option_mask(when_issue)[when_issue.index(outcome[cond.when.issue])])


def package_concessions(
    sc: Scenario,
    outcome: Outcome,
    label: str,
    kind: str = "named",
    parties: Sequence[str] | None = None,
) -> PackageConcessions:
    """Who concedes what in ``outcome`` (issues missing from it are left open), for the
    bargaining parties (or ``parties``)."""
    ids = list(parties) if parties is not None else [p.id for p in sc.bargaining_parties]
    full: dict[str, OptionValue] = {}
    for issue in sc.issues:
        if issue.id in outcome:
            full[issue.id] = outcome[issue.id]
        elif issue.status_quo is not None:
            full[issue.id] = issue.status_quo
    open_issues = tuple(i.id for i in sc.issues if i.id not in outcome)
    rows = []
    for pid in ids:
        p = sc.party(pid)
        stated = {pos.issue: pos.option for pos in p.positions if pos.option is not None}
        items = []
        for issue in sc.issues:
            weighted = p.preference.issue_values(issue)
            w = float(p.preference.weights.get(issue.id, 0.0))
            fn = p.preference.values.get(issue.id)
            raw = fn.evaluate(issue) if fn is not None else np.zeros(issue.size)
            if issue.id in stated:
                pos_opt: OptionValue | None = stated[issue.id]
                basis = "stated"
            elif w > 0:
                pos_opt = issue.options[int(np.argmax(raw))]
                basis = "preferred"
            else:
                pos_opt, basis = None, "none"
            pos_label = "—" if pos_opt is None else issue.label(issue.index(pos_opt))
            opt = outcome.get(issue.id)
            if opt is None:
                items.append(
                    IssueConcession(
                        issue.id, pos_opt, pos_label, basis, None, "left open", w, 0.0, 0.0, 0.0
                    )
                )
                continue
            k = issue.index(opt)
            u = float(weighted[k])
            conceded = 0.0 if pos_opt is None else float(weighted[issue.index(pos_opt)]) - u
            items.append(
                IssueConcession(
                    issue.id, pos_opt, pos_label, basis, opt, issue.label(k), w,
                    float(raw[k]), u, conceded,
                )
            )  # fmt: skip
        total = _total_utility(sc, pid, full)
        broken = tuple(r.id for r in p.red_lines if not _holds(r.condition, sc, outcome))
        rows.append(
            PartyConcession(
                pid,
                p.name,
                total,
                p.reservation_value,
                sum(c.concession for c in items),
                broken,
                tuple(items),
            )
        )
    return PackageConcessions(label, kind, dict(outcome), open_issues, tuple(rows))


def _total_utility(sc: Scenario, party: str, full: Mapping[str, OptionValue]) -> float:
    """The party's utility of a complete package (the compiled model: any preference)."""
    from accord.space.compiled import compile_scenario

    if len(full) < len(sc.issues):  # an issue with no option and no status quo
        p = sc.party(party)
        return float(
            sum(
                p.preference.issue_values(i)[i.index(full[i.id])] for i in sc.issues if i.id in full
            )
        )
    cs = compile_scenario(sc)
    positions = np.array([[i.index(full[i.id]) for i in sc.issues]], dtype=np.intp)
    col = [p.id for p in sc.parties].index(party)
    return float(cs.utilities_of(positions)[0, col])


def parse_package(sc: Scenario, specs: Iterable[str]) -> dict[str, OptionValue]:
    """A package from ``ISSUE=OPTION`` strings (the option by value or by label); issues
    not named take their status quo, or are an error when they have none."""
    out: dict[str, OptionValue] = {}
    for spec in specs:
        for part in _split_package(sc, spec):
            part = part.strip()
            if not part:
                continue
            if "=" not in part:
                raise ConfigurationError(
                    f"--package {part!r}: write ISSUE=OPTION, e.g. "
                    f"{sc.issues[0].id}={sc.issues[0].options[0]}"
                )
            key, value = (x.strip() for x in part.split("=", 1))
            try:
                issue = sc.issue(key)
            except KeyError:
                raise ConfigurationError(
                    f"--package: no issue {key!r}; issues are: "
                    + ", ".join(i.id for i in sc.issues)
                ) from None
            if issue.id in out:
                raise ConfigurationError(f"--package: issue {key!r} is named twice")
            out[issue.id] = _option(issue, value)
    missing = [i.id for i in sc.issues if i.id not in out and i.status_quo is None]
    if missing:
        raise ConfigurationError(
            f"--package: give an option for {', '.join(missing)} (no status quo to fall back on)"
        )
    for i in sc.issues:
        if i.id not in out and i.status_quo is not None:
            out[i.id] = i.status_quo
    return {i.id: out[i.id] for i in sc.issues}


def _split_package(sc: Scenario, spec: str) -> list[str]:
    """``ISSUE=OPTION`` items of one comma-separated ``--package`` value. A comma starts a
    new item only where an issue and ``=`` follow it, so an option label that contains a
    comma ("Demilitarized zone, mutual pull-back") stays whole."""
    items: list[str] = []
    for piece in spec.split(","):
        key = piece.split("=", 1)[0].strip() if "=" in piece else None
        starts_item = key is not None and _is_issue(sc, key)
        if items and not starts_item:
            items[-1] += "," + piece
        else:
            items.append(piece)
    return items


def _is_issue(sc: Scenario, key: str) -> bool:
    try:
        sc.issue(key)
    except KeyError:
        return False
    return True


def _option(issue: Issue, value: str) -> OptionValue:
    for k, o in enumerate(issue.options):
        if str(o) == value or issue.label(k) == value:
            return o
    try:
        x = float(value)
    except ValueError:
        x = None
    if x is not None:
        for o in issue.options:
            if (
                isinstance(o, int | float)
                and not isinstance(o, bool)
                and abs(float(o) - x) < WRITTEN
            ):
                return o
    shown = ", ".join(str(o) for o in issue.options[:20])
    raise ConfigurationError(
        f"--package: issue {issue.id!r} has no option {value!r}; options are: {shown}"
        + ("" if issue.size <= 20 else f", ... ({issue.size} in all)")
    )


def analysis_concessions(
    sc: Scenario, a: Analysis, named: Outcome | None = None
) -> list[PackageConcessions]:
    """Who concedes what in every package an analysis names: the bargaining solutions,
    each relaxation's package, each partial agreement's package, and ``named``; with
    ratification stages, the Nash solution at both levels (kind ``two-level``) labelled
    with the level-2 cost to each party."""
    out: list[PackageConcessions] = []
    if named is not None:
        out.append(package_concessions(sc, named, "named package", "named"))
    for key, point in a.solutions.items():
        if point is not None:
            out.append(
                package_concessions(
                    sc, point.outcome, f"{key.replace('_', ' ')} solution", "solution"
                )
            )
    names = {p.id: p.name for p in sc.parties}
    if a.deadlock is not None:
        for k, r in enumerate(a.deadlock.relaxations, 1):
            who = "; ".join(f"{names.get(c.party, c.party)} drops {c.red_line}" for c in r.changes)
            out.append(
                package_concessions(sc, r.package.outcome, f"relaxation {k}: {who}", "relaxation")
            )
    tl = a.two_level
    if tl is not None and tl.nash is not None:
        cost = ", ".join(f"{names.get(k, k)} {v:+.3f}" for k, v in tl.cost.items())
        out.append(
            package_concessions(
                sc,
                tl.nash.point.outcome,
                "nash solution at both levels (every ratifier approves)"
                + (f"; level-2 cost against the level-1 Nash solution: {cost}" if cost else ""),
                "two-level",
            )
        )
    issue_names = {i.id: i.name for i in sc.issues}
    for pa in a.partial_agreements:
        if pa.solution is None:
            continue
        agreed = {k: v for k, v in pa.solution.outcome.items() if k in pa.issues}
        title = ", ".join(issue_names.get(i, i) for i in pa.issues)
        out.append(package_concessions(sc, agreed, f"partial agreement: {title}", "partial"))
    return out


def relaxation_concessions(sc: Scenario, a: Analysis) -> list[PackageConcessions]:
    """Who concedes what in the package of each of the analysis's relaxations, in their
    order ("what would unlock a deal"): beside the red line that moves, every issue on which
    each bargaining party takes less than its position."""
    if a.deadlock is None:
        return []
    names = {p.id: p.name for p in sc.parties}
    out = []
    for k, r in enumerate(a.deadlock.relaxations, 1):
        who = "; ".join(f"{names.get(c.party, c.party)} drops {c.red_line}" for c in r.changes)
        out.append(
            package_concessions(sc, r.package.outcome, f"relaxation {k}: {who}", "relaxation")
        )
    return out


def shown_concessions(
    sc: Scenario,
    a: Analysis,
    agreement: Outcome | None = None,
    max_relaxations: int = 4,
) -> list[PackageConcessions]:
    """The packages a reader is shown: the Nash solution, the first relaxations, the
    maximal partial agreements and a simulated ``agreement`` (a complete or partial
    package)."""
    out = []
    maximal = {tuple(pa.issues) for pa in a.partial_agreements if pa.maximal}
    n_relax = 0
    for pc in analysis_concessions(sc, a):
        if pc.kind == "solution" and not pc.label.startswith("nash solution"):
            continue
        if pc.kind == "relaxation":
            n_relax += 1
            if n_relax > max_relaxations:
                continue
        if pc.kind == "partial" and tuple(pc.outcome) not in maximal:
            continue
        out.append(pc)
    if agreement:
        out.append(package_concessions(sc, agreement, "the simulated agreement", "simulated"))
    return out


def analysis_document(sc: Scenario, a: Analysis, named: Outcome | None = None) -> dict[str, Any]:
    """``accord analyze --json`` (and the API's analysis): ``a.to_dict()`` with
    ``concessions``, who concedes what in every package it names (and in ``named``)."""
    doc = a.to_dict()
    doc["concessions"] = [pc.to_dict() for pc in analysis_concessions(sc, a, named)]
    return doc
