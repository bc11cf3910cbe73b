"""A scenario compiled once into arrays: utilities, feasibility and red-line violations.

``CompiledScenario`` is what every hot path works on. Each party's additive utility is a
sum of per-issue value vectors, so utilities of any block of outcomes are a handful of
gathers and adds (no Python loop per outcome). Red lines and scenario constraints compile
to one boolean mask per option of the issues they test.

A compiled scenario may be *restricted*: only some options of each issue allowed, and
only some issues *agreed*. Partial agreements use this: the issues left open are fixed at
their status quo, and a red line on an issue left open is not engaged (a party does not
sign anything on that issue).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np

from accord.arrays import Bool, Float, Index
from accord.counts import count_text
from accord.errors import ConfigurationError, ScenarioError, SpaceTooLargeError
from accord.model import Clause, Condition, Issue, IssueKind, OptionValue, RedLine, Scenario
from accord.space.outcomes import DEFAULT_CHUNK
from accord.tolerance import WRITTEN, below

#: Outcome spaces larger than this are not materialised unless streaming is asked for.
DEFAULT_MAX_OUTCOMES = 20_000_000


@dataclass(frozen=True, slots=True)
class Requirement:
    """Something a deal must satisfy that a party could give up: a red line or a
    reservation value. Deadlock diagnosis speaks in these."""

    kind: Literal["red_line", "reservation"]
    party: str
    id: str
    statement: str
    issues: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``party:id``, unique among a scenario's requirements."""
        return f"{self.party}:{self.id}"


@dataclass(frozen=True, slots=True)
class Block:
    """A block of consecutive outcomes of a compiled space."""

    start: int
    positions: Index  # (m, n_issues) option positions in the *original* issues
    utilities: Float  # (m, n_parties) all parties, scenario order
    feasible: Bool  # (m,) scenario constraints hold


def range_mask(issue: Issue, lo: OptionValue, hi: OptionValue) -> Bool:
    """Which options of ``issue`` lie in ``[lo, hi]``: by value (to
    :data:`accord.tolerance.WRITTEN`) on a numeric issue, by option order otherwise. The one test
    of a hyper-rectangle's bound, for the utility table and the solver encoding alike.

    >>> from accord.model import Issue, IssueKind
    >>> i = Issue("x", "x", IssueKind.NUMERIC, (0.0, 0.5, 1.0))
    >>> range_mask(i, 0.5, 1.0).tolist()
    [False, True, True]
    """
    if issue.kind is IssueKind.NUMERIC:
        x = np.asarray(issue.options, dtype=np.float64)
        inside = (x >= float(lo) - WRITTEN) & (x <= float(hi) + WRITTEN)
    else:
        pos = np.arange(issue.size)
        inside = (pos >= issue.index(lo)) & (pos <= issue.index(hi))
    return np.asarray(inside, dtype=bool)


def _clause_mask(clause: Clause, issue: Issue, allowed: Index) -> Bool:
    return clause.option_mask(issue)[allowed]


