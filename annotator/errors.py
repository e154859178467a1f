"""Errors the user may see.

Every error that reaches a user is an :class:`AnnotatorError` whose message is one plain
sentence (no traceback, no SQL). The command line prints ``str(error)`` to stderr and exits
non-zero; the app shows it in a message box.
"""


class AnnotatorError(Exception):
    """Base class: the message is meant for the user."""


class NotAProjectError(AnnotatorError):
    """The file is not an annotator project (or is damaged beyond opening)."""


class NewerVersionError(AnnotatorError):
    """The file was written by a newer version of annotator."""


class ProjectLockedError(AnnotatorError):
    """Another process holds the project busy for longer than we wait."""


class RefusedFileError(AnnotatorError):
    """An input file cannot be imported (binary, empty, undecodable, too large...)."""


class InvalidSpanError(AnnotatorError):
    """An annotation span or its references are impossible."""


class NotFoundError(AnnotatorError):
    """A document, code, coder or annotation named by the caller does not exist."""


class SchemeError(AnnotatorError):
    """A coding scheme (JSON) is malformed or conflicts with the project."""


class OutputRefusedError(AnnotatorError):
    """An output would replace a project, a folder, a pipe or a device, so it is not written."""


class Cancelled(AnnotatorError):
    """The user stopped the work (an export's Cancel); nothing was written or replaced."""


class DamagedProjectError(NotAProjectError):
    """SQLite's check of the file failed, or a stored value cannot be read: nothing is written."""


class ReadOnlyProjectError(AnnotatorError):
    """The project file (or its folder) cannot be written; reading it still works."""


class WriteFailedError(AnnotatorError):
    """A file could not be written (a full disk, a folder that may not be written); nothing was
    half-written. ``reason``: what the system said, for a caller that names the file otherwise."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason
