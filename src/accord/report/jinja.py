"""The Jinja environment of accord's HTML: the report's page and the dashboard's pages.

One set-up for both: every value is escaped unless marked safe, an undefined name is an
error (not an empty string), block tags leave no blank lines, and the templates share the
globals they compare numbers with (:data:`accord.tolerance.TOLERANCE`). The report's
templates folder also holds the pieces both draw the same way (the concession tables,
``_concessions.html``), so the dashboard's environment looks there after its own folder.
"""

from __future__ import annotations

import jinja2

from accord.tolerance import TOLERANCE


def environment(*packages: str) -> jinja2.Environment:
    """A Jinja environment over the ``templates`` folders of ``packages``, the first
    folder holding a name winning (``environment("accord.web", "accord.report")``).

    >>> env = environment("accord.report")
    >>> env.from_string("{{ x > TOLERANCE }} {{ s }}").render(x=1e-9, s="<b>")
    'True &lt;b&gt;'
    """
    if not packages:
        raise ValueError("environment() needs at least one package with templates")
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader(p, "templates") for p in packages]),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["TOLERANCE"] = TOLERANCE
    return env


__all__ = ["environment"]
