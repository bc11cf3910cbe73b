"""Hostile inputs for the hostile-input tests and ``benchmarks/bench_hostile.py``: YAML
bombs (aliases or merge keys that expand without bound), the probe's hard deadlock, and a
bare HTTP client for a running dashboard. Standard library only."""

from __future__ import annotations

import http.client
from typing import Any


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The probe's 478-byte bomb: each level lists the previous alias ``width`` times."""
    lines = ["a0: &a0 [" + ",".join(["l"] * width) + "]"]
    lines += [
        f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)
    ]
    return "\n".join(lines) + "\n"


def merge_bomb(depth: int = 25) -> str:
    """Each mapping merges the previous one and refers to it twice more."""
    lines = ["m0: &m0 {k0: 1}"]
    lines += [
        f"m{i}: &m{i}\n  <<: [*m{i - 1}]\n  k{i}: 1\n  x{i}: *m{i - 1}\n  y{i}: *m{i - 1}"
        for i in range(1, depth + 1)
    ]
    return "\n".join(lines) + "\n"


def deadlock_scenario(k: int, parties: int = 2) -> dict[str, Any]:
    """``k`` binary issues on which two parties demand opposite options: deadlock diagnosis
    grows about 2.4x per issue (the probe's hard analysis)."""
    issues = [{"id": f"i{j}", "kind": "categorical", "options": ["yes", "no"]} for j in range(k)]

    def party(pid: str, want: str) -> dict[str, Any]:
        return {
            "id": pid,
            "preferences": {
                "weights": {f"i{j}": 1 / k for j in range(k)},
                "values": {
                    f"i{j}": {want: 1, ("no" if want == "yes" else "yes"): 0} for j in range(k)
                },
            },
            "red_lines": [
                {
                    "id": f"r{j}",
                    "statement": f"{want} on i{j}",
                    "issue": f"i{j}",
                    "op": "==",
                    "value": want,
                    "evidence": {"source": "s", "quote": "q"},
                }
                for j in range(k)
            ],
        }

    extra = [
        {
            "id": f"p{n}",
            "preferences": {
                "weights": {f"i{j}": 1 / k for j in range(k)},
                "values": {f"i{j}": {"yes": 0.5, "no": 0.5} for j in range(k)},
            },
        }
        for n in range(parties - 2)
    ]
    return {
        "metadata": {"id": f"deadlock-{k}", "title": f"Deadlock {k}"},
        "sources": [{"id": "s", "title": "S"}],
        "issues": issues,
        "parties": [party("a", "yes"), party("b", "no"), *extra],
    }


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[int, bytes]:
    """One HTTP request to the dashboard on ``127.0.0.1:port``: the status and the body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def multipart(name: str, data: bytes) -> tuple[bytes, dict[str, str]]:
    """A ``multipart/form-data`` upload of ``data`` as the file ``name``: body and headers."""
    boundary = "accordloadtestboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
