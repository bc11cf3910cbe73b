"""A short, seeded fuzz run of every reader of untrusted files (the campaign's harness,
``fuzz_targets.py``; the long coverage-guided campaign is ``benchmarks/fuzz_readers.py``).

Inputs are the project's own test files mutated the way a fuzzer does (bytes replaced,
inserted, deleted or duplicated, and tokens known to break readers spliced in: huge
integers, non-finite numbers, deep nesting, YAML tags and aliases, XML entities, NUL and
invalid UTF-8). Derandomized, so the run is the same every time: a few seconds in all.
Each reader must return a model or refuse with accord's one-line error (AccordError);
anything else is a finding, named by the exception it raised.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles import examples

from .fuzz_targets import TARGETS, mutate_tree

#: Fragments that broke readers elsewhere, or that a byte-level mutator rarely builds.
TOKENS: tuple[bytes, ...] = (
    b"9" * 5000,
    b"1e999",
    b"-1e308",
    b".nan",
    b"NaN",
    b"-Infinity",
    b"[" * 3000,
    b"{" * 3000,
    b"- " * 500,
    b"&a [x]",
    b"*a",
    b"!!python/object/apply:os.system ['true']",
    b"<!DOCTYPE x [<!ENTITY e 'x'>]>",
    b"&e;",
    b"\x00",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"\r",
    b"'",
    b'"',
    b",",
    b"\t",
    b":",
    b"<",
    b"-1",
    b"0",
    b"99999999999999999999999999",
    b'{"type": "header"}\n',
    b"2026-02-30",
)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with one to four mutations."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["replace", "insert", "delete", "token", "duplicate"]))
        i = draw(st.integers(0, len(data)))
        if op == "replace" and data:
            j = min(len(data), i + draw(st.integers(1, 8)))
            data[i:j] = draw(st.binary(min_size=j - i, max_size=j - i))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 64))]
        elif op == "token":
            data[i:i] = draw(st.sampled_from(TOKENS))
        else:
            j = min(len(data), i + draw(st.integers(1, 200)))
            data[i:i] = data[i:j]
    return bytes(data)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TARGETS))
def test_reader_answers_or_refuses(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    target = TARGETS[name]
    target.use(tmp_path_factory.mktemp(f"fuzz-{name}"))
    seeds = target.seeds()
    for seed in seeds:  # the seeds themselves are read, or refused in one line
        target.run(seed)

    @settings(
        max_examples=examples(25),
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated(seeds))
    def check(data: bytes) -> None:
        target.run(data)  # raises anything but AccordError: a finding

    check()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TARGETS))
def test_reader_answers_or_refuses_tree_mutants(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The same with the parsed seed mutated (a hostile value, a dropped, duplicated or
    retyped node), which keeps XML and JSON well-formed and so reaches deeper."""
    target = TARGETS[name]
    target.use(tmp_path_factory.mktemp(f"tree-{name}"))
    seeds = target.seeds()

    @settings(
        max_examples=examples(8),
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.sampled_from(seeds), st.randoms(use_true_random=False))
    def check(seed: bytes, rng: random.Random) -> None:
        target.run(mutate_tree(name, seed, rng))

    check()


def test_a_refusal_is_an_answer(tmp_path: Path) -> None:
    """A reader's refusal comes back as the AccordError it raised."""
    target = TARGETS["manifest"]
    target.use(tmp_path)
    refused = target.run(b"{not json")
    assert type(refused).__name__ == "ConfigurationError"
    assert "unreadable manifest" in str(refused)
