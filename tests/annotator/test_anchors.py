"""Anchor examples (issue 16): gold annotations marked as examples or counter-examples of a code,
undoable codebook edits, shown in the printed codebook and carried by .qdc and scheme JSON."""
import html
import json
import re
from pathlib import Path

import pytest
import xmlschema
from helpers import apply_undo_redo

from annotator import Project
from annotator.adjudication import AcceptAnnotation
from annotator.changes import ChangeKind
from annotator.cli import main
from annotator.codebook import MarkAnchor, UnmarkAnchor
from annotator.codebook.anchors import anchor_line, context, parse_anchor_lines
from annotator.codebook.files import export_codebook, import_codebook
from annotator.commands import DeleteAnnotation
from annotator.errors import AnnotatorError

SCHEMA = Path(__file__).resolve().parents[2] / "resources" / "Codebook.xsd"
TEXT = "The plan will reopen the line. They lied about the budget again. Every town deserves a bus.\n"


@pytest.fixture
def anchored(empty_project):
    """A project with one document, a coder Ana and two of her annotations accepted into gold."""
    project = empty_project
    doc = project.document(project.import_text(TEXT, "speech.txt").document_id)
    project.add_coder("Ana")
    claim = project.annotate(doc, 0, 30, "claim", "Ana")
    attack = project.annotate(doc, 31, 64, "attack", "Ana")
    gold = {}
    for source in (claim, attack):
        command = AcceptAnnotation(source.uuid)
        project.apply(command)
        gold[project.code(source.code_id).name] = command.uuid
    return project, gold, claim


def snapshot(project):
    """The codes and annotations (the log and the version only grow, undo included)."""
    conn = project.store.conn
    return (conn.execute("SELECT * FROM codes ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM annotations ORDER BY id").fetchall())


def test_marking_and_unmarking_are_codebook_edits_undone_exactly(anchored):
    project, gold, _ = anchored
    version = project.scheme_version
    command = MarkAnchor(gold["attack"], project.code("claim").uuid, "counter", "an accusation, not a claim")
    _, change, changed = apply_undo_redo(project, command, snapshot)
    assert changed and change.kind is ChangeKind.SCHEME
    (anchor,) = project.code_anchors("claim")
    assert (anchor.kind, anchor.text, anchor.document, anchor.note) == \
        ("counter", "They lied about the budget again.", "speech.txt", "an accusation, not a claim")
    assert project.scheme_version > version and project.scheme_log()[-1].action == "anchor"
    _, _, changed = apply_undo_redo(project, UnmarkAnchor(gold["attack"], project.code("claim").uuid), snapshot)
    assert changed and project.code_anchors("claim") == ()


def test_an_example_is_of_its_own_code_with_context_and_stays_when_gold_goes(anchored):
    project, gold, _ = anchored
    anchor = project.mark_anchor(gold["attack"])
    assert anchor.kind == "example" and project.code_anchors("attack") == (anchor,)
    assert (anchor.before, anchor.after) == ("The plan will reopen the line. ", " Every town deserves a bus.")
    project.apply(DeleteAnnotation(gold["attack"]))
    assert project.code_anchors("attack") == (anchor,)     # the snapshot still reads


def test_only_gold_annotations_can_be_anchors_and_kinds_fit_codes(anchored):
    project, gold, ana = anchored
    before = snapshot(project)
    with pytest.raises(AnnotatorError, match="gold layer"):
        project.mark_anchor(ana.uuid)
    with pytest.raises(AnnotatorError, match="own code"):
        project.mark_anchor(gold["attack"], "claim")
    with pytest.raises(AnnotatorError, match="can only be an example"):
        project.mark_anchor(gold["attack"], "attack", kind="counter")
    with pytest.raises(AnnotatorError, match="which code"):
        project.apply(MarkAnchor(gold["attack"], None, "counter"))
    project.mark_anchor(gold["attack"])
    with pytest.raises(AnnotatorError, match="already marked as an example"):
        project.mark_anchor(gold["attack"])
    assert snapshot(project)[0] != before[0]
    with pytest.raises(AnnotatorError, match="not an example or counter-example"):
        project.unmark_anchor(gold["claim"], "attack")


def test_context_stays_in_the_paragraph_and_cuts_at_spaces():
    text = "First paragraph.\nOne two three four five six seven eight nine ten eleven twelve KEY thirteen fourteen " \
           "fifteen sixteen seventeen eighteen nineteen twenty\nNext."
    start = text.index("KEY")
    before, after = context(text, start, start + 3)
    assert before.startswith("…") and before.endswith("twelve ") and "\n" not in before
    assert after.endswith("…") and after.startswith(" thirteen") and len(after) <= 41


