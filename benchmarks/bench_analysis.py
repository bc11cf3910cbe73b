"""Speed and memory of the agreement-space analysis on synthetic linear-additive spaces.

For each size (1e4 .. 1e7 outcomes) and number of parties (2 .. 5) it builds a random
linear-additive scenario (issues of 10 options, uniform random values and weights), then
prints the size of the exact Pareto frontier, the seconds of the frontier and of the whole
analysis (ZOPA, frontiers, solutions), and the peak memory of the process. With NegMAS
installed (the ``bench`` extra) it times ``negmas.preferences.pareto_frontier`` on the same
space in the same run and prints the ratio. Finally a 1e8-outcome space is analysed with
streaming, in a process whose peak memory is reported.

Each case runs in a fresh process so that peak memory belongs to that case alone.

Usage: ``python benchmarks/bench_analysis.py [--quick] [--no-negmas] [--no-1e8]``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np


def build(n_issues: int, n_parties: int, seed: int = 0):  # type: ignore[no-untyped-def]
    from accord.model import Issue, IssueKind, Metadata, Party, Preference, Scenario, TableValue

    rng = np.random.default_rng(seed)
    issues = tuple(
        Issue(f"i{k}", f"i{k}", IssueKind.CATEGORICAL, tuple(f"o{j}" for j in range(10)))
        for k in range(n_issues)
    )
    parties = []
    for i in range(n_parties):
        w = rng.random(n_issues)
        w /= w.sum()
        pref = Preference(
            weights={f"i{k}": float(w[k]) for k in range(n_issues)},
            values={f"i{k}": TableValue(tuple(rng.random(10).tolist())) for k in range(n_issues)},
        )
        parties.append(Party(f"p{i}", f"p{i}", preference=pref, reservation_value=0.0))
    return Scenario(Metadata("synthetic", "synthetic"), tuple(parties), issues)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _whole() -> dict[str, object]:
    """List whole frontiers (no listing cap), where this accord has listing caps; the
    script also runs on older trees, for side-by-side runs."""
    try:
        from accord.analysis import Limits  # type: ignore[attr-defined]
    except ImportError:
        return {}
    return {"limits": Limits.unlimited()}


def case(n_issues: int, n_parties: int, negmas: bool, stream: bool) -> dict[str, object]:
    from accord.analysis import analyze
    from accord.analysis.frontier import product_frontier
    from accord.analysis.pareto import nondominated
    from accord.space import compile_scenario

    sc = build(n_issues, n_parties)
    out: dict[str, object] = {"outcomes": sc.n_outcomes, "parties": n_parties}
    cs = compile_scenario(sc)
    t = time.perf_counter()
    f = product_frontier(cs, cs.option_masks(honour_red_lines=False))
    out["frontier_s"] = time.perf_counter() - t
    out["frontier_size"] = f.size
    t = time.perf_counter()
    a = analyze(sc, stream=stream, partial=False, max_outcomes=20_000_000, **_whole())
    out["analyze_s"] = time.perf_counter() - t
    assert len(a.pareto_frontier) == f.size
    enumerable = (sc.n_outcomes <= 1_000_000 and n_parties <= 4) or n_parties == 2
    if not stream and enumerable and sc.n_outcomes <= 10_000_000:
        # the enumeration route (used when constraints couple issues) on the same table
        u = cs.table().utilities
        t = time.perf_counter()
        mask = nondominated(u)
        out["enumerated_frontier_s"] = time.perf_counter() - t
        assert int(mask.sum()) == f.size
    out["peak_mib"] = _peak_mib()
    if negmas:
        out.update(negmas_case(sc, cs, f.size))
    return out


def negmas_case(sc, cs, expected: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    import itertools

    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction as LAUF
    from negmas.preferences import pareto_frontier
    from negmas.preferences.value_fun import TableFun

    issues = [make_issue([str(o) for o in i.options], name=i.id) for i in sc.issues]
    os_ = make_os(issues)
    ufuns = []
    for p in sc.parties:
        values = [
            TableFun(
                {
                    str(o): float(v)
                    for o, v in zip(i.options, p.preference.values[i.id].values, strict=True)
                }
            )
            for i in sc.issues
        ]
        weights = [p.preference.weights[i.id] for i in sc.issues]
        ufuns.append(LAUF(values=values, weights=weights, outcome_space=os_, reserved_value=-1.0))
    outcomes = list(itertools.product(*([str(o) for o in i.options] for i in sc.issues)))
    t = time.perf_counter()
    front, _ = pareto_frontier(ufuns, outcomes=outcomes, sort_by_welfare=True)
    secs = time.perf_counter() - t
    return {
        "negmas_frontier_s": secs,
        "negmas_frontier_size": len(front),
        "frontier_equal": len(front) == expected,
    }


def run_child(args: list[str]) -> dict[str, object]:
    r = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if r.returncode != 0:
        raise SystemExit(r.stderr)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs=4)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-negmas", action="store_true")
    ap.add_argument("--no-1e8", action="store_true")
    ns = ap.parse_args()
    if ns.child:
        n_issues, n_parties, negmas, stream = (int(x) for x in ns.child)
        print(json.dumps(case(n_issues, n_parties, bool(negmas), bool(stream))))
        return
    try:
        import negmas

        have_negmas = not ns.no_negmas
    except ImportError:
        have_negmas = False
    sizes = [4, 5, 6] if ns.quick else [4, 5, 6, 7]
    print(
        f"{'outcomes':>12} {'parties':>7} {'frontier':>8} {'frontier s':>10} {'enum. s':>8} "
        f"{'analyze s':>9} {'peak MiB':>8} {'NegMAS s':>9} {'ratio':>7}"
    )
    for n_issues in sizes:
        for n_parties in (2, 3, 4, 5):
            # NegMAS on 1e6+ outcomes is slow; time it for 2 parties only there
            use_negmas = have_negmas and (n_issues <= 5 or (n_issues == 6 and n_parties == 2))
            r = run_child([str(n_issues), str(n_parties), str(int(use_negmas)), "0"])
            ng = r.get("negmas_frontier_s")
            ratio = f"{float(ng) / float(r['frontier_s']):7.0f}x" if ng is not None else "      -"
            enum_s = r.get("enumerated_frontier_s")
            enum_txt = "" if enum_s is None else format(float(enum_s), ".3f")
            ng_txt = "" if ng is None else format(float(ng), ".2f")
            differ = "" if ng is None or r.get("frontier_equal") else "  (frontier sizes differ!)"
            print(
                f"{r['outcomes']:>12,} {n_parties:>7} {r['frontier_size']:>8,} "
                f"{float(r['frontier_s']):>10.4f} {enum_txt:>8} {float(r['analyze_s']):>9.3f} "
                f"{float(r['peak_mib']):>8.0f} {ng_txt:>9} {ratio}{differ}"
            )
            sys.stdout.flush()
    if not ns.no_1e8:
        r = run_child(["8", "2", "0", "1"])
        print(
            f"\n1e8 outcomes, 2 parties, streamed: frontier {r['frontier_size']} in "
            f"{float(r['frontier_s']):.3f} s, whole analysis {float(r['analyze_s']):.1f} s, "
            f"peak memory {float(r['peak_mib']):.0f} MiB (limit 4096)"
        )


if __name__ == "__main__":
    main()
