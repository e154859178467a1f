"""Build ``.qdpx`` files shaped like the ones real tools write, for the import tests.

Each :class:`Writer` is one tool's habits: the unit it counts selection positions in (UTF-16
code units or code points), whether a stored ``\\r\\n`` counts one or two, how it stores the
text (line ends, byte-order mark), the archive's shape (``Sources/`` or ``sources/``,
``Project.qde``, an empty ``.root``, stored or deflated members), how it writes paths and
GUIDs, whether selection names quote the text, where document variables go.

A coding is given as the passage the tool shows; the builder computes the positions the tool
would write, and :func:`build` returns what the tool shows for each coding, read back from the
stored text in the tool's own unit (independently of the code under test), for the assertion
that every imported coding quotes exactly that.
"""
from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.etree import ElementTree as ET

NS = "urn:QDA-XML:project:1.0"


@dataclass(frozen=True)
class Writer:
    origin: str
    unit: str                     # what positions count: "utf-16" code units, "code points", "utf-8" bytes
    crlf_as_two: bool             # a stored "\r\n" counts two (else one)
    line_end: str = "\r\n"        # how the .txt stores a line break
    sources_dir: str = "sources"
    qde_name: str = "project.qde"
    declaration: str = '<?xml version="1.0" encoding="utf-8"?>\n'
    one_line: bool = False
    compression: int = zipfile.ZIP_DEFLATED
    upper_guids: bool = False
    bare_paths: bool = False      # plainTextPath="name.txt" instead of internal://
    names: str = "none"           # selection names: none, cut (ATLAS.ti: 100 characters + "…"), full
    selection_per_code: bool = False
    root_marker: bool = False     # an empty sources/.root member (NVivo for Mac)
    rich_text: bool = False       # a .docx beside each .txt
    case_variables: str = "none"  # none, named (NVivo case classification), nameless (MAXQDA)


NVIVO_WINDOWS = Writer("NVivo for Windows 12.6", "utf-16", True, sources_dir="Sources",
                       declaration='<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n',
                       selection_per_code=True, rich_text=True, case_variables="named")
NVIVO_MAC = Writer("NVivo for Mac 12.7", "utf-16", True,
                   declaration='<?xml version="1.0" encoding="UTF-8" standalone="no" ?>', one_line=True,
                   compression=zipfile.ZIP_STORED, selection_per_code=True, root_marker=True, rich_text=True)
ATLAS_TI = Writer("ATLAS.ti 8.4.24 (Build 1135)", "utf-16", False, qde_name="Project.qde", names="cut")
MAXQDA = Writer("MAXQDA 2020 (Release 20.0.8)", "utf-16", True, upper_guids=True, case_variables="nameless")
QUALCODER = Writer("QualCoder 1.3.2", "code points", False, line_end="\n", declaration="", bare_paths=True,
                   names="full")


@dataclass
class Coding:
    code: str
    passage: str          # as the tool shows it (line breaks as "\n")
    occurrence: int = 0   # which occurrence of the passage in the text
    coder: str = "Ana"


@dataclass
class Doc:
    name: str
    text: str             # as the tool shows it (line breaks as "\n")
    codings: list = field(default_factory=list)
    bom: bool = False
    rich_only: bool = False   # a one-byte .txt; the text is in the .docx (NVivo)
    missing: bool = False     # referenced but not in the archive (ATLAS.ti standard project)
    variables: dict = field(default_factory=dict)


@dataclass
class Built:
    path: Path
    shown: list           # (document, code, the text the tool shows) for every coding it placed
    codings: int          # Coding elements written


def counted(writer: Writer, text: str) -> str:
    """The text the writer counts positions on."""
    return text.replace("\n", writer.line_end) if writer.crlf_as_two else text


_CODECS = {"utf-16": ("utf-16-le", 2), "utf-8": ("utf-8", 1), "code points": ("utf-32-le", 4)}


def units(writer: Writer, text: str) -> int:
    codec, width = _CODECS[writer.unit]
    return len(text.encode(codec)) // width


def writer_positions(writer: Writer, text: str, start: int, end: int) -> tuple[int, int]:
    return units(writer, counted(writer, text[:start])), units(writer, counted(writer, text[:end]))


def writer_shows(writer: Writer, text: str, start: int, end: int) -> str:
    """What the tool shows for positions it wrote: its counted text sliced in its own unit."""
    codec, width = _CODECS[writer.unit]
    body = counted(writer, text).encode(codec)[width * start:width * end].decode(codec, errors="replace")
    return body.replace("\r\n", "\n")


