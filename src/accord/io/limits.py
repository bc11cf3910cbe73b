"""Size limits and the bounded file read shared by accord's own reader and the foreign ones
(kept apart from them so that reading a GENIUS folder imports neither the accord format's
schema nor PyYAML)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from accord.errors import ScenarioError

#: Scenario files larger than this are refused (bytes).
MAX_FILE_BYTES = 10 * 1024 * 1024

#: Digits an integer written in a scenario (or any file accord reads) may have: far past
#: any count, seed or date a scenario holds, far below the 4,300 digits past which Python
#: refuses to convert text to an integer (``sys.set_int_max_str_digits``).
MAX_INT_DIGITS = 100

#: Options one issue may have (a grid, a GENIUS integer issue, a GeniusWeb range...).
MAX_OPTIONS_PER_ISSUE = 100_000


def read_limited(
    path: Path,
    max_bytes: int = MAX_FILE_BYTES,
    *,
    error: type[ScenarioError] = ScenarioError,
    what: str = "scenario files",
) -> bytes:
    """The bytes of ``path``, read with a bounded read: missing files, folders, devices,
    FIFOs and sockets are refused before anything is read (a symbolic link is judged by
    what it points to), and a file over ``max_bytes`` is refused whatever its declared
    size."""
    name = str(path)
    try:
        st = Path(path).stat()
    except FileNotFoundError:
        raise error("no such file", file=name) from None
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}", file=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise error("is a folder, not a file", file=name)
    if not stat.S_ISREG(st.st_mode):
        raise error(
            "is not a regular file (a device, FIFO or socket); accord reads only regular files",
            file=name,
        )
    if st.st_size > max_bytes:
        raise error(
            f"the file is {st.st_size:,} bytes, over the limit of {max_bytes:,} bytes for {what}",
            file=name,
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}", file=name) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise error("is not a regular file; accord reads only regular files", file=name)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}", file=name) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise error(f"the file is over the limit of {max_bytes:,} bytes for {what}", file=name)
    return data


def inside_folder(folder: Path, name: str, *, what: str = "a source file") -> Path:
    """``folder / name``, refused unless it stays inside ``folder`` once symbolic links are
    resolved: a scenario may have been written by someone else, and nothing it names (a
    source file, a file a checkout writes) may be read or written outside its own folder.
    ``name`` must be a relative path; ``..`` that climbs out, an absolute path or a link
    pointing elsewhere is refused with a :class:`ScenarioError` (a ``ValueError``) naming
    the fix."""
    if not name or "\x00" in name:
        raise ScenarioError(f"{what} {name!r} is not a file name")
    base = Path(folder).resolve()
    rel = Path(name)
    hint = f"copy the file into {str(base)!r} (or a folder below it) and name it relative to it"
    if rel.is_absolute() or rel.drive:
        raise ScenarioError(f"{what} {name!r} is an absolute path; {hint}")
    try:
        target = (base / rel).resolve()
    except (OSError, RuntimeError) as exc:  # a symbolic link loop
        raise ScenarioError(f"{what} {name!r} cannot be resolved ({exc}); {hint}") from None
    if not target.is_relative_to(base):
        raise ScenarioError(
            f"{what} {name!r} lies outside the scenario's folder (symbolic links resolved); "
            f"accord reads nothing a scenario names outside its own folder: {hint}"
        )
    return target


class HugeInteger(ValueError):
    """An integer written with more than :data:`MAX_INT_DIGITS` digits (``digits`` of them),
    refused before it is converted."""

    def __init__(self, digits: int) -> None:
        self.digits = digits
        super().__init__(too_many_digits(digits))


def too_many_digits(digits: int) -> str:
    """The one line refusing an integer of ``digits`` digits, naming the bound."""
    return (
        f"an integer of {digits:,} digits, over the limit of {MAX_INT_DIGITS} digits for "
        "numbers accord reads; write a smaller number"
    )


def bounded_int(text: str) -> int:
    """``int(text)`` for JSON's ``parse_int`` hook, refusing (:class:`HugeInteger`) an
    integer of more than :data:`MAX_INT_DIGITS` digits before converting it."""
    digits = len(text.lstrip("+-"))
    if digits > MAX_INT_DIGITS:
        raise HugeInteger(digits)
    return int(text)
