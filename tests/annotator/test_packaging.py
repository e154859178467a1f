"""Packaging: the installed package finds its resources without the source tree, the core stays Qt-free,
the ui rooms import only downwards."""
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


def test_import_contracts_are_kept():
    """import-linter's contracts from pyproject.toml: annotator/ must not import PySide6 or ui, and
    the rooms of ui/ import only downwards (coding opens the other rooms, which share ui/shared)."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core stays Qt-free KEPT" in result.stdout
    assert "ui rooms KEPT" in result.stdout
