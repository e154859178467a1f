"""Actions and their shortcuts: key lists with platform bindings first, and the shortcut
table (Help › Keyboard Shortcuts, the README) generated from the actions themselves."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar


def key_list(shortcut) -> list[QKeySequence]:
    """Key sequences from a standard key, a string, a sequence, or a list of those; the
    platform's bindings come first, explicit fallbacks (Ctrl+Q, Ctrl+Y) are added once."""
    items = shortcut if isinstance(shortcut, list) else [shortcut]
    keys: list[QKeySequence] = []
    for item in items:
        if isinstance(item, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(item))
        else:
            keys.append(item if isinstance(item, QKeySequence) else QKeySequence(item))
    seen, unique = set(), []
    for key in keys:
        if not key.isEmpty() and key.toString() not in seen:
            seen.add(key.toString())
            unique.append(key)
    return unique


def plain_text(action: QAction) -> str:
    """The action's text without mnemonics or a trailing ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


def _on_a_keyboard(key: QKeySequence) -> bool:
    """False for dedicated media/office keys (New, Undo, Help…) that platform bindings add."""
    code = key[0].key()
    return code != Qt.Key.Key_Help and not Qt.Key.Key_Back <= code < Qt.Key.Key_unknown


def keys_text(action: QAction, native: bool = True) -> str:
    """Every shortcut of ``action`` a keyboard has, e.g. ``"Ctrl+Y, Ctrl+Shift+Z"``."""
    fmt = QKeySequence.NativeText if native else QKeySequence.PortableText
    return ", ".join(key.toString(fmt) for key in action.shortcuts() if _on_a_keyboard(key))


def shortcut_rows(menu_bar: QMenuBar, extra: list[QAction] = (),
                  extra_group: str = "Codes, exact characters") -> list[tuple[str, str, str]]:
    """``(menu, action, keys)`` for every action with a shortcut, in menu order; actions that
    are in no menu (``extra``, e.g. Alt+key exact coding) come last under ``extra_group``."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {plain_text(action)}")
            elif not action.isSeparator() and action.shortcuts():
                seen.add(id(action))
                rows.append((path, plain_text(action), keys_text(action)))

    for top in menu_bar.actions():
        if top.menu() is not None:
            walk(top.menu(), plain_text(top))
    rows.extend((extra_group, plain_text(a), keys_text(a)) for a in extra if id(a) not in seen and a.shortcuts())
    return rows


def window_keys(window, skip: list[QAction] = ()) -> dict[str, str]:
    """The window's own shortcuts, as portable key text -> the action's name: every action on
    the window or in its menus, except ``skip`` (the code keys, which may change)."""
    actions = list(window.actions())
    for menu in window.menuBar().findChildren(QMenu):
        actions += menu.actions()
    return {key.toString(): plain_text(action) for action in actions if not any(action is s for s in skip)
            for key in action.shortcuts()}


def markdown_table(rows: list[tuple[str, str, str]]) -> str:
    """The rows as a Markdown table (the README's shortcut table)."""
    lines = ["| Menu | Action | Keys |", "|---|---|---|"]
    escape = lambda cell: cell.replace("|", "\\|")  # noqa: E731
    lines += [f"| {escape(menu)} | {escape(text)} | {escape(keys)} |" for menu, text, keys in rows]
    return "\n".join(lines) + "\n"
