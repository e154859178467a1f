"""The notes of a ``.qdpx`` (``<Notes>``): annotation memos, and memos on documents, codes and the project.

A note's text is its ``PlainTextContent``, else its plain-text file (``plainTextPath``). A note
referenced (``NoteRef``) from a selection or a coding joins that annotation's memo; from a
``TextSource`` or a ``Code``, it is a memo on that document or code by the note's creating user
(several notes of one user are joined: a coder has one memo there; a note on a code that names
no user joins the code's description, as before memos); from the ``Project``, it is
that user's journal. Notes referenced from nowhere (QualCoder writes its journal entries so) join
their user's journal, each under its name; notes that only a ``Link`` names are not read.
"""
from __future__ import annotations

from typing import Callable

from .qdpx_sources import decode, member_for
from .records import ImportedMemo
from .refi import link_key


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Notes:
    def __init__(self, archive, root, label: str, coder_for: Callable[..., str]):
        self.raw: dict[str, str] = {}          # note link key -> its text as written
        self.elements: dict = {}                 # note link key -> the Note element
        self.used: set[str] = set()
        self._coder_for = coder_for
        notes = next((child for child in root if _local(child.tag) == "Notes"), None)
        for note in [n for n in notes if _local(n.tag) == "Note"] if notes is not None else []:
            if key := link_key(note.get("guid")):
                self.raw[key], self.elements[key] = self._text(archive, note, label), note
        self._named = {link_key(element.get(attribute)) for element in root.iter()
                       for attribute in ("targetGUID", "originGUID") if _local(element.tag) in ("NoteRef", "Link")}

    @staticmethod
    def _text(archive, note, label: str) -> str:
        content = next((child for child in note if _local(child.tag) == "PlainTextContent"), None)
        text = (content.text or "") if content is not None else ""
        member = member_for(archive, note.get("plainTextPath"))
        if not text.strip() and member:
            text = decode(archive.read(member), f"{label} ({member})").lstrip("\ufeff")
        return text

    def _refs(self, element) -> list[str]:
        keys = [link_key(ref.get("targetGUID")) for ref in element if _local(ref.tag) == "NoteRef"]
        found = [key for key in keys if key in self.raw]
        self.used.update(found)
        return found

    def texts(self, element) -> list[str]:
        """The texts of the notes ``element`` references (a note without text: its name)."""
        return [self.raw[key].strip() or (self.elements[key].get("name") or "") for key in self._refs(element)]

    def memos(self, element, anonymous: bool = True) -> list[ImportedMemo]:
        """The notes ``element`` references, as one memo per user; without ``anonymous``, leave
        out the notes that name no user (:meth:`anonymous_texts`)."""
        keys = [key for key in self._refs(element) if anonymous or self._user(key)]
        return self._by_user(keys, headed=False)

    def anonymous_texts(self, element) -> list[str]:
        """The texts of the notes ``element`` references that name no user."""
        return [self.raw[key].strip() for key in self._refs(element) if not self._user(key) and self.raw[key].strip()]

    def _user(self, key: str):
        return link_key(self.elements[key].get("creatingUser")) or link_key(self.elements[key].get("modifyingUser"))

    def journals(self, root) -> list[ImportedMemo]:
        """Each user's journal: the notes on the project, then the notes referenced from nowhere."""
        loose = [key for key in self.raw if key not in self._named]
        self.used.update(loose)
        return self._by_user(self._refs(root) + loose, headed=True, loose=set(loose))

    def unused(self) -> int:
        return len(set(self.raw) - self.used)

    def _by_user(self, keys: list[str], headed: bool, loose: frozenset | set = frozenset()) -> list[ImportedMemo]:
        by_user: dict[str, list[str]] = {}
        for key in keys:
            note = self.elements[key]
            if self.raw[key].strip():
                by_user.setdefault(self._coder_for(note.get("creatingUser"), note.get("modifyingUser")), []).append(key)
        return [self._memo(user, found, headed and (len(found) > 1 or bool(loose & set(found))))
                for user, found in by_user.items()]

    def _memo(self, user: str, keys: list[str], headed: bool) -> ImportedMemo:
        if len(keys) == 1 and not headed:
            note = self.elements[keys[0]]
            return ImportedMemo(user, self.raw[keys[0]], note.get("guid"), note.get("creationDateTime"),
                                note.get("modifiedDateTime"))
        return ImportedMemo(user, "\n\n".join(self._entry(key, headed) for key in keys))

    def _entry(self, key: str, headed: bool) -> str:
        note, text = self.elements[key], self.raw[key].strip("\n")
        when = (note.get("creationDateTime") or note.get("modifiedDateTime") or "")[:10]
        title = " ".join(part for part in (note.get("name") or "", f"({when})" if when else "") if part)
        return f"{title}\n{text}" if headed and title else text
