"""The headline of a sweep: its verdict under the few assumptions that decide it.

A sweep's probability (say P(full agreement by the deadline) = 41%) mixes the runs of every
uncertain assumption. When one or two assumptions move it by tens of points, the single
figure hides what it rests on; the headline states it as a tree instead ("if Russia's red
line is firm (analyst: 60%): 9%; if it is an opening bid: 92%; at the analyst's 60%: 41%"),
then how far the figure moves over a stated plausible range of each deciding input.

Everything is computed from the sweep's own runs (no input is named in advance):

- *deciding inputs*: the inputs of the sweep's sensitivity table
  (:func:`accord.sweep.summary.sensitivity`) whose effect is not noise and moves the target
  by at least :data:`DECISIVE` (at most :data:`MAX_DECIDING` of them, largest first);
- *a red line* (a binary input, firm or not in each run) conditions exactly: the runs split
  into those where it is firm and those where it is not, and P is the share of each that
  reaches the target. Since a red line is drawn independently of the other inputs, P at
  another probability ``q`` of it being firm is the mixture ``q * P(firm) + (1 - q) *
  P(not firm)``; its plausible range is the analyst's ``p_real`` plus or minus
  :data:`PLAUSIBLE_SHIFT`, within 0 and 1;
- *a continuous input* conditions by terciles of its sampled values (lowest, middle and
  highest third of the runs); its range is the distribution the scenario gives it, so the
  spread is that over its thirds;
- *the tree* nests the first :data:`TREE_DEPTH` deciding inputs; every node gives the share
  of its runs that reached the target with a 95% Wilson interval;
- *the joint spread* is the lowest and highest P over the corners of every deciding input's
  range at once: red lines reweighted to the ends of their ranges (importance weights of
  the independent draws, Owen 2013, *Monte Carlo theory, methods and examples*, ch. 9),
  continuous inputs restricted to their lowest or highest third.

The intervals are Monte Carlo (simulation) error of a share of a finite number of runs:
they say nothing about whether the scenario's assumptions are right. The spread over the
deciding inputs is the closer measure of what is not known about the world.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from numpy.typing import NDArray

from accord.sweep.intervals import wilson

if TYPE_CHECKING:
    from accord.model import Scenario


class _Ranked(Protocol):
    """A row of the sweep's sensitivity table (:class:`accord.sweep.summary.Sensitivity`)."""

    @property
    def input(self) -> str: ...
    @property
    def effect(self) -> float: ...
    @property
    def noise(self) -> bool: ...


#: An input decides the headline when its effect (high minus low) is at least this large,
#: and its 95% bootstrap interval excludes 0.
DECISIVE = 0.10

#: At most this many deciding inputs (the largest effects).
MAX_DECIDING = 3

#: Levels of the tree (deciding inputs nested).
TREE_DEPTH = 2

#: The plausible range of a red line's probability of being firm: the analyst's value plus
#: or minus this, within 0 and 1.
PLAUSIBLE_SHIFT = 0.3

#: What the headline's intervals are.
INTERVAL_NOTE = (
    "95% intervals are simulation (Monte Carlo) error of the share of runs only; they say "
    "nothing about whether the assumptions are right: the spread over the deciding inputs "
    "does"
)

_EVENTS = {
    "full_agreement": "full agreement",
    "agreement": "at least a partial agreement",
    "zopa": "a non-empty zone of agreement",
}


