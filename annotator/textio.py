"""Reading plain-text files for import: decode, refuse what is not text, normalise.

The text a document stores is decided here, once, before any offset is recorded
(formats.md §0.2): no byte-order mark, ``\\n`` line ends, everything else kept exactly
(non-breaking spaces, tabs, emoji, right-to-left scripts, combining marks; no NFC).

Detection order: a byte-order mark (UTF-8, UTF-16, UTF-32); NUL bytes (BOM-less UTF-16/32 or
binary); strict UTF-8; then a legacy single-byte encoding. NUL bytes mean BOM-less UTF-16/32
only when they fill the lane that encoding leaves zero throughout the file (at least four,
none in the other lane, one in every 64 characters) and the decoded text has no control,
unassigned or private-use characters; otherwise the file is binary, so a stray NUL in UTF-8
or code-page text never turns it into UTF-16 mojibake. For the last step
charset-normalizer alone often picks cp1250 or a Mac code page for Western European text, so
cp1252 is preferred whenever its decoding is about as clean (by charset-normalizer's own mess
measure) as charset-normalizer's best guess. Latin-1 files therefore report ``cp1252``: the two
decode every byte that occurs in real Latin-1 text identically. Every code-page reading must be
plausible (:func:`implausible`: no half-width katakana, C1 controls, stray accents, Latin-1
signs stuck to letters, words mixing scripts or impossible Cyrillic/Greek words): the first
plausible candidate wins (common code pages before Mac and DOS ones), else the file is refused
with the encodings tried. A BOM-less UTF-16 reading with a word mixing scripts (two stray NULs
split a CJK character into two Latin ones) is refused too. Known gap: Central European Latin
text (Czech, Hungarian, ISO-8859-2) without tell-tale letters can still read as cp1252.

Every refusal is a :class:`~annotator.errors.RefusedFileError` whose message is one sentence
naming the file.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import RefusedFileError
from annotator.inputs import MAX_INPUT_BYTES, read_input
from annotator.plausibility import SAMPLE_CHARS, WORD, implausible, mixes_scripts, script

DEFAULT_MAX_BYTES = MAX_INPUT_BYTES

_BOMS = (  # UTF-32 first: its LE mark begins with the UTF-16 LE mark.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Microsoft Office document (such as .doc)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
)

_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_ZIP_KINDS = {
    ".docx": "a Word document (DOCX)",
    ".odt": "an OpenDocument text (ODT)",
    ".xlsx": "an Excel workbook (XLSX)",
    ".pptx": "a PowerPoint presentation (PPTX)",
    ".epub": "an EPUB e-book",
}

# Encodings charset-normalizer may guess that we never accept without a byte-order mark:
# BOM-less UTF-16/32 is handled by our NUL-byte test, and EBCDIC or UTF-7 text is vanishingly
# rare while short Latin-1 text is often mistaken for them.
_NEVER_GUESS = [
    "utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7",
    "cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140",
]
# Mac, DOS and other rare code pages: taken only when no common one (Windows, ISO, KOI8) reads well.
_RARE = ("mac", "cp4", "cp7", "cp8", "hp_", "cp1006", "cp1125", "cp1258", "ptcp", "kz")
_WESTERN_TOLERANCE = 0.1  # how much messier than the best guess cp1252 may be and still win
_HIGH_BYTES = re.compile(rb"[\x80-\xff]")
_FOREIGN_RUN = re.compile(r"[^\W\d_\x00-\x7f]{3}")  # three non-ASCII letters in a row
_LITTLE_EVIDENCE = 16  # non-ASCII bytes
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")  # C0 controls minus \t\n\v\f\r, ESC
_MAX_CONTROL_RATIO = 0.05
# BOM-less UTF-16/32 needs this many NUL bytes in its zero lane, and one in every so many characters.
_MIN_WIDE_NULS = 4
_WIDE_STRETCH = 64
_NUL_FREE_STRETCH = re.compile(rb"[^\x00]{%d}" % _WIDE_STRETCH)
_IMPLAUSIBLE = frozenset({"Cc", "Cn", "Co", "Cs"})  # controls, unassigned, private use, surrogates
_TEXT_CONTROLS = frozenset("\t\n\v\f\r")
_CRLF = re.compile("\r\n")


@dataclass(frozen=True)
class DecodedText:
    """A decoded, normalised text and what was found in the file."""

    text: str  # normalised: no BOM, "\n" line ends
    encoding: str  # Python codec name, e.g. "utf-8", "utf-16-le", "cp1252"
    had_bom: bool
    newline: str  # line ends in the file: "\n", "\r\n", "\r", "mixed" or "none"


def normalise(text: str) -> str:
    """Strip leading BOMs and turn ``\\r\\n`` and lone ``\\r`` into ``\\n``; keep all else."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class OffsetMap:
    """Code-point positions in a text as given → positions in its normalised text.

    Normalisation drops the leading BOMs and the ``\\r`` of each ``\\r\\n``. A position between
    the two halves of a ``\\r\\n`` maps to the line break's start (a span edge there moves before
    the break), one among leading BOMs to 0.
    """

    boms: int                # leading BOMs dropped
    pairs: tuple[int, ...]   # where each "\\r\\n" starts in the text as given

    def __call__(self, position: int) -> int:
        return max(position - self.boms, 0) - bisect.bisect_left(self.pairs, position)

    def splits_a_pair(self, position: int) -> bool:
        """Whether ``position`` falls between the two characters of a ``\\r\\n``."""
        index = bisect.bisect_left(self.pairs, position - 1)
        return index < len(self.pairs) and self.pairs[index] == position - 1


