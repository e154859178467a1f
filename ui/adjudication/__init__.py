"""The adjudication view: decide each disputed segment and build the gold standard."""
