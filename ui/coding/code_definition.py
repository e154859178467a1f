"""The definition side panel: what the codebook says about the current code.

``CodeDefinitionPanel`` shows the session's current code (``session.code_id``: the current
annotation's, else the code at the text cursor or the one chosen in the Codes list, see
``current_code.py``), the same one the Codes list shows; ``show_code(uuid)`` shows one code.
``install_code_definition(window)`` docks it in a main window with a key to show it.
A code's rules (the keywords, phrases and patterns that suggest it) are listed last, with an
"Edit rules…" link to ``rules_editor.RulesDialog`` (not in a coder package, whose codebook is locked),
then its anchors: gold segments marked as examples or counter-examples, quoted from their snapshot
with a little context; the document name links to the annotation while it is in the project.
"""
from __future__ import annotations

import html
from typing import Optional

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDockWidget, QTextBrowser

from annotator.codebook.rules import rule_line
from annotator.errors import AnnotatorError

from ..shared.session import touches_scheme
from .rules_editor import RulesDialog

SECTIONS = (("examples", "Examples"), ("use_when", "Use when"), ("dont_use_when", "Do not use when"))
SHORTCUT = "Ctrl+Shift+D"


def definition_html(definition, editable: bool = False, linked=frozenset()) -> str:
    """One code's definition as rich text (every user text escaped); ``editable``: a link to edit its rules;
    ``linked``: the annotation UUIDs of its anchors that are in the project (their document names link)."""
    e = html.escape
    kind = "codable" if definition.codable else "group, not applied itself"
    key = f"key&nbsp;<b>{e(definition.shortcut)}</b>" if definition.shortcut else ""
    facts = " · ".join(f for f in (e(definition.path), e(definition.color), kind.replace(" ", "&nbsp;"), key) if f)
    parts = [f"<h3 style='margin-bottom:2px'><span style='color:{e(definition.color)}'>&#9632;</span> "
             f"{e(definition.name)}</h3>",
             f"<p style='margin-top:0'><small>{facts}</small></p>"]   # a narrow dock breaks between facts
    parts.append(_paragraphs(definition.description) if definition.description.strip()
                 else "<p><i>No definition yet.</i></p>")
    for attr, title in SECTIONS:
        text = getattr(definition, attr)
        if text.strip():
            parts.append(f"<p style='margin-bottom:0'><b>{title}:</b></p>{_paragraphs(text)}")
    return "".join(parts) + _rules_html(definition, editable) + anchors_html(definition.anchors, linked)


ANCHOR_TITLES = (("example", "Examples from the adjudicated data"), ("counter", "Counter-examples (not this code)"))


def anchors_html(anchors, linked=frozenset()) -> str:
    """A code's anchors, examples then counter-examples, each quoted with its context and document;
    an anchor whose annotation is in ``linked`` links to it (``anchor:UUID``)."""
    parts = []
    for kind, title in ANCHOR_TITLES:
        items = "".join(_anchor_item(a, a.annotation in linked) for a in anchors if a.kind == kind)
        if items:
            parts.append(f"<p style='margin-bottom:0'><b>{title}:</b></p><ul>{items}</ul>")
    return "".join(parts)


def _anchor_item(anchor, linked: bool) -> str:
    e = html.escape
    quoted = f"“{e(anchor.before)}<b>{e(anchor.text)}</b>{e(anchor.after)}”"
    where = f"<a href='anchor:{e(anchor.annotation)}'>{e(anchor.document)}</a>" if linked else e(anchor.document)
    note = f" — <i>{e(anchor.note)}</i>" if anchor.note else ""
    return f"<li>{quoted} <small>({where})</small>{note}</li>"


def _rules_html(definition, editable: bool) -> str:
    lines = "".join(f"<li><code>{html.escape(rule_line(rule))}</code></li>" for rule in definition.rules)
    link = f" <a href='rules:{html.escape(definition.uuid)}'>Edit rules…</a>" if editable else ""
    if not lines:
        return f"<p><small>No rules suggest this code.{link}</small></p>" if editable else ""
    return f"<p style='margin-bottom:0'><b>Rules (they suggest this code):</b>{link}</p><ul>{lines}</ul>"


