"""Reading coder packages for a merge, without ever writing to them.

Each package is checked like ``Project.open`` checks a file (header: SQLite, ours, not
newer, not truncated), then ATTACHed read-only (``mode=ro``) to the lead's connection and
copied, set-based, into TEMP tables of that connection: its documents (with the SHA-256 of
the text as it is now, not as the file claims), its annotations keyed by UUIDs, its codes,
and its coder's statuses. Nothing in the lead's file changes here; that happens in one
transaction in :mod:`annotator.merging.apply`.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AnnotatorError, NotAProjectError
from ..store import check_header, quick_check
from .codes import code_versions, columns, put_back_anchors
from .deletions import create_table, stage_deletions
from .identifiers import canonical_package, canonical_staged, register
from .memos import create_table as create_memo_table
from .memos import stage_memos
from .provenance import create_table as create_provenance_table
from .provenance import stage_provenance
from .rounds import known_round

ANN_COLUMNS = ("uuid", "document_id", "coder_id", "code_id", "start", "end", "memo", "created", "modified", "id")
_suffixes = itertools.count(1)


def text_sha256(text) -> str:
    return hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class StagedPackage:
    index: int
    path: Path
    package_uuid: str
    coder_uuid: str
    coder_name: str
    base: dict                 # code UUID -> version when the package was made
    versions: dict             # code UUID -> version in the package now
    statuses: list = field(default_factory=list)   # (package document id, status, modified)
    round_uuid: str = ""       # the round this package was made for, if the project knows it (merging/rounds.py)
    round_name: str = ""       # its name (also of a round the project does not know)
    round_namesake: tuple = ()  # for a round it does not know: (name, made) of the project's round of that name
    keep_status: set = field(default_factory=set)   # lead document ids where the coder's own status stays


@dataclass
class Staging:
    """TEMP tables on the lead's connection holding every package's rows."""

    suffix: str
    extra_columns: list[str]          # annotation columns beyond the first schema (kept if both have them)
    packages: list[StagedPackage] = field(default_factory=list)

    @property
    def docs(self) -> str:
        return f"temp.merge_docs_{self.suffix}"

    @property
    def anns(self) -> str:
        return f"temp.merge_ann_{self.suffix}"

    @property
    def dels(self) -> str:
        """Annotations the packages' coders deleted (see :mod:`annotator.merging.deletions`)."""
        return f"temp.merge_del_{self.suffix}"

    @property
    def memos(self) -> str:
        """The packages' coders' own memos (see :mod:`annotator.merging.memos`)."""
        return f"temp.merge_memo_{self.suffix}"

    @property
    def provenance(self) -> str:
        """Which accepted suggestions made the packages' annotations (see :mod:`annotator.merging.provenance`)."""
        return f"temp.merge_prov_{self.suffix}"

    def drop(self, conn: sqlite3.Connection) -> None:
        for table in (self.docs, self.anns, self.dels, self.memos, self.provenance):
            conn.execute(f"DROP TABLE IF EXISTS {table}")


def stage(project, paths, progress=None) -> Staging:
    conn = project.store.conn
    if conn.in_transaction:
        raise AnnotatorError("A merge cannot run inside a batch of other changes; finish the batch first.")
    conn.create_function("annotator_sha256", 1, text_sha256, deterministic=True)
    register(conn)
    lead_cols = set(columns(conn, "annotations"))
    extra = sorted(lead_cols - set(ANN_COLUMNS))
    staging = Staging(f"{os.getpid()}_{next(_suffixes)}", extra)
    conn.execute(f"CREATE TEMP TABLE {staging.docs.split('.')[1]} (pkg INTEGER, doc INTEGER, uuid TEXT, "
                 "name TEXT, sha256 TEXT, text_sha256 TEXT, length INTEGER)")
    conn.execute(f"CREATE TEMP TABLE {staging.anns.split('.')[1]} (pkg INTEGER, uuid TEXT, doc INTEGER, "
                 'coder_uuid TEXT, code_uuid TEXT, start INTEGER, "end" INTEGER, memo TEXT, created TEXT, '
                 f"modified TEXT{''.join(f', {c}' for c in extra)})")
    create_table(conn, staging.dels)
    create_memo_table(conn, staging.memos)
    create_provenance_table(conn, staging.provenance)
    project_uuid = project.setting("project_uuid")
    try:
        for index, path in enumerate(paths):
            if progress:
                progress(f"reading {Path(path).name}")
            staging.packages.append(_stage_one(conn, project, Path(path), index, staging, project_uuid))
    except BaseException:
        staging.drop(conn)
        raise
    return staging