def test_printed_codebook_lists_examples_and_counter_examples(anchored, tmp_path):
    project, gold, _ = anchored
    project.mark_anchor(gold["attack"], note="plain <b>accusation</b>")
    project.mark_anchor(gold["claim"], "attack", kind="counter")
    export_codebook(project, tmp_path / "book.md")
    export_codebook(project, tmp_path / "book.html")
    md, page = (tmp_path / "book.md").read_text("utf-8"), (tmp_path / "book.html").read_text("utf-8")
    attack = md[md.index(" attack\n"):md.index(" appeal to fairness\n")]
    assert "**Anchor examples (adjudicated):**" in attack and "**They lied about the budget again.**" in attack
    assert "Counter-examples" in attack and "**The plan will reopen the line.**" in attack
    assert "(speech.txt, 31–64) — plain \\<b\\>accusation\\</b\\>" in attack
    assert "<mark>They lied about the budget again.</mark>" in page and "&lt;b&gt;accusation" in page


def test_qdc_carries_anchors_schema_valid_and_reads_them_back(anchored, tmp_path):
    project, gold, _ = anchored
    project.mark_anchor(gold["attack"], note='says "lied"')
    project.mark_anchor(gold["claim"], "attack", kind="counter")
    path = tmp_path / "book.qdc"
    export_codebook(project, path)
    xmlschema.XMLSchema(str(SCHEMA)).validate(str(path))
    assert "Annotator anchors:\nexample: \"They lied about the budget again.\" in \"speech.txt\"" \
        in path.read_text("utf-8")
    with Project.create(tmp_path / "other.annot") as other:
        import_codebook(other, path)
        got = {(a.kind, a.text, a.annotation, a.note) for a in other.code_anchors("attack")}
    assert got == {("example", "They lied about the budget again.", gold["attack"], 'says "lied"'),
                   ("counter", "The plan will reopen the line.", gold["claim"], "")}


def test_scheme_json_carries_anchors_with_their_context(anchored, tmp_path):
    project, gold, _ = anchored
    anchor = project.mark_anchor(gold["attack"])
    scheme = project.scheme()
    with Project.create(tmp_path / "other.annot") as other:
        other.import_scheme(scheme)
        assert other.code_anchors("attack") == (anchor,)
    (attack,) = [c for c in scheme["codes"] if c["name"] == "attack"]
    assert attack["anchors"][0]["before"] == "The plan will reopen the line. "
    assert "anchors" not in [c for c in scheme["codes"] if c["name"] == "claim"][0]


def test_an_anchor_line_reads_back_and_a_wrong_one_is_one_sentence(anchored):
    project, gold, _ = anchored
    anchor = project.mark_anchor(gold["attack"], note="a\nnote")
    (back,) = parse_anchor_lines(anchor_line(anchor), "attack")
    assert (back.text, back.note, back.start, back.end) == (anchor.text, "a note", 31, 64)
    with pytest.raises(AnnotatorError, match="not an anchor as annotator writes it"):
        parse_anchor_lines("example: they lied", "attack")


