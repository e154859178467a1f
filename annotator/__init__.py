"""annotator: code political and media discourse, measure inter-coder agreement.

The core is plain Python (no Qt). Start with :class:`annotator.Project`.
"""
from .errors import AnnotatorError
from .project import Project
from .records import Annotation, Code, Coder, Document, DocumentSummary, ImportResult

__all__ = ["AnnotatorError", "Annotation", "Code", "Coder", "Document", "DocumentSummary",
           "ImportResult", "Project"]
__version__ = "0.1.0"
