"""``annotator agreement`` run as a user runs it: a subprocess on the sample project."""
import csv
import json
import subprocess
import sys

import pytest

from annotator import Project
from annotator.sample import build_sample_project


def run(*args):
    return subprocess.run([sys.executable, "-m", "annotator", "agreement", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.annot"
    build_sample_project(path).close()
    return path


def test_text_table_by_default(sample):
    result = run(sample, "--seed", "5", "--bootstrap", "100")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for needle in ("Overall", "uα", "|uα", "cuα", "αU (INCEpTION/DKPro)", "Cohen's κ", "Gwet's AC1", "span F1 (exact)",
                   "Per code", "Per coder pair", "Per document", "Confusion", "Disagreements", "seed 5", "0.800"):
        assert needle in out, needle


def test_json_is_reproducible_with_a_seed(sample):
    first = run(sample, "--json", "--seed", "11", "--bootstrap", "100")
    second = run(sample, "--json", "--seed", "11", "--bootstrap", "100")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data == json.loads(second.stdout)
    assert data["bootstrap"] == {"resamples": 100, "seed": 11} and data["coders"] == ["Ben", "Ana"]
    u_alpha = next(f for f in data["overall"] if f["key"] == "u_alpha")
    assert u_alpha["measure"] == "uα" and u_alpha["ci"]["seed"] == 11 and u_alpha["n_documents"] == 6


def test_cu_variant_is_mass_by_default_and_can_be_chosen(sample):
    default = json.loads(run(sample, "--json", "--seed", "3", "--bootstrap", "0").stdout)
    assert default["cu_variant"] == "mass"
    cu_alpha = next(f for f in default["overall"] if f["key"] == "cu_alpha")
    assert "'mass'" in cu_alpha["variant"]
    chosen = run(sample, "--json", "--seed", "3", "--bootstrap", "0", "--cu-variant", "union")
    assert chosen.returncode == 0, chosen.stderr
    assert json.loads(chosen.stdout)["cu_variant"] == "union"
    assert "'union' self-pairing variant" in run(sample, "--bootstrap", "0", "--cu-variant", "union").stdout


def test_csv_and_html(sample, tmp_path):
    result = run(sample, "--csv", tmp_path / "csv", "--unit", "token", "--bootstrap", "0")
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "csv" / "units_wide.csv", newline="", encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    assert header == ["unit_id", "document", "unit_start", "unit_end", "Ben", "Ana"]
    result = run(sample, "--html", tmp_path / "report.html", "--coders", "Ana", "Ben", "--codes", "claim", "attack")
    assert result.returncode == 0, result.stderr
    assert "<table" in (tmp_path / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["--coders", "Ana"], "at least two coders"),
    (["--coders", "Ana", "Nobody"], "No coder named 'Nobody'"),
    (["--codes", "nonsense"], "No code named 'nonsense'"),
    (["--documents", "missing.txt"], "No document 'missing.txt'"),
])
def test_user_mistakes_are_one_sentence_and_exit_1(sample, args, message):
    result = run(sample, *args)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_nothing_coded_is_explained(tmp_path):
    with Project.create(tmp_path / "empty.annot") as project:
        project.import_text("Nothing coded here.\n", "a.txt")
        project.add_coder("Ana")
        project.add_coder("Ben")
    result = run(tmp_path / "empty.annot")
    assert result.returncode == 1 and "Nothing to compare" in result.stderr
    result = run(tmp_path / "missing.annot")
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("resamples", [10**20, 100_001])
def test_the_bootstrap_is_capped_in_one_sentence(sample, resamples):
    result = run(sample, "--bootstrap", resamples)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "at most 100,000" in result.stderr and "unexpected" not in result.stderr


def test_csv_never_replaces_a_file_an_earlier_report_did_not_write(sample, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "README.txt").write_text("My notes on the study.")
    (folder / "keep.csv").write_text("a,b\n")
    result = run(sample, "--bootstrap", "0", "--csv", folder)
    assert result.returncode == 1 and "README.txt" in result.stderr and result.stderr.count("\n") == 1
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", "keep.csv"]
    assert (folder / "README.txt").read_text() == "My notes on the study."
    (folder / "README.txt").unlink()                                # other files stay, the report joins them
    assert run(sample, "--bootstrap", "0", "--csv", folder).returncode == 0
    assert (folder / "keep.csv").read_text() == "a,b\n" and (folder / "units_wide.csv").exists()
    (folder / "overall.csv").write_text("stale")                    # an earlier report's files are replaced
    assert run(sample, "--bootstrap", "0", "--csv", folder).returncode == 0
    assert (folder / "overall.csv").read_text().startswith("key,label")
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_csv_writes_all_files_or_none(sample, tmp_path):
    folder = tmp_path / "report"
    assert run(sample, "--bootstrap", "0", "--csv", folder).returncode == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / "units_wide.csv").unlink()
    build_sample_project(folder / "units_wide.csv").close()         # a project where a later file goes
    project = (folder / "units_wide.csv").read_bytes()
    result = run(sample, "--bootstrap", "0", "--unit", "token", "--csv", folder)  # other figures
    assert result.returncode == 1 and "units_wide.csv" in result.stderr and "project" in result.stderr
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert (after.pop("units_wide.csv") == project
            and after == {k: v for k, v in before.items() if k != "units_wide.csv"})


def test_gamma_is_added_when_asked_with_its_seed_and_samples(sample):
    result = run(sample, "--json", "--seed", "4", "--bootstrap", "0", "--gamma-samples", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {k: data["gamma"][k] for k in ("n_samples", "seed")} == {"n_samples": 2, "seed": 4}
    assert [f["key"] for f in data["overall"]][-2:] == ["gamma", "gamma_cat"]
    assert all({"gamma", "gamma_cat"} <= {f["key"] for f in d["figures"]} for d in data["by_document"])
    text = run(sample, "--seed", "4", "--bootstrap", "0", "--gamma").stdout
    assert "30 chance continua per document" in text and "seed 4" in text and "γ-cat" in text
    assert "γ" not in run(sample, "--seed", "4", "--bootstrap", "0").stdout


@pytest.mark.parametrize("samples", ["0", "-3", "1001", str(10**20), "many", "2.5", ""])
def test_a_bad_number_of_gamma_samples_is_one_sentence(sample, samples):
    before = sample.read_bytes()
    result = run(sample, "--gamma", f"--gamma-samples={samples}")
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "1 to 1,000" in result.stderr and "unexpected" not in result.stderr and "Traceback" not in result.stderr
    assert sample.read_bytes() == before
