"""``analyze(solver=True)`` / ``accord analyze --solver``: the analysis of spaces too large
to enumerate, against the enumeration where both apply."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from accord.analysis import Zopa, analyze
from accord.cli.main import main
from accord.io import load_scenario


def _keys(a: object) -> set[frozenset[tuple[str, str]]]:
    return {
        frozenset((r.party, r.red_line) for r in x.changes)
        for x in a.deadlock.relaxations  # type: ignore[attr-defined]
    }


@pytest.mark.slow
def test_solver_route_equals_enumeration_on_geneva() -> None:
    sc = load_scenario("geneva-2026")
    enum, solv = analyze(sc), analyze(sc, solver=True)
    assert solv.zopa == Zopa(exists=False, size=None)
    assert enum.zopa == Zopa(exists=False, size=0)
    assert enum.deadlock is not None and solv.deadlock is not None
    assert [{(r.party, r.red_line) for r in c} for c in solv.deadlock.conflicts] == [
        {(r.party, r.red_line) for r in c} for c in enum.deadlock.conflicts
    ]
    assert _keys(solv) == _keys(enum)
    by_changes = {
        frozenset((r.party, r.red_line) for r in x.changes): x for x in enum.deadlock.relaxations
    }
    for x in solv.deadlock.relaxations:
        ref = by_changes[frozenset((r.party, r.red_line) for r in x.changes)]
        assert x.package.utilities == pytest.approx(ref.package.utilities, abs=1e-9)
        assert [c.ideal for c in x.costs] == pytest.approx([c.ideal for c in ref.costs], abs=1e-9)
    assert solv.to_dict()["pareto_frontier"] == enum.to_dict()["pareto_frontier"]


def _huge(tmp_path: Path, constant_sum: bool = False) -> Path:
    """20 issues of 10 options (1e20 packages); a wants high options, b low ones, with
    random (seeded) strengths, so the frontier is small enough to list."""
    rng = np.random.default_rng(7)
    issues = [
        {"id": f"i{k}", "kind": "ordinal", "options": [f"o{j}" for j in range(10)]}
        for k in range(20)
    ]

    def pref(sign: int) -> dict[str, object]:
        w = np.full(20, 1.0 / 20) if constant_sum else rng.random(20) + 0.1
        curve = 1.0 if constant_sum else rng.uniform(0.5, 2.0)
        return {
            "weights": {f"i{k}": float(w[k] / w.sum()) for k in range(20)},
            "values": {
                f"i{k}": {
                    f"o{j}": float(((j if sign > 0 else 9 - j) / 9) ** curve) for j in range(10)
                }
                for k in range(20)
            },
        }

    doc = {
        "metadata": {"id": "huge", "title": "Huge"},
        "issues": issues,
        "parties": [
            {
                "id": "a",
                "reservation_value": 0.3,
                "preferences": pref(1),
                "red_lines": [
                    {
                        "id": "high",
                        "statement": "i0 high",
                        "issue": "i0",
                        "op": ">=",
                        "value": "o7",
                        "evidence": {"assumption": True},
                    }
                ],
            },
            {
                "id": "b",
                "reservation_value": 0.3,
                "preferences": pref(-1),
                "red_lines": [
                    {
                        "id": "low",
                        "statement": "i0 low",
                        "issue": "i0",
                        "op": "<=",
                        "value": "o2",
                        "evidence": {"assumption": True},
                    }
                ],
            },
        ],
    }
    p = tmp_path / "huge.yaml"
    p.write_text(yaml.safe_dump(doc))
    return p


@pytest.mark.slow
def test_huge_space_needs_stream_or_solver_then_the_solver_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = _huge(tmp_path)
    with pytest.raises(SystemExit) as info:
        main(["analyze", str(p)])
    assert info.value.code == 2
    assert "--solver" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["analyze", str(p), "--solver", "--json", "--time-limit", "30"])
    assert info.value.code == 0
    d = json.loads(capsys.readouterr().out)
    assert d["outcomes"] == 10**20 and d["zopa"]["size"] is None and d["zopa"]["exists"] is False
    conflicts = [{(c["party"], c["red_line"]) for c in x} for x in d["deadlock"]["conflicts"]]
    assert {("a", "high"), ("b", "low")} in conflicts
    for r in d["deadlock"]["relaxations"]:
        out = r["package"]["outcome"]
        changed = {c["red_line"] for c in r["changes"]}
        if "high" not in changed:
            assert out["i0"] in {f"o{j}" for j in range(7, 10)}
        if "low" not in changed:
            assert out["i0"] in {"o0", "o1", "o2"}
    assert len(d["pareto_frontier"]) > 0  # built issue by issue, never enumerated


@pytest.mark.slow
def test_a_frontier_too_large_to_list_is_said_not_computed(tmp_path: Path) -> None:
    # constant-sum: every one of the 1e20 packages is Pareto-optimal
    a = analyze(load_scenario(_huge(tmp_path, constant_sum=True)), solver=True, time_limit=30)
    assert a.pareto_frontier == () and a.solutions["nash"] is None
    assert any("Pareto frontier holds more than" in n for n in a.notes)
    assert a.deadlock is not None and a.deadlock.conflicts


def test_one_answer_to_whether_a_zopa_exists() -> None:
    """``Analysis.zopa`` is the only way to ask; a count and an answer cannot disagree."""
    from accord.analysis import Analysis

    names = set(Analysis.__dataclass_fields__) | {n for n in dir(Analysis) if "zopa" in n}
    assert {n for n in names if "zopa" in n} == {"zopa", "zopa_frontier", "zopa_top"}
    assert Zopa(exists=True, size=3).to_dict() == {"size": 3, "exists": True}
    for bad in (
        {"exists": False, "size": 3},
        {"exists": True, "size": 0},
        {"exists": None, "size": 2},
    ):
        with pytest.raises(ValueError, match="cannot have exists"):
            Zopa(**bad)  # type: ignore[arg-type]
