"""Monte Carlo sweeps over a scenario's uncertain assumptions (DESIGN.md, layer ``sweep``).

>>> from accord.io import load_scenario  # doctest: +SKIP
>>> job = make_job(load_scenario("geneva-2026"), runs=1000, seed=1)  # doctest: +SKIP
>>> run_sweep(job, workers=1).summary.p_zopa  # doctest: +SKIP
"""

from accord.sweep.executors import DASK_TIMEOUT, SweepInterrupted
from accord.sweep.job import SweepJob, run_chunk
from accord.sweep.runner import SweepResult, default_chunk, make_job, run_sweep
from accord.sweep.sampling import run_seed
from accord.sweep.store import read_runs
from accord.sweep.summary import Sensitivity, SweepSummary, wilson
from accord.sweep.uncertainty import Uncertainty, parse_uncertainty
from accord.sweep.variants import build_base, make_variants, variant_scenario

__all__ = [
    "DASK_TIMEOUT",
    "Sensitivity",
    "SweepInterrupted",
    "SweepJob",
    "SweepResult",
    "SweepSummary",
    "Uncertainty",
    "build_base",
    "default_chunk",
    "make_job",
    "make_variants",
    "parse_uncertainty",
    "read_runs",
    "run_chunk",
    "run_seed",
    "run_sweep",
    "variant_scenario",
    "wilson",
]