def find(text: str, passage: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    return start


class _Builder:
    def __init__(self, writer: Writer, name: str):
        self.writer = writer
        self.root = ET.Element(f"{{{NS}}}Project", {"name": name, "origin": writer.origin})
        self.files: dict[str, bytes] = {}
        self.shown: list = []
        self.guids: dict[str, str] = {}

    def guid(self, key: str) -> str:
        if key not in self.guids:
            value = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.writer.origin}:{key}"))
            self.guids[key] = value.upper() if self.writer.upper_guids else value
        return self.guids[key]

    def el(self, parent, tag: str, **attributes):
        return ET.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attributes.items() if v is not None})

    def path(self, file_name: str) -> str:
        return file_name if self.writer.bare_paths else f"internal://{file_name}"

    def store(self, file_name: str, data: bytes) -> None:
        self.files[f"{self.writer.sources_dir}/{file_name}"] = data


def _users(b: _Builder, docs: list) -> None:
    coders = sorted({c.coder for d in docs for c in d.codings})
    users = b.el(b.root, "Users")
    for coder in coders:
        b.el(users, "User", guid=b.guid(f"user:{coder}"), name=coder, id=coder[:2].upper())


def _codebook(b: _Builder, codes: dict) -> None:
    parent = b.el(b.el(b.root, "CodeBook"), "Codes")
    for name, (color, description) in codes.items():
        code = b.el(parent, "Code", guid=b.guid(f"code:{name}"), name=name, isCodable="true", color=color)
        if description:
            b.el(code, "Description").text = description


def _variables(b: _Builder, docs: list) -> None:
    names = sorted({k for d in docs for k in d.variables})
    if names:
        variables = b.el(b.root, "Variables")
        for name in names:
            b.el(variables, "Variable", guid=b.guid(f"var:{name}"), name=name, typeOfVariable="Text")
    if b.writer.case_variables != "none" and names:
        cases = b.el(b.root, "Cases")
        for doc in docs:
            case = b.el(cases, "Case", guid=b.guid(f"case:{doc.name}"),
                        name=doc.name.rsplit(".", 1)[0] if b.writer.case_variables == "named" else None)
            _values(b, case, doc.variables)
            b.el(case, "SourceRef", targetGUID=b.guid(f"source:{doc.name}"))


def _values(b: _Builder, parent, variables: dict) -> None:
    for key, value in sorted(variables.items()):
        item = b.el(parent, "VariableValue")
        b.el(item, "VariableRef", targetGUID=b.guid(f"var:{key}"))
        b.el(item, "TextValue").text = value


def _text_source(b: _Builder, sources, doc: Doc) -> None:
    w = b.writer
    key = b.guid(f"source:{doc.name}")
    source = b.el(sources, "TextSource", guid=key, name=doc.name, plainTextPath=b.path(
        doc.name if w.bare_paths else f"{key}.txt"), richTextPath=f"internal://{key}.docx" if w.rich_text else None,
        creatingUser=b.guid("user:Ana"))
    groups: dict = {}
    for number, coding in enumerate(doc.codings):
        same = number if w.selection_per_code else (coding.passage, coding.occurrence)
        groups.setdefault(same, []).append(coding)
    for number, codings in enumerate(groups.values()):
        _selection(b, source, doc, codings, number)
    if doc.variables and w.case_variables == "none":
        _values(b, source, doc.variables)
    if doc.missing:
        return
    stored = doc.text.replace("\n", w.line_end)
    plain = b"\n" if doc.rich_only else ("\ufeff" * doc.bom + stored).encode("utf-8")
    b.store(doc.name if w.bare_paths else f"{key}.txt", plain)
    if w.rich_text:
        b.store(f"{key}.docx", docx_bytes(doc.text))


def _selection(b: _Builder, source, doc: Doc, codings: list, number: int) -> None:
    """One selection holding ``codings`` (all on the same passage)."""
    passage = codings[0].passage
    start = find(doc.text, passage, codings[0].occurrence)
    first, last = writer_positions(b.writer, doc.text, start, start + len(passage))
    name = {"none": None, "full": passage, "cut": passage[:100] + ("…" if len(passage) > 100 else "")}[b.writer.names]
    selection = b.el(source, "PlainTextSelection", guid=b.guid(f"sel:{doc.name}:{number}"), name=name,
                     startPosition=str(first), endPosition=str(last), creatingUser=b.guid(f"user:{codings[0].coder}"))
    for index, coding in enumerate(codings):
        coded = b.el(selection, "Coding", guid=b.guid(f"coding:{doc.name}:{number}:{index}"),
                     creatingUser=b.guid(f"user:{coding.coder}"))
        b.el(coded, "CodeRef", targetGUID=b.guid(f"code:{coding.code}"))
        if not doc.missing:
            b.shown.append((doc.name, coding.code, writer_shows(b.writer, doc.text, first, last)))


