"""Every exporter: text[start:end] is the coded text for every span, after emoji, combining
characters, CRLF-free line breaks and formula-looking text; each output loads back in its
own reader (openpyxl, spaCy's DocBin, a brat .ann parser, an HTML parser)."""
import json
from html.parser import HTMLParser

import pytest

from annotator.exporting import export


def expected(project, doc):
    return sorted((a.start, a.end, project.code(a.code_id).name, project.coder(a.coder_id).name, a.memo)
                  for a in project.annotations(document=doc))


def test_xlsx_sheets_strings_and_neutralised_formulas(tricky, tmp_path):
    import openpyxl

    project, doc = tricky
    report = export(project, "xlsx", tmp_path / "out.xlsx")
    assert report.count == 6
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == ["segments", "codes", "documents"]
    rows = list(book["segments"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    for row in body:
        quoted = doc.text[row[col["start"]]:row[col["end"]]]
        assert row[col["text"]] in (quoted, "'" + quoted)
    assert all(cell.data_type == "s" for row in book["segments"].iter_rows() for cell in row
               if isinstance(cell.value, str))
    memos = {row[col["memo"]] for row in body}
    assert "'=cmd|' /C calc'!A0" in memos and "'-starts with minus" in memos
    texts = {row[col["text"]] for row in body}
    assert "'-minus line\tend 🇫🇷 flag." in texts
    codes = {row[0] for row in book["codes"].iter_rows(min_row=2, values_only=True)}
    assert {"claim", "attack", "appeal to emotion"} <= codes
    docs = list(book["documents"].iter_rows(values_only=True))
    assert [d[0] for d in docs[1:]] == ["tricky doc.txt", "uncoded.txt"]
    raw = export(project, "xlsx", tmp_path / "raw.xlsx", raw=True)
    raw_rows = list(openpyxl.load_workbook(tmp_path / "raw.xlsx")["segments"].iter_rows(values_only=True))[1:]
    assert raw.count == 6 and all(doc.text[r[col["start"]]:r[col["end"]]] == r[col["text"]] for r in raw_rows)
    assert "=cmd|' /C calc'!A0" in {r[col["memo"]] for r in raw_rows}  # raw, yet a string cell, not a formula


def test_prodigy_jsonl_offsets_tokens_and_misaligned_report(tricky, tmp_path):
    project, doc = tricky
    report = export(project, "prodigy", tmp_path / "out.jsonl")
    tasks = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert report.count == len(tasks) == 2  # one per coder of the coded document
    found = []
    for task in tasks:
        assert task["text"] == doc.text and task["answer"] == "accept"
        coder = task["meta"]["coder"]
        assert task["_annotator_id"] == coder
        for token in task["tokens"]:
            assert task["text"][token["start"]:token["end"]] == token["text"]
        for span in task["spans"]:
            found.append((span["start"], span["end"], span["label"], coder, span.get("memo")))
            first, last = task["tokens"][span["token_start"]], task["tokens"][span["token_end"]]
            assert first["start"] <= span["start"] and span["end"] <= last["end"]
    assert sorted(found) == expected(project, doc)
    assert any("token boundaries" in note for note in report.notes)
    assert any("[" in note and "Cafe" in note for note in report.notes)


def test_spacy_docbin_loads_back_with_exact_spans_kept(tricky, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    project, doc = tricky
    report = export(project, "spacy", tmp_path / "out.spacy", span_key="discourse")
    docs = list(DocBin().from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("en").vocab))
    assert report.count == len(docs) == 2
    found = []
    for loaded in docs:
        meta = loaded.user_data["annotator"]
        assert loaded.text == doc.text and meta["sha256"] == doc.sha256
        for start, end, code, memo, _uuid in meta["spans"]:
            found.append((start, end, code, meta["coder"], memo))
        exact = {(s[0], s[1]) for s in meta["spans"]}
        for span in loaded.spans["discourse"]:
            assert span.label_ in {"claim", "attack", "appeal to emotion"}
            if (span.start_char, span.end_char) in exact:
                assert doc.text[span.start_char:span.end_char] == span.text
    assert sorted(found) == expected(project, doc)
    misaligned = [n for n in report.notes if n.startswith("  ") and "widened" in n]
    assert misaligned and all("tricky doc.txt" in n for n in misaligned)
    assert sum(len(d.spans["discourse"]) for d in docs) == 6  # widened, not dropped


def test_brat_folders_parse_back(tricky, tmp_path):
    from annotator.formats.brat import parse_ann

    project, doc = tricky
    report = export(project, "brat", tmp_path / "brat")
    root = tmp_path / "brat"
    assert sorted(p.name for p in root.iterdir()) == ["Ana", "Ben Smith", "annotation.conf", "visual.conf"]
    assert "appeal_to_emotion" in (root / "annotation.conf").read_text("utf-8")
    found = []
    for coder in ("Ana", "Ben Smith"):
        text = (root / coder / "tricky doc.txt").read_bytes().decode("utf-8")
        assert text == doc.text
        for item in parse_ann((root / coder / "tricky doc.ann").read_text("utf-8")):
            pieces = item["fragments"]
            assert item["text"] == " ".join(text[a:b] for a, b in pieces)  # brat's own check
            assert all("\n" not in text[a:b] for a, b in pieces)
            label = {"appeal_to_emotion": "appeal to emotion"}.get(item["type"], item["type"])
            found.append((pieces[0][0], pieces[-1][1], label, coder, item["note"]))
    want = [(s, e, c, k, " ".join(m.split()) if m else None) for s, e, c, k, m in expected(project, doc)]
    assert sorted(found) == want
    assert report.count == 2 and any("line breaks" in n for n in report.notes)
    with pytest.raises(Exception, match="not an empty folder"):
        export(project, "brat", root)


class _Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_text, self.depth, self.text, self.marks, self.current, self.pending = False, 0, [], [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("class") == "text":
            self.in_text, self.text, self.pending = True, [], []
        elif self.in_text and tag == "mark":
            self.current = [int(attrs["data-start"]), int(attrs["data-end"]), attrs["title"], ""]
        elif self.in_text and tag == "sup":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.in_text:
            self.in_text = False
            self.marks.append(("".join(self.text), self.pending))
        elif tag == "mark" and self.current:
            self.pending.append(tuple(self.current))
            self.current = None
        elif tag == "sup":
            self.depth -= 1

    def handle_data(self, data):
        if self.in_text and not self.depth:
            self.text.append(data)
            if self.current:
                self.current[3] += data



def test_html_highlights_escape_and_offsets(tricky, tmp_path):
    project, doc = tricky
    export(project, "html", tmp_path / "out.html")
    page = (tmp_path / "out.html").read_text("utf-8")
    assert "<b>no</b>" not in page and "&lt;b&gt;no&lt;/b&gt;" in page
    assert "Reported &lt;speech&gt; &amp; &quot;quote&quot;" in page  # memo as an escaped footnote
    assert page.count('<li id="note') == 4 and "appeal to emotion (" in page
    assert 'class="legend"' in page and "#AA3377" in page
    parser = _Marks()
    parser.feed(page)
    text, marks = parser.marks[0]
    assert text == doc.text  # the whole text, unescaped, in order
    for start, end, title, covered in marks:
        assert doc.text[start:end] == covered
    covered_by = {}
    for start, end, title, _ in marks:
        for part in title.split("; "):
            covered_by.setdefault(part, []).append((start, end))
    for a in project.annotations(document=doc):
        key = f"{project.code(a.code_id).name} ({project.coder(a.coder_id).name})"
        pieces = sorted(p for p in covered_by[key] if a.start <= p[0] and p[1] <= a.end)
        assert pieces[0][0] == a.start and pieces[-1][1] == a.end
    assert parser.marks[1][0] == "Nobody coded this one."


def test_jsonl_and_csv_after_emoji_and_combining(tricky, tmp_path):
    import csv

    project, doc = tricky
    export(project, "csv", tmp_path / "o.csv", raw=True)
    for row in csv.DictReader(open(tmp_path / "o.csv", encoding="utf-8", newline="")):
        assert doc.text[int(row["start"]):int(row["end"])] == row["text"]
    export(project, "jsonl", tmp_path / "o.jsonl")
    line = json.loads((tmp_path / "o.jsonl").read_text("utf-8").splitlines()[0])
    assert sorted((s["start"], s["end"], s["code"], s["coder"], s["memo"]) for s in line["spans"]) == \
        expected(project, doc)


def test_coder_and_code_filters_apply_to_every_format(tricky, tmp_path):
    project, doc = tricky
    for fmt, out in (("xlsx", "f.xlsx"), ("prodigy", "f.jsonl"), ("spacy", "f.spacy"), ("html", "f.html"),
                     ("qdpx", "f.qdpx"), ("brat", "fbrat")):
        report = export(project, fmt, tmp_path / out, coders=["Ana"], codes=["claim"])
        assert report.count >= 1, fmt
    page = (tmp_path / "f.html").read_text("utf-8")
    assert "Ben Smith" not in page and "attack (" not in page
    assert sorted(p.name for p in (tmp_path / "fbrat").iterdir() if p.is_dir()) == ["Ana"]
