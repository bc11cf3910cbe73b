"""Reports: figures in one consistent style and a self-contained HTML page
(DESIGN.md, layer ``report``).

>>> from accord.io import load_scenario
>>> html = build_report(load_scenario())
>>> "Deadlock diagnosis" in html and "http" not in html
True
"""

from accord.report.build import FORMATS, build_report, render_html, report_figures, write_figures
from accord.report.extras import Extras, compute_extras
from accord.report.utility_space import PairView, UtilitySpace, utility_space

__all__ = [
    "FORMATS",
    "Extras",
    "PairView",
    "UtilitySpace",
    "build_report",
    "compute_extras",
    "render_html",
    "report_figures",
    "utility_space",
    "write_figures",
]
