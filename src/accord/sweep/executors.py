"""Where a sweep's chunks run: in this process, on a local process pool, or on Dask.

Every executor runs the same :func:`accord.sweep.chunk.run_chunk` on the same chunks and
yields ``(chunk index, columns)`` as chunks finish (in any order); the caller orders them.
Results are therefore identical whichever executor ran them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import struct
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from accord.errors import AccordError, ConfigurationError, require_extra
from accord.sweep.chunk import Columns, run_chunk
from accord.sweep.plan import SweepJob, Task

#: Seconds to wait for a Dask scheduler before giving up.
DASK_TIMEOUT = 10.0


class SweepInterrupted(AccordError, RuntimeError):
    """A sweep stopped before its end (a worker died); finished runs are kept."""


@dataclass(frozen=True, slots=True)
class Serial:
    """Run every chunk in this process."""


@dataclass(frozen=True, slots=True)
class Processes:
    """A local pool of ``workers`` processes (spawned, so no state leaks in)."""

    workers: int


@dataclass(frozen=True, slots=True)
class Dask:
    """A Dask distributed cluster: ``tcp://HOST:PORT`` of a running scheduler, or
    ``local:K`` for a local cluster of K worker processes on 127.0.0.1."""

    address: str
    timeout: float = DASK_TIMEOUT


Backend = Serial | Processes | Dask


def execute(
    job: SweepJob, tasks: Sequence[Task], backend: Backend
) -> Iterator[tuple[int, Columns]]:
    """Run ``tasks`` of ``job`` on ``backend``, yielding chunks as they finish."""
    if not tasks:
        return
    if isinstance(backend, Serial):
        for c, a, b in tasks:
            yield c, run_chunk(job, a, b)
    elif isinstance(backend, Processes):
        yield from _pool(job, tasks, backend.workers)
    else:
        yield from _dask(job, tasks, backend)


# -- local processes ------------------------------------------------------------------

_WORKER: dict[str, SweepJob] = {}


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies, even by ``kill -9`` (Linux;
    elsewhere nothing): a killed sweep leaves no worker computing for nobody."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl
        return
    if os.getppid() == 1:  # the parent died before the call above
        os._exit(1)


def _init_worker(job: SweepJob) -> None:
    die_with_parent()
    # Ctrl-C goes to the whole process group; the parent handles it and stops the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["job"] = job


def _pool_chunk(a: int, b: int) -> Columns:
    return run_chunk(_WORKER["job"], a, b)


def _pool(job: SweepJob, tasks: Sequence[Task], workers: int) -> Iterator[tuple[int, Columns]]:
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)),
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(job,),
    )
    try:
        pending: dict[Future[Columns], int] = {
            pool.submit(_pool_chunk, a, b): c for c, a, b in tasks
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                c = pending.pop(fut)
                try:
                    cols = fut.result()
                except BrokenProcessPool:
                    raise SweepInterrupted(
                        "a worker process died before the sweep ended; the runs finished so "
                        "far are kept: run the same command with --resume to finish it"
                    ) from None
                yield c, cols
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- Dask --------------------------------------------------------------------------------


def _dask_client(backend: Dask) -> tuple[Any, Any]:
    dist = require_extra("distributed", "--dask")
    Client, LocalCluster = dist.Client, dist.LocalCluster
    address = backend.address.strip()
    if address.startswith("local:"):
        text = address.removeprefix("local:")
        try:
            k = int(text)
        except ValueError:
            k = 0
        if k <= 0:
            raise ConfigurationError(
                f"--dask {address!r}: local:K needs a number of workers K > 0, such as local:2"
            )
        cluster = LocalCluster(
            n_workers=k,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster, timeout=backend.timeout)
        return client, cluster
    if not address:
        raise ConfigurationError("--dask needs an address: tcp://HOST:PORT or local:K")
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    left = _probe_scheduler(address, backend.timeout)
    try:
        client = Client(address, timeout=max(1.0, left))
    except (OSError, TimeoutError) as exc:
        raise ConfigurationError(
            f"could not reach the Dask scheduler at {address!r} within "
            f"{backend.timeout:g} s ({type(exc).__name__}); check that `dask scheduler` runs "
            "there and the port is open, or use --dask local:K for a local cluster"
        ) from None
    except ValueError as exc:
        raise ConfigurationError(
            f"--dask {address!r} is not a valid scheduler address ({exc}); give "
            "tcp://HOST:PORT or local:K"
        ) from None
    return client, None


#: A Dask handshake message is a few hundred bytes; a first length above this is not Dask.
_HANDSHAKE_MAX = 1 << 20


def _probe_scheduler(address: str, timeout: float) -> float:
    """Check, within ``timeout`` seconds, that a TCP peer at ``address`` speaks Dask's
    protocol before Dask connects: a scheduler sends its handshake as soon as a connection
    is accepted, prefixed by its length (8 bytes). A silent peer would keep Dask waiting
    for minutes, and garbage would be taken as a length of exabytes to allocate. Returns
    the seconds left of ``timeout``."""
    scheme, sep, rest = address.partition("://")
    if not sep:
        scheme, rest = "tcp", address
    if scheme != "tcp":
        return timeout  # tls:// and others: Dask checks them itself
    host, colon, port_text = rest.rpartition(":")
    host = host.strip("[]")
    try:
        port = int(port_text.strip("/"))
    except ValueError:
        port = -1
    if not colon or not host or not 0 < port < 65536:
        raise ConfigurationError(
            f"--dask {address!r} is not a valid scheduler address; give tcp://HOST:PORT or local:K"
        )
    deadline = time.monotonic() + timeout
    hint = (
        "check that `dask scheduler` runs there and the port is open, or use --dask local:K "
        "for a local cluster"
    )
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            head = b""
            while len(head) < 8:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                sock.settimeout(left)
                chunk = sock.recv(8 - len(head))
                if not chunk:
                    break
                head += chunk
    except (OSError, TimeoutError) as exc:
        reason = "no answer" if isinstance(exc, TimeoutError) else type(exc).__name__
        raise ConfigurationError(
            f"could not reach the Dask scheduler at {address!r} within {timeout:g} s ({reason}); "
            + hint
        ) from None
    size = struct.unpack("<Q", head)[0] if len(head) == 8 else 0
    if not 0 < size <= _HANDSHAKE_MAX:
        raise ConfigurationError(
            f"the peer at {address!r} does not speak Dask's protocol (its first message is "
            "not a Dask handshake); " + hint
        )
    return deadline - time.monotonic()


def _dask(job: SweepJob, tasks: Sequence[Task], backend: Dask) -> Iterator[tuple[int, Columns]]:
    as_completed = require_extra("distributed", "--dask").as_completed
    client, cluster = _dask_client(backend)
    futures: list[Any] = []
    try:
        remote_job = client.scatter(job, broadcast=True, hash=False)
        index: dict[str, int] = {}
        for c, a, b in tasks:
            fut = client.submit(run_chunk, remote_job, a, b, pure=False)
            index[fut.key] = c
            futures.append(fut)
        for fut in as_completed(futures):
            yield index[fut.key], fut.result()
    finally:
        if futures:
            client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()
