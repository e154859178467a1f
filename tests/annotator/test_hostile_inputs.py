"""Hostile inputs named on the command line are refused with one sentence and exit 1, and the
project is left byte for byte as it was: JSONL memos that are not text, lone surrogates,
absurd nesting, endless devices and FIFOs."""
import json
import os
import subprocess
import sys

import pytest

from annotator import Project
from annotator.codebook.files import import_codebook
from annotator.codebook.scheme_json import MAX_CODE_DEPTH
from annotator.errors import AnnotatorError, RefusedFileError, SchemeError
from annotator.inputs import read_input

GOOD = {"document": "d.txt", "text": "Some words to code.", "spans": []}
SPAN = {"start": 0, "end": 4, "code": "claim", "coder": "Ana", "memo": None}


def run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture
def annot(tmp_path):
    path = tmp_path / "p.annot"
    Project.create(path).close()
    return path


def assert_refused(result, *words):
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert result.stderr.startswith("annotator: ") and result.stderr.count("\n") == 1, result.stderr
    assert "unexpected problem" not in result.stderr and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def jsonl_line(**changes) -> str:
    return json.dumps({**GOOD, **changes})


def deep_scheme(levels: int) -> str:
    return ('{"format": "annotator-scheme", "version": 1, "codes": ' + '[{"name": "c", "children": ' * levels
            + "[]" + "}]" * levels + "}")


def deep_qdc(levels: int) -> str:
    codes = "".join(f'<Code guid="00000000-0000-4000-8000-{i:012d}" name="c{i}" isCodable="true">'
                    for i in range(levels))
    return ('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            + codes + "</Code>" * levels + "</Codes></CodeBook>")


@pytest.mark.parametrize("name, content, words", [
    ("memo_object.jsonl", jsonl_line(spans=[{**SPAN, "memo": {"note": "x"}}]), ["line 1", "memo must be text"]),
    ("memo_list.jsonl", jsonl_line(spans=[{**SPAN, "memo": ["x"]}]), ["line 1", "memo must be text"]),
    ("surrogate_text.jsonl", jsonl_line(text="ab\ud800c"), ["line 1", "lone surrogate"]),
    ("surrogate_memo.jsonl", jsonl_line() + "\n" + jsonl_line(text="More.", spans=[{**SPAN, "memo": "\udfff"}]),
     ["line 2", "lone surrogate"]),
    ("surrogate_key.jsonl", jsonl_line(extra={"\udbff": 1}), ["line 1", "lone surrogate"]),
    ("deep.jsonl", "[" * 100_000 + "]" * 100_000, ["line 1", "nested too deeply"]),
])
def test_hostile_jsonl_is_refused_in_one_sentence(tmp_path, annot, name, content, words):
    path = tmp_path / name
    path.write_text(content + "\n", encoding="utf-8")
    before = annot.read_bytes()
    result = run("import", annot, path)  # refused like any file of the batch: one "refused:" line, exit 1
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith(f"refused: {name}") and all(word in line for word in words), line
    assert annot.read_bytes() == before


@pytest.mark.parametrize("name, content", [("deep.json", deep_scheme(3000)), ("deep.qdc", deep_qdc(3000))])
def test_codebooks_nested_thousands_deep_are_refused(tmp_path, annot, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = annot.read_bytes()
    assert_refused(run("scheme", "import", annot, path), name, "nested")
    assert annot.read_bytes() == before
    if name.endswith(".json"):
        assert_refused(run("new", tmp_path / "fresh.annot", "--scheme", path), "nested")
        assert not (tmp_path / "fresh.annot").exists()


@pytest.mark.parametrize("suffix, make", [(".json", deep_scheme), (".qdc", deep_qdc)])
def test_codes_nest_up_to_the_limit_and_no_deeper(tmp_path, empty_project, suffix, make):
    """Every tree walk (exports, the app's tree) stays far from Python's recursion limit."""
    (tmp_path / f"over{suffix}").write_text(make(MAX_CODE_DEPTH + 1), encoding="utf-8")
    with pytest.raises(SchemeError, match=f"nested more than {MAX_CODE_DEPTH} levels"):
        import_codebook(empty_project, tmp_path / f"over{suffix}")
    assert len(empty_project.codes()) == 4  # the default scheme, untouched
    (tmp_path / f"limit{suffix}").write_text(make(MAX_CODE_DEPTH), encoding="utf-8")
    assert import_codebook(empty_project, tmp_path / f"limit{suffix}").added == MAX_CODE_DEPTH


def test_an_endless_device_as_the_scheme_is_refused_at_once(tmp_path):
    result = run("new", tmp_path / "x.annot", "--scheme", "/dev/zero", timeout=60)
    assert_refused(result, "/dev/zero is not a regular file")
    assert not (tmp_path / "x.annot").exists()


def test_fifos_named_on_the_command_line_are_refused_without_blocking(tmp_path, annot):
    fifos = {suffix: tmp_path / f"pipe{suffix}" for suffix in (".jsonl", ".json", ".qdc", ".txt", ".qdpx", ".annot")}
    for fifo in fifos.values():
        os.mkfifo(fifo)
    before = annot.read_bytes()
    for args in (("scheme", "import", annot, fifos[".qdc"]),
                 ("scheme", "import", annot, fifos[".json"]), ("new", tmp_path / "n.annot", "--scheme", fifos[".json"]),
                 ("info", fifos[".annot"])):
        assert_refused(run(*args, timeout=60), "pipe", "not a")
    result = run("import", annot, fifos[".txt"], fifos[".qdpx"], fifos[".jsonl"], timeout=60)
    assert result.returncode == 1 and result.stdout.count("is not a regular file") == 3, result.stdout
    assert annot.read_bytes() == before and not (tmp_path / "n.annot").exists()


def test_read_input_refuses_what_is_not_a_regular_file_and_what_is_too_large(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    for path, words in ((tmp_path / "fifo", "not a regular file"), ("/dev/zero", "not a regular file"),
                        (tmp_path, "is a folder"), (tmp_path / "missing", "could not be read")):
        with pytest.raises(RefusedFileError, match=words):
            read_input(path)
    (tmp_path / "big.txt").write_bytes(b"x" * 2048)
    with pytest.raises(AnnotatorError, match=r"too large to import \(2 KB; the limit is 1 KB\)"):
        read_input(tmp_path / "big.txt", limit=1024)
    assert read_input(tmp_path / "big.txt", limit=2048) == b"x" * 2048
