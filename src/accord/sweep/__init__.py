"""Monte Carlo sweeps over a scenario's uncertain assumptions (DESIGN.md, layer ``sweep``).

>>> from accord.io import load_scenario
>>> from accord.sweep import make_job, run_sweep
>>> job = make_job(load_scenario("geneva-2026"), runs=200, rng=1)
>>> run_sweep(job, workers=1).summary.p_zopa
0.36
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.sweep.chunk import run_chunk
    from accord.sweep.executors import DASK_TIMEOUT, SweepInterrupted
    from accord.sweep.intervals import wilson
    from accord.sweep.output import read_runs
    from accord.sweep.plan import SweepJob, default_chunk, make_job
    from accord.sweep.runner import SweepResult, run_sweep, sweep_steps
    from accord.sweep.sampling import run_seed
    from accord.sweep.summary import Sensitivity, SweepSummary
    from accord.sweep.uncertainty import UncertaintyPlan, plan_uncertainty
    from accord.sweep.variants import build_base, make_variants, variant_scenario

# Loaded on first use: importing accord.sweep must not pull in the sweep engine (numpy,
# executors) for a caller that needs one name.
_WHERE = {
    "DASK_TIMEOUT": "executors",
    "SweepInterrupted": "executors",
    "SweepJob": "plan",
    "run_chunk": "chunk",
    "SweepResult": "runner",
    "default_chunk": "plan",
    "make_job": "plan",
    "run_sweep": "runner",
    "sweep_steps": "runner",
    "run_seed": "sampling",
    "read_runs": "output",
    "Sensitivity": "summary",
    "SweepSummary": "summary",
    "wilson": "intervals",
    "UncertaintyPlan": "uncertainty",
    "plan_uncertainty": "uncertainty",
    "build_base": "variants",
    "make_variants": "variants",
    "variant_scenario": "variants",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(f"accord.sweep.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'accord.sweep' has no attribute {name!r}")


__all__ = [
    "DASK_TIMEOUT",
    "Sensitivity",
    "SweepInterrupted",
    "SweepJob",
    "SweepResult",
    "SweepSummary",
    "UncertaintyPlan",
    "build_base",
    "default_chunk",
    "make_job",
    "make_variants",
    "plan_uncertainty",
    "read_runs",
    "run_chunk",
    "run_seed",
    "run_sweep",
    "sweep_steps",
    "variant_scenario",
    "wilson",
]
