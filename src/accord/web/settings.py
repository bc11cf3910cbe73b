"""The dashboard's limits, set once when the app is built."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord.errors import ConfigurationError

if TYPE_CHECKING:
    from accord.model import Scenario

#: Seconds a request may take beyond its queueing and its work: sending the arguments to
#: a worker process, starting it and stopping it. Past ``queue_seconds`` +
#: ``request_seconds`` + this, a request is answered 503 whatever its worker does.
GRACE_SECONDS = 3.0


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits that keep one request from exhausting the server.

    ``max_upload_bytes`` caps an uploaded file (and a zip's unpacked content),
    ``max_outcomes`` the outcome space a request may analyse, ``max_uploads`` how many
    uploaded scenarios are kept in memory (least recently used go first), ``max_runs`` the
    simulated runs of one request.

    ``allowed_hosts``: the host names the dashboard answers to (the ``Host`` header); any
    other is refused, so that a web page cannot reach it by DNS rebinding.

    Work per request (:mod:`accord.web.workers`): ``workers`` processes compute at once,
    each request within ``request_seconds`` seconds and ``request_memory_bytes`` bytes
    (503 past them); a request waits at most ``queue_seconds`` for a worker (then 503).
    However many requests arrive at once, each is answered, or refused with 503, within
    :attr:`answer_seconds` of asking for a worker.

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
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
    workers: int = 2
    request_seconds: float = 60.0
    request_memory_bytes: int = 1536 * 2**20
    queue_seconds: float = 30.0
    #: The talks record shown at /record and used by /compare for @versions (a URL or an
    #: SQLite path; None: $ACCORD_DB, else accord.db in the working directory).
    record: str | None = None

    @property
    def answer_seconds(self) -> float:
        """The longest a request waits for its answer once its body is read:
        ``queue_seconds`` + ``request_seconds`` + :data:`GRACE_SECONDS`."""
        return self.queue_seconds + self.request_seconds + GRACE_SECONDS


class LimitError(ConfigurationError):
    """A request asks for more than the server's limits allow."""


def check_size(scenario: Scenario, settings: Settings) -> None:
    """Refuse a scenario whose outcome space exceeds ``settings.max_outcomes``.

    Raises :class:`LimitError` naming the size, the limit and the option that sets it.
    """
    n = scenario.n_outcomes
    if n > settings.max_outcomes:
        raise LimitError(
            f"the outcome space of {scenario.id!r} has {n:,} packages, over this server's "
            f"limit of {settings.max_outcomes:,} per request (accord serve --max-outcomes)"
        )
