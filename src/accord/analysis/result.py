"""Frozen analysis results, with ``to_dict()`` in the documented JSON schema
(docs/analysis.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.limits import Cap
from accord.errors import ConfigurationError
from accord.model import OptionValue

Outcome = dict[str, OptionValue]
Utilities = dict[str, float]


#: Utilities are reported, and compared for Pareto dominance, to this many decimals.
DECIMALS = 12


def _r(x: float) -> float:
    # numpy's rounding, the one dominance is judged with (Python's decimal-exact round can
    # differ on the last digit), so reported vectors show the ties accord saw
    return float(np.round(x, DECIMALS))


@dataclass(frozen=True, slots=True)
class Point:
    """A package and what each party gets from it."""

    outcome: Outcome
    utilities: Utilities

    def to_dict(self) -> dict[str, Any]:
        """The package and the utilities (rounded to :data:`DECIMALS`) as a JSON-ready dict."""
        return {
            "outcome": dict(self.outcome),
            "utilities": {k: _r(v) for k, v in self.utilities.items()},
        }


@dataclass(frozen=True, slots=True)
class RequirementRef:
    """A red line or reservation value, named for output."""

    party: str
    red_line: str  # a red-line id, or "reservation_value"
    statement: str
    issues: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The requirement as a JSON-ready dict (``red_line`` is ``"reservation_value"`` for a
        reservation value).
        """
        return {
            "party": self.party,
            "red_line": self.red_line,
            "statement": self.statement,
            "issues": list(self.issues),
        }


@dataclass(frozen=True, slots=True)
class Cost:
    """What a relaxation's package gives one party."""

    party: str
    utility: float
    reservation_value: float
    gives_up: tuple[str, ...]
    ideal: float

    @property
    def concession(self) -> float:
        """How far the package is below the best the party can get while keeping all of its
        own red lines (its ideal), in its utility."""
        return self.ideal - self.utility

    @property
    def shortfall(self) -> float:
        """How far the package falls below the party's reservation value (>= 0)."""
        return max(0.0, self.reservation_value - self.utility)

    def to_dict(self) -> dict[str, Any]:
        """The cost as a JSON-ready dict, with ``gain`` (utility minus reservation value, negative
        when the package is below it), ``shortfall`` and ``concession``, rounded to
        :data:`DECIMALS`.
        """
        return {
            "party": self.party,
            "utility": _r(self.utility),
            "reservation_value": _r(self.reservation_value),
            "gain": _r(self.utility - self.reservation_value),
            "shortfall": _r(self.shortfall),
            "ideal": _r(self.ideal),
            "concession": _r(self.concession),
            "gives_up": list(self.gives_up),
        }


@dataclass(frozen=True, slots=True)
class Relaxation:
    """A minimal set of requirements whose relaxation opens a zone of agreement, with the
    package that asks least of the worst-off party (max-min gain) and what it costs."""

    changes: tuple[RequirementRef, ...]
    zopa_size: int | None  # None: not counted (solver route, space not enumerated)
    package: Point
    costs: tuple[Cost, ...]

    def to_dict(self) -> dict[str, Any]:
        """The relaxation as a JSON-ready dict, costs keyed by party id."""
        return {
            "changes": [c.to_dict() for c in self.changes],
            "zopa_size": self.zopa_size,
            "package": self.package.to_dict(),
            "costs": {c.party: c.to_dict() for c in self.costs},
        }


@dataclass(frozen=True, slots=True)
class Deadlock:
    """Why there is no deal: minimal conflicts and minimal relaxations."""

    conflicts: tuple[tuple[RequirementRef, ...], ...]
    relaxations: tuple[Relaxation, ...]
    infeasible: bool = False  # the scenario constraints alone admit no package

    def to_dict(self) -> dict[str, Any]:
        """The diagnosis as a JSON-ready dict (``docs/analysis.md``, ``deadlock``)."""
        return {
            "infeasible": self.infeasible,
            "conflicts": [[r.to_dict() for r in c] for c in self.conflicts],
            "relaxations": [r.to_dict() for r in self.relaxations],
        }