def _media_source(b: _Builder, sources, kind: str, name: str, code: str) -> None:
    """A picture, PDF, audio or video source with one coding, whose file is not in the archive."""
    key = b.guid(f"source:{name}")
    source = b.el(sources, kind, guid=key, name=name, path=f"internal://{key}.{name.rsplit('.', 1)[1]}")
    tag, where = {"PictureSource": ("PictureSelection", dict(firstX="0", firstY="0", secondX="9", secondY="9")),
                  "PDFSource": ("PDFSelection", dict(page="0", firstX="0", firstY="0", secondX="9", secondY="9")),
                  "AudioSource": ("AudioSelection", dict(begin="0", end="900")),
                  "VideoSource": ("VideoSelection", dict(begin="0", end="900"))}[kind]
    selection = b.el(source, tag, guid=b.guid(f"sel:{name}"), name=name, **where)
    b.el(b.el(selection, "Coding", guid=b.guid(f"coding:{name}")), "CodeRef", targetGUID=b.guid(f"code:{code}"))


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build(path: Path, writer: Writer, docs: list, codes: dict, media: tuple = ()) -> Built:
    """Write ``path`` as ``writer`` would; ``codes``: name -> (colour or None, description)."""
    b = _Builder(writer, "Comments study")
    _users(b, docs)
    _codebook(b, codes)
    _variables(b, docs)
    sources = b.el(b.root, "Sources")
    for doc in docs:
        _text_source(b, sources, doc)
    for kind, name, code in media:
        _media_source(b, sources, kind, name, code)
    ET.register_namespace("", NS)
    xml = ET.tostring(b.root, encoding="unicode")
    if not writer.one_line:
        xml = xml.replace("><", ">\n<")
    with zipfile.ZipFile(path, "w", writer.compression) as archive:
        archive.writestr(writer.qde_name, (writer.declaration + xml).encode("utf-8"))
        if writer.root_marker:
            archive.writestr(f"{writer.sources_dir}/.root", b"")
        for name, data in b.files.items():
            archive.writestr(name, data)
    return Built(path, b.shown, sum(1 for e in b.root.iter(f"{{{NS}}}Coding")))


# Comments as a discourse analyst collects them: emoji, ZWJ families, flags and mathematical
# letters (astral characters) before the coded passages; Hungarian accents; several lines.
COMMENTS_A = ("Szerintem ez felháborító 😡😡 a kormány megint hazudik!\n"
              "Nem értek egyet 🤔, a bevándorlás nem ilyen egyszerű kérdés.\n"
              "Gratulálok 👏👏👏 végre valaki kimondta az igazat!!\n"
              "𝐅𝐈𝐆𝐘𝐄𝐋𝐄𝐌: ez álhír, ne osszátok 🙏 tovább\n"
              "A családom 👨\u200d👩\u200d👧 is így gondolja, elég volt a propagandából.\n")
COMMENTS_B = ("🇭🇺🇭🇺 Magyarország a magyaroké! Ez nem rasszizmus, hanem józan ész.\n"
              "Hát persze 🙄🙄 mert a Brüsszeli bürokraták mindent jobban tudnak...\n"
              "Köszönöm 🌹 a cikket, végre egy kiegyensúlyozott írás.\n"
              "😂😂😂 ezt nem hiszem el, ki fizeti ezt a sok hülyeséget?\n")
CODES = {"Hostility": ("#D55E00", "Open hostility towards a group or institution"),
         "Disagreement": ("#0072B2", "Disagrees with the post, without hostility"),
         "Support": ("#009E73", "Agrees with or thanks the author"),
         "Misinformation": ("#CC79A7", "Calls something false, or spreads it"),
         "Populism": ("#E69F00", "People versus elite framing")}


def comment_docs() -> list[Doc]:
    """Two documents with codings after astral characters, one across a line break, two codes
    on one range, and two coders."""
    a = Doc("comments_2019.txt", COMMENTS_A, [
        Coding("Hostility", "a kormány megint hazudik"),
        Coding("Disagreement", "a bevándorlás nem ilyen egyszerű kérdés"),
        Coding("Support", "kimondta az igazat"),
        Coding("Support", "igazat!!\n𝐅𝐈𝐆𝐘𝐄𝐋𝐄𝐌", coder="Bence"),
        Coding("Misinformation", "ez álhír"),
        Coding("Misinformation", "ne osszátok 🙏 tovább", coder="Bence"),
        Coding("Populism", "elég volt a propagandából"),
        Coding("Hostility", "elég volt a propagandából", coder="Bence"),
    ], bom=True, variables={"platform": "Facebook", "year": "2019"})
    b = Doc("comments_2020.txt", COMMENTS_B, [
        Coding("Populism", "Magyarország a magyaroké"),
        Coding("Hostility", "Ez nem rasszizmus, hanem józan ész"),
        Coding("Populism", "a Brüsszeli bürokraták mindent jobban tudnak"),
        Coding("Support", "a cikket, végre egy kiegyensúlyozott írás", coder="Bence"),
        Coding("Hostility", "ki fizeti ezt a sok hülyeséget"),
    ], variables={"platform": "YouTube", "year": "2020"})
    return [a, b]


def with_writer(writer: Writer, **changes) -> Writer:
    return replace(writer, **changes)
