"""Option parsing and value formatting shared by the commands.

One rule per option, whichever command takes it: ``--strategy PARTY=NAME[:k=v,...]``
(:func:`parse_strategies`: a party given twice is an error naming it), ``--seed`` (a whole
number >= 0, :func:`check_seed`) and percentages in tables (:func:`percent`).
"""

from __future__ import annotations

from accord.errors import ConfigurationError, ParameterError


def parse_strategies(values: list[str], flag: str = "--strategy") -> dict[str, str]:
    """``["russia=staller:fraction=0.8", ...]`` -> ``{"russia": "staller:fraction=0.8"}``.

    Each value is ``PARTY=NAME`` with optional parameters (``NAME:k=v,...``); a value
    without ``=``, party or strategy, or a party given twice, is a
    :class:`~accord.errors.ConfigurationError` naming the value and the rule. Whether the
    party and the strategy exist is checked where the scenario and the registry are known
    (:func:`accord.negotiation.registry.assign_strategies`).

    >>> parse_strategies(["russia=boulware", " ukraine = time-dependent:e=0.5"])
    {'russia': 'boulware', 'ukraine': 'time-dependent:e=0.5'}
    >>> parse_strategies(["russia=boulware", "russia=conceder"])
    Traceback (most recent call last):
    ...
    accord.errors.ConfigurationError: --strategy given twice for party 'russia' ('russia=boulware', then 'russia=conceder'); give each party once
    """  # noqa: E501
    out: dict[str, str] = {}
    given: dict[str, str] = {}
    for value in values:
        party, eq, spec = (x.strip() for x in value.partition("="))
        if not eq or not party or not spec:
            from accord.negotiation.registry import strategies  # only for the message

            raise ConfigurationError(
                f"{flag} {value!r}: use PARTY=NAME[:param=value,...], such as "
                f"russia=boulware or ukraine=time-dependent:e=0.5; valid strategies: "
                f"{', '.join(strategies())}"
            )
        if party in out:
            raise ConfigurationError(
                f"{flag} given twice for party {party!r} ({given[party]!r}, then "
                f"{value.strip()!r}); give each party once"
            )
        out[party] = spec
        given[party] = value.strip()
    return out


def check_seed(seed: int | None) -> int | None:
    """``seed`` if it is ``None`` or a whole number >= 0, else a
    :class:`~accord.errors.ParameterError` (the same rule as :func:`accord.randomness.generator`
    applies, checked before any work starts)."""
    if seed is not None and seed < 0:
        raise ParameterError("seed", f"must be a whole number >= 0, got {seed}")
    return seed


def percent(p: float | None, digits: int = 0, missing: str = "-") -> str:
    """A probability as a percentage with ``digits`` decimals; ``missing`` for ``None``.

    >>> percent(0.4567), percent(0.4567, digits=1), percent(None), percent(None, missing="n/a")
    ('46%', '45.7%', '-', 'n/a')
    """
    return missing if p is None else f"{100 * float(p):.{digits}f}%"
