"""The window's side and bottom panels: article list, codebook, inspector and claims table.

Each panel takes the shared ``AppContext``, calls services in ``sourcemark.app`` and refreshes
itself from the context's signals; panels never talk to each other directly.
"""
