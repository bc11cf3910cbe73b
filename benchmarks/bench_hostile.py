"""The hostile-input probe, measured: time, peak memory and exit of each reproduction, and
how long ``/api/health`` goes unanswered while the server works on hostile requests.

Each case runs in a fresh process, capped (``--cap`` seconds, ``--mem`` GiB of address
space) so that a case that never ends is reported as ``>cap`` instead of hanging the
benchmark. ``--src`` chooses the code under test, so the same script measures an older
checkout ("before") and this one ("after") in the same way:

    python benchmarks/bench_hostile.py                      # this checkout
    python benchmarks/bench_hostile.py --src ../old/src     # another checkout

Cases: the 478-byte alias bomb and the depth-25 merge-key bomb (``accord analyze``), a
3.35 MB valid YAML scenario (parse time), a GENIUS domain with an integer issue of 1e8
values (``accord info``), JSON nested 1,000 levels, and, on a served dashboard (loopback):
the largest ``/api/health`` latency (polled every 0.2 s) while the bomb is uploaded, and
while a 2 MB upload and 8 parallel hard analyses (12 binary issues in deadlock) run.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# the hostile inputs are the tests' own (tests/hostile_inputs.py)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hostile_inputs import alias_bomb, deadlock_scenario, merge_bomb, multipart, request

HERE = Path(__file__).resolve().parent

RUN = """
import resource, sys, time, warnings
warnings.simplefilter("ignore")
from accord.cli.main import main
t0 = time.perf_counter()
try:
    main(sys.argv[1:])
except SystemExit as e:
    code = e.code
except BaseException as e:
    code = type(e).__name__
print("RESULT", time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      code, file=sys.stderr)
"""

PARSE = """
import resource, sys, time
from pathlib import Path
from accord.io import load_scenario
t0 = time.perf_counter()
load_scenario(Path(sys.argv[1]))
print("RESULT", time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      0, file=sys.stderr)
"""

SERVER = """
import sys, uvicorn
from accord.web import create_app, Settings
fields = getattr(Settings, "__dataclass_fields__", {})
extra = {"max_upload_bytes": 2_500_000}
if "workers" in fields:
    extra.update(request_seconds=10.0, queue_seconds=3.0)
uvicorn.run(create_app(Settings(**extra)), host="127.0.0.1", port=int(sys.argv[1]),
            log_level="critical")
