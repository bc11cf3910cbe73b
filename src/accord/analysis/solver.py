"""Deadlock diagnosis with a constraint solver, for outcome spaces too large to enumerate.

:mod:`accord.analysis.analyze` diagnoses a deadlock by listing the violation pattern of
every feasible package. That stops working somewhere above 1e8 outcomes; this module gives
the same answers from OR-Tools CP-SAT without visiting the packages one by one.

Definitions (as in :mod:`accord.analysis.deadlock`). The *requirements* are the engaged
red lines of the bargaining parties, then one reservation value per bargaining party
(the order of :attr:`CompiledScenario.requirements`). A set ``C`` of requirements is a
*correction set* when some feasible package breaks no requirement outside ``C``; the
inclusion-minimal ones are the *minimal correction sets* (MCS), and the minimal conflicts
(minimal unsatisfiable subsets, MUS) are the minimal hitting sets of the MCSes (Reiter
1987, "A theory of diagnosis from first principles", *Artificial Intelligence* 32(1);
Liffiton & Sakallah 2008, "Algorithms for computing minimal unsatisfiable subsets of
constraints", *J. Automated Reasoning* 40(1)).

The model
---------
One Boolean ``x[k][o]`` per allowed option ``o`` of issue ``k`` (exactly one per issue).
Each scenario constraint and red line is one clause over these literals: ``must`` holds,
or ``when`` fails. Requirement ``j`` is guarded by an enforcement literal ``e_j``.

The MCSes are enumerated in order of cardinality as in Liffiton & Sakallah (2008, the
first phase of CAMUS): maximise ``sum_j e_j``; the requirements left unenforced at an
optimum form a correction set of least cardinality among those not yet excluded, hence
minimal; the blocking clause ``OR_{j in C} e_j`` excludes ``C`` and its supersets; stop
when the model becomes infeasible. For each MCS a second pair of solves finds the package
maximising ``min_i (u_i - d_i)`` over the bargaining parties (the egalitarian gain, Kalai
1977) among feasible packages that break only requirements in the MCS, ties broken
towards the larger total utility, as the enumeration route does.

Resolution
----------
Utilities enter CP-SAT as integers: each weighted value ``scale_i * w_k(o)`` is multiplied
by ``S`` and rounded; ``S`` is ``1 / resolution`` (default 1e9), lowered when a party's
utilities are large so that ``S`` times their magnitude stays within 1e9 (CP-SAT returned
wrong optima on utilities scaled to ~3e10; see ``_MAX_MAGNITUDE``).

A reservation value is encoded *conservatively*: the integer threshold is lowered by the
worst-case rounding error, so every package that meets ``d_i`` in floating point
(``u_i >= d_i - TOLERANCE``, :func:`accord.tolerance.below`) also meets it in the model.
Every package the solver proposes is then re-evaluated in floating point with
:meth:`CompiledScenario.utilities_of` and :meth:`CompiledScenario.violations`; a package
that only passes because of the rounding margin is cut off for that requirement (a lazy
no-good clause) and the solve repeated. The correction sets are therefore exactly the
enumeration route's. The max-min value is optimal to within
``(n_issues + n_rectangles + 1) / S`` in utility (each integer gain is off by at most
half a unit per term and for the reservation value); reported utilities are always the
floating-point ones.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from accord.analysis.deadlock import minimal_hitting_sets
from accord.arrays import Bool, Float, Index
from accord.errors import AccordError, ParameterError, ScenarioError, require_extra
from accord.model import Condition
from accord.space import CompiledScenario
from accord.space.compiled import Requirement, range_mask
from accord.tolerance import TOLERANCE

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

Lit = tuple[int, int]  # (issue position, local option position)

#: Default utility resolution of the integer model (``S = 1 / resolution``).
DEFAULT_RESOLUTION = 1e-9

_ULP = 2.0**-52
# S * |utility sums| stays below this. int64 would allow far more, but CP-SAT (ortools
# 9.15) was seen to return wrong "optimal" max-min solutions once utilities were scaled
# to ~3e10 (presolve on or off); 1e9 keeps a wide margin below that.
_MAX_MAGNITUDE = 1e9


@dataclass(frozen=True, slots=True, eq=False)
class SolverDiagnosis:
    """The deadlock diagnosis of a scenario, found by CP-SAT.

    Attributes
    ----------
    requirements
        The requirements, in the column order of :attr:`mcs` (red lines, then reservation
        values; :attr:`CompiledScenario.requirements`).
    infeasible
        The scenario constraints alone admit no package.
    acceptable_exists
        Some package is acceptable (the ZOPA is not empty); ``None`` when the time limit
        struck before this was settled.
    witness
        Option positions (in the original issues) of one acceptable package: the max-min
        one when it was proven optimal; ``None`` when there is none or none was found.
    mcs
        ``(n_sets, n_requirements)``: the minimal correction sets, by cardinality. When a
        deal exists the only one is the empty set.
    packages, utilities, maxmin, optimal
        Per MCS: the package (original option positions) that maximises
        ``min_i (u_i - d_i)`` over feasible packages breaking only requirements in the
        set, its utilities (all parties, scenario order, floating point), that min gain,
        and whether the solver proved it optimal (to within :attr:`resolution`).
    ideals, ideals_optimal
        Per bargaining party, its best utility over feasible packages keeping all of its
        own red lines (``-inf`` when there are none), and whether all were proven.
    complete
        The MCS list is exhaustive. ``False`` when the time limit or ``max_sets`` cut the
        enumeration short; :attr:`notes` says which. Never rely on a partial list as a
        diagnosis: :attr:`mus` refuses one.
    resolution
        ``1 / S``: the utility step of the integer model.
    """

    requirements: tuple[Requirement, ...]
    infeasible: bool
    acceptable_exists: bool | None
    witness: Index | None
    mcs: Bool
    packages: Index
    utilities: Float
    maxmin: Float
    optimal: Bool
    ideals: Float
    ideals_optimal: bool
    complete: bool
    resolution: float
    n_solves: int
    notes: tuple[str, ...] = field(default=())

    @property
    def mus(self) -> Bool:
        """The minimal conflicts: minimal hitting sets of the MCSes (Reiter 1987).

        Raises
        ------
        AccordError
            When the MCS enumeration was cut short; hitting sets of a partial list are
            not conflicts.
        """
        if not self.complete:
            raise AccordError(
                "the minimal correction sets were not all found ("
                + "; ".join(self.notes)
                + "), so the minimal conflicts can't be derived; raise time_limit or max_sets"
            )
        return minimal_hitting_sets(self.mcs)

    def keys(self, row: Bool) -> frozenset[tuple[str, str]]:
        """``{(party, red-line id or "reservation_value")}`` of a row of requirements."""
        return frozenset(
            (self.requirements[j].party, self.requirements[j].id) for j in np.flatnonzero(row)
        )

    def to_dict(self) -> dict[str, Any]:
        """The diagnosis as a JSON-ready dict: requirements by name, option positions as lists of
        integers, one entry per minimal correction set under ``relaxations``.
        """

        def names(row: Bool) -> list[str]:
            return [self.requirements[j].key for j in np.flatnonzero(row)]

        return {
            "infeasible": self.infeasible,
            "acceptable_exists": self.acceptable_exists,
            "witness": None if self.witness is None else [int(p) for p in self.witness],
            "complete": self.complete,
            "resolution": self.resolution,
            "solves": self.n_solves,
            "notes": list(self.notes),
            "relaxations": [
                {
                    "changes": names(self.mcs[s]),
                    "package": [int(p) for p in self.packages[s]],
                    "utilities": [float(u) for u in self.utilities[s]],
                    "maxmin": float(self.maxmin[s]),
                    "optimal": bool(self.optimal[s]),
                }
                for s in range(self.mcs.shape[0])
            ],
            "conflicts": [names(row) for row in self.mus] if self.complete else None,
            "ideals": [float(v) for v in self.ideals],
        }


# -- encoding ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rectangle:
    """A hyper-rectangle term: per bounded issue, the local options inside its range."""

    ranges: tuple[tuple[int, tuple[int, ...]], ...]


@dataclass(frozen=True, slots=True)
class _Encoding:
    scale: float  # S
    hard: tuple[tuple[Lit, ...], ...]  # engaged scenario constraints, one clause each
    red: tuple[tuple[Lit, ...], ...]  # engaged red lines, one clause each
    coefs: tuple[tuple[tuple[int, ...], ...], ...]  # [party][issue][local option]
    rect_coefs: tuple[tuple[tuple[int, int], ...], ...]  # [party]: (rectangle, coefficient)
    rectangles: tuple[_Rectangle, ...]
    thresholds: tuple[int, ...]  # reservation holds in the model iff sum >= threshold
    disagreement: tuple[int, ...]  # round(S * (d_i - offset_i))
    n_red: int


def _condition_clause(cs: CompiledScenario, cond: Condition) -> tuple[Lit, ...]:
    """The options under which ``cond`` holds, as one clause: ``must`` or not ``when``."""
    sc = cs.scenario
    k = sc.issue_position(cond.must.issue)
    mask = cond.must.option_mask(sc.issues[k])[cs.allowed[k]]
    lits = {(k, int(o)) for o in np.flatnonzero(mask)}
    if cond.when is not None:
        kw = sc.issue_position(cond.when.issue)
        trig = cond.when.option_mask(sc.issues[kw])[cs.allowed[kw]]
        lits |= {(kw, int(o)) for o in np.flatnonzero(~trig)}
    return tuple(sorted(lits))


def _encode(cs: CompiledScenario, resolution: float) -> _Encoding:
    sc = cs.scenario
    b = [int(i) for i in cs.bargaining]
    hard = tuple(
        _condition_clause(cs, c.condition)
        for c in sc.constraints
        # the engagement rule of CompiledScenario.feasible, so both routes bind alike
        if cs._engaged(c.condition)
    )
    red = tuple(_condition_clause(cs, r.condition) for r in cs.engaged_red_lines)

    # weighted values of each party in utility units (scale folded in), and rectangles
    weighted = [[cs.scales[i] * t[:, i] for t in cs.value_tables] for i in b]
    rectangles: list[_Rectangle] = []
    rect_values: list[list[tuple[int, float]]] = []
    for i in b:
        terms = []
        for rect in sc.parties[i].preference.rectangles:
            ranges = []
            for issue_id, lo, hi in rect.bounds:
                k = sc.issue_position(issue_id)
                inside = range_mask(sc.issues[k], lo, hi)[cs.allowed[k]]
                ranges.append((k, tuple(int(o) for o in np.flatnonzero(inside))))
            rectangles.append(_Rectangle(tuple(ranges)))
            terms.append((len(rectangles) - 1, float(cs.scales[i] * rect.utility)))
        rect_values.append(terms)

    magnitudes = []
    for n, i in enumerate(b):
        m = abs(float(cs.offsets[i])) + abs(float(cs.reservation[i]))
        m += sum(float(np.max(np.abs(w))) if w.size else 0.0 for w in weighted[n])
        m += sum(abs(v) for _, v in rect_values[n])
        magnitudes.append(max(m, 1.0))
    s = min(1.0 / resolution, _MAX_MAGNITUDE / max(magnitudes, default=1.0))

    coefs, rect_coefs, thresholds, disagreement = [], [], [], []
    for n, i in enumerate(b):
        coefs.append(tuple(tuple(int(c) for c in np.rint(s * w)) for w in weighted[n]))
        rect_coefs.append(tuple((r, round(s * v)) for r, v in rect_values[n]))
        n_terms = len(weighted[n]) + len(rect_values[n])
        target = s * (float(cs.reservation[i]) - float(cs.offsets[i]))
        # float-satisfied => model-satisfied: allow the tolerance, half a unit of
        # rounding per term, and a generous bound on the floating-point summation error
        slack = s * (TOLERANCE + 8.0 * (n_terms + 4) * _ULP * magnitudes[n]) + 0.5 * n_terms + 1.0
        thresholds.append(math.floor(target - slack))
        disagreement.append(round(target))
    return _Encoding(
        scale=s,
        hard=hard,
        red=red,
        coefs=tuple(coefs),
        rect_coefs=tuple(rect_coefs),
        rectangles=tuple(rectangles),
        thresholds=tuple(thresholds),
        disagreement=tuple(disagreement),
        n_red=len(red),
    )


# -- one solve ---------------------------------------------------------------------------

Objective = (
    tuple[Literal["count"]]
    | tuple[Literal["maxmin"]]
    | tuple[Literal["total"], int]  # maximise the total with every gain >= the given floor
    | tuple[Literal["party"], int]  # maximise one bargaining party's utility
)


@dataclass(frozen=True, slots=True)
class _Outcome:
    status: Literal["optimal", "feasible", "infeasible", "unknown"]
    local: tuple[int, ...] = ()
    enforced: Bool | None = None  # requirements the model claims the package meets
    objective: int = 0


@dataclass
class _Session:
    """Shared state of one diagnosis: deadline, lazy cuts and solve count."""

    cs: CompiledScenario
    enc: _Encoding
    deadline: float
    cuts: list[tuple[tuple[int, ...], int]] = field(default_factory=list)
    n_solves: int = 0

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def positions(self, local: Sequence[int]) -> Index:
        return np.array([int(a[p]) for a, p in zip(self.cs.allowed, local, strict=True)], np.intp)

    def evaluate(self, local: Sequence[int]) -> tuple[Float, Bool]:
        """Floating-point utilities and violations of a package, as the enumeration route
        computes them."""
        pos = self.positions(local)[None, :]
        if not bool(self.cs.feasible(pos)[0]):
            raise RuntimeError(f"internal error: solver package {pos[0]} breaks a constraint")
        u = self.cs.utilities_of(pos)
        return u[0], self.cs.violations(pos, u)[0]

    def solve(
        self,
        objective: Objective,
        enforce: Bool | None,
        blocking: Sequence[Bool] = (),
    ) -> _Outcome:
        """Solve until the package found passes the floating-point check (lazy cuts).

        ``enforce`` fixes which requirements must hold; ``None`` guards each with an
        enforcement literal instead (MCS enumeration).
        """
        while True:
            out = self._solve_once(objective, enforce, blocking)
            if out.enforced is None:
                return out
            _, viol = self.evaluate(out.local)
            bad = np.flatnonzero(viol & out.enforced)
            if bad.size == 0:
                return out
            # met only within the rounding margin: forbid this package for these requirements
            self.cuts.extend((out.local, int(j)) for j in bad)

    def _solve_once(
        self, objective: Objective, enforce: Bool | None, blocking: Sequence[Bool]
    ) -> _Outcome:
        remaining = self.remaining()
        if remaining <= 0.0:
            return _Outcome("unknown")
        enc, cs = self.enc, self.cs
        n_req = len(cs.requirements)
        sat = require_extra(
            "ortools.sat.python.cp_model", "the constraint solver (accord analyze --solver)"
        )
        model = sat.CpModel()
        x = [[model.new_bool_var(f"x{k}_{o}") for o in range(n)] for k, n in enumerate(cs.sizes)]
        for row in x:
            model.add_exactly_one(row)
        for clause in enc.hard:
            model.add_bool_or([x[k][o] for k, o in clause])

        e: list[cp_model.IntVar | None] = []
        for j in range(n_req):
            if enforce is None:
                e.append(model.new_bool_var(f"e{j}"))
            else:
                e.append(None)

        def guard(j: int) -> list[cp_model.IntVar] | None:
            """Enforcement literals of requirement ``j``; ``None`` when it is dropped."""
            lit = e[j]
            if lit is not None:
                return [lit]
            assert enforce is not None
            return [] if enforce[j] else None

        rect_vars = []
        for rect in enc.rectangles:
            y = model.new_bool_var("rect")
            for k, inside in rect.ranges:
                model.add_bool_or([x[k][o] for o in inside]).only_enforce_if(y)
            outside = [
                x[k][o] for k, inside in rect.ranges for o in range(cs.sizes[k]) if o not in inside
            ]
            model.add_bool_or([y, *outside])
            rect_vars.append(y)

        utility = []
        for n, coefs in enumerate(enc.coefs):
            expr = sat.LinearExpr.weighted_sum(
                [v for row in x for v in row] + [rect_vars[r] for r, _ in enc.rect_coefs[n]],
                [c for row in coefs for c in row] + [c for _, c in enc.rect_coefs[n]],
            )
            utility.append(expr)

        for j, clause in enumerate(enc.red):
            g = guard(j)
            if g is not None:
                model.add_bool_or([x[k][o] for k, o in clause]).only_enforce_if(g)
        for n in range(len(enc.coefs)):
            g = guard(enc.n_red + n)
            if g is not None:
                model.add(utility[n] >= enc.thresholds[n]).only_enforce_if(g)
        for local, j in self.cuts:
            g = guard(j)
            if g is not None:
                model.add_bool_or([x[k][p].Not() for k, p in enumerate(local)]).only_enforce_if(g)
        for blocked in blocking:
            model.add_bool_or(
                [lit for j in np.flatnonzero(blocked) if (lit := e[int(j)]) is not None]
            )

        gains = [utility[n] - enc.disagreement[n] for n in range(len(utility))]
        if objective[0] == "count":
            model.maximize(sum(v for v in e if v is not None))
        elif objective[0] == "maxmin":
            bound = _bound(enc)
            z = model.new_int_var(-bound, bound, "z")
            for g_expr in gains:
                model.add(z <= g_expr)
            model.maximize(z)
        elif objective[0] == "total":
            for g_expr in gains:
                model.add(g_expr >= objective[1])
            model.maximize(sum(utility))
        else:
            model.maximize(utility[objective[1]])

        solver = sat.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        # linearise the enforced reservation constraints too: without it the LP bound is
        # too weak and single-worker CP-SAT stalls on 1e20-package spaces (0.2 s vs > 60 s)
        solver.parameters.linearization_level = 2
        solver.parameters.max_time_in_seconds = remaining
        status = solver.solve(model)
        self.n_solves += 1
        if status == sat.INFEASIBLE:
            return _Outcome("infeasible")
        if status not in (sat.OPTIMAL, sat.FEASIBLE):
            if status == sat.MODEL_INVALID:
                raise RuntimeError(f"internal error: invalid CP-SAT model: {model.validate()}")
            return _Outcome("unknown")
        local = tuple(next(o for o, v in enumerate(row) if solver.boolean_value(v)) for row in x)
        if enforce is None:
            enforced = np.array([solver.boolean_value(v) for v in e if v is not None], dtype=bool)
        else:
            enforced = enforce.copy()
        return _Outcome(
            "optimal" if status == sat.OPTIMAL else "feasible",
            local,
            enforced.reshape(n_req),
            round(solver.objective_value),
        )


def _bound(enc: _Encoding) -> int:
    """A bound on every integer gain, for the domain of the max-min variable."""
    worst = 0
    for n, coefs in enumerate(enc.coefs):
        total = sum(max((abs(c) for c in row), default=0) for row in coefs)
        total += sum(abs(c) for _, c in enc.rect_coefs[n]) + abs(enc.disagreement[n])
        worst = max(worst, total)
    return worst + 1


# -- the diagnosis -----------------------------------------------------------------------


def solver_diagnosis(
    cs: CompiledScenario,
    *,
    max_sets: int = 1000,
    time_limit: float = 60.0,
    resolution: float = DEFAULT_RESOLUTION,
) -> SolverDiagnosis:
    """Diagnose a deadlock with CP-SAT: every minimal correction set, and for each the
    package that asks least of the worst-off bargaining party.

    Parameters
    ----------
    cs
        The compiled scenario (any size; restricted spaces work too).
    max_sets
        Stop after this many minimal correction sets (``complete`` is then false unless
        one more solve proves there are no others).
    time_limit
        Wall-clock seconds for all solves together. CP-SAT runs single-threaded with a
        fixed seed, so a run that finishes within the limit is reproducible.
    resolution
        Utility step of the integer model (see the module docstring).

    Returns
    -------
    SolverDiagnosis
        Frozen; check ``complete`` before reading the MCS list as a diagnosis.

    Raises
    ------
    ScenarioError
        When no party's consent is needed (no bargaining party).

    Notes
    -----
    The MCSes are enumerated by increasing cardinality with blocking clauses (Liffiton &
    Sakallah 2008); the minimal conflicts are their minimal hitting sets (Reiter 1987),
    available as :attr:`SolverDiagnosis.mus`.

    Examples
    --------
    >>> from accord.io import load_scenario
    >>> from accord.space import compile_scenario
    >>> d = solver_diagnosis(compile_scenario(load_scenario("geneva-2026")))
    >>> sorted(sorted(d.keys(row)) for row in d.mcs)
    [[('russia', 'full-donbas')], [('ukraine', 'no-withdrawal')]]
    """
    if cs.bargaining.size == 0:
        raise ScenarioError(
            "the scenario has no bargaining party (role: party), so no deal needs anyone's "
            "consent; give at least one party role 'party'",
            path="parties",
        )
    if max_sets < 1:
        raise ParameterError("max_sets", f"must be at least 1, got {max_sets}")
    enc = _encode(cs, resolution)
    run = _Session(cs, enc, time.monotonic() + time_limit)
    n_req = len(cs.requirements)
    notes: list[str] = []

    # 1. minimal correction sets, by cardinality (Liffiton & Sakallah 2008)
    found: list[Bool] = []
    seeds: list[tuple[int, ...]] = []
    complete = False
    infeasible = False
    acceptable: bool | None = None
    quick_witness: tuple[int, ...] | None = None
    while True:
        out = run.solve(("count",), None, found)
        if out.status == "infeasible":
            complete = True
            infeasible = not found
            if infeasible:
                acceptable = False
            break
        if out.status == "unknown":
            notes.append(f"time limit of {time_limit:g} s reached while enumerating MCSes")
            break
        assert out.enforced is not None
        relaxed = ~out.enforced
        if out.status == "feasible":
            if not relaxed.any():
                acceptable, quick_witness = True, out.local
            notes.append(f"time limit of {time_limit:g} s reached while enumerating MCSes")
            break
        if len(found) >= max_sets:
            notes.append(f"more than max_sets={max_sets} minimal correction sets")
            break
        if acceptable is None:
            acceptable = not relaxed.any()
        found.append(relaxed)
        seeds.append(out.local)

    # 2. per MCS, the max-min package (lexicographic: min gain, then total utility)
    n_sets = len(found)
    order = sorted(
        range(n_sets), key=lambda s: (int(found[s].sum()), tuple(np.flatnonzero(found[s])))
    )
    mcs = np.array([found[s] for s in order], dtype=bool).reshape(n_sets, n_req)
    seeds = [seeds[s] for s in order]
    b = cs.bargaining
    d = cs.reservation[b]
    packages = np.zeros((n_sets, len(cs.allowed)), dtype=np.intp)
    utilities = np.zeros((n_sets, len(cs.party_ids)))
    maxmin = np.zeros(n_sets)
    optimal = np.zeros(n_sets, dtype=bool)
    for s in range(n_sets):
        enforce = ~mcs[s]
        best = seeds[s]
        first = run.solve(("maxmin",), enforce)
        if first.status in ("optimal", "feasible"):
            best = first.local
        if first.status == "optimal":
            second = run.solve(("total", first.objective), enforce)
            if second.status in ("optimal", "feasible"):
                best = second.local
            optimal[s] = second.status == "optimal"
        u, _ = run.evaluate(best)
        packages[s] = run.positions(best)
        utilities[s] = u
        maxmin[s] = float(np.min(u[b] - d))
    if not optimal.all():
        notes.append(
            f"time limit of {time_limit:g} s reached before {int((~optimal).sum())} max-min "
            "package(s) were proven optimal"
        )

    # 3. each bargaining party's ideal: its best utility keeping all of its own red lines
    ideals = np.full(b.size, -np.inf)
    ideals_optimal = True
    for n, i in enumerate(b):
        own = np.array(
            [r.kind == "red_line" and r.party == cs.party_ids[int(i)] for r in cs.requirements]
        )
        out = run.solve(("party", n), own)
        if out.status in ("optimal", "feasible"):
            ideals[n] = float(run.evaluate(out.local)[0][int(i)])
        ideals_optimal &= out.status in ("optimal", "infeasible")
    if not ideals_optimal:
        notes.append(f"time limit of {time_limit:g} s reached before the ideals were proven")

    witness: Index | None = None
    if acceptable:
        if n_sets and not mcs[0].any():
            witness = packages[0]
        elif quick_witness is not None:
            witness = run.positions(quick_witness)
    for arr in (mcs, packages, utilities, maxmin, optimal, ideals):
        arr.flags.writeable = False
    return SolverDiagnosis(
        requirements=cs.requirements,
        infeasible=infeasible,
        acceptable_exists=acceptable,
        witness=witness,
        mcs=mcs,
        packages=packages,
        utilities=utilities,
        maxmin=maxmin,
        optimal=optimal,
        ideals=ideals,
        ideals_optimal=ideals_optimal,
        complete=complete,
        resolution=1.0 / enc.scale,
        n_solves=run.n_solves,
        notes=tuple(notes),
    )
