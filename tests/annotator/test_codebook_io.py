"""The codebook as REFI-QDA .qdc (validated against the REFI schema), JSON, Markdown and HTML,
and imports of .qdc files written by other tools: odd colours, nesting, sets, missing bits."""
import hashlib
import shutil
from pathlib import Path

import pytest
import xmlschema

from annotator import Project
from annotator.cli import main
from annotator.codebook import DescribeCode
from annotator.codebook.files import export_codebook, import_codebook, prepare_import, split_description
from annotator.errors import SchemeError

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "resources" / "Codebook.xsd"     # the bundled copy of the REFI schema
# A .qdc written by another tool (the example in the project's format notes).
EXAMPLE = ROOT / "tests" / "fixtures" / "formats" / "example.qdc"
# The schema as published (openqda/refi-tools 232df897 docs/schemas/codebook/v1.0/Codebook.xsd).
PUBLISHED_SHA256 = "bc4706a6fdb736cc3248de1753366f2b1f5b13e6828d319cea2874deb7e61b52"


@pytest.fixture
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


def test_the_bundled_schema_is_the_published_file():
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == PUBLISHED_SHA256


@pytest.fixture
def rich(empty_project):
    group = empty_project.add_code("stance", "#777777", codable=False, description="Stance-taking <devices> & co.")
    empty_project.add_code("for", "#112233", parent=group)
    empty_project.apply(DescribeCode(empty_project.code("claim").uuid, examples="“We will win.”\n“Crime fell.”",
                               use_when="asserted as true", dont_use_when="questions <script>alert(1)</script>"))
    return empty_project


