"""One randomness convention (SPEC 7): every public callable takes ``rng``, normalised by
accord.randomness; ``seed=`` is no other name for it; sweeps record the seed they ran
with."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import accord
from accord.errors import ParameterError
from accord.io import load_scenario
from accord.negotiation.simulation import simulate
from accord.randomness import (
    check_rng,
    recorded_seed,
    seed_sequence,
    substream,
)
from accord.sweep import make_job, run_sweep

#: Parameter names that mean "a seed" under another name than ``rng``.
SEED_NAMES = {"seed", "seeds", "random_state", "random_seed", "rng_seed"}

#: Type names of a single source of randomness.
RANDOM_TYPES = ("Generator", "RNG", "SeedSequence")

#: (module, qualified name, parameter) that may keep their name, and why.
ALLOWED = {
    # roots from which a run's stream is derived (child i of the root), not a source the
    # caller hands over: they take no None and draw nothing themselves
    ("accord.randomness", "child_seed", "parent"),
    ("accord.sweep.sampling", "run_seed", "root"),
    ("accord.sweep.sampling", "run_generators", "root"),
    # a result recording the seed a sweep ran with (the output's own word)
    ("accord.sweep.summary", "SweepSummary", "seed"),
    ("accord.io.snapshot", "SweepFigures", "seed"),
    ("accord.evaluate.backtest", "Backtest", "seed"),
    ("accord.io.snapshot", "SweepFigures", "seed"),
    # the HTTP API's request fields keep their words, like the command line's --seed
    ("accord.web.api", "SimulateRequest", "seed"),
    ("accord.web.api", "SweepRequest", "seed"),
}


def _public_callables() -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """(module, qualified name, callable) of every public function, class and public
    method defined in accord, the command line excepted (its flags keep their words)."""
    for info in pkgutil.walk_packages(accord.__path__, "accord."):
        name = info.name
        if name.startswith("accord.cli") or ".migrations" in name:
            continue
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            if inspect.isfunction(obj):
                yield name, attr, obj
            elif inspect.isclass(obj):
                yield name, attr, obj
                for m, f in vars(obj).items():
                    if not m.startswith("_") and inspect.isfunction(f):
                        yield name, f"{attr}.{m}", f


def _signature(f: Callable[..., Any]) -> inspect.Signature | None:
    try:
        return inspect.signature(f)
    except (TypeError, ValueError):
        return None


def test_every_public_randomness_parameter_is_named_rng() -> None:
    seen = 0
    offenders = []
    for module, qual, f in _public_callables():
        sig = _signature(f)
        if sig is None:
            continue
        for p in sig.parameters.values():
            ann = str(p.annotation)
            single = not ann.startswith(("Sequence[", "list[", "tuple["))
            if p.name == "rng":
                seen += 1
            elif (p.name in SEED_NAMES or (single and any(t in ann for t in RANDOM_TYPES))) and (
                module,
                qual,
                p.name,
            ) not in ALLOWED:
                offenders.append(f"{module}.{qual}({p.name}: {ann})")
    assert not offenders, "randomness parameters not named rng: " + ", ".join(offenders)
    assert seen >= 10  # the walk found the API (simulate, make_job, backtest, ...)


@pytest.mark.slow
@pytest.mark.parametrize("old", ["seed", "seeds"])
def test_seed_is_not_another_name_for_rng(old: str) -> None:
    sc = load_scenario("geneva-2026")
    with pytest.raises(TypeError, match=f"unexpected keyword argument '{old}'"):
        simulate(sc, runs=1, **{old: 1})
    with pytest.raises(TypeError, match=f"unexpected keyword argument '{old}'"):
        make_job(sc, runs=10, **{old: 1})
    aliased = [q for _, q, f in _public_callables() if hasattr(f, "__rng_alias__")]
    assert aliased == []


@pytest.mark.slow
@pytest.mark.parametrize("bad", [-1, 1.5, "3", True, [1, 2], np.random.RandomState(0)], ids=repr)
def test_bad_rng_is_refused_naming_the_parameter(bad: object) -> None:
    with pytest.raises(ParameterError, match=r"^rng must be"):
        check_rng(bad)
    with pytest.raises(ParameterError, match=r"^rng must be"):
        simulate(load_scenario("geneva-2026"), runs=1, rng=bad)  # type: ignore[arg-type]


#: Stochastic strategies, so that every run depends on its seed.
RANDOM = {"russia": "random", "ukraine": "random"}


@pytest.mark.slow
def test_simulate_accepts_int_seed_sequence_generator_and_none() -> None:
    sc = load_scenario("geneva-2026")

    def run(rng: Any) -> Any:
        sim = simulate(sc, protocol="alternating-offers", strategies=RANDOM, runs=3, rng=rng)
        return sim.results, sim.transcript.to_dict()  # the offers of run 1 too

    by_int = run(11)
    assert by_int != run(12)  # the runs do depend on the seed
    assert run(np.int64(11)) == by_int
    assert run(np.random.SeedSequence(11)) == by_int  # the root an int stands for
    assert run(np.random.default_rng(5)) == run(np.random.default_rng(5))
    gen = np.random.default_rng(5)
    assert run(gen) != run(gen)  # a Generator advances
    fresh = [run(None) for _ in range(3)]
    assert fresh[0] != fresh[1] or fresh[1] != fresh[2]  # None is fresh entropy each call


def test_seed_sequence_forms() -> None:
    assert seed_sequence(3).entropy == 3
    ss = np.random.SeedSequence(9, spawn_key=(2,))
    assert seed_sequence(ss) is ss
    a, b = seed_sequence(np.random.default_rng(1)), seed_sequence(np.random.default_rng(1))
    assert a.entropy == b.entropy
    assert seed_sequence(None).entropy != seed_sequence(None).entropy


def test_substream_keeps_the_bootstrap_stream_of_an_int_seed() -> None:
    # the bootstrap stream of seed s has always been default_rng([s, salt])
    want = np.random.default_rng([7, 99]).random(4)
    assert substream(7, 99).random(4).tolist() == want.tolist()
    assert substream(np.random.SeedSequence(7), 99).random(4).tolist() == want.tolist()
    g = np.random.default_rng(1)
    assert substream(g, 99) is g


SWEEP_RUNS = 60


def _sweep(rng: Any) -> Any:
    sc = load_scenario("geneva-2026")
    return run_sweep(make_job(sc, runs=SWEEP_RUNS, rng=rng), workers=1)


def _same_table(a: Any, b: Any) -> bool:
    return a.table.keys() == b.table.keys() and all(
        np.array_equal(a.table[k], b.table[k]) for k in a.table
    )


@pytest.mark.slow
def test_sweep_without_seed_records_fresh_entropy_that_reproduces_it() -> None:
    first = _sweep(None)
    second = _sweep(None)
    assert first.summary.seed != second.summary.seed
    assert first.summary.seed >= 2**64  # SeedSequence's 128 bits of OS entropy
    again = _sweep(first.summary.seed)
    assert _same_table(first, again)
    assert again.summary.to_dict() == first.summary.to_dict()


@pytest.mark.slow
def test_sweep_seed_forms_give_the_int_seed_runs() -> None:
    by_int = _sweep(7)
    assert by_int.summary.seed == 7 and "spawn_key" not in by_int.summary.to_dict()
    by_ss = _sweep(np.random.SeedSequence(7))
    assert _same_table(by_int, by_ss) and by_ss.summary.to_dict() == by_int.summary.to_dict()
    job = make_job(load_scenario("geneva-2026"), runs=SWEEP_RUNS, rng=np.random.SeedSequence(7))
    assert (
        job.fingerprint
        == make_job(load_scenario("geneva-2026"), runs=SWEEP_RUNS, rng=7).fingerprint
    )


@pytest.mark.slow
def test_sweep_given_a_generator_records_one_draw_of_it() -> None:
    a = _sweep(np.random.default_rng(3))
    b = _sweep(np.random.default_rng(3))
    assert a.summary.seed == b.summary.seed and _same_table(a, b)
    assert _same_table(a, _sweep(a.summary.seed))


@pytest.mark.slow
def test_sweep_of_a_spawned_seed_sequence_records_its_spawn_key() -> None:
    child = np.random.SeedSequence(5).spawn(3)[2]
    result = _sweep(child)
    d = result.summary.to_dict()
    assert d["seed"] == 5 and d["spawn_key"] == [2]
    again = _sweep(np.random.SeedSequence(d["seed"], spawn_key=tuple(d["spawn_key"])))
    assert _same_table(result, again)
    assert not _same_table(result, _sweep(5))


def test_sweep_refuses_a_seed_sequence_it_cannot_record() -> None:
    with pytest.raises(ParameterError, match=r"^rng must be a SeedSequence of one whole number"):
        recorded_seed(np.random.SeedSequence([1, 2]))
    with pytest.raises(ParameterError, match=r"^rng must be a whole number >= 0, got -3"):
        make_job(load_scenario("geneva-2026"), runs=5, rng=-3)


@pytest.mark.slow
def test_cli_names_the_seed_flag() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "accord", "simulate", "geneva-2026", "--seed", "-1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "error: --seed must be a whole number >= 0, got -1" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_spawned_seed_sequence_gives_the_same_sweep_on_processes() -> None:
    child = np.random.SeedSequence(5).spawn(2)[1]
    job = make_job(load_scenario("geneva-2026"), runs=SWEEP_RUNS, rng=child)
    serial = run_sweep(job, workers=1, chunk=20)
    pooled = run_sweep(job, workers=2, chunk=20)
    assert _same_table(serial, pooled)
    assert serial.summary.to_dict() == pooled.summary.to_dict()


#: numpy.random names that are not global state: the Generator API.
GENERATOR_API = {"default_rng", "Generator", "SeedSequence", "PCG64", "BitGenerator"}


def _global_state_uses(text: str) -> list[int]:
    """Lines of ``text`` importing :mod:`random` or using ``np.random.*`` beyond the
    Generator API."""
    lines = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [a.name for a in node.names]
            if module == "random" or (
                "random" in names and module in (None, "numpy") and not getattr(node, "level", 0)
            ):
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "random"
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id in ("np", "numpy")
            and node.attr not in GENERATOR_API
        ):
            lines.append(node.lineno)
    return lines


def test_the_global_state_check_finds_what_it_looks_for() -> None:
    planted = "import random\nfrom numpy import random\nimport numpy as np\nnp.random.seed(1)\n"
    assert _global_state_uses(planted) == [1, 2, 4]
    assert _global_state_uses("import numpy as np\nnp.random.default_rng(1)\n") == []


@pytest.mark.slow
def test_no_module_uses_global_random_state() -> None:
    src = Path(accord.__file__).parent
    offenders = [
        f"{path.relative_to(src)}:{line}"
        for path in sorted(src.rglob("*.py"))
        for line in _global_state_uses(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
