"""The agreement report's text, JSON, CSV folder and HTML stay byte for byte what they were.

The JSON shape is a public contract (R users read it) and the order of the figures in the
text and HTML is part of the report, so a refactoring of the report must not move a byte.
Two studies: the sample project (two coders) and a small generated one with three coders,
a code group, overlapping codes, a coder missing from a document and a document left out;
the second again with γ (``--gamma``) and a document where γ is undefined.

The expected files are in ``tests/fixtures/agreement_golden``. After a change that is meant
to alter the output, regenerate them from the repository root with
``REGENERATE_GOLDEN=1 python -m pytest tests/annotator/test_agreement_golden.py`` and review the diff.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import shutil
import uuid
from pathlib import Path

import pytest

from annotator import Project
from annotator.report import as_json, as_text, build_report, write_csv, write_html
from annotator.sample import build_sample_project

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "agreement_golden"

TEXTS = {
    "op-ed <1>.txt": ("The plan will reopen the line & the depot. They lied about the budget 😊 again.\n"
                      "Every town deserves a bus. We were promised trains; we got press releases.\n"
                      "Vote them out in May, said the mayor of a town with no station.\n"),
    "speech.txt": ("Crime has fallen by a third since we took office. My opponent voted against every "
                   "police budget. Café owners tell me the streets are safe again. Ask them.\n"),
    "note.txt": "Short note: they failed us, and \"=SUM(A1)\" is not a plan.\n",
    "memo.txt": "Memo to staff: the budget line for buses was cut twice this year.\n",
    "solo.txt": "Only one coder read this text.\n",
}
CODERS = ("Ana", "Ben", "Cy")
CODES = ("claim", "attack", "appeal to fairness", "support", "rebut")


def _three_coder_study(path: Path) -> Project:
    project = Project.create(path, language="en", name="Golden <three> & co")
    group = project.add_code("Argument", codable=False)
    project.add_code("support", parent=group)
    project.add_code("rebut", parent=group)
    for name, text in TEXTS.items():
        project.import_text(text, name)
    for coder in CODERS:
        project.add_coder(coder)
    rng = random.Random(11)
    for name, text in TEXTS.items():
        coders = {"note.txt": CODERS[:2], "memo.txt": CODERS[:2], "solo.txt": CODERS[:1]}.get(name, CODERS)
        for coder in coders:
            for _ in range(5):
                start = rng.randrange(0, len(text) - 12)
                end = min(len(text), start + rng.randrange(4, 40))
                project.annotate(name, start, end, rng.choice(CODES), coder)
    project.annotate("speech.txt", 0, 30, "claim", "Ana")   # overlapping codes of one coder
    project.annotate("speech.txt", 10, 49, "attack", "Ana")
    project.set_status("note.txt", "Cy", "done")   # took part, coded nothing; Cy is missing from memo.txt
    return project


def _render(report, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.txt").write_text(as_text(report), encoding="utf-8", newline="\n")
    text = json.dumps(as_json(report), ensure_ascii=False, indent=2) + "\n"
    (folder / "report.json").write_text(text, encoding="utf-8", newline="\n")
    write_html(report, folder / "report.html")
    write_csv(report, folder / "csv")


def _sample(tmp: Path):
    with build_sample_project(tmp / "sample.annot") as project:
        return build_report(project, seed=1, bootstrap=50)


def _three(tmp: Path):
    with _three_coder_study(tmp / "three.annot") as project:
        return build_report(project, seed=1, bootstrap=50, cu_pairable="union")


def _three_gamma(tmp: Path):
    """The three-coder study with γ (``agreement --gamma``), and a document two coders read and left uncoded,
    where γ is undefined."""
    with _three_coder_study(tmp / "three.annot") as project:
        project.import_text("Nobody coded this text.\n", "blank.txt")
        for coder in CODERS[:2]:
            project.set_status("blank.txt", coder, "done")
        return build_report(project, seed=1, bootstrap=50, cu_pairable="union", gamma_samples=5)


CASES = {"sample": _sample, "three_coders": _three, "three_coders_gamma": _three_gamma}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file written; one over 256 KiB (the sample's unit x coder matrices, 2 MB) as
    ``<name>.sha256`` holding its digest, so the repository stays small."""
    out = {}
    for name, data in _files(folder).items():
        if len(data) > 256 * 1024:
            out[name + ".sha256"] = hashlib.sha256(data).hexdigest().encode() + b"\n"
        else:
            out[name] = data
    return out


def _write_golden(target: Path, files: dict[str, bytes]) -> None:
    shutil.rmtree(target, ignore_errors=True)
    for name, data in files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)


@pytest.fixture
def numbered_uuids(monkeypatch):
    """UUIDs 1, 2, 3 … instead of random ones: the JSON lists the annotations' UUIDs."""
    counter = itertools.count(1)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(counter)))


@pytest.mark.parametrize("case", sorted(CASES))
def test_report_outputs_match_the_golden_files_byte_for_byte(case, tmp_path, numbered_uuids):
    _render(CASES[case](tmp_path), tmp_path / "out")
    got = _snapshot(tmp_path / "out")
    if os.environ.get("REGENERATE_GOLDEN"):
        _write_golden(GOLDEN / case, got)
    expected = _files(GOLDEN / case)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], f"{case}/{name} differs from the golden file"


def test_the_three_coder_study_reaches_the_report_s_branches(tmp_path):
    """The generated study exercises what the sample does not: Fleiss' κ, mean pairwise F1,
    a code group, combined codes, a coder missing from a document, a document left out."""
    report = _three(tmp_path)
    keys = [f.key for f in report.overall]
    assert "fleiss_none" in keys and "cohen_none" not in keys
    assert report.figure("f1_exact").label.startswith("mean pairwise")
    assert any(c.is_group for c in report.by_code) and len(report.pairs) == 3
    assert any("overlapping text" in w for w in report.warnings)
    assert any("left out" in w for w in report.warnings)
    assert any(len(d.coders) == 2 for d in report.by_document)


def test_the_gamma_case_reaches_an_undefined_document(tmp_path):
    report = _three_gamma(tmp_path)
    assert report.figure("gamma").value is not None
    assert [(name, f.key) for name, f in report.undefined_gamma()] == [("blank.txt", "gamma"),
                                                                       ("blank.txt", "gamma_cat")]

