"""Reading text files for import: encodings, line ends, preserved characters, refusals."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import AnnotatorError, RefusedFileError
from annotator.plausibility import implausible
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
         "\u042d\u0442\u043e \u0442\u0435\u0441\u0442\u043e\u0432\u044b\u0439 \u0442\u0435\u043a\u0441\u0442.",
         "cp1251"),
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


@pytest.mark.parametrize("data, held", [(b"", "is empty."), (codecs.BOM_UTF8, "only a byte-order mark"),
                                        (codecs.BOM_UTF16_LE, "only a byte-order mark"),
                                        (b"  \r\n\t\n", "only whitespace"),
                                        ("\u00a0\u2003\n".encode(), "only whitespace")])
def test_empty_bom_only_and_whitespace_only_files_are_refused_as_empty(tmp_path, data, held):
    message = refused(tmp_path, "empty.txt", data)
    assert "is empty" in message and held in message, message


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document, not a plain text file"),
        ("essay.docx", b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml",
         "a Word document (DOCX), not a plain text file"),
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
    from annotator.inputs import too_large

    assert textio.DEFAULT_MAX_BYTES == 200 * 1024 * 1024
    assert too_large("x.txt", 250 * 1024 * 1024, textio.DEFAULT_MAX_BYTES) == (
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


# --- NUL bytes: binary, or BOM-less UTF-16/32 only on overwhelming evidence ------------------

def test_a_stray_nul_in_english_is_binary_not_utf16(tmp_path):
    words = "the council voted on the budget and the mayor said it was fair to all of us ".encode()
    data = bytearray((words * 200)[:10_000])
    data[4001] = 0  # odd offset, even length: every NUL sits in UTF-16 LE's high-byte lane
    assert "binary" in refused(tmp_path, "report.txt", bytes(data))
    assert "binary" in refused(tmp_path, "rows.txt", b"name,text\na,b\x00c,d\n")  # 18 bytes


def test_bomless_utf16_needs_nuls_throughout_not_in_one_place(tmp_path):
    english = "Nobody expected the vote to pass, but it did, by a single voice. " * 4
    latin = english.encode("utf-16-le")
    assert read_text_file(write(tmp_path, "ok.txt", latin)).text == english
    cyrillic = "\u0441\u043b\u043e\u0432\u043e " * 20  # one NUL (the space) every six characters
    assert decode_bytes(cyrillic.encode("utf-16-be"), "ru.txt").text == cyrillic
    # 200 characters without an ASCII one, then 200 Latin: NULs only in the second half
    half = ("\u0436" * 200 + "a" * 200).encode("utf-16-le")
    assert "binary" in refused(tmp_path, "half.txt", half)
    assert "binary" in refused(tmp_path, "tiny.txt", "abc".encode("utf-16-le"))  # three NULs only
    # NULs in the right lane, but the text they give has controls: not text
    assert "binary" in refused(tmp_path, "ctrl.txt", ("ab\x01c" * 10).encode("utf-16-le"))
    shifted = bytearray("Votes were counted twice over, and the count held. ".encode("utf-16-le") * 3)
    shifted[40:40] = b"\x00"
    shifted[81:81] = b"\x00"  # realigned after 20 shifted characters, whose NULs moved lane
    assert "binary" in refused(tmp_path, "shifted.txt", bytes(shifted))


# Random texts in five scripts. Letters, spaces, digits and punctuation of each script; CJK
# includes U+3000 and U+4E00, whose UTF-16 low byte is NUL.
ALPHABETS = {
    "latin": "abcdefghijklmnopqrstuvwxyzABCXYZ\u00e9\u00e8\u00e0\u00e7\u00fc\u00f6\u00f1\u00df\u00f8\u00e5"
             "\u0142\u0151\u0161\u017e\u010d",
    "cyrillic": "".join(map(chr, range(0x0410, 0x0450))) + "\u0451\u0401",
    "greek": "".join(map(chr, range(0x03b1, 0x03ca))) + "\u0391\u0392\u0393\u03a9\u03ac\u03ad\u03ae\u03af\u03cc",
    "arabic": "".join(map(chr, range(0x0627, 0x063b))) + "".join(map(chr, range(0x0641, 0x064b))),
    "cjk": "\u4e00\u662f\u4e0d\u4e86\u4eba\u6211\u5728\u6709\u4ed6\u8fd9\u4e2d\u5927\u6765\u4e0a\u56fd"
           "\u5b66\u5bf9\u53ef\u5979\u91cc\u540e\u5c0f\u3072\u3089\u304c\u306a\u30ab\u30bf\ud55c\uad6d\uc5b4",
}
SEPARATORS = {"latin": [" ", ", ", ". ", "\n", " 12 "], "cyrillic": [" ", ", ", "! ", "\n"],
              "greek": [" ", "; ", ". ", "\n"], "arabic": [" ", "\u060c ", ". ", "\n"],
              "cjk": ["", "\u3001", "\u3002", "\u3000", "\n", " 7 "]}
BOM_UNICODE = ["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "utf-32-le-bom", "utf-32-be-bom"]
BOMLESS_WIDE = ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"]  # UTF-16: alphabetic scripts only
CODE_PAGES = {"latin": ["cp1252", "iso8859-1"], "cyrillic": ["cp1251", "koi8-r"], "greek": ["cp1253"],
              "arabic": ["cp1256"], "cjk": ["gb18030", "big5", "shift_jis", "euc-kr"]}


LOW_NUL_LETTERS = "\u0100\u0400\u0300"  # \u0100, \u0400, a combining grave: U+XX00 like U+4E00


@st.composite
def scripted_text(draw, script: str, extra: str = "") -> str:
    word = st.text(alphabet=ALPHABETS[script] + extra, min_size=1, max_size=12)
    words = draw(st.lists(word, min_size=5, max_size=25))
    separators = draw(st.lists(st.sampled_from(SEPARATORS[script]), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, separators)).strip() + "."


def encode(text: str, encoding: str) -> tuple[bytes, int]:
    """The file's bytes and where its text starts (after any BOM)."""
    if encoding.endswith("-bom"):
        codec = encoding[:-4]
        bom = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE if codec == "utf-16-be" \
            else codecs.BOM_UTF32_LE if codec == "utf-32-le" else codecs.BOM_UTF32_BE
        return bom + text.encode(codec), len(bom)
    data = text.encode(encoding)
    return data, 3 if encoding == "utf-8-sig" else 0


