"""Document variables in a ``.qdpx`` ↔ document attributes.

Writers put a document's variables in three places: a ``VariableValue`` on the source
(MAXQDA, us), a case without a name that refers to one source (MAXQDA, Quirkos), or a named
case covering whole sources (NVivo's case classifications: a person, their interview). All
become attributes of those documents, the store a spreadsheet corpus's columns use. A value
keeps its type (``IntegerValue`` → int, ``FloatValue`` → float, ``BooleanValue`` → bool;
text, dates and date-times stay text); a value that does not read as its type (``NaN``,
``-Infinity``, ``yes``) stays text as written, with a note. On export each attribute is one ``Variable`` typed by
its values, so an attribute reads back as it was.
"""
from __future__ import annotations

import math
from decimal import Decimal

from ..attribute_rules import INTEGERS, key_problem
from ..errors import AnnotatorError
from .refi import link_key

_VALUE_TAGS = {"TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"}


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _boolean(text: str) -> bool:
    if text.lower() not in ("true", "false", "1", "0"):
        raise ValueError(text)
    return text.lower() in ("true", "1")


def _float(text: str) -> float:
    """A finite number: NaN and infinities (which xs:double allows) have no JSON form, so they
    stay text as written, like any value that does not read as its type."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _integer(text: str) -> int:
    """A whole number SQLite holds exactly; a larger one stays text as written."""
    value = int(text)
    if value not in INTEGERS:
        raise ValueError(text)
    return value


_TYPED = {"IntegerValue": _integer, "FloatValue": _float, "BooleanValue": _boolean}


def value_of(element):
    """The value of a ``VariableValue`` (typed where the writer typed it): an empty
    ``TextValue`` is the empty text, no value (or an empty typed one) is None."""
    found = next((child for child in element if _local(child.tag) in _VALUE_TAGS), None)
    if found is None or found.text is None:
        return "" if found is not None and _local(found.tag) == "TextValue" else None
    text = found.text.strip() if _local(found.tag) in _TYPED else found.text
    try:
        return _TYPED.get(_local(found.tag), str)(text)
    except ValueError:
        return text


def kept_as_text(root) -> list[str]:
    """``tag 'text'`` for every typed value in the file that does not read as its type."""
    kept = []
    for item in root.iter():
        found = next((child for child in item if _local(child.tag) in _TYPED), None)
        if _local(item.tag) == "VariableValue" and found is not None and isinstance(value_of(item), str):
            kept.append(f"{_local(found.tag)} {found.text.strip()!r}")
    return kept


def variable_names(root) -> dict[str, str]:
    """Variable link key → name (trimmed); a name no attribute may have refuses the file."""
    found = next((child for child in root if _local(child.tag) == "Variables"), None)
    names = {key: (v.get("name") or "variable").strip() for v in (found if found is not None else [])
             if _local(v.tag) == "Variable" and (key := link_key(v.get("guid")))}
    for name in names.values():
        if problem := key_problem(name):
            raise AnnotatorError(f"the variable {name!r} cannot be a document attribute: {problem}; rename it in "
                                 "the program that wrote the file.")
    return names


def values_on(element, names: dict) -> dict:
    """``{variable name: value}`` from the ``VariableValue`` children of ``element`` (a value
    without a value element is null)."""
    values = {}
    for item in element:
        if _local(item.tag) != "VariableValue":
            continue
        ref = next((child for child in item if _local(child.tag) == "VariableRef"), None)
        name = names.get(link_key(ref.get("targetGUID")) if ref is not None else None)
        if name:
            values[name] = value_of(item)
    return values


class CaseVariables:
    """The variables of cases that cover whole sources, by source link key."""

    def __init__(self, root, names: dict):
        self.by_source: dict[str, dict] = {}
        self.conflicts: list[str] = []
        self.used = self.unused = 0
        cases = next((child for child in root if _local(child.tag) == "Cases"), None)
        for case in cases if cases is not None else []:
            self._add(case, names)

    def _add(self, case, names: dict) -> None:
        sources = [link_key(ref.get("targetGUID")) for ref in case if _local(ref.tag) == "SourceRef"]
        values = {name: value for name, value in values_on(case, names).items() if value is not None}
        if not values or not any(sources):
            self.unused += 1
            return
        self.used += 1
        label = case.get("name") or "a case without a name"
        for source in filter(None, sources):
            target = self.by_source.setdefault(source, {})
            for name, value in values.items():
                if target.setdefault(name, value) != value:
                    self.conflicts.append(f"{name} = {value!r} from {label} (the document already has "
                                          f"{target[name]!r} from another case)")

    def merged(self, source_key, own: dict) -> dict:
        """A source's attributes: its own values, and its cases' where it has none (or null)."""
        cases = self.by_source.get(source_key, {})
        return {**cases, **{name: value for name, value in own.items() if value is not None or name not in cases}}


def variable_type(values: list) -> str:
    """The REFI ``typeOfVariable`` for an attribute's values across documents (nulls aside)."""
    values = [v for v in values if v is not None]
    if values and all(isinstance(v, bool) for v in values):
        return "Boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "Integer"
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                      for v in values):
        return "Float"
    return "Text"


def value_element(kind: str, value) -> tuple[str, str]:
    """The value element's tag and text for a value of a ``kind`` variable."""
    if kind == "Boolean":
        return "BooleanValue", "true" if value else "false"
    if kind == "Integer":
        return "IntegerValue", str(value)
    if kind == "Float":
        return "FloatValue", format(Decimal(repr(float(value))), "f")
    return "TextValue", value if isinstance(value, str) else str(value)
