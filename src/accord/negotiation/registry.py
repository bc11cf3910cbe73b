"""Registries of strategies and protocols, and the ``name:param=value,...`` spec syntax.

Strategies register with :func:`register_strategy` (a class decorator, Axelrod/OpenSpiel
style); third-party packages add theirs through the entry-point group ``accord.strategies``
(each entry point names a :class:`~accord.negotiation.strategy.Strategy` subclass; it is
registered under the entry point's name). Protocols register with :func:`register_protocol`.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any, TypeVar

from accord.errors import ConfigurationError
from accord.model import Scenario
from accord.negotiation.strategy import Strategy

S = TypeVar("S", bound=type[Strategy])
F = TypeVar("F", bound=Callable[..., Any])

ENTRY_POINT_GROUP = "accord.strategies"

_STRATEGIES: dict[str, type[Strategy]] = {}
_PROTOCOLS: dict[str, Callable[..., Any]] = {}
_entry_points_loaded: list[bool] = []


def register_strategy(name: str) -> Callable[[S], S]:
    """Class decorator: register a strategy under ``name`` (its ``meta.name``)."""

    def deco(cls: S) -> S:
        if not (isinstance(cls, type) and issubclass(cls, Strategy)):
            raise ConfigurationError(f"{cls!r} is not a Strategy subclass")
        if not dataclasses.is_dataclass(cls):
            raise ConfigurationError(f"strategy {name!r}: {cls.__name__} must be a dataclass")
        meta = getattr(cls, "meta", None)
        if meta is None or meta.name != name:
            raise ConfigurationError(
                f"strategy {name!r}: {cls.__name__}.meta.name must be {name!r}"
            )
        _STRATEGIES[name] = cls
        return cls

    return deco


def register_protocol(name: str) -> Callable[[F], F]:
    """Decorator: register a protocol runner under ``name``."""

    def deco(fn: F) -> F:
        _PROTOCOLS[name] = fn
        return fn

    return deco


def _load_builtin() -> None:
    import accord.negotiation.alternating
    import accord.negotiation.single_text
    import accord.negotiation.strategies  # noqa: F401


def _load_entry_points() -> None:
    if _entry_points_loaded:
        return
    _entry_points_loaded.append(True)
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        cls = ep.load()
        if not (isinstance(cls, type) and issubclass(cls, Strategy)):
            raise ConfigurationError(
                f"entry point {ep.name!r} of group {ENTRY_POINT_GROUP!r} names {cls!r}, "
                "which is not an accord Strategy subclass"
            )
        if ep.name not in _STRATEGIES:
            _STRATEGIES[ep.name] = cls


def strategies() -> Mapping[str, type[Strategy]]:
    """Every registered strategy, by name (built-in and from entry points)."""
    _load_builtin()
    _load_entry_points()
    return dict(sorted(_STRATEGIES.items()))


def protocols() -> Mapping[str, Callable[..., Any]]:
    """Every registered protocol runner, by name."""
    _load_builtin()
    return dict(sorted(_PROTOCOLS.items()))


def get_protocol(name: str) -> Callable[..., Any]:
    known = protocols()
    if name not in known:
        raise ConfigurationError(f"unknown protocol {name!r}; valid protocols: {', '.join(known)}")
    return known[name]


def _type_text(t: object) -> str:
    return t.__name__ if isinstance(t, type) else str(t).replace("typing.", "")


def _convert(value: str, annotation: object, where: str) -> object:
    hint = _type_text(annotation)
    try:
        if "None" in hint and value.lower() == "none":
            return None
        if "float" in hint:
            return float(value)
        if "int" in hint:
            return int(value)
        if "bool" in hint:
            if value.lower() in {"true", "1", "yes"}:
                return True
            if value.lower() in {"false", "0", "no"}:
                return False
            raise ValueError(value)
    except ValueError:
        raise ConfigurationError(f"{where}: {value!r} is not a valid {hint}") from None
    return value


def _hints(cls: type[Strategy]) -> dict[str, object]:
    try:
        return typing.get_type_hints(cls)
    except NameError:  # a class defined where its annotations cannot be resolved
        return {f.name: f.type for f in dataclasses.fields(cls)}  # type: ignore[arg-type]


def parameters(cls: type[Strategy]) -> dict[str, str]:
    """The parameters of a strategy class and their types, as text."""
    hints = _hints(cls)

    return {
        f.name: _type_text(hints.get(f.name, f.type))
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.init
    }


def make_strategy(spec: str) -> Strategy:
    """Build a strategy from ``name`` or ``name:param=value,param=value``.

    >>> make_strategy("time-dependent:e=0.2")
    TimeDependent(e=0.2, k=0.0, ac_const=None, ac_time=None)
    """
    name, _, rest = spec.strip().partition(":")
    known = strategies()
    if name not in known:
        raise ConfigurationError(f"unknown strategy {name!r}; valid strategies: {', '.join(known)}")
    cls = known[name]
    hints = _hints(cls)
    valid = parameters(cls)
    kwargs: dict[str, object] = {}
    for item in filter(None, (x.strip() for x in rest.split(","))):
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq:
            raise ConfigurationError(
                f"strategy {spec!r}: parameter {item!r} needs the form name=value"
            )
        if key not in valid:
            listed = ", ".join(f"{k} ({t})" for k, t in valid.items()) or "none"
            raise ConfigurationError(
                f"strategy {name!r} has no parameter {key!r}; valid parameters: {listed}"
            )
        kwargs[key] = _convert(value.strip(), hints.get(key), f"strategy {name!r}, {key}")
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ConfigurationError):
            raise
        raise ConfigurationError(f"strategy {spec!r}: {exc}") from None


def assign_strategies(
    scenario: Scenario, given: Mapping[str, Strategy | str] | None = None
) -> dict[str, Strategy]:
    """The strategy of every bargaining party: ``given`` (a strategy or a spec string per
    party id), else the party's default (``Party.strategy``) from the scenario.

    Raises :class:`ConfigurationError` for a party that does not exist or does not bargain,
    and for a bargaining party left without a strategy.
    """
    given = dict(given or {})
    ids = [p.id for p in scenario.parties]
    bargaining = [p for p in scenario.parties if p.bargaining]
    for pid in given:
        if pid not in ids:
            raise ConfigurationError(
                f"strategy given for party {pid!r}, which is not in scenario "
                f"{scenario.id!r}; valid parties: {', '.join(p.id for p in bargaining)}"
            )
        if pid not in {p.id for p in bargaining}:
            raise ConfigurationError(
                f"party {pid!r} does not bargain in scenario {scenario.id!r} (it is a "
                f"{scenario.party(pid).role}); strategies go to: "
                f"{', '.join(p.id for p in bargaining)}"
            )
    out: dict[str, Strategy] = {}
    missing = []
    for p in bargaining:
        spec = given.get(p.id, p.strategy)
        if spec is None:
            missing.append(p.id)
        else:
            out[p.id] = make_strategy(spec) if isinstance(spec, str) else spec
    if missing:
        raise ConfigurationError(
            f"no strategy for {', '.join(missing)}: the scenario names none; give one with "
            f"--strategy PARTY=NAME; valid strategies: {', '.join(strategies())}"
        )
    return out
