"""Assisted coding's methods (issue 15): each finds candidate spans in the project's texts and
returns plain tuples; the suggestion layer (``annotator/suggestions.py``) writes them as
suggestions through its commands. Nothing here writes the project."""
