"""The codebook editor: add, rename, move, merge and delete codes."""
