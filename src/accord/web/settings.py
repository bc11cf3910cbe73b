"""The dashboard's limits, set once when the app is built."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits that keep one request from exhausting the server.

    ``max_upload_bytes`` caps an uploaded file (and a zip's unpacked content),
    ``max_outcomes`` the outcome space a request may analyse, ``max_uploads`` how many
    uploaded scenarios are kept in memory (least recently used go first), ``max_runs`` the
    simulated runs of one request.

    Sweeps: ``max_sweep_runs`` runs at most, ``max_sweep_cells`` runs times packages at
    most, ``max_sweeps`` running at once on the server (and one per client), the
    ``keep_sweeps`` most recent results kept for ``sweep_ttl_s`` seconds.
    """

    max_upload_bytes: int = 2_000_000
    max_outcomes: int = 200_000
    max_uploads: int = 64
    max_runs: int = 500
    plot_points: int = 3_000
    max_sweep_runs: int = 20_000
    max_sweep_cells: int = 20_000_000
    max_sweeps: int = 2
    keep_sweeps: int = 32
    sweep_ttl_s: float = 1800.0
