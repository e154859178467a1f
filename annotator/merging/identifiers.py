"""Every identifier a package brings must be a UUID (:mod:`annotator.uuids`).

A package is a file a coder sends back; a forged one could name its coder
``=HYPERLINK("http://x")`` or its annotations ``@SUM(1)``, and those strings would become the
lead's identifiers and land in every export. Such a package is refused whole, with the
reason, before anything is merged.
"""
from __future__ import annotations

from ..errors import NotAProjectError
from ..uuids import check_uuid, is_uuid

# (staging table property, column, what the column identifies)
_STAGED = (("docs", "uuid", "a document"), ("anns", "uuid", "an annotation"),
           ("anns", "coder_uuid", "the coder of an annotation"), ("anns", "code_uuid", "the code of an annotation"),
           ("dels", "uuid", "a deleted annotation"), ("dels", "coder_uuid", "the coder of a deleted annotation"))


def check_package_uuids(conn, staging, package) -> None:
    """Refuse ``package`` (already staged) if any of its identifiers is not a UUID."""
    where = package.path.name
    for value, what in ((package.package_uuid, "the package"), (package.coder_uuid, "its coder"),
                        *((code, "a code") for code in package.versions)):
        _check(value, f"{where}: {what}")
    conn.create_function("annotator_is_uuid", 1, is_uuid, deterministic=True)
    for table, column, what in _STAGED:
        row = conn.execute(f"SELECT {column} FROM {getattr(staging, table)} WHERE pkg = ? "
                           f"AND NOT annotator_is_uuid({column}) LIMIT 1", (package.index,)).fetchone()
        if row:
            _check(row[0], f"{where}: {what}")


def _check(value, what: str) -> None:
    try:
        check_uuid(value, what, NotAProjectError)
    except NotAProjectError as error:
        raise NotAProjectError(f"{str(error).rstrip('.')}; nothing was merged.") from None
