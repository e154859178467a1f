"""The ``QSettings`` key of a preference kept per project (a user's, not the study's data).

Keyed by the project's UUID, so a moved or renamed file keeps its preferences; a coder package
copies its lead's ``project_uuid``, so it is keyed by its own ``package_uuid``.
"""
from __future__ import annotations


def project_key(project, key: str) -> str:
    uuid = project.setting("package_uuid") or project.setting("project_uuid", "unknown")
    return f"projects/{uuid}/{key}"
