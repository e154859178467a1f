"""Assisted coding's methods (issue 15): each finds candidate spans in the project's texts and
returns them as plain records; the suggestion layer (:mod:`annotator.suggestions`) writes them as
suggestions through its commands. :mod:`annotator.assist.methods` picks the method."""
