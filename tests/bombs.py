"""YAML bombs: small documents whose aliases or merge keys expand without bound (for the
hostile-input tests and benchmarks/bench_hostile.py; standard library only)."""

from __future__ import annotations


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
