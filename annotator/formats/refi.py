"""REFI-QDA shared pieces: namespace, GUIDs, colours, the bundled project schema.

The schema (``resources/Project-mrt2019.xsd``, MIT, REFI; provenance in
``../shared/schemas/SOURCES.md``) is loaded through importlib.resources so an installed
wheel validates too.
"""
from __future__ import annotations

import re
import uuid as uuidlib
from functools import lru_cache

NS = "urn:QDA-XML:project:1.0"
SCHEMA_FILE = "Project-mrt2019.xsd"
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
_NAMED = {"black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "green": "#008000", "blue": "#0000FF",
          "yellow": "#FFFF00", "orange": "#FFA500", "purple": "#800080", "gray": "#808080", "grey": "#808080"}


def guid(value) -> str | None:
    """A GUID in our form (lowercase, no braces), or None if ``value`` is not one."""
    match = _GUID.match(str(value or "").strip())
    return match.group(1).lower() if match else None


def derived_guid(kind: str, key: str) -> str:
    """A stable GUID for something we store without one (a coding, a memo note)."""
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"annotator:{kind}:{key}"))


def colour(value) -> str | None:
    """``#RRGGBB`` from ``#RGB``, ``#RRGGBB``, ``#AARRGGBB`` (.NET, NVivo), ``rgb(r,g,b)``,
    ``rgba(...)``, a bare hex or a few colour names; None if it cannot be read."""
    text = str(value or "").strip()
    if not text:
        return None
    lowered = text.lower()
    if lowered in _NAMED:
        return _NAMED[lowered]
    numbers = re.fullmatch(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+\s*)?\)", lowered)
    if numbers:
        rgb = [int(n) for n in numbers.groups()]
        return "#" + "".join(f"{min(n, 255):02X}" for n in rgb) if max(rgb) <= 255 else None
    hex_digits = lowered.lstrip("#")
    if not re.fullmatch(r"[0-9a-f]+", hex_digits):
        return None
    if len(hex_digits) == 3:
        return "#" + "".join(c * 2 for c in hex_digits).upper()
    if len(hex_digits) == 6:
        return "#" + hex_digits.upper()
    if len(hex_digits) == 8:  # #AARRGGBB, as NVivo and .NET write it
        return "#" + hex_digits[2:].upper()
    return None


@lru_cache(maxsize=1)
def project_schema():
    import xmlschema
    from importlib import resources

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