def with_nuls(data: bytes, start: int, where: list[int], unit: int) -> bytes:
    """``data`` with a NUL code unit (``unit`` zero bytes) inserted at each of ``where``
    (taken modulo the number of places), counted in units after ``start``."""
    out = bytearray(data)
    for position in where:
        units = (len(out) - start) // unit
        at = start + (position % (units + 1)) * unit
        out[at:at] = b"\x00" * unit
    return bytes(out)


def decoded_or_refused(data: bytes):
    try:
        return decode_bytes(data, "random.txt").text
    except RefusedFileError:
        return None


nul_places = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=3)


@pytest.mark.parametrize("script", list(ALPHABETS))
@given(data=st.data())
def test_random_texts_decode_exactly_in_every_unicode_encoding_and_nuls_are_refused(script, data):
    """Every supported Unicode encoding gives back the text; 1-3 NULs give a refusal, never a
    text in another script. A BOM is trusted for alignment, so NULs go into BOM'd UTF-16/32
    files as whole code units (U+0000); everywhere else they go at any byte offset, which is
    how a stray NUL shifts a BOM-less UTF-16 text or lands inside a UTF-8 sequence."""
    encodings = BOM_UNICODE + (BOMLESS_WIDE if script != "cjk" else BOMLESS_WIDE[:2])
    encoding = data.draw(st.sampled_from(encodings), label="encoding")
    # BOM-less UTF-16 needs NULs in the high-byte lane only (README): no U+XX00 characters
    extra = "" if encoding in ("utf-16-le", "utf-16-be") else LOW_NUL_LETTERS
    text = data.draw(scripted_text(script, extra), label="text")
    raw, start = encode(text, encoding)
    assert decoded_or_refused(raw) == text
    unit = 4 if encoding.startswith("utf-32") and encoding.endswith("-bom") else \
        2 if encoding.startswith("utf-16") and encoding.endswith("-bom") else 1
    assert decoded_or_refused(with_nuls(raw, start, data.draw(nul_places, label="nuls"), unit)) is None


@pytest.mark.parametrize("script", list(ALPHABETS))
@given(data=st.data())
def test_random_texts_in_a_code_page_with_a_stray_nul_are_refused(script, data):
    """A NUL in text that otherwise decodes as a single-byte (or legacy CJK) code page is binary."""
    text = data.draw(scripted_text(script), label="text")
    encoding = data.draw(st.sampled_from(CODE_PAGES[script]), label="encoding")
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode(encoding, "ignore")  # the letters this code page lacks are left out
    assert decoded_or_refused(with_nuls(raw, 0, data.draw(nul_places, label="nuls"), 1)) is None


# --- legacy code pages: natural sentences decode exactly or are refused, never another script --

