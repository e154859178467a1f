"""Merging as a user runs it: killed mid-merge (the lead's file is as before), and the
command line end to end in a subprocess."""
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid

import pytest

from annotator import Project
from annotator.packages import make_package
from annotator.store import integrity_ok

MERGER = textwrap.dedent("""
    import sys, time
    from annotator import Project
    from annotator.merging import merge

    def progress(step):
        print(step, flush=True)
        if step == sys.argv[3]:
            time.sleep(60)              # hold the transaction open until we are killed

    with Project.open(sys.argv[1]) as project:
        merge(project, [sys.argv[2]], progress=progress)
    print("merged", flush=True)
""")


def run(*args):
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def big_study(tmp_path, documents=200, annotations=60_000):
    lead = Project.create(tmp_path / "lead.annot")
    with lead.batch():
        for i in range(documents):
            lead.import_text(f"Document {i}: " + "words and more words. " * 20, f"d{i}.txt")
    lead.add_coder("Lead")
    lead.annotate(lead.documents()[0], 0, 8, "claim", "Lead")
    make_package(lead, "Ana", tmp_path / "ana.annot")
    lead.close()
    conn = sqlite3.connect(tmp_path / "ana.annot")
    with conn:
        conn.executemany(
            'INSERT INTO annotations(uuid, document_id, coder_id, code_id, start, "end", created, modified) '
            "VALUES (?, ?, (SELECT id FROM coders), 1, ?, ?, '2026-01-01', '2026-01-01')",
            [(str(uuid.uuid4()), 1 + i % documents, i % 100, i % 100 + 5) for i in range(annotations)])
    conn.close()
    return tmp_path / "lead.annot", tmp_path / "ana.annot"


def snapshot(path):
    conn = sqlite3.connect(path)   # opening rolls back a hot journal, as Project.open would
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("annotations", "codes", "coders", "document_status", "merged_code_edits")}
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["writing annotations", "annotations written"])
def test_a_kill_during_merge_leaves_the_leads_file_as_it_was(tmp_path, stage):
    lead, package = big_study(tmp_path)
    before_bytes, before = lead.read_bytes(), snapshot(lead)
    proc = subprocess.Popen([sys.executable, "-c", MERGER, str(lead), str(package), stage],
                            stdout=subprocess.PIPE, text=True)
    lines = []
    while stage not in lines:
        line = proc.stdout.readline()
        assert line, f"the merge ended before {stage!r}: {lines}"
        lines.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert snapshot(lead) == before
    assert lead.read_bytes() == before_bytes
    assert integrity_ok(lead)
    with Project.open(lead) as project:          # and the merge can simply be run again
        from annotator.merging import merge

        assert merge(project, [package]).packages[0].added == 60_000


def test_command_line_package_code_merge_and_coders(tmp_path):
    lead = tmp_path / "lead.annot"
    texts = tmp_path / "texts"
    texts.mkdir()
    for i in range(4):
        (texts / f"t{i}.txt").write_text(f"Text {i}. We will cut crime. They never did.\n")
    assert run("new", lead).returncode == 0
    assert run("import", lead, texts).returncode == 0
    made = run("package", lead, "--coder", "Ana", "--sample", "2", "--seed", "5", "--lock-codebook",
               "-o", tmp_path / "ana.annot")
    assert made.returncode == 0, made.stderr
    assert "2 documents for Ana (new coder)" in made.stdout and "locked" in made.stdout
    only = run("package", lead, "--coder", "Ben", "--documents", "t1.txt", "t3.txt", "-o", tmp_path / "ben.annot")
    assert only.returncode == 0, only.stderr
    with Project.open(tmp_path / "ana.annot") as package:
        assert package.codebook_locked
        for doc in package.documents():
            package.annotate(doc, 0, 6, "claim", "Ana")
        package.set_status(package.documents()[0], "Ana", "done")
    with Project.open(tmp_path / "ben.annot") as package:
        assert [d.name for d in package.documents()] == ["t1.txt", "t3.txt"]
        package.add_code("irony", color="#AA0000")
        package.annotate(package.documents()[0], 9, 26, "irony", "Ben")
    result = run("merge", lead, tmp_path / "ana.annot", tmp_path / "ben.annot")
    assert result.returncode == 0, result.stderr
    assert "Ana (" in result.stdout and "2 annotations added" in result.stdout
    assert "Ben (" in result.stdout and "1 annotation added" in result.stdout
    assert "code 'irony': added" in result.stdout
    again = run("merge", lead, tmp_path / "ana.annot", tmp_path / "ben.annot")
    assert again.returncode == 0 and "Nothing new" in again.stdout
    coders = run("coders", lead)
    assert coders.returncode == 0
    assert "Ana: 1 done, 1 in progress, 2 not started, 2 annotations" in coders.stdout
    assert "Ben: 0 done, 1 in progress, 3 not started, 1 annotation" in coders.stdout


def test_command_line_refuses_with_one_sentence_and_match_names_confirms(tmp_path):
    lead = tmp_path / "lead.annot"
    with Project.create(lead) as project:
        project.import_text("We will cut crime. They never did.\n", "t.txt")
        make_package(project, "Ana", tmp_path / "ana.annot")
        project.add_code("irony", color="#AA0000")
    with Project.open(tmp_path / "ana.annot") as package:
        package.add_code("irony", color="#00AA00")
        package.annotate(package.documents()[0], 0, 6, "irony", "Ana")
    junk = tmp_path / "junk.annot"
    junk.write_bytes(b"junk" * 100)
    bad = run("merge", lead, tmp_path / "ana.annot", junk)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "nothing was merged" in bad.stderr
    unconfirmed = run("merge", lead, tmp_path / "ana.annot")
    assert unconfirmed.returncode == 1 and "--match-names" in unconfirmed.stderr
    confirmed = run("merge", lead, tmp_path / "ana.annot", "--match-names")
    assert confirmed.returncode == 0 and "1 annotation added" in confirmed.stdout
    with Project.open(lead) as project:
        assert [project.code(a.code_id).color for a in project.annotations(coder="Ana")] == ["#AA0000"]
