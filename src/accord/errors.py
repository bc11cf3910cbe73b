"""The accord error hierarchy.

Every error a user can cause derives from :class:`AccordError`; the command line turns it
into a one-paragraph message and exit code 2. Messages name the bad value, where it was
(file, line, path such as ``parties[1].red_lines[0].issue``) and what would be valid.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class AccordError(Exception):
    """Base class of every error accord raises on bad input or bad use."""


class ScenarioError(AccordError, ValueError):
    """A scenario (file or object) is invalid.

    Parameters
    ----------
    message
        What is wrong and what would be valid.
    file
        The file it came from, if any.
    line
        The 1-based line in that file, if known.
    path
        The location inside the document, such as ``parties[1].red_lines[0].issue``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file + (f":{self.line}" if self.line else ""))
        elif self.line:
            where.append(f"line {self.line}")
        if self.path:
            where.append(self.path)
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class FormatError(ScenarioError):
    """A file in a foreign format (GENIUS, GeniusWeb, NegMAS, KTAB, decide) is malformed."""

    @classmethod
    def of(cls, exc: ScenarioError) -> FormatError:
        """``exc`` (from the YAML/JSON reader under a foreign format) as a
        :class:`FormatError` with the same message, file, line and path; ``exc`` itself when
        it is one already.

        >>> str(FormatError.of(ScenarioError("malformed YAML", file="a.yml", line=3)))
        'a.yml:3: malformed YAML'
        """
        if isinstance(exc, FormatError):
            return exc
        return cls(exc.message, file=exc.file, line=exc.line, path=exc.path)


class SpaceTooLargeError(AccordError, ValueError):
    """The outcome space exceeds the in-memory limit and streaming was not asked for."""


class ProtocolViolation(AccordError, RuntimeError):
    """A negotiator did something its protocol does not allow."""


class ConfigurationError(AccordError, ValueError):
    """A command-line or API option is invalid (unknown strategy, rounds <= 0, ...)."""


class ArgumentTypeError(ConfigurationError, TypeError):
    """A library function or result type was given an argument of the wrong type (a dict
    where a :class:`~accord.negotiation.transcript.Transcript` belongs); a ``TypeError`` too,
    as Python's own would be."""


class AccordWarning(UserWarning):
    """Legal but suspect input, such as weights that do not sum to one."""


class MissingExtraError(AccordError, ImportError):
    """An optional part of accord is used without its extra (``pip install accord[x]``).
    Raised by :func:`require_extra`, whose message is one line naming the extra."""


class RecordError(AccordError, ValueError):
    """The talks record (database) cannot do what was asked: bad reference, bad contents,
    a schema newer than this accord, a quote not found in its source."""


class StaleParentError(RecordError):
    """A commit names a parent that is no longer the latest version: someone committed first."""


class BudgetExceeded(AccordError, RuntimeError):
    """A computation ran past the time or memory budget it was given: an analysis past
    ``Limits.time_budget``, a dashboard request past the server's budget per request (an
    HTTP 503). ``seconds`` is the time budget it ran past, None when it was memory."""

    def __init__(self, message: str, *, seconds: float | None = None) -> None:
        self.seconds = seconds
        super().__init__(message)


# the import name of each optional dependency -> the extra that installs it
EXTRAS: dict[str, str] = {
    "fastapi": "web",
    "uvicorn": "web",
    "python_multipart": "web",
    "jinja2": "report",
    "matplotlib": "report",
    "scipy": "sweep",
    "ortools": "solver",
    "pyarrow": "parquet",
    "pandas": "frame",
    "distributed": "distributed",
    "dask": "distributed",
    "sqlalchemy": "db",
    "alembic": "db",
    "psycopg": "db",
}


def require_extra(module: str, feature: str, extra: str | None = None) -> ModuleType:
    """Import ``module`` (an optional dependency) or raise :class:`MissingExtraError`, whose
    one-line message names the extra to install: ``require_extra("pyarrow", "writing
    Parquet")`` -> ``writing Parquet needs the 'parquet' extra: pip install
    'accord[parquet]'``. ``extra`` defaults to the one :data:`EXTRAS` lists for the
    top-level package of ``module``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".", maxsplit=1)[0]
        missing = (exc.name or "").split(".")[0]
        if missing and missing != top and missing not in EXTRAS:
            raise  # the package is there but broken: not a missing extra
        extra = extra or EXTRAS.get(top, top)
        raise MissingExtraError(
            f"{feature} needs the '{extra}' extra: pip install 'accord[{extra}]'"
        ) from None


class ParameterError(ConfigurationError):
    """A library parameter out of range, named as the library names it (``workers must
    be > 0``); the command line names the flag instead (:meth:`for_flag`).

    >>> e = ParameterError("chunk", "must be > 0, got 0")
    >>> str(e), e.for_flag("--chunk-size")
    ('chunk must be > 0, got 0', '--chunk-size must be > 0, got 0')
    """

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter} {message}")

    def for_flag(self, flag: str | None = None) -> str:
        """The message with the command-line flag (default ``--`` and the parameter with
        dashes) in place of the parameter."""
        return f"{flag or '--' + self.parameter.replace('_', '-')} {self.message}"
