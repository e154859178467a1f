"""Reading an input file whole: only a regular file, and never more than a size limit.

Every file the core reads as a whole (texts, spreadsheets, office files, schemes, codebooks,
JSONL) comes through :func:`read_input`. Anything but a regular file (a folder, a FIFO, a
device such as ``/dev/zero``) is refused after ``os.stat``, before it is opened; the open
itself does not block (``O_NONBLOCK``), in case the path became a FIFO in between; and reading
stops one byte past the limit, so an endless or growing input cannot fill memory.
"""
from __future__ import annotations

import os
import stat

from .errors import RefusedFileError

MAX_INPUT_BYTES = 200 * 1024 * 1024
_NONBLOCKING = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def check_input(path, name: str | None = None) -> int:
    """The size of ``path`` if it is a regular file, else a refusal naming ``name``."""
    name = os.fspath(path) if name is None else name
    try:
        info = os.stat(path)
    except OSError as error:
        raise RefusedFileError(f"{name} could not be read ({error.strerror or error}).") from None
    _refuse_irregular(info.st_mode, os.fspath(path))
    return info.st_size


def read_input(path, limit: int | None = None, name: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, refused if they are more than ``limit``."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    name = os.fspath(path) if name is None else name
    size = check_input(path, name)
    if size > limit:
        raise RefusedFileError(too_large(name, size, limit))
    try:
        with open(path, "rb", opener=open_nonblocking) as stream:
            _refuse_irregular(os.fstat(stream.fileno()).st_mode, os.fspath(path))
            data = stream.read(limit + 1)
    except OSError as error:
        raise RefusedFileError(f"{name} could not be read ({error.strerror or error}).") from None
    if len(data) > limit:
        raise RefusedFileError(f"{name} is too large to import (it grew past the limit of "
                               f"{human_size(limit)} while it was read).")
    return data


def open_nonblocking(path, flags: int) -> int:
    """An ``opener`` for :func:`open` that never waits for a FIFO's writer."""
    return os.open(path, flags | _NONBLOCKING)


def _refuse_irregular(mode: int, name: str) -> None:
    """Refuse what is not a regular file, naming it by its whole path (``zero`` alone would
    not say ``/dev/zero``)."""
    if stat.S_ISDIR(mode):
        raise RefusedFileError(f"{name} is a folder, not a file.")
    if not stat.S_ISREG(mode):
        raise RefusedFileError(f"{name} is not a regular file (it is a pipe, socket or device); "
                               "save its contents to a file and use that.")


def too_large(name: str, size: int, limit: int) -> str:
    return f"{name} is too large to import ({human_size(size)}; the limit is {human_size(limit)})."


def human_size(n: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= factor:
            value = n / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} byte" if n == 1 else f"{n} bytes"
