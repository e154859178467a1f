"""The command line, run as a user runs it: a real subprocess, exit codes, stdout and stderr."""
import csv
import json
import subprocess
import sys

import pytest


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_help_explains_itself_and_does_not_load_spacy():
    result = run("--help")
    assert result.returncode == 0 and "import" in result.stdout and "export" in result.stdout
    probe = subprocess.run([sys.executable, "-c", "import sys; from ui.main import main\n"
                            "try: main(['--help'])\nexcept SystemExit: pass\n"
                            "assert 'spacy' not in sys.modules and 'PySide6' not in sys.modules, sys.modules.keys()"],
                           capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    for command in ("new", "import", "info", "export", "scheme"):
        assert run(command, "--help").returncode == 0


def test_new_import_info_export_end_to_end(tmp_path):
    project = tmp_path / "study.annot"
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("We will cut crime. They never did.\n")
    (texts / "b.txt").write_bytes(b"\x00\x01binary\x00")
    (texts / "c.txt").write_text("")
    assert run("new", project, "--language", "en").returncode == 0
    result = run("import", project, texts / "a.txt", texts / "b.txt", texts / "c.txt")
    assert result.returncode == 1  # something was refused
    lines = result.stdout.splitlines()
    assert any(line.startswith("imported:") and "a.txt" in line for line in lines)
    assert sum(line.startswith("refused:") for line in lines) == 2
    assert "Traceback" not in result.stderr
    again = run("import", project, texts / "a.txt")
    assert again.returncode == 0 and again.stdout.startswith("duplicate:")
    info = json.loads(run("info", project, "--json").stdout)
    assert info["counts"]["documents"] == 1 and len(info["codes"]) == 4
    assert "claim" in run("info", project).stdout


def test_errors_are_one_sentence_without_traceback(tmp_path):
    junk = tmp_path / "junk.annot"
    junk.write_bytes(b"not a database at all" * 10)
    for args in (("info", junk), ("info", tmp_path / "missing.annot"), ("export", junk, "--format", "csv", "-o",
                                                                          tmp_path / "o.csv")):
        result = run(*args)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
        assert result.stderr.startswith("annotator: ")
    assert junk.read_bytes() == b"not a database at all" * 10
    bad = run("new", tmp_path / "x.annot", "--language", "english!")
    assert bad.returncode != 0 and "language code" in bad.stderr


def test_scheme_round_trip_through_cli(tmp_path):
    project = tmp_path / "s.annot"
    run("new", project)
    out = tmp_path / "scheme.json"
    assert run("scheme", "export", project, "-o", out).returncode == 0
    data = json.loads(out.read_text())
    data["codes"][0]["name"] = "assertion"  # rename keeps the UUID
    data["codes"].append({"name": "irony", "color": "#123456", "description": "Saying the opposite."})
    out.write_text(json.dumps(data))
    result = run("scheme", "import", project, out)
    assert result.returncode == 0 and "1 codes added, 1 updated" in result.stdout   # only the renamed code changed
    names = [c["name"] for c in json.loads(run("info", project, "--json").stdout)["codes"]]
    assert names == ["assertion", "attack", "appeal to fairness", "boilerplate", "irony"]
    fresh = tmp_path / "fresh.annot"
    assert run("new", fresh, "--scheme", out).returncode == 0


def test_export_csv_and_jsonl_round_trip(tmp_path):
    from annotator.sample import build_sample_project

    build_sample_project(tmp_path / "sample.annot").close()
    csv_path, jsonl_path = tmp_path / "out.csv", tmp_path / "out.jsonl"
    assert run("export", tmp_path / "sample.annot", "--format", "csv", "-o", csv_path).returncode == 0
    rows = list(csv.DictReader(open(csv_path, encoding="utf-8", newline="")))
    assert len(rows) > 100 and {"document", "document_sha256", "coder", "code", "code_path", "start", "end",
                                "text", "memo", "created"} <= set(rows[0])
    only_ana = tmp_path / "ana.csv"
    run("export", tmp_path / "sample.annot", "--format", "csv", "-o", only_ana, "--coder", "Ana")
    assert {r["coder"] for r in csv.DictReader(open(only_ana, encoding="utf-8", newline=""))} == {"Ana"}
    assert run("export", tmp_path / "sample.annot", "--format", "jsonl", "-o", jsonl_path).returncode == 0
    # export -> import into a new project -> export again gives the same file
    assert run("new", tmp_path / "copy.annot").returncode == 0
    result = run("import", tmp_path / "copy.annot", jsonl_path)
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again.jsonl"
    run("export", tmp_path / "copy.annot", "--format", "jsonl", "-o", again)
    assert again.read_bytes() == jsonl_path.read_bytes()
    # importing it a second time adds nothing
    assert "0 added" in run("import", tmp_path / "copy.annot", jsonl_path).stdout


def test_jsonl_with_unknown_codes_is_refused_unless_asked(tmp_path):
    project = tmp_path / "p.annot"
    run("new", project)
    line = {"document": "d.txt", "sha256": None, "text": "Hello world", "spans": [
        {"start": 0, "end": 5, "code": "greeting", "coder": "Ana", "memo": None}]}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line) + "\n")
    refused = run("import", project, path)
    assert refused.returncode == 1 and "refused:" in refused.stdout and "greeting" in refused.stdout
    assert json.loads(run("info", project, "--json").stdout)["counts"]["documents"] == 0
    accepted = run("import", project, path, "--create-codes")
    assert accepted.returncode == 0
    counts = json.loads(run("info", project, "--json").stdout)["counts"]
    assert (counts["documents"], counts["annotations"], counts["codes"]) == (1, 1, 5)


