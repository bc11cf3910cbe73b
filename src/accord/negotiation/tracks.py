"""Tracks that settle apart: the step engine negotiating a scenario's tracks side by side.

A scenario with tracks (:mod:`accord.model.track`) splits its agenda into settlement groups
(:func:`accord.model.track.settlement_groups`, the one grouping every engine uses): each
separable track, or separable tracks linked together, is a group of its own; the tracks
that are not separable and the issues in no track form the core. In one run, every group is
negotiated in the same exchanges of the same sessions, each its own negotiation under the
run's protocol:

* a separable group over its own issues, every other issue at its status quo
  (:meth:`~accord.space.CompiledScenario.restrict`: only the red lines its issues test are
  engaged); what it agrees settles its issues, on the date of the session that agreed it,
  while the other groups go on;
* the core, beside separable groups, over the whole package ("nothing is agreed until
  everything is agreed"): what it agrees is the full agreement. A separable group that
  settled before it keeps what it agreed (the comprehensive agreement takes it over); one
  that had not settled is settled by it.

A run's agreement combines the groups that settled: their options, every other issue at its
status quo and left open (a partial agreement); full when every group settled. A group
settles when its agreement leaves none of its issues open; a partial text of the core
(single negotiating text) settles the separable groups it covers entirely. Without any
agreement the run ends in a walk-out when every group walked out, else at the deadline.
These are the rules of the sweep's engines (``accord.sweep.simulate.combine_groups``), so
``accord simulate`` and ``accord sweep`` settle the same tracks.

References
----------
I. W. Zartman and M. R. Berman, *The Practical Negotiator*, Yale University Press (1982),
on sequencing the agenda. D. G. Pruitt, "Readiness theory and the Northern Ireland peace
process", *American Behavioral Scientist* 50(11) (2007) 1520-1541, on building blocks.
C. Bell, "Peace agreements: their nature and legal status", *American Journal of
International Law* 100(2) (2006) 373-412, on partial and framework agreements.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.model.track import SettlementGroup, settlement_groups
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import Strategy
from accord.negotiation.transcript import (
    DraftVersion,
    Ending,
    Result,
    TrackAgreement,
    Transcript,
)
from accord.space import CompiledScenario

#: The spawn-key word of the tracks' seeds: group ``j`` of a run seeded by ``rng`` draws
#: from ``rng`` extended with this word and ``j`` (:func:`group_seed`).
STREAM = 0x7AC5


@dataclass(frozen=True, slots=True)
class GroupRun:
    """One settlement group's negotiation in one run: its ``ending``, its agreed outcome in
    the whole space (``None`` without), the exchanges held, who walked out (``by``) and the
    issues its text left open (a partial text of the single negotiating text)."""

    ending: Ending
    outcome: int | None
    rounds: int
    by: str | None = None
    open_issues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class TrackSpaces:
    """The settlement groups of a compiled scenario with tracks and the space each is
    negotiated over: ``spaces[j]`` is ``compiled`` itself for the core beside separable
    groups (``whole[j]``), else the sub-space of group ``j``'s issues."""

    compiled: CompiledScenario
    groups: tuple[SettlementGroup, ...]
    spaces: tuple[CompiledScenario, ...]
    whole: tuple[bool, ...]

    def to_whole(self, j: int, outcome: int) -> int:
        """The index in the whole space of outcome ``outcome`` of group ``j``'s space."""
        cs = self.spaces[j]
        if cs is self.compiled:
            return int(outcome)
        pos = cs.to_original(cs.local_positions(int(outcome), int(outcome) + 1))[0]
        return int(np.ravel_multi_index(tuple(int(p) for p in pos), self.compiled.sizes))

    def to_whole_array(self, j: int, outcomes: Any) -> Any:
        """:meth:`to_whole` of an array of outcomes (``-1`` kept for none)."""
        o = np.asarray(outcomes, dtype=np.int64)
        cs = self.spaces[j]
        if cs is self.compiled or not o.size:
            return o
        ok = o >= 0
        pos = cs.to_original(np.stack(np.unravel_index(np.where(ok, o, 0), cs.sizes), axis=1))
        full = np.ravel_multi_index(tuple(pos.T), self.compiled.sizes).astype(np.int64)
        return np.where(ok, full, -1)


def track_spaces(compiled: CompiledScenario) -> TrackSpaces | None:
    """The settlement groups of ``compiled``'s scenario and their spaces; ``None`` without
    tracks, or when its tracks make one group only (the whole package settles at once, as
    without tracks)."""
    sc = compiled.scenario
    groups = settlement_groups(sc.tracks, tuple(i.id for i in sc.issues))
    if len(groups) < 2:
        return None
    spaces = []
    whole = []
    for g in groups:
        if not g.separable:
            spaces.append(compiled)
            whole.append(True)
        else:
            spaces.append(compiled.restrict(frozenset(g.issues)))
            whole.append(False)
    return TrackSpaces(compiled, groups, tuple(spaces), tuple(whole))


