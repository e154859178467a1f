"""Merging coders' packages back into the lead's project.

    report = merge(project, ["ana.annot", "ben.annot"], confirm_name_matches=lambda m: True)
    print("\\n".join(report.lines()))
    project.apply(report.undo)          # undoes the merge exactly

Documents are matched by the SHA-256 of their text (recomputed from the package's text, so
a text edited inside a package is caught), codes and coders by UUID. Names are only a
fallback, for codes a coder added that the project (or another coder) has under the same
name at the same level, and for a coder whose profile the project knows under another
UUID; such matches are used only when ``confirm_name_matches(matches)`` returns True (CLI:
``--match-names``), otherwise nothing is merged. How code edits are settled is explained in
:mod:`annotator.merging.codes`.

A package must come from this study: its ``package_of_project`` must be this project's
``project_uuid``. Packages from another study, truncated or newer files and files that are
not projects are refused before anything is written; packages are only ever opened
read-only. The whole merge is one transaction; for the app it is a core command
(:func:`prepare_merge` returns a :class:`MergeCommand`) whose inverse restores exactly what
was there before.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from ..codebook.names import name_key
from ..errors import AnnotatorError
from .apply import MergeCommand
from .codes import code_versions
from .read import stage
from .report import CodeResult, MergeReport, PackageResult
from .restore import RestoreRows

__all__ = ["merge", "prepare_merge", "MergeCommand", "MergeReport", "PackageResult", "CodeResult",
           "RestoreRows", "NameMatch"]


@dataclass(frozen=True)
class NameMatch:
    kind: str            # "code" or "coder"
    name: str
    package: str         # the package's file name
    package_uuid: str    # the UUID in the package
    lead_uuid: str       # the UUID it would be merged into

    def __str__(self) -> str:
        return f"{self.kind} {self.name!r} of {self.package}"


def prepare_merge(project, package_paths: Iterable, confirm_name_matches: Optional[Callable] = None,
                  progress: Optional[Callable[[str], None]] = None) -> MergeCommand:
    """Read and check every package (nothing is written); return the command to apply."""
    paths = list(package_paths)
    if not paths:
        raise AnnotatorError("Name at least one coder package to merge.")
    project.store.check_writable("nothing was merged")
    project.store.check_intact("nothing was merged")
    staging = stage(project, paths, progress)
    try:
        code_map, coder_map, matches = _name_matches(project, staging)
        if matches and not (confirm_name_matches and confirm_name_matches(matches)):
            listed = ", ".join(str(m) for m in matches)
            raise AnnotatorError(f"These match the project only by name: {listed}; confirm the matches "
                                 "(--match-names) to merge them; nothing was merged.")
    except BaseException:
        staging.drop(project.store.conn)
        raise
    return MergeCommand(staging, code_map, coder_map, progress=progress)


def merge(project, package_paths: Iterable, confirm_name_matches: Optional[Callable] = None,
          progress: Optional[Callable[[str], None]] = None) -> MergeReport:
    """Merge coder packages in one transaction and report what happened per coder."""
    command = prepare_merge(project, package_paths, confirm_name_matches, progress)
    try:
        project.apply(command)
    finally:
        command.staging.drop(project.store.conn)
    assert command.report is not None  # applying the command writes its report
    return command.report


def _name_matches(project, staging):
    conn = project.store.conn
    lead = code_versions(conn)
    by_name = {(v["parent"], name_key(v["name"])): u for u, v in lead.items()}
    code_map, matches, seen = {}, [], set(lead)
    candidates = []
    for package in staging.packages:
        for u, version in package.versions.items():
            if u not in lead and u not in package.base:
                candidates.append((_depth(package.versions, u), u, version, package))
    for _, u, version, package in sorted(candidates, key=lambda c: c[:2]):
        if u in seen:
            continue
        seen.add(u)
        key = (code_map.get(version["parent"], version["parent"]), name_key(version["name"]))
        if key in by_name:
            code_map[u] = by_name[key]
            matches.append(NameMatch("code", version["name"], package.path.name, u, by_name[key]))
        else:
            by_name[key] = u
    coder_map = {}
    coders = dict(conn.execute("SELECT name, uuid FROM coders").fetchall())
    known = set(coders.values())
    for package in sorted(staging.packages, key=lambda p: p.coder_uuid):
        u = package.coder_uuid
        if u in known or u in coder_map:
            continue
        if package.coder_name in coders:
            coder_map[u] = coders[package.coder_name]
            matches.append(NameMatch("coder", package.coder_name, package.path.name, u, coders[package.coder_name]))
        else:
            coders[package.coder_name] = u
            known.add(u)
    return code_map, coder_map, matches


def _depth(versions: dict, u: str) -> int:
    depth, seen = 0, set()
    while u in versions and versions[u]["parent"] and u not in seen:
        seen.add(u)
        u = versions[u]["parent"]
        depth += 1
    return depth
