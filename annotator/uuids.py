"""The one check of UUIDs that come from outside: coder packages, scheme and codebook files,
REFI-QDA projects.

A UUID (REFI-QDA's GUID) is 8-4-4-4-12 hexadecimal digits, in either case, with or without
braces. Anything else (``=HYPERLINK(…)``, ``@SUM(1)``, an empty string) is refused with the
reason, so a forged identifier never reaches the project or an export. We store UUIDs in
lower case without braces.
"""
from __future__ import annotations

import re
import uuid as uuidlib
from typing import Optional

from .errors import AnnotatorError

_UUID = re.compile(r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?")


def new_uuid() -> str:
    """A new random UUID in our form (lower case, no braces)."""
    return str(uuidlib.uuid4())


def parse_uuid(value) -> Optional[str]:
    """``value`` in our form (lower case, no braces), or None if it is not a UUID."""
    match = _UUID.fullmatch(str(value).strip()) if value is not None else None
    return match.group(1).lower() if match else None


def check_uuid(value, what: str, error=AnnotatorError) -> str:
    """``value`` in our form; ``error`` (one sentence naming ``what``) if it is not a UUID."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise error(f"{what} has the identifier {_quoted(value)}, which is not a UUID.")
    return parsed


def _quoted(value) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= 60 else text[:59] + "…")
