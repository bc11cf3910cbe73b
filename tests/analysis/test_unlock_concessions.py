"""'What would unlock a deal': each relaxation's package lists every concession each party
makes against its position (or its most valued option), not only the red line that moves."""

from __future__ import annotations

import re

import numpy as np
import pytest

from accord.analysis import analyze
from accord.analysis.concessions import relaxation_concessions
from accord.io import load_scenario
from accord.report import build_report
from clirun import Cli


@pytest.fixture(scope="module")
def geneva():
    sc = load_scenario("geneva-2026")
    return sc, analyze(sc)


def _expected(sc, party_id, outcome):
    """The issues on which ``outcome`` gives the party less than its position, from the
    scenario's own weights and values."""
    p = sc.party(party_id)
    stated = {pos.issue: pos.option for pos in p.positions if pos.option is not None}
    out = []
    for issue in sc.issues:
        w = float(p.preference.weights.get(issue.id, 0.0))
        fn = p.preference.values.get(issue.id)
        if fn is None or issue.id not in outcome:
            continue
        raw = np.asarray(fn.evaluate(issue), dtype=float)
        ask = stated.get(issue.id)
        if ask is None:
            if w <= 0:
                continue
            ask = issue.options[int(np.argmax(raw))]
        got = outcome[issue.id]
        if got != ask and w * (raw[issue.index(ask)] - raw[issue.index(got)]) > 1e-9:
            out.append(issue.id)
    return out


def test_every_concession_of_every_party_is_listed(geneva):
    sc, a = geneva
    assert a.deadlock is not None and a.deadlock.relaxations
    packages = relaxation_concessions(sc, a)
    assert len(packages) == len(a.deadlock.relaxations)
    several = False
    for r, pc in zip(a.deadlock.relaxations, packages, strict=True):
        assert pc.outcome == dict(r.package.outcome)
        for side in pc.parties:
            listed = [c.issue for c in side.conceded]
            assert listed == _expected(sc, side.party, r.package.outcome)
            several |= len(listed) > 1
            for c in side.conceded:
                assert c.concession > 0 and c.option != c.stated
    # more than the red line that moves: some party concedes on several issues
    assert several


def test_the_plant_returned_is_a_concession_of_the_party_that_holds_it(geneva):
    sc, a = geneva
    for r, pc in zip(a.deadlock.relaxations, relaxation_concessions(sc, a), strict=True):
        for side in pc.parties:
            ask = next(
                (p.option for p in sc.party(side.party).positions if p.issue == "znpp"), None
            )
            if ask is not None and r.package.outcome["znpp"] != ask:
                assert "znpp" in [c.issue for c in side.conceded]
                assert "Zaporizhzhia nuclear power plant" in side.conceded_text(
                    {i.id: i.name for i in sc.issues}
                )


@pytest.mark.slow
def test_analyze_report_and_json_show_them(geneva, cli: Cli, monkeypatch: pytest.MonkeyPatch):
    sc, a = geneva
    packages = relaxation_concessions(sc, a)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = cli(["analyze", "geneva-2026"])
    assert code == 0, err
    text = re.sub(r"[│┃\s]+", " ", out)
    for side in packages[0].parties:
        assert f"{side.name} gives up" in text
    html = build_report(sc, analysis=a)
    table = re.search(r'<table class="unlock" id="unlock">(.*?)</table>', html, re.S)
    assert table is not None
    rows = re.findall(r"<tr><td>\d+</td>(.*?)</tr>", table.group(1), re.S)
    assert len(rows) == min(12, len(packages))
    for row, pc in zip(rows, packages, strict=False):
        for side in pc.parties:
            assert f"<strong>{side.name} gives up</strong>" in row
            for c in side.conceded:
                assert sc.issue(c.issue).name in row and f"{-c.concession:+.3f}" in row
    doc = pc.to_dict()
    assert all("conceded" in p for p in doc["parties"])
