"""Bounds on what one command may be asked to do, checked before the work starts.

Every count a user types (runs, exchanges, model steps, workers) has a stated bound: past it,
the command stops at once with one line naming the bound and how to go past it (another
command, a Dask cluster), instead of running out of memory or time part-way. The bounds sit
far above honest use: P(agreement) from a million runs has a standard error under 0.05
percentage points, and the actor models converge in tens of steps.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from accord.errors import ConfigurationError

if TYPE_CHECKING:
    from accord.model import Scenario

#: Runs ``accord simulate`` and ``accord report`` hold in memory in one process.
MAX_RUNS = 1_000_000

#: Exchanges (protocol steps) of one simulated negotiation (``simulate``, ``sweep``).
MAX_ROUNDS = 100_000

#: Steps (iterations) of an actor model (``forecast --steps``).
MAX_FORECAST_ROUNDS = 10_000

#: Actors the pairwise models (``forecast --model smp`` or ``eum``) take by default: their
#: time grows with the square of the actors (120 take about 5 s, 300 over 30 s);
#: ``--max-actors`` raises it.
MAX_PAIRWISE_ACTORS = 200

#: Variants of one ``accord sweep``.
MAX_SWEEP_RUNS = 100_000_000

_SWEEP_HINT = "accord sweep runs variants in chunks, resumably, on a Dask cluster (--dask)"


def max_local_workers() -> int:
    """Local worker processes a sweep may start: four per core, at least 8."""
    return max(8, 4 * (os.cpu_count() or 1))


def check_runs(runs: int, flag: str = "--runs", *, bound: int = MAX_RUNS) -> int:
    """``runs`` if within ``bound``, else a :class:`ConfigurationError` naming it and the
    way past it (:command:`accord sweep`)."""
    if runs > bound:
        raise ConfigurationError(
            f"{flag} {runs:,} is over the limit of {bound:,} runs in one process; for more, "
            f"{_SWEEP_HINT}"
        )
    return runs


def check_rounds(
    rounds: int | None,
    flag: str = "--exchanges",
    *,
    bound: int = MAX_ROUNDS,
    unit: str = "exchanges",
) -> None:
    """Refuse ``rounds`` (exchanges of a protocol, or steps of an actor model: ``unit``)
    over ``bound`` (``None``: the scenario's or model's own)."""
    if rounds is not None and rounds > bound:
        raise ConfigurationError(
            f"{flag} {rounds:,} is over the limit of {bound:,} {unit}; talks (and the models "
            "of them) settle in far fewer: give a smaller number"
        )


def check_sweep_runs(runs: int) -> None:
    """Refuse a sweep of more than :data:`MAX_SWEEP_RUNS` variants."""
    if runs > MAX_SWEEP_RUNS:
        raise ConfigurationError(
            f"--runs {runs:,} is over the limit of {MAX_SWEEP_RUNS:,} variants in one sweep; "
            "run several sweeps with different --seed values and pool their --out files"
        )


def check_local_workers(workers: int | None, flag: str) -> None:
    """Refuse more local worker processes than :func:`max_local_workers`."""
    bound = max_local_workers()
    if workers is not None and workers > bound:
        raise ConfigurationError(
            f"{flag}: {workers:,} local workers is over the limit of {bound:,} (four per core "
            "of this machine); for more, start a Dask cluster and give --dask "
            "tcp://SCHEDULER:8786"
        )


#: Cells of the in-memory outcome table (outcomes x (issues + parties)) allowed per outcome
#: of ``--max-outcomes``: the default 20 million outcomes allow 80 million cells (about
#: 640 MB of numbers), the size past which building the table took minutes and gigabytes.
CELLS_PER_OUTCOME = 4


def check_table(scenario: Scenario, max_outcomes: int) -> None:
    """Refuse, before anything is built, an in-memory outcome table whose cells (outcomes x
    (issues + parties)) exceed ``max_outcomes x`` :data:`CELLS_PER_OUTCOME`: 2^24 packages
    over 30 parties are under the outcome limit, yet their table needs gigabytes. The way
    past: ``--stream`` (blocks), ``--solver``, or a higher ``--max-outcomes``."""
    outcomes = scenario.n_outcomes
    if outcomes > max_outcomes:
        return  # the outcome limit itself answers, with the same ways past it
    width = len(scenario.issues) + len(scenario.parties)
    cells = outcomes * width
    bound = max_outcomes * CELLS_PER_OUTCOME
    if cells > bound:
        raise ConfigurationError(
            f"{outcomes:,} outcomes x ({len(scenario.issues)} issues + "
            f"{len(scenario.parties)} parties) make a table of {cells:,} cells, over the "
            f"in-memory limit of {bound:,} ({CELLS_PER_OUTCOME} per outcome of "
            f"--max-outcomes {max_outcomes:,}); ask for --stream (in blocks, with --budget "
            "SECONDS to cap the time) or --solver, or raise --max-outcomes"
        )
