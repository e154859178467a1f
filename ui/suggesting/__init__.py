"""Assisted coding in the app: the coder's suggestions, their keys, the Suggestions dock,
Tools › Suggest Codes… and Propagate After Coding (the dotted outlines are the text view's)."""
