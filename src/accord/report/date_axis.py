"""A date axis for charts written straight as SVG text: the talks record's timeline in the
report and the dashboard (:func:`accord.report.history.timeline_svg`) and the dashboard's
odds by date (:func:`accord.web.odds_svg.odds_svg`).

A :class:`DateAxis` is the chart's frame (its size and margins) and the days it spans; it
places a date on x and a share (0 to 1) on y, opens the ``<svg>`` element and writes a
polyline as a path.

>>> from datetime import date
>>> ax = DateAxis(200, 100, (20, 20, 10, 10), date(2026, 1, 1), 10)
>>> ax.x(date(2026, 1, 6)), ax.y(0.5)
(100.0, 50.0)
>>> path([(0, 0), (1.25, 2)])
'M0.0,0.0 L1.2,2.0'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from accord.errors import ConfigurationError


@dataclass(frozen=True, slots=True)
class DateAxis:
    """An SVG chart ``width`` x ``height`` pixels whose plot area leaves ``margins``
    ``(left, right, top, bottom)`` free, with ``start`` at the left edge of the plot and
    ``span`` days across it; y runs from 0 (bottom of the plot) to 1 (top)."""

    width: int
    height: int
    margins: tuple[int, int, int, int]
    start: date
    span: int

    def __post_init__(self) -> None:
        if self.span <= 0:
            raise ConfigurationError(f"a date axis spans at least one day, not {self.span}")

    @property
    def left(self) -> int:
        """The plot's left edge (x of ``start``)."""
        return self.margins[0]

    @property
    def right(self) -> int:
        """The plot's right edge."""
        return self.width - self.margins[1]

    @property
    def top(self) -> int:
        """The plot's top edge (y of 1)."""
        return self.margins[2]

    @property
    def plot_width(self) -> int:
        """Width of the plot area."""
        return self.width - self.margins[0] - self.margins[1]

    @property
    def plot_height(self) -> int:
        """Height of the plot area."""
        return self.height - self.margins[2] - self.margins[3]

    def x(self, d: date) -> float:
        """The x of day ``d``."""
        return self.left + self.plot_width * (d - self.start).days / self.span

    def y(self, share: float) -> float:
        """The y of ``share`` (0 at the bottom of the plot, 1 at its top)."""
        return self.top + self.plot_height * (1 - share)

    def month_ticks(self, most: int = 8) -> list[date]:
        """First days of months inside the axis, every 1, 2, 3, 6 or 12 months so that at
        most ``most`` are drawn.

        >>> ax = DateAxis(200, 100, (0, 0, 0, 0), date(2025, 2, 10), 500)
        >>> [d.isoformat() for d in ax.month_ticks(6)]
        ['2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01', '2026-04-01']
        """
        end = self.start.toordinal() + self.span
        months = (self.span // 30) + 1
        step = next((k for k in (1, 2, 3, 6, 12) if months / k <= most), 12)
        year, month = self.start.year, self.start.month
        ticks: list[date] = []
        while True:
            month += 1
            if month > 12:
                year, month = year + 1, 1
            d = date(year, month, 1)
            if d.toordinal() > end:
                return ticks
            if (d.year * 12 + d.month - 1) % step == 0:
                ticks.append(d)

    def open(
        self,
        label: str,
        *,
        font: str = "sans-serif",
        element_id: str | None = None,
        font_size: int = 11,
    ) -> str:
        """The opening ``<svg>`` tag: the chart's size, an image role with ``label`` for
        screen readers, the font (``font_size``) and, when given, the element's id."""
        ident = f' id="{escape(element_id)}"' if element_id else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'width="{self.width}" height="{self.height}" role="img"{ident} '
            f'aria-label="{escape(label)}" font-family="{escape(font)}" font-size="{font_size}">'
        )


def path(points: Sequence[tuple[float, float]]) -> str:
    """The ``d`` of an SVG path through ``points`` (one decimal)."""
    return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))


__all__ = ["DateAxis", "path"]
