"""PDF (.pdf) with pypdf: the text layer only, pages separated by a blank line.

A PDF without a text layer (a scan) is refused with that reason: there is nothing to code
until it has been through OCR. Encrypted PDFs open only if they have an empty user password.
"""
from __future__ import annotations

import io
import logging
from pathlib import Path

from ..errors import RefusedFileError
from .safety import read_bytes


def read(path: Path) -> str:
    data = read_bytes(path)
    if not data.lstrip()[:1024].startswith(b"%PDF-"):
        raise RefusedFileError(f"{path.name} is not a PDF document.")
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise RefusedFileError(f"{path.name} is protected by a password; remove it and import again.")
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except RefusedFileError:
        raise
    except Exception as error:  # pypdf raises many kinds on damaged files
        raise RefusedFileError(f"{path.name} could not be read as a PDF ({type(error).__name__}).") from None
    text = "\n\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise RefusedFileError(f"{path.name} has no text layer (a scanned PDF?); run it through OCR first.")
    return text
