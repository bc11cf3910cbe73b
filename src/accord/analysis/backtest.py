"""Back-test: does the model, built from what was known before a past round, find what that
round agreed?

For each past round of the calendar with a recorded agreement, the scenario is cut back to
what was known the day before the round (:func:`known_before`): positions, red lines and the
deadline whose evidence is dated later are dropped (a claim's own ``date``, else its
source's), and so are later rounds. Then, for each item the round agreed:

- **agreeable**: is the agreed option of the agreed issue in the zone of possible agreement
  of some partial agreement (a subset of issues, the others left open at their status quo,
  as :mod:`accord.analysis.analyze` defines partial agreements)? The smallest such subset
  is reported (the item alone, when it can be agreed by itself).
- **reached**: in how many runs of the simulated protocol (the round's own sessions and
  negotiation rounds, the parties' strategies) does the agreement set that option?

This checks the model against what happened; nothing is fitted. An item that maps to no
issue cannot be checked and is said to be outside the model. The analyst's assumptions
(weights, values, reservation values) carry no date and are kept: they were set when the
scenario was written, and may carry hindsight; the output says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from accord.errors import ConfigurationError, ParameterError
from accord.model import Evidence, Scenario, Session
from accord.model.calendar import Calendar, PastRound, RoundAgreement
from accord.randomness import RNG, check_rng, rng_alias


class _Claim(Protocol):
    @property
    def evidence(self) -> Evidence | None: ...


_T = TypeVar("_T", bound=_Claim)

#: A simulated share at or above this counts as "reached" in the verdict.
REACHED_SHARE = 0.5
#: The verdicts, best first.
VERDICTS = (
    "hit",
    "agreeable, rarely reached",
    "agreeable, never reached",
    "miss",
    "outside the model",
)
#: Issue subsets examined at most when looking for the smallest partial agreement.
MAX_SUBSETS = 4096


@dataclass(frozen=True, slots=True)
class ItemCheck:
    """The verdict on one agreed item of one past round."""

    round: str
    date: dt.date
    as_of: dt.date
    item: str
    statement: str
    issue: str | None
    option: object
    option_label: str | None
    verdict: str  # see VERDICTS
    explanation: str
    agreeable: bool | None = None
    agreeable_with: tuple[str, ...] = ()  # the smallest subset of issues where it is agreeable
    runs: int = 0
    reached: int = 0
    exact: int = 0
    overreach: int = 0
    overreach_issues: tuple[str, ...] = ()
    agreements: int = 0
    dropped: tuple[str, ...] = ()

    @property
    def reached_share(self) -> float | None:
        """Share of simulated runs whose agreement sets the agreed option (0..1); ``None`` when
        no run was simulated.
        """
        return self.reached / self.runs if self.runs else None

    def to_dict(self) -> dict[str, Any]:
        """The check as a JSON-ready dict: dates as ISO strings, counts of runs and their shares
        (``None`` without runs) under explicit names such as ``runs_reaching_item``.
        """
        return {
            "round": self.round,
            "date": self.date.isoformat(),
            "as_of": self.as_of.isoformat(),
            "item": self.item,
            "statement": self.statement,
            "issue": self.issue,
            "option": self.option,
            "option_label": self.option_label,
            "verdict": self.verdict,
            "explanation": self.explanation,
            "agreeable": self.agreeable,
            "agreeable_with": list(self.agreeable_with),
            "runs": self.runs,
            "runs_reaching_item": self.reached,
            "share_reaching_item": self.reached_share,
            "runs_reaching_item_alone": self.exact,
            "share_reaching_item_alone": self.exact / self.runs if self.runs else None,
            "runs_settling_issues_left_open": self.overreach,
            "issues_settled_that_were_left_open": list(self.overreach_issues),
            "runs_with_any_agreement": self.agreements,
            "dropped_as_unknown_then": list(self.dropped),
        }


@dataclass(frozen=True, slots=True)
class Backtest:
    """The verdicts on every item agreed at the scenario's past rounds (see the module
    docstring), with notes on what the back-test can and cannot show.
    """

    scenario: str
    checks: tuple[ItemCheck, ...]
    notes: tuple[str, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        """Number of checks per verdict (only the verdicts that occur; see :data:`VERDICTS`)."""
        out: dict[str, int] = {}
        for c in self.checks:
            out[c.verdict] = out.get(c.verdict, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """The back-test as a JSON-ready dict: the scenario id, every check, the verdict counts and
        the notes.
        """
        return {
            "scenario": self.scenario,
            "checks": [c.to_dict() for c in self.checks],
            "verdicts": self.counts(),
            "notes": list(self.notes),
        }


def _evidence_date(e: Evidence, source_dates: dict[str, str | None]) -> dt.date | None:
    raw = e.date or (source_dates.get(e.source) if e.source else None)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


def known_before(scenario: Scenario, day: dt.date) -> tuple[Scenario, tuple[str, ...]]:
    """``scenario`` as known on ``day``: claims whose evidence is dated after ``day`` are
    dropped (positions, red lines, the deadline), rounds from ``day`` on too. Returns the
    scenario and what was dropped (for the report)."""
    dates = {s.id: s.date for s in scenario.sources}
    dropped: list[str] = []

    def later(e: Evidence | None) -> bool:
        if e is None or e.is_assumption:
            return False
        d = _evidence_date(e, dates)
        return d is not None and d > day

    def known(items: Sequence[_T], labels: Iterable[str]) -> tuple[_T, ...]:
        """The items whose evidence was known on ``day``; the others go to ``dropped``."""
        kept = []
        for item, label in zip(items, labels, strict=True):
            if later(item.evidence):
                dropped.append(label)
            else:
                kept.append(item)
        return tuple(kept)

    parties = [
        dataclasses.replace(
            p,
            positions=known(p.positions, (f"{p.id}: position on {x.issue}" for x in p.positions)),
            red_lines=known(p.red_lines, (f"{p.id}: red line {r.id}" for r in p.red_lines)),
        )
        for p in scenario.parties
    ]
    constraints = known(scenario.constraints, (f"constraint {c.id}" for c in scenario.constraints))
    deadline = scenario.deadline
    if deadline is not None and later(deadline.evidence):
        dropped.append("the deadline")
        deadline = None
    calendar = scenario.calendar
    if calendar is not None:
        calendar = Calendar(
            as_of=day,
            past=tuple(r for r in calendar.past if r.end <= day),
            note=calendar.note,
        )
    return (
        dataclasses.replace(
            scenario,
            parties=tuple(parties),
            constraints=tuple(constraints),
            deadline=deadline,
            calendar=calendar,
            uncertainty=None,  # today's doubts, possibly about red lines dropped above
        ),
        tuple(dropped),
    )


def _agreeable_with(scenario: Scenario, issue_id: str, option_index: int) -> tuple[str, ...]:
    """The smallest subset of issues (containing ``issue_id``, the others at their status
    quo) whose zone of possible agreement holds a package with the agreed option; ``()``
    when none does."""
    from accord.analysis.analyze import _acceptable
    from accord.space import compile_scenario

    cs = compile_scenario(scenario)
    k = scenario.issue_position(issue_id)
    others = [i.id for i in scenario.issues if i.id != issue_id and i.status_quo is not None]
    fixed = [i.id for i in scenario.issues if i.id != issue_id and i.status_quo is None]
    examined = 0
    for size in range(len(others) + 1):
        for combo in itertools.combinations(others, size):
            examined += 1
            if examined > MAX_SUBSETS:
                return ()
            agreed = frozenset((issue_id, *fixed, *combo))
            sub = cs.restrict(agreed)
            for block in sub.blocks():
                acc, _ = _acceptable(sub, block)
                if (acc & (block.positions[:, k] == option_index)).any():
                    order = [i.id for i in scenario.issues]
                    return tuple(i for i in order if i in agreed)
    return ()


def _round_scenario(scenario: Scenario, rnd: PastRound) -> Scenario | None:
    sessions = tuple(
        Session(s.date.isoformat(), s.duration_hours, s.rounds, s.note)
        for s in rnd.sessions
        if s.rounds
    )
    if not sessions:
        return None
    deadline = scenario.deadline
    if deadline is not None:
        deadline = dataclasses.replace(deadline, rounds=None)
    return dataclasses.replace(scenario, sessions=sessions, deadline=deadline, calendar=None)


@rng_alias()
def check_item(
    scenario: Scenario,
    rnd: PastRound,
    item: RoundAgreement,
    *,
    runs: int = 1000,
    rng: RNG = 1,
) -> ItemCheck:
    """The verdict on one item ``rnd`` agreed, from the model known the day before.

    ``rng`` seeds the simulated runs (an int, a Generator, a SeedSequence or None for fresh
    entropy; see :mod:`accord.randomness`); ``seed=`` is its deprecated former name."""
    as_of = rnd.start - dt.timedelta(days=1)
    base = {
        "round": rnd.id,
        "date": rnd.end,
        "as_of": as_of,
        "item": item.id,
        "statement": item.statement,
        "issue": item.issue,
        "option": item.option,
    }
    if item.issue is None or item.option is None:
        topics = ", ".join(x for x in (item.stage, "/".join(item.topics)) if x)
        return ItemCheck(
            **base,  # type: ignore[arg-type]
            option_label=None,
            verdict="outside the model",
            explanation=(
                "no issue of the scenario covers this item"
                + (f" ({topics})" if topics else "")
                + "; the model cannot say whether it was agreeable"
            ),
        )
    known, dropped = known_before(scenario, as_of)
    issue = known.issue(item.issue)
    idx = issue.index(item.option)
    label = issue.label(idx)
    with_ = _agreeable_with(known, item.issue, idx)
    agreeable = bool(with_)
    reached = exact = overreach = agreements = n = 0
    settled_elsewhere: dict[str, int] = {}
    round_issues = {a.issue for a in rnd.agreements if a.issue is not None}
    sim_note = ""
    rs = _round_scenario(known, rnd)
    sim = None
    if rs is None:
        sim_note = "; not simulated: the round records no sessions with negotiation rounds"
    else:
        from accord.negotiation.simulation import simulate

        try:
            sim = simulate(rs, runs=runs, rng=rng)
        except ConfigurationError as exc:
            sim = None
            sim_note = f"; not simulated: {exc}"
    if sim is not None:
        n = sim.runs
        for r in sim.results:
            package = sim.decode(r)  # the settled issues only; open ones left out
            if package is None:
                continue
            agreements += 1
            settled = set(package)
            moved = [
                i.id
                for i in known.issues
                if i.id not in round_issues
                and i.id in settled
                and i.status_quo is not None
                and package.get(i.id) != i.status_quo
            ]
            for m in moved:
                settled_elsewhere[m] = settled_elsewhere.get(m, 0) + 1
            overreach += bool(moved)
            if item.issue in settled and issue.index(package[item.issue]) == idx:
                reached += 1
                exact += not moved
    share = exact / n if n else 0.0
    others = tuple(sorted(settled_elsewhere, key=lambda i: -settled_elsewhere[i]))
    over = (
        f"; in {overreach / n:.0%} of runs the simulated agreement also settles issues the "
        f"round left open ({', '.join(others)}), which did not happen"
        if n and overreach
        else ""
    )
    if not agreeable:
        verdict = "miss"
        why = (
            f"the model finds {issue.id} = {label} agreeable in no partial agreement: some "
            "party's reservation value or red line excludes it"
        )
    elif n and share >= REACHED_SHARE:
        verdict = "hit"
        why = (
            f"agreeable ({_subset(with_)}) and reached as agreed, the issues the round left "
            f"open untouched, in {share:.0%} of simulated runs"
        )
    else:
        verdict = "agreeable, rarely reached" if exact else "agreeable, never reached"
        why = (
            f"agreeable ({_subset(with_)}), but the simulated protocol reaches it as agreed "
            f"in only {share:.0%} of runs (the option at all: {reached / n:.0%})"
            if n
            else f"agreeable ({_subset(with_)})"
        )
    return ItemCheck(
        **base,  # type: ignore[arg-type]
        option_label=label,
        verdict=verdict,
        explanation=why + over + sim_note,
        agreeable=agreeable,
        agreeable_with=with_,
        runs=n,
        reached=reached,
        exact=exact,
        overreach=overreach,
        overreach_issues=others,
        agreements=agreements,
        dropped=dropped,
    )


def _subset(issues: tuple[str, ...]) -> str:
    if len(issues) == 1:
        return "on its own, the other issues left open"
    return "with " + ", ".join(issues[1:]) if issues else ""


@rng_alias()
def backtest(scenario: Scenario, *, runs: int = 1000, rng: RNG = 1) -> Backtest:
    """Check every item agreed at the scenario's past rounds (see the module docstring).

    ``rng`` seeds the simulations of every item (default 1, so a back-test is reproducible
    as it stands): an int, a :class:`numpy.random.Generator`, a
    :class:`numpy.random.SeedSequence` or None for fresh entropy (see
    :mod:`accord.randomness`). ``seed=`` is its deprecated former name."""
    if runs <= 0:
        raise ParameterError("runs", f"must be > 0, got {runs}")
    check_rng(rng)
    cal = scenario.calendar
    if cal is None:
        raise ConfigurationError(
            f"scenario {scenario.id!r} has no calendar: a back-test needs past rounds with "
            "what they agreed (calendar.past[i].agreed)"
        )
    checks = [
        check_item(scenario, r, a, runs=runs, rng=rng) for r in cal.past for a in r.agreements
    ]
    notes = [
        "Claims are dropped when their evidence is dated after the day before the round; the "
        "analyst's assumptions (weights, values, reservation values, round budgets) carry no "
        "date and are kept: they were set when the scenario was written and may carry "
        "hindsight.",
        f"'hit': agreeable, and reached as agreed (the issues the round left open untouched) "
        f"in at least {REACHED_SHARE:.0%} of simulated runs; 'agreeable, rarely/never "
        "reached': agreeable, but the simulated protocol reaches it so in fewer runs (or "
        "none); 'miss': not agreeable in any partial agreement; 'outside the model': no "
        "issue covers the item.",
    ]
    if not checks:
        notes.append("no past round records an agreement: nothing to check")
    return Backtest(scenario.id, tuple(checks), tuple(notes))