def test_qdc_export_is_valid_refi_and_reports_shortcuts(rich, tmp_path, schema):
    path = tmp_path / "book.qdc"
    report = export_codebook(rich, path)
    schema.validate(str(path))
    text = path.read_text("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert 'isCodable="false"' in text and "Examples:\n“We will win.”" in text
    assert any("Shortcut keys" in n and "claim (1)" in n for n in report.notes)
    assert any("written into the Description" in n for n in report.notes)


def test_qdc_round_trip_keeps_tree_colours_and_definitions(rich, tmp_path):
    path = tmp_path / "book.qdc"
    export_codebook(rich, path)
    with Project.create(tmp_path / "other.annot", scheme={"format": "annotator-scheme", "version": 1,
                                                          "codes": [{"name": "x"}]}) as other:
        report = import_codebook(other, path)
        assert (report.added, report.updated, report.notes) == (6, 0, [])
        theirs = {c.uuid: (c.name, c.color, c.codable, other.code_path(c)) for c in other.codes()}
        ours = {c.uuid: (c.name, c.color, c.codable, rich.code_path(c)) for c in rich.codes()}
        assert {k: v for k, v in theirs.items() if k in ours} == ours
        for code in rich.codes():
            mine, copied = rich.code_definition(code), other.code_definition(code.uuid)
            assert (copied.description, copied.examples, copied.use_when, copied.dont_use_when) == \
                (mine.description, mine.examples, mine.use_when, mine.dont_use_when)


def test_reimporting_own_qdc_updates_in_place_and_keeps_shortcuts(rich, tmp_path):
    path = tmp_path / "book.qdc"
    export_codebook(rich, path)
    before, version = {c.uuid: c for c in rich.codes()}, rich.scheme_version
    report = import_codebook(rich, path)
    assert (report.added, report.updated) == (0, 0)   # its own codebook: nothing changed, nothing logged
    assert {c.uuid: c for c in rich.codes()} == before and rich.scheme_version == version


ODD = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Other tool 9">
  <Codes>
    <Code guid="{914B1302-8F6B-5854-AF9C-EF5214D6467B}" name="Stance" isCodable="false" color="#ABC">
      <Description>Folder: stance-taking devices</Description>
      <Code guid="db9e133d-31f5-51a1-8f5e-3105a944e997" name="Modality" isCodable="true" color="rgb(230, 25, 75)">
        <Description>Modal verbs</Description>
        <Code guid="aa9e133d-31f5-51a1-8f5e-3105a944e997" name="Deontic" isCodable="true" color="teal"/>
        <Code guid="bb9e133d-31f5-51a1-8f5e-3105a944e997" name="Deontic" isCodable="true" color="#FF3CB44B"/>
      </Code>
      <NoteRef targetGUID="cc9e133d-31f5-51a1-8f5e-3105a944e997"/>
    </Code>
    <Code guid="fa5961a2-ed47-5678-bcf9-211962346faf" name="Attribution" isCodable="true"/>
    <Code guid="not-a-guid" name="Evidence" isCodable="yes" color="chartreuse-ish"/>
    <Code guid="fa5961a2-ed47-5678-bcf9-211962346faf" name="" isCodable="true" color="3CB44B"/>
  </Codes>
  <Sets>
    <Set guid="09226642-0b08-5376-9bda-c25243106d8c" name="Round 1">
      <MemberCode guid="db9e133d-31f5-51a1-8f5e-3105a944e997"/>
    </Set>
  </Sets>
</CodeBook>
"""


def test_qdc_from_another_tool_with_odd_colours_and_nesting(empty_project, tmp_path):
    path = tmp_path / "odd.qdc"
    path.write_text(ODD, "utf-8")
    report = import_codebook(empty_project, path)
    assert report.added == 7
    assert empty_project.code_path("Deontic (2)") == "Stance > Modality > Deontic (2)"
    colours = {c.name: c.color for c in empty_project.codes()}
    assert colours["Stance"] == "#AABBCC" and colours["Modality"] == "#E6194B" and colours["Deontic"] == "#008080"
    assert colours["Deontic (2)"] == "#3CB44B"
    assert not empty_project.code("Stance").codable and empty_project.code("Evidence").codable
    assert empty_project.code("914b1302-8f6b-5854-af9c-ef5214d6467b").name == "Stance"  # braces and case tolerated
    notes = "\n".join(report.notes)
    for expected in ("rgb(230, 25, 75)", "teal", "#AARRGGBB", "'Attribution' had no colour",
                     "chartreuse-ish", "isCodable='yes'", "no valid GUID", "repeats the GUID",
                     "had no name", "renamed 'Deontic (2)'", "Round 1", "NoteRef"):
        assert expected in notes, expected


def test_qdc_code_with_new_guid_but_known_name_updates_that_code(empty_project, tmp_path):
    claim = empty_project.code("claim")
    path = tmp_path / "b.qdc"
    path.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                    '<Code guid="11111111-2222-3333-4444-555555555555" name="Claim" isCodable="true">'
                    "<Description>New words</Description></Code></Codes></CodeBook>", "utf-8")
    report = import_codebook(empty_project, path)
    assert (report.added, report.updated) == (0, 1)
    assert empty_project.code(claim.uuid).description == "New words"
    assert empty_project.code(claim.uuid).shortcut == claim.shortcut
    assert "Matched to existing codes by name" in report.notes[-1]


def test_shared_example_qdc_imports(empty_project):
    report = import_codebook(empty_project, EXAMPLE)
    assert report.added == 3
    assert empty_project.code_path("Modality") == "Stance > Modality"
    assert any("Round 1" in n for n in report.notes)


@pytest.mark.parametrize("content,message", [
    (b"not xml", "not readable XML"),
    (b"<Other/>", "root element is <Other>"),
    (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "has no codes"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook>&a;</CodeBook>', "not readable XML"),
])
def test_bad_qdc_is_refused_and_nothing_changes(empty_project, tmp_path, content, message):
    path = tmp_path / "bad.qdc"
    path.write_bytes(content)
    before = empty_project.codes()
    with pytest.raises(SchemeError, match=message):
        import_codebook(empty_project, path)
    assert empty_project.codes() == before


def test_import_is_one_undoable_edit(empty_project, tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "e.qdc")
    before = empty_project.codes()
    command, _report = prepare_import(empty_project, tmp_path / "e.qdc")
    inverse, _ = empty_project.apply(command)
    assert len(empty_project.codes()) > len(before)
    empty_project.apply(inverse)
    assert empty_project.codes() == before
    assert empty_project.scheme_log()[-1].action == "undo import"


def test_description_sections_round_trip():
    assert split_description("Plain text only.") == {"description": "Plain text only.", "examples": None,
                                                     "use_when": None, "dont_use_when": None, "rules": None,
                                                     "anchors": None}
    parts = split_description("Def.\n\nUse when:\nA\nB\n\nDo not use when:\nC")
    assert (parts["description"], parts["use_when"], parts["dont_use_when"], parts["examples"]) == \
        ("Def.", "A\nB", "C", None)


def test_markdown_lists_every_code_in_tree_order(rich, tmp_path):
    path = tmp_path / "book.md"
    export_codebook(rich, path)
    text = path.read_text("utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Codebook: study", "## 1 claim", "## 2 attack", "## 3 appeal to fairness",
                        "## 4 boilerplate", "## 5 stance", "### 5.1 for"]
    assert "`#0072B2`" in text and "Group (not applied itself)" in text
    assert "**Examples:**\n\n“We will win.”\n“Crime fell.”" in text
    assert "&lt;script>" in text and "<script>" not in text


def test_html_is_self_contained_and_escaped(rich, tmp_path):
    path = tmp_path / "book.html"
    export_codebook(rich, path)
    page = path.read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Stance-taking &lt;devices&gt; &amp; co." in page
    assert "http" not in page.replace("https://", "").lower() or "src=" not in page  # nothing fetched
    assert "src=" not in page and "<link" not in page
    assert page.index(">1 claim<") < page.index(">5 stance<") < page.index(">5.1 for<")
    assert 'style="background:#0072B2"' in page and "#0072B2 · codable" in page
    from html.parser import HTMLParser
    HTMLParser().feed(page)


def test_unknown_suffix_is_refused(empty_project, tmp_path):
    with pytest.raises(SchemeError, match=".qdc, .json, .md or .html"):
        export_codebook(empty_project, tmp_path / "book.pdf")
    with pytest.raises(SchemeError, match=".qdc or .json"):
        import_codebook(empty_project, tmp_path / "book.md")


def test_cli_exports_every_format_and_imports_qdc(tmp_path, capsys, schema):
    path = tmp_path / "p.annot"
    assert main(["new", str(path)]) == 0
    for suffix in ("qdc", "json", "md", "html"):
        out = tmp_path / f"book.{suffix}"
        assert main(["scheme", "export", str(path), "-o", str(out)]) == 0
        assert out.exists()
    schema.validate(str(tmp_path / "book.qdc"))
    assert "Shortcut keys" in capsys.readouterr().out
    odd = tmp_path / "odd.qdc"
    odd.write_text(ODD, "utf-8")
    assert main(["scheme", "import", str(path), str(odd)]) == 0
    out = capsys.readouterr().out
    assert "7 codes added" in out and "Not represented as it was:" in out and "Round 1" in out
    assert main(["scheme", "import", str(path), str(tmp_path / "book.json")]) == 0
    assert "Nothing changed: book.json holds the codebook as the project has it" in capsys.readouterr().out