@dataclass(frozen=True, slots=True)
class PartialAgreement:
    """Issues that can be agreed while the others stay at their status quo."""

    issues: tuple[str, ...]
    zopa_size: int
    solution: Point | None
    maximal: bool

    def to_dict(self) -> dict[str, Any]:
        """The partial agreement as a JSON-ready dict (``solution`` is ``None`` when none was
        computed).
        """
        return {
            "issues": list(self.issues),
            "zopa_size": self.zopa_size,
            "maximal": self.maximal,
            "solution": None if self.solution is None else self.solution.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class StageCheck:
    """One ratification stage over the packages (docs/two-level.md): how many feasible
    packages it approves (probability at least one half) and how many of the packages the
    negotiators could agree on (``scope``) it rejects."""

    id: str
    name: str
    party: str
    kind: str
    issues: tuple[str, ...]
    duration_days: int
    approves: int
    rejects_in_scope: int

    def to_dict(self) -> dict[str, Any]:
        """The stage's counts as a JSON-ready dict."""
        return {
            "id": self.id,
            "name": self.name,
            "party": self.party,
            "kind": self.kind,
            "issues": list(self.issues),
            "duration_days": self.duration_days,
            "approves": self.approves,
            "rejects_in_scope": self.rejects_in_scope,
        }


@dataclass(frozen=True, slots=True)
class HomeBlock:
    """A ratifier that rejects packages the negotiators could agree on: ``rejects`` of the
    ``of`` packages in scope; ``options`` (``issue = option label``) are the options of the
    issues it rules on that it rejects in every package of the scope holding them."""

    stage: str
    name: str
    party: str
    rejects: int
    of: int
    options: tuple[str, ...]

    @property
    def message(self) -> str:
        """``blocked at home: <stage name> rejects ...`` in plain words."""
        what = (
            f"any package with {' or '.join(self.options)}"
            if self.options
            else f"{self.rejects:,} of the {self.of:,} packages"
        )
        whole = " (every one of them)" if self.rejects == self.of else ""
        return f"blocked at home: {self.name} rejects {what}{whole}"

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready dict, with its ``message``."""
        return {
            "stage": self.stage,
            "name": self.name,
            "party": self.party,
            "rejects": self.rejects,
            "of": self.of,
            "options": list(self.options),
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class RatifiedPoint:
    """A package checked at home: ``p_ratified`` the probability every stage approves
    (the stages independent), ``rejected_by`` the ids of the stages that approve it with
    probability below one half."""

    point: Point
    p_ratified: float
    rejected_by: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The package, its utilities and its fate at home as a JSON-ready dict."""
        return {
            **self.point.to_dict(),
            "p_ratified": _r(self.p_ratified),
            "rejected_by": list(self.rejected_by),
        }


@dataclass(frozen=True, slots=True)
class LevelMove:
    """A way to a deal that survives ratification: which ``level`` must move (``home``: a
    ratifier, named by ``who``; ``table``: the negotiators, giving up ``breaks``), what
    (``what``, plain words), its ``cost`` in ``unit``, and the package it opens."""

    level: str
    who: str
    what: str
    cost: float
    unit: str
    package: RatifiedPoint
    breaks: tuple[RequirementRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The move as a JSON-ready dict."""
        return {
            "level": self.level,
            "who": self.who,
            "what": self.what,
            "cost": _r(self.cost),
            "unit": self.unit,
            "package": self.package.to_dict(),
            "breaks": [b.to_dict() for b in self.breaks],
        }


@dataclass(frozen=True, slots=True)
class PartialTwoLevel:
    """A partial agreement checked at both levels: its level-1 ``zopa_size``, the packages
    of it every ratifier also approves (``zone_size``), the stages that reject some of its
    level-1 packages, and the best (Nash) package surviving both levels."""

    issues: tuple[str, ...]
    zopa_size: int
    zone_size: int
    blocked_by: tuple[str, ...]
    solution: RatifiedPoint | None

    def to_dict(self) -> dict[str, Any]:
        """The check as a JSON-ready dict."""
        return {
            "issues": list(self.issues),
            "zopa_size": self.zopa_size,
            "zone_size": self.zone_size,
            "blocked_by": list(self.blocked_by),
            "solution": None if self.solution is None else self.solution.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class TwoLevel:
    """The two-level analysis (Putnam 1988; docs/two-level.md): each party's win-set size
    over the feasible packages, the level-2 zone of agreement (level-1 zone and every
    ratifier approves), where a deal fails (``fails_at``: ``none``, ``table``, ``home``
    or ``table and home``), who blocks at home, which level must move and at what cost,
    the level-1 relaxations and partial agreements checked at home, and the level-2 cost
    to each bargaining party (its utility at the level-1 Nash solution minus at the
    level-2 one)."""

    stages: tuple[StageCheck, ...]
    win_sets: dict[str, int]
    n_feasible: int
    zopa_size: int
    zone_size: int
    scope: str
    scope_size: int
    fails_at: str
    zone: tuple[RatifiedPoint, ...]
    nash: RatifiedPoint | None
    cost: dict[str, float]
    blocked: tuple[HomeBlock, ...]
    moves: tuple[LevelMove, ...]
    relaxations: tuple[RatifiedPoint, ...]
    partial_agreements: tuple[PartialTwoLevel, ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The two-level analysis as a JSON-ready dict (``docs/analysis.md``,
        ``two_level``)."""
        return {
            "stages": [s.to_dict() for s in self.stages],
            "win_sets": dict(self.win_sets),
            "feasible": self.n_feasible,
            "zopa_size": self.zopa_size,
            "zone": {
                "exists": self.zone_size > 0,
                "size": self.zone_size,
                "top": [z.to_dict() for z in self.zone],
                "nash": None if self.nash is None else self.nash.to_dict(),
            },
            "fails_at": self.fails_at,
            "scope": {"what": self.scope, "size": self.scope_size},
            "blocked": [b.to_dict() for b in self.blocked],
            "moves": [m.to_dict() for m in self.moves],
            "relaxations": [r.to_dict() for r in self.relaxations],
            "partial_agreements": [p.to_dict() for p in self.partial_agreements],
            "cost": {k: _r(v) for k, v in self.cost.items()},
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """Which scenario was analysed."""

    id: str
    title: str
    start_date: str | None
    end_date: str | None
    venue: str | None

    def to_dict(self) -> dict[str, Any]:
        """The scenario's id, title, dates and venue as a JSON-ready dict."""
        return {
            "id": self.id,
            "title": self.title,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "venue": self.venue,
        }


@dataclass(frozen=True, slots=True)
class PartyInfo:
    """A party as the analysis saw it."""

    id: str
    name: str
    role: str
    bargaining: bool
    capability: float
    reservation_value: float

    def to_dict(self) -> dict[str, Any]:
        """The party as a JSON-ready dict."""
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "bargaining": self.bargaining,
            "capability": self.capability,
            "reservation_value": self.reservation_value,
        }


@dataclass(frozen=True, slots=True)
class IssueInfo:
    """An issue as the analysis saw it."""

    id: str
    name: str
    kind: str
    options: tuple[OptionValue, ...]
    status_quo: OptionValue | None

    def to_dict(self) -> dict[str, Any]:
        """The issue as a JSON-ready dict (options in their order)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "options": list(self.options),
            "status_quo": self.status_quo,
        }


@dataclass(frozen=True, slots=True)
class Zopa:
    """The zone of possible agreement of the full packages: the one answer to "is there a
    package every bargaining party accepts?" on both analysis routes.

    ``exists`` is ``True`` or ``False``, or ``None`` when the constraint solver ran out of
    time before deciding. ``size`` counts the acceptable packages on the enumeration route
    and is ``None`` on the solver route, which counts nothing. When counted, the size and
    the answer agree (``exists`` is ``size > 0``); a :class:`Zopa` that says otherwise is
    refused.

    >>> Zopa(exists=True, size=13).to_dict()
    {'size': 13, 'exists': True}
    >>> Zopa(exists=None).exists is None
    True
    """

    exists: bool | None
    size: int | None = None

    def __post_init__(self) -> None:
        if self.size is not None and (self.size < 0 or self.exists is not (self.size > 0)):
            raise ConfigurationError(
                f"a ZOPA of {self.size} packages cannot have exists={self.exists}"
            )

    def to_dict(self) -> dict[str, Any]:
        """``{"size": ..., "exists": ...}`` as in ``accord.analysis/1``."""
        return {"size": self.size, "exists": self.exists}


#: What :meth:`Analysis.to_frame` can tabulate.
FRAMES = ("pareto_frontier", "zopa_frontier", "relaxations", "partial_agreements")


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything ``accord analyze`` reports about one scenario."""

    scenario: ScenarioInfo
    parties: tuple[PartyInfo, ...]
    issues: tuple[IssueInfo, ...]
    n_outcomes: int
    n_feasible: int | None  # None: not counted (solver route)
    zopa: Zopa
    zopa_frontier: tuple[Point, ...]
    zopa_top: dict[str, tuple[Point, ...]]
    pareto_frontier: tuple[Point, ...]
    solutions: dict[str, Point | None]
    deadlock: Deadlock | None
    partial_agreements: tuple[PartialAgreement, ...]
    notes: tuple[str, ...] = field(default=())
    capped: dict[str, Cap] = field(default_factory=dict)
    two_level: TwoLevel | None = None

    @property
    def truncated(self) -> bool:
        """Some listing was cut short by the analysis limits (see :attr:`capped`)."""
        return bool(self.capped)

    def to_dict(self) -> dict[str, Any]:
        """The whole analysis in the documented JSON schema ``accord.analysis/1``
        (``docs/analysis.md``); without a deadlock, ``deadlock`` holds empty lists. A
        scenario with ratification stages adds ``two_level`` (:class:`TwoLevel`); one
        without has no such key (the level-1 answers are unchanged).
        """
        doc: dict[str, Any] = {
            "schema": "accord.analysis/1",
            "scenario": self.scenario.to_dict(),
            "parties": [p.to_dict() for p in self.parties],
            "issues": [i.to_dict() for i in self.issues],
            "outcomes": self.n_outcomes,
            "feasible": self.n_feasible,
            "zopa": {
                **self.zopa.to_dict(),
                "pareto_frontier": [p.to_dict() for p in self.zopa_frontier],
                "top": {k: [p.to_dict() for p in v] for k, v in self.zopa_top.items()},
            },
            "pareto_frontier": [p.to_dict() for p in self.pareto_frontier],
            "solutions": {
                k: (None if v is None else v.to_dict()) for k, v in self.solutions.items()
            },
            "deadlock": (
                {"infeasible": False, "conflicts": [], "relaxations": []}
                if self.deadlock is None
                else self.deadlock.to_dict()
            ),
            "partial_agreements": [p.to_dict() for p in self.partial_agreements],
            "notes": list(self.notes),
            "truncated": self.truncated,
            "capped": {k: v.to_dict() for k, v in self.capped.items()},
        }
        if self.two_level is not None:
            doc["two_level"] = self.two_level.to_dict()
        return doc

    def to_frame(self, what: str = "pareto_frontier") -> Any:
        """One listing as a pandas DataFrame (needs the ``frame`` extra).

        ``what`` is one of ``pareto_frontier``, ``zopa_frontier`` (a row per package: one
        column per issue, one ``u:PARTY`` column per party), ``relaxations`` (a row per
        relaxation: what is given up, the ZOPA it opens, its package and utilities) or
        ``partial_agreements``.

        >>> from accord.io import load_scenario
        >>> from accord.analysis import analyze
        >>> df = analyze(load_scenario("geneva-2026"), partial=False).to_frame()
        >>> list(df.columns[:2]), len(df) > 0
        (['donbas', 'znpp'], True)
        """
        from accord.errors import ConfigurationError, require_extra

        if what not in FRAMES:
            raise ConfigurationError(f"what must be one of {', '.join(FRAMES)} (got {what!r})")
        pd = require_extra("pandas", "Analysis.to_frame()")

        def row(p: Point | None) -> dict[str, Any]:
            if p is None:
                return {}
            out: dict[str, Any] = dict(p.outcome)
            out.update({f"u:{k}": _r(v) for k, v in p.utilities.items()})
            return out

        if what in ("pareto_frontier", "zopa_frontier"):
            points = self.pareto_frontier if what == "pareto_frontier" else self.zopa_frontier
            columns = [i.id for i in self.issues] + [f"u:{p.id}" for p in self.parties]
            return pd.DataFrame([row(p) for p in points], columns=columns)
        if what == "relaxations":
            rels = () if self.deadlock is None else self.deadlock.relaxations
            return pd.DataFrame(
                [
                    {
                        "changes": "; ".join(f"{c.party}:{c.red_line}" for c in r.changes),
                        "zopa_size": r.zopa_size,
                        **row(r.package),
                    }
                    for r in rels
                ]
            )
        return pd.DataFrame(
            [
                {
                    "issues": ", ".join(pa.issues),
                    "zopa_size": pa.zopa_size,
                    "maximal": pa.maximal,
                    **row(pa.solution),
                }
                for pa in self.partial_agreements
            ]
        )
