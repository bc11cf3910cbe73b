"""Conformance on the public ANAC/GENIUS corpus (tests/data/genius, INDEX.tsv).

1. Every folder of INDEX.tsv loads (or is rejected, for the two malformed ones) and its
   number of issues, parties, outcomes, reservation values, linearity and discounting
   match INDEX.tsv.
2. For every linear-additive domain of at most 1e6 outcomes, accord's Pareto frontier and
   bargaining solutions are checked by brute force here, on a utility table built
   independently from the XML or GeniusWeb JSON (not through accord's reader or
   compiler): against the definition of Pareto optimality over every outcome, and against
   the best Nash, egalitarian, utilitarian and Kalai-Smorodinsky values over every
   acceptable outcome.
3. Non-linear (ANAC 2014) profiles: accord's vectorised utilities equal an independent
   evaluation of the hyper-rectangles on random outcomes (the spaces have 1e10-1e50
   outcomes and are never enumerated).

Known, documented differences with INDEX.tsv (docs/interop.md):
* ``n_issues``: the independent reader behind INDEX.tsv reports the largest issue
  ``index`` attribute. In domains whose root objective takes index 1 (issues numbered from
  2) that is one more than the number of ``<issue>`` elements; accord counts the issues.
* ``unit/scenarios/anac/y2010/Travel`` (a NegMAS export) has negative evaluations, which
  GENIUS refuses (``EvaluatorDiscrete``: "Evaluation values have to be >= 0"); accord
  rejects it by default and reads it like INDEX.tsv with ``allow_negative=True``.
"""

from __future__ import annotations

import itertools
import json
import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from accord.analysis import Limits, analyze
from accord.errors import AccordWarning, FormatError
from accord.io.foreign import load_foreign
from accord.space import compile_scenario
from datapaths import GENIUS

CORPUS = GENIUS
INDEX = CORPUS / "INDEX.tsv"
REAL_OPTIONS = 11  # the reader's documented default

MAX_INDEX_COUNT = {  # INDEX n_issues is the largest issue index, one above the count
    "anac/y2012/FitnessA",
    "anac/y2012/FitnessB",
    "anac/y2012/FitnessC",
    "other/AMPOvsCity",
    "other/inheritancedomain",
    "other/laptopdomain",
    "other/laptopdomainNoBayes",
    "other/web_service",
    "unit/AMPOvsCity",
}
NEGATIVE_EVALUATIONS = {"unit/scenarios/anac/y2010/Travel"}
SLOW = {
    "other/journal_learning/six_issues",  # 70 parties, 20,480 of 262,144 outcomes optimal
    "anac/y2015/group9-killer_robot",
    "anac/y2016/parsCat",
    "anac/y2012/EnergyA",
    "anac/y2012/EnergyB",
    "anac/y2012/EnergyC",
    "anac/y2011/Energy",
}


def _rows() -> list[list[str]]:
    lines = INDEX.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


ROWS = _rows()
LOADABLE = [r for r in ROWS if r[1] != "LOAD_FAILED"]

#: Domains of at most this many outcomes run in the quick loop (``pytest -m "not slow"``):
#: about ninety of them, under a second in all; the larger ones run in the full suite.
QUICK_OUTCOMES = 1_000


def _marks(rel: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.slow] if rel in SLOW else []


def _by_size(row: list[str]) -> list[pytest.MarkDecorator]:
    """``slow`` for a domain of more than :data:`QUICK_OUTCOMES` outcomes (or an unbounded
    space), and for the domains of :data:`SLOW`."""
    small = row[3] != "inf" and int(row[3]) <= QUICK_OUTCOMES
    return _marks(row[0]) if small else [pytest.mark.slow]


def _load(rel: str, **opts: object):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AccordWarning)
        return load_foreign(CORPUS / rel, **opts)


def test_index_covers_the_corpus() -> None:
    assert len(ROWS) >= 185
    assert {r[0] for r in ROWS if r[1] == "LOAD_FAILED"} == {"unit/LaptopConv", "unit/LaptopConv1D"}


