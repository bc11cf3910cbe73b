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
    """

    max_upload_bytes: int = 2_000_000
    max_outcomes: int = 200_000
    max_uploads: int = 64
    max_runs: int = 500
    plot_points: int = 3_000