@dataclass(frozen=True)
class CompiledScenario:
    """Arrays for one scenario (optionally restricted); build with :func:`compile_scenario`."""

    scenario: Scenario
    allowed: tuple[Index, ...]
    agreed: frozenset[str]
    value_tables: tuple[Float, ...]  # per issue: (n_allowed_k, n_parties) weighted values
    offsets: Float
    scales: Float
    _cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    # -- shape -------------------------------------------------------------------------
    @property
    def issues(self) -> tuple[Issue, ...]:
        """The scenario's issues, in order (all of them, restricted or not)."""
        return self.scenario.issues

    @cached_property
    def sizes(self) -> tuple[int, ...]:
        """Per issue, how many options are allowed (1 for an issue fixed at its status quo)."""
        return tuple(int(a.size) for a in self.allowed)

    @cached_property
    def n_outcomes(self) -> int:
        """How many packages the (restricted) space holds: the product of :attr:`sizes`."""
        n = 1
        for s in self.sizes:
            n *= s
        return n

    @cached_property
    def party_ids(self) -> tuple[str, ...]:
        """Party ids in scenario order: the columns of every utility array."""
        return tuple(p.id for p in self.scenario.parties)

    @cached_property
    def bargaining(self) -> Index:
        """Column indices of the parties whose consent a deal needs."""
        return np.array([i for i, p in enumerate(self.scenario.parties) if p.bargaining], np.intp)

    @cached_property
    def reservation(self) -> Float:
        """Every party's reservation value, in scenario order."""
        return np.array([p.reservation_value for p in self.scenario.parties], dtype=np.float64)

    @cached_property
    def capability(self) -> Float:
        """Every party's capability (bargaining power), in scenario order."""
        return np.array([p.capability for p in self.scenario.parties], dtype=np.float64)

    @cached_property
    def additive(self) -> bool:
        """Every party's utility is a weighted sum of per-issue values (no
        hyper-rectangle terms), so utilities are gathers and adds."""
        return all(p.preference.is_additive for p in self.scenario.parties)

    # -- requirements --------------------------------------------------------------------
    def _engaged(self, cond: Condition) -> bool:
        """A condition binds only when the issue it protects is part of the deal."""
        trigger = cond.when.issue if cond.when is not None else cond.must.issue
        return trigger in self.agreed

    @cached_property
    def engaged_red_lines(self) -> tuple[RedLine, ...]:
        """The bargaining parties' red lines that bind in this space (their trigger issue
        is agreed), in scenario order."""
        bargaining_ids = {self.scenario.parties[i].id for i in self.bargaining}
        return tuple(
            r
            for r in self.scenario.red_lines
            if r.party in bargaining_ids and self._engaged(r.condition)
        )

    @cached_property
    def requirements(self) -> tuple[Requirement, ...]:
        """What a deal must satisfy: the engaged red lines, then one reservation value per
        bargaining party (the columns of :meth:`violations`)."""
        reqs = [
            Requirement("red_line", r.party, r.id, r.statement, r.issues)
            for r in self.engaged_red_lines
        ]
        for i in self.bargaining:
            p = self.scenario.parties[int(i)]
            reqs.append(
                Requirement(
                    "reservation",
                    p.id,
                    "reservation_value",
                    f"{p.name} accepts no deal worth less than {p.reservation_value:g} to it",
                )
            )
        return tuple(reqs)

    @cached_property
    def product_structure(self) -> bool:
        """True when red lines and constraints each test a single issue, so restricting
        options issue by issue captures them exactly (no cross-issue coupling)."""
        conds = [r.condition for r in self.engaged_red_lines]
        conds += [c.condition for c in self.scenario.constraints if self._engaged(c.condition)]
        return all(c.when is None for c in conds)

    def _condition_holds(self, cond: Condition, positions: Index) -> Bool:
        sc = self.scenario
        k = sc.issue_position(cond.must.issue)
        ok = cond.must.option_mask(sc.issues[k])[positions[:, k]]
        if cond.when is None:
            return ok
        kw = sc.issue_position(cond.when.issue)
        triggered = cond.when.option_mask(sc.issues[kw])[positions[:, kw]]
        return ok | ~triggered

    def feasible(self, positions: Index) -> Bool:
        """``(m,)``: which outcomes (original option positions) meet every engaged
        scenario constraint."""
        ok = np.ones(positions.shape[0], dtype=bool)
        for c in self.scenario.constraints:
            if self._engaged(c.condition):
                ok &= self._condition_holds(c.condition, positions)
        return ok

    def violations(self, positions: Index, utilities: Float) -> Bool:
        """``(m, n_requirements)``: which requirements each outcome breaks."""
        reqs = self.requirements
        out = np.zeros((positions.shape[0], len(reqs)), dtype=bool)
        n_red = len(self.engaged_red_lines)
        for j, r in enumerate(self.engaged_red_lines):
            out[:, j] = ~self._condition_holds(r.condition, positions)
        b = self.bargaining
        out[:, n_red:] = below(utilities[:, b], self.reservation[b])
        return out

    def option_masks(self, honour_red_lines: bool) -> list[Bool]:
        """Per issue, which allowed options survive single-issue constraints (and red
        lines, when ``honour_red_lines``). Exact only under :attr:`product_structure`."""
        sc = self.scenario
        masks = [np.ones(a.size, dtype=bool) for a in self.allowed]
        conds = [c.condition for c in sc.constraints if self._engaged(c.condition)]
        if honour_red_lines:
            conds += [r.condition for r in self.engaged_red_lines]
        for cond in conds:
            if cond.when is None:
                k = sc.issue_position(cond.must.issue)
                masks[k] &= _clause_mask(cond.must, sc.issues[k], self.allowed[k])
        return masks

    # -- utilities -----------------------------------------------------------------------
    def local_positions(self, start: int, stop: int) -> Index:
        """Option positions, within the allowed options, of outcomes ``start..stop-1``."""
        m = max(0, stop - start)
        if not self.sizes:
            return np.zeros((m, 0), dtype=np.intp)
        flat = np.arange(start, start + m, dtype=np.int64)
        return np.stack(np.unravel_index(flat, self.sizes), axis=1).astype(np.intp, copy=False)

    @cached_property
    def _identity(self) -> bool:
        return all(
            a.size == i.size and bool(np.all(a == np.arange(i.size)))
            for a, i in zip(self.allowed, self.scenario.issues, strict=True)
        )

    def to_original(self, local: Index) -> Index:
        """Original option positions of outcomes given by local (allowed-option) ones."""
        if local.shape[1] == 0 or self._identity:
            return local.astype(np.intp, copy=False)
        return np.stack([a[local[:, k]] for k, a in enumerate(self.allowed)], axis=1)

    def utilities_local(self, local: Index) -> Float:
        """Utilities ``(m, n_parties)`` of outcomes given by *local* option positions."""
        m = local.shape[0]
        u = np.zeros((m, len(self.party_ids)), dtype=np.float64)
        for k, table in enumerate(self.value_tables):
            u += table[local[:, k]]
        if not self.additive:
            orig = self.to_original(local)
            for j, p in enumerate(self.scenario.parties):
                for rect in p.preference.rectangles:
                    inside = np.ones(m, dtype=bool)
                    for issue_id, lo, hi in rect.bounds:
                        k = self.scenario.issue_position(issue_id)
                        opt = range_mask(self.scenario.issues[k], lo, hi)
                        inside &= opt[orig[:, k]]
                    u[:, j] += rect.utility * inside
        return self.offsets + self.scales * u

    def utilities_of(self, positions: Index) -> Float:
        """Utilities of outcomes given by *original* option positions (any subset)."""
        local = np.empty_like(positions)
        for k, a in enumerate(self.allowed):
            lookup = np.full(self.scenario.issues[k].size, -1, dtype=np.intp)
            lookup[a] = np.arange(a.size)
            local[:, k] = lookup[positions[:, k]]
        if (local < 0).any():
            raise ConfigurationError("outcome outside the restricted space")
        return self.utilities_local(local)

    def blocks(self, chunk: int = DEFAULT_CHUNK) -> Iterator[Block]:
        """The space in consecutive blocks of ``chunk`` outcomes (streaming)."""
        n = self.n_outcomes
        for start in range(0, n, chunk):
            local = self.local_positions(start, min(n, start + chunk))
            positions = self.to_original(local)
            yield Block(start, positions, self.utilities_local(local), self.feasible(positions))

    def table(self, max_outcomes: int = DEFAULT_MAX_OUTCOMES) -> Block:
        """The whole space as one block (cached)."""
        if self.n_outcomes > max_outcomes:
            raise SpaceTooLargeError(
                f"the outcome space has {count_text(self.n_outcomes)} outcomes, over the in-memory "
                f"limit of {max_outcomes:,}; ask for streaming (--stream) or raise the limit"
            )
        cached = self._cache.get("table")
        if isinstance(cached, Block):
            return cached
        local = self.local_positions(0, self.n_outcomes)
        positions = self.to_original(local)
        block = Block(0, positions, self.utilities_local(local), self.feasible(positions))
        self._cache["table"] = block
        return block

    def restrict(self, agreed: frozenset[str]) -> CompiledScenario:
        """The sub-space where only ``agreed`` issues are negotiated; every other issue is
        fixed at its status quo."""
        allowed = []
        for issue, a in zip(self.scenario.issues, self.allowed, strict=True):
            if issue.id in agreed:
                allowed.append(a)
            else:
                sq = issue.status_quo_index
                if sq is None:
                    raise ScenarioError(f"issue {issue.id!r} has no status quo")
                allowed.append(np.array([sq], dtype=np.intp))
        return _build(self.scenario, tuple(allowed), agreed)


def _build(
    scenario: Scenario, allowed: tuple[Index, ...], agreed: frozenset[str]
) -> CompiledScenario:
    parties = scenario.parties
    tables = []
    for k, issue in enumerate(scenario.issues):
        cols = [p.preference.issue_values(issue) for p in parties]
        full = np.stack(cols, axis=1) if cols else np.zeros((issue.size, 0))
        tables.append(np.ascontiguousarray(full[allowed[k]]))
    offsets = np.array([p.preference.offset for p in parties], dtype=np.float64)
    scales = np.array([p.preference.scale for p in parties], dtype=np.float64)
    return CompiledScenario(scenario, allowed, agreed, tuple(tables), offsets, scales)


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Compile ``scenario`` (every option allowed, every issue agreed)."""
    allowed = tuple(np.arange(i.size, dtype=np.intp) for i in scenario.issues)
    return _build(scenario, allowed, frozenset(i.id for i in scenario.issues))