@pytest.mark.parametrize("rel", ["unit/LaptopConv", "unit/LaptopConv1D"])
def test_malformed_folders_are_rejected(rel: str) -> None:
    with pytest.raises(FormatError) as info:
        _load(rel)
    msg = str(info.value)
    assert "Laptop-C-" in msg  # names the file
    if rel.endswith("1D"):
        assert "malformed XML" in msg and ":5" in msg
    else:
        assert "'0'" in msg and "domain" in msg


def _domain_issue_elements(rel: str) -> list[ET.Element]:
    folder = CORPUS / rel
    for p in sorted(folder.glob("*.xml")):
        if p.name == "pareto.xml":
            continue
        root = ET.parse(p).getroot()
        if root.tag == "negotiation_template":
            return list(root.iter("issue"))
    raise AssertionError(f"no domain in {rel}")


@pytest.mark.parametrize(
    "row", [pytest.param(r, marks=_by_size(r)) for r in LOADABLE], ids=[r[0] for r in LOADABLE]
)
def test_counts_match_index(row: list[str]) -> None:
    rel, n_issues, n_parties, n_outcomes, linear, discounted, rvs = row
    opts: dict[str, object] = {}
    if rel in NEGATIVE_EVALUATIONS:
        with pytest.raises(FormatError, match="negative"):
            _load(rel)
        opts["allow_negative"] = True
    sc = _load(rel, **opts)
    if "geniusweb" not in rel:
        els = _domain_issue_elements(rel)
        assert len(sc.issues) == len(els)
        max_index = max(int(e.get("index", "0")) for e in els)
        if rel in MAX_INDEX_COUNT:
            assert int(n_issues) == max_index == len(els) + 1
        else:
            assert int(n_issues) == len(els)
    else:
        assert len(sc.issues) == int(n_issues)
    assert len(sc.parties) == int(n_parties)
    if n_outcomes == "inf":
        real = [i for i in sc.issues if isinstance(i.options[0], float)]
        assert real and all(i.size == REAL_OPTIONS for i in real)
        with pytest.raises(FormatError, match="continuous"):
            _load(rel, continuous="refuse")
    else:
        assert sc.n_outcomes == int(n_outcomes)
    expected = [float(x) for x in rvs.split(",")]
    got = [p.reservation_value for p in sc.parties]
    assert np.allclose(got, expected, rtol=0, atol=5e-4 + 1e-12), (got, expected)
    assert all(p.preference.is_additive for p in sc.parties) == (linear == "True")
    assert any(p.discount_factor < 1.0 for p in sc.parties) == (discounted == "True")


# -- independent brute force -------------------------------------------------------------


def _f(x: str | None) -> float:
    assert x is not None
    return float(x)