@pytest.mark.parametrize("bad_line,message", [
    ('{"document": "d", "text": "abc", "spans": [{"start": 2, "end": 9, "code": "claim", "coder": "A"}]}',
     "does not fit"),
    ('{"document": "d", "sha256": "00", "text": "abc", "spans": []}', "does not match"),
    ("{not json", "not valid JSON"),
])
def test_damaged_jsonl_is_refused_whole(tmp_path, bad_line, message):
    project = tmp_path / "p.annot"
    run("new", project)
    path = tmp_path / "bad.jsonl"
    good = '{"document": "ok", "text": "fine", "spans": []}'
    path.write_text(good + "\n" + bad_line + "\n")
    result = run("import", project, path)
    assert result.returncode == 1 and message in result.stdout and "line 2" in result.stdout
    assert json.loads(run("info", project, "--json").stdout)["counts"]["documents"] == 0


def test_output_into_a_closed_pipe_is_not_an_error(tmp_path):
    from annotator.sample import build_sample_project

    build_sample_project(tmp_path / "s.annot").close()
    # `true` exits at once, so the pipe is closed before annotator writes a byte
    result = subprocess.run(f"'{sys.executable}' -m annotator info '{tmp_path / 's.annot'}' | true; "
                            "echo ${PIPESTATUS[0]}", shell=True, executable="/bin/bash",
                            capture_output=True, text=True, timeout=120)
    assert result.stderr == "" and result.stdout.strip() == "0"


def test_names_with_control_characters_print_as_one_harmless_line(tmp_path):
    """A file name with a line break and a terminal escape prints escaped: one line per file,
    no escape sequence reaches the terminal, on stdout or in an error on stderr."""
    project = tmp_path / "p.annot"
    run("new", project)
    evil = tmp_path / "evil\n\x1b[31mred\u2028.txt"
    evil.write_text("Crime has fallen by a third.\n")
    plain = tmp_path / "plain.txt"
    plain.write_text("They lied about the buses.\n")
    result = run("import", project, evil, plain)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"imported: {tmp_path}/evil\\n\\x1b[31mred\\u2028.txt",
                                          f"imported: {plain}"]
    info = run("info", project)
    assert "\x1b" not in info.stdout and "  evil\\n\\x1b[31mred\\u2028.txt  (29 characters)" in info.stdout
    as_json = run("info", project, "--json")
    assert "\u2028" not in as_json.stdout and "\x1b" not in as_json.stdout
    assert json.loads(as_json.stdout)["documents"][0]["name"] == "evil\n\x1b[31mred\u2028.txt"
    missing = run("info", tmp_path / "gone\x1b[2J.annot")
    assert missing.returncode == 1 and "\x1b" not in missing.stderr and missing.stderr.count("\n") == 1
    assert "gone\\x1b[2J.annot" in missing.stderr


def test_agreement_text_escapes_names(tmp_path, capsys):
    from annotator import Project
    from annotator.cli import main

    path = tmp_path / "p.annot"
    with Project.create(path) as project:
        project.import_text("Crime has fallen by a third.\n", "a\x1b[2J.txt")
        for coder in ("Ana\nEvil", "Ben"):
            project.add_coder(coder)
            project.annotate("a\x1b[2J.txt", 0, 5, "claim", coder)
    assert main(["agreement", str(path), "--bootstrap", "0"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Ana\\nEvil" in out and "a\\x1b[2J.txt" in out
    assert not any(line.startswith("Evil") for line in out.splitlines())


@pytest.mark.parametrize("content", ["[]", "{}", "null", '"codes"'])
def test_new_refuses_a_scheme_file_that_is_not_a_scheme(tmp_path, content):
    scheme = tmp_path / "list.json"
    scheme.write_text(content)
    result = run("new", tmp_path / "study.annot", "--scheme", scheme)
    assert result.returncode == 1 and "list.json is not an annotator coding scheme" in result.stderr, result.stderr
    assert not (tmp_path / "study.annot").exists()


@pytest.mark.parametrize("language", ["x\x1b", "", "english"])
def test_import_checks_the_language_as_new_does(tmp_path, language):
    project = tmp_path / "study.annot"
    (tmp_path / "a.txt").write_text("We will cut crime.\n")
    assert run("new", project).returncode == 0
    before = project.read_bytes()
    result = run("import", project, tmp_path / "a.txt", "--language", language)
    assert result.returncode == 1 and "is not a language code" in result.stderr, result.stderr
    assert project.read_bytes() == before
