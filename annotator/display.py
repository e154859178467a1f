"""Names as the command line prints them.

A file or code name may hold a line break or a terminal escape (``ESC [ 31 m``): printed raw
it breaks "one line per file" and can recolour or rewrite the user's terminal. Every line the
CLI prints that carries a name goes through :func:`shown`, which escapes control characters
the way Python writes them (``\\n``, ``\\x1b``, ``\\u2028``) and leaves everything else,
emoji and accents included, as it is.
"""
from __future__ import annotations

import re
import sys

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What json.dumps leaves raw in a string: C1 controls, DEL and the separators.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")


def shown(text) -> str:
    """``text`` (a name, a path, a one-line message) with its control characters escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def say(line="", file=None) -> None:
    """Print one line of CLI output; a name inside cannot break it or reach the terminal raw."""
    print(shown(line), file=sys.stdout if file is None else file)


def json_shown(text: str) -> str:
    """JSON text (``json.dumps`` output) with the controls it leaves raw written as ``\\uXXXX``:
    the same data, harmless on a terminal."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
