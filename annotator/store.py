"""The project file: opening, checking, transactions.

One SQLite file per study, in rollback-journal mode (``journal_mode=DELETE``) with
``synchronous=FULL``: a change is on disk when its call returns, a crash leaves a hot
journal that SQLite rolls back on the next open, and a closed project is one file with no
``-wal``/``-shm`` side files that a user could forget to copy. Every write runs in
``BEGIN IMMEDIATE`` so that two processes on one file queue up (``busy_timeout``) instead of
deadlocking or overwriting each other.

Before SQLite touches a file we read its 100-byte header ourselves: a file that is not
SQLite, not ours (``application_id``), written by a newer version (``user_version``) or
visibly truncated is refused without being opened for writing, so it stays byte-for-byte
as it was.

Opening only reads (an up-to-date file takes no write lock). A file that we may not write
(``writable``: the file or its folder, where the journal goes) is opened with SQLite's
``mode=ro``, and every write is refused with one sentence. Before the first write of a
session (and before package, merge and export: ``check_intact``) SQLite's ``quick_check``
runs once; a damaged file is never written, and the message says how to save what is
readable (``annotator copy``, File › Save a Copy As…).
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import sqlite3
import stat
import struct
import threading
import weakref
from pathlib import Path
from typing import Iterator, Optional

import sqlite_utils

from .errors import (
    AnnotatorError,
    DamagedProjectError,
    NewerVersionError,
    NotAProjectError,
    ProjectLockedError,
    ReadOnlyProjectError,
    WriteFailedError,
)
from .migrations import APPLICATION_ID, SCHEMA_VERSION, migrate, needs_migration

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
_OPEN: "weakref.WeakSet[Store]" = weakref.WeakSet()  # worker threads open stores too: _OPEN_LOCK
_OPEN_LOCK = threading.Lock()


def open_paths() -> list[Path]:
    """The project files open in this process (an output never replaces one of them)."""
    with _OPEN_LOCK:
        return [store.path for store in list(_OPEN)]


def read_header(path: Path) -> tuple[int, bytes]:
    """The file's size and first 100 bytes (fewer if it is shorter); OSError as the OS says."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        return size, handle.read(100)


def is_project_header(header: bytes) -> bool:
    """True if ``header`` starts an annotator project: SQLite, with our ``application_id``."""
    return len(header) >= 72 and header.startswith(SQLITE_MAGIC) and _application_id(header) == APPLICATION_ID


def _application_id(header: bytes) -> int:
    return struct.unpack(">I", header[68:72])[0]
DAMAGE_CODES = (11, 26)      # SQLITE_CORRUPT, SQLITE_NOTADB
WRITE_FAILED_CODES = (10, 13)  # SQLITE_IOERR, SQLITE_FULL (the disk is full)
COPY_ADVICE = ("save what is readable with `annotator copy {name} -o recovered.annot` (in the app: File › Save a "
               "Copy As…) and work on the copy.")
RECOVER_ADVICE = ("SQLite's recovery may still save some of it: sqlite3 {name} .recover | sqlite3 "
                  "recovered.annot.")
BACKUP_ADVICE = "restore the file from a backup (a copy would keep the damage)."


def check_header(path: Path) -> int:
    """Read the file header; return its schema version or raise a user-facing error."""
    name = path.name
    with contextlib.suppress(OSError):  # a FIFO would block the open below, a device never ends
        if not (stat.S_ISREG(path.stat().st_mode) or path.is_dir()):
            raise NotAProjectError(f"{path} is not a project file (it is a pipe, socket or device).")
    try:
        size, header = read_header(path)
    except FileNotFoundError:
        raise NotAProjectError(f"There is no project file at {path}.") from None
    except IsADirectoryError:
        raise NotAProjectError(f"{path} is a folder, not a project file.") from None
    except OSError as error:
        raise NotAProjectError(f"{name} cannot be read: {error.strerror}.") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotAProjectError(f"{name} is not an annotator project (it is not a SQLite database).")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    user_version, application_id = struct.unpack(">iI", header[60:64] + header[68:72])
    valid_for = struct.unpack(">I", header[92:96])[0]
    if application_id != APPLICATION_ID:
        raise NotAProjectError(
            f"{name} is a SQLite database from another program, not an annotator project."
        )
    hot_journal = Path(str(path) + "-journal")
    if (
        valid_for == change_counter
        and size < page_count * page_size
        and not (hot_journal.exists() and hot_journal.stat().st_size > 0)
    ):
        raise NotAProjectError(f"{name} is damaged: the file is shorter than it should be (truncated).")
    if user_version < 0:
        raise DamagedProjectError(f"{name} is damaged: its header holds an impossible file format number "
                                  f"({user_version}), so it was not opened; " + RECOVER_ADVICE.format(name=name))
    if user_version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"{name} was written by a newer version of annotator (file format {user_version}, "
            f"this version reads up to {SCHEMA_VERSION}). Please update annotator; "
            "the file was not changed."
        )
    return user_version