def _paragraphs(text: str) -> str:
    blocks = [b for b in text.strip().split("\n\n") if b.strip()]
    return "".join(f"<p>{html.escape(b.strip()).replace(chr(10), '<br>')}</p>" for b in blocks)


class CodeDefinitionPanel(QTextBrowser):
    """Read-only view of the definition of the session's current code."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("codeDefinitionPanel")
        self.setAccessibleName("Code definition")
        self.setAccessibleDescription("The codebook's definition of the current code (the one the Codes "
                                      "list shows).")
        self.setOpenLinks(False)
        self.session = session
        self._uuids: list[str] = []
        self.anchorClicked.connect(self._on_anchor_clicked)
        session.changed.connect(self._on_session_changed)
        session.code_selected.connect(self._on_session_code_selected)
        self._on_session_code_selected(session.code_id)

    def code_uuids(self) -> list[str]:
        """The codes shown, in order."""
        return list(self._uuids)

    def show_code(self, uuid: Optional[str]) -> None:
        self.show_codes([uuid] if uuid else [])

    def show_codes(self, uuids) -> None:
        uuids = list(dict.fromkeys(u for u in uuids if u))
        if uuids != self._uuids:
            self._uuids = uuids
            self._render()

    def _render(self) -> None:
        project = self.session.project
        shown = []
        for uuid in self._uuids:
            try:
                definition = project.code_definition(uuid)
                shown.append(definition_html(definition, definition.codable and not project.codebook_locked,
                                             self._present(definition.anchors)))
            except AnnotatorError:   # deleted or merged since
                continue
        if not shown:
            shown = ["<p><i>Choose a code in the Codes list, an annotation, or put the cursor in a coded "
                     "passage to read the code's definition here.</i></p>"]
        self.setHtml("<hr>".join(shown))

    def _present(self, anchors) -> set:
        """The annotation UUIDs of ``anchors`` still in the project (the others read from their snapshot)."""
        present = set()
        for anchor in anchors:
            try:
                self.session.project.annotation(anchor.annotation)
                present.add(anchor.annotation)
            except AnnotatorError:
                continue
        return present

    def go_to_anchor(self, uuid: str) -> None:
        """Open the anchor's document at its annotation (gone since: show the snapshot unlinked)."""
        try:
            annotation = self.session.project.annotation(uuid)
        except AnnotatorError:
            self._render()
            return
        self.session.select_document(annotation.document_id)
        self.session.select_annotation(uuid)

    def edit_rules(self, uuid: str) -> RulesDialog:
        """Open the rules of ``uuid`` in a dialog (not modal: the text stays readable beside it)."""
        dialog = RulesDialog(self.session, uuid, self.window())
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "rules":
            self.edit_rules(url.path())
        elif url.scheme() == "anchor":
            self.go_to_anchor(url.path())

    def _on_session_code_selected(self, code_id) -> None:
        try:
            self.show_code(self.session.project.code(code_id).uuid if code_id is not None else None)
        except AnnotatorError:   # deleted or merged since
            self.show_code(None)

    def _on_session_changed(self, change) -> None:
        if touches_scheme(change):
            self._render()


def install_code_definition(window, area=Qt.RightDockWidgetArea) -> QDockWidget:
    """Dock a :class:`CodeDefinitionPanel` in ``window`` (a MainWindow) with Codes › Code
    Definition (Ctrl+Shift+D) to show and raise it. Returns the dock (made once)."""
    existing = window.findChild(QDockWidget, "codeDefinitionDock")
    if existing is not None:
        return existing
    panel = CodeDefinitionPanel(window.session)
    dock = QDockWidget("Code Definition", window)
    dock.setObjectName("codeDefinitionDock")
    dock.setWidget(panel)
    window.addDockWidget(area, dock)

    def reveal() -> None:
        dock.show()
        dock.raise_()

    window.add_tool_action("Codes", "Code &Definition", reveal, SHORTCUT)
    return dock
