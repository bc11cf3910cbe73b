"""``--dask`` at a port that is not a Dask scheduler errors within the documented 10 s:
a silent peer and a peer speaking garbage (which Dask would read as an exabyte length)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from accord.errors import ConfigurationError
from accord.sweep.executors import Dask, _dask_client

from .helpers import refused


@pytest.fixture(params=["silent", "garbage", "closes"])
def peer(request: pytest.FixtureRequest) -> Iterator[str]:
    srv = socket.create_server(("127.0.0.1", 0))
    srv.settimeout(0.2)
    stop = threading.Event()
    kept: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except TimeoutError:
                continue
            if request.param == "garbage":
                conn.sendall(b"\xff" * 64)
            if request.param == "closes":
                conn.close()
            else:
                kept.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{srv.getsockname()[1]}"
    stop.set()
    thread.join(5)
    for c in kept:
        c.close()
    srv.close()


@pytest.mark.slow
def test_non_dask_peer_refused_quickly(peer: str) -> None:
    pytest.importorskip("distributed")
    t0 = time.perf_counter()
    with pytest.raises(ConfigurationError, match="Dask"):
        _dask_client(Dask(peer, timeout=2.0))
    assert time.perf_counter() - t0 < 10


@pytest.mark.slow
def test_cli_sweep_at_a_silent_port(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    srv = socket.create_server(("127.0.0.1", 0))
    try:
        port = srv.getsockname()[1]
        t0 = time.perf_counter()
        line = refused(
            [
                "sweep",
                "geneva-2026",
                "--runs",
                "20",
                "--quiet",
                "--dask",
                f"tcp://127.0.0.1:{port}",
            ],
            capsys,
        )
        assert time.perf_counter() - t0 < 30
    finally:
        srv.close()
    assert "Dask scheduler" in line and "10 s" in line
