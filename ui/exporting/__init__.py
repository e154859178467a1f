"""File › Export… and File › Export Codebook…: what to export, where, and running it off the GUI thread.

``export_dialog`` (formats from the registry, coders, codes, the format's options),
``codebook_dialog`` (the codebook formats), ``choices`` (the coder and code pickers),
``format_options`` (raw cells, qdpx positions, the spaCy span key), ``places`` (the file or
folder to write, the folder remembered in QSettings), ``running`` (the BackgroundJob with
progress and Cancel, refusals as one message, the result with Show in Folder).
"""
