"""The small study the analysis tests share (Tools › Code Frequencies, Coded Segments and
`annotator segments`): documents with their attributes, and the assertion / blame > insult codes
that Ana and Ben applied. Each test module keeps its own texts, attributes and extra annotations,
and its expected rows written out by hand."""
from __future__ import annotations

from contextlib import contextmanager

from annotator.adjudication import AcceptAnnotation
from annotator.project import Project

GREY = "#999999"      # Project.add_code's own default colour


@contextmanager
def new_study(path, texts, attributes, **create):
    """A new project at ``path`` (``create`` as for Project.create) with ``texts`` imported (name: text)
    and their ``attributes`` set (name: {attribute: value}); closed when the block ends."""
    with Project.create(path, **create) as project:
        for name, text in texts.items():
            project.import_text(text, name)
        for name, values in attributes.items():
            project.set_document_attributes(name, values)
        yield project


def code_blame_study(project, colors=(GREY, GREY, GREY), memos=(None, None)):
    """The codes assertion, blame and blame > insult (``colors`` in that order) and coders Ana and Ben;
    in the op-ed Ana's assertion [0, 11) and insult [12, 30) and Ben's blame [12, 30), in the speech
    Ana's blame [13, 34) and Ben's assertion [0, 12), accepted as gold. ``memos``: of Ana's op-ed
    assertion and speech blame. Returns the codes assertion and blame and the coders Ana and Ben."""
    assertion, blame = project.add_code("assertion", color=colors[0]), project.add_code("blame", color=colors[1])
    project.add_code("insult", parent=blame, color=colors[2])
    ana, ben = project.add_coder("Ana"), project.add_coder("Ben")
    project.annotate("op-ed", 0, 11, assertion, ana, memo=memos[0])
    project.annotate("op-ed", 12, 30, "insult", ana)
    project.annotate("op-ed", 12, 30, blame, ben)
    project.annotate("speech", 13, 34, blame, ana, memo=memos[1])
    project.apply(AcceptAnnotation(project.annotate("speech", 0, 12, assertion, ben).uuid))
    return assertion, blame, ana, ben
