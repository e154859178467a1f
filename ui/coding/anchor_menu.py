"""The annotation table's anchor entries: mark a gold annotation as an example of its code or a
counter-example of another, or unmark it (each an undoable codebook edit, ``annotator/codebook/anchor_edits.py``).
Only adjudicated (gold) annotations can be anchors; for others the entries are there but disabled."""
from __future__ import annotations

from annotator.codebook import MarkAnchor, UnmarkAnchor
from annotator.segments import gold_coder

NOT_GOLD = "Only adjudicated annotations (the gold layer) can be examples or counter-examples."


def add_anchor_actions(menu, session, annotation) -> None:
    """Add "Mark as Example of CODE", "Mark as Counter-example of ›" and one "Unmark" per code it anchors."""
    project = session.project
    gold = gold_coder(project)
    is_gold = gold is not None and annotation.coder_id == gold.id
    own = project.code(annotation.code_id)
    anchored = [c for c in project.codes() if any(a.annotation == annotation.uuid for a in project.code_anchors(c))]
    menu.addSeparator()
    example = menu.addAction(f"Mark as Example of {own.name}")
    example.setEnabled(is_gold and own not in anchored)
    example.triggered.connect(lambda: session.push(MarkAnchor(annotation.uuid, own.uuid, "example")))
    counter = menu.addMenu("Mark as Counter-example of")
    counter.setEnabled(is_gold)
    for code in project.codes():
        if code.codable and code.id != own.id:
            action = counter.addAction(project.code_path(code))
            action.setEnabled(code not in anchored)
            action.triggered.connect(lambda _checked=False, c=code.uuid: session.push(
                MarkAnchor(annotation.uuid, c, "counter", label="Mark counter-example")))
    for code in anchored:
        unmark = menu.addAction(f"Unmark as Anchor of {code.name}")
        unmark.triggered.connect(lambda _checked=False, c=code.uuid: session.push(UnmarkAnchor(annotation.uuid, c)))
    if not is_gold:
        example.setToolTip(NOT_GOLD)
        counter.setToolTip(NOT_GOLD)
        menu.setToolTipsVisible(True)