@dataclass(frozen=True, slots=True)
class Branch:
    """One node of the headline's tree: the runs where ``input`` is ``when`` (within its
    parent's runs), the share ``p`` of them that reached the target with its 95% Wilson
    interval (simulation error), and the next deciding input's split below it."""

    input: str
    when: str  # "firm" / "not firm", or "lowest third" / "middle third" / "highest third"
    text: str  # the condition in words
    runs: int
    share: float  # of the parent's runs
    p: float
    ci95: tuple[float, float]
    children: tuple[Branch, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        return {
            "input": self.input,
            "when": self.when,
            "text": self.text,
            "runs": self.runs,
            "share": self.share,
            "p": self.p,
            "ci95": list(self.ci95),
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(frozen=True, slots=True)
class Deciding:
    """A deciding input: its conditional odds and the spread of the headline over its
    plausible range.

    ``analyst`` is the analyst's probability that a red line is firm (``None`` for a
    continuous input); ``share`` the share of runs in which it was firm; ``range`` the
    plausible range (of the probability for a red line, of the sampled values for a
    continuous input) and ``range_text`` where it comes from; ``spread`` the headline at
    either end of it (for a continuous input: its lowest and highest thirds)."""

    input: str
    kind: str  # "binary" or "continuous"
    text: str  # what the input is, in words
    statement: str | None
    analyst: float | None
    share: float | None
    branches: tuple[Branch, ...]
    range: tuple[float, float]
    range_text: str
    spread: tuple[float, float]
    effect: float

    def line(self, p: float) -> str:
        """The input's odds in one line: each branch, then (for a red line) the headline
        ``p`` at the analyst's probability."""
        parts = []
        for j, b in enumerate(self.branches):
            text = b.text
            if self.kind == "binary" and self.analyst is not None and j > 0:
                text = "not (an opening bid)"
            parts.append(f"if {text}: {_pct(b.p)}")
        if self.kind == "binary" and self.analyst is not None:
            parts.append(f"at the analyst's {_pct(self.analyst, 0)}: {_pct(p)}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        return {
            "input": self.input,
            "kind": self.kind,
            "text": self.text,
            "statement": self.statement,
            "analyst": self.analyst,
            "share_in_runs": self.share,
            "effect": self.effect,
            "branches": [b.to_dict() for b in self.branches],
            "range": list(self.range),
            "range_text": self.range_text,
            "spread": list(self.spread),
        }


@dataclass(frozen=True, slots=True)
class Headline:
    """A sweep's verdict under the assumptions that decide it (see the module docstring).

    ``p`` and ``ci95`` are the headline at the scenario's own assumptions (every run);
    ``tree`` its split over the first deciding inputs; ``spread`` the lowest and highest
    headline over the corners of every deciding input's plausible range at once; ``also``
    the same for at least a partial agreement, over the same inputs, when it differs from
    the full one."""

    target: str
    event: str
    p: float
    ci95: tuple[float, float]
    runs: int
    deciding: tuple[Deciding, ...]
    tree: tuple[Branch, ...]
    spread: tuple[float, float] | None
    threshold: float = DECISIVE
    interval: str = INTERVAL_NOTE
    also: Headline | None = None

    @property
    def nothing_decides(self) -> str:
        """Why no input is named as deciding: too few runs to rank any, or none moves the
        headline enough."""
        if self.runs < 4:
            return f"too few runs ({self.runs}) to tell which inputs decide it"
        return (
            f"no uncertain input moves it by {100 * self.threshold:.0f} points or more beyond noise"
        )

    def lines(self) -> list[str]:
        """The headline in words, one line per statement (the terminal prints them)."""
        out = [f"P({self.event}) = {_pct(self.p)} at the scenario's assumptions"]
        if not self.deciding:
            out.append(self.nothing_decides)
        out.extend(d.line(self.p) for d in self.deciding)
        for b in self.tree:
            out.extend(
                f"if {b.text} and {c.text}: {_pct(c.p)} ({c.runs:,} runs)" for c in b.children
            )
        out.extend(
            f"over {d.range_text}: {_pct(min(d.spread))} to {_pct(max(d.spread))}"
            for d in self.deciding
        )
        if self.spread is not None and len(self.deciding) > 1:
            out.append(
                f"over every deciding input's range at once: {_pct(self.spread[0])} to "
                f"{_pct(self.spread[1])}"
            )
        if self.also is not None:
            a = self.also
            out.append(f"P({a.event}) = {_pct(a.p)} at the scenario's assumptions")
            out.extend(d.line(a.p) for d in a.deciding)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        return {
            "target": self.target,
            "event": self.event,
            "p": self.p,
            "simulation_ci95": list(self.ci95),
            "runs": self.runs,
            "threshold": self.threshold,
            "deciding": [{**d.to_dict(), "line": d.line(self.p)} for d in self.deciding],
            "tree": [b.to_dict() for b in self.tree],
            "spread": None if self.spread is None else list(self.spread),
            "lines": self.lines(),
            "interval": self.interval,
            **({"also": self.also.to_dict()} if self.also is not None else {}),
        }


def _pct(x: float, digits: int = 1) -> str:
    return "n/a" if x is None or math.isnan(x) else f"{100 * x:.{digits}f}%"


@dataclass(frozen=True, slots=True)
class _Input:
    """What the headline knows of one input: its name, kind and words."""

    name: str
    kind: str
    text: str
    statement: str | None
    analyst: float | None
    firm_text: str
    bluff_text: str


def _describe(scenario: Scenario, name: str, x: NDArray[np.float64]) -> _Input:
    """The words of input ``name`` (``party.red_lines.id`` for a red line)."""
    from accord.sweep.uncertainty import plan_uncertainty

    party, _, rest = name.partition(".")
    names = {p.id: p.name for p in scenario.parties}
    who = names.get(party, party)
    binary = np.unique(x).size == 2
    if rest.startswith("red_lines.") and binary:
        rid = rest.removeprefix("red_lines.")
        red = next((r for r in scenario.red_lines if r.party == party and r.id == rid), None)
        p_real = next(
            (r.p_real for r in plan_uncertainty(scenario).red_lines if r.name == name), None
        )
        text = f"{who}'s red line “{rid}”"
        return _Input(
            name,
            "binary",
            text,
            None if red is None else red.statement,
            p_real,
            f"{text} is firm",
            f"{text} is not firm (an opening bid)",
        )
    kind = "binary" if binary else "continuous"
    label = rest.replace("_", " ").replace(".", " › ")
    return _Input(name, kind, f"{who}: {label}", None, None, "", "")


def _wilson(k: int, n: int) -> tuple[float, float]:
    return wilson(k, n)


def _groups(info: _Input, x: NDArray[np.float64]) -> list[tuple[str, str, NDArray[np.bool_]]]:
    """``(when, text, mask)`` of each branch of ``x``: firm first for a red line, else
    the thirds of the sampled values (or the two values of another binary input)."""
    if info.kind == "binary" and info.firm_text:
        return [
            ("firm", info.firm_text, x > 0.5),
            ("not firm", info.bluff_text, x <= 0.5),
        ]
    values = np.unique(x)
    if values.size == 2:
        return [(f"= {v:g}", f"{info.text} = {v:g}", x == v) for v in values]
    lo, hi = np.quantile(x, [1 / 3, 2 / 3])
    return [
        ("lowest third", f"{info.text} in its lowest third (≤ {lo:.3g})", x <= lo),
        ("middle third", f"{info.text} in its middle third", (x > lo) & (x < hi)),
        ("highest third", f"{info.text} in its highest third (≥ {hi:.3g})", x >= hi),
    ]


def _split(
    infos: list[_Input],
    xs: list[NDArray[np.float64]],
    y: NDArray[np.bool_],
    within: NDArray[np.bool_],
) -> tuple[Branch, ...]:
    """The branches of the first input within the runs ``within``, nested over the rest."""
    if not infos:
        return ()
    info, x = infos[0], xs[0]
    parent = int(within.sum())
    out = []
    for when, text, mask in _groups(info, x):
        sel = within & mask
        n = int(sel.sum())
        k = int(y[sel].sum())
        out.append(
            Branch(
                info.name,
                when,
                text,
                n,
                n / parent if parent else math.nan,
                k / n if n else math.nan,
                _wilson(k, n),
                _split(infos[1:], xs[1:], y, sel),
            )
        )
    return tuple(out)


def _mixture(p_firm: float, p_bluff: float, q: float) -> float:
    return q * p_firm + (1.0 - q) * p_bluff


def headline(
    scenario: Scenario,
    inputs: dict[str, NDArray[np.float64]],
    y: NDArray[np.bool_],
    ranked: Sequence[_Ranked],
    target: str,
    *,
    by: str | None = None,
    also: NDArray[np.bool_] | None = None,
) -> Headline:
    """The headline of target ``y`` (one bool per run) from the sweep's input columns and
    its sensitivity table ``ranked`` (see the module docstring); ``by`` names the deadline
    date for the event's words. ``also`` (at least a partial agreement, when the target is
    a full one and some runs agree partially) is split over the same deciding inputs, as
    :attr:`Headline.also`."""
    y = np.asarray(y, dtype=bool)
    n = int(y.size)
    k = int(y.sum())
    p = k / n if n else math.nan
    event = _EVENTS.get(target, target) + (f" by {by}" if by and target != "zopa" else "")
    chosen = [s for s in ranked if not s.noise and abs(s.effect) >= DECISIVE and s.input in inputs][
        :MAX_DECIDING
    ]
    infos = [_describe(scenario, s.input, inputs[s.input]) for s in chosen]
    xs = [np.asarray(inputs[s.input], dtype=np.float64) for s in chosen]
    everything = np.ones(n, dtype=bool)
    deciding = []
    for s, info, x in zip(chosen, infos, xs, strict=True):
        branches = _split([info], [x], y, everything)
        if info.kind == "binary" and info.firm_text:
            firm, bluff = branches[0].p, branches[1].p
            q = info.analyst if info.analyst is not None else float((x > 0.5).mean())
            lo_q = round(max(0.0, q - PLAUSIBLE_SHIFT), 9)
            hi_q = round(min(1.0, q + PLAUSIBLE_SHIFT), 9)
            rng = (lo_q, hi_q)
            rng_text = (
                f"P({info.text} is firm) from {_pct(lo_q, 0)} to {_pct(hi_q, 0)} "
                f"(the analyst's {_pct(q, 0)} ± {_pct(PLAUSIBLE_SHIFT, 0)})"
            )
            spread = (_mixture(firm, bluff, lo_q), _mixture(firm, bluff, hi_q))
            share: float | None = float((x > 0.5).mean()) if n else math.nan
        else:
            rng = (float(x.min()), float(x.max())) if n else (math.nan, math.nan)
            rng_text = (
                f"{info.text} over its sampled range {rng[0]:.3g} to {rng[1]:.3g} "
                "(lowest to highest third)"
            )
            ps = [b.p for b in branches]
            spread = (ps[0], ps[-1])
            share = None
        deciding.append(
            Deciding(
                s.input,
                info.kind,
                info.text,
                info.statement,
                info.analyst,
                share,
                branches,
                rng,
                rng_text,
                spread,
                s.effect,
            )
        )
    tree = _split(infos[:TREE_DEPTH], xs[:TREE_DEPTH], y, everything)
    second = None
    if also is not None:
        chosen_also = [s for s in ranked if s.input in {c.input for c in chosen}]
        second = headline(scenario, inputs, also, chosen_also, "agreement", by=by)
    return Headline(
        target,
        event,
        p,
        _wilson(k, n),
        n,
        tuple(deciding),
        tree,
        _joint_spread(deciding, xs, y) if deciding else None,
        also=second,
    )


def _joint_spread(
    deciding: list[Deciding], xs: list[NDArray[np.float64]], y: NDArray[np.bool_]
) -> tuple[float, float]:
    """The lowest and highest headline over the corners of every deciding input's range:
    red lines reweighted to either end of their range, continuous inputs restricted to
    their lowest or highest third."""
    n = y.size
    yf = y.astype(np.float64)
    ends: list[list[tuple[NDArray[np.float64], NDArray[np.bool_]]]] = []
    for d, x in zip(deciding, xs, strict=True):
        if d.kind == "binary" and d.share is not None:
            firm = x > 0.5
            s = float(firm.mean())
            opts = []
            for q in d.range:
                w = np.where(firm, q / s if s > 0 else 0.0, (1 - q) / (1 - s) if s < 1 else 0.0)
                opts.append((w, np.ones(n, dtype=bool)))
            ends.append(opts)
        else:
            lo, hi = np.quantile(x, [1 / 3, 2 / 3])
            ends.append([(np.ones(n), x <= lo), (np.ones(n), x >= hi)])
    values = []
    for corner in itertools.product(*ends):
        w = np.ones(n)
        keep = np.ones(n, dtype=bool)
        for wi, mi in corner:
            w = w * wi
            keep &= mi
        total = float(w[keep].sum())
        if total > 0:
            values.append(float((w[keep] * yf[keep]).sum()) / total)
    if not values:
        return (math.nan, math.nan)
    return (min(values), max(values))


__all__ = [
    "DECISIVE",
    "INTERVAL_NOTE",
    "MAX_DECIDING",
    "PLAUSIBLE_SHIFT",
    "TREE_DEPTH",
    "Branch",
    "Deciding",
    "Headline",
    "headline",
]
