"""The accord error hierarchy.

Every error a user can cause derives from :class:`AccordError`; the command line turns it
into a one-paragraph message and exit code 2. Messages name the bad value, where it was
(file, line, path such as ``parties[1].red_lines[0].issue``) and what would be valid.
"""

from __future__ import annotations


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


class SpaceTooLargeError(AccordError, ValueError):
    """The outcome space exceeds the in-memory limit and streaming was not asked for."""


class ProtocolViolation(AccordError, RuntimeError):
    """A negotiator did something its protocol does not allow."""


class ConfigurationError(AccordError, ValueError):
    """A command-line or API option is invalid (unknown strategy, rounds <= 0, ...)."""


class AccordWarning(UserWarning):
    """Legal but suspect input, such as weights that do not sum to one."""


class MissingExtraError(AccordError, ImportError):
    """An optional part of accord is used without its extra (``pip install accord[x]``)."""


class RecordError(AccordError, ValueError):
    """The talks record (database) cannot do what was asked: bad reference, bad contents,
    a schema newer than this accord, a quote not found in its source."""


class StaleParentError(RecordError):
    """A commit names a parent that is no longer the latest version: someone committed first."""


class BudgetExceeded(AccordError, RuntimeError):
    """A computation ran past the time budget it was given (``seconds``)."""

    def __init__(self, message: str, *, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(message)
