"""Assisted coding's trained part: a sentence classifier per coder (issue 15, method 3).

``examples`` reads one coder's rows and turns the sentences of the documents they coded into
training examples; ``classifier`` is the spaCy side (a ``textcat_multilabel`` on the blank
pipeline, trained, scored, serialised); ``quality`` measures it on held-out documents;
``model`` trains, predicts, and stores models in the ``models`` table. Nothing here writes
suggestions or annotations: prediction returns spans for the suggestion commands.
"""
