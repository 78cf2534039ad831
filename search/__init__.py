"""Queries over the index; returns plain records, never Whoosh objects."""

from search import lean_whoosh

lean_whoosh.install()  # before any module here imports Whoosh (imports nothing itself)
