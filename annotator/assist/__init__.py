"""Assisted coding: the methods that offer suggestions (:mod:`annotator.suggestions` holds them)."""
