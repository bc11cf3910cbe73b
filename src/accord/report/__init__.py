"""Reports: figures in one consistent style and a self-contained HTML page
(DESIGN.md, layer ``report``).

>>> from accord.io import load_scenario
>>> html = build_report(load_scenario())
>>> "Deadlock diagnosis" in html and "http" not in html
True
"""

from accord.errors import require_extra

for _module in ("matplotlib", "jinja2"):  # one line naming the extra, not a traceback
    require_extra(_module, "accord report", "report")

from accord.report.build import FORMATS, build_report, render_html, report_figures, write_figures  # noqa: E402
from accord.report.sections import ForecastWithReading, ReportSections, compute_sections  # noqa: E402
from accord.report.utility_space import PairView, UtilitySpace, utility_space  # noqa: E402

__all__ = [
    "FORMATS",
    "ForecastWithReading",
    "PairView",
    "ReportSections",
    "UtilitySpace",
    "build_report",
    "compute_sections",
    "render_html",
    "report_figures",
    "utility_space",
    "write_figures",
]
