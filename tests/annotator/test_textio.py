"""Reading text files for import: encodings, line ends, preserved characters, refusals."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import AnnotatorError, RefusedFileError
from annotator.textio import (
    DecodedText,
    decode_bytes,
    newline_style,
    normalise,
    read_text_file,
    sha256_text,
)

SPEECH = "We must act now \u2014 \u201cfairness\u201d costs \u20ac5, said the caf\u00e9 owner.\nNa\u00efve? No."
LATIN = "Caf\u00e9 cr\u00e8me, na\u00efve fa\u00e7ade, \u00bfqu\u00e9? \u00a9 1999, 30\u00b0C, \u00bd price."
# Characters that must survive import untouched (Qt would change some of them, formats.md §5.9).
PRESERVED = (
    "a\u00a0b"  # non-breaking space
    "\tc"  # tab
    " \U0001F60A \U0001F1E9\U0001F1EA"  # emoji, flag (astral characters)
    " \u0645\u0631\u062d\u0628\u0627"  # Arabic
    " \u05e9\u05dc\u05d5\u05dd"  # Hebrew
    " e\u0301 n\u0303"  # combining marks, NFD (no NFC)
    " zero\u200bwidth \u2028line-sep \u2029para-sep inner\ufeffbom"
)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "data, encoding, had_bom",
    [
        (SPEECH.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + SPEECH.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + SPEECH.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + SPEECH.encode("utf-16-be"), "utf-16-be", True),
        (SPEECH.encode("utf-16"), "utf-16-le", True),  # Python writes a BOM, native order
        (codecs.BOM_UTF32_LE + SPEECH.encode("utf-32-le"), "utf-32-le", True),
        (codecs.BOM_UTF32_BE + SPEECH.encode("utf-32-be"), "utf-32-be", True),
        (SPEECH.encode("utf-16-le"), "utf-16-le", False),  # BOM-less, recognised by NUL lanes
        (SPEECH.encode("utf-16-be"), "utf-16-be", False),
        (SPEECH.encode("cp1252"), "cp1252", False),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-python", "utf32le-bom",
         "utf32be-bom", "utf16le-nobom", "utf16be-nobom", "cp1252"],
)
def test_common_encodings_decode_to_the_same_text(tmp_path, data, encoding, had_bom):
    if encoding == "utf-16-le" and had_bom and data[:2] != codecs.BOM_UTF16_LE:
        encoding = "utf-16-be"  # big-endian machine
    decoded = read_text_file(write(tmp_path, "speech.txt", data))
    assert decoded == DecodedText(SPEECH, encoding, had_bom, "\n")


@pytest.mark.parametrize(
    "text",
    [
        SPEECH,
        "\u201cShort.\u201d",  # short cp1252 text: charset-normalizer alone says cp1250
        "The minister\u2019s \u201cplan\u201d \u2013 \u20ac10bn \u2026 \u2122 \u0153uvre \u0160koda. " * 20,
    ],
)
def test_cp1252_smart_quotes_and_euro(tmp_path, text):
    decoded = read_text_file(write(tmp_path, "win.txt", text.encode("cp1252")))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


@pytest.mark.parametrize(
    "text",
    [
        LATIN,
        "Gr\u00f6\u00dfere \u00dcbungen f\u00fcr Stra\u00dfenbahnfahrer, sch\u00f6n gem\u00fctlich.",
        "Caf\u00e9",  # four bytes: charset-normalizer alone guesses UTF-16
        "\u00c0 bient\u00f4t, \u00e7a va tr\u00e8s bien.\n" * 500,
    ],
)
def test_latin1_texts_decode_exactly(tmp_path, text):
    decoded = read_text_file(write(tmp_path, "latin.txt", text.encode("latin-1")))
    assert decoded.text == text
    assert decoded.encoding in {"cp1252", "iso8859-1"}  # identical for these bytes


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? "
         "\u042d\u0442\u043e \u0442\u0435\u0441\u0442\u043e\u0432\u044b\u0439 \u0442\u0435\u043a\u0441\u0442.", "cp1251"),
        ("P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl "
         "\u010f\u00e1belsk\u00e9 \u00f3dy.", "cp1250"),
    ],
)
def test_other_legacy_encodings_are_not_forced_into_cp1252(text, encoding):
    assert decode_bytes(text.encode(encoding), "x.txt").text == text


# --- normalisation --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "raw, style",
    [
        ("one\r\ntwo\r\n\r\nthree", "\r\n"),
        ("one\rtwo\r\rthree", "\r"),
        ("one\ntwo\n\nthree", "\n"),
        ("one\r\ntwo\r\nthree\nfour", "mixed"),
        ("one\rtwo\nthree", "mixed"),
    ],
)
def test_line_ends_become_lf_and_the_original_style_is_reported(tmp_path, raw, style):
    decoded = read_text_file(write(tmp_path, "lines.txt", raw.encode("utf-8")))
    expected = "one\ntwo\n\nthree" if style != "mixed" else raw.replace("\r\n", "\n").replace("\r", "\n")
    assert decoded.text == expected
    assert decoded.newline == style


def test_no_line_end_is_reported_as_none():
    assert decode_bytes(b"one line", "a.txt").newline == "none"
    assert newline_style("") == "none"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_every_other_character_is_preserved_exactly(tmp_path, encoding):
    raw = PRESERVED + "\r\n" + PRESERVED + "\r" + PRESERVED
    decoded = read_text_file(write(tmp_path, "keep.txt", raw.encode(encoding)))
    assert decoded.text == "\n".join([PRESERVED] * 3)
    assert "e\u0301" in decoded.text and "\u00e9" not in decoded.text  # not NFC-composed
    assert decoded.text.count("\u00a0") == 3 and decoded.text.count("\t") == 3


def test_bom_is_stripped_but_an_inner_zero_width_no_break_space_is_kept():
    decoded = decode_bytes(codecs.BOM_UTF8 + "a\ufeffb".encode("utf-8"), "bom.txt")
    assert decoded.text == "a\ufeffb"
    assert decoded.had_bom


def test_normalise_examples():
    assert normalise("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"
    assert normalise("\r\r\n\n") == "\n\n\n"
    assert normalise(PRESERVED) == PRESERVED


@given(st.text(alphabet=st.sampled_from(["a", " ", "\r", "\n", "\ufeff", "\u00a0", "\t", "\U0001F60A", "\u0301"])))
def test_normalise_is_idempotent_and_leaves_no_cr(text):
    once = normalise(text)
    assert normalise(once) == once
    assert "\r" not in once and not once.startswith("\ufeff")


@given(st.text())
def test_normalise_only_changes_line_ends_and_leading_boms(text):
    once = normalise(text)
    assert normalise(once) == once
    assert once.replace("\n", "") == text.lstrip("\ufeff").replace("\r", "").replace("\n", "")


def test_sha256_is_of_the_normalised_utf8_bytes():
    import hashlib

    assert sha256_text("a\nb") == hashlib.sha256(b"a\nb").hexdigest()
    assert sha256_text("\ufeffa\r\nb") == sha256_text("a\nb")
    assert sha256_text("e\u0301") != sha256_text("\u00e9")  # no NFC: different texts


def test_the_same_text_in_two_encodings_has_one_hash(tmp_path):
    a = read_text_file(write(tmp_path, "a.txt", SPEECH.replace("\n", "\r\n").encode("utf-16")))
    b = read_text_file(write(tmp_path, "b.txt", SPEECH.encode("cp1252")))
    assert sha256_text(a.text) == sha256_text(b.text)


# --- refusals -------------------------------------------------------------------------------

def refused(tmp_path, name, data, **kwargs) -> str:
    path = write(tmp_path, name, data)
    with pytest.raises(RefusedFileError) as info:
        read_text_file(path, **kwargs)
    message = str(info.value)
    assert str(path) in message, message
    assert "\n" not in message and "Traceback" not in message
    assert isinstance(info.value, AnnotatorError)
    return message


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"  \r\n\t\n", "\u00a0\u2003\n".encode()])
def test_empty_bom_only_and_whitespace_only_files_are_refused_as_empty(tmp_path, data):
    assert "is empty" in refused(tmp_path, "empty.txt", data)


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document, not a plain text file"),
        ("essay.docx", b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml", "a Word document (DOCX), not a plain text file"),
        ("notes.txt", b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive"),
        ("pic.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        ("other.annot", b"SQLite format 3\x00\x10\x00\x01\x01", "an SQLite database"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "Microsoft Office"),
        ("data.bin", bytes(range(256)) * 8, "binary"),
        ("nul.txt", b"Hello\x00world, plain text with one NUL byte", "binary"),
        ("ctrl.txt", b"\x01\x02\x03\x04\x05abc" * 50, "binary"),
        ("wide.txt", codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "binary"),
    ],
)
def test_binary_files_are_refused(tmp_path, name, data, words):
    assert words in refused(tmp_path, name, data)


def test_undecodable_files_are_refused(tmp_path):
    assert "could not be decoded" in refused(tmp_path, "noise.txt", bytes(range(1, 256)) * 4)
    message = refused(tmp_path, "bad16.txt", codecs.BOM_UTF16_LE + b"a\x00\x00\xd8b\x00")  # lone surrogate
    assert "UTF-16" in message and "byte-order mark" in message
    assert "UTF-8" in refused(tmp_path, "bad8.txt", codecs.BOM_UTF8 + b"ok \xff\xfe\xfd")


def test_too_large_files_are_refused_with_the_limit(tmp_path):
    message = refused(tmp_path, "big.txt", b"x" * 2048, max_bytes=1024)
    assert "too large" in message and "1 KB" in message and "2 KB" in message
    assert read_text_file(write(tmp_path, "fits.txt", b"x" * 1024), max_bytes=1024).text == "x" * 1024


def test_default_limit_is_200_mb_and_is_named(tmp_path, monkeypatch):
    import annotator.textio as textio

    assert textio.DEFAULT_MAX_BYTES == 200 * 1024 * 1024
    assert textio._too_large("x.txt", 250 * 1024 * 1024, textio.DEFAULT_MAX_BYTES) == (
        "x.txt is too large to import (250 MB; the limit is 200 MB)."
    )


def test_missing_file_and_folder_are_refused_not_raised(tmp_path):
    for path, words in ((tmp_path / "missing.txt", "could not be read"), (tmp_path, "is a folder")):
        with pytest.raises(RefusedFileError, match=words) as info:
            read_text_file(path)
        assert str(path) in str(info.value)


def test_decode_bytes_names_the_file_it_was_given():
    with pytest.raises(RefusedFileError, match=r"^corpus/a\.txt is empty\.$"):
        decode_bytes(b"", "corpus/a.txt")
