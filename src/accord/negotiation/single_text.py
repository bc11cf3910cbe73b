"""The single negotiating text (Raiffa 1982; the Camp David one-text procedure).

State machine, one exchange (protocol step) per version of the text:

1. **Track.** The mediator first decides which issues the text covers. When some complete
   package keeps every bargaining party's (publicly known) red lines and gives everyone at
   least its reservation value, the text covers every issue. Otherwise the mediator drafts a
   *partial* text: it leaves open the fewest issues tested by red lines (each open issue stays
   at its status quo, and a red line on an open issue is not engaged, see
   :meth:`~accord.space.CompiledScenario.restrict`) such that such a package exists; among
   equally small choices, the one with the highest Nash product.
2. **Draft.** Exchange 0: the mediator's first text is the admissible package closest to the
   status quo (fewest issues changed; ties by Nash product). Admissible: feasible, every
   known red line holds, and (when possible) everyone gets its reservation value.
3. **Critique.** Each bargaining party answers: accept, or reject naming the issues it
   objects to most (its broken red lines first, then its largest losses).
4. **Revision.** The mediator revises towards joint gains: among admissible packages that
   change only the issues objected to, it takes the one with the highest Nash product
   (Nash 1950) above the current text's; failing that, the admissible package of higher
   Nash product that changes the fewest issues; failing that, the text stands. It never
   crosses a known red line.
5. **Vote.** When every party accepts a text, and in any case on the final text at the
   deadline, the parties vote on it as a whole: agreement when all vote for it.

The transcript keeps every draft as a :class:`~accord.negotiation.transcript.DraftVersion`
with the critiques it answered. The mediator is the scenario's mediator party; a scenario
without one needs ``neutral_mediator=True`` (``--neutral-mediator``).

References
----------
H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press (1982), ch. 14
and 17 (the single negotiating text, Camp David 1978). R. Fisher and W. Ury, *Getting to
Yes* (1981), "the one-text procedure". J. Nash, "The bargaining problem", *Econometrica*
18 (1950) 155-162.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import numpy as np

from accord.arrays import Bool, Float, Index
from accord.errors import ConfigurationError
from accord.negotiation.alternating import bargaining_columns, turns_of
from accord.negotiation.registry import SINGLE_TEXT, register_protocol
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ActionKind, Critique, Strategy
from accord.negotiation.transcript import DraftVersion, Ending, Recorder, Result, Transcript
from accord.negotiation.view import party_views
from accord.randomness import RNG, party_generators
from accord.space import CompiledScenario
from accord.space.nash import nash_score
from accord.tolerance import TOLERANCE

NAME = SINGLE_TEXT
NEUTRAL = "mediator"


def _admissible(c: CompiledScenario) -> tuple[Bool, Bool]:
    """(known red lines hold and feasible, and in addition everyone's reservation met)."""
    tbl = c.table()
    viol = c.violations(tbl.positions, tbl.utilities)
    n_red = len(c.engaged_red_lines)
    ok = tbl.feasible & ~viol[:, :n_red].any(axis=1)
    return ok, ok & ~viol[:, n_red:].any(axis=1)


def nash_scores(c: CompiledScenario) -> Float:
    """Log Nash product of the bargaining parties' gains over their reservation values,
    for every package of ``c`` (:func:`accord.space.nash.nash_score`, its
    zero-gain rule included)."""
    b = c.bargaining
    return nash_score(c.table().utilities[:, b], c.reservation[b])


def choose_track(compiled: CompiledScenario) -> frozenset[str]:
    """The issues the mediator's text covers (step 1 of the module docstring)."""
    all_ids = frozenset(i.id for i in compiled.issues)
    ok, zopa = _admissible(compiled)
    if zopa.any():
        return all_ids
    tested = dict.fromkeys(i for r in compiled.engaged_red_lines for i in r.issues)
    openable = [i.id for i in compiled.issues if i.id in tested and i.status_quo is not None]
    fallback: frozenset[str] | None = all_ids if ok.any() else None
    for size in range(1, len(openable) + 1):
        best: tuple[float, frozenset[str]] | None = None
        for drop in combinations(openable, size):
            track = all_ids - frozenset(drop)
            sub = compiled.restrict(track)
            sub_ok, sub_zopa = _admissible(sub)
            if sub_zopa.any():
                score = float(nash_scores(sub)[sub_zopa].max())
                if best is None or score > best[0]:
                    best = (score, track)
            elif fallback is None and sub_ok.any():
                fallback = track
        if best is not None:
            return best[1]
    return fallback if fallback is not None else all_ids


class Mediator:
    """The drafting side of the single negotiating text (steps 2 and 4)."""

    def __init__(self, text: CompiledScenario) -> None:
        ok, zopa = _admissible(text)
        self.admissible = zopa if zopa.any() else ok
        if not self.admissible.any():
            self.admissible = text.table().feasible
        self.positions = text.local_positions(0, text.n_outcomes)
        self.score = np.where(self.admissible, nash_scores(text), -np.inf)
        sq = np.array(
            [
                int(np.flatnonzero(a == (i.status_quo_index or 0))[0])
                if i.status_quo_index is not None and (a == i.status_quo_index).any()
                else -1
                for i, a in zip(text.issues, text.allowed, strict=True)
            ],
            dtype=np.intp,
        )
        self.issue_ids = [i.id for i in text.issues]
        self.status_quo = sq

    def _pick(self, mask: Bool, changes: Index) -> int:
        """Fewest changes, then highest Nash product, then lowest index."""
        idx = np.flatnonzero(mask)
        key = np.lexsort((idx, -self.score[idx], changes[idx]))
        return int(idx[key[0]])

    def first_draft(self) -> int:
        """The first text (step 2): the admissible outcome that changes the fewest issues from
        their status quo, ties broken by the highest Nash product (Nash 1950), then by the lowest
        outcome index. An issue without a status quo counts as changed whatever its option.
        """
        changed = (self.positions != self.status_quo[None, :]).sum(axis=1)
        return self._pick(self.admissible, changed)

    def revise(self, draft: int, objected: set[str]) -> int:
        """The next text after the parties objected to the issues in ``objected`` (step 4).

        Among admissible outcomes whose Nash product exceeds the current text's, the best one
        that changes only objected issues; failing that, the one that changes the fewest issues
        (ties by Nash product); failing that, ``draft`` itself (the text stands).
        """
        current = self.score[draft]
        better = self.admissible & (self.score > current + TOLERANCE)
        if not better.any():
            return draft
        fixed = [k for k, iid in enumerate(self.issue_ids) if iid not in objected]
        same = (self.positions[:, fixed] == self.positions[draft, fixed]).all(axis=1)
        local = better & same
        if local.any():
            idx = np.flatnonzero(local)
            return int(idx[np.argmax(self.score[idx])])
        changed = (self.positions != self.positions[draft]).sum(axis=1)
        return self._pick(better, changed)


def _full_index(compiled: CompiledScenario, text: CompiledScenario) -> Index:
    """Index in ``compiled`` of every outcome of the (restricted) ``text`` space."""
    orig = text.to_original(text.local_positions(0, text.n_outcomes))
    local = np.empty_like(orig)
    for k, a in enumerate(compiled.allowed):
        lookup = np.full(compiled.scenario.issues[k].size, -1, dtype=np.intp)
        lookup[a] = np.arange(a.size)
        local[:, k] = lookup[orig[:, k]]
    if not compiled.sizes:
        return np.zeros(orig.shape[0], dtype=np.intp)
    flat = np.ravel_multi_index(tuple(local.T), compiled.sizes)
    return np.asarray(flat, dtype=np.intp)


@register_protocol(
    NAME,
    title="single negotiating text (mediated)",
    references=(
        "Raiffa (1982), The Art and Science of Negotiation, ch. 14 and 17",
        "Fisher & Ury (1981), Getting to Yes",
    ),
)
def run_single_text(
    compiled: CompiledScenario,
    strategies: Mapping[str, Strategy],
    schedule: Schedule,
    rng: RNG = None,
    *,
    discount: bool = False,
    neutral_mediator: bool = False,
) -> Transcript:
    """Run one negotiation under the single negotiating text; see the module docstring."""
    sc = compiled.scenario
    mediators = sc.mediators
    if mediators:
        mediator_id = mediators[0].id
    elif neutral_mediator:
        mediator_id = NEUTRAL
    else:
        raise ConfigurationError(
            f"protocol {NAME!r} needs a mediator, and scenario {sc.id!r} has none (parties: "
            f"{', '.join(p.id for p in sc.parties)}); ask for a neutral mediator "
            "(--neutral-mediator) or use protocol 'alternating-offers'"
        )
    cols = bargaining_columns(compiled)
    track = choose_track(compiled)
    text = (
        compiled
        if track == frozenset(i.id for i in compiled.issues)
        else (compiled.restrict(track))
    )
    to_full = _full_index(compiled, text)
    views = party_views(text, cols)
    ids = tuple(v.party for v in views)
    gens = party_generators(rng, len(ids))
    negs = [strategies[pid].start(v, g) for pid, v, g in zip(ids, views, gens, strict=True)]
    mediator = Mediator(text)
    turns = turns_of(schedule)
    rec = Recorder()
    drafts: list[DraftVersion] = []
    answered: tuple[tuple[str, Critique], ...] = ()
    draft = mediator.first_draft()
    ending = Ending.DEADLINE
    by: str | None = None
    last = len(turns) - 1
    for turn in turns:
        r, s = turn.round, turn.session
        if r > 0:
            objected = {i for _, c in answered if not c.accept for i in c.objections}
            draft = mediator.revise(draft, objected)
        full = int(to_full[draft])
        drafts.append(DraftVersion(len(drafts) + 1, r, full, answered))
        rec.add(r, s, mediator_id, ActionKind.DRAFT, full)
        critiques = []
        for pid, neg in zip(ids, negs, strict=True):
            c = neg.critique(turn, draft)
            critiques.append((pid, c))
            if c.walk_away:
                rec.add(r, s, pid, ActionKind.WALK_AWAY, full)
                ending, by = Ending.WALK_OUT, pid
                break
            rec.add(r, s, pid, ActionKind.CRITIQUE, full, c.accept, c.objections)
        answered = tuple(critiques)
        if ending is Ending.WALK_OUT:
            last = r
            break
        if all(c.accept for _, c in critiques) or r == len(turns) - 1:
            votes = []
            for pid, neg in zip(ids, negs, strict=True):
                v = neg.vote(turn, draft)
                votes.append(v)
                rec.add(r, s, pid, ActionKind.VOTE, full, v)
            if all(votes):
                ending = Ending.AGREEMENT
                last = r
                break

    table = compiled.table().utilities
    final = int(to_full[draft])
    if ending is Ending.AGREEMENT:
        u = table[final]
        if discount:
            d = np.array([p.discount_factor for p in sc.parties])
            u = u * d ** turns[last].time
        result_u = tuple(float(x) for x in u)
        agreement: int | None = final
    else:
        result_u = tuple(float(x) for x in compiled.reservation)
        agreement = None
    result = Result(
        ending,
        agreement,
        result_u,
        last + 1,
        tuple(i.id for i in compiled.issues if i.id in track),
        by,
        tuple(i.id for i in compiled.issues if i.id not in track),
        schedule.end_date(ending is not Ending.DEADLINE, last + 1),
    )
    return rec.build(
        protocol=NAME,
        scenario=sc.id,
        parties=compiled.party_ids,
        issues=compiled.issues,
        sizes=compiled.sizes,
        table=table,
        result=result,
        drafts=tuple(drafts),
        sessions=schedule.session_names,
        session_dates=schedule.session_dates,
        detail=True,
    )
