"""Every identifier a package brings must be a UUID (:mod:`annotator.uuids`), and is merged in
our form (lower case, no braces, no spaces).

A package is a file a coder sends back; a forged one could name its coder
``=HYPERLINK("http://x")`` or its annotations ``@SUM(1)``, and those strings would become the
lead's identifiers and land in every export. Such a package is refused whole, with the
reason, before anything is merged. A UUID written another way (``{4BE2…}``, a trailing
newline) names the same annotation, code or coder: it is rewritten in our form where it is
staged, so it matches the project's copy instead of becoming a second one.
"""
from __future__ import annotations

from ..errors import NotAProjectError
from ..uuids import check_uuid, parse_uuid

# (staging table property, column, what the column identifies)
_STAGED = (("docs", "uuid", "a document"), ("anns", "uuid", "an annotation"),
           ("anns", "coder_uuid", "the coder of an annotation"), ("anns", "code_uuid", "the code of an annotation"),
           ("dels", "uuid", "a deleted annotation"), ("dels", "coder_uuid", "the coder of a deleted annotation"),
           ("memos", "uuid", "a memo"), ("provenance", "annotation_uuid", "the annotation of a provenance record"))
_NULLABLE = (("memos", "target_uuid", "the document or code of a memo"),)   # NULL: a journal


def register(conn) -> None:
    """``annotator_uuid(value)``: the UUID in our form, or NULL if it is not one."""
    conn.create_function("annotator_uuid", 1, parse_uuid, deterministic=True)


def canonical_package(package) -> None:
    """Refuse ``package`` if its own identifiers (meta, codes) are not UUIDs; else put them in our form."""
    where = package.path.name
    package.package_uuid = _check(package.package_uuid, f"{where}: the package")
    package.coder_uuid = _check(package.coder_uuid, f"{where}: its coder")
    package.versions = {_check(u, f"{where}: a code"): _parent_in_form(v) for u, v in package.versions.items()}
    package.base = {parse_uuid(u) or u: _parent_in_form(v) for u, v in package.base.items()}


def canonical_staged(conn, staging, package) -> None:
    """Refuse ``package`` (already staged) if any of its identifiers is not a UUID; else put
    the staged ones in our form."""
    where = package.path.name
    for table, column, what in _STAGED + _NULLABLE:
        name = getattr(staging, table)
        present = f" AND {column} IS NOT NULL" if (table, column, what) in _NULLABLE else ""
        row = conn.execute(f"SELECT {column} FROM {name} WHERE pkg = ? AND annotator_uuid({column}) IS NULL"
                           f"{present} LIMIT 1", (package.index,)).fetchone()
        if row:
            _check(row[0], f"{where}: {what}")
        conn.execute(f"UPDATE {name} SET {column} = annotator_uuid({column}) WHERE pkg = ?", (package.index,))


def _parent_in_form(version: dict) -> dict:
    parent = version.get("parent")
    return {**version, "parent": parse_uuid(parent) or parent} if parent else version


def _check(value, what: str) -> str:
    try:
        return check_uuid(value, what, NotAProjectError)
    except NotAProjectError as error:
        raise NotAProjectError(f"{str(error).rstrip('.')}; nothing was merged.") from None
