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
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import struct
from pathlib import Path
from typing import Iterator

import sqlite_utils

from .errors import NewerVersionError, NotAProjectError, ProjectLockedError
from .migrations import APPLICATION_ID, SCHEMA_VERSION, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def check_header(path: Path) -> int:
    """Read the file header; return its schema version or raise a user-facing error."""
    name = path.name
    with contextlib.suppress(OSError):  # a FIFO would block the open below, a device never ends
        if not (stat.S_ISREG(path.stat().st_mode) or path.is_dir()):
            raise NotAProjectError(f"{path} is not a project file (it is a pipe, socket or device).")
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(100)
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
    if user_version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"{name} was written by a newer version of annotator (file format {user_version}, "
            f"this version reads up to {SCHEMA_VERSION}). Please update annotator; "
            "the file was not changed."
        )
    return user_version


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


class Store:
    """Owns the connection to one project file. Widgets never run SQL; this class does."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn, execute_plugins=False)

    @classmethod
    def create(cls, path: Path) -> "Store":
        conn = connect(path)
        conn.execute("PRAGMA journal_mode = DELETE")
        migrate(conn)
        return cls(path, conn)

    @classmethod
    def open(cls, path: Path) -> "Store":
        check_header(path)
        try:
            conn = connect(path)
        except sqlite3.Error as error:
            raise NotAProjectError(f"{path.name} cannot be opened: {error}.") from None
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "meta" not in tables and conn.execute("PRAGMA user_version").fetchone()[0] > 0:
                raise NotAProjectError(f"{path.name} is damaged: its project tables are missing.")
            migrate(conn)
        except sqlite3.DatabaseError as error:
            conn.close()
            if "locked" in str(error) or "busy" in str(error):
                raise ProjectLockedError(
                    f"{path.name} is busy in another program; try again in a moment."
                ) from None
            raise NotAProjectError(f"{path.name} is damaged and cannot be opened ({error}).") from None
        except BaseException:
            conn.close()
            raise
        return cls(path, conn)

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction; nested calls become savepoints of the outer one."""
        conn = self.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield conn
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise ProjectLockedError(
                f"{self.path.name} is busy in another program; the change was not made."
            ) from error
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def query(self, sql: str, params=()) -> list[sqlite3.Row]:
        cursor = self.conn.execute(sql, params)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchall()

    def close(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()


def integrity_ok(path: os.PathLike) -> bool:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
