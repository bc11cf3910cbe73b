"""The Jinja environment of accord's HTML: the report's page and the dashboard's pages.

One set-up for both: every value is escaped unless marked safe, an undefined name is an
error (not an empty string), block tags leave no blank lines, and the templates share the
globals they compare numbers with (:data:`accord.tolerance.TOLERANCE`) and the
``breakable`` filter for long dotted names. The report's
templates folder also holds the pieces both draw the same way (the concession tables,
``_concessions.html``), so the dashboard's environment looks there after its own folder.
"""

from __future__ import annotations

import re

import jinja2
from markupsafe import Markup, escape

from accord.errors import ConfigurationError
from accord.tolerance import TOLERANCE

_JOINT = re.compile(r"([._/:])")


def breakable(name: object) -> Markup:
    """``name`` escaped, with a line-break opportunity (``<wbr>``) after each ``.``, ``_``,
    ``/`` and ``:``, so a long dotted name wraps between its parts, never inside a word.

    >>> str(breakable("russia.weights.prisoner_exchange"))
    'russia.<wbr>weights.<wbr>prisoner_<wbr>exchange'
    >>> str(breakable("<b>"))
    '&lt;b&gt;'
    """
    return Markup(_JOINT.sub(r"\1<wbr>", str(escape(str(name)))))


def environment(*packages: str) -> jinja2.Environment:
    """A Jinja environment over the ``templates`` folders of ``packages``, the first
    folder holding a name winning (``environment("accord.web", "accord.report")``).

    >>> env = environment("accord.report")
    >>> env.from_string("{{ x > TOLERANCE }} {{ s }}").render(x=1e-9, s="<b>")
    'True &lt;b&gt;'
    """
    if not packages:
        raise ConfigurationError("environment() needs at least one package with templates")
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader(p, "templates") for p in packages]),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["TOLERANCE"] = TOLERANCE
    env.filters["breakable"] = breakable
    return env


__all__ = ["breakable", "environment"]
