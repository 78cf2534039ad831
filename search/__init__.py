"""Queries over the index; returns plain records, never Whoosh objects."""
