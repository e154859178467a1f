"""Parsing JSON that came from a file: what ``json.loads`` accepts but we cannot keep.

``json.loads`` recurses once per nesting level, so a hostile file nested thousands deep
raises ``RecursionError``; and it turns an escaped lone surrogate (``"\\ud800"``) into a
Python string that no UTF-8 encoder (SQLite's included) can write. Both become
:class:`UnusableJson`, whose message is a plain reason for the caller's sentence.
"""
from __future__ import annotations

import json
import re
from typing import Any

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # json pairs valid escapes into one code point


class UnusableJson(ValueError):
    """Valid JSON syntax that cannot be read as text: too deep, or a lone surrogate."""


def loads(text: str) -> Any:
    """``json.loads``, raising :class:`UnusableJson` instead of recursing too deep or returning
    strings with lone surrogates (json.JSONDecodeError still means invalid syntax)."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise UnusableJson("it is nested too deeply") from None
    if any(_LONE_SURROGATE.search(s) for s in strings(value)):
        raise UnusableJson("a string in it holds a lone surrogate such as \\ud800, which is not text")
    return value


def strings(value: Any):
    """Every string in a parsed JSON value (keys too), without recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
