"""Readers that turn files and the clipboard into article drafts."""
