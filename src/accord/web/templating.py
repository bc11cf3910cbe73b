"""The dashboard's Jinja environment (pages render on the loop, tasks in workers)."""

from __future__ import annotations

from accord.analysis.concessions import relaxation_concessions, shown_concessions
from accord.report.build import outcome_labels
from accord.report.jinja import environment
from accord.web.whatif import STAGE_BARS, red_line_key, stage_bar

#: The dashboard's own templates first, then the pieces it shares with the report.
TEMPLATES = environment("accord.web", "accord.report")
TEMPLATES.globals["outcome_labels"] = outcome_labels
TEMPLATES.globals["red_line_key"] = red_line_key
TEMPLATES.globals["stage_bar"] = stage_bar
TEMPLATES.globals["stage_bars"] = STAGE_BARS
TEMPLATES.globals["concessions_of"] = shown_concessions
TEMPLATES.globals["unlock_of"] = relaxation_concessions