SENTENCES = {
    "russian": ["Министр сказал, что налоги снизятся в следующем году.",
                "Критики считают, что это обещание невозможно выполнить.",
                "Вчера в парламенте прошло долгое обсуждение бюджета.",
                "Жители города ждут ответа от мэра уже третий месяц."],
    "ukrainian": ["Міністр сказав, що податки знизяться наступного року.",
                  "Критики вважають, що ця обіцянка нездійсненна.",
                  "Учора в парламенті тривало довге обговорення бюджету."],
    "greek": ["Ο υπουργός είπε ότι οι φόροι θα μειωθούν τον επόμενο χρόνο.",
              "Οι επικριτές πιστεύουν ότι αυτή η υπόσχεση δεν μπορεί να τηρηθεί.",
              "Χθες στη Βουλή έγινε μεγάλη συζήτηση για τον προϋπολογισμό."],
    "turkish": ["Bakan, vergilerin gelecek yıl düşeceğini söyledi.",
                "Eleştirmenler bu sözün yerine getirilemeyeceğini düşünüyor.",
                "Dün mecliste bütçe üzerine uzun bir tartışma yaşandı.",
                "Şehir sakinleri üç aydır belediye başkanından cevap bekliyor."],
    "polish": ["Minister powiedział, że podatki spadną w przyszłym roku.",
               "Krytycy uważają, że ta obietnica jest niemożliwa do spełnienia.",
               "Wczoraj w sejmie odbyła się długa dyskusja o budżecie.",
               "Mieszkańcy miasta czekają na odpowiedź burmistrza już trzeci miesiąc."],
    "arabic": ["قال الوزير إن الضرائب ستنخفض في العام المقبل.", "يعتقد المنتقدون أن هذا الوعد مستحيل التحقيق."],
    "western": ["Le ministre a déclaré que les impôts baisseront l'année prochaine, à vrai dire.",
                "Der Minister sagte, dass die Steuern im nächsten Jahr sinken würden; große Sorgen.",
                "¿Los críticos creen que esa promesa es imposible de cumplir? El señor Muñoz, sí.",
                "Hier, à 20°C, un long débat « sur le budget » a eu lieu ; où va-t-on ?"],
}
LEGACY = {"russian": ["koi8-r", "cp1251", "iso8859-5"], "ukrainian": ["koi8-u", "cp1251"],
          "greek": ["cp1253", "iso8859-7"], "turkish": ["cp1254", "iso8859-9"], "polish": ["cp1250"],
          "arabic": ["cp1256", "iso8859-6"], "western": ["cp1252", "iso8859-1", "iso8859-15"]}


@pytest.mark.parametrize("language", list(SENTENCES))
@given(data=st.data())
def test_natural_sentences_in_a_code_page_decode_exactly_or_are_refused(language, data):
    """KOI8-R Russian was stored as half-width katakana, Polish and Turkish as cp1252 mojibake:
    every reading is checked for what a wrong code page gives, and Western text still decodes."""
    sentences = data.draw(st.lists(st.sampled_from(SENTENCES[language]), min_size=1, max_size=3), label="text")
    text = " ".join(sentences)
    encoding = data.draw(st.sampled_from(LEGACY[language]), label="encoding")
    decoded = decoded_or_refused(text.encode(encoding))
    assert decoded in (text, None)
    if language == "western":
        assert decoded == text


@pytest.mark.parametrize("data, encoding", [
    ("Министр сказал, что налоги снизятся.".encode("koi8-r"), None),  # was half-width katakana
    ("Minister powiedział, że podatki spadną.".encode("cp1250"), "cp1250"),  # was "powiedzia³, ¿e"
    ("Şehir sakinleri üç aydır cevap bekliyor.".encode("cp1254"), "cp1254"),  # was "Þehir … aydýr"
])
def test_a_reading_in_another_script_or_with_signs_inside_words_is_not_taken(data, encoding):
    try:
        decoded = decode_bytes(data, "x.txt")
    except RefusedFileError as refusal:
        assert encoding is None and "save it as UTF-8" in str(refusal)
    else:
        assert decoded.encoding == encoding
        assert decoded.text == data.decode(encoding)


def test_signs_western_text_puts_beside_letters_do_not_make_a_reading_implausible():
    assert implausible("Microsoft\u00ae Word\u00a9, 5 \u00b5g, Donau\u00addampf, N\u00b0 5, 1\u00aa, 20\u00b0C, "
                       "col\u00b7legi, \u00bfQu\u00e9? \u00a1Hola! \u00ab Oui \u00bb, m\u00b2, \u00d8rsted") is None
    assert implausible("Minister powiedzia\u00b3, \u00bfe podatki spadn\u00b9.") == "signs inside words"


def test_bomless_utf16_with_a_cjk_character_split_by_two_nuls_is_refused():
    """Two NULs turned U+4E3A into "N:" in a BOM-less UTF-16 Chinese text with ASCII spaces."""
    text = "我们 今天 讨论 经济 政策。 政府 认为 税收 将会 下降， 但是 批评者 反对。 " * 3 + "他 为 你。"
    data = text.encode("utf-16-be")
    assert decode_bytes(data, "zh.txt").text == text
    at = data.index("为".encode("utf-16-be"))
    split = data[:at] + b"\x00\x4e\x00\x3a" + data[at + 2:]
    with pytest.raises(RefusedFileError, match="UTF-8"):
        decode_bytes(split, "zh.txt")
    at = data.index(" 为 ".encode("utf-16-be")) + 2  # between spaces: no word mixes scripts
    alone = data[:at] + b"\x00\x4e\x00\x3a" + data[at + 2:]
    assert " N: " in alone.decode("utf-16-be")
    with pytest.raises(RefusedFileError, match="amid another script"):
        decode_bytes(alone, "zh.txt")
