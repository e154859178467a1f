"""Rich Text Format (.rtf) with striprtf.

RTF is 7-bit text: bytes are read as cp1252 (the default ``\\ansicpg`` of Western Word), and
striprtf turns ``\\'xx`` and ``\\uN`` escapes into characters.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import RefusedFileError
from .safety import read_bytes


def read(path: Path) -> str:
    data = read_bytes(path)
    if not data.lstrip().startswith(b"{\\rtf"):
        raise RefusedFileError(f"{path.name} is not an RTF document (it does not start with {{\\rtf).")
    from striprtf.striprtf import rtf_to_text

    try:
        return rtf_to_text(data.decode("cp1252", errors="replace"), errors="replace")
    except Exception as error:
        raise RefusedFileError(f"{path.name} could not be read as RTF ({error}).") from None