def _independent_table(rel: str, allow_negative: bool) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Party ids, the (n_outcomes, n_parties) utility table and reservation values, from the
    XML directly: u = sum_k w_k e_k(x_k), w normalised, e as GENIUS evaluates."""
    folder = CORPUS / rel
    domain: list[tuple[str, str, list[object]]] = []
    profiles = []
    for p in sorted(folder.glob("*.xml")):
        if p.name == "pareto.xml":
            continue
        root = ET.parse(p).getroot()
        if root.tag == "negotiation_template":
            for e in root.iter("issue"):
                t = next(
                    (
                        e.get(a)
                        for a in ("type", "vtype", "etype")
                        if e.get(a) in ("discrete", "integer", "real")
                    ),
                    "discrete",
                )
                if e.find("item") is not None:
                    t = "discrete"
                if t == "discrete":
                    domain.append(
                        (e.get("name", ""), t, [i.get("value") for i in e.findall("item")])
                    )
                else:
                    src = e if e.get("lowerbound") is not None else e.find("range")
                    assert src is not None
                    lo, hi = _f(src.get("lowerbound")), _f(src.get("upperbound"))
                    if t == "integer":
                        vals: list[object] = list(range(int(lo), int(hi) + 1))
                    else:
                        vals = list(np.linspace(lo, hi, REAL_OPTIONS))
                    domain.append((e.get("name", ""), t, vals))
        elif root.tag == "utility_space":
            profiles.append((p.stem, root))
    cols = []
    rvs = []
    for _, root in profiles:
        issues = {e.get("name"): e for e in root.iter("issue")}
        index_name = {e.get("index"): e.get("name") for e in root.iter("issue")}
        w = {
            index_name[x.get("index")]: _f(x.get("value"))
            for x in root.iter("weight")
            if x.get("index") in index_name
        }
        total = sum(w.values())
        per_issue = []
        for name, t, vals in domain:
            e = issues[name]
            if t == "discrete":
                ev = {i.get("value"): _f(i.get("evaluation")) for i in e.findall("item")}
                arr = np.array([ev[v] for v in vals])
                if not allow_negative:
                    assert arr.min() >= 0
                arr = arr / arr.max() if arr.max() > 0 else np.zeros_like(arr)
            else:
                ev_el = e.find("evaluator")
                assert ev_el is not None and ev_el.get("ftype") == "linear"
                x = np.array(vals, dtype=float)
                if ev_el.get("slope") is not None:
                    lo = x[0] if t == "integer" else 0.0
                    arr = _f(ev_el.get("offset")) + _f(ev_el.get("slope")) * (x - lo)
                else:
                    arr = _f(ev_el.get("parameter0")) + _f(ev_el.get("parameter1")) * x
                arr = np.clip(arr, 0.0, 1.0)
            per_issue.append(w[name] / total * arr)
        grids = np.meshgrid(*per_issue, indexing="ij")
        cols.append(np.sum([g.ravel() for g in grids], axis=0))
        res = root.find(".//reservation")
        rvs.append(_f(res.get("value")) if res is not None else 0.0)
    return [s for s, _ in profiles], np.stack(cols, axis=1), np.array(rvs)


def _independent_geniusweb_table(rel: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The same from GeniusWeb JSON: u = sum_k w_k vu_k(x_k) (values' utilities as given,
    weights normalised), the reservation value the utility of ``reservationBid``."""
    folder = CORPUS / rel
    docs = {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))
    }
    domain = next(d for d in docs.values() if "issuesValues" in d)["issuesValues"]
    names = list(domain)
    options = [domain[k]["values"] for k in names]
    ids, cols, rvs = [], [], []
    for stem, doc in docs.items():
        space = doc.get("LinearAdditiveUtilitySpace")
        if space is None:
            continue
        w = {k: float(v) for k, v in space["issueWeights"].items()}
        total = sum(w.values())
        per_issue = []
        utils = {}
        for k, vals in zip(names, options, strict=True):
            ((kind, fn),) = space["issueUtilities"][k].items()
            assert kind in ("discreteutils", "DiscreteValueSetUtilities"), kind
            utils[k] = {v: float(x) for v, x in fn["valueUtilities"].items()}
            per_issue.append(w[k] / total * np.array([utils[k][v] for v in vals]))
        grids = np.meshgrid(*per_issue, indexing="ij")
        cols.append(np.sum([g.ravel() for g in grids], axis=0))
        bid = (space.get("reservationBid") or {}).get("issuevalues")
        rvs.append(sum(w[k] / total * utils[k][bid[k]] for k in names) if bid else 0.0)
        ids.append(stem)
    return ids, np.stack(cols, axis=1), np.array(rvs)


# accord reports and compares utilities to 12 decimals; genuine differences in the corpus
# go down to ~3e-10 (auctionwars: 0.29411765 against 5/17), so the tolerance sits between.
TOL = 1e-11