def test_cli_lists_adds_and_removes_anchors(anchored, capsys):
    project, gold, _ = anchored
    path = str(project.path)
    assert main(["anchors", path, "--add", gold["claim"], "--code", "attack", "--counter", "--note", "no"]) == 0
    assert main(["anchors", path, "--add", gold["attack"]]) == 0
    capsys.readouterr()
    assert main(["anchors", path, "--code", "attack", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(a["kind"], a["annotation"]) for a in listed[0]["anchors"]] == \
        [("counter", gold["claim"]), ("example", gold["attack"])]
    assert main(["anchors", path]) == 0
    assert "counter-example" in capsys.readouterr().out
    assert main(["anchors", path, "--remove", gold["claim"], "--code", "attack"]) == 0
    assert [a.kind for a in project.code_anchors("attack")] == ["example"]


@pytest.mark.parametrize("args, message", [
    (["--add", "NOT-A-UUID"], "no annotation"),
    (["--counter"], "--counter and --note go with --add"),
    (["--add", "GOLD_ATTACK", "--counter"], "which code"),
    (["--remove", "GOLD_ATTACK", "--code", "claim"], "not an example or counter-example"),
    (["--add", "ANA", "--code", "claim"], "gold layer"),
])
def test_cli_bad_anchor_input_is_one_sentence_and_writes_nothing(anchored, capsys, args, message):
    project, gold, ana = anchored
    path = project.path
    args = [{"GOLD_ATTACK": gold["attack"], "ANA": ana.uuid}.get(a, a) for a in args]
    before = path.read_bytes()
    assert main(["anchors", str(path), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert path.read_bytes() == before


def test_merging_codes_keeps_the_source_codes_anchors(anchored):
    from annotator.codebook import MergeCodes
    project, gold, _ = anchored
    claim_example = project.mark_anchor(gold["claim"])
    attack_example = project.mark_anchor(gold["attack"])
    _, _, changed = apply_undo_redo(project, MergeCodes(project.code("attack").uuid, project.code("claim").uuid),
                                    snapshot)
    assert changed and project.code_anchors("claim") == (claim_example, attack_example)


def second_gold_text(project) -> str:
    """Add a second document whose claim is accepted into gold; that gold annotation's UUID."""
    doc = project.document(project.import_text("We will build more homes. They broke every promise.\n",
                                               "other.txt").document_id)
    command = AcceptAnnotation(project.annotate(doc, 0, 25, "claim", "Ana").uuid)
    project.apply(command)
    return command.uuid


def test_a_package_leaves_out_anchors_of_its_own_documents_and_a_merge_keeps_them(anchored, tmp_path):
    from annotator.codebook import DescribeCode
    from annotator.merging import merge
    from annotator.packages import make_package
    project, gold, _ = anchored
    other = project.mark_anchor(second_gold_text(project), note="a promise")
    own = (project.mark_anchor(gold["claim"], "attack", kind="counter"), project.mark_anchor(gold["attack"]))
    report = make_package(project, "Ben", tmp_path / "ben.annot", documents=["speech.txt"])
    assert report.anchors_withheld == 2 and "2 anchors left out of the package's codebook" in report.lines()[1]
    with Project.open(tmp_path / "ben.annot") as package:
        assert package.code_anchors("attack") == () and package.code_anchors("claim") == (other,)
        assert "They lied" not in package.store.conn.execute("SELECT group_concat(value) FROM meta").fetchone()[0]
        package.apply(DescribeCode(package.code("attack").uuid, description="an accusation"))
        package.unmark_anchor(other.annotation, "claim")
    report = merge(project, [tmp_path / "ben.annot"])
    assert project.code_anchors("attack") == own and project.code("attack").description == "an accusation"
    assert project.code_anchors("claim") == ()       # the coder's own edit of an anchor the package had
    assert not any("conflict" in line for line in report.lines())


def test_a_round_leaves_out_anchors_of_its_documents_and_says_so(anchored, tmp_path, capsys):
    project, gold, _ = anchored
    other = project.mark_anchor(second_gold_text(project))
    own = project.mark_anchor(gold["attack"])
    path = str(project.path)
    assert main(["round", "new", path, "pilot", "--documents", "speech.txt", "--coders", "Ben", "Cai",
                 "-o", str(tmp_path / "pilot")]) == 0
    assert "1 anchor left out of the round's codebook" in capsys.readouterr().out
    for name in ("Ben", "Cai"):
        with Project.open(tmp_path / "pilot" / f"{name}.annot") as package:
            assert package.code_anchors("attack") == () and package.code_anchors("claim") == (other,)
            package.annotate(package.documents()[0], 0, 3, "claim", name)
    assert main(["merge", path, str(tmp_path / "pilot" / "Ben.annot"), str(tmp_path / "pilot" / "Cai.annot")]) == 0
    assert project.code_anchors("attack") == (own,) and project.code_anchors("claim") == (other,)
    assert main(["package", path, "--coder", "Dan", "--documents", "other.txt", "-o", str(tmp_path / "d.annot")]) == 0
    assert "1 anchor left out of the package's codebook" in capsys.readouterr().out


def test_marking_again_keeps_the_note_unless_one_is_given(anchored, capsys):
    project, gold, _ = anchored
    path = str(project.path)
    assert main(["anchors", path, "--add", gold["attack"], "--note", "names the opponent"]) == 0
    before = project.path.read_bytes()
    assert main(["anchors", path, "--add", gold["attack"]]) == 1
    assert "already marked as an example of 'attack' with that note" in capsys.readouterr().err
    assert project.path.read_bytes() == before and project.code_anchors("attack")[0].note == "names the opponent"
    assert project.mark_anchor(gold["attack"], note="the clearest case").note == "the clearest case"
    assert main(["anchors", path, "--add", gold["attack"], "--note", ""]) == 0
    assert project.code_anchors("attack")[0].note == ""


def test_printed_codebook_bolds_an_anchor_inside_words_without_adding_spaces(anchored, tmp_path):
    from markdown_it import MarkdownIt
    project, _, _ = anchored
    text = 'The candidate said *really* that snake_case and `code` hurt.x"Quoted"y end.\n'
    doc = project.document(project.import_text(text, "marks.txt").document_id)
    for part in ("andidate sa", "ally* th", "ke_ca", "`code` hu", '"Quoted"'):   # mid-word; * _ `; "…" in a word
        start = text.index(part)
        command = AcceptAnnotation(project.annotate(doc, start, start + len(part), "claim", "Ana").uuid)
        project.apply(command)
        project.mark_anchor(command.uuid)
    export_codebook(project, tmp_path / "book.md")
    page = MarkdownIt("commonmark").render((tmp_path / "book.md").read_text("utf-8"))
    items = [item for item in re.findall(r"<li>(.*?)</li>", page, re.S) if "marks.txt" in item]
    anchors = project.code_anchors("claim")
    assert len(items) == len(anchors) == 5
    for item, anchor in zip(items, anchors):
        assert [html.unescape(bold) for bold in re.findall(r"<strong>(.*?)</strong>", item)] == [anchor.text]
        shown = html.unescape(re.sub(r"<[^>]+>", "", item))
        assert shown.startswith(f"“{anchor.before}{anchor.text}{anchor.after}”".replace("\n", " "))
