"""The odds by date (accord.sweep.summary.by_date) and the terminal's table of them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.cli.sweep import table_dates
from accord.sweep.summary import by_date
from profiles import examples


def test_by_date_counts_each_run_from_its_day() -> None:
    rng = np.random.default_rng(0)
    n = 500
    agree = rng.random(n) < 0.6
    full = agree & (rng.random(n) < 0.5)
    day = rng.integers(-3, 40, n)  # some before the as-of date, some after the deadline
    pts = by_date(full, agree, day, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert len(pts) == 31 and pts[0].date == "2026-03-01" and pts[-1].date == "2026-03-31"
    for k, p in enumerate(pts):
        assert p.p_full == pytest.approx((full & (day <= k)).sum() / n)
        assert p.p_partial == pytest.approx((agree & (day <= k)).sum() / n)


@pytest.mark.slow
@settings(max_examples=examples(40), deadline=None)
@given(
    n=st.integers(1, 300),
    span=st.integers(0, 200),
    seed=st.integers(0, 2**32 - 1),
)
def test_odds_never_decrease_and_full_never_exceeds_partial(n: int, span: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    agree = rng.random(n) < rng.random()
    full = agree & (rng.random(n) < rng.random())
    day = rng.integers(-5, span + 5, n)
    start = dt.date(2026, 2, 18)
    pts = by_date(full, agree, day, start, start + dt.timedelta(days=span))
    assert len(pts) == span + 1
    fs = [p.p_full for p in pts]
    ps = [p.p_partial for p in pts]
    assert fs == sorted(fs) and ps == sorted(ps)
    assert all(f <= q for f, q in zip(fs, ps, strict=True))
    for p in pts:
        assert 0.0 <= p.ci95_full[0] <= p.p_full <= p.ci95_full[1] <= 1.0
        assert 0.0 <= p.ci95_partial[0] <= p.p_partial <= p.ci95_partial[1] <= 1.0


def test_table_is_weekly_or_monthly_and_ends_on_the_deadline() -> None:
    one = np.array([True])
    start = dt.date(2026, 2, 18)
    short = by_date(one, one, np.array([3]), start, dt.date(2026, 6, 30))
    rows = [p.date for p in table_dates(short)]
    assert rows[:3] == ["2026-02-18", "2026-02-25", "2026-03-04"]
    assert rows[-1] == "2026-06-30"
    long = by_date(one, one, np.array([3]), dt.date(2025, 5, 16), dt.date(2026, 6, 30))
    rows = [p.date for p in table_dates(long)]
    assert rows[0] == "2025-05-16" and rows[1] == "2025-05-31" and rows[-1] == "2026-06-30"
    assert "2026-02-28" in rows  # month ends
