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
