"""The ``annotator`` entry point: the core's command line, with the app as its window.

The core (``annotator.cli``) knows nothing of Qt; this module hands it a launcher that
imports Qt only when a window is actually wanted, so ``annotator --help`` stays quick.
"""
from __future__ import annotations

import sys

from annotator.cli import main as cli_main


def launch(project_path) -> int:
    from ui.app import run_app

    return run_app(project_path)


def main(argv=None) -> int:
    return cli_main(argv, gui_launcher=launch)


if __name__ == "__main__":
    sys.exit(main())
