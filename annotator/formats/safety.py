"""Hostile-input guards shared by every reader: file size, zip archives, XML.

Archives (.docx, .odt, .xlsx, .qdpx) are checked from their central directory before any
member is read: a member name that is absolute or climbs out with ``..`` (path traversal),
too many members, a declared uncompressed total over the limit, or a member whose
compression ratio only a zip bomb reaches is refused. Members are then read in chunks and
refused as soon as they grow past what the directory declared (directories can lie).
XML is parsed with defusedxml, which refuses DTDs and entity declarations (billion laughs,
external entities) outright, and refused when nested deeper than recursive readers can walk.
"""
from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path, PurePosixPath

from ..errors import RefusedFileError
from ..inputs import MAX_INPUT_BYTES, check_input, read_input, too_large
from ..inputs import human_size as _size

MAX_FILE_BYTES = MAX_INPUT_BYTES          # any input file
MAX_ARCHIVE_BYTES = 512 * 1024 * 1024   # total uncompressed size of an archive's members
MAX_MEMBER_BYTES = 256 * 1024 * 1024    # one uncompressed member
MAX_MEMBERS = 20_000
MAX_RATIO = 200                          # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
_CHUNK = 1 << 16
MAX_XML_DEPTH = 256                      # as libxml2 without XML_PARSE_HUGE


def check_size(path: Path, limit: int | None = None) -> int:
    """The file's size, or a refusal if it is missing, not a regular file, empty or over the limit."""
    limit = MAX_FILE_BYTES if limit is None else limit
    size = check_input(path, path.name)
    if size > limit:
        raise RefusedFileError(too_large(path.name, size, limit))
    if size == 0:
        raise RefusedFileError(f"{path.name} is empty.")
    return size


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The whole file (see :func:`annotator.inputs.read_input`), refused if it is empty."""
    data = read_input(path, MAX_FILE_BYTES if limit is None else limit, path.name)
    if not data:
        raise RefusedFileError(f"{path.name} is empty.")
    return data


class SafeZip:
    """A zip archive whose directory passed the checks; members are read with limits."""

    def __init__(self, source, label: str, kind: str):
        self.label, self.kind = label, kind
        try:
            self._zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise RefusedFileError(f"{label} is not a valid {kind} (it is not a readable zip archive).") from None
        self.names = [info.filename for info in self._zip.infolist()]
        try:
            self._check_directory()
        except BaseException:
            self._zip.close()
            raise

    def _check_directory(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise RefusedFileError(f"{self.label} is refused: its archive holds {len(infos):,} files "
                                   f"(the limit is {MAX_MEMBERS:,}).")
        total = 0
        for info in infos:
            if unsafe_member_name(info.filename):
                raise RefusedFileError(f"{self.label} is refused: it contains a file named {info.filename!r} "
                                       "that points outside the archive (path traversal).")
            if info.flag_bits & 0x1:
                raise RefusedFileError(f"{self.label} is encrypted; save it without a password and import again.")
            total += info.file_size
            if info.file_size > MAX_MEMBER_BYTES or total > MAX_ARCHIVE_BYTES:
                raise RefusedFileError(f"{self.label} is refused: it would unpack to more than "
                                       f"{_size(min(MAX_ARCHIVE_BYTES, max(total, info.file_size)))} "
                                       f"(the limit is {_size(MAX_ARCHIVE_BYTES)}; a zip bomb?).")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise RefusedFileError(f"{self.label} is refused: {info.filename} is compressed {ratio:,.0f} to 1, "
                                       "which only a zip bomb does.")

    def find(self, name: str) -> str | None:
        """The member called ``name``, compared without case (``Sources/`` vs ``sources/``)."""
        wanted = name.lower()
        return next((n for n in self.names if n.lower() == wanted), None)

    def read(self, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """A member's bytes, refused as soon as it grows past its declared size or ``limit``."""
        info = self._zip.getinfo(name)
        allowed = min(info.file_size, limit)
        if info.file_size > limit:
            raise RefusedFileError(f"{self.label} is refused: {name} is larger than {_size(limit)}.")
        out = io.BytesIO()
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    out.write(chunk)
                    if out.tell() > allowed:
                        raise RefusedFileError(f"{self.label} is refused: {name} unpacks to more than its archive "
                                               "declares (a zip bomb?).")
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
            raise RefusedFileError(f"{self.label} is damaged ({name}: {error}).") from None
        return out.getvalue()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def unsafe_member_name(name: str) -> bool:
    """Absolute paths, drive letters, ``..`` components or NUL bytes in a member name."""
    cleaned = name.replace("\\", "/")
    if "\x00" in cleaned or cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        return True
    return ".." in PurePosixPath(cleaned).parts


def read_office_file(path: Path, kind: str, required: str) -> bytes:
    """The bytes of an Office Open XML file (.docx, .xlsx) whose archive passed the checks,
    which has its ``required`` member and whose XML members declare no DTD; the caller's
    library (python-docx, openpyxl) parses them."""
    data = read_bytes(path)
    check_office_bytes(data, path.name, kind, required)
    return data


def check_office_bytes(data: bytes, label: str, kind: str, required: str) -> None:
    """The checks of :func:`read_office_file` on bytes already read (a member of another archive)."""
    with SafeZip(io.BytesIO(data), label, kind) as archive:
        if archive.find(required) is None:
            article = "an" if kind[:1] in "AEIOU" else "a"
            raise RefusedFileError(f"{label} is not {article} {kind} (it has no {required}).")
        check_xml_members(archive)


def open_archive(path: Path, kind: str) -> SafeZip:
    """Check the size of ``path`` and open it as a checked zip archive."""
    check_size(path)
    return SafeZip(path, path.name, kind)


def parse_xml(data: bytes, label: str):
    """An ElementTree root parsed without DTDs, entities or external references, and nested
    no deeper than :data:`MAX_XML_DEPTH`."""
    import defusedxml.ElementTree as SafeET

    with _refusing_bad_xml(label):
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    check_depth(root, label)
    return root


def check_depth(root, label: str, limit: int = MAX_XML_DEPTH) -> None:
    """Refuse XML nested deeper than ``limit`` (readers and the schema validator walk trees
    recursively; a hostile file nested thousands deep would exhaust the stack)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            raise RefusedFileError(f"{label} is refused: its XML nests elements more than {limit} levels deep, "
                                   "which no real document or code tree does.")
        stack.extend((child, depth + 1) for child in element)


def check_no_dtd(data: bytes, label: str) -> None:
    """Refuse XML with a document type declaration. A DTD (the only place entities are
    declared) must come before the root element, so parsing stops at the first element."""
    import defusedxml.ElementTree as SafeET

    with _refusing_bad_xml(label):
        for _event in SafeET.iterparse(io.BytesIO(data), events=("start",), forbid_dtd=True):
            return


@contextlib.contextmanager
def _refusing_bad_xml(label: str):
    """Turn defusedxml's refusals and parse errors into one-sentence refusals."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException

    try:
        yield
    except DefusedXmlException:
        raise RefusedFileError(f"{label} is refused: its XML declares a document type or entities, which "
                               "office files never need (an entity-expansion attack?).") from None
    except ParseError as error:
        raise RefusedFileError(f"{label} is damaged: its XML cannot be read ({error}).") from None


def check_xml_members(archive: SafeZip, suffixes=(".xml", ".rels")) -> None:
    """Check every XML member for a DTD, so a library that parses them later (python-docx,
    openpyxl) never meets an entity declaration."""
    for name in archive.names:
        if name.lower().endswith(suffixes):
            check_no_dtd(archive.read(name), f"{archive.label} ({name})")
