"""Evaluation of accord's forecasts against the record: the rolling-origin back-test.

This layer sits above analysis, negotiation and sweep (DESIGN.md): it cuts a scenario at
past dates by its evidence dates (:mod:`.cut`), forecasts named events with the sweep
engine, and scores them against what the calendar records (:mod:`.events`,
:mod:`.scores`, :mod:`.backtest`).
"""

from accord.evaluate.backtest import Backtest, Forecast, backtest
from accord.evaluate.cut import Cut, cut_dates, known_at, known_from
from accord.evaluate.scores import brier, log_score, reliability, skill

__all__ = [
    "Backtest",
    "Cut",
    "Forecast",
    "backtest",
    "brier",
    "cut_dates",
    "known_at",
    "known_from",
    "log_score",
    "reliability",
    "skill",
]