def normalise_with_offsets(text: str) -> tuple[str, OffsetMap]:
    """:func:`normalise` and the map of ``text``'s code-point positions onto the result."""
    boms = len(text) - len(text.lstrip("\ufeff"))
    pairs = tuple(match.start() for match in _CRLF.finditer(text, boms))
    return normalise(text), OffsetMap(boms, pairs)


def unusable_text(text: str) -> str | None:
    """Why a text given as a string (not a file) cannot be a document, or None."""
    if "\x00" in text:
        return "holds a NUL character (U+0000), which plain text never holds"
    return None if text.strip() else "is empty (it holds only whitespace)"


def sha256_text(text: str) -> str:
    """Hex SHA-256 of the normalised text's UTF-8 bytes: a document's identity."""
    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()


def newline_style(text: str) -> str:
    """Which line ends ``text`` uses: ``"\\n"``, ``"\\r\\n"``, ``"\\r"``, ``"mixed"`` or ``"none"``."""
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\r": text.count("\r") - crlf, "\n": text.count("\n") - crlf}
    found = [style for style, n in counts.items() if n]
    return found[0] if len(found) == 1 else ("mixed" if found else "none")


def read_text_file(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedText:
    """Read and decode a text file, or raise :class:`RefusedFileError` saying why not."""
    return decode_bytes(read_input(path, max_bytes), os.fspath(path))


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """Decode the bytes of a file called ``name`` (used in messages) into normalised text."""
    if not data:
        raise RefusedFileError(f"{name} is empty.")
    _refuse_known_binary(data, name)
    raw, encoding, had_bom = _decode(data, name)
    if "\x00" in raw or _mostly_control(raw):
        raise RefusedFileError(f"{name} looks like a binary file, not plain text.")
    text = normalise(raw)
    if not text.strip():
        held = "whitespace" if text else "a byte-order mark"
        raise RefusedFileError(f"{name} is empty (it holds only {held}).")
    return DecodedText(text, encoding, had_bom, newline_style(raw))


def _decode(data: bytes, name: str) -> tuple[str, str, bool]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom):], encoding, name, bom=True), encoding, True
    if b"\x00" in data:
        return _decode_wide(data, name)
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    text, encoding = _decode_legacy(data, name)
    return text, encoding, False


def _decode_strict(data: bytes, encoding: str, name: str, bom: bool) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        label = encoding.upper().replace("-LE", "").replace("-BE", "")
        why = f"although it starts with a {label} byte-order mark" if bom else ""
        raise RefusedFileError(f"{name} could not be decoded as {label} {why}".strip() + ".") from None


def _decode_wide(data: bytes, name: str) -> tuple[str, str, bool]:
    """NUL bytes without a BOM: UTF-32/UTF-16 only on overwhelming evidence, else binary."""
    for encoding, width in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % width == 0 and _nuls_fill_a_lane(data, encoding, width):
            text = _plausible_decoding(data, encoding)
            if text is not None:
                return (_plausible_wide(text, encoding, name) if width == 2 else text), encoding, False
    raise RefusedFileError(f"{name} looks like a binary file, not plain text.")


def _plausible_wide(text: str, encoding: str, name: str) -> str:
    """The text, unless it holds what stray NULs give in UTF-16: a CJK character split into two
    Latin ones (UTF-32's zero lane leaves no such room)."""
    sample = text[:SAMPLE_CHARS]
    mixed = next((word for word in WORD.findall(sample) if mixes_scripts(word)), None)
    split = _SPLIT_WIDE.search(sample) if _mostly_not_latin(sample) else None
    why = f"a word mixing scripts ({mixed!r})" if mixed else f"{split.group()!r} amid another script" if split else None
    if why:
        raise RefusedFileError(f"{name} could not be decoded: read as {encoding.upper()} without a byte-order mark "
                               f"it holds {why}; save it as UTF-8 and import it again.")
    return text


# Two stray NULs around the bytes of U+4E00-U+7EFF give two Latin-1 characters on their own,
# the first in U+004E-U+007E ("\u4e3a" -> "N:").
_SPLIT_WIDE = re.compile("(?<![0-9A-Za-z\u00c0-\u00ff])[\x4e-\x7e][\x21-\xff](?![0-9A-Za-z\u00c0-\u00ff])")


def _mostly_not_latin(text: str) -> bool:
    scripts = [script(char) for char in text if char.isalpha()]
    return sum(script not in ("", "LATIN") for script in scripts) > len(scripts) / 2


