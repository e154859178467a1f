"""Hostile input: zip bombs, path traversal, entity expansion and huge files are refused
with one clear sentence, and nothing is written (no document, no stray file)."""
import struct
import zipfile
from pathlib import Path

import pytest
from test_formats_import import ODT_CONTENT, make_docx, make_odt, make_xlsx, make_zip

from annotator.formats import safety

BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n')


def assert_refused_and_nothing_written(project, tmp_path, paths, *fragments):
    before = sorted(p.name for p in tmp_path.iterdir())
    results = project.import_files(paths)
    assert [r.status for r in results] == ["refused"] * len(paths), [r.message for r in results]
    for result in results:
        for fragment in fragments:
            assert fragment in result.message, result.message
        assert result.message.count("\n") == 0
    assert project.documents() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    return results


def rewrite_members(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return make_zip(target, change(members))


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".xlsx", ".qdpx"])
def test_zip_bomb_by_ratio_is_refused(tmp_path, empty_project, suffix):
    bomb = make_zip(tmp_path / f"bomb{suffix}", {"content.xml": b"<a>" + b"\0" * (8 << 20) + b"</a>",
                                               "word/document.xml": b"<a/>", "xl/workbook.xml": b"<a/>"})
    assert_refused_and_nothing_written(empty_project, tmp_path, [bomb], "zip bomb", bomb.name)


def test_declared_total_over_the_limit_is_refused_before_reading(tmp_path, empty_project, monkeypatch):
    monkeypatch.setattr(safety, "MAX_ARCHIVE_BYTES", 1000)
    big = make_docx(tmp_path / "big.docx")
    assert_refused_and_nothing_written(empty_project, tmp_path, [big], "would unpack to more than", "limit")


def test_member_that_unpacks_to_more_than_declared_is_refused(tmp_path, empty_project):
    """The central directory says 10 bytes; the deflated data holds 200 KB."""
    liar = make_odt(tmp_path / "liar.odt", ODT_CONTENT + " " * 200_000)
    data = bytearray(liar.read_bytes())
    # (signature, offset of the uncompressed size, of the name length, header length)
    for signature, size_at, name_at, header in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_length = struct.unpack("<H", data[start + name_at:start + name_at + 2])[0]
            if data[start + header:start + header + name_length] == b"content.xml":
                data[start + size_at:start + size_at + 4] = struct.pack("<I", 10)
            start += 4
    liar.write_bytes(bytes(data))
    with zipfile.ZipFile(liar) as archive:
        assert archive.getinfo("content.xml").file_size == 10
    assert_refused_and_nothing_written(empty_project, tmp_path, [liar], "liar.odt")


@pytest.mark.parametrize("evil", ["../../evil.txt", "/etc/passwd", "word/../../x.xml", "C:/windows/x.xml",
                                  "..\\..\\evil.txt"])
def test_path_traversal_in_docx_is_refused(tmp_path, empty_project, evil):
    good = make_docx(tmp_path / "good.docx")
    bad = rewrite_members(good, tmp_path / "bad.docx", lambda m: {**m, evil: b"x"})
    good.unlink()
    assert_refused_and_nothing_written(empty_project, tmp_path, [bad], "path traversal", "bad.docx")


def test_path_traversal_in_xlsx_and_odt(tmp_path, empty_project):
    xlsx = rewrite_members(make_xlsx(tmp_path / "x0.xlsx"), tmp_path / "x.xlsx", lambda m: {**m, "../x": b"x"})
    odt = make_zip(tmp_path / "o.odt", {"content.xml": ODT_CONTENT, "../../o": b"x"})
    (tmp_path / "x0.xlsx").unlink()
    before = sorted(p.name for p in tmp_path.iterdir())
    results = empty_project.import_files([xlsx, odt], text_column="Body")
    assert [r.status for r in results] == ["refused", "refused"]
    assert all("path traversal" in r.message for r in results)
    assert empty_project.documents() == [] and sorted(p.name for p in tmp_path.iterdir()) == before


def test_entity_expansion_in_docx_odt_and_xlsx_is_refused(tmp_path, empty_project):
    def laughs(members, name):
        xml = members[name].decode("utf-8")
        body = xml[xml.index("?>") + 2:] if xml.startswith("<?xml") else xml
        return {**members, name: (BILLION_LAUGHS + body).encode("utf-8")}

    docx = rewrite_members(make_docx(tmp_path / "d0.docx"), tmp_path / "d.docx",
                           lambda m: laughs(m, "word/document.xml"))
    xlsx = rewrite_members(make_xlsx(tmp_path / "x0.xlsx"), tmp_path / "x.xlsx",
                           lambda m: laughs(m, "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in m
                                            else "xl/worksheets/sheet1.xml"))
    odt = make_odt(tmp_path / "o.odt", BILLION_LAUGHS + ODT_CONTENT.split("?>", 1)[1].replace("Interview", "&lol3;"))
    for name in ("d0.docx", "x0.xlsx"):
        (tmp_path / name).unlink()
    before = sorted(p.name for p in tmp_path.iterdir())
    results = empty_project.import_files([docx, xlsx, odt], text_column="Body")
    assert [r.status for r in results] == ["refused"] * 3, [r.message for r in results]
    assert all("entit" in r.message and "document type" in r.message for r in results)
    assert empty_project.documents() == [] and sorted(p.name for p in tmp_path.iterdir()) == before


def test_huge_files_are_refused_with_the_limit(tmp_path, empty_project, monkeypatch):
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1024)
    docx = make_docx(tmp_path / "huge.docx")
    html = tmp_path / "huge.html"
    html.write_text("<p>" + "word " * 1000 + "</p>")
    results = assert_refused_and_nothing_written(empty_project, tmp_path, [docx, html], "too large", "1 KB")
    assert "huge.docx" in results[0].message and "huge.html" in results[1].message


def test_not_what_the_suffix_says(tmp_path, empty_project):
    (tmp_path / "fake.pdf").write_text("just text")
    (tmp_path / "fake.docx").write_text("just text")
    (tmp_path / "fake.rtf").write_text("just text")
    fakes = [tmp_path / n for n in ("fake.pdf", "fake.docx", "fake.rtf")]
    assert_refused_and_nothing_written(empty_project, tmp_path, fakes, "fake.")


def test_unsafe_member_names():
    assert safety.unsafe_member_name("../a") and safety.unsafe_member_name("a/../../b")
    assert safety.unsafe_member_name("/abs") and safety.unsafe_member_name("C:\\x")
    assert not safety.unsafe_member_name("word/document.xml") and not safety.unsafe_member_name("sources/a..b.txt")
