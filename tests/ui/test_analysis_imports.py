"""matplotlib is loaded only by the Code Frequencies window: ``annotator --help``, the coding window
and the other analysis windows (segments, co-occurrence) never pay for it, and the chart's backend
is QtAgg, chosen explicitly. Run in fresh interpreters, since this process has imported everything."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPEN_WINDOWS = """
import sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
from annotator import Project
from ui.coding.main_window import MainWindow
from ui.shared.session import Session
app = QApplication([])
project = Project.create(Path(tempfile.mkdtemp()) / "p.annot")
window = MainWindow(Session(project), coder="Ana")
window.show()
from ui.analysis.segments_window import show_coded_segments
from ui.analysis.cooccurrence_window import show_cooccurrence
show_coded_segments(window)
show_cooccurrence(window)
print("before", "matplotlib" in sys.modules)
from ui.analysis.frequency_window import show_code_frequencies
show_code_frequencies(window)
import matplotlib
print("after", "matplotlib" in sys.modules, matplotlib.get_backend())
from ui.shared.jobs import wait_for_jobs
wait_for_jobs()
project.close()
"""


def run(script: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_help_does_not_load_matplotlib():
    out = run("import sys\nfrom ui.main import main\ntry: main(['--help'])\nexcept SystemExit: pass\n"
              "print('matplotlib' in sys.modules)")
    assert out.splitlines()[-1] == "False"


def test_only_the_frequencies_window_loads_matplotlib_with_the_qtagg_backend():
    lines = run(OPEN_WINDOWS).splitlines()
    assert "before False" in lines and "after True QtAgg" in lines     # even where MPLBACKEND says Agg
