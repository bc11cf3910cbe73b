"""Why a simulated negotiation ended as it did, in words: for each bargaining party the best
of the last offers it received against its reservation value, and the reason a run that
reached no agreement stopped (a walk-out, offers still short of what the other side needs,
strategies that hold firm until late, too few exchanges before the deadline).

The command line's summary (``accord simulate``) and the dashboard's simulation panel both
say it with these functions, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.negotiation import rules
from accord.negotiation.simulation import Simulation
from accord.negotiation.strategy import ActionKind

#: Strategies that hold firm for most of the time and concede late (a run that ends at the
#: deadline with them is said to have stalled), and those that never concede.
LATE_CONCEDERS = frozenset({"staller", "boulware"})
NEVER_CONCEDE = frozenset({"hardliner"})


def last_offers(sim: Simulation) -> dict[str, int]:
    """The index in run 1's transcript of each actor's last offer or draft. With tracks
    negotiated apart, the offers of the widest track (the whole package, when the core is
    negotiated beside separable tracks) only."""
    t = sim.transcript
    widest = max(t.track_issues, key=lambda g: len(g[1]))[0] if t.track_issues else ""
    last: dict[str, int] = {}
    for i, s in enumerate(t.steps):
        if s.track != widest:
            continue
        if s.action in (ActionKind.OFFER, ActionKind.DRAFT) and s.outcome is not None:
            last[s.actor] = i
    return last


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a bargaining party stood when run 1 ended without agreement: ``best`` is its
    utility of the best last offer it received (``None`` when it received none), made by
    ``by``; ``meets`` whether that reaches its ``reservation`` value."""

    party: str
    name: str
    reservation: float
    best: float | None
    by: str | None

    @property
    def meets(self) -> bool:
        """Whether the best offer received reaches the reservation value (within the named
        tolerance)."""
        return self.best is not None and rules.meets(self.best, self.reservation)


def standings(sim: Simulation) -> list[Standing]:
    """Each bargaining party's :class:`Standing` at the end of run 1, in scenario order."""
    steps = sim.transcript.steps
    last = last_offers(sim)
    out = []
    for p in sim.scenario.parties:
        if not p.bargaining:
            continue
        c = sim.parties.index(p.id)
        offers = [(steps[i].utilities[c], a) for a, i in last.items() if a != p.id]
        best, by = max(offers) if offers else (None, None)
        out.append(Standing(p.id, p.name, p.reservation_value, best, by))
    return out


def why_it_ended(sim: Simulation, acceptable: int | None = None) -> str:
    """Why run 1 ended without agreement, as one sentence without its final full stop
    (empty when it reached one). With tracks negotiated apart, a partial agreement is
    explained too: why the whole package (the core) was not agreed, from its last offers.

    ``acceptable`` is the number of packages every bargaining party accepts (the zone of
    agreement) when the caller knows it: when there are some, the sentence says the
    strategies did not reach them and why.
    """
    t = sim.transcript
    r = t.result
    if r.agreed and not (t.track_issues and r.open_issues):
        return ""
    names = {p.id: p.name for p in sim.scenario.parties}
    if not r.agreed and r.ending.value == "walk_out":
        return f"{names.get(r.by or '', r.by or 'a party')} walked out"
    short = [s for s in standings(sim) if not s.meets]
    why = (
        "the last offers were still below what the other side needs"
        if short
        else "no offer was accepted in time"
    )
    late = [
        names.get(pid, pid) for pid, s in sim.strategies.items() if s.meta.name in LATE_CONCEDERS
    ]
    strat = "; ".join(
        f"{names.get(pid, pid)} plays {s.meta.name} ({s.meta.description.rstrip('.')})"
        for pid, s in sim.strategies.items()
    )
    if acceptable:
        lead = (
            f"the strategies did not reach any of the {acceptable:,} acceptable packages in "
            f"{r.rounds} exchange{'s' if r.rounds != 1 else ''}: {why}"
        )
        firm = [
            names.get(pid, pid) for pid, s in sim.strategies.items() if s.meta.name in NEVER_CONCEDE
        ]
        if firm:
            lead += f", as {' and '.join(firm)} never {'concedes' if len(firm) == 1 else 'concede'}"
        elif late:
            lead += (
                f", as {' and '.join(late)} {'holds' if len(late) == 1 else 'hold'} firm until "
                "late and the deadline came first"
            )
        return f"{lead}; {strat}"
    return f"{why}; {strat}"


__all__ = [
    "LATE_CONCEDERS",
    "NEVER_CONCEDE",
    "Standing",
    "last_offers",
    "standings",
    "why_it_ended",
]
