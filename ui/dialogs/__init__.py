"""Dialogs the panels open: article details, merging a tag into another."""
