"""Pieces every room uses: session, undo, jobs, offsets, theme, actions, dialogs, item models, table cells."""
