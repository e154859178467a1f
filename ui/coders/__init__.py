"""Several coders: make coder packages, merge their work, and see each coder's progress."""
