"""The Whoosh index, derived from the archive and rebuildable from it."""
