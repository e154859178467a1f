"""The coding window: text view, code palette, annotation table, coder choice, find bar, import flow."""
