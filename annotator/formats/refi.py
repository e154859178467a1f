"""REFI-QDA shared pieces: namespace, GUIDs, colours (from :mod:`annotator.colours`), the
bundled project schema.

The schema (``resources/Project-mrt2019.xsd``, MIT, REFI; provenance in
``../shared/schemas/SOURCES.md``) is loaded through importlib.resources so an installed
wheel validates too.
"""
from __future__ import annotations

import re
import uuid as uuidlib
from functools import lru_cache

from ..colours import colour  # the one colour reader, kept importable from here
from ..uuids import parse_uuid

# Characters XML 1.0 cannot carry: our writer puts U+FFFD in their place, and a reader matching
# names against the text treats U+FFFD as any of them.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

NS = "urn:QDA-XML:project:1.0"
SCHEMA_FILE = "Project-mrt2019.xsd"
__all__ = ["NS", "SCHEMA_FILE", "guid", "link_key", "derived_guid", "colour", "project_schema", "schema_errors"]


def guid(value) -> str | None:
    """A GUID in our form (lowercase, no braces), or None if ``value`` is not one
    (:func:`annotator.uuids.parse_uuid`, the project's one UUID check)."""
    return parse_uuid(value)


def link_key(value) -> str | None:
    """What links a reference to its element within one file: the GUID in our form or, for an
    identifier that is not a GUID, its text (which is never stored as one of ours)."""
    text = str(value or "").strip()
    return guid(text) or (f"not-a-guid:{text}" if text else None)


def derived_guid(kind: str, key: str) -> str:
    """A stable GUID for something we store without one (a coding, a memo note)."""
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"annotator:{kind}:{key}"))


@lru_cache(maxsize=1)
def project_schema():
    from importlib import resources

    import xmlschema

    with resources.as_file(resources.files("resources").joinpath(SCHEMA_FILE)) as path:
        return xmlschema.XMLSchema(str(path))


def schema_errors(root, limit: int = 5) -> list[str]:
    """Up to ``limit`` validation errors of a parsed project, one line each."""
    errors = []
    for error in project_schema().iter_errors(root):
        reason = (error.reason or str(error)).splitlines()[0]
        errors.append(f"{error.path}: {reason}" if error.path else reason)
        if len(errors) >= limit:
            break
    return errors