def _nuls_fill_a_lane(data: bytes, encoding: str, width: int) -> bool:
    """Whether NUL bytes fill the lane that text in ``encoding`` leaves zero, throughout.

    UTF-32: the top byte of every character (code points stop at U+10FFFF). UTF-16: the
    high byte, which is NUL for ASCII spaces, digits and punctuation, so only texts with those
    throughout qualify (CJK without a BOM does not); none in the low lane.
    """
    high = width - 1 if encoding.endswith("le") else 0
    lane = data[high::width]
    if lane.count(0) < _MIN_WIDE_NULS:
        return False
    if width == 4:
        return not any(lane)
    return b"\x00" not in data[1 - high :: 2] and not _NUL_FREE_STRETCH.search(lane)


def _plausible_decoding(data: bytes, encoding: str) -> str | None:
    """The text, unless it fails to decode or holds control, unassigned or private characters
    (what a shifted byte or a binary file gives when read as UTF-16/32)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    odd = (c for c in set(text) if c not in _TEXT_CONTROLS and unicodedata.category(c) in _IMPLAUSIBLE)
    return None if next(odd, None) else text


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """The first plausible reading: cp1252 when it looks Western, then charset-normalizer's
    candidates in its order (and once more without the implausible ones); else a refusal."""
    tried: list[str] = []
    for text, encoding in _legacy_candidates(data, []):
        tried.append(encoding)
        if not implausible(text):
            return text, encoding
    for text, encoding in _legacy_candidates(data, tried, western=False):
        tried.append(encoding)
        if not implausible(text):
            return text, encoding
    if not tried:
        raise RefusedFileError(f"{name} could not be decoded as text in any known encoding.")
    raise RefusedFileError(f"{name} could not be decoded: could not tell its encoding (tried "
                           f"{', '.join(dict.fromkeys(tried))}); save it as UTF-8 and import it again.")


def _legacy_candidates(data: bytes, exclude: list[str], western: bool = True):
    from charset_normalizer import from_bytes

    results = from_bytes(data, cp_exclusion=_NEVER_GUESS + exclude)
    text = _try_cp1252(data) if western else None
    if text is not None and _looks_western(data, results.best()):
        yield text, "cp1252"
    yield from ((str(m), codecs.lookup(m.encoding).name) for m in results if not m.encoding.startswith(_RARE))
    if text is not None and not _FOREIGN_RUN.search(text[:SAMPLE_CHARS]):
        yield text, "cp1252"  # before a Mac or DOS code page, unless it shows another alphabet's letters
    yield from ((str(m), codecs.lookup(m.encoding).name) for m in results if m.encoding.startswith(_RARE))


def _try_cp1252(data: bytes) -> str | None:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _looks_western(data: bytes, best) -> bool:
    """Whether cp1252 is a plausible reading of ``data`` (which cp1252 can decode).

    Cyrillic, Greek or Turkish bytes read as cp1252 give runs of accented letters
    ("\u00cf\u00f0\u00e8\u00e2\u00e5\u00f2"); Polish gives signs inside words ("by\u00b3em"), which
    :func:`implausible` finds in the reading.
    Otherwise cp1252 wins unless charset-normalizer finds a clearly cleaner reading; with
    little evidence (a few non-ASCII bytes) its measure is noise, and cp1252 wins.
    """
    from charset_normalizer.md import mess_ratio

    sample = _high_byte_sample(data)
    if _FOREIGN_RUN.search(sample):
        return False
    if len(_HIGH_BYTES.findall(data, 0, 1 << 20)) < _LITTLE_EVIDENCE:
        return True
    best_chaos = best.chaos if best is not None else 1.0
    return mess_ratio(sample, maximum_threshold=1.0) <= best_chaos + _WESTERN_TOLERANCE


def _high_byte_sample(data: bytes, windows: int = 400, radius: int = 48) -> str:
    """cp1252 text around the first non-ASCII bytes: what the mess measure needs to see."""
    parts, last_end = [], 0
    for i, match in enumerate(_HIGH_BYTES.finditer(data)):
        if i >= windows:
            break
        start = max(match.start() - radius, last_end)
        if start < match.end():
            last_end = min(match.end() + radius, len(data))
            parts.append(data[start:last_end].decode("cp1252"))
    return "\n".join(parts)


def _mostly_control(text: str) -> bool:
    sample = text[:SAMPLE_CHARS]
    return len(_CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * len(sample)


def _refuse_known_binary(data: bytes, name: str) -> None:
    kind = next((kind for sig, kind in _SIGNATURES if data.startswith(sig)), None)
    if kind is None and data.startswith(_ZIP_SIGNATURES):
        kind = _ZIP_KINDS.get(Path(name).suffix.lower(), "a ZIP archive (such as a .docx or .odt file)")
    if kind is not None:
        raise RefusedFileError(f"{name} is {kind}, not a plain text file.")


def nfc(text: str) -> str:
    """``text`` composed (NFC), for comparing names: a name typed on one system matches one stored
    from another (macOS writes file names decomposed). Stored text and names are never changed."""
    return unicodedata.normalize("NFC", text)