def _refuse(error_class, path: Path, why: str):
    return error_class(f"{path.name} {why}; nothing was merged.")


def _codebook_base(path: Path, meta: dict) -> dict:
    """The codebook the package started from (its meta's ``codebook_base``); a damaged one is refused."""
    try:
        base = json.loads(meta.get("codebook_base", "{}"))
    except ValueError:
        base = None
    if not isinstance(base, dict):
        raise _refuse(NotAProjectError, path, "has a damaged record of the codebook it started from; ask its coder "
                      "to send it again")
    return base


def _stage_one(conn, project, path: Path, index: int, staging: Staging, project_uuid: str) -> StagedPackage:
    try:
        check_header(path)
    except AnnotatorError as error:
        raise type(error)(f"{str(error).rstrip('.')}; nothing was merged.") from None
    if path.resolve() == Path(project.path).resolve():
        raise _refuse(AnnotatorError, path, "is this project itself, not a coder package")
    try:
        conn.execute("ATTACH DATABASE ? AS pkg", (path.resolve().as_uri() + "?mode=ro",))
        finding = quick_check(conn, "pkg")
        if finding is not None:
            raise _refuse(NotAProjectError, path, f"is damaged (SQLite's check found: {finding}); "
                          "ask its coder to send it again")
        meta = dict(conn.execute("SELECT key, value FROM pkg.meta").fetchall())
        if "package_uuid" not in meta:
            raise _refuse(NotAProjectError, path, "is an annotator project but not a coder package "
                          "(make packages with `annotator package`)")
        if meta.get("package_of_project") != project_uuid:
            raise _refuse(NotAProjectError, path, f"is a coder package of another study "
                          f"({meta.get('name', 'unnamed')!r}), not of this project")
        package = StagedPackage(index, path, meta["package_uuid"], meta["package_coder_uuid"],
                                meta.get("package_coder_name", ""), _codebook_base(path, meta),
                                code_versions(conn, "pkg"))
        canonical_package(package)
        put_back_anchors(package, code_versions(conn), meta.get("anchors_withheld", "[]"))
        if not known_round(conn, package, meta) and meta.get("round_kind") == "retest":
            raise _refuse(AnnotatorError, path, f"re-tests a coder for round {package.round_name!r}, which this "
                          "project does not have (deleted, or made in a copy): merged, the re-coding would count "
                          "as one more coder in agreement and calibration")
        row = conn.execute("SELECT name FROM pkg.coders WHERE annotator_uuid(uuid) = ?",
                           (package.coder_uuid,)).fetchone()
        package.coder_name = row[0] if row else package.coder_name
        conn.execute(f"INSERT INTO {staging.docs} SELECT ?, id, uuid, name, sha256, annotator_sha256(text), "
                     "length FROM pkg.documents", (index,))
        pkg_cols = set(columns(conn, "annotations", "pkg"))
        extra = "".join(f", a.{c}" if c in pkg_cols else ", NULL" for c in staging.extra_columns)
        conn.execute(f"INSERT INTO {staging.anns} SELECT ?, a.uuid, a.document_id, c.uuid, k.uuid, a.start, "
                     f'a."end", a.memo, a.created, a.modified{extra} FROM pkg.annotations a '
                     "JOIN pkg.coders c ON c.id = a.coder_id JOIN pkg.codes k ON k.id = a.code_id", (index,))
        package.statuses = conn.execute(
            "SELECT s.document_id, s.status, s.modified FROM pkg.document_status s "
            "JOIN pkg.coders c ON c.id = s.coder_id WHERE annotator_uuid(c.uuid) = ?",
            (package.coder_uuid,)).fetchall()
        stage_deletions(conn, staging.dels, package)
        stage_memos(conn, staging.memos, package)
        stage_provenance(conn, staging.provenance, package)
        canonical_staged(conn, staging, package)
        return package
    except (sqlite3.DatabaseError, KeyError, ValueError) as error:
        if "readonly" in str(error):
            raise _refuse(NotAProjectError, path, "has an unfinished change from a program that stopped "
                          "(open it once in annotator, then merge again)") from None
        raise _refuse(NotAProjectError, path, f"is damaged or not a coder package ({error})") from None
    finally:
        if any(row[1] == "pkg" for row in conn.execute("PRAGMA database_list")):
            conn.execute("DETACH DATABASE pkg")
