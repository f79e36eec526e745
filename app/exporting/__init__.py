"""Exports of a project's claims to files other programs read (CSV for now).

Every exporter streams rows with SQLAlchemy Core and writes through ``files.atomic_binary_file``,
so an export never leaves half a file behind.
"""
