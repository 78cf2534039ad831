"""Two small fixes to Whoosh 2.7's writer that cost most of its indexing time on our documents.

- While a segment is written, the length of every posting's field is looked up; for fields that
  keep no lengths (IDs, numbers) Whoosh asks the file system whether the column exists *for each
  posting* (an ``os.stat`` each time). The answer cannot change during the write, so it is
  remembered.
- Fields we only filter on (names, offices, topic, ...) need no length columns: they never rank.

Applied once, on import of ``index.build``; nothing outside ``index/`` sees Whoosh.
"""

from __future__ import annotations

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self, fieldname, column):
    readers = self._readers
    reader = readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        readers[fieldname] = reader
    return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
