"""Coding schemes as JSON: the documented shape, validation, import and export.

Shape (``format`` and ``version`` are required; ``children`` nests codes)::

    {"format": "annotator-scheme", "version": 1, "name": "My study",
     "codes": [{"uuid": "…", "name": "claim", "color": "#E69F00",
                "description": "…", "examples": "…", "use_when": "…",
                "dont_use_when": "…", "shortcut": "1", "codable": true,
                "rules": [{"kind": "keyword", "pattern": "tax", "case_sensitive": false,
                           "extend": "sentence"}],
                "children": []}]}

``description`` is the definition; ``examples``, ``use_when`` and ``dont_use_when`` (plain
text, optional) complete it for coders. ``rules`` (optional) are the code's keywords, phrases
and regular expressions (:mod:`annotator.codebook.rules`), each checked on import. ``anchors``
(optional, written when a code has any) are its examples and counter-examples from the gold
layer with a snapshot of their text (:mod:`annotator.codebook.anchors`). A file without some of
these leaves those fields of existing codes as they are.

``uuid`` may be omitted (a new one is made). Importing merges by UUID: a code whose UUID is
already in the project is updated in place (so a renamed code keeps its annotations); other
codes are added. A name that would clash with a different code under the same parent, a
malformed colour or a shortcut used twice is refused before anything is written.
"""
from __future__ import annotations

import json
import re
import uuid as uuidlib
from importlib import resources
from pathlib import Path
from typing import Any, Optional, Union

from .. import inputs, jsonvalues
from ..errors import SchemeError
from ..uuids import check_uuid
from .anchors import anchors_text, check_anchors
from .names import clean_name, first_duplicate
from .records import CodeRow
from .rules import check_rules, rules_text

FORMAT = "annotator-scheme"
VERSION = 1
COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
DEFINITION_FIELDS = ("examples", "use_when", "dont_use_when")
MAX_CODE_DEPTH = 100  # levels of codes under codes; real codebooks use a handful


def default_scheme() -> dict:
    text = resources.files("resources").joinpath("default_scheme.json").read_text("utf-8")
    return json.loads(text)


def load_scheme_file(path: Union[str, Path]) -> dict:
    path = Path(path)
    if not path.exists():
        raise SchemeError(f"There is no scheme file at {path}.")
    data = inputs.read_input(path, name=path.name)
    try:
        return jsonvalues.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SchemeError(f"{path.name} is not a JSON coding scheme ({error}).") from None
    except jsonvalues.UnusableJson as error:
        raise SchemeError(f"{path.name} cannot be read as a coding scheme: {error}.") from None


def flatten(data: Any, source: str = "the scheme") -> list[CodeRow]:
    """Validate a scheme document and return its codes parents-first (rows without ids;
    ``keep`` names the definition fields the file leaves out)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SchemeError(f"{source} is not an annotator coding scheme (no \"format\": \"{FORMAT}\").")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise SchemeError(f"{source} is scheme version {data.get('version')!r}; this version reads up to {VERSION}.")
    codes: list[CodeRow] = []
    _walk(data.get("codes"), None, codes, source)
    _check_unique(codes, source)
    return codes


def _walk(items: Any, parent: Optional[str], out: list[CodeRow], source: str, depth: int = 1) -> None:
    if not isinstance(items, list):
        raise SchemeError(f"{source}: \"codes\" and \"children\" must be lists.")
    if items and depth > MAX_CODE_DEPTH:
        raise SchemeError(f"{source}: codes are nested more than {MAX_CODE_DEPTH} levels deep.")
    for position, item in enumerate(items):
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise SchemeError(f"{source}: every code needs a non-empty \"name\".")
        name = clean_name(item["name"])
        color = str(item.get("color") or "#999999")
        if not COLOR_RE.match(color):
            raise SchemeError(f"{source}: code {name!r} has colour {color!r}; use #RRGGBB.")
        shortcut = item.get("shortcut") or None
        code_uuid = check_uuid(item["uuid"], f"{source}: code {name!r}", SchemeError) if item.get("uuid") \
            else str(uuidlib.uuid4())
        given: dict[str, Any] = {key: str(item[key]) for key in DEFINITION_FIELDS if item.get(key) is not None}
        if item.get("rules") is not None:
            given["rules"] = _rules(item["rules"], name, source)
        if item.get("anchors") is not None:
            given["anchors"] = _anchors(item["anchors"], name, source)
        out.append(CodeRow(None, code_uuid, name, color.upper(), str(item.get("description") or ""), **given,
                           shortcut=None if shortcut is None else str(shortcut), parent_uuid=parent,
                           position=position, codable=bool(item.get("codable", True)),
                           keep=frozenset((*DEFINITION_FIELDS, "rules", "anchors")) - set(given)))
        _walk(item.get("children", []), code_uuid, out, source, depth + 1)


def _rules(items: Any, name: str, source: str) -> str:
    try:
        return rules_text(check_rules(items, name))
    except SchemeError as error:
        raise SchemeError(f"{source}: {error}") from None


def _anchors(items: Any, name: str, source: str) -> str:
    try:
        return anchors_text(check_anchors(items, name))
    except SchemeError as error:
        raise SchemeError(f"{source}: {error}") from None


def _check_unique(codes: list[CodeRow], source: str) -> None:
    seen_uuid, seen_shortcut = set(), set()
    for code in codes:
        if code.uuid in seen_uuid:
            raise SchemeError(f"{source}: the UUID of code {code.name!r} appears twice.")
        if code.shortcut and code.shortcut in seen_shortcut:
            raise SchemeError(f"{source}: shortcut {code.shortcut!r} is used by two codes.")
        seen_uuid.add(code.uuid)
        if code.shortcut:
            seen_shortcut.add(code.shortcut)
    duplicate = first_duplicate(codes)
    if duplicate is not None:
        raise SchemeError(f"{source}: two codes named {duplicate.name!r} under the same parent.")


def to_document(codes: list, name: str, definitions: Optional[dict] = None) -> dict:
    """Build the JSON document from project ``Code`` records (``definitions``: code UUID to
    ``{"examples": …, "use_when": …, "dont_use_when": …, "rules": [...]}``)."""
    definitions = definitions or {}
    by_parent: dict[Optional[int], list] = {}
    for code in sorted(codes, key=lambda c: (c.position, c.id)):
        by_parent.setdefault(code.parent_id, []).append(code)

    def build(parent_id: Optional[int]) -> list[dict]:
        return [
            {"uuid": c.uuid, "name": c.name, "color": c.color, "description": c.description,
             **definitions.get(c.uuid, {}),
             "shortcut": c.shortcut, "codable": c.codable, "children": build(c.id)}
            for c in by_parent.get(parent_id, [])
        ]

    return {"format": FORMAT, "version": VERSION, "name": name, "codes": build(None)}