def _reaching(x: np.ndarray, pool: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """For each row of ``x``: the party on which the fewest rows of ``pool`` reach it
    (``>= x - TOL``) and how many do; and, per party, ``pool`` by decreasing utility. Any
    row of ``pool`` at least as good as ``x`` everywhere is among those few."""
    n, p = pool.shape
    counts = np.stack(
        [n - np.searchsorted(np.sort(pool[:, j]), x[:, j] - TOL, side="left") for j in range(p)],
        axis=1,
    )
    order = [np.argsort(-pool[:, j], kind="stable") for j in range(p)]
    return counts.argmin(axis=1), counts.min(axis=1), order


def _batches(best: np.ndarray, count: np.ndarray):  # type: ignore[no-untyped-def]
    """Rows grouped by their best party and sorted by candidate count, in batches of at
    most ``1 << 18`` row-candidate pairs (or one row)."""
    for j in np.unique(best):
        rows = np.flatnonzero(best == j)
        rows = rows[np.argsort(count[rows], kind="stable")]
        c = count[rows]
        a = 0
        while a < rows.size:
            window = c[a : a + 4096]
            size = max(1, int(np.count_nonzero(np.arange(1, window.size + 1) * window <= 1 << 18)))
            yield int(j), rows[a : a + size], int(c[a + size - 1])
            a += size


def _check_frontier(front: np.ndarray, u: np.ndarray) -> None:
    """``front`` (accord's frontier vectors) is the Pareto frontier of the outcomes ``u``
    up to TOL, checked against the definition over every outcome: no outcome beats a
    listed point (``>=`` everywhere and ``>`` somewhere, by more than TOL), and every
    outcome is matched or beaten (within TOL) by a listed point."""
    assert front.shape[0] > 0
    best, count, order = _reaching(front, u)
    for j, batch, top in _batches(best, count):
        cand = u[order[j][:top]]
        x = front[batch]
        ge = (cand[None] >= x[:, None] - TOL).all(axis=2)
        gt = (cand[None] > x[:, None] + TOL).any(axis=2)
        assert not (ge & gt).any(), "accord lists a dominated point"
    best, count, order = _reaching(u, front)
    for j, batch, top in _batches(best, count):
        x = u[batch]
        covered = np.zeros(batch.size, dtype=bool)
        for c0 in range(0, top, 512):
            live = np.flatnonzero(~covered)
            if live.size == 0:
                break
            cand = front[order[j][c0 : min(top, c0 + 512)]]
            covered[live] = (cand[None] >= x[live][:, None] - TOL).all(axis=2).any(axis=1)
        assert covered.all(), "accord misses a Pareto-optimal point"


def _as_set(points: np.ndarray) -> set[tuple[float, ...]]:
    return {tuple(np.round(p, 9)) for p in points}


CROSS = [r for r in LOADABLE if r[4] == "True" and r[3] != "inf" and int(r[3]) <= 1_000_000]


@pytest.mark.parametrize(
    "row",
    [pytest.param(r, marks=_by_size(r)) for r in CROSS],
    ids=[r[0] for r in CROSS],
)
def test_frontier_and_solutions_equal_brute_force(row: list[str]) -> None:
    rel = row[0]
    allow = rel in NEGATIVE_EVALUATIONS
    if "geniusweb" in rel:
        ids, u, d = _independent_geniusweb_table(rel)
    else:
        ids, u, d = _independent_table(rel, allow)
    sc = _load(rel, allow_negative=True) if allow else _load(rel)
    assert [p.id for p in sc.parties] == ids
    # accord's compiled table equals the independent one, outcome by outcome
    cs = compile_scenario(sc)
    assert np.allclose(cs.table().utilities, u, rtol=0, atol=1e-12)
    res = analyze(sc, partial=False, limits=Limits.unlimited()).to_dict()

    def utils(points: list[dict]) -> np.ndarray:  # type: ignore[type-arg]
        return np.array([[pt["utilities"][i] for i in ids] for pt in points]).reshape(-1, len(ids))

    _check_frontier(utils(res["pareto_frontier"]), u)
    ok = (u >= d - 1e-12).all(axis=1)
    assert res["zopa"]["size"] == int(ok.sum())
    sols = res["solutions"]
    if not ok.any():
        assert all(
            sols[k] is None for k in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
        )
        return
    ua = u[ok]
    front = utils(res["zopa"]["pareto_frontier"])
    if ok.all():  # every outcome acceptable: the same frontier, checked above
        assert res["zopa"]["pareto_frontier"] == res["pareto_frontier"]
    else:
        _check_frontier(front, ua)
    gain = ua - d

    def value(name: str) -> float:
        pt = sols[name]
        assert pt is not None, name
        x = np.array([pt["utilities"][i] for i in ids])
        return {
            "nash": float(np.prod(x - d)),
            "egalitarian": float(np.min(x - d)),
            "utilitarian": float(np.sum(x)),
        }[name]

    assert value("nash") == pytest.approx(float(np.prod(gain, axis=1).max()), abs=1e-9)
    assert value("egalitarian") == pytest.approx(float(gain.min(axis=1).max()), abs=1e-9)
    assert value("utilitarian") == pytest.approx(float(ua.sum(axis=1).max()), abs=1e-9)
    # Kalai-Smorodinsky over the Pareto-optimal acceptable outcomes
    ideal = ua.max(axis=0)
    span = np.where(ideal - d > 0, ideal - d, 1.0)
    ks_best = float(((front - d) / span).min(axis=1).max())
    pt = sols["kalai_smorodinsky"]
    assert pt is not None
    x = np.array([pt["utilities"][i] for i in ids])
    assert float(((x - d) / span).min()) == pytest.approx(ks_best, abs=1e-9)
    dominated = (front >= x - TOL).all(axis=1) & (front > x + TOL).any(axis=1)
    assert not dominated.any(), "the Kalai-Smorodinsky point is not Pareto-optimal"


# -- non-linear profiles ------------------------------------------------------------------

NONLINEAR = [r for r in LOADABLE if r[4] == "False"]


def _rect_utility(root: ET.Element, outcomes: np.ndarray, index_pos: dict[str, int]) -> np.ndarray:
    util = root.find(".//utility")
    assert util is not None
    total = np.zeros(outcomes.shape[0])
    for hr in util.iter("hyperRectangle"):
        val = _f(hr.get("utility"))
        inc, exc = hr.findall("INCLUDES"), hr.findall("EXCLUDES")
        if inc:
            inside = np.ones(outcomes.shape[0], dtype=bool)
            for b in inc:
                x = outcomes[:, index_pos[b.get("index", "")]]
                inside &= (x >= _f(b.get("min"))) & (x <= _f(b.get("max")))
            total += val * inside
        else:  # GENIUS ExclusiveHyperRectangle: earned when some bound is violated
            outside = np.zeros(outcomes.shape[0], dtype=bool)
            for b in exc:
                x = outcomes[:, index_pos[b.get("index", "")]]
                outside |= (x < _f(b.get("min"))) | (x > _f(b.get("max")))
            total += val * outside
    return total / _f(util.get("maxutility"))


@pytest.mark.parametrize("row", NONLINEAR, ids=[r[0] for r in NONLINEAR])
def test_nonlinear_utilities_equal_independent_evaluation(row: list[str]) -> None:
    rel = row[0]
    sc = _load(rel)
    cs = compile_scenario(sc)
    rng = np.random.default_rng(20140)
    local = np.stack([rng.integers(0, s, size=2000) for s in cs.sizes], axis=1)
    got = cs.utilities_local(local)
    values = np.stack(
        [np.asarray(i.options, dtype=float)[local[:, k]] for k, i in enumerate(sc.issues)], axis=1
    )
    for j, p in enumerate(sc.parties):
        root = ET.parse(CORPUS / rel / f"{p.id}.xml").getroot()
        pos = {e.get("index", ""): sc.issue_position(e.get("name", "")) for e in root.iter("issue")}
        expected = _rect_utility(root, values, pos)
        assert np.allclose(got[:, j], expected, rtol=0, atol=1e-12)
        assert got[:, j].max() <= 1.0 + 1e-12  # maxutility bounds the sum (no GENIUS cap hit)


def test_loading_huge_spaces_does_not_enumerate() -> None:
    sc = _load("anac/y2014/50issues")
    assert sc.n_outcomes == 10**40
    assert sum(len(p.preference.rectangles) for p in sc.parties) > 0
    assert list(itertools.islice((i.size for i in sc.issues), 3)) == [10, 10, 10]


def test_frontier_check_catches_wrong_frontiers() -> None:
    """The brute-force check above fails on a frontier missing a point, listing a
    dominated outcome, or off by 1e-9 on one utility."""
    _, u, _ = _independent_table("anac/y2010/Travel", allow_negative=False)
    sc = _load("anac/y2010/Travel")
    res = analyze(sc, partial=False, top=0, limits=Limits.unlimited()).to_dict()
    ids = [p.id for p in sc.parties]
    front = np.array([[pt["utilities"][i] for i in ids] for pt in res["pareto_frontier"]])
    _check_frontier(front, u)
    worst = u[np.argmin(u.sum(axis=1))]
    for wrong in (front[1:], np.vstack([front, worst]), front - np.eye(1, front.shape[1]) * 1e-9):
        with pytest.raises(AssertionError):
            _check_frontier(wrong, u)
