"""One generic registry of named plug-ins: strategies, protocols, forecasting models.

A :class:`Registry` holds items by name. Items arrive three ways, all through
:meth:`Registry.add`:

* a decorator or a call in the module that defines them;
* the entry points of the registry's group (``accord.strategies``, ``accord.protocols``,
  ``accord.forecast_models``), read from installed package metadata; accord declares its
  own built-ins there, and third-party packages add theirs the same way;
* the built-in modules the registry is told about by name, imported on first use, so that
  a plain checkout run with ``PYTHONPATH=src`` (no installed metadata) has them too.

This module imports none of them: loading is lazy (on the first lookup) and by module
name, so there is no import cycle between a registry and what registers in it.

A name is taken once. Registering a different item under a taken name is refused
(:class:`~accord.errors.ConfigurationError`); registering the same item again (the same
object or the same ``run``, or one of the same module and qualified name after a reload)
is a no-op. An
entry point whose name is taken by something else is skipped with a warning that names
both: a plug-in never replaces a built-in.

>>> r: Registry[int] = Registry("number")
>>> r.add("one", 1)
1
>>> r.add("one", 2)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
accord.errors.ConfigurationError: number 'one' is already registered (1); a second ...
>>> r.get("two")
Traceback (most recent call last):
...
accord.errors.ConfigurationError: unknown number 'two'; valid numbers: one
"""

from __future__ import annotations

import importlib
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata
from typing import Generic, TypeVar

from accord.errors import AccordWarning, ConfigurationError

T = TypeVar("T")


def _same(a: object, b: object) -> bool:
    # an item may wrap what it registers (a model's or a protocol's ``run``)
    a, b = getattr(a, "run", a), getattr(b, "run", b)
    if a is b:
        return True
    # a module executed again (a reload, an example run twice) re-creates its objects
    key = ("__module__", "__qualname__")
    return all(getattr(a, k, None) is not None for k in key) and all(
        getattr(a, k) == getattr(b, k, None) for k in key
    )


def described(
    kind: str, info: type[T], wrap: Callable[[str, Callable[..., object]], T]
) -> Callable[[str, object], T]:
    """A ``check`` for a registry of metadata records (``info``, with a ``name``): a
    record must carry the name it is registered under; a bare function is wrapped into
    one by ``wrap(name, function)`` (an entry point may name either).

    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Info:
    ...     name: str
    ...     run: object
    >>> check = described("model", Info, lambda name, fn: Info(name, fn))
    >>> check("x", len).name, check("x", Info("x", len)).run is len
    ('x', True)
    """

    def check(name: str, item: object) -> T:
        if isinstance(item, info):
            held = getattr(item, "name", name)
            if held != name:
                raise ConfigurationError(f"{kind} {name!r}: its record is named {held!r}")
            return item
        if callable(item):
            return wrap(name, item)
        raise ConfigurationError(f"{kind} {name!r}: {item!r} is neither a function nor a record")

    return check


class Registry(Generic[T], Mapping[str, T]):
    """Named items of one kind.

    Parameters
    ----------
    kind
        What an item is, for messages ("strategy", "protocol").
    group
        The entry-point group to read, if any.
    builtins
        Modules (dotted names) that register the built-in items when imported.
    check
        Called as ``check(name, item)`` on every item; returns the item to hold (it may
        convert it) or raises :class:`ConfigurationError`.
    plural
        The plural of ``kind`` (default: ``kind + "s"``).
    """

    def __init__(
        self,
        kind: str,
        *,
        group: str | None = None,
        builtins: tuple[str, ...] = (),
        check: Callable[[str, object], T] | None = None,
        plural: str | None = None,
    ) -> None:
        self.kind = kind
        self.plural = plural or kind + "s"
        self.group = group
        self.builtins = builtins
        self._check = check
        self._items: dict[str, T] = {}
        self._loaded = False
        self._loading = threading.RLock()

    # -- registration -----------------------------------------------------------------
    def add(self, name: str, item: object) -> T:
        """Register ``item`` under ``name``; refuses a taken name (see the module doc).

        A registration from outside accord loads the built-ins first, so that a built-in
        name is always held by the built-in, whatever is imported first."""
        origin = getattr(getattr(item, "run", item), "__module__", None) or ""
        if not self._loaded and not origin.startswith("accord."):
            self.load()
        held = self._items.get(name)
        if held is not None and _same(held, item):
            return held  # the item held, read again (accord's own entry points): checked
        value: T = self._check(name, item) if self._check is not None else item  # type: ignore[assignment]
        if held is not None:
            if _same(held, value):
                return held
            raise ConfigurationError(
                f"{self.kind} {name!r} is already registered ({_describe(held)}); a second "
                f"registration ({_describe(value)}) is refused"
            )
        self._items[name] = value
        return value

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator form of :meth:`add`."""

        def deco(item: T) -> T:
            self.add(name, item)
            return item

        return deco

    def remove(self, name: str) -> None:
        """Drop ``name`` (for tests and interactive use)."""
        self._items.pop(name, None)

    # -- loading ----------------------------------------------------------------------
    def load(self) -> None:
        """Import the built-in modules and read the entry points (once)."""
        if self._loaded:
            return
        with self._loading:
            if self._loaded:
                return
            self._loaded = True
            for module in self.builtins:
                importlib.import_module(module)
            if self.group is not None:
                self._load_entry_points(self.group)

    def _load_entry_points(self, group: str) -> None:
        for ep in metadata.entry_points(group=group):
            try:
                item = ep.load()
            except Exception as exc:  # a broken plug-in must not take the others down
                warnings.warn(
                    f"entry point {ep.name!r} of group {group!r} could not be loaded: {exc}",
                    AccordWarning,
                    stacklevel=2,
                )
                continue
            try:
                self.add(ep.name, item)
            except ConfigurationError as exc:
                warnings.warn(
                    f"entry point {ep.name!r} of group {group!r} skipped: {exc}",
                    AccordWarning,
                    stacklevel=2,
                )

    # -- lookup -----------------------------------------------------------------------
    def get(self, name: str) -> T:  # type: ignore[override]
        """The item ``name``; an error listing the valid names otherwise."""
        self.load()
        try:
            return self._items[name]
        except KeyError:
            valid = ", ".join(sorted(self._items)) or "none"
            raise ConfigurationError(
                f"unknown {self.kind} {name!r}; valid {self.plural}: {valid}"
            ) from None

    def __getitem__(self, name: str) -> T:
        self.load()
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        self.load()
        return iter(sorted(self._items))

    def __len__(self) -> int:
        self.load()
        return len(self._items)

    def __contains__(self, name: object) -> bool:
        self.load()
        return name in self._items

    def snapshot(self) -> dict[str, T]:
        """Every item by name, sorted."""
        self.load()
        return dict(sorted(self._items.items()))


def _describe(item: object) -> str:
    module = getattr(item, "__module__", None)
    name = getattr(item, "__qualname__", None)
    if module and name:
        return f"{module}.{name}"
    return repr(item)
