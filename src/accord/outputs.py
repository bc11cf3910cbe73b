"""Files accord writes: every output path is checked before the work starts and written
atomically.

:func:`check_output` refuses, before anything is computed, a path whose folder is missing or
not writable, a path too long for the file system, and anything already there: a device, a
FIFO, a socket or a folder always (accord replaces only regular files), a file or a
symbolic link unless ``--force`` is given. :func:`write_output` and :func:`atomic_output`
then write to a temporary file in the target's own folder, flush it to disk and rename it
over the target, so that a reader never sees half a file and a failed write (a full disk)
leaves what was there. Every command that writes a file goes through them (``accord
convert``, ``copy``, ``report``, ``simulate``, ``ingest``, ``talks checkout``/``export``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from accord.errors import ConfigurationError

#: Longest path accepted, in bytes (Linux's PATH_MAX, less the terminating byte).
MAX_PATH_BYTES = 4095

#: Longest name of one file or folder in a path, in bytes (NAME_MAX of common file systems).
MAX_NAME_BYTES = 255

_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def check_output(
    path: Path | str, *, force: bool = False, flag: str = "-o", create_folder: bool = False
) -> Path:
    """``path`` as a file accord may write, checked before any work: its folder exists and
    is writable, it is not too long, and nothing is there unless ``force`` (and then only a
    regular file or a symbolic link, which the write replaces: never a device, FIFO, socket
    or folder). ``create_folder``: a missing folder is the caller's to create (``accord
    copy -o mine/talks.yaml``); the nearest existing one must be a writable folder. Raises
    :class:`~accord.errors.ConfigurationError` naming ``flag`` and the fix."""
    text = str(path)
    if not text.strip():
        raise ConfigurationError(f"{flag}: give a file name (got an empty path)")
    shown = text if len(text) <= 120 else text[:60] + "…" + text[-40:]
    raw = os.fsencode(text)
    if len(raw) > MAX_PATH_BYTES or any(len(p) > MAX_NAME_BYTES for p in raw.split(b"/")):
        raise ConfigurationError(
            f"{flag} {shown!r}: the path is {len(raw):,} bytes long; file systems take at most "
            f"{MAX_PATH_BYTES:,} bytes in a path and {MAX_NAME_BYTES} in one name: choose a "
            "shorter one"
        )
    p = Path(text)
    folder = p.parent
    if create_folder:
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            raise ConfigurationError(f"{flag} {shown!r}: {str(folder)!r} is not a folder")
    if not folder.is_dir():
        raise ConfigurationError(
            f"{flag} {shown!r}: the folder {str(folder)!r} does not exist; create it first "
            "or choose another path"
        )
    try:
        st = p.lstat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ConfigurationError(
            f"{flag} {shown!r}: cannot use the path ({exc.strerror})"
        ) from None
    if st is not None:
        for test, kind in _KINDS:
            if test(st.st_mode):
                raise ConfigurationError(
                    f"{flag} {shown!r} is {kind}, not a file; accord writes only regular "
                    "files (never over a device, a pipe or a folder): choose another path"
                )
        if not force:
            what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "a file"
            raise ConfigurationError(
                f"{flag} {shown!r}: {what} is already there; pass --force to replace it, or "
                "choose another path"
            )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigurationError(
            f"{flag} {shown!r}: the folder {str(folder)!r} is not writable; choose another path"
        )
    return p


def check_output_folder(path: Path | str, *, force: bool = False, flag: str = "-o") -> Path:
    """``path`` as a folder accord may write files into (GENIUS, GeniusWeb, figures),
    checked before any work: a new folder in an existing one, or an existing folder that is
    empty (any folder with ``force``); a file, device or link to one there is refused."""
    text = str(path)
    if not text.strip():
        raise ConfigurationError(f"{flag}: give a folder name (got an empty path)")
    p = Path(text)
    if p.is_dir():
        if not force and any(p.iterdir()):
            raise ConfigurationError(
                f"{flag} {text!r}: the folder is not empty; pass --force to write into it, or "
                "choose another folder"
            )
        if not os.access(p, os.W_OK | os.X_OK):
            raise ConfigurationError(f"{flag} {text!r}: the folder is not writable")
        return p
    if p.is_symlink() or p.exists():
        raise ConfigurationError(
            f"{flag} {text!r}: something that is not a folder is there; give a folder"
        )
    check_output(p, force=False, flag=flag)  # the folder it goes in, the path's length
    return p


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """A temporary path in ``path``'s folder (with its suffix, for writers that choose a
    format by it) to write to; on success it is flushed to disk and renamed over ``path``,
    on failure removed. An :class:`OSError` (a full disk, a read-only file system) becomes a
    :class:`~accord.errors.ConfigurationError` naming the path; ``path`` is left as it was.
    Check ``path`` first with :func:`check_output`."""
    target = Path(path)
    try:
        # hidden, in the target's folder (a rename never crosses file systems), and ending in
        # the target's suffix: matplotlib and pyarrow choose the format by it
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.stem[:100]}.part-", suffix=target.suffix
        )
    except OSError as exc:
        raise _write_error(target, exc) from None
    os.close(fd)
    tmp = Path(name)
    mask = os.umask(0o022)
    os.umask(mask)
    with contextlib.suppress(OSError):  # mkstemp's 0600: the permissions a new file gets
        tmp.chmod(0o666 & ~mask)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:  # noqa: PTH123 - an fsync needs the descriptor
            os.fsync(fh.fileno())
        tmp.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _write_error(target, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_output(path: Path | str, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically (:func:`atomic_output`)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(path) as tmp:
        tmp.write_bytes(raw)
    return Path(path)


def _write_error(target: Path, exc: OSError) -> ConfigurationError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason += "; free some space or write elsewhere"
    return ConfigurationError(f"cannot write {str(target)!r}: {reason}; nothing was replaced")
