"""One visual style for every figure accord draws: a colour-blind-safe palette, readable
type, labelled axes.

The palette is Okabe & Ito's (2008, "Color Universal Design"), distinguishable under the
common forms of colour-vision deficiency; markers differ by shape as well as colour so a
figure still reads in grey.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")  # never open a window; figures are written to files or strings

import matplotlib.pyplot as plt

#: Okabe-Ito colours, most distinct first.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Outcome categories of the utility-space plots.
GREY_INFEASIBLE = "#DDDDDD"
GREY_BLOCKED = "#999999"
GREY_BELOW = "#888888"
ZOPA = "#009E73"
FRONTIER = "#0072B2"
RESERVATION = "#D55E00"
STATUS_QUO = "#000000"
#: Two-level games (docs/two-level.md): the x party's win-set, the y party's, and the
#: level-2 zone of agreement.
WIN_X = "#0072B2"
WIN_Y = "#CC79A7"
LEVEL2 = "#000000"

#: Bargaining solutions: (label, colour, marker).
SOLUTION_STYLE: dict[str, tuple[str, str, str]] = {
    "nash": ("Nash", "#E69F00", "*"),
    "nash_weighted": ("weighted Nash", "#CC79A7", "P"),
    "kalai_smorodinsky": ("Kalai-Smorodinsky", "#56B4E9", "D"),
    "egalitarian": ("egalitarian", "#D55E00", "^"),
    "utilitarian": ("utilitarian", "#000000", "v"),
}

RC: dict[str, Any] = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.6,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "svg.fonttype": "none",  # text stays text: selectable, searchable, small
    "svg.hashsalt": "accord",  # stable ids, reproducible files
    "text.parse_math": False,  # names such as "$x^$" are text, never mathtext
}


def party_colour(index: int) -> str:
    """The colour of the ``index``-th party (scenario order), cycling the palette."""
    return PALETTE[index % len(PALETTE)]


@contextmanager
def figure_style() -> Iterator[None]:
    """Apply accord's style to the figures drawn inside the block."""
    with plt.rc_context(cast(Any, RC)):
        yield
