"""Finding a ``.qdpx`` source's text in the archive, the way real writers reference it.

``internal://NAME`` (the standard), a bare ``NAME`` (QualCoder 1.3) and ``relative://NAME``
are looked for in ``sources/`` (any case: NVivo writes ``Sources/``) and then at the archive
root. ``absolute://`` paths, and ``relative://`` paths that are not in the archive, point at
the disk of whoever wrote the file: they are reported, never read. A text source's text is its
``PlainTextContent``, else its plain-text file, else, when that is missing or blank (NVivo
writes one-byte ``.txt`` files), its rich text (``.docx``), and the report says which.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..errors import AnnotatorError
from ..textio import decode_bytes
from .qdpx_positions import SourceText
from .safety import SafeZip, check_office_bytes
from .word import text_of

SOURCE_KINDS = {"TextSource": "text", "PictureSource": "picture", "PDFSource": "PDF", "AudioSource": "audio",
                "VideoSource": "video"}
_READABLE_SCHEMES = ("", "internal", "relative")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def member_for(archive: SafeZip, path: Optional[str]) -> Optional[str]:
    """The archive member a source path names, or None."""
    scheme, separator, rest = (path or "").partition("://")
    if not separator:
        scheme, rest = "", path or ""
    name = rest.replace("\\", "/").lstrip("/")
    if scheme.lower() not in _READABLE_SCHEMES or not name:
        return None
    return archive.find(f"sources/{name}") or archive.find(name)


def missing(path: str) -> str:
    """Why the file at ``path`` was not read, as a clause."""
    if path.lower().startswith(("absolute://", "relative://")):
        return f"its file {path} is outside the archive"
    return f"its file {path} is not in the archive"


def decode(data: bytes, label: str) -> str:
    """A plain-text member as stored (line ends kept, so positions can be counted on it)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(decode_bytes(data, label).encoding, errors="replace")


@dataclass
class Loaded:
    """A text source's text, and which part of the source it came from."""

    text: SourceText
    rebuilt: bool = False     # read from rich text: the writer counted on a text we rebuilt
    note: str = ""


class Unreadable(Exception):
    """A source whose text could not be found; the message is a clause for the report."""


def load_text(archive: SafeZip, source, label: str) -> Loaded:
    content = next((child for child in source if _local(child.tag) == "PlainTextContent"), None)
    if content is not None and (content.text or "").strip():
        return Loaded(SourceText(content.text))
    plain_path, rich_path = source.get("plainTextPath") or "", source.get("richTextPath") or ""
    plain = member_for(archive, plain_path)
    raw = _read_plain(archive, plain, label) if plain else ""
    if raw.strip():
        return Loaded(SourceText(raw))
    rich = member_for(archive, rich_path)
    if rich is None:
        raise Unreadable(_no_text(plain_path, plain, rich_path))
    why = f"its plain text {plain} is empty" if plain else missing(plain_path) if plain_path else "it has no plain text"
    return Loaded(SourceText(_read_rich(archive, rich, label)), True, f"read from its rich text {rich} ({why})")


def _read_plain(archive: SafeZip, member: str, label: str) -> str:
    try:
        return decode(archive.read(member), f"{label} ({member})")
    except AnnotatorError as error:
        raise Unreadable(str(error).rstrip(".")) from None


def _read_rich(archive: SafeZip, member: str, label: str) -> str:
    if not member.lower().endswith(".docx"):
        raise Unreadable(f"its plain text is empty and its rich text {member} is not a .docx")
    data = archive.read(member)
    try:
        check_office_bytes(data, f"{label} ({member})", "Word document", "word/document.xml")
        return text_of(data, f"{label} ({member})")
    except AnnotatorError as error:
        raise Unreadable(str(error).rstrip(".")) from None


def _no_text(plain_path: str, plain: Optional[str], rich_path: str) -> str:
    parts = [f"its plain text {plain} is empty" if plain else missing(plain_path)] if plain_path else []
    parts += [missing(rich_path)] if rich_path else []
    return " and ".join(parts) or "it has no text"


def media_path(source) -> str:
    """The path of a picture, PDF, audio or video source (or of its first representation)."""
    return source.get("path") or next((child.get("plainTextPath") or "" for child in source
                                       if _local(child.tag) in ("Representation", "Transcript")), "")


def codings_in(element) -> int:
    return sum(1 for item in element.iter() if _local(item.tag) == "Coding")
