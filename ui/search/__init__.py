"""Find in All Documents: the search panel, its table of hits, and Code All Hits."""