@dataclass(frozen=True, slots=True)
class TextSettlement:
    """Which settlement groups a run's agreed texts settle (the rules of the module
    docstring): ``own[j]``, group ``j``'s agreement leaves none of its issues open;
    ``partial``, the core whose agreed text left some of its issues open (``None`` when
    none did), with ``by_partial[j]``: separable group ``j``, not settled on its own, is
    covered entirely by that text and so settled by it."""

    own: tuple[bool, ...]
    partial: int | None
    by_partial: tuple[bool, ...]


def text_settlement(
    issues: Sequence[frozenset[str]],
    whole: Sequence[bool],
    agreed: Sequence[bool],
    left: Sequence[frozenset[str]],
) -> TextSettlement:
    """:class:`TextSettlement` of one run from each group's ``issues`` (every issue for the
    core), whether it is the core (``whole``), whether its negotiation ended in an agreement
    (``agreed``) and the issues its text ``left`` open. The one statement of these rules for
    the step engine (:func:`combine`) and the sweep's run-by-run engine
    (``accord.sweep.simulate.simulate_groups``)."""
    own = tuple(a and not (lo & mine) for mine, a, lo in zip(issues, agreed, left, strict=True))
    partial = next(
        (
            j
            for j, (w, a, o) in enumerate(zip(whole, agreed, own, strict=True))
            if w and a and not o
        ),
        None,
    )
    by_partial = tuple(
        partial is not None and not whole[j] and not own[j] and not (issues[j] & left[partial])
        for j in range(len(issues))
    )
    return TextSettlement(own, partial, by_partial)


def group_seed(rng: np.random.SeedSequence, j: int) -> np.random.SeedSequence:
    """The seed of group ``j`` of a run seeded by ``rng`` (its own stream, so the groups of
    a run never share draws)."""
    return np.random.SeedSequence(
        rng.entropy, spawn_key=(*rng.spawn_key, STREAM, j), pool_size=rng.pool_size
    )


def group_run(ts: TrackSpaces, j: int, t: Transcript) -> GroupRun:
    """Group ``j``'s :class:`GroupRun` from its transcript ``t``."""
    r = t.result
    outcome = None if r.agreement is None else ts.to_whole(j, r.agreement)
    return GroupRun(r.ending, outcome, r.rounds, r.by, r.open_issues)


def combine(
    ts: TrackSpaces,
    runs: Sequence[GroupRun],
    schedule: Schedule,
    *,
    discount: bool = False,
) -> Result:
    """One run's :class:`Result` from its groups' negotiations (the rules of the module
    docstring). The result's ``tracks`` are the groups settled, in the order they settled;
    its ``rounds`` and ``date`` those of the last one to settle (with an agreement)."""
    compiled = ts.compiled
    ids = tuple(i.id for i in compiled.issues)
    settled: dict[int, tuple[int, int, bool]] = {}  # group -> (whole outcome, rounds, by core)
    pair = (ts.groups, ts.whole)
    texts = text_settlement(
        [frozenset(ids) if w else frozenset(g.issues) for g, w in zip(*pair, strict=True)],
        ts.whole,
        [r.ending is Ending.AGREEMENT and r.outcome is not None for r in runs],
        [frozenset(r.open_issues) for r in runs],
    )
    for j, run in enumerate(runs):
        if texts.own[j] and run.outcome is not None:
            settled[j] = (run.outcome, run.rounds, False)
    core = next((j for j in range(len(ts.groups)) if ts.whole[j]), None)
    if core is not None and core in settled:
        c_out, c_rounds, _ = settled[core]
        for j in range(len(ts.groups)):
            if j != core and (j not in settled or settled[j][1] > c_rounds):
                settled[j] = (c_out, c_rounds, True)
    elif texts.partial is not None:
        core_run = runs[texts.partial]
        for j, covered in enumerate(texts.by_partial):
            if covered and core_run.outcome is not None:
                settled[j] = (core_run.outcome, core_run.rounds, True)
    if not settled:
        walked = all(r.ending is Ending.WALK_OUT for r in runs)
        ending = Ending.WALK_OUT if walked else Ending.DEADLINE
        held = max(r.rounds for r in runs)
        by = next((r.by for r in runs if r.by is not None), None) if walked else None
        return Result(
            ending,
            None,
            tuple(compiled.reservation.tolist()),
            held,
            ids,
            by,
            (),
            schedule.end_date(ending is not Ending.DEADLINE, held),
        )
    sizes = compiled.sizes
    pos = [i.status_quo_index or 0 for i in compiled.issues]
    done: set[str] = set()
    if core is not None and core in settled:
        pos = [int(p) for p in np.unravel_index(settled[core][0], sizes)]
        done = set(ids)
    for j, g in enumerate(ts.groups):
        if j == core or j not in settled or settled[j][2]:
            continue
        got = np.unravel_index(settled[j][0], sizes)
        for issue in g.issues:
            k = ids.index(issue)
            pos[k] = int(got[k])
            done.add(issue)
    if core is None or core not in settled:
        for j, g in enumerate(ts.groups):
            if j in settled and settled[j][2]:  # settled by the core's partial text
                got = np.unravel_index(settled[j][0], sizes)
                for issue in g.issues:
                    k = ids.index(issue)
                    pos[k] = int(got[k])
                    done.add(issue)
    agreement = int(np.ravel_multi_index(tuple(pos), sizes))
    order = sorted(settled, key=lambda j: (settled[j][1], j))
    pieces = tuple(
        TrackAgreement(
            ts.groups[j].id,
            ts.groups[j].tracks,
            ids if ts.whole[j] else ts.groups[j].issues,
            settled[j][1],
            schedule.date_of_round(settled[j][1] - 1),
            settled[j][2],
        )
        for j in order
    )
    last = max(s[1] for s in settled.values())
    u = compiled.table().utilities[agreement]
    if discount:
        t = 0.0 if schedule.rounds <= 1 else (last - 1) / (schedule.rounds - 1)
        d = np.array([p.discount_factor for p in compiled.scenario.parties])
        u = u * d**t
    agreed = tuple(i for i in ids if i in done)
    return Result(
        Ending.AGREEMENT,
        agreement,
        tuple(u.tolist()),
        last,
        agreed,
        None,
        tuple(i for i in ids if i not in done),
        schedule.end_date(True, last),
        pieces,
    )


