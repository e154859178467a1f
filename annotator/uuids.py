"""The one check of UUIDs that come from outside: coder packages, scheme and codebook files,
REFI-QDA projects.

A UUID (REFI-QDA's GUID) is 8-4-4-4-12 hexadecimal digits, in either case, with or without
braces. Anything else (``=HYPERLINK(…)``, ``@SUM(1)``, an empty string) is refused with the
reason, so a forged identifier never reaches the project or an export. We store UUIDs in
lower case without braces.
"""
from __future__ import annotations

import os
import re
import uuid as uuidlib
from typing import Optional

from .errors import AnnotatorError

_UUID = re.compile(r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?")


def new_uuid() -> str:
    """A new random UUID in our form (lower case, no braces)."""
    return str(uuidlib.uuid4())


def new_uuids(count: int) -> list[str]:
    """``count`` new random UUIDs (version 4, as ``uuid4`` makes them) from one read of
    ``os.urandom``: ``uuid4`` builds an object for each, which costs more than inserting the row."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])    # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])    # the RFC 4122 variant
    h = raw.hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-{h[i + 20:i + 32]}"
            for i in range(0, 32 * count, 32)]


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
