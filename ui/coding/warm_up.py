"""The project's text services (spaCy's pipeline) loaded on a worker thread as soon as a project
opens, so the first code key does not wait for spaCy to import and build its pipeline (1-2 s).

The pipeline is cached per process (``annotator.nlp.get_services``, under a lock), so the window's
own first use gets the one the worker loaded, or waits for it if it comes while the worker is still
loading. A language spaCy does not know is reported where the window first needs tokens, as before.
"""
from __future__ import annotations

from ..shared.jobs import BackgroundJob


def _load(project, progress, cancelled):
    project.text_services()


def warm_text_services(window) -> BackgroundJob:
    """Load ``window``'s project's text services on a worker; the job is ``window.text_services_job``."""
    job = BackgroundJob(window.project.path, _load, window, "textServicesThread",
                        "Loading the text services stopped unexpectedly")
    window.closed.connect(job.stop)
    window.text_services_job = job
    job.start()
    return job