def negotiate_tracks(
    ts: TrackSpaces,
    runner: Callable[..., Transcript],
    strategies: Mapping[str, Strategy],
    schedule: Schedule,
    rng: np.random.SeedSequence,
    **options: Any,
) -> Transcript:
    """One run of a scenario with tracks: each settlement group negotiated under ``runner``
    (a protocol) over its space in the same exchanges, and the run's :class:`Transcript`
    with every group's steps side by side (exchange by exchange, in group order; each step
    names its group in ``track``, its outcome in the whole space) and the combined
    :class:`Result` (:func:`combine`)."""
    parts = [
        runner(cs, strategies, schedule, group_seed(rng, j), **options)
        for j, cs in enumerate(ts.spaces)
    ]
    result = combine(
        ts,
        [group_run(ts, j, t) for j, t in enumerate(parts)],
        schedule,
        discount=bool(options.get("discount", False)),
    )
    return merge_transcripts(ts, parts, result)


def merge_transcripts(ts: TrackSpaces, parts: Sequence[Transcript], result: Result) -> Transcript:
    """The groups' transcripts ``parts`` as one (see :func:`negotiate_tracks`)."""
    rows: list[tuple[int, int, int]] = []  # (exchange, group, step)
    for j, t in enumerate(parts):
        rows.extend((int(t.round[i]), j, i) for i in range(len(t)))
    rows.sort()
    outs = [ts.to_whole_array(j, t.outcome) for j, t in enumerate(parts)]
    n_p = len(ts.compiled.party_ids)
    first = parts[0]
    keep_accept = any(t.accept for t in parts)
    keep_obj = any(t.objections for t in parts)
    drafts: list[DraftVersion] = []
    for j, t in enumerate(parts):
        drafts.extend(
            DraftVersion(d.version, d.round, ts.to_whole(j, d.outcome), d.answered, ts.groups[j].id)
            for d in t.drafts
        )
    drafts.sort(key=lambda d: (d.round, [g.id for g in ts.groups].index(d.track)))
    return Transcript(
        protocol=first.protocol,
        scenario=first.scenario,
        parties=first.parties,
        issues=ts.compiled.issues,
        sizes=ts.compiled.sizes,
        round=np.asarray([r for r, _, _ in rows], dtype=np.intp),
        session=np.asarray([int(parts[j].session[i]) for _, j, i in rows], dtype=np.intp),
        actor=tuple(parts[j].actor[i] for _, j, i in rows),
        action=tuple(parts[j].action[i] for _, j, i in rows),
        outcome=np.asarray([int(outs[j][i]) for _, j, i in rows], dtype=np.intp),
        utilities=(
            np.stack([parts[j].utilities[i] for _, j, i in rows]) if rows else np.zeros((0, n_p))
        ),
        result=result,
        accept=(
            tuple((parts[j].accept or (None,) * len(parts[j]))[i] for _, j, i in rows)
            if keep_accept
            else ()
        ),
        objections=(
            tuple((parts[j].objections or ((),) * len(parts[j]))[i] for _, j, i in rows)
            if keep_obj
            else ()
        ),
        drafts=tuple(drafts),
        sessions=first.sessions,
        session_dates=first.session_dates,
        track=tuple(ts.groups[j].id for _, j, _ in rows),
        track_issues=tuple(
            (g.id, tuple(i.id for i in ts.compiled.issues) if w else g.issues)
            for g, w in zip(ts.groups, ts.whole, strict=True)
        ),
    )
