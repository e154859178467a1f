"""Packaging: the installed package finds its resources without the source tree, the core stays Qt-free."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_installed_package_builds_the_sample_from_its_own_resources(tmp_path):
    """Run from an empty folder so the source checkout is not on sys.path: whatever is
    installed (the wheel, in CI) must carry the default scheme and the sample corpus."""
    script = ("import annotator, resources, sys\n"
              "from pathlib import Path\n"
              "from annotator.sample import build_sample_project\n"
              "p = build_sample_project(Path('s.annot'))\n"
              "c = p.counts()\n"
              "assert c['documents'] == 6 and c['annotations'] > 100 and c['codes'] == 4, c\n"
              "print(annotator.__file__)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_core_never_imports_qt():
    """import-linter's contract from pyproject.toml: annotator/ must not import PySide6 or ui."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core stays Qt-free KEPT" in result.stdout