"""


def base_doc() -> dict[str, Any]:
    return {
        "metadata": {"id": "t", "title": "T"},
        "sources": [{"id": "s", "title": "S"}],
        "issues": [{"id": "land", "kind": "ordinal", "options": ["a", "b", "c"]}],
        "parties": [
            {
                "id": p,
                "preferences": {
                    "weights": {"land": 1.0},
                    "values": {"land": {"a": v, "b": 0.5, "c": 1 - v}},
                },
            }
            for p, v in (("x", 1.0), ("y", 0.0))
        ],
    }


def big_yaml(n_sources: int) -> str:
    import yaml

    doc = base_doc()
    doc["sources"] = [
        {"id": f"s{n}" if n else "s", "title": f"Source {n} " + "x" * 60, "publisher": "P"}
        for n in range(n_sources)
    ]
    return yaml.safe_dump(doc, sort_keys=False)


GENIUS_DOMAIN = (
    '<negotiation_template><utility_space number_of_issues="1">'
    '<objective index="0" name="root" type="objective" etype="objective">'
    '<issue index="1" name="n" type="integer" lowerbound="0" upperbound="100000000"/>'
    "</objective></utility_space></negotiation_template>"
)
GENIUS_PROFILE = (
    '<utility_space><objective index="0" name="root" type="objective" etype="objective">'
    '<issue index="1" name="n" type="integer" lowerbound="0" upperbound="100000000" '
    'etype="integer" vtype="integer"><evaluator ftype="linear" offset="0" slope="1e-8"/>'
    '</issue><weight index="1" value="1"/></objective></utility_space>'
)


def capped(src: str, code: str, args: list[str], cap: float, mem_gib: float) -> str:
    env = {**os.environ, "PYTHONPATH": src}
    limit = int(mem_gib * 2**30)

    def limits() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        p = subprocess.run(
            [sys.executable, "-c", code, *args],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=cap,
            preexec_fn=limits,
        )
    except subprocess.TimeoutExpired:
        return f">{cap:g} s (stopped)"
    for line in p.stderr.splitlines():
        if line.startswith("RESULT"):
            _, secs, rss_kb, exit_code = line.split(maxsplit=3)
            tb = "traceback" if "Traceback" in p.stderr else "no traceback"
            return (
                f"{float(secs):.2f} s, peak {int(rss_kb) / 1024:,.0f} MiB, exit {exit_code}, {tb}"
            )
    tail = p.stderr.strip().splitlines()[-1:] or ["?"]
    return f"ended without a result (exit {p.returncode}): {tail[0][:100]}"


def health_under(port: int, jobs: list[tuple[str, bytes, dict[str, str]]], cap: float) -> str:
    """Largest health latency (and p95) while ``jobs`` (path, body, headers) are in flight."""
    statuses: list[int] = []

    def send(path: str, body: bytes, headers: dict[str, str]) -> None:
        try:
            statuses.append(request(port, "POST", path, body, headers, timeout=cap + 60)[0])
        except OSError:
            statuses.append(-1)

    threads = [threading.Thread(target=send, args=j, daemon=True) for j in jobs]
    for t in threads:
        t.start()
    lat: list[float] = []
    end = time.monotonic() + cap
    while any(t.is_alive() for t in threads) and time.monotonic() < end:
        t0 = time.perf_counter()
        try:
            request(port, "GET", "/api/health", timeout=max(0.1, end - time.monotonic()))
            lat.append(time.perf_counter() - t0)
        except OSError:
            lat.append(float("inf"))
        time.sleep(max(0.0, 0.2 - (time.perf_counter() - t0)))
    busy = any(t.is_alive() for t in threads)
    if not lat:
        return "no poll"
    lat.sort()
    worst = lat[-1]
    p95 = lat[int(0.95 * (len(lat) - 1))]
    worst_s = "no answer" if worst == float("inf") else f"{worst * 1000:,.0f} ms"
    codes = ",".join(str(s) for s in sorted(statuses)) or "-"
    still = f"; requests still running at {cap:g} s" if busy else ""
    return f"{len(lat)} polls, p95 {p95 * 1000:,.0f} ms, max {worst_s}; answers {codes}{still}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=str(HERE.parent / "src"), help="code under test")
    ap.add_argument("--cap", type=float, default=20.0, help="seconds per case")
    ap.add_argument("--mem", type=float, default=6.0, help="GiB of address space per case")
    ap.add_argument("--no-server", action="store_true")
    a = ap.parse_args()
    src = str(Path(a.src).resolve())
    print(f"code under test: {src}; cap {a.cap:g} s and {a.mem:g} GiB per case")
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "bomb.yaml").write_text(alias_bomb())
        (t / "merge.yaml").write_text(merge_bomb())
        (t / "deep.json").write_text('{"a": ' + "[" * 1000 + "]" * 1000 + "}")
        big = big_yaml(33_000)
        (t / "big.yaml").write_text(big)
        g = t / "genius"
        g.mkdir()
        (g / "dom.xml").write_text(GENIUS_DOMAIN)
        (g / "p1.xml").write_text(GENIUS_PROFILE)
        (g / "p2.xml").write_text(GENIUS_PROFILE)
        cases = [
            (
                f"alias bomb ({len(alias_bomb())} B), analyze",
                RUN,
                ["analyze", str(t / "bomb.yaml")],
            ),
            ("merge-key bomb (depth 25), analyze", RUN, ["analyze", str(t / "merge.yaml")]),
            ("JSON nested 1,000 levels, analyze", RUN, ["analyze", str(t / "deep.json")]),
            (f"valid YAML of {len(big) / 1e6:.2f} MB, load", PARSE, [str(t / "big.yaml")]),
            ("GENIUS integer issue of 1e8 values, info", RUN, ["info", str(g)]),
        ]
        for label, code, args in cases:
            print(f"{label:45s} {capped(src, code, args, a.cap, a.mem)}", flush=True)
        if a.no_server:
            return
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": src}
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], env=env)
        try:
            for _ in range(300):
                try:
                    request(port, "GET", "/api/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            own = {"Origin": f"http://127.0.0.1:{port}"}  # uploads need it, or the token
            bomb_body, bomb_headers = multipart("bomb.yaml", alias_bomb().encode())
            bomb = (bomb_body, {**bomb_headers, **own})
            print(
                f"{'health while the bomb is uploaded':45s} "
                f"{health_under(port, [('/api/scenarios', *bomb)], a.cap)}",
                flush=True,
            )
            if server.poll() is not None or not _alive(port):
                print("server no longer answers; restart for the next case")
                return
            up_body, up_headers = multipart("big.yaml", big_yaml(20_000).encode())
            upload = (up_body, {**up_headers, **own})
            hard = json.dumps({"document": deadlock_scenario(12)}).encode()
            jobs = [("/api/scenarios", *upload)] + [
                ("/api/analyze", hard, {"Content-Type": "application/json"})
            ] * 8
            print(
                f"{'health: 2 MB upload + 8 hard analyses':45s} {health_under(port, jobs, a.cap)}",
                flush=True,
            )
        finally:
            server.kill()
            server.wait(10)


def _alive(port: int) -> bool:
    try:
        return request(port, "GET", "/api/health", timeout=2)[0] == 200
    except OSError:
        return False


if __name__ == "__main__":
    main()
