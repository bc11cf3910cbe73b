# ruff: noqa: E501
"""GENIUS / GeniusWeb / NegMAS readers and writers: round trips and bad input."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from accord.errors import AccordWarning, FormatError
from accord.io import foreign
from accord.io.foreign import detect_format, load_foreign, write_scenario
from accord.model import Scenario
from accord.space import compile_scenario
from datapaths import GENIUS

CORPUS = GENIUS


def _load(path: Path, **opts: object) -> Scenario:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AccordWarning)
        return load_foreign(path, **opts)


def _table(sc: Scenario) -> np.ndarray:
    return compile_scenario(sc).table().utilities


def _same(a: Scenario, b: Scenario) -> None:
    assert [i.id for i in a.issues] == [i.id for i in b.issues]
    assert [i.options for i in a.issues] == [i.options for i in b.issues]
    assert [p.id for p in a.parties] == [p.id for p in b.parties]
    assert np.allclose(_table(a), _table(b), rtol=0, atol=1e-12)


ROUND_TRIPS = [
    (rel, fmt)
    for rel in [
        "anac/y2012/TravelA",
        "other/IntegerDomain",
        "other/web_service",
        "unit/fuzzyagent",
        "anac/y2015/group3-bank_robbery",
        "unit/geniusweb/Party",
        "anac/y2013/Lunch",
        "other/pie",
    ]
    for fmt in ["genius", "geniusweb"]
    # GeniusWeb has no clamped number utilities; GENIUS normalises discrete evaluations by
    # their maximum: these pairs are lossy by design (tested below to warn).
    if (rel, fmt)
    not in {
        ("other/IntegerDomain", "geniusweb"),
        ("unit/fuzzyagent", "geniusweb"),
        ("unit/geniusweb/Party", "genius"),
    }
]


def test_lossy_conversions_warn(tmp_path: Path) -> None:
    with pytest.warns(AccordWarning, match="discrete"):
        write_scenario(_load(CORPUS / "other/IntegerDomain"), tmp_path / "a", "geniusweb")
    with pytest.warns(AccordWarning, match="positive affine"):
        write_scenario(_load(CORPUS / "unit/geniusweb/Party"), tmp_path / "b", "genius")


@pytest.mark.slow
@pytest.mark.parametrize(("rel", "fmt"), ROUND_TRIPS)
def test_round_trip(rel: str, fmt: str, tmp_path: Path) -> None:
    a = _load(CORPUS / rel)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AccordWarning)
        write_scenario(a, tmp_path / "out", fmt)
    assert detect_format(tmp_path / "out") == fmt
    b = _load(tmp_path / "out")
    _same(a, b)
    if fmt == "genius":
        assert [p.reservation_value for p in a.parties] == pytest.approx(
            [p.reservation_value for p in b.parties], abs=1e-12
        )
        assert [p.discount_factor for p in a.parties] == [p.discount_factor for p in b.parties]
    c_dir = tmp_path / "again"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AccordWarning)
        write_scenario(b, c_dir, fmt)
    _same(b, _load(c_dir))


def test_integer_issue_stays_integer_with_clamp(tmp_path: Path) -> None:
    a = _load(CORPUS / "other/IntegerDomain")
    write_scenario(a, tmp_path / "g", "genius")
    text = (tmp_path / "g" / "IntegerDomain-prof1.xml").read_text()
    assert 'type="integer"' in text and "slope" in text and "<item" not in text
    u = _table(a)
    assert u.max() == pytest.approx(1.0) and u.min() >= 0.0


def test_nonlinear_round_trip(tmp_path: Path) -> None:
    a = _load(CORPUS / "anac/y2014/10issuesDiscountedwithRV")
    write_scenario(a, tmp_path / "g", "genius")
    b = _load(tmp_path / "g")
    ca, cb = compile_scenario(a), compile_scenario(b)
    rng = np.random.default_rng(7)
    local = np.stack([rng.integers(0, s, size=5000) for s in ca.sizes], axis=1)
    assert np.allclose(ca.utilities_local(local), cb.utilities_local(local), rtol=0, atol=1e-12)
    assert [p.reservation_value for p in b.parties] == [0.75, 0.75]
    with pytest.raises(FormatError, match="non-additive"):
        write_scenario(a, tmp_path / "w", "geniusweb")


@pytest.mark.slow
def test_native_round_trip(tmp_path: Path) -> None:
    a = _load(CORPUS / "anac/y2012/TravelA")
    for fmt in ("yaml", "json"):
        out = tmp_path / f"t.{fmt}"
        write_scenario(a, out, fmt)
        from accord.io import load_scenario

        _same(a, load_scenario(out))


def test_real_issue_refused_or_discretised() -> None:
    sc = _load(CORPUS / "unit/fuzzyagent", real_options=31)
    assert sc.issues[0].size == 31 and sc.issues[0].options[0] == 10.0
    with pytest.raises(FormatError, match="continuous='refuse'"):
        _load(CORPUS / "unit/fuzzyagent", continuous="refuse")


def test_foreign_integer_and_real_issues() -> None:
    """One reading of a foreign integer range and of a real interval for every format."""
    from accord.io.foreign_common import integer_issue, real_issue

    n = integer_issue("n", -1, 2)
    assert n.options == (-1, 0, 1, 2) and (n.minimum, n.maximum, n.step) == (-1.0, 2.0, 1.0)
    assert all(isinstance(o, int) for o in n.options)
    kw = {"file": "d.xml", "path": "issue['t']"}
    t = real_issue("t", 10.0, 20.0, real_options=5, continuous="discretize", **kw)
    assert t.options == (10.0, 12.5, 15.0, 17.5, 20.0) and t.step == 2.5
    assert (t.minimum, t.maximum) == (10.0, 20.0)
    point = real_issue("t", 3.0, 3.0, real_options=5, continuous="discretize", **kw)
    assert point.options == (3.0,) and point.step is None
    with pytest.raises(FormatError, match=r"d\.xml, issue\['t'\]: issue 't' is real-valued"):
        real_issue("t", 10.0, 20.0, real_options=5, continuous="refuse", **kw)


# -- bad input -------------------------------------------------------------------------------

DOMAIN = """<negotiation_template><utility_space number_of_issues="2">
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="a" type="discrete"><item index="1" value="x"/><item index="2" value="y"/></issue>
<issue index="2" name="n" type="integer" lowerbound="0" upperbound="4"/>
</objective></utility_space></negotiation_template>"""

PROFILE = """<utility_space><objective index="0" name="root" type="objective">
<issue index="1" name="a" type="discrete"><item index="1" value="x" evaluation="{ex}"/><item index="2" value="y" evaluation="2"/></issue>
<issue index="2" name="n" type="integer" lowerbound="0" upperbound="4"><evaluator ftype="linear" offset="0" slope="0.25"/></issue>
<weight index="1" value="{w1}"/><weight index="2" value="0.4"/>
</objective><reservation value="0.1"/><discount_factor value="0.9"/></utility_space>"""


def _folder(tmp_path: Path, domain: str = DOMAIN, **fmt: str) -> Path:
    d = tmp_path / "dom"
    d.mkdir(exist_ok=True)
    (d / "d.xml").write_text(domain)
    args = {"ex": "1", "w1": "0.6"} | fmt
    (d / "A.xml").write_text(PROFILE.format(**args))
    (d / "B.xml").write_text(PROFILE.format(ex="3", w1="0.6"))
    return d


def test_small_domain_values(tmp_path: Path) -> None:
    sc = _load(_folder(tmp_path))
    u = _table(sc)
    # outcome (x, 4): 0.6 * 1/2 + 0.4 * 1.0
    assert u[4, 0] == pytest.approx(0.7, abs=1e-15)
    assert sc.parties[0].reservation_value == 0.1 and sc.parties[0].discount_factor == 0.9


@pytest.mark.parametrize(
    ("kw", "pattern"),
    [
        ({"ex": "abc"}, r"A\.xml.*item\[1\]@evaluation.*numeric evaluation.*'abc'"),
        ({"ex": "-1"}, r"A\.xml.*negative"),
        ({"w1": "nan"}, r"A\.xml.*weight\[1\]@value.*finite"),
        ({"w1": "-0.5"}, r"A\.xml.*negative"),
    ],
)
def test_bad_profile_values(tmp_path: Path, kw: dict[str, str], pattern: str) -> None:
    with pytest.raises(FormatError, match=pattern):
        _load(_folder(tmp_path, **kw))


def test_weights_not_summing_to_one_warn(tmp_path: Path) -> None:
    with pytest.warns(AccordWarning, match="sum to 1.2"):
        sc = load_foreign(_folder(tmp_path, w1="0.8"))
    assert sum(sc.parties[0].preference.weights.values()) == pytest.approx(1.0)


def test_structure_errors(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    (d / "C.xml").write_text(PROFILE.format(ex="1", w1="0.6").replace('name="a"', 'name="zz"'))
    with pytest.raises(FormatError, match=r"C\.xml.*'zz'.*domain"):
        _load(d)
    (d / "C.xml").unlink()
    (d / "A.xml").write_text(PROFILE.format(ex="1", w1="0.6").replace('value="y"', 'value="q"'))
    with pytest.raises(FormatError, match=r"A\.xml.*'q' is not a value"):
        _load(d)
    (d / "A.xml").unlink()
    (d / "B.xml").unlink()
    with pytest.raises(FormatError, match="no utility-space"):
        _load(d)


def test_duplicate_issue_and_malformed(tmp_path: Path) -> None:
    dup = DOMAIN.replace('name="n"', 'name="a"')
    with pytest.raises(FormatError, match="duplicate issue name 'a'"):
        _load(_folder(tmp_path, dup))
    bad = DOMAIN.replace("</objective>", "")
    with pytest.raises(FormatError, match=r"d\.xml:\d+.*malformed XML"):
        _load(_folder(tmp_path, bad))


def test_entity_expansion_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        + DOMAIN.replace('name="root"', 'name="&b;"')
    )
    with pytest.raises(FormatError, match="refused XML"):
        _load(_folder(tmp_path, bomb))


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.io import foreign_common

    d = _folder(tmp_path)
    monkeypatch.setattr(foreign_common, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(foreign_common.read_bytes, "__defaults__", (100,))
    with pytest.raises(FormatError, match="over the limit of 100 bytes"):
        _load(d)


def test_geniusweb_bad_input(tmp_path: Path) -> None:
    src = CORPUS / "unit/geniusweb/Fitness"
    d = tmp_path / "gw"
    d.mkdir()
    for p in src.iterdir():
        (d / p.name).write_text(p.read_text())
    (d / "fitness1.json").write_text(
        (src / "fitness1.json").read_text().replace('"yoga": 0.8', '"yoga": 1.8')
    )
    with pytest.raises(FormatError, match=r"fitness1\.json.*yoga.*outside \[0, 1\]"):
        _load(d)
    (d / "fitness1.json").write_text("{not json")
    with pytest.raises(FormatError, match=r"fitness1\.json:1.*malformed JSON"):
        _load(d)


NEGMAS_DOMAIN = """name: talks
type: DiscreteCartesianOutcomeSpace
issues:
- {name: withdrawal, type: CategoricalIssue, values: [none, partial, full]}
- {name: ceasefire_months, type: ContiguousIssue, values: [0, 10]}
"""
NEGMAS_A = """name: A
type: LinearAdditiveUtilityFunction
reserved_value: 0.3
values:
- {type: TableFun, mapping: {none: 1.0, partial: 0.5, full: 0.0}}
- {type: AffineFun, slope: -0.1, bias: 1.0}
weights: [0.6, 0.4]
"""


def test_negmas_yaml(tmp_path: Path) -> None:
    d = tmp_path / "nm"
    d.mkdir()
    (d / "talks.yml").write_text(NEGMAS_DOMAIN)
    (d / "A.yml").write_text(NEGMAS_A)
    (d / "B.yml").write_text(NEGMAS_A.replace("slope: -0.1, bias: 1.0", "slope: 0.1, bias: 0.0"))
    (d / "_info.yaml").write_text("n_outcomes: 33\n")
    assert detect_format(d) == "negmas"
    sc = _load(d)
    assert sc.n_outcomes == 33 and [p.id for p in sc.parties] == ["A", "B"]
    u = _table(sc)
    # (partial, 4): 0.6 * 0.5 + 0.4 * (1 - 0.4)
    assert u[11 + 4, 0] == pytest.approx(0.54, abs=1e-15)
    assert sc.parties[0].reservation_value == 0.3
    write_scenario(sc, tmp_path / "g", "genius")
    _same(sc, _load(tmp_path / "g"))
    (d / "A.yml").write_text(NEGMAS_A + "  - broken: [\n")
    with pytest.raises(FormatError, match=r"A\.yml.*malformed YAML"):
        _load(d)


def test_unknown_format_and_option(tmp_path: Path) -> None:
    assert detect_format(tmp_path) is None
    with pytest.raises(FormatError, match="not a GENIUS"):
        load_foreign(tmp_path)
    with pytest.raises(FormatError, match="do not apply"):
        load_foreign(CORPUS / "unit/geniusweb/Fitness", real_options=3)
    with pytest.raises(FormatError, match="cannot write"):
        foreign.write_scenario(_load(CORPUS / "other/kite"), tmp_path / "x", "xml")
