"""Background jobs and their progress dialogs when the machine is busy: the worker has reported
its progress and finished before the GUI thread handles the first report, and the dialog is
already shown (its 300 ms have passed), so ``QProgressDialog.setValue`` processes events and
the job's end is delivered inside the progress handler. These tests build that order on
purpose instead of hoping a loaded machine produces it."""
from __future__ import annotations

import threading

from PySide6.QtCore import QMetaObject, Qt
from PySide6.QtWidgets import QPushButton

from annotator import Project
from annotator.packages import make_package
from ui.coders.merge_dialog import MergeRun
from ui.coding.import_flow import ImportJob
from ui.shared.jobs import BackgroundJob, wait_for_jobs


def worker_ended(job) -> threading.Event:
    """Set in the worker's thread once it has posted its end (connected after the job's own
    queued connection, so that end is already waiting for the GUI thread)."""
    ended = threading.Event()
    for signal in (job.worker.finished, job.worker.failed, job.worker.stopped):
        signal.connect(lambda *_: ended.set(), Qt.DirectConnection)
    return ended


def run_late(qtbot, job, signal, ended_signal_timeout=20000):
    """Start ``job``, let its worker finish before the GUI thread sees anything, show its
    dialog as its timer would, then deliver everything; returns ``signal``'s arguments."""
    ended = worker_ended(job)
    job.start()
    assert ended.wait(20)
    QMetaObject.invokeMethod(job.dialog, "forceShow")     # the 300 ms have passed: setValue processes events
    with qtbot.waitSignal(signal, timeout=ended_signal_timeout) as blocker:
        pass
    return blocker.args


def counting(project, progress, cancelled) -> str:
    for step in range(1, 4):
        progress(step)
    return "counted"


def test_reports_and_the_end_wait_until_a_handler_that_processes_events_returns(qtbot, window):
    job = BackgroundJob(window.project.path, counting, window)
    job.show_progress(window, "testProgress", "Counting", "Starting…", 3)
    handled = []

    def on_progress(step: int) -> None:
        job.dialog.setValue(step)                  # processes events: the end is queued behind
        job.dialog.setLabelText(f"Step {step}")    # so the dialog must still be there
        handled.append(step)

    job.progress_reported.connect(on_progress)
    job.finished.connect(lambda _result: handled.append("end"))
    assert run_late(qtbot, job, job.finished) == ["counted"]
    assert handled == [1, 2, 3, "end"]         # in order, each after the one before was handled
    assert job.dialog is None


def test_an_import_that_ends_while_its_progress_dialog_processes_events(qtbot, window, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for i in range(5):
        (folder / f"speech-{i}.txt").write_text(f"Speech number {i}. We will act now.\n", encoding="utf-8")
    job = ImportJob(window.project.path, [str(folder)], window)
    progress = []
    job.progressed.connect(lambda done, total, _name: progress.append((done, total)))
    results, cancelled = run_late(qtbot, job, job.done)
    assert [r.status for r in results] == ["imported"] * 5 and not cancelled
    assert progress == [(n, 5) for n in range(1, 6)]                  # never backwards
    assert job.dialog is None


def test_cancel_pressed_while_the_progress_dialog_processes_events_keeps_its_label(qtbot, window, tmp_path):
    (tmp_path / "a.txt").write_text("One text.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Another text.\n", encoding="utf-8")
    job = ImportJob(window.project.path, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], window)
    dialog, labels = job.dialog, []
    job.done.connect(lambda *_: labels.append(dialog.labelText()))
    ended = worker_ended(job)
    job.start()
    assert ended.wait(20)
    QMetaObject.invokeMethod(dialog, "forceShow")
    cancel = dialog.findChild(QPushButton)
    QMetaObject.invokeMethod(cancel, "click", Qt.QueuedConnection)     # queued behind the reports
    with qtbot.waitSignal(job.done, timeout=20000) as blocker:
        pass
    assert blocker.args[1] is True                          # cancelled (too late to keep anything out)
    assert labels == ["Cancelling after the current file…"]  # not overwritten by a report handled before


def test_a_merge_that_ends_while_its_progress_dialog_processes_events(qtbot, window, sample_project, tmp_path):
    path = tmp_path / "cleo.annot"
    make_package(sample_project, "Cleo", path)
    with Project.open(path) as package:
        uuid = package.annotate(package.documents()[0], 0, 7, "claim", "Cleo").uuid
    run = MergeRun(window, [path])
    job = run.make_job()
    with qtbot.waitSignal(run.ended, timeout=20000) as blocker:
        run_late(qtbot, job, job.done)
    assert blocker.args == ["merged"]
    assert uuid in {a.uuid for a in sample_project.annotations()}
    assert window.session.undo_stack.count() == 1 and run.report_dialog.isVisible()
    run.report_dialog.close()


def test_a_jobs_thread_stops_when_its_work_is_done_so_waiting_for_it_never_hangs(qtbot, sample_path):
    results = []
    job = BackgroundJob(sample_path, counting)
    job.finished.connect(results.append)
    job.start()
    with qtbot.waitSignal(job.finished, timeout=20000):
        stopped = job.thread.wait(10000)     # the GUI thread handling nothing meanwhile
    assert stopped
    again = BackgroundJob(sample_path, counting)
    again.finished.connect(results.append)
    again.start()
    wait_for_jobs()                          # as when the app quits: waits, then delivers
    assert results == ["counted", "counted"]
