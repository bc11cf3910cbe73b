"""Loading + compiling every corpus domain up to 1e7 outcomes, and accord's analyze on
Travel and AMPOvsCity. (NegMAS's calc_scenario_stats side by side: bench_negmas_analysis.py.)

Run: PYTHONPATH=src python benchmarks/bench_interop.py
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

from accord.analysis import analyze
from accord.errors import AccordWarning, FormatError
from accord.io.foreign import load_foreign
from accord.space import compile_scenario

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "genius"


def main() -> None:
    warnings.simplefilter("ignore", AccordWarning)
    rows = [r.split("\t") for r in (CORPUS / "INDEX.tsv").read_text().splitlines()[1:]]
    total = 0.0
    n = 0
    for r in rows:
        if r[1] == "LOAD_FAILED" or r[3] == "inf" or int(r[3]) > 10_000_000:
            continue
        t = time.perf_counter()
        try:
            sc = load_foreign(CORPUS / r[0])
        except FormatError:
            sc = load_foreign(CORPUS / r[0], allow_negative=True)
        cs = compile_scenario(sc)
        if r[4] == "True":
            cs.table()
        dt = time.perf_counter() - t
        total += dt
        n += 1
        print(f"{r[0]:55s} {int(r[3]):>10,d} outcomes  {dt:8.4f} s")
    print(f"loaded+compiled {n} domains in {total:.2f} s")
    for rel in ("anac/y2010/Travel", "other/AMPOvsCity"):
        sc = load_foreign(CORPUS / rel)
        t = time.perf_counter()
        analyze(sc, partial=False)
        print(f"accord analyze {rel}: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
