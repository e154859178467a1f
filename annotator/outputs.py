"""Every file annotator writes for the user goes through here: exports, agreement reports,
codebooks, coder packages, Save a Copy.

- A project is never replaced: neither a file whose header says it is an annotator project
  (read as :mod:`annotator.store` reads it) nor a project open in this process (same file).
- Only an ordinary file is replaced. A symlink is followed: the file it points to is written
  (and checked like any other target), the link stays. A folder, pipe, device or socket is
  refused, never swapped for a file.
- The data goes to a temporary file beside the target, is flushed to disk and renamed into
  place, so a crash never leaves half a file under the name the user gave.
- The file gets the permissions of any new file: 0666 less the umask.
- Spreadsheet cells that would run as a formula are neutralised (:func:`neutralise`), in every
  cell of every CSV and XLSX file, unless the user asks for raw values.
"""
from __future__ import annotations

import contextlib
import csv
import os
import secrets
import shutil
import stat
from pathlib import Path
from typing import Iterator, Optional

from .display import shown
from .errors import OutputRefusedError, WriteFailedError
from .store import is_project_header, open_paths, read_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """Prefix a text cell that starts like a formula with an apostrophe (OWASP CSV injection
    advice); numbers, None and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """``csv.writer`` whose every cell, header rows included, is neutralised unless ``raw``."""

    def __init__(self, stream, raw: bool = False):
        self._writer, self._raw = csv.writer(stream), raw

    def writerow(self, row) -> None:
        self._writer.writerow(row if self._raw else [neutralise(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def output_target(path, folder: bool = False) -> Path:
    """The file (or, with ``folder``, the folder) that writing ``path`` creates or replaces,
    symlinks followed; :class:`OutputRefusedError` if it must not be written."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise OutputRefusedError(f"The folder {shown(path.parent)} does not exist.")
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise OutputRefusedError(f"{shown(path)} cannot be written ({error.strerror}).") from None
    if stat.S_ISREG(mode):
        _check_not_a_project(path, target)
    _check_kind(path, mode, folder)
    return target


def _check_kind(path: Path, mode: int, folder: bool) -> None:
    if folder and not stat.S_ISDIR(mode):
        raise OutputRefusedError(f"{shown(path)} is a file, not a folder; give a folder to write into.")
    if not folder and stat.S_ISDIR(mode):
        raise OutputRefusedError(f"{shown(path)} is a folder; give a file name to write.")
    if not folder and not stat.S_ISREG(mode):
        raise OutputRefusedError(f"{shown(path)} is not an ordinary file (it is a pipe, device or socket); "
                                 "annotator writes only ordinary files.")


def _check_not_a_project(path: Path, target: Path) -> None:
    if any(_same_file(target, open_path) for open_path in open_paths()):
        raise OutputRefusedError(f"{shown(path)} is the project that is open; choose another file name.")
    try:
        header = read_header(target)[1]
    except OSError as error:
        raise OutputRefusedError(f"{shown(path)} cannot be read ({error.strerror}), so it was not replaced.") from None
    if is_project_header(header):
        raise OutputRefusedError(f"{shown(path)} is an annotator project; annotator never writes over a project, "
                                 "so choose another file name.")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def replace_into(temporary: Path, path) -> Path:
    """Rename a finished ``temporary`` file onto ``path`` after checking the target again."""
    target = output_target(path)
    os.replace(temporary, target)
    return target


def _temporary(target: Path) -> tuple[int, Path]:
    """A new file beside ``target`` with the permissions of any new file (0666 less the umask;
    ``mkstemp`` would make it 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = _beside(target)
        with contextlib.suppress(FileExistsError), _refused_if_unwritable(target):
            return os.open(temporary, flags, 0o666), temporary


def new_temporary_file(target: Path) -> Path:
    """An empty new file beside ``target`` (0666 less the umask), for a writer that opens it
    by name (SQLite); the caller removes it if it fails."""
    handle, temporary = _temporary(target)
    os.close(handle)
    return temporary


def temporary_folder(target: Path) -> Path:
    """A new folder beside ``target`` with the permissions of any new folder (0777 less the
    umask; ``mkdtemp`` would make it 0700)."""
    while True:
        temporary = _beside(target)
        with contextlib.suppress(FileExistsError), _refused_if_unwritable(target):
            os.mkdir(temporary, 0o777)
            return temporary


@contextlib.contextmanager
def new_folder(out, what: str) -> Iterator[Path]:
    """A temporary folder to fill, renamed to ``out`` (which must be new or an empty folder)
    only when the block succeeds; removed, with what was written, when it fails."""
    target = output_target(out, folder=True)  # symlinks followed; never a file, project or pipe
    if target.exists() and any(target.iterdir()):
        raise OutputRefusedError(f"{shown(out)} is not an empty folder; {what} needs a new or empty folder.")
    temp = temporary_folder(target)
    try:
        yield temp
        if target.exists():
            target.rmdir()
        os.replace(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


@contextlib.contextmanager
def _refused_if_unwritable(target: Path) -> Iterator[None]:
    """The folder of ``target`` refuses a new entry (permissions, a read-only disk): one sentence."""
    try:
        yield
    except FileExistsError:
        raise
    except OSError as error:
        raise OutputRefusedError(f"Nothing can be written in the folder {shown(target.parent)} "
                                 f"({error.strerror}), so {shown(target.name)} was not written.") from None


def _beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")


@contextlib.contextmanager
def atomic_output(path, mode: str = "w", **kwargs) -> Iterator:
    """A stream to a temporary file beside ``path``, checked and renamed into place only when
    the block succeeds."""
    handle, temporary = _temporary(output_target(path))
    try:
        with os.fdopen(handle, mode, **kwargs) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        replace_into(temporary, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError) and error.filename in (None, os.fspath(temporary)):  # the stream's: a full disk
            raise WriteFailedError(f"{shown(path)} could not be written ({error.strerror or error}); "
                                   "nothing was written under that name.") from None
        raise


def write_atomically(path, data: bytes) -> None:
    with atomic_output(path, "wb") as stream:
        stream.write(data)


def write_text_atomically(path, text: str, newline: Optional[str] = "\n") -> None:
    with atomic_output(path, "w", encoding="utf-8", newline=newline) as stream:
        stream.write(text)
