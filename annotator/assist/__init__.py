"""Assisted coding's methods (issue 15): each finds candidate spans in the project's texts and
returns them as plain records; the suggestion layer (:mod:`annotator.suggestions`) writes them as
suggestions through its commands. :mod:`methods` picks the method: :mod:`propagate`, :mod:`boilerplate`,
and a coder's model: ``examples`` reads one coder's rows and turns the sentences of the documents
they coded into training examples; ``classifier`` is the spaCy side (a ``textcat_multilabel`` on the
blank pipeline, trained, scored, serialised) and ``spancat`` that of a span model (``kind="span"``:
the phrases inside sentences); ``quality`` measures it on held-out documents;
``model`` trains, predicts, and stores models in the ``models`` table (the one thing here that
writes the project, and never suggestions or annotations).
"""
