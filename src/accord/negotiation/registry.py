"""The registries of strategies and protocols, and the ``name:param=value,...`` spec syntax.

Both are :class:`accord.registry.Registry` instances. Strategies register with
:func:`register_strategy` (a class decorator, Axelrod/OpenSpiel style); protocols with
:func:`register_protocol`, with their metadata (:class:`ProtocolInfo`). The built-ins are
declared in accord's own ``pyproject.toml`` under the entry-point groups
``accord.strategies`` and ``accord.protocols``, where third-party packages add theirs
(each strategy entry point names a :class:`~accord.negotiation.strategy.Strategy`
subclass, registered under the entry point's name); they are also imported by module name
on first use, so a plain checkout works without installed metadata. A taken name is never
replaced (see :mod:`accord.registry`).
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final, NewType, TypeVar

from accord.errors import ConfigurationError
from accord.model import Scenario
from accord.negotiation.strategy import Strategy
from accord.registry import Registry, described

S = TypeVar("S", bound=type[Strategy])
F = TypeVar("F", bound=Callable[..., Any])

ENTRY_POINT_GROUP = "accord.strategies"
PROTOCOL_GROUP = "accord.protocols"

#: A protocol's registered name. Compare protocols through these constants, never through
#: string literals spelled again elsewhere.
ProtocolName = NewType("ProtocolName", str)
ALTERNATING: Final = ProtocolName("alternating-offers")
SINGLE_TEXT: Final = ProtocolName("single-text")
#: What an entry point is given to simulate nothing: the zone of agreement (and what the
#: analysis derives from it) only (``accord sweep --protocol none``). Never a protocol's name.
ANALYSIS_ONLY: Final = "none"


@dataclasses.dataclass(frozen=True, slots=True)
class ProtocolInfo:
    """A negotiation protocol: its name, its runner, what it is and where it comes from.

    ``run(compiled, strategies, schedule, rng=None, **options)`` returns a
    :class:`~accord.negotiation.transcript.Transcript`; ``options`` are the runner's
    keyword-only parameters."""

    name: ProtocolName
    run: Callable[..., Any]
    title: str = ""
    references: tuple[str, ...] = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run the protocol (``run(*args, **kwargs)``)."""
        return self.run(*args, **kwargs)

    @property
    def options(self) -> tuple[str, ...]:
        """The runner's keyword-only options."""
        params = inspect.signature(self.run).parameters.values()
        return tuple(p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY)


def _check_strategy(name: str, item: object) -> type[Strategy]:
    if not (isinstance(item, type) and issubclass(item, Strategy)):
        raise ConfigurationError(f"strategy {name!r}: {item!r} is not a Strategy subclass")
    if not dataclasses.is_dataclass(item):
        raise ConfigurationError(f"strategy {name!r}: {item.__name__} must be a dataclass")
    return item


STRATEGIES: Registry[type[Strategy]] = Registry(
    "strategy",
    plural="strategies",
    group=ENTRY_POINT_GROUP,
    builtins=("accord.negotiation.strategies",),
    check=_check_strategy,
)
PROTOCOLS: Registry[ProtocolInfo] = Registry(
    "protocol",
    group=PROTOCOL_GROUP,
    builtins=("accord.negotiation.alternating", "accord.negotiation.single_text"),
    check=described(
        "protocol",
        ProtocolInfo,
        lambda name, fn: ProtocolInfo(ProtocolName(name), fn, fn.__doc__ or ""),
    ),
)


def register_strategy(name: str) -> Callable[[S], S]:
    """Class decorator: register a strategy under ``name`` (its ``meta.name``); a taken
    name is refused."""

    def deco(cls: S) -> S:
        _check_strategy(name, cls)
        meta = getattr(cls, "meta", None)
        if meta is None or meta.name != name:
            raise ConfigurationError(
                f"strategy {name!r}: {cls.__name__}.meta.name must be {name!r}"
            )
        STRATEGIES.add(name, cls)
        return cls

    return deco


def register_protocol(
    name: ProtocolName | str, *, title: str = "", references: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Decorator: register a protocol runner under ``name`` with its metadata; a taken
    name is refused."""

    def deco(fn: F) -> F:
        PROTOCOLS.add(name, ProtocolInfo(ProtocolName(name), fn, title, references))
        return fn

    return deco


def strategies() -> Mapping[str, type[Strategy]]:
    """Every registered strategy, by name (built-in and from entry points)."""
    return STRATEGIES.snapshot()


def protocols() -> Mapping[str, ProtocolInfo]:
    """Every registered protocol, by name."""
    return PROTOCOLS.snapshot()


def protocol_info(name: str) -> ProtocolInfo:
    """The protocol ``name``; :class:`ConfigurationError` listing the valid ones otherwise."""
    return PROTOCOLS.get(name)


def get_protocol(name: str) -> Callable[..., Any]:
    """The runner of protocol ``name``."""
    return protocol_info(name).run


def default_protocol(scenario: Scenario) -> ProtocolName:
    """The protocol a scenario is run under when none is asked for: the one the scenario
    names (``Scenario.protocol``), else alternating offers (Rubinstein 1982), which every
    strategy can play. Simulation, sweeps, the report, the record and the dashboard all
    default through this one rule (see ``docs/simulation.md``).

    >>> import dataclasses
    >>> from accord.io import load_scenario
    >>> sc = load_scenario("geneva-2026")
    >>> default_protocol(dataclasses.replace(sc, protocol=None))
    'alternating-offers'
    >>> default_protocol(dataclasses.replace(sc, protocol="single-text"))
    'single-text'
    """
    return ProtocolName(scenario.protocol) if scenario.protocol else ALTERNATING


def choose_protocol(scenario: Scenario, asked: str | None = None) -> ProtocolName | None:
    """The protocol an entry point (``accord sweep``, ``accord talks sweep``, the HTTP API,
    the dashboard) runs ``scenario`` under, given what the user ``asked``:
    :func:`default_protocol` when nothing was asked (None or an empty string), None for
    :data:`ANALYSIS_ONLY` (``"none"``, any case: analyse the zone of agreement only,
    simulate nothing), else the registered protocol named, checked
    (:class:`ConfigurationError` listing the valid names otherwise).

    >>> from accord.io import load_scenario
    >>> sc = load_scenario("geneva-2026")
    >>> choose_protocol(sc, "none") is None
    True
    >>> choose_protocol(sc, "single-text")
    'single-text'
    """
    if asked is None or not asked.strip():
        return default_protocol(scenario)
    if asked.strip().lower() == ANALYSIS_ONLY:
        return None
    return protocol_info(asked.strip()).name


def _type_text(t: object) -> str:
    return t.__name__ if isinstance(t, type) else str(t).replace("typing.", "")


def _convert(value: str, annotation: object, where: str) -> object:
    hint = _type_text(annotation)
    invalid = ConfigurationError(
        f"{where}: {value!r} is not a valid {hint}"
        + (" (a finite number)" if "float" in hint else "")
    )
    if "None" in hint and value.lower() == "none":
        return None
    try:
        if "float" in hint:
            x = float(value)
        elif "int" in hint:
            return int(value)
    except ValueError:
        raise invalid from None
    if "float" in hint:
        if not math.isfinite(x):
            raise invalid
        return x
    if "bool" in hint:
        if value.lower() in {"true", "1", "yes"}:
            return True
        if value.lower() in {"false", "0", "no"}:
            return False
        raise invalid
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