def writable(path: Path) -> bool:
    """May this process write the project file and create its journal beside it?"""
    path = Path(path).absolute()
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """A connection set up for a project file; a file whose first page or schema SQLite cannot
    read raises :class:`DamagedProjectError` (other SQLite errors as they are)."""
    target = Path(path).absolute().as_uri() + "?mode=ro" if read_only else str(path)
    conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, uri=read_only)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # the first statement that reads the schema
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        conn.close()
        if is_damage(error):
            raise DamagedProjectError(f"{Path(path).name} is damaged and cannot be read ({_reason(error)}); "
                                      + RECOVER_ADVICE.format(name=Path(path).name)) from None
        raise
    return conn


def is_damage(error: BaseException) -> bool:
    """An error that says the file's bytes are damaged: SQLite's corrupt/not-a-database codes,
    a stored text (or SQLite's message quoting one) that is not UTF-8."""
    if isinstance(error, UnicodeDecodeError):
        return True
    return _error_code(error) in DAMAGE_CODES or _undecodable(error)


def _error_code(error: BaseException) -> int:
    """SQLite's primary result code of ``error`` (0 if it has none)."""
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def _undecodable(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and str(error).startswith("Could not decode to UTF-8")


def _reason(error: BaseException) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "its list of tables is not readable text"
    if _undecodable(error):  # "Could not decode to UTF-8 column 'x' with text '…'"
        return f"a value in {str(error).split(' with text ')[0].split('UTF-8 ')[-1]} is not valid UTF-8"
    return str(error)


def read_damage(error: BaseException) -> Damage:
    """What a read that failed with a damage error (:func:`is_damage`) found."""
    if _undecodable(error):
        return Damage(f" ({_reason(error)})", BACKUP_ADVICE, False)
    return Damage(f" (reading it failed: {_reason(error)})")


def create_file(path: Path) -> None:
    """Create ``path`` as a new empty file (an empty SQLite database) with the permissions of
    any new file, 0666 less the umask (SQLite would make it 0644); never an existing one."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666))
    except FileExistsError:
        raise AnnotatorError(f"{path} already exists; choose another name or open it.") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise WriteFailedError(f"{path} could not be created ({reason}), so nothing was written.", reason) from None


def quick_check(conn: sqlite3.Connection, schema: str = "main") -> Optional[str]:
    """SQLite's ``quick_check`` of one attached file: None if intact, else its first finding.
    Errors other than damage (a lock held too long) are raised."""
    try:
        finding = conn.execute(f"PRAGMA {schema}.quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        if _error_code(error) not in DAMAGE_CODES:
            raise
        return str(error)
    if finding == "ok":
        return None
    lines = [line for line in finding.splitlines() if line.strip() and not line.startswith("*** in database")]
    return lines[0] if lines else finding


@dataclasses.dataclass(frozen=True)
class Damage:
    """What the damage check found: ``detail`` follows "FILE is damaged"; ``pages``: SQLite's
    check failed, so a copy rebuilt row by row saves what is readable."""
    detail: str
    advice: str = COPY_ADVICE
    pages: bool = True


def damaged_message(name: str, damage: Damage, outcome: str = "nothing was changed") -> str:
    return f"{name} is damaged{damage.detail}, so {outcome}; " + damage.advice.format(name=name)


def check_file(conn: sqlite3.Connection) -> Optional[Damage]:
    """The damage check: SQLite's ``quick_check`` (pages, indexes), then what it does not look
    at: every document's text is UTF-8 and matches the SHA-256 stored with it, and every other
    stored text is UTF-8. None if all is well. Reads the whole file: run it off the GUI thread."""
    finding = quick_check(conn)
    if finding is not None:
        return Damage(f" (SQLite's check found: {finding})")
    try:
        return _document_damage(conn) or _value_damage(conn)
    except sqlite3.DatabaseError as error:
        if _error_code(error) not in DAMAGE_CODES:
            raise
        return read_damage(error)


def _document_damage(conn: sqlite3.Connection) -> Optional[Damage]:
    rows = conn.execute("SELECT id, CAST(name AS BLOB), typeof(text), CAST(text AS BLOB), CAST(sha256 AS BLOB) "
                        "FROM documents ORDER BY id")
    for doc_id, name, kind, text, digest in rows:
        problem = _text_problem(kind, text, digest)
        if problem:
            shown = bytes(name or b"").decode("utf-8", "replace")
            return Damage(f": the stored text of document {shown!r} (id {doc_id}) {problem}", BACKUP_ADVICE, False)
    return None


def _text_problem(kind: str, text: Optional[bytes], digest: Optional[bytes]) -> Optional[str]:
    if kind != "text" or text is None or not _is_utf8(text):
        return "is not valid UTF-8"
    if hashlib.sha256(text).hexdigest().encode("ascii") != bytes(digest or b""):
        return ("does not match the SHA-256 checksum stored with it (the text or the checksum was changed by "
                "another program or damaged on disk)")
    return None


def _value_damage(conn: sqlite3.Connection) -> Optional[Damage]:
    """A stored text other than a document's that is not UTF-8 (Python could not read it)."""
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite%' ORDER BY name")]
    for table in tables:
        try:
            for _row in conn.execute(f'SELECT {_columns_but_text(conn, table)} FROM "{table}"'):
                pass
        except sqlite3.OperationalError as error:
            if not _undecodable(error):
                raise
            return Damage(f": in its {table} table, {_reason(error)}", BACKUP_ADVICE, False)
    return None


def _columns_but_text(conn: sqlite3.Connection, table: str) -> str:
    """The table's columns, quoted, without the documents' texts (checked with their hashes)."""
    names = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    return ", ".join(f'"{name}"' for name in names if (table, name) != ("documents", "text"))


def _is_utf8(value) -> bool:
    try:
        bytes(value).decode("utf-8")
    except (UnicodeDecodeError, TypeError):
        return False
    return True


def read_only_error(error: BaseException) -> bool:
    """An SQLite error that means the file or its folder cannot be written."""
    text = str(error)
    return "readonly" in text or "read-only" in text or "unable to open database file" in text


def _new_project(path: Path) -> sqlite3.Connection:
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


class Store:
    """Owns the connection to one project file. Widgets never run SQL; this class does."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool = False):
        self.path = path
        self.conn = conn
        self.read_only = read_only
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        with _OPEN_LOCK:
            _OPEN.add(self)
        self._finding: Optional[Damage] = None    # the damage check's finding, once checked
        self._checked = False

    @classmethod
    def create(cls, path: Path) -> "Store":
        """A new project file (never an existing one); a failure, such as a full disk, leaves none."""
        create_file(path)
        try:
            conn = _new_project(path)
        except BaseException as error:
            for leftover in (path, Path(f"{path}-journal")):
                leftover.unlink(missing_ok=True)
            if isinstance(error, sqlite3.Error):
                raise WriteFailedError(f"{path} could not be created ({error}), so nothing was written.",
                                       str(error)) from None
            raise
        store = cls(path, conn)
        store.record_check(None)
        return store

    @classmethod
    def open(cls, path: Path, read_only: Optional[bool] = None) -> "Store":
        """Open for reading; writes need ``writable(path)`` (``read_only`` overrides it)."""
        check_header(path)
        read_only = not writable(path) if read_only is None else read_only
        try:
            conn = connect(path, read_only)
        except sqlite3.Error as error:
            raise NotAProjectError(f"{path.name} cannot be opened: {error}.") from None
        store = cls(path, conn, read_only)
        try:
            store._prepare()
        except sqlite3.DatabaseError as error:
            conn.close()
            raise store._open_error(error) from None
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare(self) -> None:
        conn = self.conn
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables and conn.execute("PRAGMA user_version").fetchone()[0] > 0:
            raise NotAProjectError(f"{self.path.name} is damaged: its project tables are missing.")
        if needs_migration(conn):          # the first write of this session: check first
            if self.read_only:
                raise ReadOnlyProjectError(f"{self.path.name} was written by an older version of annotator and "
                                           "must be updated once to be read, but it is read-only; make it (and "
                                           "its folder) writable, or copy it, and open it again.")
            self.check_intact("it was not updated to this version of annotator")
            migrate(conn)

    def _open_error(self, error: sqlite3.DatabaseError) -> Exception:
        name = self.path.name
        if "locked" in str(error) or "busy" in str(error):
            return ProjectLockedError(f"{name} is busy in another program; try again in a moment.")
        if self.read_only and read_only_error(error):
            return ReadOnlyProjectError(f"{name} has an unfinished change from a program that stopped and is "
                                        "read-only, so it cannot be opened until it may be written again.")
        return NotAProjectError(f"{name} is damaged and cannot be opened ({error}).")

    # ------------------------------------------------------------------ checks
    def check_writable(self, why: str = "the change was not made") -> None:
        if self.read_only:
            raise ReadOnlyProjectError(f"{self.path.name} is read-only (the file or its folder cannot be "
                                       f"written), so {why}; reading it still works.")

    def check_intact(self, outcome: str = "nothing was changed") -> None:
        """The damage check (:func:`check_file`), once per session; a damaged file raises every time."""
        if not self._checked:
            try:
                self.record_check(check_file(self.conn))
            except sqlite3.OperationalError as error:
                raise ProjectLockedError(f"{self.path.name} could not be checked ({error}), so {outcome}; "
                                         "try again in a moment.") from None
        if self._finding is not None:
            raise DamagedProjectError(damaged_message(self.path.name, self._finding, outcome))

    def damage(self) -> Optional[Damage]:
        """What the damage check found (run once per session), or None if the file is intact."""
        with contextlib.suppress(DamagedProjectError):
            self.check_intact()
        return self._finding

    def check_file(self) -> Optional[Damage]:
        """The damage check (:func:`check_file`) of the file now, not recorded: None if intact."""
        return check_file(self.conn)

    def record_check(self, finding: Optional[Damage]) -> None:
        """The result of :func:`check_file` on this file, e.g. run by the app on another thread."""
        self._finding, self._checked = finding, True

    # ------------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction; nested calls become savepoints of the outer one. The
        first one of a session checks the file; a read-only or damaged file is never written."""
        conn = self.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield conn
            return
        self.check_writable()
        self.check_intact()
        self._begin()
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and read_only_error(error):
                raise self._read_only(error) from error
            if isinstance(error, sqlite3.OperationalError) and _error_code(error) in WRITE_FAILED_CODES:
                raise WriteFailedError(f"{self.path.name} could not be written ({error}), so the change was not "
                                       "made.", str(error)) from error
            raise

    def _begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if read_only_error(error):
                raise self._read_only(error) from error
            raise ProjectLockedError(
                f"{self.path.name} is busy in another program; the change was not made."
            ) from error

    def _read_only(self, error: sqlite3.OperationalError) -> ReadOnlyProjectError:
        self.read_only = True
        return ReadOnlyProjectError(f"{self.path.name} cannot be written ({error}), so the change was not made; "
                                    "reading it still works.")

    def query(self, sql: str, params=()) -> list[sqlite3.Row]:
        cursor = self.conn.execute(sql, params)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchall()

    def close(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()
        with _OPEN_LOCK:
            _OPEN.discard(self)


def integrity_ok(path: os.PathLike) -> bool:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
