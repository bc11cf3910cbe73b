"""Actor tables of a negotiation scenario: derived from its parties and issues, or its own
``forecast:`` section.

An ordinal or numeric issue becomes a dimension on a 0-100 scale (ordinal: option ``k`` of
``n`` at ``100 k / (n - 1)``; numeric: linearly from the issue's minimum to its maximum).
Each party's position is its ideal option (the option maximising its value function on
that issue; the lowest such option if several tie), its salience its weight on the issue
and its capability its power.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from accord.errors import AccordWarning, ConfigurationError
from accord.forecast.actors import ActorTable
from accord.model import ForecastInputs, Issue, IssueKind, Scenario
from accord.tolerance import WRITTEN


def issue_scale(issue: Issue) -> np.ndarray:
    """Each option of ``issue`` on the 0-100 scale."""
    n = issue.size
    if issue.kind is IssueKind.NUMERIC:
        x = np.asarray(issue.options, dtype=np.float64)
        lo = issue.minimum if issue.minimum is not None else float(x.min())
        hi = issue.maximum if issue.maximum is not None else float(x.max())
        if hi <= lo:
            return np.zeros(n)
        return np.asarray(100.0 * (x - lo) / (hi - lo), dtype=np.float64)
    if issue.kind is IssueKind.ORDINAL:
        return np.zeros(1) if n == 1 else np.linspace(0.0, 100.0, n)
    raise ConfigurationError(
        f"issue {issue.id!r} is categorical; only ordinal and numeric issues have a scale "
        "the forecasting models can use"
    )


def actor_table_from_scenario(
    scenario: Scenario, issues: Sequence[str] | None = None
) -> ActorTable:
    """The actor table of ``scenario`` on its ordinal and numeric issues.

    Parameters
    ----------
    scenario
        The scenario.
    issues
        Issue ids to use, in order; default every ordinal or numeric issue.

    Parties with no value function on any chosen issue are left out (with an
    :class:`~accord.errors.AccordWarning`); a party without one on some issue has no
    position there (``nan``, salience 0).
    """
    if issues is None:
        chosen = [i for i in scenario.issues if i.kind is not IssueKind.CATEGORICAL]
        if not chosen:
            raise ConfigurationError(
                f"scenario {scenario.id!r} has no ordinal or numeric issue to forecast"
            )
    else:
        chosen = []
        for name in issues:
            try:
                chosen.append(scenario.issue(name))
            except KeyError:
                valid = ", ".join(i.id for i in scenario.issues)
                raise ConfigurationError(
                    f"scenario {scenario.id!r} has no issue {name!r}; valid: {valid}"
                ) from None
    scales = [issue_scale(i) for i in chosen]
    names: list[str] = []
    caps: list[float] = []
    pos_rows: list[list[float]] = []
    sal_rows: list[list[float]] = []
    for party in scenario.parties:
        pref = party.preference
        row_x: list[float] = []
        row_s: list[float] = []
        total_w = sum(max(0.0, w) for w in pref.weights.values())
        for issue, scale in zip(chosen, scales, strict=True):
            fn = pref.values.get(issue.id)
            if fn is None:
                row_x.append(float("nan"))
                row_s.append(0.0)
                continue
            values = fn.evaluate(issue)
            row_x.append(float(scale[int(np.argmax(values))]))
            w = max(0.0, pref.weights.get(issue.id, 0.0))
            row_s.append(w / total_w if total_w > 1.0 + WRITTEN else w)
        if all(np.isnan(v) for v in row_x):
            warnings.warn(
                f"party {party.id!r} has no value function on "
                f"{', '.join(i.id for i in chosen)}; it is left out of the actor table",
                AccordWarning,
                stacklevel=2,
            )
            continue
        names.append(party.name or party.id)
        caps.append(float(party.capability))
        pos_rows.append(row_x)
        sal_rows.append(row_s)
    if not names:
        raise ConfigurationError(
            f"no party of scenario {scenario.id!r} has a position on the chosen issues"
        )
    position, salience = np.array(pos_rows), np.array(sal_rows)
    if issues is None:  # an issue no party weighs has no forecast (the models divide by 0)
        weighed = (np.array(caps)[:, None] * salience).sum(axis=0) > 0
        if not weighed.all():
            left = [i.id for i, w in zip(chosen, weighed, strict=True) if not w]
            warnings.warn(
                f"no party weighs {', '.join(left)}: left out of the forecast",
                AccordWarning,
                stacklevel=2,
            )
        if weighed.any():
            chosen = [i for i, w in zip(chosen, weighed, strict=True) if w]
            position, salience = position[:, weighed], salience[:, weighed]
    return ActorTable(
        actors=tuple(names),
        dimensions=tuple(i.id for i in chosen),
        capability=np.array(caps),
        position=position,
        salience=salience,
        scale=tuple((0.0, 100.0) for _ in chosen),
        source=scenario.id,
        description=scenario.metadata.title,
        meta={"format": "scenario", "scenario": scenario.id},
    )


def actor_table_from_forecast(section: ForecastInputs, source: str | None = None) -> ActorTable:
    """The actor table written in a ``forecast:`` section (``source``: where it was read
    from, for messages). An actor without a position on a dimension has ``nan`` there and
    salience 0; a single capability applies to every dimension."""
    dims = section.dimension_names
    n, d = len(section.actors), len(dims)
    pos = np.full((n, d), np.nan)
    sal = np.zeros((n, d))
    cap = np.zeros((n, d))
    for i, a in enumerate(section.actors):
        cap[i] = a.capability
        for k, name in enumerate(dims):
            if name in a.positions:
                pos[i, k] = a.positions[name]
                sal[i, k] = a.salience[name]
    return ActorTable(
        actors=tuple(a.name for a in section.actors),
        dimensions=dims,
        capability=cap,
        position=pos,
        salience=sal,
        scale=tuple(x.scale for x in section.dimensions),
        source=source,
        meta={"format": "forecast-section"},
    )
