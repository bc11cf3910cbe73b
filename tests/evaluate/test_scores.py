"""The scoring functions against values computed by hand."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from accord.errors import ParameterError
from accord.evaluate.events import Record, RecordedRound
from accord.evaluate.scores import (
    EPS,
    brier,
    cluster_weights,
    log_score,
    reliability,
    score_set,
    skill,
)


def test_brier_by_hand() -> None:
    # (0.9-1)^2 + (0.2-0)^2 + (0.6-0)^2 + (0.5-1)^2 = 0.01 + 0.04 + 0.36 + 0.25 = 0.66
    assert brier([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 1]) == pytest.approx(0.66 / 4)
    assert brier([1.0, 0.0], [1, 0]) == 0.0
    assert brier([1.0, 0.0], [0, 1]) == 1.0
    assert math.isnan(brier([], []))


def test_log_score_by_hand_and_clipping() -> None:
    # -(ln 0.9 + ln 0.8 + ln 0.4 + ln 0.5) / 4
    want = -(math.log(0.9) + math.log(0.8) + math.log(0.4) + math.log(0.5)) / 4
    assert log_score([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 1]) == pytest.approx(want)
    # a certain miss costs -ln(eps), not infinity
    assert log_score([0.0], [1]) == pytest.approx(-math.log(EPS))
    assert log_score([1.0], [0], eps=0.01) == pytest.approx(-math.log(0.01))
    assert log_score([1.0], [1]) == pytest.approx(-math.log(1 - EPS))


def test_skill_by_hand() -> None:
    assert skill(0.1, 0.2) == pytest.approx(0.5)
    assert skill(0.3, 0.2) == pytest.approx(-0.5)
    assert math.isnan(skill(0.1, 0.0))


def test_bad_forecasts_are_refused() -> None:
    with pytest.raises(ParameterError, match="probabilities"):
        brier([1.2], [1])
    with pytest.raises(ParameterError, match="0 or 1"):
        brier([0.5], [2])
    with pytest.raises(ParameterError, match="one outcome each"):
        brier([0.5, 0.5], [1])


def test_reliability_bins_by_hand() -> None:
    p = [0.05, 0.08, 0.15, 0.55, 0.95, 1.0]
    o = [0, 1, 0, 1, 1, 1]
    bins = reliability(p, o, bins=10)
    assert len(bins) == 10
    assert [b.count for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert bins[0].mean_forecast == pytest.approx(0.065) and bins[0].observed == 0.5
    assert bins[1].observed == 0.0
    assert math.isnan(bins[2].mean_forecast)
    # 1.0 falls in the last bin, closed on the right
    assert bins[9].mean_forecast == pytest.approx(0.975) and bins[9].observed == 1.0


def test_cluster_bootstrap_keeps_clusters_whole() -> None:
    w = cluster_weights(["a", "a", "b", "c"], 50, 3)
    assert w.shape == (50, 4)
    assert np.array_equal(w[:, 0], w[:, 1])  # both items of cluster a drawn together
    assert np.all(w.sum(axis=1) == w[:, 0] * 2 + w[:, 2] + w[:, 3])
    assert np.all(w[:, [0, 2, 3]].sum(axis=1) == 3)  # three clusters drawn each time


def test_score_set_gives_skill_against_the_base_rate() -> None:
    o = [1, 0, 0, 1]
    s = score_set(
        {"accord": [0.9, 0.2, 0.6, 0.5], "base_rate": [0.5, 0.5, 0.5, 0.5]},
        o,
        ["x", "x", "y", "z"],
        rng=1,
        resamples=200,
    )
    assert s["accord"].brier.value == pytest.approx(0.165)
    assert s["base_rate"].brier.value == pytest.approx(0.25)
    assert s["accord"].skill_vs_base_rate is not None
    assert s["accord"].skill_vs_base_rate.value == pytest.approx(1 - 0.165 / 0.25)
    assert s["base_rate"].skill_vs_base_rate is None
    b = s["accord"].brier
    assert b.low <= b.value <= b.high


def _record() -> Record:
    day = dt.date
    rounds = (
        RecordedRound("r1", day(2025, 1, 1), day(2025, 1, 1), "direct", frozenset({"pows"}), False),
        RecordedRound("r2", day(2025, 1, 21), day(2025, 1, 22), "direct", frozenset(), False),
        RecordedRound("r3", day(2025, 3, 1), day(2025, 3, 1), "trilateral", frozenset(), False),
    )
    return Record(rounds, day(2025, 1, 1), day(2025, 4, 1), ("pows", "land"))


def test_base_rate_by_hand() -> None:
    rec = _record()
    cut = dt.date(2025, 1, 31)  # 31 days observed, 2 with a round: r = 2.5 / 32
    r = 2.5 / 32
    assert rec.base_rate("round:any", cut, 30) == pytest.approx(1 - (1 - r) ** 30)
    # one day with an agreement on pows (r1's last day): r = 1.5 / 32
    assert rec.base_rate("agreed:pows", cut, 10) == pytest.approx(1 - (1 - 1.5 / 32) ** 10)
    # never seen: the prior's half a day
    assert rec.base_rate("full", cut, 1) == pytest.approx(0.5 / 32)
    assert rec.base_rate("round:trilateral", cut, 1) == pytest.approx(0.5 / 32)


def test_nothing_changes_by_hand() -> None:
    rec = _record()
    # direct rounds 20 days apart: the next one due 10 Feb
    assert rec.nothing_changes("round:direct", dt.date(2025, 1, 31), 5) == 0.0
    assert rec.nothing_changes("round:direct", dt.date(2025, 1, 31), 10) == 1.0
    # one trilateral round: no gap to go by
    assert rec.nothing_changes("round:trilateral", dt.date(2025, 3, 15), 90) == 0.0
    assert rec.nothing_changes("partial", dt.date(2025, 1, 31), 90) == 0.0


def test_outcomes_from_the_record() -> None:
    rec = _record()
    cut = dt.date(2025, 1, 20)
    assert rec.outcome("round:direct", cut, dt.date(2025, 1, 21)) is not None
    assert rec.outcome("round:direct", dt.date(2025, 1, 21), dt.date(2025, 3, 31)) is None
    # r2 agreed nothing: no partial agreement, though a round was held
    assert rec.outcome("partial", cut, dt.date(2025, 3, 31)) is None
    assert rec.outcome("round:any", cut, dt.date(2025, 3, 31)) is not None
    assert rec.events() == (
        "full",
        "partial",
        "agreed:pows",
        "agreed:land",
        "round:any",
        "round:direct",
        "round:trilateral",
    )
