"""Durability: a kill at any moment keeps every returned change; two processes share a file."""
import signal
import subprocess
import sys
import textwrap
import time

from annotator import Project
from annotator.store import integrity_ok

WRITER = textwrap.dedent("""
    import sys
    from annotator import Project
    project = Project.open(sys.argv[1])
    doc, coder = project.documents()[0], project.coder(sys.argv[2])
    for i in range(int(sys.argv[3])):
        a = project.annotate(doc, i % 50, i % 50 + 5, "claim", coder, memo=str(i))
        print(a.uuid, flush=True)
""")


def make(tmp_path, coders=("Ana",)):
    path = tmp_path / "p.annot"
    with Project.create(path) as project:
        project.import_text("abcdefghij" * 10, "doc.txt")
        for name in coders:
            project.add_coder(name)
    return path


def test_kill_during_writes_keeps_every_returned_change(tmp_path):
    path = make(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "Ana", "100000"],
                            stdout=subprocess.PIPE, text=True)
    reported = []
    deadline = time.monotonic() + 60
    while len(reported) < 40 and time.monotonic() < deadline:
        reported.append(proc.stdout.readline().strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reported += [line.strip() for line in proc.stdout.read().splitlines() if line.strip()]
    assert len(reported) >= 40
    assert integrity_ok(path)
    with Project.open(path) as project:
        stored = {a.uuid for a in project.annotations()}
    assert set(reported) <= stored


def test_two_processes_writing_one_file_lose_nothing(tmp_path):
    path = make(tmp_path, coders=("Ana", "Ben"))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "150"], stdout=subprocess.PIPE,
                              text=True) for name in ("Ana", "Ben")]
    outputs = [proc.communicate(timeout=120)[0].split() for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    with Project.open(path) as project:
        assert len(project.annotations(coder="Ana")) == 150
        assert len(project.annotations(coder="Ben")) == 150
        assert {a.uuid for a in project.annotations()} == set(outputs[0]) | set(outputs[1])
    assert integrity_ok(path)


def test_two_open_projects_see_each_others_writes(tmp_path):
    path = make(tmp_path)
    with Project.open(path) as first, Project.open(path) as second:
        first.annotate(first.documents()[0], 0, 5, "claim", "Ana")
        assert len(second.annotations()) == 1
        second.add_coder("Ben")
        assert [c.name for c in first.coders()] == ["Ana", "Ben"]


def test_batch_is_all_or_nothing(tmp_path):
    path = make(tmp_path)
    with Project.open(path) as project:
        doc = project.documents()[0]
        try:
            with project.batch():
                project.annotate(doc, 0, 5, "claim", "Ana")
                project.annotate(doc, 0, 500, "claim", "Ana")  # refused: past the end
        except Exception:
            pass
        assert project.annotations() == []
