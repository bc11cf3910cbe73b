"""The dashboard's Jinja environment (pages render on the loop, tasks in workers)."""

from __future__ import annotations

import jinja2

from accord.analysis.concessions import shown_concessions
from accord.report.build import outcome_labels
from accord.web.whatif import red_line_key

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("accord.web", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.globals["outcome_labels"] = outcome_labels
TEMPLATES.globals["red_line_key"] = red_line_key
TEMPLATES.globals["concessions_of"] = shown_concessions
