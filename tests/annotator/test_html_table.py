"""A table as a self-contained HTML page: every cell escaped and read back as written, line
breaks kept, nothing fetched from outside, and never written over a project."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from annotator import Project
from annotator.errors import OutputRefusedError
from annotator.formats.html_table import write_html


def test_cells_are_escaped_and_read_back_as_written(tmp_path):
    rows = [["<script>alert(1)</script>", "a & b \"quoted\" 'single'", None, 3, "two\nlines"],
            ["=SUM(A1)", "😊 emoji", True, 1.5, ""]]
    path = tmp_path / "t.html"
    assert write_html(path, "Segments <of> study", ["document", "text & <b>", "memo", "n", "note"], rows,
                      caption="2 rows <filtered>") == 2
    page = path.read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>" not in page
    assert "src=" not in page and "href=" not in page and "http" not in page   # self-contained
    tree = lxml_html.fromstring(page)
    assert tree.findtext(".//title") == "Segments <of> study"
    assert [th.text_content() for th in tree.iter("th")] == ["document", "text & <b>", "memo", "n", "note"]
    cells = [[td.text_content() for td in tr.iter("td")] for tr in tree.iter("tr") if tr.find("td") is not None]
    assert cells == [["<script>alert(1)</script>", "a & b \"quoted\" 'single'", "", "3", "two\nlines"],
                     ["=SUM(A1)", "😊 emoji", "true", "1.5", ""]]
    assert "2 rows <filtered>" in tree.text_content()


def test_a_project_is_never_replaced(tmp_path):
    path = tmp_path / "study.annot"
    Project.create(path).close()
    before = path.read_bytes()
    with pytest.raises(OutputRefusedError, match="annotator project"):
        write_html(path, "t", ["a"], [["b"]])
    assert path.read_bytes() == before
